import { FieldTimeOutlined, PhoneOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Col, Descriptions, Drawer, Empty, Flex, Form, Input, InputNumber, List, Modal, Row, Segmented, Space, Switch, Table, Tag, Typography } from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { getCategoryLimits, listTickets, logCall, lookupCaller, searchKnowledge, setCategoryLimits, type CallerLookup, type CategoryLimits, type KnowledgeEntry, type NewTicket, type TicketRow } from "../../api/hotline";
import { useUser } from "../../auth/AuthContext";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { applyFieldErrors, useErrorText } from "../../lib/errors";
import { useLoader } from "../../lib/useLoader";
import { LightTag, NoticeFields, QuestionFields, clockProvisional, when } from "./parts";
import { ProvisionalTag } from "../../components/ProvisionalTag";
import { CursorPager, useCursorPaging } from "../../components/CursorPager";

type StatusFilter = "active" | "open" | "transferred" | "visit" | "closed" | "all";
const STATUS_QUERY: Record<StatusFilter, string | undefined> = { active: "open,transferred,visit", open: "open", transferred: "transferred", visit: "visit", closed: "closed", all: undefined };

/**
 * /hotline/tickets: operators take calls (the caller recognised by phone with their history, the
 * village picked by name, related knowledge shown while typing) and see every ticket with its
 * light; experts see theirs first; a row opens the ticket.
 */
export function HotlineTicketsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const canLog = user.roles.includes("operator") || user.roles.includes("supervisor");
  const canSetLimits = user.roles.includes("supervisor") || user.roles.includes("admin");
  const [limitsOpen, setLimitsOpen] = useState(false);
  const isExpert = user.roles.includes("expert");
  const [status, setStatus] = useState<StatusFilter>("active");
  const [mine, setMine] = useState(isExpert);
  const [overdue, setOverdue] = useState(false);
  const [q, setQ] = useState("");
  const [callOpen, setCallOpen] = useState(false);
  const pageSize = 20;
  const paging = useCursorPaging(JSON.stringify([status, mine, overdue, q]));
  const loaded = useLoader(() => listTickets({ status: STATUS_QUERY[status], mine, overdue, q: q || undefined, limit: pageSize, after: paging.after }), [status, mine, overdue, q, paging.after]);
  if (loaded.error) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  return (
    <section data-testid="tickets-page">
      <PageTitle
        extra={
          <Space>
            {canSetLimits && (
              <Button icon={<FieldTimeOutlined aria-hidden />} onClick={() => setLimitsOpen(true)} data-testid="limits-open">
                {t("hotline.tickets.limits")}
              </Button>
            )}
            {canLog && (
              <Button type="primary" icon={<PhoneOutlined aria-hidden />} onClick={() => setCallOpen(true)} data-testid="new-call">
                {t("hotline.tickets.newCall")}
              </Button>
            )}
          </Space>
        }
      >
        {t("hotline.tickets.title")}
      </PageTitle>
      <Typography.Paragraph type="secondary">{t("hotline.tickets.intro")}</Typography.Paragraph>
      <Flex wrap gap={12} align="center" style={{ marginBottom: 12 }}>
        <Segmented<StatusFilter>
          value={status}
          onChange={(v) => setStatus(v)}
          options={[
            { value: "active", label: t("hotline.tickets.active") },
            ...(["open", "transferred", "visit", "closed"] as const).map((s) => ({ value: s, label: t(`hotline.tickets.status.${s}`) })),
            { value: "all", label: t("hotline.tickets.all") },
          ]}
          data-testid="ticket-status-filter"
        />
        <Space>
          <Switch checked={mine} onChange={(v) => setMine(v)} aria-label={t("hotline.tickets.mine")} data-testid="mine-switch" />
          {t("hotline.tickets.mine")}
        </Space>
        <Space>
          <Switch checked={overdue} onChange={(v) => setOverdue(v)} aria-label={t("hotline.tickets.overdue")} data-testid="overdue-switch" />
          {t("hotline.tickets.overdue")}
        </Space>
        <Input.Search allowClear placeholder={t("hotline.tickets.search")} onSearch={(v) => setQ(v.trim())} style={{ width: 260 }} data-testid="ticket-search" />
      </Flex>
      <TicketTable rows={loaded.data?.items ?? []} loading={loaded.loading} onOpen={(id) => navigate(`/hotline/tickets/${id}`)} />
      <CursorPager paging={paging} info={loaded.data} loading={loaded.loading} testId="tickets-pager" />
      {canSetLimits && <LimitsModal open={limitsOpen} onClose={() => setLimitsOpen(false)} />}
      {canLog && (
        <CallDrawer
          open={callOpen}
          onClose={() => setCallOpen(false)}
          onLogged={(id) => {
            setCallOpen(false);
            navigate(`/hotline/tickets/${id}`);
          }}
        />
      )}
    </section>
  );
}

