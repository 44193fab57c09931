import { randomUUID } from "node:crypto";
import { DEFAULT_STAR_SCHEME, quarterDates, quarterKey, quarterOf, type StarScheme } from "@yichuang/core";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countersFromDayStats, countersFromRecords, foldDayDeltas } from "../src/assessment/assessment.repository.js";
import { TEST_DB_KIND } from "./helpers/test-db.js";
import { buildCases, buildRatedTransactions, buildUser } from "../src/testing/factories.js";
import { Client, startTestApp, type TestApp } from "./helpers/harness.js";
import { shanghaiToday } from "../src/platform/clock.js";

let t: TestApp;
let supervisor: Client;
const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestApp({ RECTIFY_CLERK_DELAY_MINUTES: "0", ASSESSMENT_LIVE_SECONDS: "0" });
  supervisor = await t.login("supervisor");
  for (const u of await t.db.selectFrom("users").select(["id", "username"]).execute()) ids[u.username] = u.id;
});
afterAll(async () => t?.close());

/** Every day of a quarter's first `n` weekdays… spread evenly: levels for `total` ratings with `bad` bad ones. */
function levels(total: number, bad: number, unrated = 0): (number | null)[] {
  return [...Array.from({ length: bad }, () => 1), ...Array.from({ length: total - bad }, (_, i) => (i % 10 === 0 ? 4 : 5)), ...Array.from({ length: unrated }, () => null)];
}

/** Spreads a clerk's ratings over three days of a quarter. */
async function history(username: string, window: string, dept: string, quarter: string, lv: (number | null)[]) {
  const { from } = quarterDates({ year: Number(quarter.slice(0, 4)), quarter: Number(quarter.slice(-1)) as 1 });
  const days = [from, from.slice(0, 8) + "15", from.slice(0, 5) + String(Number(from.slice(5, 7)) + 2).padStart(2, "0") + "-20"];
  const per = Math.ceil(lv.length / days.length);
  for (let i = 0; i < days.length; i++) {
    const part = lv.slice(i * per, (i + 1) * per);
    if (part.length) await buildRatedTransactions(t.db, { clerkId: ids[username]!, windowId: t.window[window]!, departmentId: t.dept[dept]!, day: days[i]!, levels: part });
  }
}

const sortRows = <T extends { clerk_id: string; window_id: string }>(rows: T[]) => [...rows].sort((a, b) => `${a.clerk_id}${a.window_id}`.localeCompare(`${b.clerk_id}${b.window_id}`));

