import type ExcelJS from "exceljs";
import { addSheet, workbook, xlsxBytes } from "../shared/excel.js";
import { GUIDES, dashboardCharts, findPlace, HOTLINE_CATEGORIES, periodInstants, workingDaysTaken, type ApplicationData, type DashboardData } from "@yichuang/core";
import { audit } from "../audit/audit.service.js";
import { authorize } from "../identity/policy.js";
import * as outreach from "../outreach/outreach.repository.js";
import { requireActor, type RequestContext } from "../shared/request-context.js";
import * as repo from "./dashboard.repository.js";
import { counted, resolveQuery, type DashboardDeps, type DashboardQuery } from "./dashboard.service.js";

/**
 * The records behind each figure, as tables (a page for the browser, every row for Excel), and the
 * dashboard itself as a workbook. A table is columns (zh-CN and English headers) and rows of plain
 * values, so one renderer serves the page and one writer the spreadsheet.
 */

/** The tables of records the dashboard links to. */
export const RECORD_KINDS = ["cases", "events", "teams", "tickets", "broadcasts"] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export interface RecordColumn {
  key: string;
  zh: string;
  en: string;
  /** Excel column width in characters. */
  width: number;
  /** English for the column's coded values (状态, 渠道 …), cell value (zh-CN) → English; names and places stay as written. */
  valuesEn?: Record<string, string>;
}

export interface RecordTable {
  kind: RecordKind;
  title: { zh: string; en: string };
  columns: RecordColumn[];
  rows: Record<string, string | number | null>[];
  total: number;
  /** Sums over the whole filter, where the figure is one (e.g. people served). */
  totals?: Record<string, number>;
}

const col = (key: string, zh: string, en: string, width = 14, values?: Record<string, readonly [string, string]>): RecordColumn => ({ key, zh, en, width, ...(values ? { valuesEn: Object.fromEntries(Object.values(values)) } : {}) });
/** Coded values: code → [zh-CN, English]. Cells hold the zh-CN; the column carries the English. */
const CHANNEL = { phone: ["电话", "Phone"], web: ["网上", "Web"], open311: ["Open311", "Open311"] } as const satisfies Record<string, readonly [string, string]>;
const STATUS: Record<string, readonly [string, string]> = { open: ["待处理", "Open"], transferred: ["已转专家", "With a specialist"], visit: ["上门中", "Visit under way"], closed: ["已办结", "Closed"], submitted: ["待确认", "To confirm"], confirmed: ["已确认", "Confirmed"], returned: ["已退回", "Returned"], draft: ["待审批", "Awaiting approval"], approved: ["已审批", "Approved"], sending: ["发送中", "Sending"], done: ["已发完", "Sent"], cancelled: ["已取消", "Cancelled"] };
const RESOLUTION = { phone: ["电话解答", "Answered by phone"], specialist: ["转专家解答", "Answered by a specialist"], visit: ["上门服务", "Visit on site"] } as const satisfies Record<string, readonly [string, string]>;
const SATISFACTION = { satisfied: ["满意", "Satisfied"], basic: ["基本满意", "Mostly satisfied"], unsatisfied: ["不满意", "Unsatisfied"], unreachable: ["未联系上", "Not reached"] } as const satisfies Record<string, readonly [string, string]>;
const TEAM_STATE = { active: ["在册", "On the register"], stoodDown: ["已撤销", "Stood down"] } as const;
const DECIDED = { auto: ["自动核准", "Automatic approval"] } as const;
const CATEGORY: Record<string, readonly [string, string]> = Object.fromEntries(HOTLINE_CATEGORIES.map((c) => [c.code, [c.zh, c.en] as const]));
const zh = (values: Record<string, readonly [string, string]>, code: string) => values[code]?.[0] ?? code;
/** The departments whose review tasks make a department's case figures (the registration's five). */
const REVIEWING = new Set(GUIDES[0]!.departments.map((d) => d.department));