function TicketTable(p: { rows: TicketRow[]; loading: boolean; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <Table<TicketRow>
      rowKey="id"
      size="middle"
      loading={p.loading}
      dataSource={p.rows}
      data-testid="tickets-table"
      onRow={(r) => ({ onClick: () => p.onOpen(r.id), style: { cursor: "pointer" }, "data-testid": `ticket-row-${r.number}` }) as React.HTMLAttributes<HTMLElement>}
      pagination={false}
      scroll={{ x: 1050 }}
      columns={[
        { title: t("hotline.tickets.light"), key: "light", width: 80, render: (_, r) => <LightTag light={r.light} /> },
        { title: t("hotline.tickets.number"), dataIndex: "number", width: 150, render: (n: string, r) => <Link to={`/hotline/tickets/${r.id}`} onClick={(e) => e.stopPropagation()}>{n}</Link> },
        { title: t("hotline.tickets.caller"), key: "caller", width: 150, render: (_, r) => <>{r.callerName ?? "—"}<Typography.Text type="secondary"> {r.callerPhone}</Typography.Text></> },
        { title: t("hotline.tickets.category"), dataIndex: "category", width: 110, render: (c: string) => t(`hotline.categories.${c}`) },
        { title: t("hotline.tickets.text"), key: "text", ellipsis: true, render: (_, r) => <>{r.product && <Tag>{r.product}</Tag>}{r.text}</> },
        {
          title: t("hotline.tickets.statusColumn"),
          key: "status",
          width: 150,
          render: (_, r) => (
            <Space size={4} wrap>
              <Tag color={r.status === "closed" ? "default" : "processing"}>{t(`hotline.tickets.status.${r.status}`)}</Tag>
              {r.waiting && <Tag color="gold">{t("hotline.tickets.waiting")}</Tag>}
            </Space>
          ),
        },
        {
          title: t("hotline.tickets.dueColumn"),
          key: "due",
          width: 150,
          render: (_, r) => {
            // The ticket's deadline: the solution's due time (the first response is due within the hour).
            const c = r.clocks.solution;
            if (r.status === "closed" || c.met) return "—";
            return (
              <span data-testid={`ticket-due-${r.number}`}>
                {c.dueAt ? when(c.dueAt) : t("hotline.tickets.paused")}
                <ProvisionalTag show={clockProvisional(c, r) && c.dueAt !== null} testId={`ticket-provisional-${r.number}`} />
              </span>
            );
          },
        },
        { title: t("hotline.tickets.assignee"), dataIndex: "assigneeName", width: 90, render: (n: string | null) => n ?? "—" },
        { title: t("hotline.tickets.created"), dataIndex: "createdAt", width: 140, render: (v: string) => when(v) },
      ]}
    />
  );
}

interface CallValues {
  phone: string;
  name?: string;
  villageCode?: string | null;
  category: string;
  product?: string;
  text: string;
  noticeKind?: "supply" | "demand";
  noticeProduct?: string;
  quantity?: string;
  price?: string;
  unit?: string;
}

const CALL_FIELDS = ["phone", "name", "villageCode", "category", "product", "text"];

