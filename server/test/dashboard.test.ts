import path from "node:path";
import ExcelJS from "exceljs";
import { PDFParse } from "pdf-parse";
import { GUIDES, JIAXING_FORMS, PACKAGE_CALENDAR, addDays } from "@yichuang/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileStore } from "../src/platform/files.js";
import { generateDemo, type DemoSummary } from "../src/demo/generate.js";
import { type Client, startTestApp, type TestApp } from "./helpers/harness.js";
import { shanghaiToday } from "../src/platform/clock.js";

/**
 * The dashboard's figures against counts made here, independently, from the same records (plain
 * selects and loops, not the dashboard's queries), over the generated demo year (scale 0.05).
 */
let t: TestApp;
let leader: Client;
let demo: DemoSummary;
const today = shanghaiToday();
const REGISTRATION_CODES = new Set(GUIDES[0]!.departments.map((x) => x.department));
const from = addDays(today, -364);
const period = `from=${from}&to=${today}`;
/** An instant's day in Asia/Shanghai. */
const dayOf = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
/** Working days in (a, b], counted here day by day. */
const workingBetween = (a: string, b: string) => {
  let n = 0;
  for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (PACKAGE_CALENDAR.isWorkingDay(d)) n++;
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

  it("the demo closed each past quarter just after it ended, as of its own today, not on the day it was generated", async () => {
    const quarters = await t.db.selectFrom("assessment_quarters").select(["quarter", "to_date", "closed_at"]).execute();
    expect(quarters.map((q) => q.quarter).sort()).toEqual([...demo.closed].sort());
    for (const q of quarters) {
      expect(dayOf(q.closed_at) > q.to_date, q.quarter).toBe(true);
      expect(dayOf(q.closed_at) <= addDays(q.to_date, 10), q.quarter).toBe(true);
    }
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

describe("the teams figure and its records", () => {
  const REGISTRATION = new Set(GUIDES[0]!.departments.map((x) => x.department));
  const teamsOf = async (q: string) => {
    const d = (await leader.get(`/api/dashboard?${q}`)).json();
    const list = (await leader.get(`/api/dashboard/records/teams?${q}&limit=500`)).json();
    return { d, list };
  };

  it("lists exactly the teams the figure counts, for any period and department, with the period's confirmed events", async () => {
    const office = Object.entries(t.dept).find(([code]) => !REGISTRATION.has(code) && code !== "AGRI")![1];
    for (const q of [period, `from=2020-01-01&to=2020-03-31`, `from=${addDays(today, -30)}&to=${today}`, `${period}&department=${office}`, `from=${addDays(today, -90)}&to=${today}&department=${office}`]) {
      const { d, list } = await teamsOf(q);
      expect(list.total, q).toBe(d.outreach.teams);
      expect(d.outreach.byDepartment.reduce((a: number, r: { teams: number }) => a + r.teams, 0), q).toBe(d.outreach.teams);
      // Each team's confirmed events are the period's: they add up to the events figure.
      expect(list.rows.reduce((a: number, r: { events: number }) => a + r.events, 0), q).toBe(d.outreach.events);
    }
    expect((await teamsOf("from=2020-01-01&to=2020-03-31")).list.total).toBe(0);
    // A team made today is on the register today, not in a period that ended before it was made.
    const supervisor = await t.login("supervisor");
    const made = await supervisor.post("/api/outreach/teams", { departmentId: office, name: "今天成立的服务队", members: [] });
    expect(made.statusCode).toBe(201);
    const before = await teamsOf(`from=${addDays(today, -400)}&to=${addDays(today, -1)}`);
    expect(before.list.rows.map((r: { name: string }) => r.name)).not.toContain("今天成立的服务队");
    expect(before.list.total).toBe(before.d.outreach.teams);
    const now = await teamsOf(`from=${addDays(today, -2)}&to=${today}`);
    expect(now.list.rows.map((r: { name: string }) => r.name)).toContain("今天成立的服务队");
    expect(now.list.total).toBe(now.d.outreach.teams);
  });

  it("a team stood down leaves the headline and its department's row alike, from when it was stood down, not when it was last edited", async () => {
    const supervisor = await t.login("supervisor");
    const office = Object.entries(t.dept).find(([code]) => !REGISTRATION.has(code) && code !== "AGRI")![1];
    const q = (days: number) => `from=${addDays(today, -days)}&to=${today}`;
    const row = (d: Record<string, any>) => d.outreach.byDepartment.find((r: { departmentId: string }) => r.departmentId === office)?.teams ?? 0;
    const base = (await leader.get(`/api/dashboard?${q(200)}`)).json();
    const team = (await supervisor.post("/api/outreach/teams", { departmentId: office, name: "将撤销的服务队", members: [] })).json();
    // Stood down today: it was on the register during a period that includes today.
    expect((await supervisor.patch(`/api/outreach/teams/${team.id}`, { active: false })).statusCode).toBe(200);
    const stood = (await t.db.selectFrom("service_teams").select(["stood_down_at", "active"]).where("id", "=", team.id).executeTakeFirstOrThrow());
    expect(stood).toMatchObject({ active: 0, stood_down_at: expect.stringMatching(/^\d{4}-/) });
    const during = (await leader.get(`/api/dashboard?${q(201)}`)).json();
    expect(during.outreach.teams).toBe(base.outreach.teams + 1);
    expect(row(during)).toBe(row(base) + 1);
    // Say it was made and stood down long ago, then edited today: a period of the last month has it nowhere.
    const at = (days: number) => new Date(Date.parse(`${addDays(today, -days)}T02:00:00Z`)).toISOString();
    await t.db.updateTable("service_teams").set({ created_at: at(320), stood_down_at: at(300) }).where("id", "=", team.id).execute();
    expect((await supervisor.patch(`/api/outreach/teams/${team.id}`, { brand: "改名" })).statusCode).toBe(200);
    const month = (await leader.get(`/api/dashboard?${q(31)}`)).json();
    const monthList = (await leader.get(`/api/dashboard/records/teams?${q(31)}&limit=500`)).json();
    expect(monthList.rows.map((r: { name: string }) => r.name)).not.toContain("将撤销的服务队");
    expect(month.outreach.teams).toBe(monthList.total);
    expect(month.outreach.byDepartment.reduce((a: number, r: { teams: number }) => a + r.teams, 0)).toBe(month.outreach.teams);
    // A period when it was still on the register lists it, stood down, with the date.
    const then = (await leader.get(`/api/dashboard/records/teams?from=${addDays(today, -310)}&to=${addDays(today, -305)}&department=${office}&limit=500`)).json();
    expect(then.rows.find((r: { name: string }) => r.name === "将撤销的服务队")).toMatchObject({ active: "已撤销", stoodDown: addDays(today, -300) });
  });
});

describe("periods, departments and the exports' wording", () => {
  it("refuses a period starting after today, naming the field; an end after today is counted to today", async () => {
    const future = await leader.get(`/api/dashboard?from=${addDays(today, 1)}&to=${addDays(today, 90)}`);
    expect(future.statusCode).toBe(400);
    expect(future.json().error.fields).toEqual([{ path: "from", message: `开始日期：不能晚于今天（${today}）` }]);
    expect((await leader.get(`/api/dashboard/records/events?from=2099-01-01&to=2099-01-31`)).statusCode).toBe(400);
    expect((await leader.get(`/api/dashboard/report.pdf?from=2099-01-01&to=2099-01-31`)).statusCode).toBe(400);
    const capped = (await leader.get(`/api/dashboard?from=${addDays(today, -9)}&to=${addDays(today, 40)}`)).json();
    expect(capped.period).toEqual({ from: addDays(today, -9), to: today });
    expect(capped.months.at(-1)).toBe(today.slice(0, 7));
  });

  it("a department outside the five forms reads the form figures as not applicable, not the centre's", async () => {
    const office = Object.entries(t.dept).find(([code]) => !REGISTRATION_CODES.has(code) && code !== "AGRI")![1];
    const d = (await leader.get(`/api/dashboard?${period}&department=${office}`)).json();
    expect(d.forms).toMatchObject({ applicable: false, legacyFields: null, applications: null });
    const all = (await leader.get(`/api/dashboard?${period}`)).json();
    expect(all.forms.applicable).toBe(true);
    expect(all.forms.applications).toBeGreaterThan(0);
    expect((await leader.get(`/api/dashboard?${period}&department=${t.dept.AMR}`)).json().forms).toMatchObject({ applicable: true, applications: all.forms.applications });
    const res = await leader.get(`/api/dashboard/export.xlsx?${period}&department=${office}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows = new Map<string, unknown[]>();
    wb.getWorksheet("概览")!.eachRow((r) => rows.set(String(r.getCell(2).value), r.values as unknown[]));
    expect(rows.get("期间通过一表提交的申请")![3]).toBe("不适用");
  });

  it("titles a farm-centre department's PDF and workbook with its own centre; a period without an assessed quarter says so", async () => {
    const pdfText = async (q: string) => {
      const res = await leader.get(`/api/dashboard/report.pdf?${q}`);
      const parser = new PDFParse({ data: new Uint8Array(res.rawPayload) });
      const { text } = await parser.getText();
      await parser.destroy();
      return text;
    };
    const farm = await pdfText(`${period}&department=${t.dept.AGRI}`);
    expect(farm).toContain("嘉兴市为农服务中心 · 统计看板报告");
    expect(farm).not.toContain("嘉兴市行政审批服务中心");
    const res = await leader.get(`/api/dashboard/export.xlsx?${period}&department=${t.dept.AGRI}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(String(wb.getWorksheet("概览")!.getRow(1).getCell(1).value)).toMatch(/^嘉兴市为农服务中心 统计看板/);
    expect(await pdfText(period)).toContain("嘉兴市行政审批服务中心 · 统计看板报告");
    const old = await pdfText("from=2020-01-01&to=2020-06-30");
    expect(old).toContain("期间内没有已评定的季度");
    expect(old).not.toContain("期间内没有季度");
  });

  it("prints the mean days with two decimals in the PDF, as the page shows them", async () => {
    const d = (await leader.get(`/api/dashboard?from=${addDays(today, -200)}&to=${today}`)).json();
    const res = await leader.get(`/api/dashboard/report.pdf?from=${addDays(today, -200)}&to=${today}`);
    const parser = new PDFParse({ data: new Uint8Array(res.rawPayload) });
    const { text } = await parser.getText();
    await parser.destroy();
    expect(text).toContain(`${d.cases.averageDays.toFixed(2)} 工作日`);
  });

  it("gives the English of coded cell values in the records' columns", async () => {
    const tickets = (await leader.get(`/api/dashboard/records/tickets?${period}&limit=50`)).json();
    const status = tickets.columns.find((c: { key: string }) => c.key === "status");
    expect(status.valuesEn).toMatchObject({ 已办结: "Closed", 待处理: "Open" });
    expect(tickets.columns.find((c: { key: string }) => c.key === "resolution").valuesEn).toMatchObject({ 电话解答: "Answered by phone" });
    for (const r of tickets.rows) expect(status.valuesEn[r.status], r.status).toBeTruthy();
    const teams = (await leader.get(`/api/dashboard/records/teams?${period}&limit=5`)).json();
    expect(teams.columns.find((c: { key: string }) => c.key === "active").valuesEn).toEqual({ 在册: "On the register", 已撤销: "Stood down" });
    expect(teams.columns.find((c: { key: string }) => c.key === "name").valuesEn).toBeUndefined();
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

