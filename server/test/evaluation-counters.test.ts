import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/db/database.js";
import { foldFigureDeltas } from "../src/evaluation/evaluation.repository.js";
import { countEvaluations, FIGURE_DIMENSIONS, type FigureDimension } from "../src/evaluation/figures.service.js";
import { buildCases, buildOpenHotlineTickets, buildOpenRectifications, buildRatedTransactions, buildUser } from "../src/testing/factories.js";
import { startTestApp, type TestApp } from "./helpers/harness.js";
import type { PushHub } from "../src/platform/push.js";
import { ReadCache } from "../src/platform/read-cache.js";
import { WATCHED } from "../src/db/migrations/2026120712-evaluation-day-stats.js";
import { WATCHED as WATCHED_HOTLINE } from "../src/db/migrations/2026120716-read-watch-hotline.js";
import { WATCHED as WATCHED_LISTS } from "../src/db/migrations/2026120717-read-watch-lists.js";
import { WATCHED as WATCHED_ATTEMPTS } from "../src/db/migrations/2026120718-read-watch-attempts.js";
import { WATCHED as WATCHED_AUDIT } from "../src/db/migrations/2026120719-read-watch-audit.js";
import { WATCHED_TABLES } from "../src/db/write-watch.js";
import { TEST_DB_KIND } from "./helpers/test-db.js";

// Issue 18: the 好差评 figures come from per-day counters the database keeps in the transaction of each
// change (migration 2026120712), and the public figures from a cache that a change drops at once.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

/** The figures straight from the raw records: the scan the counters replace, kept here as the oracle. */
async function fromRecords(db: Database, by: FigureDimension, from: string, to: string, cutoff: string) {
  const col = { department: "department_id", window: "window_id", clerk: "clerk_id", service: "service_code", month: "day", quarter: "day" }[by];
  const bucket = (k: string | null) => (k === null ? "" : by === "month" ? k.slice(0, 7) : by === "quarter" ? `${k.slice(0, 4)}-Q${Math.floor((Number(k.slice(5, 7)) - 1) / 3) + 1}` : k);
  const tx = await sql<Record<string, string | number | null>>`
    SELECT t.ended_date AS day, t.department_id, t.window_id, t.clerk_id, t.service_code,
      sum(CASE WHEN e.status = 'set_aside' THEN 0 ELSE 1 END) AS completed, sum(CASE WHEN e.status = 'valid' THEN 1 ELSE 0 END) AS rated,
      sum(CASE WHEN e.status = 'valid' AND e.level >= 4 THEN 1 ELSE 0 END) AS good, sum(CASE WHEN e.status = 'valid' AND e.level <= 2 THEN 1 ELSE 0 END) AS bad,
      sum(CASE WHEN e.id IS NULL THEN 1 ELSE 0 END) AS unrated, sum(CASE WHEN e.id IS NULL AND t.ended_date <= ${cutoff} THEN 1 ELSE 0 END) AS past
    FROM service_transactions t LEFT JOIN evaluations e ON e.transaction_id = t.id
    WHERE t.status = 'completed' AND t.ended_date >= ${from} AND t.ended_date <= ${to}
    GROUP BY t.ended_date, t.department_id, t.window_id, t.clerk_id, t.service_code`.execute(db);
  const cases = await sql<Record<string, string | number | null>>`
    SELECT e.created_date AS day, e.department_id, e.window_id, e.clerk_id, e.service_code, count(*) AS rated,
      sum(CASE WHEN e.level >= 4 THEN 1 ELSE 0 END) AS good, sum(CASE WHEN e.level <= 2 THEN 1 ELSE 0 END) AS bad
    FROM evaluations e WHERE e.target = 'case' AND e.status = 'valid' AND e.created_date >= ${from} AND e.created_date <= ${to}
    GROUP BY e.created_date, e.department_id, e.window_id, e.clerk_id, e.service_code`.execute(db);
  const out = new Map<string, { completed: number; rated: number; good: number; bad: number; unrated: number; unratedPastDefault: number; cases: { rated: number; good: number; bad: number } }>();
  const row = (k: string) => out.get(k) ?? (out.set(k, { completed: 0, rated: 0, good: 0, bad: 0, unrated: 0, unratedPastDefault: 0, cases: { rated: 0, good: 0, bad: 0 } }), out.get(k)!);
  for (const r of tx.rows) {
    const c = row(bucket(r[col] as string | null));
    c.completed += Number(r.completed);
    c.rated += Number(r.rated);
    c.good += Number(r.good);
    c.bad += Number(r.bad);
    c.unrated += Number(r.unrated);
    c.unratedPastDefault += Number(r.past);
  }
  for (const r of cases.rows) {
    const c = row(bucket(r[col] as string | null)).cases;
    c.rated += Number(r.rated);
    c.good += Number(r.good);
    c.bad += Number(r.bad);
  }
  return out;
}

