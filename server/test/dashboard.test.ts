import path from "node:path";
import ExcelJS from "exceljs";
import { PDFParse } from "pdf-parse";
import { GUIDES, JIAXING_FORMS, addDays, isWorkingDay, shanghaiDate } from "@yichuang/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileStore } from "../src/cases/files.js";
import { generateDemo, type DemoSummary } from "../src/demo/generate.js";
import { type Client, startTestApp, type TestApp } from "./helpers/harness.js";

/**
 * The dashboard's figures against counts made here, independently, from the same records (plain
 * selects and loops, not the dashboard's queries), over the generated demo year (scale 0.05).
 */
let t: TestApp;
let leader: Client;
let demo: DemoSummary;
const today = shanghaiDate();
const from = addDays(today, -364);
const period = `from=${from}&to=${today}`;
/** An instant's day in Asia/Shanghai. */
const dayOf = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
/** Working days in (a, b], counted here day by day. */
const workingBetween = (a: string, b: string) => {
  let n = 0;
  for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (isWorkingDay(d)) n++;
  return n;
};

beforeAll(async () => {
  t = await startTestApp({}, async (tdb) => {
    demo = (await generateDemo(tdb.db, tdb.config, new FileStore(path.join(tdb.config.dataDir, "files")), { today, seed: 42, scale: 0.05 }))!;
  });
  leader = await t.login("leader");
}, 120_000);
afterAll(async () => t?.close());