/** One table of records behind the dashboard's figures, for the period and department. */
export async function records(deps: DashboardDeps, ctx: RequestContext, kind: RecordKind, q: DashboardQuery, page: { limit: number; offset: number }): Promise<RecordTable> {
  authorize(requireActor(ctx), "dashboard.read");
  const { period, department } = await resolveQuery(deps.db, q);
  const instants = periodInstants(period);
  const { db } = deps;
  const calendar = await deps.calendar.get();
  if (kind === "cases" && department && REVIEWING.has(department.code)) {
    // A department's figure is its own review tasks: these are its records.
    const r = await repo.taskRecords(db, period, { departmentCode: department.code, ...page });
    return {
      kind,
      title: { zh: `${department.name_zh}办结的审查任务`, en: `Review tasks completed by ${department.name_en}` },
      columns: [col("number", "办件编号", "Case", 16), col("company", "企业名称", "Company", 30), col("startedDate", "受理日期", "Accepted", 12), col("decidedDate", "办结日期", "Decided", 12), col("days", "实际用时（工作日）", "Working days", 10), col("promised", "承诺时限", "Promised", 9), col("legal", "法定时限", "Legal limit", 9), col("decidedBy", "审核人", "Decided by", 10, DECIDED)],
      rows: r.items.map((x) => ({ number: x.number, company: companyName(x.data), startedDate: x.started_date, decidedDate: x.decided_date, days: workingDaysTaken(calendar, x.started_date, x.decided_date!, Number(x.paused_working_days)).days, promised: Number(x.promised_days), legal: Number(x.legal_days), decidedBy: x.auto ? DECIDED.auto[0] : x.decided_by })),
      total: r.total,
    };
  }
  if (kind === "cases") {
    const r = await repo.caseRecords(db, period, { departmentCode: department?.code, ...page });
    return {
      kind,
      title: { zh: "办结案件", en: "Completed cases" },
      columns: [col("number", "办件编号", "Case", 16), col("company", "企业名称", "Company", 30), col("uscc", "统一社会信用代码", "USCC", 22), col("acceptedDate", "受理日期", "Accepted", 12), col("completedDate", "办结日期", "Completed", 12), col("days", "实际用时（工作日）", "Working days", 10), col("promised", "承诺时限", "Promised", 9), col("legal", "法定时限", "Legal limit", 9), col("rounds", "补正次数", "Supplements", 9), col("steps", "流程环节", "Steps", 8), col("acceptedBy", "受理人", "Accepted by", 10)],
      rows: r.items.map((c) => ({
        number: c.number,
        company: companyName(c.data),
        uscc: c.uscc,
        acceptedDate: c.accepted_date,
        completedDate: c.completed_date,
        days: workingDaysTaken(calendar, c.accepted_date!, c.completed_date!, Number(c.paused_working_days)).days,
        promised: Number(c.promised ?? 0),
        legal: Number(c.legal ?? 0),
        rounds: Number(c.supplement_round),
        steps: 4 + Number(c.supplement_round),
        acceptedBy: c.accepted_by,
      })),
      total: r.total,
    };
  }
  if (kind === "events" || kind === "teams") {
    if (kind === "teams") {
      // The teams the figure counts (on the register during the period), with the period's confirmed events.
      const r = await outreach.listTeams(db, { departmentId: department?.id, during: instants, eventsIn: period, ...page });
      return {
        kind,
        title: { zh: "期间在册的机关服务队", en: "Service teams on the register in the period" },
        columns: [col("department", "所属单位", "Office", 26), col("name", "服务队", "Team", 26), col("brand", "服务品牌", "Brand", 12), col("leader", "队长", "Leader", 10), col("members", "队员人数", "Members", 9), col("events", "期间已确认活动", "Confirmed events in the period", 10), col("active", "状态", "State", 8, TEAM_STATE), col("stoodDown", "撤销日期", "Stood down", 12)],
        rows: r.items.map((t) => ({ department: t.department_name, name: t.name, brand: t.brand, leader: t.leader_name, members: Number(t.members ?? 0), events: Number(t.events ?? 0), active: t.active ? TEAM_STATE.active[0] : TEAM_STATE.stoodDown[0], stoodDown: t.stood_down_at ? local(t.stood_down_at)!.slice(0, 10) : null })),
        total: r.total,
      };
    }
    const r = await outreach.listEvents(db, { from: period.from, to: period.to, departmentId: department?.id, status: "confirmed", ...page });
    return {
      kind,
      title: { zh: "服务队走访活动（已确认）", en: "Outreach events (confirmed)" },
      columns: [col("date", "日期", "Date", 12), col("department", "所属单位", "Office", 24), col("team", "服务队", "Team", 24), col("place", "地点", "Place", 34), col("activity", "服务内容", "What was done", 44), col("problems", "解决问题", "Problems solved", 9), col("people", "服务人次", "People served", 9)],
      rows: r.items.map((e) => ({ date: e.event_date, department: e.department_name, team: e.team_name, place: findPlace(e.place_code)?.fullName ?? e.place_code, activity: e.activity, problems: Number(e.problems_solved), people: Number(e.people_served) })),
      total: r.total,
      totals: { problems: r.problemsSolved, people: r.peopleServed },
    };
  }
  const centreId = department && department.centre_kind === "farm" ? department.centre_id : undefined;
  const farm = !department || department.centre_kind === "farm";
  if (kind === "tickets") {
    const r = farm ? await repo.ticketRecords(db, instants.from, instants.to, { centreId, ...page }) : { total: 0, items: [] };
    return {
      kind,
      title: { zh: "12316 来电工单", en: "12316 tickets" },
      columns: [col("number", "工单号", "Ticket", 18), col("createdAt", "来电时间", "Logged", 17), col("channel", "渠道", "Channel", 8, CHANNEL), col("category", "类别", "Category", 12, CATEGORY), col("product", "品种", "Product", 10), col("place", "村（社区）", "Village", 30), col("status", "状态", "Status", 8, STATUS), col("resolution", "处理方式", "Resolution", 10, RESOLUTION), col("assignee", "经办专家", "Expert", 10), col("satisfaction", "回访满意度", "Satisfaction", 10, SATISFACTION)],
      rows: r.items.map((t) => ({
        number: t.number,
        createdAt: local(t.created_at),
        channel: zh(CHANNEL, t.channel),
        category: zh(CATEGORY, t.category),
        product: t.product,
        place: t.village_code ? (findPlace(t.village_code)?.fullName ?? t.village_code) : null,
        status: zh(STATUS, t.status),
        resolution: t.resolution ? zh(RESOLUTION, t.resolution) : null,
        assignee: t.assignee,
        satisfaction: t.satisfaction ? zh(SATISFACTION, t.satisfaction) : null,
      })),
      total: r.total,
    };
  }
  const r = farm ? await repo.broadcastRecords(db, instants.from, instants.to, page) : { total: 0, items: [] };
  return {
    kind,
    title: { zh: "供求信息短信群发", en: "Supply/demand broadcasts" },
    columns: [col("approvedAt", "审批时间", "Approved", 17), col("notice", "供求信息", "Notice", 14), col("body", "短信内容", "Message", 50), col("audience", "接收人数", "Recipients", 9), col("sent", "已发出", "Sent", 9), col("delivered", "已送达", "Delivered", 9), col("status", "状态", "Status", 8, STATUS)],
    rows: r.items.map((b) => ({ approvedAt: local(b.approved_at), notice: b.notice_product ? `${b.notice_kind === "supply" ? "供应" : "求购"}${b.notice_product}` : null, body: b.body, audience: Number(b.audience), sent: Number(b.sent ?? 0), delivered: Number(b.delivered ?? 0), status: zh(STATUS, b.status) })),
    total: r.total,
  };
}

