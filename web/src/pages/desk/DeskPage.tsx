import { CheckCircleOutlined, CloseOutlined, CreditCardOutlined, LoginOutlined, LogoutOutlined, PlayCircleOutlined, ReloadOutlined } from "@ant-design/icons";
import { isValidCardCode, normaliseCardCode } from "@yichuang/core";
import { Alert, App, Button, Card, Collapse, Descriptions, Empty, Flex, Form, Input, Modal, Popconfirm, Select, Skeleton, Space, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useEffect, useState, type HTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../api/client";
import { cancelTransaction, completeTransaction, getDesk, handOutCard, signInAtWindow, signOutOfWindow, startTransaction } from "../../api/endpoints";
import type { Desk, DeskService, DeskTransaction, TransactionKind } from "../../api/types";
import { FieldErrorsAlert } from "../../components/FieldErrorsAlert";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { applyFieldErrors, toApiError, useErrorText } from "../../lib/errors";
import { CENTRE_TZ, formatDateTime } from "../../lib/format";
import { useLocalName } from "../../lib/locale";
import { useLoader } from "../../lib/useLoader";
import { serverNow } from "../../lib/serverTime";

const KIND_COLOURS: Record<TransactionKind, string> = {
  consultation: "blue",
  acceptance: "green",
  supplement_notice: "orange",
  pickup: "purple",
  other: "default",
};

interface CitizenValues {
  citizenName?: string;
  citizenPhone?: string;
  caseNumber?: string;
}

const CITIZEN_FIELDS = ["citizenName", "citizenPhone", "caseNumber"];

const blank = (v: string | undefined) => v?.trim() || undefined;

/** HH:mm:ss in the centre's time zone (the table shows today only). */
function clock(iso: string | null): string {
  return iso ? dayjs(iso).tz(CENTRE_TZ).format("HH:mm:ss") : "—";
}

/** "3 分 05 秒" between two times. */
function useDuration(): (fromIso: string, toIso: string | number | null) => string {
  const { t } = useTranslation();
  return (fromIso, to) => {
    if (to === null) return "—";
    const s = Math.max(0, Math.round(((typeof to === "number" ? to : Date.parse(to)) - Date.parse(fromIso)) / 1000));
    if (s < 60) return t("desk.duration.seconds", { s });
    if (s < 3600) return t("desk.duration.minutes", { m: Math.floor(s / 60), s: String(s % 60).padStart(2, "0") });
    return t("desk.duration.hours", { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
  };
}

/** The time since `since`, ticking every second. */
function Elapsed({ since }: { since: string }) {
  const duration = useDuration();
  // `since` is the server's instant: the time since it is counted on the server's clock.
  const [now, setNow] = useState(() => serverNow().getTime());
  useEffect(() => {
    const timer = setInterval(() => setNow(serverNow().getTime()), 1000);
    return () => clearInterval(timer);
  }, []);
  return <span data-testid="desk-elapsed">{duration(since, now)}</span>;
}

/**
 * /desk: the clerk's window desk. Sign in at a window, start a transaction with
 * one click, complete it with a second (the window's evaluator then asks the
 * citizen), hand out supervision cards. Nothing here shows or hints at ratings:
 * the API never returns them to clerks.
 */
export function DeskPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const name = useLocalName();
  const loaded = useLoader(getDesk, []);
  const [desk, setDesk] = useState<Desk>();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [registerOpen, setRegisterOpen] = useState<string[]>([]);
  const [windowId, setWindowId] = useState<string>();
  const [cardFor, setCardFor] = useState<DeskTransaction | null>(null);
  const [citizenForm] = Form.useForm<CitizenValues>();

  useEffect(() => {
    if (loaded.data) setDesk(loaded.data);
  }, [loaded.data]);

  if (loaded.error && !desk) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  if (!desk) return <Skeleton active paragraph={{ rows: 10 }} />;

  const open = desk.transactions.find((x) => x.status === "open");
  const services = [...desk.services].sort((a, b) => Number(b.kind === "consultation") - Number(a.kind === "consultation"));
  const consultations = services.filter((s) => s.kind === "consultation");
  const others = services.filter((s) => s.kind !== "consultation");
  const serviceName = (code: string, fallback: string) => {
    const s = desk.services.find((x) => x.code === code);
    return s ? name(s) : fallback;
  };
  // Without a shift the first transaction signs the clerk in at their home window, if any.
  const homeWindow = desk.windows.find((w) => w.id === desk.homeWindowId);
  const canStart = !open && (desk.shift !== null || homeWindow !== undefined);
  const pickedWindow = windowId ?? desk.shift?.windowId ?? homeWindow?.id ?? desk.windows[0]?.id;

  /** Runs one desk write; its answer is the new desk. */
  const run = async (key: string, call: () => Promise<Desk>, done?: (d: Desk) => void) => {
    setBusy(key);
    setError(null);
    try {
      const next = await call();
      setDesk(next);
      done?.(next);
      return true;
    } catch (err) {
      setError(toApiError(err));
      return false;
    } finally {
      setBusy(null);
    }
  };

  const start = async (service: DeskService) => {
    let v: CitizenValues;
    try {
      v = await citizenForm.validateFields();
    } catch {
      setRegisterOpen(["citizen"]);
      return;
    }
    setNotice(null);
    setBusy(`start-${service.code}`);
    setError(null);
    try {
      setDesk(
        await startTransaction({
          serviceCode: service.code,
          citizenName: blank(v.citizenName) ?? null,
          citizenPhone: blank(v.citizenPhone) ?? null,
          caseNumber: blank(v.caseNumber) ?? null,
        }),
      );
      citizenForm.resetFields();
    } catch (err) {
      const e = toApiError(err);
      // Problems with the citizen's details show on their fields.
      if (e.fields.some((f) => CITIZEN_FIELDS.includes(f.path))) setRegisterOpen(["citizen"]);
      if (!applyFieldErrors(citizenForm, e, CITIZEN_FIELDS)) setError(e);
    } finally {
      setBusy(null);
    }
  };

  const complete = (x: DeskTransaction) =>
    run("complete", () => completeTransaction(x.id), () => setNotice(t("desk.completedService", { name: serviceName(x.serviceCode, x.serviceName) })));

  const cancel = (x: DeskTransaction) => run("cancel", () => cancelTransaction(x.id), () => void message.info(t("desk.current.cancelled")));

  return (
    <section data-testid="desk-page" data-open={open ? "true" : "false"}>
      <PageTitle
        extra={
          <Button icon={<ReloadOutlined aria-hidden />} onClick={loaded.reload} loading={loaded.loading && desk !== undefined}>
            {t("desk.refresh")}
          </Button>
        }
      >
        {t("desk.title")}
      </PageTitle>
      <Typography.Paragraph type="secondary">{t("desk.intro")}</Typography.Paragraph>

      {error && <FieldErrorsAlert error={error} onClose={() => setError(null)} testId="desk-error" />}

      <Card title={t("desk.shift.title")} style={{ marginBottom: 16 }} data-testid="desk-shift">
        <Flex justify="space-between" align="center" gap={16} wrap>
          {desk.shift ? (
            <Space orientation="vertical" size={0}>
              <Typography.Text strong style={{ fontSize: 18 }} data-testid="desk-window">
                {t("desk.shift.at", { number: desk.shift.windowNumber, name: name({ nameZh: desk.shift.windowName, nameEn: desk.shift.windowNameEn }) })}
              </Typography.Text>
              <Typography.Text type="secondary">{t("desk.shift.since", { time: formatDateTime(desk.shift.since) })}</Typography.Text>
            </Space>
          ) : (
            <Space orientation="vertical" size={0} style={{ maxWidth: 560 }}>
              <Typography.Text strong style={{ fontSize: 18 }}>
                {t("desk.shift.none")}
              </Typography.Text>
              <Typography.Text type="secondary">{desk.windows.length ? t("desk.shift.noneHint") : t("desk.shift.noWindows")}</Typography.Text>
            </Space>
          )}
          <Flex gap={8} wrap align="center">
            {desk.windows.length > 0 && (
              <Select
                aria-label={t("desk.shift.window")}
                placeholder={t("desk.shift.pickWindow")}
                style={{ width: 260 }}
                value={pickedWindow}
                onChange={setWindowId}
                data-testid="desk-window-picker"
                options={desk.windows.map((w) => ({
                  value: w.id,
                  label: `${w.number} ${name(w)}${w.id === desk.homeWindowId ? `（${t("desk.shift.home")}）` : ""}`,
                }))}
              />
            )}
            {(!desk.shift || (pickedWindow && pickedWindow !== desk.shift.windowId)) && desk.windows.length > 0 && (
              <Button
                type={desk.shift ? "default" : "primary"}
                icon={<LoginOutlined aria-hidden />}
                disabled={!pickedWindow || !!open}
                loading={busy === "sign-in"}
                data-testid="desk-sign-in"
                onClick={() =>
                  pickedWindow &&
                  void run("sign-in", () => signInAtWindow(pickedWindow), (d) => {
                    setWindowId(undefined);
                    void message.success(t("desk.shift.signedIn", { number: d.shift?.windowNumber ?? "" }));
                  })
                }
              >
                {desk.shift ? t("desk.shift.switch") : t("desk.shift.signIn")}
              </Button>
            )}
            {desk.shift && (
              <Button
                icon={<LogoutOutlined aria-hidden />}
                disabled={!!open}
                title={open ? t("desk.shift.signOutBlocked") : undefined}
                loading={busy === "sign-out"}
                data-testid="desk-sign-out"
                onClick={() => void run("sign-out", signOutOfWindow, () => void message.success(t("desk.shift.signedOut")))}
              >
                {t("desk.shift.signOut")}
              </Button>
            )}
          </Flex>
        </Flex>
      </Card>

      {notice && !open && <Alert type="success" showIcon closable={{ onClose: () => setNotice(null) }} title={notice} style={{ marginBottom: 16 }} data-testid="desk-completed" />}

      {open ? (
        <Card title={t("desk.current.title")} style={{ marginBottom: 16, borderColor: "#1d4ed8" }} data-testid="desk-current" data-transaction-id={open.id}>
          <Flex justify="space-between" align="center" gap={24} wrap>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              style={{ flex: "1 1 420px" }}
              items={[
                { key: "service", label: t("desk.current.service"), children: <Typography.Text strong>{serviceName(open.serviceCode, open.serviceName)}</Typography.Text> },
                { key: "started", label: t("desk.current.startedAt"), children: clock(open.startedAt) },
                { key: "elapsed", label: t("desk.current.elapsed"), children: <Elapsed since={open.startedAt} /> },
                ...(open.citizenName ? [{ key: "citizen", label: t("desk.current.citizen"), children: open.citizenName }] : []),
                ...(open.caseNumber ? [{ key: "case", label: t("desk.today.caseNumber"), children: open.caseNumber }] : []),
              ]}
            />
            <Flex gap={12} align="center" wrap>
              <Popconfirm title={t("desk.current.cancelConfirm")} okText={t("desk.current.cancelYes")} cancelText={t("desk.current.cancelNo")} onConfirm={() => void cancel(open)}>
                <Button size="large" icon={<CloseOutlined aria-hidden />} loading={busy === "cancel"} disabled={busy === "complete"} data-testid="desk-cancel">
                  {t("desk.current.cancel")}
                </Button>
              </Popconfirm>
              <Button
                type="primary"
                size="large"
                icon={<CheckCircleOutlined aria-hidden />}
                loading={busy === "complete"}
                disabled={busy === "cancel"}
                onClick={() => void complete(open)}
                data-testid="desk-complete"
                style={{ height: 64, minWidth: 200, fontSize: 24 }}
              >
                {t("desk.current.complete")}
              </Button>
            </Flex>
          </Flex>
        </Card>
      ) : (
        <Card title={t("desk.serve.title")} style={{ marginBottom: 16 }} data-testid="desk-serve">
          {!canStart && desk.services.length > 0 && <Alert type="info" showIcon title={t("desk.serve.needWindow")} style={{ marginBottom: 16 }} />}
          {desk.services.length === 0 ? (
            <Empty description={t("desk.serve.noServices")} />
          ) : (
            <Flex vertical gap={16}>
              {consultations.length > 0 && (
                <Flex gap={12} wrap>
                  {consultations.map((s, i) => (
                    <Button
                      key={s.code}
                      type={i === 0 ? "primary" : "default"}
                      size="large"
                      icon={<PlayCircleOutlined aria-hidden />}
                      disabled={!canStart || (busy !== null && busy !== `start-${s.code}`)}
                      loading={busy === `start-${s.code}`}
                      onClick={() => void start(s)}
                      data-testid={`desk-start-${s.code}`}
                      style={{ height: 56, fontSize: 18 }}
                    >
                      {i === 0 ? t("desk.serve.startService", { name: name(s) }) : name(s)}
                    </Button>
                  ))}
                </Flex>
              )}
              {others.length > 0 && (
                <Flex gap={8} wrap align="center">
                  <Typography.Text type="secondary">{t("desk.serve.otherServices")}</Typography.Text>
                  {others.map((s) => (
                    <Button
                      key={s.code}
                      disabled={!canStart || (busy !== null && busy !== `start-${s.code}`)}
                      loading={busy === `start-${s.code}`}
                      onClick={() => void start(s)}
                      data-testid={`desk-start-${s.code}`}
                    >
                      <Tag color={KIND_COLOURS[s.kind] ?? "default"} style={{ marginInlineEnd: 4 }}>
                        {t(`desk.kinds.${s.kind}`, { defaultValue: s.kind })}
                      </Tag>
                      {name(s)}
                    </Button>
                  ))}
                </Flex>
              )}
              <Collapse
                activeKey={registerOpen}
                onChange={(keys) => setRegisterOpen(keys as string[])}
                data-testid="desk-register"
                items={[
                  {
                    key: "citizen",
                    label: t("desk.serve.register"),
                    forceRender: true,
                    children: (
                      <Form<CitizenValues> form={citizenForm} layout="inline" name="desk-citizen" style={{ rowGap: 12 }}>
                        <Form.Item label={t("desk.serve.citizenName")} name="citizenName" rules={[{ max: 50 }]}>
                          <Input autoComplete="off" style={{ width: 160 }} />
                        </Form.Item>
                        <Form.Item label={t("desk.serve.citizenPhone")} name="citizenPhone" rules={[{ pattern: /^\s*1\d{10}\s*$/, message: t("desk.serve.phoneInvalid") }]}>
                          <Input autoComplete="off" inputMode="tel" style={{ width: 160 }} />
                        </Form.Item>
                        <Form.Item label={t("desk.serve.caseNumber")} name="caseNumber" tooltip={t("desk.serve.caseNumberHint")} rules={[{ max: 30 }]}>
                          <Input autoComplete="off" style={{ width: 200 }} />
                        </Form.Item>
                      </Form>
                    ),
                  },
                ]}
              />
            </Flex>
          )}
        </Card>
      )}

      <Card title={t("desk.today.title")}>
        <TransactionsTable transactions={desk.transactions} serviceName={serviceName} onCard={setCardFor} />
      </Card>

      <CardModal
        transaction={cardFor}
        serviceName={serviceName}
        onClose={() => setCardFor(null)}
        onDone={(code) => {
          setCardFor(null);
          void message.success(t("desk.card.done", { code }));
          void getDesk().then(setDesk, (err: unknown) => setError(toApiError(err)));
        }}
      />
    </section>
  );
}

function TransactionsTable({
  transactions,
  serviceName,
  onCard,
}: {
  transactions: DeskTransaction[];
  serviceName: (code: string, fallback: string) => string;
  onCard: (x: DeskTransaction) => void;
}) {
  const { t } = useTranslation();
  const duration = useDuration();
  return (
    <Table<DeskTransaction>
      rowKey="id"
      size="middle"
      data-testid="desk-transactions"
      dataSource={transactions}
      pagination={false}
      scroll={{ x: 1250 }}
      locale={{ emptyText: t("desk.today.empty") }}
      onRow={(x) => ({ "data-testid": `desk-row-${x.id}`, "data-status": x.status }) as HTMLAttributes<HTMLTableRowElement>}
      columns={[
        {
          title: t("desk.today.kind"),
          dataIndex: "kind",
          width: 110,
          render: (k: TransactionKind) => <Tag color={KIND_COLOURS[k] ?? "default"}>{t(`desk.kinds.${k}`, { defaultValue: k })}</Tag>,
        },
        { title: t("desk.today.service"), dataIndex: "serviceName", width: 220, render: (_, x) => serviceName(x.serviceCode, x.serviceName) },
        { title: t("desk.today.window"), dataIndex: "windowNumber", width: 90 },
        { title: t("desk.today.start"), dataIndex: "startedAt", width: 95, render: (v: string) => clock(v) },
        { title: t("desk.today.end"), dataIndex: "endedAt", width: 95, render: (v: string | null) => clock(v) },
        { title: t("desk.today.duration"), key: "duration", width: 110, render: (_, x) => (x.status === "open" ? <Elapsed since={x.startedAt} /> : duration(x.startedAt, x.endedAt)) },
        { title: t("desk.today.citizen"), dataIndex: "citizenName", width: 100, render: (v: string | null) => v ?? "—" },
        { title: t("desk.today.caseNumber"), dataIndex: "caseNumber", width: 140, render: (v: string | null) => v ?? "—" },
        {
          title: t("desk.today.card"),
          dataIndex: "cardCode",
          width: 140,
          render: (v: string | null) => (v ? <Typography.Text code data-testid="desk-card-code">{v}</Typography.Text> : "—"),
        },
        {
          title: t("desk.today.status"),
          dataIndex: "status",
          width: 90,
          render: (s: DeskTransaction["status"]) => <Tag color={s === "open" ? "processing" : s === "completed" ? "success" : "default"}>{t(`desk.statuses.${s}`)}</Tag>,
        },
        {
          title: t("common.actions"),
          key: "actions",
          width: 170,
          fixed: "right",
          render: (_, x) =>
            x.status !== "cancelled" && !x.cardCode ? (
              <Button type="link" size="small" icon={<CreditCardOutlined aria-hidden />} onClick={() => onCard(x)} data-testid={`desk-card-${x.id}`}>
                {t("desk.today.handOut")}
              </Button>
            ) : null,
        },
      ]}
    />
  );
}

/** "发放监督卡": the card's code, checked here (length, alphabet, check character) and by the server. */
function CardModal({
  transaction,
  serviceName,
  onClose,
  onDone,
}: {
  transaction: DeskTransaction | null;
  serviceName: (code: string, fallback: string) => string;
  onClose: () => void;
  onDone: (code: string) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ code: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!transaction) return;
    form.resetFields();
    setError(null);
  }, [transaction, form]);

  const onFinish = async ({ code }: { code: string }) => {
    if (!transaction) return;
    setSaving(true);
    setError(null);
    try {
      const done = await handOutCard(normaliseCardCode(code), transaction.id);
      onDone(done.code);
    } catch (err) {
      if (!applyFieldErrors(form, err, ["code"])) setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={transaction !== null}
      title={t("desk.card.title")}
      okText={t("desk.card.submit")}
      cancelText={t("common.cancel")}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      data-testid="desk-card-modal"
    >
      <Typography.Paragraph type="secondary">{t("desk.card.intro")}</Typography.Paragraph>
      {transaction && (
        <Typography.Paragraph>
          {t("desk.card.transaction")}：{serviceName(transaction.serviceCode, transaction.serviceName)} · {clock(transaction.startedAt)}
        </Typography.Paragraph>
      )}
      {error !== null && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} data-testid="desk-card-error" />}
      <Form form={form} layout="vertical" name="desk-card" onFinish={onFinish}>
        <Form.Item
          label={t("desk.card.code")}
          name="code"
          rules={[
            { required: true, whitespace: true, message: t("desk.card.required") },
            { validator: async (_, v: string | undefined) => (!v?.trim() || isValidCardCode(normaliseCardCode(v)) ? undefined : Promise.reject(new Error(t("desk.card.invalid")))) },
          ]}
        >
          <Input autoFocus autoComplete="off" maxLength={20} placeholder={t("desk.card.placeholder")} style={{ fontFamily: "monospace", fontSize: 18, letterSpacing: 1 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