describe("GET /api/dashboard", () => {
  let d: Record<string, any>;
  beforeAll(async () => {
    const res = await leader.get(`/api/dashboard?${period}`);
    expect(res.statusCode).toBe(200);
    d = res.json();
  });

  it("counts the one form's fields against the legacy forms from the form definitions", () => {
    const legacy = JIAXING_FORMS.reduce((a, f) => a + f.fields.length, 0);
    expect(d.forms).toMatchObject({ unifiedFields: 52, legacyFields: legacy });
    expect(d.forms.departments.map((x: { department: string }) => x.department).sort()).toEqual(GUIDES[0]!.departments.map((x) => x.department).sort());
  });

  it("gives the completed cases' promised, actual and legal working days and the same-day share", async () => {
    const cases = await t.db.selectFrom("cases").selectAll().where("status", "=", "completed").where("completed_date", ">=", from).where("completed_date", "<=", today).execute();
    const tasks = await t.db.selectFrom("review_tasks").select(["case_id", "promised_days", "legal_days"]).execute();
    const days = cases.map((c) => Math.max(0, workingBetween(c.accepted_date!, c.completed_date!) - c.paused_working_days));
    const promised = new Map<string, number>();
    for (const x of tasks) promised.set(x.case_id, Math.max(promised.get(x.case_id) ?? 0, x.promised_days));
    expect(cases.length).toBeGreaterThan(50);
    expect(d.cases.cases).toBe(cases.length);
    expect(d.cases.averageDays).toBeCloseTo(days.reduce((a, x) => a + x, 0) / days.length, 10);
    expect(d.cases.sameDayShare).toBeCloseTo(cases.filter((c) => c.accepted_date === c.completed_date).length / cases.length, 10);
    expect(d.cases.withinPromiseShare).toBeCloseTo(cases.filter((c, i) => days[i]! <= promised.get(c.id)!).length / cases.length, 10);
    expect(d.cases).toMatchObject({ promisedDays: 2, legalDays: Math.max(...GUIDES[0]!.departments.map((x) => x.legalDays)), formerDays: 9, maxDays: Math.max(...days) });
    expect(d.cases.histogram.reduce((a: number, h: { cases: number }) => a + h.cases, 0)).toBe(cases.length);
    // Process length and speed against the centre's baseline (5 steps, 9 working days).
    const steps = cases.reduce((a, c) => a + 4 + c.supplement_round, 0) / cases.length;
    expect(d.process.shorter).toBeCloseTo(1 - steps / 5, 10);
    expect(d.process.faster).toBeCloseTo(1 - days.reduce((a, x) => a + x, 0) / days.length / 9, 10);
  });

  it("gives teams, confirmed events, problems solved and people served: the article's year at this scale, exactly", async () => {
    const events = await t.db.selectFrom("outreach_events").selectAll().where("event_date", ">=", from).where("event_date", "<=", today).execute();
    const confirmed = events.filter((e) => e.status === "confirmed");
    expect(d.outreach).toMatchObject({
      teams: await t.db.selectFrom("service_teams").select("id").where("active", "=", 1).execute().then((r) => r.length),
      events: confirmed.length,
      problemsSolved: confirmed.reduce((a, e) => a + e.problems_solved, 0),
      peopleServed: confirmed.reduce((a, e) => a + e.people_served, 0),
      pending: events.filter((e) => e.status === "submitted").length,
    });
    expect(d.outreach).toMatchObject({ events: 160, problemsSolved: 850, peopleServed: 6750 });
    expect(demo.year.events).toMatchObject({ confirmed: 160, problemsSolved: 850, peopleServed: 6750 });
    expect(d.outreach.byMonth.reduce((a: number, m: { events: number }) => a + m.events, 0)).toBe(confirmed.length);
  });

  it("gives the hotline's calls, how they were handled, notices broadcast and SMS delivered", async () => {
    const [start, end] = [Date.parse(`${from}T00:00:00+08:00`), Date.parse(`${today}T00:00:00+08:00`) + 86_400_000];
    const tickets = (await t.db.selectFrom("hotline_tickets").selectAll().execute()).filter((x) => Date.parse(x.created_at) >= start && Date.parse(x.created_at) < end);
    const closed = tickets.filter((x) => x.status === "closed");
    expect(d.hotline).toMatchObject({
      applicable: true,
      calls: tickets.length,
      answeredByPhone: closed.filter((x) => x.resolution === "phone").length,
      transferred: closed.filter((x) => x.resolution === "specialist").length,
      visits: closed.filter((x) => x.resolution === "visit").length,
      open: tickets.length - closed.length,
    });
    const sent = (await t.db.selectFrom("sms_outbox").selectAll().where("broadcast_id", "is not", null).execute()).filter((x) => x.sent_at && Date.parse(x.sent_at) >= start && Date.parse(x.sent_at) < end);
    expect(d.hotline).toMatchObject({ smsSent: sent.length, smsDelivered: sent.filter((x) => x.state === "delivered").length });
    const broadcasts = (await t.db.selectFrom("sms_broadcasts").selectAll().execute()).filter((b) => b.approved_at && Date.parse(b.approved_at) >= start && Date.parse(b.approved_at) < end);
    expect(d.hotline).toMatchObject({ broadcasts: broadcasts.length, noticesBroadcast: new Set(broadcasts.map((b) => b.notice_id).filter(Boolean)).size });
    expect(sent.length).toBeGreaterThan(0);
  });

  it("gives the good-review, active good-review and unrated rates from every transaction and rating", async () => {
    const tx = await t.db.selectFrom("service_transactions as s").leftJoin("evaluations as e", "e.transaction_id", "s.id").select(["s.ended_date", "e.level", "e.status", "e.id as eid"]).where("s.status", "=", "completed").where("s.ended_date", ">=", from).where("s.ended_date", "<=", today).execute();
    const live = tx.filter((x) => x.status !== "set_aside");
    const rated = live.filter((x) => x.eid);
    const good = rated.filter((x) => x.level! >= 4).length;
    const past = live.filter((x) => !x.eid && x.ended_date! <= addDays(today, -7)).length;
    expect(d.evaluation).toMatchObject({ completed: live.length, rated: rated.length, good, unrated: live.length - rated.length });
    expect(d.evaluation.activeGoodRate).toBeCloseTo(good / rated.length, 12);
    expect(d.evaluation.unratedRate).toBeCloseTo((live.length - rated.length) / live.length, 12);
    expect(d.evaluation.goodRate).toBeCloseTo((good + past) / (rated.length + past), 12);
  });

  it("lists each closed quarter's stars (and this quarter's so far)", async () => {
    const stars = await t.db.selectFrom("assessment_standings").select(["quarter"]).where("star", "=", 1).where("kind", "=", "clerk").execute();
    const closed = d.stars.filter((q: { closed: boolean }) => q.closed);
    expect(closed.map((q: { quarter: string }) => q.quarter)).toEqual(demo.closed);
    for (const q of closed) expect(q.stars.length).toBe(stars.filter((s) => s.quarter === q.quarter).length);
  });
});