/** The company's name in an application's data (values.name). */
function companyName(data: string): string | null {
  try {
    const name = (JSON.parse(data) as ApplicationData).values?.name;
    return typeof name === "string" ? name : null;
  } catch {
    return null;
  }
}

/** An instant as Asia/Shanghai local time, YYYY-MM-DD HH:mm. */
const local = (iso: string | null) => (iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ") : null);

/** A table of records as a one-sheet workbook (every row of the filter). */
export async function recordsWorkbook(deps: DashboardDeps, ctx: RequestContext, kind: RecordKind, q: DashboardQuery): Promise<Buffer> {
  const table = await records(deps, ctx, kind, q, { limit: 100_000, offset: 0 });
  const wb = workbook();
  addTable(wb, table.title.zh, table.columns, table.rows, table.totals);
  await audit(deps.db, ctx, { action: "dashboard.records.export", entity: "dashboard", entityId: kind, detail: { ...q, rows: table.rows.length } });
  return xlsxBytes(wb);
}

function addTable(wb: ExcelJS.Workbook, name: string, columns: RecordColumn[], rows: Record<string, string | number | null>[], totals?: Record<string, number>) {
  return addSheet(wb, name, columns.map((c) => ({ key: c.key, header: c.zh, width: c.width })), rows, totals);
}

const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
const r1 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

/** What a figure that is not the department's work reads as. */
export const NOT_APPLICABLE = "不适用";

/** One figure of the overview; `decimals` fixes how it is printed (mean days: 2, as on the page and the chart). */
export interface OverviewRow {
  group: string;
  figure: string;
  value: number | string | null;
  unit: string;
  article: number | string | null;
  decimals?: number;
}

/** The dashboard's figures, each with the article's number where it gives one, as rows. */
export function overviewRows(d: DashboardData): OverviewRow[] {
  const h = d.hotline;
  const e = d.evaluation;
  const na = (x: number | null) => (d.forms.applicable ? x : NOT_APPLICABLE);
  const rows: OverviewRow[] = [
    { group: "一表制", figure: "一表填写字段", value: d.forms.unifiedFields, unit: "项", article: 52 },
    { group: "一表制", figure: d.department ? `${d.department.name}原表字段` : "原五张表字段合计", value: na(d.forms.legacyFields), unit: d.forms.applicable ? "项" : "", article: d.department ? null : 147 },
    { group: "一表制", figure: "期间通过一表提交的申请", value: na(d.forms.applications), unit: d.forms.applicable ? "件" : "", article: null },
    { group: "办件时限", figure: d.cases.scope === "tasks" ? "办结审查任务" : "办结案件", value: d.cases.cases, unit: "件", article: null },
    { group: "办件时限", figure: "承诺时限", value: d.cases.promisedDays, unit: "工作日", article: 2 },
    { group: "办件时限", figure: "改革前时限（中心基线）", value: d.cases.formerDays, unit: "工作日", article: 9 },
    { group: "办件时限", figure: "法定时限", value: d.cases.legalDays, unit: "工作日", article: null },
    { group: "办件时限", figure: "实际平均用时", value: r1(d.cases.averageDays), unit: "工作日", article: null, decimals: 2 },
    { group: "办件时限", figure: "实际用时中位数", value: d.cases.medianDays, unit: "工作日", article: null },
    { group: "办件时限", figure: "在承诺时限内办结", value: pct(d.cases.withinPromiseShare), unit: "%", article: null },
    { group: "办件时限", figure: "当天办结", value: pct(d.cases.sameDayShare), unit: "%", article: null },
    { group: "流程", figure: "平均流程环节", value: r1(d.process.averageSteps), unit: "个", article: null, decimals: 2 },
    { group: "流程", figure: "改革前流程环节（中心基线）", value: d.process.baseline?.steps ?? null, unit: "个", article: null },
    { group: "流程", figure: "流程缩短", value: pct(d.process.shorter), unit: "%", article: 20 },
    { group: "流程", figure: "办理提速（节省用时）", value: pct(d.process.faster), unit: "%", article: 70 },
    { group: "机关服务队", figure: "服务队", value: d.outreach.teams, unit: "支", article: 212 },
    { group: "机关服务队", figure: "走访服务活动（已确认）", value: d.outreach.events, unit: "次", article: 3200 },
    { group: "机关服务队", figure: "解决问题", value: d.outreach.problemsSolved, unit: "个", article: 17000 },
    { group: "机关服务队", figure: "服务群众", value: d.outreach.peopleServed, unit: "人次", article: 135000 },
    { group: "机关服务队", figure: "待确认活动", value: d.outreach.pending, unit: "次", article: null },
  ];
  if (h.applicable) {
    rows.push(
      { group: "12316", figure: "来电及网上咨询", value: h.calls, unit: "件", article: null },
      { group: "12316", figure: "电话解答", value: h.answeredByPhone, unit: "件", article: null },
      { group: "12316", figure: "转专家解答", value: h.transferred, unit: "件", article: null },
      { group: "12316", figure: "上门服务", value: h.visits, unit: "件", article: null },
      { group: "12316", figure: "处理中", value: h.open, unit: "件", article: null },
      { group: "12316", figure: "群发的供求信息", value: h.noticesBroadcast, unit: "条", article: null },
      { group: "12316", figure: "短信群发", value: h.broadcasts, unit: "次", article: null },
      { group: "12316", figure: "短信发出", value: h.smsSent, unit: "条", article: null },
      { group: "12316", figure: "短信送达", value: h.smsDelivered, unit: "条", article: null },
    );
  }
  rows.push(
    { group: "好差评", figure: "办结业务", value: e.completed, unit: "笔", article: null },
    { group: "好差评", figure: "好评率", value: pct(e.goodRate), unit: "%", article: null },
    { group: "好差评", figure: "主动评价好评率", value: pct(e.activeGoodRate), unit: "%", article: null },
    { group: "好差评", figure: "未评价率", value: pct(e.unratedRate), unit: "%", article: null },
  );
  for (const q of d.stars) rows.push({ group: "服务明星", figure: `${q.quarter}${q.closed ? "" : "（暂列）"}`, value: q.stars.map((s) => s.name).join("、") || "—", unit: "", article: null });
  return rows;
}

/** The dashboard as a workbook: the overview with the article's figures, then every table of the page. */
export async function dashboardWorkbook(deps: DashboardDeps, ctx: RequestContext, q: DashboardQuery): Promise<Buffer> {
  authorize(requireActor(ctx), "dashboard.read");
  const { period, department } = await resolveQuery(deps.db, q);
  const d = await counted(deps, period, department);
  const wb = workbook();
  const overview = addTable(wb, "概览", [col("group", "类别", "Group", 12), col("figure", "指标", "Figure", 30), col("value", "平台统计", "Platform", 14), col("unit", "单位", "Unit", 8), col("article", "文章数据", "Article", 12)], overviewRows(d).map(({ decimals: _, ...r }) => r));
  overview.insertRow(1, [`${d.centreName} 统计看板：${period.from} 至 ${period.to}${department ? `，${department.name_zh}` : "，全部部门"}`]);
  overview.getRow(1).font = { bold: true, size: 13 };
  addTable(wb, "表单字段", [col("department", "部门", "Department", 10), col("formCode", "原表", "Form", 22), col("version", "版本", "Version", 6), col("legacyFields", "原表字段", "Legacy fields", 10), col("askedFields", "一表提供", "Asked", 10), col("derivedFields", "平台生成", "Derived", 10), col("issuedFields", "前序签发", "Issued", 10), col("repeatedFields", "重复项", "Repeated", 10)], d.forms.departments);
  addTable(wb, "办结用时分布", [col("days", "实际用时（工作日）", "Working days", 18), col("cases", "件数", "Cases", 10)], d.cases.histogram.map((h) => ({ days: h.orMore ? `${h.days} 及以上` : h.days, cases: h.cases })));
  addTable(wb, "办件按月", [col("month", "月份", "Month", 10), col("cases", "办结", "Completed", 10), col("averageDays", "平均用时", "Mean days", 10), col("sameDay", "当天办结", "Same day", 10)], d.cases.byMonth.map((m) => ({ ...m, averageDays: r1(m.averageDays) })));
  addTable(wb, "服务队按单位", [col("department", "所属单位", "Office", 28), col("teams", "服务队", "Teams", 8), col("events", "活动", "Events", 8), col("problemsSolved", "解决问题", "Problems", 10), col("peopleServed", "服务人次", "People", 10)], d.outreach.byDepartment);
  addTable(wb, "服务队按月", [col("month", "月份", "Month", 10), col("events", "活动", "Events", 8), col("problemsSolved", "解决问题", "Problems", 10), col("peopleServed", "服务人次", "People", 10)], d.outreach.byMonth);
  if (d.hotline.applicable) addTable(wb, "12316按月", [col("month", "月份", "Month", 10), col("calls", "来电", "Calls", 8), col("smsSent", "短信发出", "SMS sent", 10), col("smsDelivered", "短信送达", "Delivered", 10)], d.hotline.byMonth);
  addTable(wb, "好差评按月", [col("month", "月份", "Month", 10), col("completed", "办结业务", "Completed", 10), col("rated", "主动评价", "Rated", 10), col("good", "好评", "Good", 8), col("activeGoodRate", "主动评价好评率%", "Active good %", 14), col("unratedRate", "未评价率%", "Unrated %", 10)], d.evaluation.byMonth.map((m) => ({ ...m, activeGoodRate: pct(m.activeGoodRate), unratedRate: pct(m.unratedRate) })));
  addTable(
    wb,
    "服务明星",
    [col("quarter", "季度", "Quarter", 10), col("state", "状态", "State", 8), col("rank", "名次", "Rank", 6), col("name", "姓名", "Name", 10), col("staffNo", "工号", "Staff no.", 10), col("department", "部门", "Department", 24), col("window", "窗口", "Window", 20), col("ratings", "主动评价", "Ratings", 10), col("goodShare", "好评率%", "Good %", 10), col("streak", "连续季度", "Streak", 8)],
    d.stars.flatMap((q) => q.stars.map((s) => ({ quarter: q.quarter, state: q.closed ? "已评定" : "暂列", ...s, goodShare: pct(s.goodShare) }))),
  );
  // The charts' figures are the tables above; the chart titles name them for the reader.
  wb.addWorksheet("说明").addRows([["图表"], ...dashboardCharts(d).map((c) => [c.title])]);
  await audit(deps.db, ctx, { action: "dashboard.export", entity: "dashboard", entityId: null, detail: { ...q } });
  return xlsxBytes(wb);
}