const sorted = (m: Map<string, unknown>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b));

describe("the 好差评 figures' counters", () => {
  it("the tables and columns the triggers watch are those the write watch names", () => {
    expect({ ...WATCHED, ...WATCHED_HOTLINE, ...WATCHED_LISTS, ...WATCHED_ATTEMPTS, ...WATCHED_AUDIT }).toEqual(WATCHED_TABLES);
  });

  it("give exactly what the raw records give, for every breakdown, after ratings, set-asides, case ratings and (PostgreSQL) before and after folding", async () => {
    const clerkB = await buildUser(t.db, { username: "counter.clerk", roles: ["clerk"], departmentId: t.dept.LTAX! });
    const days = ["2026-03-30", "2026-03-31", "2026-04-01", "2026-06-15"];
    const clerkA = (await t.db.selectFrom("users").select("id").where("username", "=", "clerk").executeTakeFirstOrThrow()).id;
    const ids: string[] = [];
    for (const [i, day] of days.entries()) {
      ids.push(...(await buildRatedTransactions(t.db, { clerkId: clerkA, windowId: t.window.A01!, departmentId: t.dept.AMR!, day, levels: [5, 5, 4, 3, 2, 1, null, null, 5].slice(i) })));
      await buildRatedTransactions(t.db, { clerkId: clerkB.id, windowId: t.window.D02!, departmentId: t.dept.LTAX!, day, levels: [4, null, 1], serviceCode: "LTAX-ZX", serviceName: "地税咨询" });
    }
    // Ratings set aside on appeal, and one restored; a transaction still open counts nowhere.
    const rated = await t.db.selectFrom("evaluations").select(["id", "level"]).where("transaction_id", "in", ids).orderBy("id").execute();
    for (const e of rated.slice(0, 4)) await t.db.updateTable("evaluations").set({ status: "set_aside" }).where("id", "=", e.id).execute();
    await t.db.updateTable("evaluations").set({ status: "valid" }).where("id", "=", rated[0]!.id).execute();
    // Whole cases rated (一事一评), with and without a window, one of them set aside.
    const founder = (await t.db.selectFrom("users").select("id").where("username", "=", "founder").executeTakeFirstOrThrow()).id;
    const caseIds = await buildCases(t.db, { applicantId: founder, count: 3, seedFrom: 9_100 });
    for (const [i, caseId] of caseIds.entries()) {
      await t.db
        .insertInto("evaluations")
        .values({
          id: randomUUID(), target: "case", transaction_id: null, case_id: caseId, case_key: caseId, channel: "online", level: [5, 2, 4][i]!, reasons: "[]", comment: null,
          service_code: "QY-SL-LLC", window_id: i === 1 ? null : t.window.A01!, clerk_id: i === 1 ? null : clerkA, department_id: t.dept.AMR!, citizen_user_id: founder,
          device_id: null, card_id: null, client_id: null, status: "valid", answered_at: "2026-04-01T03:00:00.000Z", created_at: "2026-04-01T03:00:00.000Z", created_date: "2026-04-01",
        })
        .execute();
    }
    await t.db.updateTable("evaluations").set({ status: "set_aside" }).where("case_key", "=", caseIds[2]!).execute();

    const check = async () => {
      for (const by of FIGURE_DIMENSIONS) {
        for (const [from, to] of [["2026-01-01", "2026-12-31"], ["2026-03-31", "2026-04-01"], ["2026-06-15", "2026-06-15"]] as const) {
          const counted = await countEvaluations(t.db, { by, from, to }, "2026-06-18");
          expect(sorted(counted), `${by} ${from}…${to}`).toEqual(sorted(await fromRecords(t.db, by, from, to, "2026-06-11")));
        }
        const amr = await countEvaluations(t.db, { by, from: "2026-01-01", to: "2026-12-31", departmentId: t.dept.AMR! }, "2026-06-18");
        expect([...amr.values()].reduce((n, c) => n + c.completed, 0)).toBeGreaterThan(0);
      }
    };
    await check();
    if (TEST_DB_KIND === "postgres") {
      expect(Number((await t.db.selectFrom("evaluation_day_deltas").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n)).toBeGreaterThan(0);
      while ((await foldFigureDeltas(t.db, "postgres", 7)) > 0);
      expect(Number((await t.db.selectFrom("evaluation_day_deltas").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n)).toBe(0);
      await check();
    } else {
      expect(await foldFigureDeltas(t.db, "sqlite", 7)).toBe(0);
    }
  });

  it("the public figures are kept between requests and change with the next rating, set-aside or renamed window, at once", async () => {
    const anon = t.anonymous();
    const day = "2026-11-03";
    const q = `/api/public/evaluation/figures?from=${day}&to=${day}`;
    const first = await anon.get(q);
    expect(first.statusCode).toBe(200);
    expect(first.json().windows).toEqual([]);
    expect(Date.parse(first.json().asOf)).not.toBeNaN();
    const clerk = (await t.db.selectFrom("users").select("id").where("username", "=", "clerk").executeTakeFirstOrThrow()).id;
    const [tx] = await buildRatedTransactions(t.db, { clerkId: clerk, windowId: t.window.A01!, departmentId: t.dept.AMR!, day, levels: [1] });
    const a01 = () => anon.get(q).then((r) => r.json().windows.find((w: { label: string }) => w.label.startsWith("A01")));
    expect(await a01()).toMatchObject({ completed: 1, rated: 1, bad: 1, good: 0 });
    await buildRatedTransactions(t.db, { clerkId: clerk, windowId: t.window.A01!, departmentId: t.dept.AMR!, day, levels: [5, 5] });
    expect(await a01()).toMatchObject({ completed: 3, rated: 3, bad: 1, good: 2 });
    await t.db.updateTable("evaluations").set({ status: "set_aside" }).where("transaction_id", "=", tx!).execute();
    expect(await a01()).toMatchObject({ completed: 2, rated: 2, bad: 0, good: 2 });
    await t.db.updateTable("windows").set({ name_zh: "改名后的窗口" }).where("id", "=", t.window.A01!).execute();
    expect((await a01()).label).toBe("A01 改名后的窗口");
    // Every answer equals the records read afresh.
    const direct = await countEvaluations(t.db, { by: "window", from: day, to: day });
    expect((await a01()).completed).toBe(direct.get(t.window.A01!)!.completed);
  });

  it("a cached read is read once while nothing changes, again after any change, and not kept while the listener is away", async () => {
    const hub = { epoch: 0 as number | null, subscribe: (_t: string, fn: (m: { topic: string; event: string; data: unknown }) => void) => ((notify = fn), () => {}) } as unknown as PushHub & { epoch: number | null };
    let notify: (m: { topic: string; event: string; data: unknown }) => void = () => {};
    const cache = new ReadCache(t.db, TEST_DB_KIND, hub);
    let reads = 0;
    const read = async () => ++reads;
    expect(await cache.get(["evaluations", "windows"], "k", read)).toBe(1);
    expect((await Promise.all([cache.get(["evaluations", "windows"], "k", read), cache.get(["evaluations", "windows"], "k", read)]))).toEqual([1, 1]);
    expect(reads).toBe(1);
    // A change through any handle of this process (SQLite: the trigger's counter; PostgreSQL: the write watch).
    const clerk = (await t.db.selectFrom("users").select("id").where("username", "=", "clerk").executeTakeFirstOrThrow()).id;
    await buildRatedTransactions(t.db, { clerkId: clerk, windowId: t.window.A01!, departmentId: t.dept.AMR!, day: "2026-05-05", levels: [5] });
    expect(await cache.get(["evaluations", "windows"], "k", read)).toBe(2);
    expect(await cache.get(["evaluations", "windows"], "k", read)).toBe(2);
    if (TEST_DB_KIND === "postgres") {
      // Another instance's change arrives as a NOTIFY; while the listener is away nothing is kept.
      notify({ topic: "read-cache", event: "evaluations", data: null });
      expect(await cache.get(["evaluations", "windows"], "k", read)).toBe(3);
      notify({ topic: "read-cache", event: "centres", data: null });
      expect(await cache.get(["evaluations", "windows"], "k", read)).toBe(3);
      hub.epoch = null;
      expect(await cache.get(["evaluations", "windows"], "k", read)).toBe(4);
      expect(await cache.get(["evaluations", "windows"], "k", read)).toBe(5);
      hub.epoch = 1;
      expect(await cache.get(["evaluations", "windows"], "k", read)).toBe(6);
      expect(await cache.get(["evaluations", "windows"], "k", read)).toBe(6);
    }
    // A change of a column nobody reads keeps the value (SQLite: the trigger's column list; PostgreSQL: the write watch's).
    const before = reads;
    await t.db.updateTable("users").set({ updated_at: "2026-05-05T00:00:00.000Z" }).where("id", "=", clerk).execute();
    await t.db.updateTable("windows").set({ active: 1 }).where("id", "=", t.window.A02!).execute();
    expect(await cache.get(["evaluations", "windows", "users"], "k2", read)).toBe(before + 1);
    await t.db.updateTable("users").set({ updated_at: "2026-05-06T00:00:00.000Z" }).where("id", "=", clerk).execute();
    expect(await cache.get(["evaluations", "windows", "users"], "k2", read)).toBe(before + 1);
    await t.db.updateTable("users").set({ display_name: "张敏" }).where("id", "=", clerk).execute();
    expect(await cache.get(["evaluations", "windows", "users"], "k2", read)).toBe(before + 2);
    // A failed reading is not kept.
    await t.db.updateTable("windows").set({ name_en: "Renamed" }).where("id", "=", t.window.A02!).execute();
    await expect(cache.get(["evaluations", "windows"], "k", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await cache.get(["evaluations", "windows"], "k", read)).toBe(reads);
  });

  it("the honour board and a fix link's page are kept until what they show changes", async () => {
    const anon = t.anonymous();
    const empty = (await anon.get("/api/public/stars")).json();
    expect(empty.quarter).toBeNull();
    // A quarter of service, closed by the supervisor: the board shows it at once.
    const clerk = (await t.db.selectFrom("users").select(["id", "photo_sha256"]).where("username", "=", "jiangfan").executeTakeFirstOrThrow());
    for (const day of ["2026-02-02", "2026-02-03", "2026-02-04"]) await buildRatedTransactions(t.db, { clerkId: clerk.id, windowId: t.window.D02!, departmentId: t.dept.LTAX!, day, levels: Array(120).fill(5) });
    const supervisor = await t.login("supervisor");
    expect((await supervisor.post("/api/assessment/quarters/2026-Q1/close", {})).statusCode).toBe(201);
    const board = (await anon.get("/api/public/stars")).json();
    expect(board.quarter).toBe("2026-Q1");
    const star = board.stars.find((x: { name: string }) => x.name === "江帆");
    expect(star).toMatchObject({ hasPhoto: clerk.photo_sha256 !== null, window: { number: "D02" } });
    // A new photo, a renamed window: the board follows.
    await t.db.updateTable("users").set({ photo_sha256: clerk.photo_sha256 ? null : "0".repeat(64) }).where("id", "=", clerk.id).execute();
    await t.db.updateTable("windows").set({ name_zh: "地税综合窗口" }).where("id", "=", t.window.D02!).execute();
    const after = (await anon.get("/api/public/stars")).json().stars.find((x: { name: string }) => x.name === "江帆");
    expect(after).toMatchObject({ hasPhoto: clerk.photo_sha256 === null, window: { number: "D02", name: "地税综合窗口" } });

    // A fix link: its page, then the citizen's rating through it: the page is gone at once.
    const token = "counters-test-token-0000000001";
    const jf = (await t.db.selectFrom("users").select(["id", "home_window_id", "department_id"]).where("username", "=", "jiangfan").executeTakeFirstOrThrow());
    await buildOpenRectifications(t.db, { clerkId: jf.id, windowId: jf.home_window_id!, departmentId: jf.department_id!, days: ["2026-02-05"], perDay: 1 });
    const k = await t.db.selectFrom("rectification_tickets").select("id").where("clerk_id", "=", jf.id).executeTakeFirstOrThrow();
    {
      const { createHash } = await import("node:crypto");
      await t.db.updateTable("rectification_tickets").set({ status: "fixed", fix_note: "已整改", fixed_at: "2026-02-10T02:00:00.000Z", fix_token_hash: createHash("sha256").update(token).digest("hex"), closed_at: null }).where("id", "=", k.id).execute();
      expect((await anon.get(`/api/public/fixes/${token}`)).json().fixNote).toBe("已整改");
      await t.db.updateTable("rectification_tickets").set({ fix_note: "已整改并回访" }).where("id", "=", k.id).execute();
      expect((await anon.get(`/api/public/fixes/${token}`)).json().fixNote).toBe("已整改并回访");
      expect((await anon.post(`/api/public/fixes/${token}/rating`, { level: 5 })).statusCode).toBe(200);
      expect((await anon.get(`/api/public/fixes/${token}`)).statusCode).toBe(404);
    }
  });

  it("the public Open311 list is kept until a ticket changes, and shows the change at once", async () => {
    const anon = t.anonymous();
    const list = async () => (await anon.get("/open311/v2/requests.json")).json() as { service_request_id: string; status: string }[];
    const before = await list();
    const farm = await t.db.selectFrom("centres").select("id").where("kind", "=", "farm").executeTakeFirstOrThrow();
    const [id] = await buildOpenHotlineTickets(t.db, { centreId: farm.id, count: 1, openedAt: [new Date(Date.now() - 3_600_000).toISOString()], assigneeId: null, prefix: "OC" });
    // A phone call is not public: the kept list stands as it was.
    expect(await list()).toEqual(before);
    await t.db.updateTable("hotline_tickets").set({ channel: "web" }).where("id", "=", id!).execute();
    const number = (await t.db.selectFrom("hotline_tickets").select("number").where("id", "=", id!).executeTakeFirstOrThrow()).number;
    const after = await list();
    expect(after).toHaveLength(before.length + 1);
    expect(after.find((r) => r.service_request_id === number)).toMatchObject({ status: "open" });
    await t.db.updateTable("hotline_tickets").set({ status: "closed", solved_at: new Date().toISOString() }).where("id", "=", id!).execute();
    expect((await list()).find((r) => r.service_request_id === number)).toMatchObject({ status: "closed" });
  });

  it("a change rolled back while a value is read never lets that value pass for a later commit's (SQLite's open transaction)", async () => {
    const hub = { epoch: 0, subscribe: () => () => {} } as unknown as PushHub;
    const cache = new ReadCache(t.db, TEST_DB_KIND, hub);
    let reads = 0;
    const read = async () => ++reads;
    const card = await t.db.selectFrom("windows").select(["id", "name_en"]).where("id", "=", t.window.A03 ?? t.window.A02!).executeTakeFirstOrThrow();
    expect(await cache.get(["windows"], "rb", read)).toBe(1);
    let pending: Promise<unknown> | undefined;
    await expect(
      t.db.transaction().execute(async (trx) => {
        await trx.updateTable("windows").set({ name_en: "Rolled back" }).where("id", "=", card.id).execute();
        // Asked while the change is uncommitted: it must not count the change as its version.
        pending = cache.get(["windows"], "rb", read);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    await pending;
    // One committed change: the value is read again, whatever happened before.
    await t.db.updateTable("windows").set({ name_en: "Committed" }).where("id", "=", card.id).execute();
    const before = reads;
    expect(await cache.get(["windows"], "rb", read)).toBe(before + 1);
    await t.db.updateTable("windows").set({ name_en: card.name_en }).where("id", "=", card.id).execute();
  });
});
