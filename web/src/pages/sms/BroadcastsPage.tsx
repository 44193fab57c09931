import { PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Descriptions, Flex, Form, Input, Popconfirm, Progress, Row, Select, Space, Statistic, Table, Tag, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { approveBroadcast, cancelBroadcast, createBroadcast, getNotice, listBroadcasts, monthlyReport, previewBroadcast, smsSettings, type Broadcast, type Preview } from "../../api/sms";
import { useUser } from "../../auth/AuthContext";
import { CursorPager, useCursorPaging } from "../../components/CursorPager";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { applyFieldErrors, clearChangedFieldErrors, useErrorText } from "../../lib/errors";
import { useLoader } from "../../lib/useLoader";
import { when } from "../hotline/parts";
import { RegionPicker } from "./parts";
import { serverNow, serverToday } from "../../lib/serverTime";

const ROLES = ["farmer", "buyer", "coop"] as const;
/** States shown beside "went out": what waits, then what became of what went out, then what never will. */
const WAITING = ["queued", "sending"] as const;
const AFTER = ["delivered", "failed", "skipped", "cancelled"] as const;


/**
 * /sms/broadcasts: compose (from a verified notice or by hand) with the audience counted and the
 * message previewed as sent; another member of staff approves; progress updates live; cancel stops
 * what has not gone out.
 */
export function BroadcastsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const canWrite = user.roles.includes("operator") || user.roles.includes("supervisor");
  const [params] = useSearchParams();
  const noticeId = params.get("notice");
  const [composing, setComposing] = useState(!!noticeId);
  const paging = useCursorPaging("");
  const loaded = useLoader(() => listBroadcasts({ limit: 20, after: paging.after }), [paging.after]);
  const settings = useLoader(() => smsSettings(), []);
  const live = loaded.data?.items.some((b) => b.status === "approved" || b.status === "sending");
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(loaded.reload, 2000);
    return () => clearInterval(timer);
  }, [live, loaded.reload]);
  if (loaded.error) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  return (
    <section data-testid="broadcasts-page">
      <PageTitle
        extra={
          canWrite && !composing && (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setComposing(true)} data-testid="broadcast-new">
              {t("sms.broadcasts.new")}
            </Button>
          )
        }
      >
        {t("sms.broadcasts.title")}
      </PageTitle>
      {settings.data && (
        <Typography.Paragraph type="secondary" data-testid="broadcasts-intro">
          {t("sms.broadcasts.intro", { from: settings.data.hours.from, to: settings.data.hours.to, cap: settings.data.dailyCap })}
        </Typography.Paragraph>
      )}
      {composing && canWrite && <Composer noticeId={noticeId} onDone={() => (setComposing(false), loaded.reload())} />}
      <BroadcastTable rows={loaded.data?.items ?? []} loading={loaded.loading && !loaded.data} userId={user.id} canWrite={canWrite} onChanged={loaded.reload} />
      <CursorPager paging={paging} info={loaded.data} loading={loaded.loading && !loaded.data} testId="broadcasts-pager" />
      <MonthlyCard />
    </section>
  );
}

interface ComposeValues {
  body: string;
  tags: string[];
  regions: string[];
  roles: string[];
  sendAt?: Dayjs | null;
}

