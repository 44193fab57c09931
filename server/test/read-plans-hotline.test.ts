import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOpenHotlineTickets } from "../src/testing/factories.js";
import { ticketListQuery, type TicketQuery } from "../src/hotline/tickets.repository.js";
import { open311RequestsQuery } from "../src/hotline/open311.repository.js";
import { subscriberListQuery } from "../src/sms/subscribers.repository.js";
import { noticeListQuery } from "../src/sms/notices.repository.js";
import { broadcastListQuery, outboxProgressQuery, repliesQuery } from "../src/sms/broadcasts.repository.js";
import { eventListQuery } from "../src/outreach/outreach.repository.js";
import { TOTAL_CAP, decodeCursor } from "../src/shared/paging.js";
import { planOf, planProblems } from "./helpers/plans.js";
import { type Client, startTestApp, type TestApp } from "./helpers/harness.js";

/**
 * Issue 18: the 12316, SMS and outreach lists read a page off an index in list order, whatever the
 * size: EXPLAIN of each list query (as the repositories build it) shows no full scan of a table and
 * no sort, on SQLite and PostgreSQL; and a list read page by page with cursors gives every row once,
 * in order; a bad cursor is refused naming the field; a total past the cap says it is at least that.
 */

let t: TestApp;
let operator: Client;
let supervisor: Client;
let centreId = "";
let expertId = "";
/** Small tables a scan of which is fine (joined by primary key or filtered by a handful of rows). */
const SMALL = ["users", "u", "v", "a", "d", "departments", "centres"];

beforeAll(async () => {
  t = await startTestApp();
  [operator, supervisor] = await Promise.all([t.login("operator"), t.login("supervisor")]);
  centreId = (await t.db.selectFrom("centres").select("id").where("kind", "=", "farm").executeTakeFirstOrThrow()).id;
  expertId = (await t.db.selectFrom("users").select("id").where("username", "=", "expert").executeTakeFirstOrThrow()).id;
  // 1,050 open tickets (past the cap), five to an instant: ties on created_at are broken by the id.
  const instants = Array.from({ length: 210 }, (_, i) => new Date(Date.UTC(2026, 10, 1, 8) + i * 60_000).toISOString());
  await buildOpenHotlineTickets(t.db, { centreId, count: 1050, openedAt: instants.flatMap((x) => [x, x, x, x, x]), assigneeId: expertId });
});
afterAll(async () => t?.close());

const CURSOR: [string, string] = ["2026-11-01T09:00:00.000Z", "00000000-0000-0000-0000-000000000000"];

async function expectIndexed(name: string, query: Parameters<typeof planOf>[1], allowScan: string[] = SMALL) {
  const plan = await planOf(t.db, query);
  expect({ name, problems: planProblems(plan, allowScan), plan }).toMatchObject({ name, problems: [] });
}