describe("quarterly assessment and service stars", () => {
  it("keeps per-clerk, per-day counters as transactions complete and ratings arrive or are set aside, agreeing with the raw records", async () => {
    // The real paths: a consultation at the desk, rated badly at the evaluator; the clerk appeals, a supervisor upholds.
    const admin = await t.login("admin");
    const created = await admin.post("/api/admin/evaluators", { windowId: t.window.A01, label: "评价器 A01" });
    const paired = await t.anonymous().post("/api/evaluator/pair", { code: created.json().pairingCode });
    const device = new Client(t.app, `yc_device=${paired.cookies.find((c) => c.name === "yc_device")!.value}`, paired.json().csrfToken);
    const clerk = await t.login("clerk");
    const rate = async (level: number) => {
      const started = await clerk.post("/api/desk/transactions", { serviceCode: "AMR-ZX" });
      const open = started.json().transactions.find((x: { status: string }) => x.status === "open");
      expect((await clerk.post(`/api/desk/transactions/${open.id}/complete`)).statusCode).toBe(200);
      const r = await device.post("/api/evaluator/ratings", { transactionId: open.id, clientId: randomUUID(), answeredAt: new Date().toISOString(), level, reasons: level <= 2 ? ["attitude"] : [] });
      expect(r.statusCode).toBe(201);
      return open.id as string;
    };
    await rate(5);
    await rate(4);
    const badTx = await rate(1);
    const { from, to } = quarterDates(quarterOf(shanghaiToday()));
    const before = (await countersFromDayStats(t.db, from, to)).find((r) => r.clerk_id === ids.clerk)!;
    expect(before).toMatchObject({ completed: 3, rated: 3, good: 2, bad: 1 });
    expect(sortRows(await countersFromDayStats(t.db, from, to))).toEqual(sortRows(await countersFromRecords(t.db, from, to)));

    // The bad review's ticket: verified in time (a follow-up step done), then appealed and upheld.
    const ticket = await t.db.selectFrom("rectification_tickets as k").innerJoin("evaluations as e", "e.id", "k.evaluation_id").select("k.id").where("e.transaction_id", "=", badTx).executeTakeFirstOrThrow();
    expect((await clerk.post(`/api/rectifications/${ticket.id}/verify`, { contactResult: "anonymous", note: "匿名评价，已调取录像核实" })).statusCode).toBe(200);
    const mine = (await clerk.get("/api/assessment/me")).json();
    expect(mine.closed).toBeNull();
    expect(mine.standing.item.standing.subject).toMatchObject({ completed: 3, rated: 3, good: 2, bad: 1, followUpsDue: 1, followUpsOnTime: 1 });
    expect((await clerk.post(`/api/rectifications/${ticket.id}/appeal`, { reason: "群众误按差评键，录像可证" })).statusCode).toBe(200);
    expect((await supervisor.post(`/api/rectifications/${ticket.id}/appeal-decision`, { uphold: true, reason: "经核实为误评，予以撤销" })).statusCode).toBe(200);
    const after = (await countersFromDayStats(t.db, from, to)).find((r) => r.clerk_id === ids.clerk)!;
    // Set aside: the rating and its transaction count nowhere.
    expect(after).toMatchObject({ completed: 2, rated: 2, good: 2, bad: 0 });
    expect(sortRows(await countersFromDayStats(t.db, from, to))).toEqual(sortRows(await countersFromRecords(t.db, from, to)));
    // On PostgreSQL the changes wait as deltas until folded into the day's counters (SQLite updates
    // them directly); the sums are the same before and after.
    const pending = async () => Number((await t.db.selectFrom("clerk_day_deltas").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    const changes = TEST_DB_KIND === "postgres" ? 3 + 3 + 2 : 0;
    expect(await pending()).toBe(changes);
    expect(await foldDayDeltas(t.db, TEST_DB_KIND, 5)).toBe(Math.min(5, changes));
    expect(await foldDayDeltas(t.db, TEST_DB_KIND)).toBe(Math.max(0, changes - 5));
    expect(await pending()).toBe(0);
    const day = await t.db.selectFrom("clerk_day_stats").select(["completed", "rated", "good", "bad"]).where("clerk_id", "=", ids.clerk!).where("window_id", "=", t.window.A01!).where("day", "=", shanghaiToday()).executeTakeFirstOrThrow();
    expect(day).toEqual({ completed: 2, rated: 2, good: 2, bad: 0 });
    expect(sortRows(await countersFromDayStats(t.db, from, to))).toEqual(sortRows(await countersFromRecords(t.db, from, to)));
    const now = (await clerk.get("/api/assessment/me")).json().standing.item.standing.subject;
    expect(now).toMatchObject({ rated: 2, bad: 0, followUpsDue: 0 });
  });

  it("folds counter changes exactly once when instances fold at the same moment (PostgreSQL; SQLite counts directly)", async () => {
    // A quarter no other test ranks.
    const { from, to } = quarterDates({ year: 2025, quarter: 1 });
    const before = sortRows(await countersFromDayStats(t.db, from, to));
    const u = await buildUser(t.db, { username: "clerk.fold", displayName: "叠", roles: ["clerk"], departmentId: t.dept.AMR });
    for (const day of ["2025-02-05", "2025-02-06", "2025-03-03"]) await buildRatedTransactions(t.db, { clerkId: u.id, windowId: t.window.A02!, departmentId: t.dept.AMR!, day, levels: levels(300, 2, 30) });
    const expected = sortRows(await countersFromRecords(t.db, from, to));
    // Several folds at once, in small batches (on PostgreSQL on separate connections).
    const folded = await Promise.all(Array.from({ length: 4 }, async () => {
      let n = 0;
      for (let k; (k = await foldDayDeltas(t.db, TEST_DB_KIND, 97)) > 0; ) n += k;
      return n;
    }));
    expect(folded.reduce((a, b) => a + b, 0)).toBe(TEST_DB_KIND === "postgres" ? 3 * 330 + 3 * 300 : 0);
    expect(sortRows(await countersFromDayStats(t.db, from, to))).toEqual(expected);
    expect(expected.find((r) => r.clerk_id === u.id)).toMatchObject({ completed: 990, rated: 900, bad: 6 });
    expect(before.find((r) => r.clerk_id === u.id)).toBeUndefined();
  });

  it("versions the scheme; refuses weights that make no sense, naming the field, with nothing changed", async () => {
    const before = (await supervisor.get("/api/assessment/scheme")).json();
    expect(before.current.version).toBe(1);
    expect(before.current.scheme).toEqual(DEFAULT_STAR_SCHEME);
    const bad = async (scheme: StarScheme) => supervisor.post("/api/assessment/scheme", { scheme });
    const negative = await bad({ ...DEFAULT_STAR_SCHEME, weights: { quality: 1, volume: -0.5, deadlines: 0, followUp: 0 } });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().error.fields).toEqual([{ path: "scheme.weights.volume", message: "办件量权重：不能为负数" }]);
    const zeros = await bad({ ...DEFAULT_STAR_SCHEME, weights: { quality: 0, volume: 0, deadlines: 0, followUp: 0 } });
    expect(zeros.statusCode).toBe(400);
    expect(zeros.json().error.message).toContain("权重：不能全部为 0");
    const gate = await bad({ ...DEFAULT_STAR_SCHEME, badRateGate: 1.5, minRated: 2.5 });
    expect(gate.json().error.fields.map((f: { path: string }) => f.path)).toEqual(["scheme.badRateGate", "scheme.minRated"]);
    const notNumber = await supervisor.post("/api/assessment/scheme", { scheme: { ...DEFAULT_STAR_SCHEME, topN: "三" } });
    expect(notNumber.statusCode).toBe(400);
    expect(notNumber.json().error.message).toContain("每中心服务明星人数：须为数字");
    // Only supervisors set it; admins read it; clerks neither.
    expect((await (await t.login("admin")).post("/api/assessment/scheme", { scheme: DEFAULT_STAR_SCHEME })).statusCode).toBe(403);
    expect((await (await t.login("clerk")).get("/api/assessment/scheme")).statusCode).toBe(403);
    expect((await supervisor.get("/api/assessment/scheme")).json().versions).toHaveLength(1);
  });

  it("closes quarters in order, freezes each with its scheme version, picks the stars and explains every standing (the worked example)", async () => {
    // 2026-Q1 and Q2: 江帆 the only clerk with enough ratings.
    await history("jiangfan", "D02", "LTAX", "2026-Q1", levels(400, 0, 40));
    await history("jiangfan", "D02", "LTAX", "2026-Q2", levels(500, 1, 30));
    // 2026-Q3: A with 5,200 ratings of which 8 bad, B with 60 and none bad, C below the minimum, 江帆 again.
    const a = await buildUser(t.db, { username: "clerk.a", displayName: "甲", roles: ["clerk"], departmentId: t.dept.AMR });
    const b = await buildUser(t.db, { username: "clerk.b", displayName: "乙", roles: ["clerk"], departmentId: t.dept.AMR });
    const c = await buildUser(t.db, { username: "clerk.c", displayName: "丙", roles: ["clerk"], departmentId: t.dept.NTAX });
    Object.assign(ids, { "clerk.a": a.id, "clerk.b": b.id, "clerk.c": c.id });
    await t.db.updateTable("users").set({ staff_no: "JX1101" }).where("id", "=", a.id).execute();
    await history("clerk.a", "A02", "AMR", "2026-Q3", levels(5200, 8, 300));
    await history("clerk.b", "A02", "AMR", "2026-Q3", levels(60, 0));
    await history("clerk.c", "C01", "NTAX", "2026-Q3", levels(12, 0));
    await history("jiangfan", "D02", "LTAX", "2026-Q3", levels(3000, 1, 100));
    // Someone who left during the quarter (account disabled) is not ranked.
    const gone = await buildUser(t.db, { username: "clerk.gone", displayName: "离", roles: ["clerk"], departmentId: t.dept.AMR });
    Object.assign(ids, { "clerk.gone": gone.id });
    await history("clerk.gone", "A01", "AMR", "2026-Q3", levels(400, 0));
    await t.db.updateTable("users").set({ disabled: 1 }).where("id", "=", gone.id).execute();
    // A case 甲 accepted in Q3 whose review ran past its deadline: late in the deadline dimension.
    const [caseId] = await buildCases(t.db, { applicantId: ids.founder!, count: 1, openTasks: true, acceptedDate: "2026-08-03" });
    await t.db.updateTable("cases").set({ accepted_by: a.id }).where("id", "=", caseId!).execute();

    // Q1 under version 1 of the scheme.
    const q1 = await supervisor.post("/api/assessment/quarters/2026-Q1/close");
    expect(q1.statusCode).toBe(201);
    expect(q1.json()).toMatchObject({ quarter: "2026-Q1", schemeVersion: 1, stars: 1 });

    // Quarters close in order: Q3 before Q2 is refused, nothing written.
    const early = await supervisor.post("/api/assessment/quarters/2026-Q3/close");
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toBe("请先评定 2026年第2季度：季度须按顺序评定，连续获评的记录才完整");
    expect((await supervisor.get("/api/assessment/quarters")).json().items.filter((x: { closable: boolean }) => x.closable).map((x: { quarter: string }) => x.quarter)).toEqual(["2026-Q2"]);

    // A new version for Q2 on: two stars per centre.
    const v2 = await supervisor.post("/api/assessment/scheme", { scheme: { ...DEFAULT_STAR_SCHEME, topN: 2 }, note: "每季度评选 2 名" });
    expect(v2.statusCode).toBe(201);
    expect(v2.json().version).toBe(2);
    expect((await supervisor.post("/api/assessment/quarters/2026-Q2/close")).json()).toMatchObject({ schemeVersion: 2, stars: 1 });

    // Before closing: Q3's standings as they are now; closing freezes exactly those.
    const provisional = (await supervisor.get("/api/assessment/quarters/2026-Q3?kind=clerk&limit=500")).json();
    expect(provisional.closed).toBeNull();
    const closed = await supervisor.post("/api/assessment/quarters/2026-Q3/close");
    expect(closed.statusCode).toBe(201);
    expect(closed.json()).toMatchObject({ quarter: "2026-Q3", schemeVersion: 2, stars: 2 });
    const view = (await supervisor.get("/api/assessment/quarters/2026-Q3?kind=clerk&limit=500")).json();
    expect(view.closed).toMatchObject({ schemeVersion: 2, by: "沈督查" });
    expect(view.items.map((x: { standing: unknown }) => x.standing)).toEqual(provisional.items.map((x: { standing: unknown }) => x.standing));

    const by = (id: string) => view.items.find((x: { subjectId: string }) => x.subjectId === id);
    // A (5,200 ratings, 8 bad) above B (60, none bad); C not eligible.
    expect(by(a.id).rank).toBeLessThan(by(b.id).rank);
    expect(by(a.id).star).toBe(true);
    expect(by(ids.jiangfan!)).toMatchObject({ star: true, streak: 3, window: { number: "D02" } });
    expect(by(b.id)).toMatchObject({ star: false, eligible: true });
    expect(by(c.id)).toMatchObject({ eligible: false, rank: null });
    expect(by(gone.id)).toBeUndefined();
    expect(by(c.id).standing.ineligible[0].text).toBe("本季度主动评价 12 条，少于最少评价数 50");
    expect(by(a.id).standing.subject).toMatchObject({ completed: 5500, rated: 5200, good: 5192, bad: 8, casesDue: 1, casesOnTime: 0 });
    expect(by(a.id).standing.dimensions.find((d: { key: string }) => d.key === "deadlines")).toMatchObject({ score: 0, formula: "按时办结 0 / 到期办件 1" });

    // Windows have their standing too (no stars).
    const windows = (await supervisor.get("/api/assessment/quarters/2026-Q3?kind=window&limit=500")).json();
    const a02 = windows.items.find((w: { code: string }) => w.code === "A02");
    expect(a02.standing.subject).toMatchObject({ rated: 5260, bad: 8 });
    expect(windows.items.every((w: { star: boolean }) => !w.star)).toBe(true);

    // Each clerk sees their own figures and why; not anyone else's.
    const clerkA = await t.login("clerk.a", a.password);
    const own = (await clerkA.get("/api/assessment/me?quarter=2026-Q3")).json();
    // 甲's late case costs the deadline dimension: 江帆 first, 甲 second, both stars.
    expect(by(ids.jiangfan!).rank).toBe(1);
    expect(own.standing.item).toMatchObject({ subjectId: a.id, rank: 2, star: true });
    // The gap to the one above, not who it is.
    expect(own.standing.context.above).toEqual({ rank: 1, combined: by(ids.jiangfan!).standing.combined });
    expect(own.standing.item.standing.dimensions[0].formula).toBe("威尔逊下界(好评 5192 / 评价 5200, z=1.96)");
    expect(own.standing.context).toMatchObject({ stars: 2, starLine: { rank: 2 } });
    expect(own.quarters.find((x: { quarter: string }) => x.quarter === "2026-Q3")).toMatchObject({ closed: true, star: true, rank: 2 });
    expect((await clerkA.get(`/api/assessment/quarters/2026-Q3/clerk/${b.id}`)).statusCode).toBe(403);
    expect((await clerkA.get("/api/assessment/quarters/2026-Q3")).statusCode).toBe(403);
    const bWhy = (await supervisor.get(`/api/assessment/quarters/2026-Q3/clerk/${b.id}`)).json();
    expect(bWhy.context.above).toMatchObject({ rank: 2, name: "甲" });
    expect(bWhy.item.rankedOf).toBe(3);
  });

  it("refuses closing a quarter twice, one not yet ended, one earlier than a closed one, or a malformed one, with nothing changed", async () => {
    const count = async () => Number((await t.db.selectFrom("assessment_standings").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    const n = await count();
    const twice = await supervisor.post("/api/assessment/quarters/2026-Q3/close");
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toMatch(/^2026年第3季度已于 \d{4}-\d\d-\d\d \d\d:\d\d 由 沈督查 评定（第 2 版评选办法），不能重复评定；结果已冻结$/);
    const current = quarterKey(quarterOf(shanghaiToday()));
    const open = await supervisor.post(`/api/assessment/quarters/${current}/close`);
    expect(open.statusCode).toBe(409);
    expect(open.json().error.message).toContain("尚未结束");
    expect(open.json().error.fields[0].path).toBe("quarter");
    const earlier = await supervisor.post("/api/assessment/quarters/2025-Q4/close");
    expect(earlier.statusCode).toBe(409);
    expect(earlier.json().error.message).toContain("不能再补评");
    const malformed = await supervisor.post("/api/assessment/quarters/2026-Q5/close");
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.fields[0]).toEqual({ path: "quarter", message: "季度：须为“2026-Q3”这样的格式（年份-Q1 至 Q4）" });
    expect((await (await t.login("admin")).post("/api/assessment/quarters/2026-Q3/close")).statusCode).toBe(403);
    expect(await count()).toBe(n);
  });

  it("closes a quarter once when two supervisors close it at the same moment", async () => {
    const other = await t.login("supervisor");
    // Q3 again, from scratch (no route reopens a quarter).
    await t.db.deleteFrom("assessment_standings").where("quarter", "=", "2026-Q3").execute();
    await t.db.deleteFrom("assessment_quarters").where("quarter", "=", "2026-Q3").execute();
    const both = await Promise.all([supervisor.post("/api/assessment/quarters/2026-Q3/close"), other.post("/api/assessment/quarters/2026-Q3/close")]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(Number((await t.db.selectFrom("assessment_quarters").select((eb) => eb.fn.countAll<number>().as("n")).where("quarter", "=", "2026-Q3").executeTakeFirstOrThrow()).n)).toBe(1);
    const standings = await t.db.selectFrom("assessment_standings").select("subject_id").where("quarter", "=", "2026-Q3").execute();
    expect(new Set(standings.map((r) => r.subject_id)).size).toBe(standings.length);
  });

  it("re-running a closed quarter gives the same result; a later change to the records is reported, the frozen result stays", async () => {
    const check = (await supervisor.get("/api/assessment/quarters/2026-Q3/check")).json();
    expect(check).toMatchObject({ identical: true, differenceCount: 0, schemeVersion: 2 });
    expect(check.compared).toBeGreaterThan(4);
    // The same from every raw rating and transaction instead of the day counters.
    expect((await supervisor.get("/api/assessment/quarters/2026-Q3/check?source=records")).json()).toMatchObject({ identical: true, compared: check.compared });
    expect((await supervisor.get("/api/assessment/quarters/2026-Q3/check?source=raw")).statusCode).toBe(400);
    // An appeal upheld after the close sets one of A's bad reviews aside.
    const ev = await t.db.selectFrom("evaluations").select("id").where("clerk_id", "=", ids["clerk.a"]!).where("level", "=", 1).executeTakeFirstOrThrow();
    await t.db.updateTable("evaluations").set({ status: "set_aside" }).where("id", "=", ev.id).execute();
    const drift = (await supervisor.get("/api/assessment/quarters/2026-Q3/check")).json();
    expect(drift.identical).toBe(false);
    expect(drift.differences.map((d: { name: string }) => d.name)).toContain("甲");
    expect((await supervisor.get("/api/assessment/quarters/2026-Q3/check?source=records")).json().differences.map((d: { name: string }) => d.name)).toContain("甲");
    const { from, to } = quarterDates({ year: 2026, quarter: 3 });
    expect(sortRows(await countersFromDayStats(t.db, from, to))).toEqual(sortRows(await countersFromRecords(t.db, from, to)));
    const frozen = (await supervisor.get(`/api/assessment/quarters/2026-Q3/clerk/${ids["clerk.a"]}`)).json();
    expect(frozen.item.standing.subject.bad).toBe(8);
  });

  it("publishes the stars on the public honour board with window, figures and consecutive quarters", async () => {
    const board = (await t.anonymous().get("/api/public/stars")).json();
    expect(board.quarter).toBe("2026-Q3");
    expect(board.quarters.map((q: { quarter: string }) => q.quarter)).toEqual(["2026-Q3", "2026-Q2", "2026-Q1"]);
    expect(board.stars.map((s: { name: string }) => s.name).sort()).toEqual(["江帆", "甲"].sort());
    const jf = board.stars.find((s: { name: string }) => s.name === "江帆");
    expect(jf).toMatchObject({ streak: 3, starQuarters: ["2026-Q3", "2026-Q2", "2026-Q1"], window: { number: "D02" }, department: { name: "地方税务局（地税）" }, staffNo: "JX4001" });
    expect(jf.figures).toEqual({ completed: 3100, rated: 3000, good: 2999, goodShare: 2999 / 3000 });
    expect(JSON.stringify(board)).not.toContain("乙");
    const q1 = (await t.anonymous().get("/api/public/stars?quarter=2026-Q1")).json();
    expect(q1.stars.map((s: { streak: number }) => s.streak)).toEqual([1]);
    expect((await t.anonymous().get("/api/public/stars?quarter=2025-Q1")).statusCode).toBe(404);
  });

  it("exports the quarter's table to Excel, read back", async () => {
    const res = await supervisor.get("/api/assessment/quarters/2026-Q3/export.xlsx");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["工作人员", "窗口", "评选办法"]);
    const ws = wb.getWorksheet("工作人员")!;
    expect(String(ws.getCell("A1").value)).toBe("2026年第3季度服务明星评选（2026-07-01 至 2026-09-30）");
    const header = (ws.getRow(3).values as unknown[]).slice(1);
    expect(header.slice(0, 8)).toEqual(["中心", "排名", "服务明星", "连续获评季度", "姓名", "工号", "部门", "窗口"]);
    const rows = [];
    for (let i = 4; i <= ws.rowCount; i++) rows.push((ws.getRow(i).values as unknown[]).slice(1));
    const a = rows.find((r) => r[4] === "甲")!;
    expect(a.slice(1, 3)).toEqual([2, "★ 服务明星"]);
    expect(a[8]).toBe(5500);
    expect(a[9]).toBe(5200);
    const c = rows.find((r) => r[4] === "丙")!;
    expect(c[1]).toBe("—");
    expect(c[19]).toBe("本季度主动评价 12 条，少于最少评价数 50");
    expect(wb.getWorksheet("评选办法")!.getCell("B1").value).toBe(2);
    expect((await (await t.login("clerk")).get("/api/assessment/quarters/2026-Q3/export.xlsx")).statusCode).toBe(403);
  });
});
