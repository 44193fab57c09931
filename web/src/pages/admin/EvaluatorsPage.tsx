import { CopyOutlined, PlusOutlined, ReloadOutlined, StopOutlined, SyncOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from "antd";
import { useState, type HTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { listEvaluators, newPairingCode, registerEvaluator, revokeEvaluator } from "../../api/endpoints";
import type { EvaluatorDevice, EvaluatorDeviceState, PairingCode } from "../../api/types";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { applyFieldErrors, useErrorText } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { useLocalName } from "../../lib/locale";
import { useLoader } from "../../lib/useLoader";
import { useOrg } from "../../org/OrgContext";

const STATE_COLOURS: Record<EvaluatorDeviceState, string> = {
  paired: "success",
  pairing: "processing",
  expired: "warning",
  revoked: "default",
};

/** A code shown for one device, just issued. */
interface IssuedCode extends PairingCode {
  windowNumber: string;
  label: string;
}

/** The pairing code in two groups of four, as it is read aloud and keyed in (the device ignores the gap). */
function spaced(code: string): string {
  return code.match(/.{1,4}/g)?.join(" ") ?? code;
}

/**
 * /admin/evaluators: the window evaluators (评价器). Register one for a window and
 * hand its one-time pairing code to whoever sets up the tablet; issue a new code
 * when the hardware is replaced; revoke a lost one.
 */
export function EvaluatorsPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const { message } = App.useApp();
  const errorText = useErrorText();
  const result = useLoader(listEvaluators, []);
  const [registering, setRegistering] = useState(false);
  const [issued, setIssued] = useState<IssuedCode | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  if (result.error?.code === "FORBIDDEN") return <LoadError error={result.error} />;

  const repair = async (d: EvaluatorDevice) => {
    setBusy(d.id);
    try {
      const code = await newPairingCode(d.id);
      setIssued({ ...code, windowNumber: d.windowNumber, label: d.label });
      result.reload();
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  const revoke = async (d: EvaluatorDevice) => {
    setBusy(d.id);
    try {
      await revokeEvaluator(d.id);
      void message.success(t("desk.evaluators.revoked"));
      result.reload();
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section data-testid="evaluators-page">
      <PageTitle
        extra={
          <Space>
            <Button icon={<ReloadOutlined aria-hidden />} onClick={result.reload}>
              {t("desk.refresh")}
            </Button>
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setRegistering(true)} data-testid="evaluators-register">
              {t("desk.evaluators.register")}
            </Button>
          </Space>
        }
      >
        {t("desk.evaluators.title")}
      </PageTitle>
      <Typography.Paragraph type="secondary">{t("desk.evaluators.intro")}</Typography.Paragraph>
      <Card>
        {result.error && <LoadError error={result.error} onRetry={result.reload} />}
        <Table<EvaluatorDevice>
          rowKey="id"
          size="middle"
          loading={result.loading}
          dataSource={result.data ?? []}
          pagination={false}
          scroll={{ x: 960 }}
          locale={{ emptyText: t("desk.evaluators.empty") }}
          data-testid="evaluators-table"
          onRow={(d) => ({ "data-testid": `evaluator-row-${d.id}`, "data-state": d.state }) as HTMLAttributes<HTMLTableRowElement>}
          columns={[
            {
              title: t("desk.evaluators.window"),
              dataIndex: "windowNumber",
              render: (_, d) => (
                <Space size={8}>
                  <Typography.Text strong style={{ whiteSpace: "nowrap" }}>
                    {d.windowNumber}
                  </Typography.Text>
                  <span>{locale === "en" ? d.windowNameEn : d.windowName}</span>
                </Space>
              ),
            },
            { title: t("desk.evaluators.label"), dataIndex: "label" },
            {
              title: t("desk.evaluators.state"),
              dataIndex: "state",
              width: 150,
              render: (s: EvaluatorDeviceState) => <Tag color={STATE_COLOURS[s]}>{t(`desk.evaluators.states.${s}`)}</Tag>,
            },
            { title: t("desk.evaluators.pairedAt"), dataIndex: "pairedAt", width: 180, render: (v: string | null) => formatDateTime(v) },
            { title: t("desk.evaluators.lastSeen"), dataIndex: "lastSeenAt", width: 180, render: (v: string | null) => formatDateTime(v) },
            {
              title: t("common.actions"),
              key: "actions",
              width: 200,
              fixed: "right",
              render: (_, d) =>
                d.state === "revoked" ? null : (
                  <Space size={0}>
                    <Popconfirm title={t("desk.evaluators.repairConfirm")} okText={t("desk.evaluators.repair")} cancelText={t("common.cancel")} onConfirm={() => void repair(d)}>
                      <Button type="link" size="small" icon={<SyncOutlined aria-hidden />} loading={busy === d.id} data-testid={`evaluator-repair-${d.id}`}>
                        {t("desk.evaluators.repair")}
                      </Button>
                    </Popconfirm>
                    <Popconfirm
                      title={t("desk.evaluators.revokeConfirm")}
                      okText={t("desk.evaluators.revoke")}
                      okButtonProps={{ danger: true }}
                      cancelText={t("common.cancel")}
                      onConfirm={() => void revoke(d)}
                    >
                      <Button type="link" size="small" danger icon={<StopOutlined aria-hidden />} disabled={busy === d.id} data-testid={`evaluator-revoke-${d.id}`}>
                        {t("desk.evaluators.revoke")}
                      </Button>
                    </Popconfirm>
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      <RegisterModal
        open={registering}
        onClose={() => setRegistering(false)}
        onRegistered={(code) => {
          setRegistering(false);
          setIssued(code);
          result.reload();
        }}
      />
      <CodeModal issued={issued} onClose={() => setIssued(null)} />
    </section>
  );
}

interface RegisterValues {
  windowId: string;
  label: string;
}

function RegisterModal({ open, onClose, onRegistered }: { open: boolean; onClose: () => void; onRegistered: (code: IssuedCode) => void }) {
  const { t } = useTranslation();
  const name = useLocalName();
  const errorText = useErrorText();
  const org = useOrg().data;
  const [form] = Form.useForm<RegisterValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const windowOptions = (org?.departments ?? [])
    .filter((d) => d.active)
    .map((d) => ({
      label: name(d),
      title: name(d),
      options: org!.windowsOf(d.id).filter((w) => w.active).map((w) => ({ value: w.id, label: `${w.number} ${name(w)}`, number: w.number })),
    }))
    .filter((g) => g.options.length > 0)
    .sort((a, b) => (a.options[0]?.number ?? "").localeCompare(b.options[0]?.number ?? ""));

  const close = () => {
    form.resetFields();
    setError(null);
    onClose();
  };

  const onFinish = async (v: RegisterValues) => {
    setSaving(true);
    setError(null);
    try {
      const w = org?.windows.find((x) => x.id === v.windowId);
      const code = await registerEvaluator(v.windowId, v.label.trim());
      form.resetFields();
      onRegistered({ ...code, windowNumber: code.windowNumber ?? w?.number ?? "", label: v.label.trim() });
    } catch (err) {
      if (!applyFieldErrors(form, err, ["windowId", "label"])) setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t("desk.evaluators.registerTitle")}
      okText={t("common.create")}
      cancelText={t("common.cancel")}
      onOk={() => form.submit()}
      onCancel={close}
      confirmLoading={saving}
      data-testid="evaluator-register-modal"
    >
      {error !== null && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} />}
      <Form<RegisterValues>
        form={form}
        layout="vertical"
        name="register-evaluator"
        onFinish={onFinish}
        onValuesChange={(changed: Partial<RegisterValues>) => {
          // Suggest a name from the window until the admin types their own.
          if (changed.windowId && !form.isFieldTouched("label")) {
            const w = org?.windows.find((x) => x.id === changed.windowId);
            if (w) form.setFieldValue("label", t("desk.evaluators.labelDefault", { number: w.number }));
          }
        }}
      >
        <Form.Item label={t("desk.evaluators.window")} name="windowId" rules={[{ required: true, message: t("desk.evaluators.pickWindow") }]}>
          <Select showSearch={{ optionFilterProp: "label" }} placeholder={t("desk.evaluators.pickWindow")} options={windowOptions} />
        </Form.Item>
        <Form.Item label={t("desk.evaluators.label")} name="label" rules={[{ required: true, whitespace: true }, { max: 40 }]}>
          <Input autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The one-time code, large, with its expiry and where to enter it. */
function CodeModal({ issued, onClose }: { issued: IssuedCode | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const url = `${window.location.origin}/evaluator`;
  return (
    <Modal
      open={issued !== null}
      title={t("desk.evaluators.codeTitle")}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Button type="primary" onClick={onClose} data-testid="pairing-code-close">
          {t("desk.evaluators.close")}
        </Button>
      }
      data-testid="pairing-code-modal"
    >
      {issued && (
        <div style={{ textAlign: "center" }}>
          <Typography.Paragraph type="secondary">{t("desk.evaluators.codeFor", { number: issued.windowNumber, label: issued.label })}</Typography.Paragraph>
          <div
            data-testid="pairing-code"
            data-code={issued.pairingCode}
            style={{ fontFamily: "monospace", fontSize: 48, fontWeight: 700, letterSpacing: 6, padding: "12px 0", background: "#f1f5f9", borderRadius: 12, userSelect: "all" }}
          >
            {spaced(issued.pairingCode)}
          </div>
          <Button
            type="link"
            icon={<CopyOutlined aria-hidden />}
            onClick={() =>
              void navigator.clipboard?.writeText(issued.pairingCode).then(
                () => message.success(t("desk.evaluators.copied")),
                () => undefined,
              )
            }
          >
            {t("desk.evaluators.copy")}
          </Button>
          <Alert
            type="info"
            showIcon
            style={{ textAlign: "start", marginTop: 8 }}
            title={t("desk.evaluators.codeHow", { url })}
            description={
              <>
                <div>{t("desk.evaluators.codeExpires", { time: formatDateTime(issued.expiresAt) })}</div>
                <div>{t("desk.evaluators.codeOnce")}</div>
              </>
            }
          />
        </div>
      )}
    </Modal>
  );
}