describe("the list queries read off an index: no full scan, no sort", () => {
  const base: TicketQuery = { centreId: "", limit: 20 };
  const ticketCases: [string, Partial<TicketQuery>][] = [
    ["all", {}],
    ["all, after a cursor", { after: CURSOR }],
    ["one status", { status: ["closed"] }],
    ["one status, after a cursor", { status: ["open"], after: CURSOR }],
    ["the open ones", { status: ["open", "transferred", "visit"] }],
    ["the open ones, after a cursor", { status: ["open", "transferred", "visit"], after: CURSOR }],
    ["two open statuses", { status: ["open", "visit"] }],
    ["mine", { assigneeId: "x" }],
    ["mine, open", { assigneeId: "x", status: ["open", "transferred", "visit"], after: CURSOR }],
    ["overdue", { overdueAt: "2026-12-01T00:00:00.000Z" }],
    ["overdue, mine", { overdueAt: "2026-12-01T00:00:00.000Z", assigneeId: "x", after: CURSOR }],
    ["by channel", { channel: "web", after: CURSOR }],
    ["by category", { category: "production" }],
    ["by caller's phone", { phone: "13957300001", after: CURSOR }],
  ];
  for (const [name, q] of ticketCases) {
    it(`12316 tickets: ${name}`, async () => {
      await expectIndexed(name, ticketListQuery(t.db, { ...base, centreId, ...q, ...(q.assigneeId ? { assigneeId: expertId } : {}) }));
    });
  }

  it("Open311 requests: the public ones (a later page too) and a client's own, by time", async () => {
    const range = { ids: [], serviceCodes: [], from: "2026-09-01T00:00:00.000Z", to: "2026-12-01T00:00:00.000Z", limit: 200, offset: 0 };
    await expectIndexed("public", open311RequestsQuery(t.db, "public", range), [...SMALL, "c"]);
    await expectIndexed("public, page 3", open311RequestsQuery(t.db, "public", { ...range, offset: 400 }), [...SMALL, "c"]);
    await expectIndexed("public, closed", open311RequestsQuery(t.db, "public", { ...range, status: "closed" }), [...SMALL, "c"]);
    await expectIndexed("client", open311RequestsQuery(t.db, { clientId: "k" }, range), [...SMALL, "c"]);
  });

  it("SMS subscribers: all and by role, first page and after a cursor", async () => {
    await expectIndexed("all", subscriberListQuery(t.db, { limit: 20 }), [...SMALL, "o"]);
    await expectIndexed("after", subscriberListQuery(t.db, { limit: 20, after: CURSOR }), [...SMALL, "o"]);
    await expectIndexed("role", subscriberListQuery(t.db, { limit: 20, role: "buyer", after: CURSOR }), [...SMALL, "o"]);
    await expectIndexed("tag", subscriberListQuery(t.db, { limit: 20, tag: "湖羊" }), [...SMALL, "o"]);
  });

  it("SMS notices: all and by status; broadcasts with their progress read for the page at once", async () => {
    await expectIndexed("notices", noticeListQuery(t.db, { limit: 20 }), [...SMALL, "c"]);
    await expectIndexed("notices, status", noticeListQuery(t.db, { status: "verified", limit: 20, after: CURSOR }), [...SMALL, "c"]);
    await expectIndexed("broadcasts", broadcastListQuery(t.db, { limit: 20 }));
    await expectIndexed("broadcasts, after", broadcastListQuery(t.db, { limit: 20, after: CURSOR }));
    const ids = ["00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002"];
    await expectIndexed("progress", outboxProgressQuery(t.db, ids));
    await expectIndexed("replies", repliesQuery(t.db, ids));
  });

  it("outreach events: all, by status, office and team, after a cursor", async () => {
    const after: [string, string, string] = ["2026-11-01", "2026-11-01T09:00:00.000Z", "00000000-0000-0000-0000-000000000000"];
    const teams = [...SMALL, "t", "p"];
    await expectIndexed("all", eventListQuery(t.db, { limit: 20 }), teams);
    await expectIndexed("all, after", eventListQuery(t.db, { limit: 20, after }), teams);
    await expectIndexed("status", eventListQuery(t.db, { limit: 20, status: "submitted", after }), teams);
    await expectIndexed("department", eventListQuery(t.db, { limit: 20, departmentId: t.dept.AMR ?? "x", after }), teams);
    await expectIndexed("team", eventListQuery(t.db, { limit: 20, teamId: "x", after }), teams);
  });
});

