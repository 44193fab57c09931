import { randomUUID } from "node:crypto";
import { sql, type SelectQueryBuilder } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as audit from "../src/audit/audit.repository.js";
import * as cases from "../src/cases/cases.repository.js";
import * as registration from "../src/registration/registration.repository.js";
import { TOTAL_CAP, encodeCursor } from "../src/shared/paging.js";
import { buildCases } from "../src/testing/factories.js";
import { planOf, planProblems } from "./helpers/plans.js";
import { startTestApp, type Client, type TestApp } from "./helpers/harness.js";
import { TEST_DB_KIND } from "./helpers/test-db.js";

/**
 * Issue 18: every list of cases, registration and the audit log reads a page along an index (no scan
 * of the big tables, no sort of their rows), after a cursor, and counts at most TOTAL_CAP rows.
 */
let t: TestApp;
/** 220 accepted cases (1,100 open review tasks, more than the cap) and 1,100 audit rows of one actor. */
let caseIds: string[] = [];
let actorId: string;
beforeAll(async () => {
  t = await startTestApp();
  const founder = await t.db.selectFrom("users").select("id").where("username", "=", "founder").executeTakeFirstOrThrow();
  caseIds = await buildCases(t.db, { applicantId: founder.id, count: 220, openTasks: true, seedFrom: 900_000 });
  // Keys that differ and keys that tie: deadlines over ten days (ties broken by id), cases submitted over 22 times.
  const tasks = await t.db.selectFrom("review_tasks").select("id").where("case_id", "in", caseIds).orderBy("id").execute();
  for (let i = 0; i < tasks.length; i += 100) {
    const day = `2026-12-${String(10 + (i / 100) % 10).padStart(2, "0")}`;
    await t.db.updateTable("review_tasks").set({ deadline_date: day, yellow_date: "2026-12-01" }).where("id", "in", tasks.slice(i, i + 100).map((x) => x.id)).execute();
  }
  for (let i = 0; i < caseIds.length; i += 10) {
    await t.db.updateTable("cases").set({ submitted_at: `2026-11-${String(1 + i / 10).padStart(2, "0")}T02:00:00.000Z` }).where("id", "in", caseIds.slice(i, i + 10)).execute();
  }
  actorId = (await t.db.selectFrom("users").select("id").where("username", "=", "reviewer").executeTakeFirstOrThrow()).id;
  const rows = Array.from({ length: 1100 }, (_, k) => ({
    id: randomUUID(),
    // Ten entries share each second: the id orders them.
    at: new Date(Date.UTC(2026, 10, 1, 0, 0, Math.floor(k / 10))).toISOString(),
    actor_id: actorId,
    actor_name: "审核员（reviewer）",
    action: k % 2 ? "read" : "case.accept",
    entity: k % 2 ? "case" : "material",
    entity_id: `E-${k % 7}`,
    ip: "10.0.0.9",
    user_agent: "plans",
    detail: null,
  }));
  for (let i = 0; i < rows.length; i += 200) await t.db.insertInto("audit_log").values(rows.slice(i, i + 200)).execute();
  if (TEST_DB_KIND === "postgres") await sql`ANALYZE`.execute(t.db);
}, 120_000);
afterAll(async () => t?.close());

/** The capped count cappedTotal runs over `filtered`. */
function countOf(filtered: SelectQueryBuilder<any, any, {}>) {
  return t.db.selectFrom(filtered.select(sql<number>`1`.as("one")).limit(TOTAL_CAP + 1).as("capped")).select((eb) => eb.fn.countAll().as("n"));
}

const SMALL = ["users", "u", "departments", "windows", "window_services"];