describe("a department's dashboard", () => {
  it("takes its own review tasks, its own teams and events; the hotline only for a farm centre's department", async () => {
    const amr = (await leader.get(`/api/dashboard?${period}&department=${t.dept.AMR}`)).json();
    const tasks = await t.db.selectFrom("review_tasks").selectAll().where("department_code", "=", "AMR").where("status", "=", "approved").where("decided_date", ">=", from).where("decided_date", "<=", today).execute();
    expect(amr.cases).toMatchObject({ scope: "tasks", cases: tasks.length, promisedDays: 2 });
    expect(amr.cases.averageDays).toBeCloseTo(tasks.reduce((a, x) => a + Math.max(0, workingBetween(x.started_date, x.decided_date!) - x.paused_working_days), 0) / tasks.length, 10);
    const events = await t.db.selectFrom("outreach_events").selectAll().where("department_id", "=", t.dept.AMR).where("status", "=", "confirmed").where("event_date", ">=", from).execute();
    expect(amr.outreach.events).toBe(events.length);
    expect(amr.hotline).toMatchObject({ applicable: false, calls: 0 });
    // Its records are those tasks.
    expect((await leader.get(`/api/dashboard/records/cases?${period}&department=${t.dept.AMR}&limit=2`)).json()).toMatchObject({ total: tasks.length, title: { zh: "市场监管局（工商）办结的审查任务" } });
    expect(amr.forms.legacyFields).toBe(JIAXING_FORMS.filter((f) => f.department === "AMR").reduce((a, f) => a + f.fields.length, 0));
    const agri = (await leader.get(`/api/dashboard?${period}&department=${t.dept.AGRI}`)).json();
    expect(agri.hotline.applicable).toBe(true);
    expect(agri.hotline.calls).toBeGreaterThan(0);
    expect(agri.cases.cases).toBe(0);
  });
});

describe("bad input and access", () => {
  it("names the field of a bad period or department, 400", async () => {
    const back = await leader.get(`/api/dashboard?from=${today}&to=${from}`);
    expect(back.statusCode).toBe(400);
    expect(back.json().error.fields).toEqual([{ path: "to", message: "结束日期：不能早于开始日期" }]);
    expect((await leader.get(`/api/dashboard?from=2026-02-30&to=${today}`)).json().error.fields[0]).toEqual({ path: "from", message: "开始日期：须为 YYYY-MM-DD 格式的有效日期" });
    expect((await leader.get(`/api/dashboard?${period}&department=00000000-0000-4000-8000-000000000000`)).json().error.fields).toEqual([{ path: "department", message: "部门：部门不存在" }]);
    expect((await leader.get(`/api/dashboard/records/people?${period}`)).statusCode).toBe(400);
  });
  it("is the leaders', supervisors' and admins' only", async () => {
    for (const u of ["clerk", "reviewer", "operator", "teamlead", "founder"]) {
      const c = await t.login(u);
      expect((await c.get(`/api/dashboard?${period}`)).statusCode).toBe(403);
      expect((await c.get(`/api/dashboard/report.pdf?${period}`)).statusCode).toBe(403);
    }
    expect((await (await t.login("supervisor")).get(`/api/dashboard?${period}`)).statusCode).toBe(200);
    // The figures a leader follows from the dashboard: every department's evaluation figures, the standings.
    expect((await leader.get(`/api/evaluation/figures?${period}&by=department`)).json().rows.length).toBeGreaterThan(1);
    expect((await leader.get("/api/assessment/quarters")).statusCode).toBe(200);
    expect((await leader.post(`/api/assessment/quarters/2026-Q3/close`)).statusCode).toBe(403);
    expect((await t.anonymous().get(`/api/dashboard?${period}`)).statusCode).toBe(401);
  });
});