/** Every row of a list, page by page with the cursors (and the totals of the first page). */
async function pageThrough(client: Client, url: string, limit: number) {
  const rows: { id: string }[] = [];
  let after: string | null = null;
  let first: { total: number; totalExact: boolean } | null = null;
  for (let pages = 0; pages < 200; pages++) {
    const res = await client.get(`${url}${url.includes("?") ? "&" : "?"}limit=${limit}${after ? `&after=${after}` : ""}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    if (!after) first = { total: body.total, totalExact: body.totalExact };
    else expect(body.total).toBeNull();
    expect(body.items.length).toBeLessThanOrEqual(limit);
    rows.push(...body.items);
    if (!body.nextCursor) break;
    after = body.nextCursor;
  }
  return { rows, first: first! };
}

describe("paging with cursors", () => {
  it("12316 tickets: every row once, newest first (ties by id), the total capped past 1,000", async () => {
    const { rows, first } = await pageThrough(operator, "/api/hotline/tickets?status=open,transferred,visit", 97);
    const all = await t.db.selectFrom("hotline_tickets").select(["id", "created_at"]).where("centre_id", "=", centreId).where("status", "in", ["open", "transferred", "visit"]).execute();
    const expected = all.sort((a, b) => (a.created_at === b.created_at ? (a.id < b.id ? 1 : -1) : a.created_at < b.created_at ? 1 : -1)).map((r) => r.id);
    expect(rows.map((r) => r.id)).toEqual(expected);
    expect(new Set(rows.map((r) => r.id)).size).toBe(all.length);
    expect(all.length).toBeGreaterThan(TOTAL_CAP);
    expect(first).toEqual({ total: TOTAL_CAP, totalExact: false });
    // A filter under the cap is counted exactly.
    const closed = (await operator.get("/api/hotline/tickets?status=closed&limit=5")).json();
    expect({ total: closed.total, totalExact: closed.totalExact, nextCursor: closed.nextCursor }).toEqual({ total: 0, totalExact: true, nextCursor: null });
    // An expert's own, through the index of theirs.
    const mine = await pageThrough(await t.login("expert"), "/api/hotline/tickets?mine=1&status=open", 200);
    expect(mine.rows.length).toBe(all.length);
    expect(mine.first.totalExact).toBe(false);
  });

  it("a bad cursor is refused, naming the field in zh-CN", async () => {
    for (const [client, url] of [
      [operator, "/api/hotline/tickets"],
      [operator, "/api/sms/subscribers"],
      [operator, "/api/sms/notices"],
      [operator, "/api/sms/broadcasts"],
      [supervisor, "/api/outreach/events"],
    ] as const) {
      for (const bad of ["nonsense", Buffer.from(JSON.stringify([1, 2])).toString("base64url"), Buffer.from(JSON.stringify(["a"])).toString("base64url")]) {
        const res = await client.get(`${url}?after=${bad}`);
        expect({ url, status: res.statusCode }).toEqual({ url, status: 400 });
        expect(res.json().error.fields).toEqual([{ path: "querystring.after", message: "游标：无效，请从第一页重新查询" }]);
      }
    }
    expect(() => decodeCursor("x", ["s"])).toThrow();
  });

  it("SMS subscribers, notices and broadcasts page through every row once, newest first", async () => {
    const at = (i: number) => new Date(Date.UTC(2026, 9, 1) + Math.floor(i / 3) * 1000).toISOString();
    const subs = Array.from({ length: 25 }, (_, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, phone: `1395730${String(1000 + i)}`, name: `用户${i}`, village_code: "330402103215", role: "farmer" as const, tags: "[]", created_by: null, created_at: at(i), updated_at: at(i) }));
    await t.db.insertInto("sms_subscribers").values(subs).execute();
    const s = await pageThrough(operator, "/api/sms/subscribers?role=farmer", 4);
    const expected = (await t.db.selectFrom("sms_subscribers").select(["id", "created_at"]).where("role", "=", "farmer").orderBy("created_at", "desc").orderBy("id", "desc").execute()).map((r) => r.id);
    expect(s.rows.map((r) => r.id)).toEqual(expected);
    expect(s.first).toEqual({ total: expected.length, totalExact: true });

    const callerId = (await t.db.selectFrom("hotline_tickets").select("caller_id").executeTakeFirstOrThrow()).caller_id;
    const notices = Array.from({ length: 11 }, (_, i) => ({ id: `00000000-0000-4000-9000-${String(i).padStart(12, "0")}`, ticket_id: null, owner_caller_id: callerId, kind: "supply" as const, product: "湖羊", quantity: null, unit: null, price: null, village_code: null, contact_phone: "13957300001", text: `湖羊出售 ${i}`, status: "draft" as const, created_by: null, created_at: at(i), updated_at: at(i), valid_until: "2099-01-01", decided_by: null, decided_at: null, reject_reason: null, owner_told_at: null }));
    await t.db.insertInto("supply_demand_notices").values(notices).execute();
    const n = await pageThrough(operator, "/api/sms/notices?status=draft", 3);
    expect(n.rows.map((r) => r.id)).toEqual([...notices].reverse().map((x) => x.id));
    expect(n.first).toEqual({ total: 11, totalExact: true });

    const operatorId = (await t.db.selectFrom("users").select("id").where("username", "=", "operator").executeTakeFirstOrThrow()).id;
    const target = JSON.stringify({ tags: ["湖羊"], regions: ["330402"], roles: ["buyer"] });
    const broadcasts = Array.from({ length: 7 }, (_, i) => ({ id: `00000000-0000-4000-a000-${String(i).padStart(12, "0")}`, notice_id: null, body: `湖羊 ${i}`, text: `【嘉兴12316】湖羊 ${i}`, parts: 1, target, audience: 2, status: "draft" as const, send_at: null, created_by: operatorId, created_at: at(i), approved_by: null, approved_at: null, cancelled_by: null, cancelled_at: null, finished_at: null }));
    await t.db.insertInto("sms_broadcasts").values(broadcasts).execute();
    await t.db
      .insertInto("sms_outbox")
      .values([
        { broadcast_id: broadcasts[6]!.id, phone: "13957301001", text: "x", parts: 1, idempotency_key: "k1", state: "delivered", not_before: at(0), attempts: 1, created_at: at(0), sent_at: at(1) },
        { broadcast_id: broadcasts[6]!.id, phone: "13957301002", text: "x", parts: 1, idempotency_key: "k2", state: "queued", not_before: "2026-10-02T01:00:00.000Z", attempts: 0, created_at: at(0) },
        { broadcast_id: broadcasts[5]!.id, phone: "13957301002", text: "x", parts: 1, idempotency_key: "k3", state: "failed", not_before: at(0), attempts: 1, created_at: at(0), sent_at: at(1) },
      ])
      .execute();
    const b = await pageThrough(operator, "/api/sms/broadcasts", 2);
    expect(b.rows.map((r) => r.id)).toEqual([...broadcasts].reverse().map((x) => x.id));
    const [six, five, four] = b.rows as unknown as { counts: Record<string, number>; report: { sent: number }; nextDueAt: string | null }[];
    expect(six).toMatchObject({ counts: { delivered: 1, queued: 1, failed: 0 }, report: { sent: 1 }, nextDueAt: "2026-10-02T01:00:00.000Z" });
    expect(five).toMatchObject({ counts: { delivered: 0, queued: 0, failed: 1 }, report: { sent: 1 }, nextDueAt: null });
    expect(four).toMatchObject({ counts: { delivered: 0, queued: 0, failed: 0 }, report: { sent: 0 }, nextDueAt: null });
  });
});