/** The call form: phone first (the caller recognised with their history), then village, category, the question. */
function CallDrawer(p: { open: boolean; onClose: () => void; onLogged: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<CallValues>();
  const [caller, setCaller] = useState<CallerLookup | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const category = Form.useWatch("category", form);
  const product = Form.useWatch("product", form);
  const text = Form.useWatch("text", form);
  const [related, setRelated] = useState<KnowledgeEntry[]>([]);
  const lastPhone = useRef("");

  useEffect(() => {
    if (!p.open) return;
    form.resetFields();
    setCaller(null);
    setError(null);
    setRelated([]);
    lastPhone.current = "";
  }, [p.open, form]);

  // Related knowledge while the operator types: the product and the first words of the question.
  useEffect(() => {
    const q = [product, (text ?? "").replace(/[^\p{L}\p{N}]+/gu, " ").trim().slice(0, 12)].filter(Boolean).join(" ").trim();
    if (q.length < 2) return setRelated([]);
    const timer = setTimeout(() => {
      searchKnowledge({ q, limit: 3 }).then((r) => setRelated(r.items), () => setRelated([]));
    }, 400);
    return () => clearTimeout(timer);
  }, [product, text]);

  const lookup = async (raw: string) => {
    const phone = raw.trim();
    if (!phone || phone === lastPhone.current) return;
    lastPhone.current = phone;
    try {
      const found = await lookupCaller(phone);
      setCaller(found);
      form.setFields([{ name: "phone", errors: [] }]);
      if (found.caller) {
        if (!form.getFieldValue("name") && found.caller.name) form.setFieldValue("name", found.caller.name);
        if (!form.getFieldValue("villageCode") && found.caller.villageCode) form.setFieldValue("villageCode", found.caller.villageCode);
      }
    } catch (err) {
      setCaller(null);
      if (!applyFieldErrors(form, err, ["phone"])) setError(err);
    }
  };

  const onFinish = async (v: CallValues) => {
    setSaving(true);
    setError(null);
    const body: NewTicket = {
      phone: v.phone,
      name: v.name || null,
      villageCode: v.villageCode || null,
      category: v.category,
      product: v.product || null,
      text: v.text ?? "",
      notice: v.category === "supply_demand" && v.noticeKind ? { kind: v.noticeKind, product: v.noticeProduct ?? "", quantity: v.quantity?.trim() || null, unit: v.unit?.trim() || null, price: v.price || null } : null,
    };
    try {
      const made = await logCall(body);
      void message.success(t("hotline.tickets.logged", { number: made.number }));
      p.onLogged(made.id);
    } catch (err) {
      // Notice problems ("notice.product") have no field of that name: they stand in the alert, labelled.
      if (!applyFieldErrors(form, err, CALL_FIELDS)) setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer open={p.open} onClose={p.onClose} title={t("hotline.tickets.logTitle")} size={720} destroyOnHidden={false} forceRender data-testid="call-drawer">
      {error !== null && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} />}
      <Row gutter={16}>
        <Col xs={24} md={14}>
          <Form<CallValues> form={form} layout="vertical" name="call" onFinish={onFinish} initialValues={{ category: "production" }}>
            <Form.Item name="phone" label={t("hotline.tickets.phone")} rules={[{ required: true, message: t("hotline.duty.required", { label: t("hotline.tickets.phone") }) }]}>
              <Input placeholder={t("hotline.tickets.phonePlaceholder")} onBlur={(e) => void lookup(e.target.value)} onPressEnter={(e) => void lookup((e.target as HTMLInputElement).value)} autoFocus data-testid="call-phone" />
            </Form.Item>
            <QuestionFields prefix="call" initialVillage={caller?.caller?.village ?? null} buttons />
            {category === "supply_demand" && (
              <NoticeFields />
            )}
            <Button type="primary" htmlType="submit" loading={saving} block data-testid="call-submit">
              {t("hotline.tickets.submit")}
            </Button>
          </Form>
        </Col>
        <Col xs={24} md={10}>
          <CallerCard caller={caller} />
          {related.length > 0 && (
            <Card size="small" title={t("hotline.tickets.related")} style={{ marginTop: 12 }} data-testid="related-knowledge">
              <List
                size="small"
                dataSource={related}
                renderItem={(e) => (
                  <List.Item>
                    <List.Item.Meta title={e.title} description={<Typography.Paragraph ellipsis={{ rows: 3, expandable: true, symbol: "…" }}>{e.answer}</Typography.Paragraph>} />
                  </List.Item>
                )}
              />
            </Card>
          )}
        </Col>
      </Row>
    </Drawer>
  );
}

function CallerCard({ caller }: { caller: CallerLookup | null }) {
  const { t } = useTranslation();
  if (!caller) return null;
  if (!caller.caller)
    return (
      <Card size="small" data-testid="caller-card">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("hotline.tickets.newCaller")} />
      </Card>
    );
  const c = caller.caller;
  return (
    <Card size="small" title={t("hotline.tickets.knownCaller", { name: c.name ?? caller.phone, calls: c.calls + 1 })} data-testid="caller-card">
      <Descriptions size="small" column={1} items={[{ key: "v", label: t("hotline.tickets.village"), children: c.village?.fullName ?? "—" }]} />
      <Typography.Text strong>{t("hotline.tickets.history")}</Typography.Text>
      <List
        size="small"
        dataSource={caller.tickets}
        locale={{ emptyText: t("hotline.tickets.noHistory") }}
        data-testid="caller-history"
        renderItem={(h) => (
          <List.Item>
            <Space direction="vertical" size={0} style={{ minWidth: 0, width: "100%" }}>
              <Typography.Text ellipsis>
                <Link to={`/hotline/tickets/${h.id}`}>{h.number}</Link> {when(h.createdAt)} <Tag>{t(`hotline.tickets.status.${h.status}`)}</Tag>
              </Typography.Text>
              <Typography.Text type="secondary" ellipsis>
                {h.product ? `${h.product}：` : ""}
                {h.text}
              </Typography.Text>
              {h.answer && <Typography.Text type="success" ellipsis>{h.answer}</Typography.Text>}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** Supervisors set each category's limits; every row saves on its own, errors shown on the row. */
function LimitsModal(p: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [rows, setRows] = useState<CategoryLimits[]>([]);
  const [edits, setEdits] = useState<Record<string, { responseMinutes: number | null; solutionMinutes: number | null }>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!p.open) return;
    setEdits({});
    setErrors({});
    getCategoryLimits().then(setRows, (err) => void message.error(errorText(err)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.open]);
  const save = async (r: CategoryLimits) => {
    const e = edits[r.code] ?? { responseMinutes: null, solutionMinutes: null };
    try {
      setRows(await setCategoryLimits(r.code, { responseMinutes: e.responseMinutes ?? r.responseMinutes, solutionMinutes: e.solutionMinutes ?? r.solutionMinutes }));
      setEdits((x) => ({ ...x, [r.code]: { responseMinutes: null, solutionMinutes: null } }));
      setErrors((x) => ({ ...x, [r.code]: "" }));
      void message.success(t("common.saved"));
    } catch (err) {
      setErrors((x) => ({ ...x, [r.code]: errorText(err) }));
    }
  };
  const edit = (code: string, key: "responseMinutes" | "solutionMinutes", v: number | null) => setEdits((x) => ({ ...x, [code]: { responseMinutes: null, solutionMinutes: null, ...x[code], [key]: v } }));
  return (
    <Modal open={p.open} onCancel={p.onClose} footer={null} title={t("hotline.tickets.limits")} width={820} data-testid="limits-modal">
      <Typography.Paragraph type="secondary">{t("hotline.tickets.limitsIntro")}</Typography.Paragraph>
      <Table<CategoryLimits>
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t("hotline.tickets.category"), key: "c", render: (_, r) => <>{t(`hotline.categories.${r.code}`)}{r.own && <Tag color="blue" style={{ marginInlineStart: 6 }}>{t("hotline.tickets.ownLimit")}</Tag>}<div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t("hotline.tickets.defaultLimit", { response: r.defaults.responseMinutes, solution: r.defaults.solutionMinutes })}</Typography.Text></div></> },
          { title: t("hotline.tickets.responseLimit"), key: "r", width: 170, render: (_, r) => <InputNumber min={1} value={edits[r.code]?.responseMinutes ?? r.responseMinutes} onChange={(v) => edit(r.code, "responseMinutes", v)} aria-label={`${t(`hotline.categories.${r.code}`)} ${t("hotline.tickets.responseLimit")}`} data-testid={`limit-response-${r.code}`} /> },
          { title: t("hotline.tickets.solutionLimit"), key: "s", width: 170, render: (_, r) => <InputNumber min={1} value={edits[r.code]?.solutionMinutes ?? r.solutionMinutes} onChange={(v) => edit(r.code, "solutionMinutes", v)} aria-label={`${t(`hotline.categories.${r.code}`)} ${t("hotline.tickets.solutionLimit")}`} data-testid={`limit-solution-${r.code}`} /> },
          { title: "", key: "save", width: 200, render: (_, r) => <Space direction="vertical" size={2}><Button size="small" onClick={() => void save(r)} data-testid={`limit-save-${r.code}`}>{t("common.save")}</Button>{errors[r.code] && <Typography.Text type="danger" style={{ fontSize: 12 }}>{errors[r.code]}</Typography.Text>}</Space> },
        ]}
      />
    </Modal>
  );
}
