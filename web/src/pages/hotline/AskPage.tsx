import { Alert, Button, Card, Col, Descriptions, Form, Input, Result, Row, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { PageTitle } from "../../components/PageTitle";
import { PublicFrame } from "../../layout/PublicFrame";
import { applyFieldErrors, useErrorText } from "../../lib/errors";
import { QuestionFields, when } from "./parts";

interface AskValues {
  phone: string;
  name?: string;
  villageCode?: string | null;
  category: string;
  product?: string;
  text: string;
}

/** A request as Open311 GeoReport v2 shows it (the public view: no phone, no name). */
interface PublicRequest {
  service_request_id: string;
  status: "open" | "closed";
  status_notes: string | null;
  service_name: string;
  description: string;
  requested_datetime: string;
  expected_datetime: string | null;
}

const FIELDS = ["phone", "name", "villageCode", "category", "product", "text"];

/**
 * /12316 (public): a farmer asks 12316 from the web without an account — the question goes to the
 * expert on duty like a call; with the ticket number they follow its progress (the Open311 view).
 */
export function AskPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<AskValues>();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [number, setNumber] = useState<string | null>(null);
  const [found, setFound] = useState<PublicRequest | null>(null);
  const [lookupError, setLookupError] = useState<string | null>(null);

  const onFinish = async (v: AskValues) => {
    setSaving(true);
    setError(null);
    try {
      const made = await api<{ number: string }>("/api/public/hotline/requests", { method: "POST", body: { ...v, name: v.name || null, product: v.product || null, villageCode: v.villageCode || null } });
      setNumber(made.number);
    } catch (err) {
      if (!applyFieldErrors(form, err, FIELDS)) setError(err);
    } finally {
      setSaving(false);
    }
  };
  const lookup = async (id: string) => {
    setLookupError(null);
    setFound(null);
    if (!id.trim()) return;
    const res = await fetch(`/open311/v2/requests/${encodeURIComponent(id.trim())}.json`);
    const body = (await res.json()) as PublicRequest[] | { code: number; description: string }[];
    if (res.ok) setFound((body as PublicRequest[])[0] ?? null);
    else setLookupError(res.status === 404 ? t("hotline.ask.notFound") : ((body as { description: string }[])[0]?.description ?? String(res.status)));
  };

  return (
    <PublicFrame>
      <section data-testid="ask-page">
        <PageTitle>{t("hotline.ask.title")}</PageTitle>
        <Typography.Paragraph type="secondary">{t("hotline.ask.intro")}</Typography.Paragraph>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={14}>
            <Card>
              {number ? (
                <Result status="success" title={t("hotline.ask.done", { number })} subTitle={t("hotline.ask.doneHint")} extra={<Button onClick={() => (form.resetFields(), setNumber(null))}>{t("hotline.ask.another")}</Button>} data-testid="ask-done" />
              ) : (
                <Form<AskValues> form={form} layout="vertical" name="ask" onFinish={onFinish} initialValues={{ category: "production" }}>
                  {error !== null && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} />}
                  <Form.Item name="phone" label={t("hotline.tickets.phone")} rules={[{ required: true, message: `${t("hotline.tickets.phone")}：必填` }]} extra={t("hotline.ask.phoneHint")}>
                    <Input inputMode="tel" data-testid="ask-phone" />
                  </Form.Item>
                  <QuestionFields prefix="ask" />
                  <Button type="primary" htmlType="submit" loading={saving} block data-testid="ask-submit">
                    {t("hotline.ask.submit")}
                  </Button>
                </Form>
              )}
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <Card title={t("hotline.ask.progress")}>
              <Input.Search placeholder="12316-2026-000001" enterButton onSearch={(v) => void lookup(v)} data-testid="ask-lookup" />
              {lookupError && <Alert type="warning" showIcon title={lookupError} style={{ marginTop: 12 }} />}
              {found && (
                <Descriptions
                  size="small"
                  column={1}
                  style={{ marginTop: 12 }}
                  data-testid="ask-found"
                  items={[
                    { key: "n", label: t("hotline.tickets.number"), children: found.service_request_id },
                    { key: "s", label: t("hotline.tickets.statusColumn"), children: <Tag color={found.status === "closed" ? "success" : "processing"}>{found.status === "closed" ? t("hotline.tickets.status.closed") : found.status_notes}</Tag> },
                    { key: "c", label: t("hotline.tickets.category"), children: found.service_name },
                    { key: "d", label: t("hotline.tickets.text"), children: found.description },
                    { key: "t", label: t("hotline.tickets.created"), children: when(found.requested_datetime) },
                    ...(found.status === "closed" && found.status_notes ? [{ key: "a", label: t("hotline.tickets.answer"), children: <span style={{ whiteSpace: "pre-wrap" }}>{found.status_notes}</span> }] : []),
                  ]}
                />
              )}
            </Card>
          </Col>
        </Row>
      </section>
    </PublicFrame>
  );
}
