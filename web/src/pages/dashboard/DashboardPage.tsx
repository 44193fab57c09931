import { DownloadOutlined, EditOutlined, FilePdfOutlined, UnorderedListOutlined } from "@ant-design/icons";
import { dashboardCharts, type DashboardData } from "@yichuang/core";
import { Alert, Button, Card, Col, DatePicker, Flex, Form, Grid, Input, InputNumber, Modal, Row, Select, Skeleton, Statistic, Table, Tag, Tooltip, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { dashboardExcelUrl, dashboardPdfUrl, getDashboard, setBaseline, type DashboardQuery, type RecordKind } from "../../api/dashboard";
import { useUser } from "../../auth/AuthContext";
import { Chart } from "../../components/Chart";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { useErrorText } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { useLocale } from "../../lib/locale";
import { useLoader } from "../../lib/useLoader";
import { useOrg } from "../../org/OrgContext";
import { serverTodayDayjs } from "../../lib/serverTime";

const DAY = "YYYY-MM-DD";
const today = () => serverTodayDayjs();
const quarterStart = (d: Dayjs) => d.month(Math.floor(d.month() / 3) * 3).date(1);

/** The period and department the page shows, kept in the address so a link reproduces the view. */
export function useDashboardQuery(): [DashboardQuery, (q: DashboardQuery) => void] {
  const [params, setParams] = useSearchParams();
  const now = today();
  const q: DashboardQuery = { from: params.get("from") ?? now.subtract(364, "day").format(DAY), to: params.get("to") ?? now.format(DAY), department: params.get("department") ?? undefined };
  return [q, (next) => setParams(Object.fromEntries(Object.entries(next).filter(([, v]) => v)) as Record<string, string>, { replace: true })];
}

const queryString = (q: DashboardQuery & { by?: string }) => new URLSearchParams(Object.entries(q).filter(([, v]) => v) as [string, string][]).toString();
const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
const r2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

/**
 * /dashboard: the article's figures recomputed from the records for a period and a department,
 * each beside the article's number, with the records behind it, the charts, Excel and PDF.
 */
export function DashboardPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const org = useOrg();
  const [q, setQ] = useDashboardQuery();
  const loaded = useLoader(() => getDashboard(q), [q.from, q.to, q.department]);
  const [editing, setEditing] = useState(false);
  const d = loaded.data;
  const charts = useMemo(() => (d ? new Map(dashboardCharts(d, locale === "en" ? "en" : "zh-CN").map((c) => [c.key, c])) : null), [d, locale]);
  const now = today();
  const canSetBaseline = user.roles.includes("leader") || user.roles.includes("supervisor");
  const departments = org.data ? org.data.centres.flatMap((c) => org.data!.departmentsOf(c.id).map((x) => ({ value: x.id, label: locale === "en" ? x.nameEn : x.nameZh, centre: locale === "en" ? c.nameEn : c.nameZh }))) : [];
  const records = (kind: RecordKind) => `/dashboard/records/${kind}?${queryString(q)}`;
  // Below lg the menu folds into the sider's floating button at the content's left edge: keep the intro clear of it.
  const screens = Grid.useBreakpoint();
  const clearOfMenuButton = screens.lg === false ? { paddingInlineStart: 44 } : undefined;

  return (
    <section data-testid="dashboard-page">
      <div style={clearOfMenuButton} data-testid="dashboard-head">
      <PageTitle
        extra={
          <Flex gap={8} wrap>
            <Button icon={<DownloadOutlined aria-hidden />} href={dashboardExcelUrl(q)} data-testid="dashboard-excel">
              {t("dashboard.exportExcel")}
            </Button>
            <Button icon={<FilePdfOutlined aria-hidden />} href={dashboardPdfUrl(q)} data-testid="dashboard-pdf">
              {t("dashboard.exportPdf")}
            </Button>
          </Flex>
        }
      >
        {t("dashboard.title")}
      </PageTitle>
      <Typography.Paragraph type="secondary" data-testid="dashboard-intro">{t("dashboard.intro")}</Typography.Paragraph>
      </div>
      <Flex wrap gap={12} style={{ marginBottom: 16 }} align="center">
        <Typography.Text>{t("dashboard.period")}</Typography.Text>
        <DatePicker.RangePicker
          allowClear={false}
          value={[dayjs(q.from), dayjs(q.to)]}
          onChange={(r) => r?.[0] && r[1] && setQ({ ...q, from: r[0].format(DAY), to: r[1].format(DAY) })}
          disabledDate={(x) => x.isAfter(now, "day")}
          presets={[
            { label: t("dashboard.lastYear"), value: [now.subtract(364, "day"), now] },
            { label: t("evaluation.period.thisYear"), value: [now.month(0).date(1), now] },
            { label: t("evaluation.period.thisQuarter"), value: [quarterStart(now), now] },
            { label: t("evaluation.period.lastQuarter"), value: [quarterStart(now).subtract(3, "month"), quarterStart(now).subtract(1, "day")] },
            { label: t("evaluation.period.thisMonth"), value: [now.date(1), now] },
          ]}
          aria-label={t("dashboard.period")}
          data-testid="dashboard-period"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          placeholder={t("dashboard.allDepartments")}
          value={q.department}
          onChange={(v) => setQ({ ...q, department: v })}
          options={departments}
          style={{ minWidth: 280 }}
          aria-label={t("dashboard.department")}
          data-testid="dashboard-department"
        />
        {d && <Typography.Text type="secondary">{t("dashboard.countedAt", { at: formatDateTime(d.generatedAt).slice(0, 16) })}</Typography.Text>}
      </Flex>
      {loaded.error && <LoadError error={loaded.error} onRetry={loaded.reload} />}
      {!d && !loaded.error && <Skeleton active paragraph={{ rows: 12 }} />}
      {d && charts && (
        <Flex vertical gap={16} style={{ opacity: loaded.loading ? 0.6 : 1 }} data-testid="dashboard-figures" data-from={d.period.from} data-to={d.period.to}>
          <Group title={t("dashboard.groups.forms")} def={t("dashboard.defs.forms")} extra={<Link to="/forms/QY-SL-LLC">{t("dashboard.records")}</Link>}>
            <Figures>
              <Figure id="unifiedFields" title={t("dashboard.f.unifiedFields")} value={d.forms.unifiedFields} unit={t("dashboard.unit.fields")} article={52} />
              <Figure id="legacyFields" title={d.department ? t("dashboard.f.legacyFields") : t("dashboard.f.legacyFieldsAll")} value={d.forms.legacyFields} unit={t("dashboard.unit.fields")} article={d.department ? undefined : 147} notApplicable={!d.forms.applicable} />
              <Figure id="applications" title={t("dashboard.f.applications")} value={d.forms.applications} unit={t("dashboard.unit.cases")} notApplicable={!d.forms.applicable} />
            </Figures>
            {!d.forms.applicable && <Alert type="info" showIcon title={t("dashboard.notApplicableForms")} style={{ marginBottom: 12 }} data-testid="forms-not-applicable" />}
            <Row gutter={16}>
              <Col xs={24} lg={12}>
                <Chart option={charts.get("formFields")!.option} label={charts.get("formFields")!.title} testId="chart-formFields" />
              </Col>
              <Col xs={24} lg={12}>
                <Table
                  size="small"
                  rowKey="department"
                  pagination={false}
                  dataSource={d.forms.departments}
                  columns={[
                    { title: t("dashboard.cols.department"), dataIndex: "department" },
                    { title: t("dashboard.cols.legacy"), dataIndex: "legacyFields" },
                    { title: t("dashboard.cols.asked"), dataIndex: "askedFields" },
                    { title: t("dashboard.cols.derived"), dataIndex: "derivedFields" },
                    { title: t("dashboard.cols.repeated"), dataIndex: "repeatedFields" },
                  ]}
                  data-testid="table-formFields"
                />
              </Col>
            </Row>
          </Group>

          <Group title={t("dashboard.groups.cases")} def={t("dashboard.defs.cases")} extra={<Link to={records("cases")} data-testid="records-cases"><UnorderedListOutlined aria-hidden /> {t("dashboard.records")}</Link>}>
            <Figures>
              <Figure id="cases" title={d.cases.scope === "tasks" ? t("dashboard.f.tasksDone") : t("dashboard.f.casesDone")} value={d.cases.cases} unit={t("dashboard.unit.cases")} />
              <Figure id="promised" title={t("dashboard.f.promised")} value={d.cases.promisedDays} unit={t("dashboard.unit.days")} article={2} />
              <Figure id="former" title={t("dashboard.f.former")} value={d.cases.formerDays} unit={t("dashboard.unit.days")} article={9} />
              <Figure id="legal" title={t("dashboard.f.legal")} value={d.cases.legalDays} unit={t("dashboard.unit.days")} />
              <Figure id="averageDays" title={t("dashboard.f.average")} value={r2(d.cases.averageDays)} unit={t("dashboard.unit.days")} decimals={2} />
              <Figure id="medianDays" title={t("dashboard.f.median")} value={d.cases.medianDays} unit={t("dashboard.unit.days")} />
              <Figure id="withinPromise" title={t("dashboard.f.withinPromise")} value={pct(d.cases.withinPromiseShare)} unit="%" />
              <Figure id="sameDay" title={t("dashboard.f.sameDay")} value={pct(d.cases.sameDayShare)} unit="%" />
            </Figures>
            <Row gutter={16}>
              <Col xs={24} lg={12}>
                <Chart option={charts.get("caseDays")!.option} label={charts.get("caseDays")!.title} testId="chart-caseDays" />
              </Col>
              <Col xs={24} lg={12}>
                <Chart option={charts.get("caseHistogram")!.option} label={charts.get("caseHistogram")!.title} testId="chart-caseHistogram" />
              </Col>
            </Row>
          </Group>

          <Group
            title={t("dashboard.groups.process")}
            def={t("dashboard.defs.process")}
            extra={
              canSetBaseline && (
                <Button size="small" icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)} data-testid="baseline-edit">
                  {t("dashboard.setBaseline")}
                </Button>
              )
            }
          >
            <Figures>
              <Figure id="steps" title={t("dashboard.f.steps")} value={r2(d.process.averageSteps)} unit={t("dashboard.unit.steps")} decimals={2} />
              <Figure id="shorter" title={t("dashboard.f.shorter")} value={pct(d.process.shorter)} unit="%" article={20} />
              <Figure id="faster" title={t("dashboard.f.faster")} value={pct(d.process.faster)} unit="%" article={70} />
            </Figures>
            <Typography.Text type="secondary" data-testid="baseline">
              {d.process.baseline
                ? `${t("dashboard.baseline")}：${d.process.baseline.steps} ${t("dashboard.unit.steps")}、${d.process.baseline.workingDays} ${t("dashboard.unit.days")}${d.process.baseline.note ? `（${d.process.baseline.note}）` : ""}，${t("dashboard.baselineSetBy", { by: d.process.baseline.setBy ?? "—", at: d.process.baseline.setAt.slice(0, 10) })}`
                : t("dashboard.baselineNone")}
            </Typography.Text>
          </Group>

          <Group
            title={t("dashboard.groups.outreach")}
            def={t("dashboard.defs.outreach")}
            extra={
              <Flex gap={12}>
                <Link to={records("teams")} data-testid="records-teams">{t("dashboard.kinds.teams")}</Link>
                <Link to={records("events")} data-testid="records-events"><UnorderedListOutlined aria-hidden /> {t("dashboard.records")}</Link>
              </Flex>
            }
          >
            <Figures>
              <Figure id="teams" title={t("dashboard.f.teams")} value={d.outreach.teams} unit={t("dashboard.unit.teams")} article={212} />
              <Figure id="events" title={t("dashboard.f.events")} value={d.outreach.events} unit={t("dashboard.unit.events")} article={3200} />
              <Figure id="problems" title={t("dashboard.f.problems")} value={d.outreach.problemsSolved} unit={t("dashboard.unit.problems")} article={17000} />
              <Figure id="people" title={t("dashboard.f.people")} value={d.outreach.peopleServed} unit={t("dashboard.unit.people")} article={135000} />
              <Figure id="pending" title={t("dashboard.f.pending")} value={d.outreach.pending} unit={t("dashboard.unit.events")} />
            </Figures>
            <Row gutter={16}>
              <Col xs={24} lg={13}>
                <Chart option={charts.get("outreachMonths")!.option} label={charts.get("outreachMonths")!.title} testId="chart-outreachMonths" />
              </Col>
              <Col xs={24} lg={11}>
                <Table
                  size="small"
                  rowKey="departmentId"
                  pagination={{ pageSize: 6, size: "small" }}
                  dataSource={d.outreach.byDepartment}
                  columns={[
                    { title: t("dashboard.cols.office"), dataIndex: "department", ellipsis: true },
                    { title: t("dashboard.cols.teams"), dataIndex: "teams", width: 70 },
                    { title: t("dashboard.cols.events"), dataIndex: "events", width: 70 },
                    { title: t("dashboard.cols.people"), dataIndex: "peopleServed", width: 90 },
                  ]}
                  data-testid="table-byDepartment"
                />
              </Col>
            </Row>
          </Group>

          <Group
            title={t("dashboard.groups.hotline")}
            def={t("dashboard.defs.hotline")}
            extra={
              d.hotline.applicable && (
                <Flex gap={12}>
                  <Link to={records("tickets")} data-testid="records-tickets">{t("dashboard.kinds.tickets")}</Link>
                  <Link to={records("broadcasts")} data-testid="records-broadcasts">{t("dashboard.kinds.broadcasts")}</Link>
                </Flex>
              )
            }
          >
            {!d.hotline.applicable ? (
              <Alert type="info" showIcon title={t("dashboard.notApplicableHotline")} />
            ) : (
              <>
                <Figures>
                  <Figure id="calls" title={t("dashboard.f.calls")} value={d.hotline.calls} unit={t("dashboard.unit.calls")} />
                  <Figure id="byPhone" title={t("dashboard.f.byPhone")} value={d.hotline.answeredByPhone} unit={t("dashboard.unit.calls")} />
                  <Figure id="transferred" title={t("dashboard.f.transferred")} value={d.hotline.transferred} unit={t("dashboard.unit.calls")} />
                  <Figure id="visits" title={t("dashboard.f.visits")} value={d.hotline.visits} unit={t("dashboard.unit.calls")} />
                  <Figure id="open" title={t("dashboard.f.open")} value={d.hotline.open} unit={t("dashboard.unit.calls")} />
                  <Figure id="notices" title={t("dashboard.f.notices")} value={d.hotline.noticesBroadcast} unit={t("dashboard.unit.messages")} />
                  <Figure id="smsSent" title={t("dashboard.f.smsSent")} value={d.hotline.smsSent} unit={t("dashboard.unit.messages")} />
                  <Figure id="smsDelivered" title={t("dashboard.f.smsDelivered")} value={d.hotline.smsDelivered} unit={t("dashboard.unit.messages")} />
                </Figures>
                <Row gutter={16}>
                  <Col xs={24} lg={12}>
                    <Chart option={charts.get("hotlineResolution")!.option} label={charts.get("hotlineResolution")!.title} testId="chart-hotlineResolution" />
                  </Col>
                  <Col xs={24} lg={12}>
                    <Chart option={charts.get("smsMonths")!.option} label={charts.get("smsMonths")!.title} testId="chart-smsMonths" />
                  </Col>
                </Row>
              </>
            )}
          </Group>

          <Group title={t("dashboard.groups.evaluation")} def={t("dashboard.defs.evaluation")} extra={<Link to={`/evaluation/figures?${queryString({ ...q, by: "month" })}`} data-testid="records-evaluation">{t("dashboard.records")}</Link>}>
            <Figures>
              <Figure id="completed" title={t("dashboard.f.completed")} value={d.evaluation.completed} unit="" />
              <Figure id="goodRate" title={t("dashboard.f.goodRate")} value={pct(d.evaluation.goodRate)} unit="%" />
              <Figure id="activeGoodRate" title={t("dashboard.f.activeGoodRate")} value={pct(d.evaluation.activeGoodRate)} unit="%" />
              <Figure id="unratedRate" title={t("dashboard.f.unratedRate")} value={pct(d.evaluation.unratedRate)} unit="%" />
            </Figures>
            <Chart option={charts.get("evaluationMonths")!.option} label={charts.get("evaluationMonths")!.title} height={260} testId="chart-evaluationMonths" />
          </Group>

          <Group title={t("dashboard.groups.stars")} extra={<Link to="/stars">{t("menu.stars")}</Link>}>
            {d.stars.length === 0 ? (
              <Typography.Text type="secondary">{t("dashboard.starsNone")}</Typography.Text>
            ) : (
              <Flex vertical gap={8} data-testid="dashboard-stars">
                {d.stars.map((s) => (
                  <Flex key={s.quarter} gap={8} wrap align="center">
                    <Tag color={s.closed ? "gold" : "default"}>
                      {s.quarter} {s.closed ? t("dashboard.closed") : t("dashboard.provisional")}
                    </Tag>
                    {s.stars.map((x) => (
                      <Tooltip key={x.name} title={`${x.department ?? ""} ${x.window ?? ""}`}>
                        <Tag>
                          {x.name}
                          {x.streak > 1 ? ` · ${t("dashboard.streak", { n: x.streak })}` : ""}
                        </Tag>
                      </Tooltip>
                    ))}
                  </Flex>
                ))}
              </Flex>
            )}
          </Group>
        </Flex>
      )}
      {d && <BaselineModal open={editing} data={d} onClose={() => setEditing(false)} onSaved={() => (setEditing(false), loaded.reload())} />}
    </section>
  );
}