function Composer({ noticeId, onDone }: { noticeId: string | null; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<ComposeValues>();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (!noticeId) return;
    getNotice(noticeId).then((n) => {
      form.setFieldsValue({
        body: n.suggestedBody,
        tags: [n.product],
        regions: n.villageCode ? [n.villageCode.slice(0, 6)] : [],
        roles: n.kind === "supply" ? ["buyer", "coop"] : ["farmer", "coop"],
      });
    }, setError);
  }, [noticeId, form]);
  const values = (): ComposeValues => form.getFieldsValue(true) as ComposeValues;
  const fields = ["body", "target.tags", "target.regions", "target.roles", "sendAt"];
  const mapErrors = (err: unknown) => {
    // target.tags → tags …
    const e = err as { fields?: { path: string; message: string }[] };
    if (e.fields) for (const f of e.fields) f.path = f.path.replace(/^target\./, "");
    if (!applyFieldErrors(form, err, fields.map((f) => f.replace(/^target\./, "")))) setError(err);
  };
  const doPreview = async () => {
    setError(null);
    const v = values();
    try {
      setPreview(await previewBroadcast({ body: v.body ?? "", target: { tags: v.tags ?? [], regions: v.regions ?? [], roles: v.roles ?? [] } }));
    } catch (err) {
      setPreview(null);
      mapErrors(err);
    }
  };
  const submit = async () => {
    setSaving(true);
    setError(null);
    const v = values();
    try {
      await createBroadcast({ noticeId, body: v.body ?? "", target: { tags: v.tags ?? [], regions: v.regions ?? [], roles: v.roles ?? [] }, sendAt: v.sendAt ? v.sendAt.toISOString() : null });
      void message.success(t("common.created"));
      onDone();
    } catch (err) {
      mapErrors(err);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card title={t("sms.broadcasts.new")} style={{ marginBottom: 16 }} data-testid="composer">
      {error !== null && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 12 }} />}
      <Row gutter={16}>
        <Col xs={24} lg={13}>
          <Form<ComposeValues> form={form} layout="vertical" name="broadcast" initialValues={{ roles: ["buyer", "coop"], tags: [], regions: [] }} onValuesChange={(changed: Partial<ComposeValues>) => {
              // A changed field's old error no longer holds; the preview must be asked again.
              setPreview(null);
              clearChangedFieldErrors(form, changed);
            }}>
            <Form.Item name="body" label={t("sms.broadcasts.body")}>
              <Input.TextArea rows={4} showCount data-testid="broadcast-body" />
            </Form.Item>
            <Form.Item name="tags" label={t("sms.broadcasts.tags")} extra={t("sms.subscribers.tagsHint")}>
              <Select mode="tags" open={false} tokenSeparators={[",", "，", "、", " "]} data-testid="broadcast-tags" />
            </Form.Item>
            <Form.Item name="regions" label={t("sms.broadcasts.regions")}>
              <RegionPicker testId="broadcast-regions" />
            </Form.Item>
            <Form.Item name="roles" label={t("sms.broadcasts.roles")}>
              <Checkbox.Group options={ROLES.map((r) => ({ value: r, label: t(`sms.subscribers.roles.${r}`) }))} />
            </Form.Item>
            <Form.Item name="sendAt" label={t("sms.broadcasts.sendAt")}>
              <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
            <Space>
              <Button onClick={() => void doPreview()} data-testid="broadcast-preview">
                {t("sms.broadcasts.preview")}
              </Button>
              <Button type="primary" disabled={!preview} loading={saving} onClick={() => void submit()} data-testid="broadcast-create">
                {t("sms.broadcasts.create")}
              </Button>
              <Button onClick={onDone}>{t("common.cancel")}</Button>
            </Space>
          </Form>
        </Col>
        <Col xs={24} lg={11}>
          {preview && (
            <Flex vertical gap={12} data-testid="broadcast-preview-panel">
              <Flex gap={24}>
                <Statistic title={t("sms.broadcasts.audience")} value={preview.audience} data-testid="preview-audience" />
                <Statistic title={t("sms.broadcasts.messages")} value={preview.messages} />
              </Flex>
              <Card size="small" style={{ background: "#f6ffed" }}>
                <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginBottom: 4 }} data-testid="preview-text">
                  {preview.text}
                </Typography.Paragraph>
                <Typography.Text type="secondary" data-testid="preview-length">
                  {t("sms.broadcasts.chars", { chars: preview.chars, parts: preview.parts.length })}
                </Typography.Text>
              </Card>
              {preview.sample.length > 0 && (
                <Descriptions size="small" column={1} title={t("sms.broadcasts.sample")} items={preview.sample.map((s, i) => ({ key: String(i), label: s.name, children: `${s.phone} · ${t(`sms.subscribers.roles.${s.role}`)}` }))} />
              )}
            </Flex>
          )}
        </Col>
      </Row>
    </Card>
  );
}