describe("#reads plans: every list query of cases, registration and the audit log uses an index for its filter and order", () => {
  const today = "2026-12-12";
  const after: [string, string] = ["2026-12-11", "00000000-0000-0000-0000-000000000000"];
  const at: [string, string] = ["2026-11-01T00:01:00.000Z", "ffffffff-ffff-ffff-ffff-ffffffffffff"];
  const queries = () => ({
    "inbox page": cases.inboxPageQuery(t.db, TEST_DB_KIND, { limit: 20 }),
    "inbox page after": cases.inboxPageQuery(t.db, TEST_DB_KIND, { limit: 20, after: ["2026-11-05T02:00:00.000Z", caseIds[0]!] }),
    "inbox count": countOf(cases.inboxCounted(t.db)),
    "board page": cases.boardPageQuery(t.db, { today, limit: 20 }),
    "board page after": cases.boardPageQuery(t.db, { today, limit: 20, after }),
    "board of a department": cases.boardPageQuery(t.db, { today, department: "QTS", limit: 20, after }),
    "board red": cases.boardPageQuery(t.db, { today, light: "red", limit: 20 }),
    "board yellow of a department": cases.boardPageQuery(t.db, { today, light: "yellow", department: "AMR", limit: 20 }),
    "board green": cases.boardPageQuery(t.db, { today, light: "green", limit: 20, after }),
    ...Object.fromEntries(Object.entries(cases.lightCountQueries(t.db, today)).map(([k, q]) => [`light count ${k}`, countOf(q)])),
    ...Object.fromEntries(Object.entries(cases.lightCountQueries(t.db, today, "NTAX")).map(([k, q]) => [`light count ${k} of a department`, countOf(q)])),
    "department open tasks": cases.departmentTasksPageQuery(t.db, { department: "AMR", scope: "open", limit: 20, after }),
    "department tasks, all": cases.departmentTasksPageQuery(t.db, { department: "AMR", scope: "all", limit: 20, after }),
    "department tasks count": countOf(cases.departmentTasksCounted(t.db, "AMR", "all")),
    "department open tasks count": countOf(cases.departmentTasksCounted(t.db, "AMR", "open")),
    "submitted applications": registration.submittedPageQuery(t.db, { limit: 20, after: at }),
    "submitted applications count": countOf(registration.submittedCounted(t.db)),
    "audit log": audit.auditPageQuery(t.db, {}, 20),
    "audit log after": audit.auditPageQuery(t.db, {}, 20, at),
    "audit log of an actor": audit.auditPageQuery(t.db, { actorIds: [actorId] }, 20, at),
    "audit log of an action": audit.auditPageQuery(t.db, { action: "read" }, 20, at),
    "audit log of an entity type": audit.auditPageQuery(t.db, { entity: "case" }, 20),
    "audit log of an entity": audit.auditPageQuery(t.db, { entityId: "E-3" }, 20, at),
    "audit log of a period": audit.auditPageQuery(t.db, { from: "2026-11-01T00:00:10.000Z", to: "2026-11-01T00:01:10.000Z" }, 20),
    "audit log count of an actor": countOf(audit.auditCounted(t.db, { actorIds: [actorId] })),
    "audit log count of an action": countOf(audit.auditCounted(t.db, { action: "read" })),
    "audit log count": countOf(audit.auditCounted(t.db, {})),
  });

  it("no full scan of a big table and no sort, on this engine", async () => {
    const problems: Record<string, string[]> = {};
    for (const [name, q] of Object.entries(queries())) {
      const plan = await planOf(t.db, q);
      const p = planProblems(plan, SMALL);
      if (p.length) problems[name] = [...p, "plan:", ...plan];
    }
    expect(problems).toEqual({});
  });

  it("the check itself sees a scan and a sort", async () => {
    // An order no index has, over a column no index has: both are reported.
    const bad = t.db.selectFrom("audit_log").selectAll().where("user_agent", "=", "x").orderBy("detail").limit(20);
    const problems = planProblems(await planOf(t.db, bad), SMALL);
    expect(problems.some((p) => p.startsWith("full scan"))).toBe(true);
    expect(problems.some((p) => p.startsWith("sort"))).toBe(true);
  });
});

/** Every page of `path` (limit `limit`) by following nextCursor; the first page's answer besides. */
async function walk(c: Client, path: string, limit: number) {
  const sep = path.includes("?") ? "&" : "?";
  const first = await c.get(`${path}${sep}limit=${limit}`);
  expect(first.statusCode, first.body).toBe(200);
  const pages = [first.json()];
  while (pages.at(-1).nextCursor) {
    const res = await c.get(`${path}${sep}limit=${limit}&after=${encodeURIComponent(pages.at(-1).nextCursor)}`);
    expect(res.statusCode, res.body).toBe(200);
    pages.push(res.json());
    expect(pages.length).toBeLessThan(500);
  }
  return { first: pages[0], items: pages.flatMap((p) => p.items), pages };
}

const ordered = <T>(xs: T[], cmp: (a: T, b: T) => number) => xs.every((x, i) => i === 0 || cmp(xs[i - 1]!, x) < 0);
const cmpKeys = (a: string[], b: string[]) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : a[1]! < b[1]! ? -1 : a[1]! > b[1]! ? 1 : 0);