function Group({ title, def, extra, children }: { title: string; def?: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <Card title={title} extra={extra} size="small">
      {def && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {def}
        </Typography.Paragraph>
      )}
      {children}
    </Card>
  );
}

function Figures({ children }: { children: ReactNode }) {
  return (
    <Flex wrap gap={24} style={{ marginBottom: 12 }}>
      {children}
    </Flex>
  );
}

/** One figure from the records, with the article's number beside it where the article gives one. */
function Figure({ id, title, value, unit, article, decimals, notApplicable }: { id: string; title: string; value: number | null; unit: string; article?: number; decimals?: number; notApplicable?: boolean }) {
  const { t } = useTranslation();
  return (
    <div style={{ minWidth: 130 }} data-testid={`fig-${id}`} data-value={notApplicable ? "n/a" : (value ?? "")}>
      <Statistic title={title} value={notApplicable ? t("dashboard.notApplicable") : (value ?? "—")} precision={value === null || notApplicable ? undefined : decimals} suffix={value === null || notApplicable ? undefined : unit} />
      {article !== undefined && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("dashboard.article", { value: `${article.toLocaleString()}${unit === "%" ? "%" : ` ${unit}`}` })}
        </Typography.Text>
      )}
    </div>
  );
}

function BaselineModal(p: { open: boolean; data: DashboardData; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ steps: number; workingDays: number; note?: string }>();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const b = p.data.process.baseline;
  // Filled when it opens (not after its animation: what is typed meanwhile must stay).
  useEffect(() => {
    if (!p.open) return;
    form.setFieldsValue({ steps: b?.steps, workingDays: b?.workingDays, note: b?.note ?? "" });
    setError(null);
  }, [p.open]);
  return (
    <Modal
      open={p.open}
      forceRender
      title={t("dashboard.baselineTitle")}
      onCancel={p.onClose}
      okText={t("common.save")}
      confirmLoading={saving}
      onOk={() => form.submit()}
      data-testid="baseline-modal"
    >
      <Typography.Paragraph type="secondary">{t("dashboard.baselineHint")}</Typography.Paragraph>
      {error !== null && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          setSaving(true);
          setError(null);
          try {
            await setBaseline({ steps: Number(v.steps), workingDays: Number(v.workingDays), note: v.note || null });
            p.onSaved();
          } catch (err) {
            setError(err);
          } finally {
            setSaving(false);
          }
        }}
      >
        <Form.Item name="steps" label={t("dashboard.baselineSteps")} rules={[{ required: true, message: t("hotline.duty.required", { label: t("dashboard.baselineSteps") }) }]}>
          <InputNumber min={1} max={100} step={0.5} style={{ width: "100%" }} data-testid="baseline-steps" />
        </Form.Item>
        <Form.Item name="workingDays" label={t("dashboard.baselineDays")} rules={[{ required: true, message: t("hotline.duty.required", { label: t("dashboard.baselineDays") }) }]}>
          <InputNumber min={0.5} max={365} step={0.5} style={{ width: "100%" }} data-testid="baseline-days" />
        </Form.Item>
        <Form.Item name="note" label={t("dashboard.baselineNote")}>
          <Input.TextArea rows={2} maxLength={200} data-testid="baseline-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