function BroadcastTable(p: { rows: Broadcast[]; loading: boolean; userId: string; canWrite: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const act = async (f: () => Promise<unknown>) => {
    try {
      await f();
      p.onChanged();
    } catch (err) {
      void message.error(errorText(err));
    }
  };
  return (
    <Table<Broadcast>
      rowKey="id"
      size="middle"
      loading={p.loading}
      dataSource={p.rows}
      pagination={false}
      data-testid="broadcasts-table"
      scroll={{ x: 960 }}
      columns={[
        { title: t("sms.broadcasts.body"), dataIndex: "body", ellipsis: true },
        { title: t("sms.broadcasts.target"), key: "target", width: 200, render: (_, b) => <>{b.target.tags.map((x) => <Tag key={x}>{x}</Tag>)}{b.target.roles.map((r) => t(`sms.subscribers.roles.${r}`)).join("、")}</> },
        { title: t("sms.broadcasts.audience"), dataIndex: "audience", width: 90 },
        { title: t("hotline.tickets.statusColumn"), dataIndex: "status", width: 90, render: (s: Broadcast["status"]) => <Tag data-testid="broadcast-status">{t(`sms.broadcasts.status.${s}`)}</Tag> },
        {
          title: t("sms.broadcasts.progress"),
          key: "progress",
          width: 280,
          render: (_, b) => {
            const out = b.counts.sent + b.counts.delivered + b.counts.failed;
            const total = Math.max(1, b.audience);
            return (
              <div data-testid="broadcast-progress">
                <Progress percent={Math.round(((out + b.counts.skipped + b.counts.cancelled) / total) * 100)} size="small" status={b.status === "cancelled" ? "exception" : b.status === "done" ? "success" : "active"} aria-label={t("sms.broadcasts.progress")} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {[
                    ...WAITING.filter((s) => b.counts[s] > 0).map((s) => `${t(`sms.broadcasts.states.${s}`)} ${b.counts[s]}`),
                    ...(b.report.sent > 0 ? [`${t("sms.broadcasts.wentOut")} ${b.report.sent}`] : []),
                    ...AFTER.filter((s) => b.counts[s] > 0).map((s) => `${t(`sms.broadcasts.states.${s}`)} ${b.counts[s]}`),
                    ...(b.report.optedOut ? [`${t("sms.broadcasts.optedOut")} ${b.report.optedOut}`] : []),
                    ...(b.report.replies ? [`${t("sms.broadcasts.replies")} ${b.report.replies}`] : []),
                  ].join(" · ")}
                </Typography.Text>
              </div>
            );
          },
        },
        {
          title: t("sms.broadcasts.schedule"),
          key: "schedule",
          width: 170,
          render: (_, b) => (
            <Flex vertical data-testid="broadcast-schedule">
              {b.sendAt && <span>{t("sms.broadcasts.scheduledAt", { at: when(b.sendAt) })}</span>}
              {b.nextDueAt && Date.parse(b.nextDueAt) > serverNow().getTime() && b.status !== "cancelled" && <Typography.Text type="warning">{t("sms.broadcasts.heldUntil", { at: when(b.nextDueAt) })}</Typography.Text>}
              {!b.sendAt && !(b.nextDueAt && Date.parse(b.nextDueAt) > serverNow().getTime()) && <Typography.Text type="secondary">{t("sms.broadcasts.immediately")}</Typography.Text>}
            </Flex>
          ),
        },
        { title: t("sms.broadcasts.createdAt"), dataIndex: "createdAt", width: 140, render: (v: string) => when(v) },
        {
          title: "",
          key: "act",
          width: 170,
          render: (_, b) =>
            p.canWrite && (
              <Space>
                {b.status === "draft" && b.createdBy !== p.userId && (
                  <Button size="small" type="primary" onClick={() => void act(() => approveBroadcast(b.id))} data-testid="broadcast-approve">
                    {t("sms.broadcasts.approve")}
                  </Button>
                )}
                {(b.status === "draft" || b.status === "approved" || b.status === "sending") && (
                  <Popconfirm title={t("sms.broadcasts.cancelConfirm")} onConfirm={() => void act(() => cancelBroadcast(b.id))}>
                    <Button size="small" danger>
                      {t("sms.broadcasts.cancel")}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
        },
      ]}
    />
  );
}

/** Messages and parts sent per month of a year (this one first). */
function MonthlyCard() {
  const { t } = useTranslation();
  const thisYear = Number(serverToday().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const loaded = useLoader(() => monthlyReport(year), [year]);
  if (!loaded.data) return null;
  const months = loaded.data.months.filter((m) => m.messages > 0 || m.notifications > 0);
  return (
    <Card
      size="small"
      title={t("sms.broadcasts.monthly", { year })}
      extra={<Select size="small" value={year} onChange={setYear} options={Array.from({ length: 5 }, (_, i) => ({ value: thisYear - i, label: String(thisYear - i) }))} style={{ width: 90 }} aria-label={t("sms.broadcasts.year")} data-testid="sms-monthly-year" />}
      style={{ marginTop: 16 }}
      data-testid="sms-monthly"
    >
      <Table
        size="small"
        rowKey="month"
        pagination={false}
        dataSource={months}
        locale={{ emptyText: "—" }}
        columns={[
          { title: t("sms.broadcasts.month"), dataIndex: "month" },
          { title: t("sms.broadcasts.states.sent"), dataIndex: "messages" },
          { title: t("sms.broadcasts.partsSent"), dataIndex: "parts" },
          { title: t("sms.broadcasts.states.delivered"), dataIndex: "delivered" },
          { title: t("sms.broadcasts.states.failed"), dataIndex: "failed" },
          { title: t("sms.broadcasts.notifications"), dataIndex: "notifications" },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>{t("sms.broadcasts.total")}</Table.Summary.Cell>
            <Table.Summary.Cell index={1}>{loaded.data!.total.messages}</Table.Summary.Cell>
            <Table.Summary.Cell index={2}>{loaded.data!.total.parts}</Table.Summary.Cell>
            <Table.Summary.Cell index={3}>{loaded.data!.total.delivered}</Table.Summary.Cell>
            <Table.Summary.Cell index={4}>{loaded.data!.total.failed}</Table.Summary.Cell>
            <Table.Summary.Cell index={5}>{loaded.data!.total.notifications}</Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
    </Card>
  );
}
