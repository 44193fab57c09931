import { starSchemeProblems, type FieldError, type StarScheme } from "@yichuang/core";
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Table, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { getSchemes, saveScheme, type SchemeVersion } from "../../api/assessment";
import type { ApiError } from "../../api/client";
import { useUser } from "../../auth/AuthContext";
import { FieldErrorsAlert } from "../../components/FieldErrorsAlert";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { toApiError } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { useLoader } from "../../lib/useLoader";

type Values = StarScheme & { note?: string };

/** "weights.volume" → ["weights", "volume"], the form's name of a scheme field. */
const nameOf = (path: string) => path.replace(/^scheme\./, "").split(".");

/**
 * /assessment/scheme: the service-star scheme in force and its versions. Supervisors save a new
 * version; the same checks as the server's (core's starSchemeProblems) run before sending, and
 * a refusal puts each message on its field.
 */
export function SchemePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useUser();
  const canEdit = user.roles.includes("supervisor");
  const loaded = useLoader(getSchemes, []);
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const method = Form.useWatch(["quality", "method"], form);

  useEffect(() => {
    if (loaded.data) form.setFieldsValue({ ...loaded.data.current.scheme, note: "" });
  }, [loaded.data, form]);

  const showProblems = (problems: FieldError[]) =>
    form.setFields(problems.map((p) => ({ name: (p.path === "scheme.weights" || p.path === "weights" ? ["weights", "quality"] : nameOf(p.path)) as never, errors: [p.message] })));

  const submit = async (v: Values) => {
    setError(null);
    const scheme: StarScheme = { quality: v.quality, badRateGate: v.badRateGate, minRated: v.minRated, topN: v.topN, weights: v.weights };
    const problems = starSchemeProblems(scheme);
    if (problems.length) return showProblems(problems);
    setSaving(true);
    try {
      const r = await saveScheme(scheme, v.note?.trim() || null);
      void message.success(t("assessment.scheme.saved", { version: r.version }));
      loaded.reload();
    } catch (err) {
      const e = toApiError(err);
      setError(e);
      showProblems(e.fields);
    } finally {
      setSaving(false);
    }
  };

  if (loaded.error) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  const num = (name: (string | number)[], label: string, o: { min?: number; max?: number; step?: number; precision?: number; disabled?: boolean } = {}) => (
    <Form.Item name={name} label={label} rules={[{ required: true, message: t("assessment.scheme.required", { label }) }]}>
      <InputNumber style={{ width: "100%" }} {...o} disabled={!canEdit || o.disabled} aria-label={label} />
    </Form.Item>
  );

  return (
    <section data-testid="scheme-page">
      <PageTitle>{t("assessment.scheme.title")}</PageTitle>
      <Typography.Paragraph type="secondary">{t("assessment.scheme.intro")}</Typography.Paragraph>
      {!canEdit && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t("assessment.scheme.readOnly")} />}
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card title={loaded.data ? t("assessment.scheme.current", { version: loaded.data.current.version }) : " "} loading={loaded.loading} data-testid="scheme-form">
            {error && <FieldErrorsAlert error={error} onClose={() => setError(null)} testId="scheme-error" />}
            <Form<Values> form={form} layout="vertical" onFinish={submit} disabled={!canEdit}>
              <Form.Item name={["quality", "method"]} label={t("assessment.scheme.method")}>
                <Radio.Group
                  options={[
                    { value: "wilson", label: t("assessment.scheme.wilson") },
                    { value: "bayes", label: t("assessment.scheme.bayes") },
                  ]}
                />
              </Form.Item>
              <Row gutter={12}>
                <Col span={12}>{num(["quality", "z"], t("assessment.scheme.z"), { min: 0.1, max: 5, step: 0.01, precision: 2 })}</Col>
                <Col span={12}>{num(["quality", "prior"], t("assessment.scheme.prior"), { min: 0, step: 10, disabled: method !== "bayes" })}</Col>
                <Col span={8}>{num(["badRateGate"], t("assessment.scheme.gate"), { step: 0.01, precision: 3 })}</Col>
                <Col span={8}>{num(["minRated"], t("assessment.scheme.minRated"), { step: 1 })}</Col>
                <Col span={8}>{num(["topN"], t("assessment.scheme.topN"), { step: 1 })}</Col>
              </Row>
              <Typography.Title level={5}>{t("assessment.scheme.weights")}</Typography.Title>
              <Row gutter={12}>
                {(["quality", "volume", "deadlines", "followUp"] as const).map((k) => (
                  <Col span={6} key={k}>
                    {num(["weights", k], t(`assessment.dimension.${k}`), { step: 0.05, precision: 2 })}
                  </Col>
                ))}
              </Row>
              <Form.Item name="note" label={t("assessment.scheme.note")}>
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
              {canEdit && (
                <Button type="primary" htmlType="submit" loading={saving} data-testid="save-scheme">
                  {t("assessment.scheme.save")}
                </Button>
              )}
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t("assessment.scheme.versions")}>
            <Table<SchemeVersion>
              rowKey="version"
              size="small"
              pagination={false}
              dataSource={loaded.data?.versions ?? []}
              data-testid="scheme-versions"
              columns={[
                { title: t("assessment.scheme.version"), dataIndex: "version", width: 70 },
                { title: t("assessment.scheme.createdAt"), dataIndex: "createdAt", render: (x: string) => formatDateTime(x) },
                { title: t("assessment.scheme.createdBy"), dataIndex: "createdBy", render: (x: string | null) => x ?? "—" },
                { title: t("assessment.scheme.note"), dataIndex: "note", render: (x: string | null) => x ?? "" },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </section>
  );
}