describe("records and exports", () => {
  it("lists the records behind a figure, a page at a time, and exports them all to Excel", async () => {
    const d = (await leader.get(`/api/dashboard?${period}`)).json();
    const events = (await leader.get(`/api/dashboard/records/events?${period}&limit=5`)).json();
    expect(events.total).toBe(d.outreach.events);
    expect(events.rows).toHaveLength(5);
    expect(events.totals).toEqual({ problems: d.outreach.problemsSolved, people: d.outreach.peopleServed });
    const cases = (await leader.get(`/api/dashboard/records/cases?${period}&limit=3`)).json();
    expect(cases.total).toBe(d.cases.cases);
    expect(cases.rows[0]).toMatchObject({ number: expect.stringMatching(/^JX\d{4}-\d{6}$/), uscc: expect.stringMatching(/^91330400/), company: expect.stringMatching(/有限公司/) });
    expect((await leader.get(`/api/dashboard/records/tickets?${period}&limit=1`)).json().total).toBe(d.hotline.calls);
    const res = await leader.get(`/api/dashboard/records/events/export.xlsx?${period}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(d.outreach.events + 2); // header, rows, the totals
    expect(ws.getRow(ws.rowCount).getCell(7).value).toBe(d.outreach.peopleServed);
  });

  it("exports the dashboard to Excel with the article's figures beside the platform's", async () => {
    const d = (await leader.get(`/api/dashboard?${period}`)).json();
    const res = await leader.get(`/api/dashboard/export.xlsx?${period}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["概览", "表单字段", "办结用时分布", "办件按月", "服务队按单位", "服务队按月", "12316按月", "好差评按月", "服务明星", "说明"]);
    const rows = new Map<string, unknown[]>();
    wb.getWorksheet("概览")!.eachRow((r) => rows.set(String(r.getCell(2).value), r.values as unknown[]));
    expect(rows.get("服务队")!.slice(3, 6)).toEqual([d.outreach.teams, "支", 212]);
    expect(rows.get("一表填写字段")!.slice(3, 6)).toEqual([52, "项", 52]);
    expect(rows.get("解决问题")![3]).toBe(d.outreach.problemsSolved);
  });

  it("prints the dashboard as a PDF with its charts and Chinese text", async () => {
    const d = (await leader.get(`/api/dashboard?${period}`)).json();
    const res = await leader.get(`/api/dashboard/report.pdf?${period}`);
    expect(res.headers["content-type"]).toBe("application/pdf");
    const parser = new PDFParse({ data: new Uint8Array(res.rawPayload) });
    const { text, total } = await parser.getText();
    await parser.destroy();
    expect(total).toBeGreaterThanOrEqual(3);
    for (const s of ["统计看板报告", `${from} 至 ${today}`, "机关服务队", `${d.outreach.peopleServed} 人次`, "办件时限（工作日）", "12316 来电处理方式", "服务明星"]) expect(text).toContain(s);
  });
});

describe("PUT /api/dashboard/baseline", () => {
  it("keeps each baseline the centre enters; the latest counts; bad input is named and changes nothing", async () => {
    const bad = await leader.put("/api/dashboard/baseline", { steps: 0, workingDays: 9 });
    expect(bad.json().error.fields).toEqual([{ path: "steps", message: "改革前环节数：须为 1–100 之间的数" }]);
    expect((await (await t.login("clerk")).put("/api/dashboard/baseline", { steps: 6, workingDays: 9 })).statusCode).toBe(403);
    const before = (await leader.get(`/api/dashboard?${period}`)).json().process;
    expect(before.baseline.steps).toBe(5);
    const set = await leader.put("/api/dashboard/baseline", { steps: 6, workingDays: 12, note: "2013 年改革前" });
    expect(set.json()).toMatchObject({ steps: 6, workingDays: 12, note: "2013 年改革前", setBy: "沈国华" });
    const after = (await leader.get(`/api/dashboard?${period}`)).json().process;
    expect(after.shorter).toBeCloseTo(1 - before.averageSteps / 6, 10);
    expect(after.faster).toBeCloseTo(1 - before.averageDays / 12, 10);
    expect(await t.db.selectFrom("dashboard_baselines").select("id").execute()).toHaveLength(2);
  });
});

describe("reusing a count", () => {
  it("serves the same count within DASHBOARD_CACHE_SECONDS; a new baseline counts again", async () => {
    const a = (await leader.get(`/api/dashboard?from=${today}&to=${today}`)).json();
    const b = (await leader.get(`/api/dashboard?from=${today}&to=${today}`)).json();
    expect(b.generatedAt).toBe(a.generatedAt);
    await leader.put("/api/dashboard/baseline", { steps: 5, workingDays: 9 });
    const c = (await leader.get(`/api/dashboard?from=${today}&to=${today}`)).json();
    expect(c.generatedAt > a.generatedAt || c.process.baseline.setAt !== a.process.baseline.setAt).toBe(true);
  });
});