describe("#reads paging: cursors give every row once, in order", () => {
  it("the supervision board: 1,100 open tasks, 1,000+ counted, every one once by (deadline, id)", async () => {
    const sup = await t.login("supervisor");
    const { first, items, pages } = await walk(sup, "/api/supervision/board", 97);
    const ids = items.map((i: { id: string }) => i.id);
    const open = await t.db.selectFrom("review_tasks").select("id").where("status", "in", ["open", "awaiting_supplement"]).execute();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(open.map((r) => r.id).sort());
    expect(ordered(items.map((i: { deadlineDate: string; id: string }) => [i.deadlineDate, i.id]), cmpKeys)).toBe(true);
    expect(first).toMatchObject({ total: TOTAL_CAP, totalExact: false });
    expect(first.counts).toMatchObject({ total: TOTAL_CAP, exact: { total: false } });
    expect(pages.at(-1).nextCursor).toBeNull();
    // A department's: 220 tasks, counted exactly.
    const qts = await walk(sup, "/api/supervision/board?department=QTS", 50);
    expect(qts.first).toMatchObject({ total: qts.items.length, totalExact: true });
    expect(qts.items.every((i: { department: string }) => i.department === "QTS")).toBe(true);
    expect(new Set(qts.items.map((i: { id: string }) => i.id)).size).toBe(qts.items.length);
  });

  it("a department's tasks, open or all, page by page", async () => {
    const reviewer = await t.login("reviewer.amr");
    const { first, items } = await walk(reviewer, "/api/departments/AMR/tasks", 30);
    const amr = await t.db.selectFrom("review_tasks").select("id").where("department_code", "=", "AMR").where("status", "in", ["open", "awaiting_supplement"]).execute();
    expect(items.map((i: { id: string }) => i.id).sort()).toEqual(amr.map((r) => r.id).sort());
    expect(ordered(items.map((i: { deadlineDate: string; id: string }) => [i.deadlineDate, i.id]), cmpKeys)).toBe(true);
    expect(first).toMatchObject({ total: amr.length, totalExact: true });
    expect(items.every((i: { caseNumber: string; light: string }) => i.caseNumber && i.light)).toBe(true);
    const all = await walk(reviewer, "/api/departments/AMR/tasks?status=all", 64);
    const every = await t.db.selectFrom("review_tasks").select("id").where("department_code", "=", "AMR").execute();
    expect(all.items.map((i: { id: string }) => i.id).sort()).toEqual(every.map((r) => r.id).sort());
  });

  it("the single window's inbox, oldest first by (submitted, id)", async () => {
    const clerk = await t.login("clerk");
    const { first, items } = await walk(clerk, "/api/cases", 23);
    const inbox = await t.db.selectFrom("cases").select("id").where("status", "in", ["submitted", "awaiting_supplement", "in_review"]).execute();
    expect(items.map((i: { id: string }) => i.id).sort()).toEqual(inbox.map((r) => r.id).sort());
    expect(ordered(items.map((i: { submittedAt: string; id: string }) => [i.submittedAt, i.id]), cmpKeys)).toBe(true);
    expect(first).toMatchObject({ total: inbox.length, totalExact: true });
    // The factory's cases have their mandatory materials and the sample's company name.
    const mine = items.find((i: { id: string }) => i.id === caseIds[0]);
    expect(mine).toMatchObject({ missingMaterials: 0, status: "in_review", companyName: expect.any(String) });
  });

  it("the audit log, newest first by (at, id): 1,100 rows of one actor, 1,000+ counted, every one once", async () => {
    const sup = await t.login("supervisor");
    const { first, items } = await walk(sup, `/api/audit?actor=${actorId}&to=2026-11-02`, 200);
    expect(items).toHaveLength(1100);
    expect(new Set(items.map((i: { id: string }) => i.id)).size).toBe(1100);
    expect(ordered(items.map((i: { at: string; id: string }) => [i.at, i.id]).reverse(), cmpKeys)).toBe(true);
    expect(first).toMatchObject({ total: TOTAL_CAP, totalExact: false });
    // By name, as the page's box takes it; by entity id.
    const byName = await walk(sup, `/api/audit?actor=${encodeURIComponent("陈立")}&entity=case&to=2026-11-02`, 300);
    expect(byName.items).toHaveLength(550);
    expect(byName.first).toMatchObject({ total: 550, totalExact: true });
    const e3 = await walk(sup, "/api/audit?entityId=E-3", 40);
    expect(e3.items).toHaveLength(Array.from({ length: 1100 }, (_, k) => k).filter((k) => k % 7 === 3).length);
  });

  it("submitted applications, newest first", async () => {
    const reviewer = await t.login("reviewer");
    const { first, items } = await walk(reviewer, "/api/submitted-applications", 60);
    const submitted = await t.db.selectFrom("applications").select("id").where("status", "=", "submitted").execute();
    expect(items.map((i: { id: string }) => i.id).sort()).toEqual(submitted.map((r) => r.id).sort());
    expect(ordered(items.map((i: { submittedAt: string; id: string }) => [i.submittedAt, i.id]).reverse(), cmpKeys)).toBe(true);
    expect(first).toMatchObject({ total: submitted.length, totalExact: true });
  });

  it("a bad cursor is a 400 naming the field in zh-CN; offset is gone", async () => {
    const sup = await t.login("supervisor");
    const clerk = await t.login("clerk");
    const reviewer = await t.login("reviewer.amr");
    const bads = ["garbage!", encodeCursor(["2026-12-01"]), encodeCursor([1, 2]), Buffer.from("{not json").toString("base64url")];
    for (const [c, path] of [
      [sup, "/api/supervision/board"],
      [sup, "/api/audit"],
      [clerk, "/api/cases"],
      [reviewer, "/api/departments/AMR/tasks"],
      [reviewer, "/api/submitted-applications"],
    ] as const) {
      for (const bad of bads) {
        const res = await c.get(`${path}?after=${encodeURIComponent(bad)}`);
        expect(res.statusCode, `${path} ${bad}`).toBe(400);
        expect(res.json().error.fields).toEqual([{ path: "querystring.after", message: "游标：无效，请从第一页重新查询" }]);
      }
      expect((await c.get(`${path}?offset=20`)).statusCode, path).toBe(400);
    }
  });
});
