import { randomUUID } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { acceptsGzip } from "../src/hotline/open311.routes.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { clock, shanghaiToday } from "../src/platform/clock.js";
import { FileStore } from "../src/platform/files.js";
import { seedDemo } from "../src/demo/seed.js";
import { seedDemoYear } from "../src/demo/year.js";
import { seedHotlineDemo } from "../src/demo/hotline.js";
import { seedSmsDemo } from "../src/demo/sms.js";
import { audit } from "../src/audit/audit.service.js";
import { insertAuditRows } from "../src/audit/audit.repository.js";
import { buildCases, buildOpenHotlineTickets, buildRatedTransactions } from "../src/testing/factories.js";
import { startTestApp, type TestApp } from "./helpers/harness.js";
import { ReadCache } from "../src/platform/read-cache.js";
import type { PushHub } from "../src/platform/push.js";
import { TEST_DB_KIND } from "./helpers/test-db.js";

// Issue 18: the staff lists are kept per instance (platform/read-cache.ts) until a table they read
// changes (migration 2026120717's triggers); each change below shows in the very next read, and what
// counts from the time (a ticket's clocks, a task's light) moves with the clock, not with the cache.

let t: TestApp;
beforeAll(async () => {
  // The demo's people and a small generated year: cases, tasks, teams, events, calls, broadcasts, subscribers, knowledge.
  t = await startTestApp({}, async (tdb) => {
    const files = new FileStore(path.join(tdb.config.dataDir, "files"));
    await seedDemo(tdb.db);
    await seedDemoYear(tdb.db, tdb.config, files, { today: shanghaiToday(), seed: 18, scale: 0.01 });
    await seedHotlineDemo(tdb.db, tdb.config, files);
    await seedSmsDemo(tdb.db);
  });
});
afterAll(async () => t?.close());
afterEach(() => clock.reset());

type Page<T> = { items: T[]; total: number | null };

describe("kept staff lists", () => {
  it("tickets: a changed ticket, a pause, a renamed assignee show at once; the clocks count on with the minute", async () => {
    const farm = await t.db.selectFrom("centres").select("id").where("kind", "=", "farm").executeTakeFirstOrThrow();
    const expert = await t.db.selectFrom("users").select(["id", "display_name"]).where("username", "=", "expert").executeTakeFirstOrThrow();
    // Monday 7 December 2026, 09:00 in Shanghai: a working morning.
    clock.setTo("2026-12-07T02:00:00.000Z");
    const [id] = await buildOpenHotlineTickets(t.db, { centreId: farm.id, count: 1, openedAt: ["2026-12-07T01:00:00.000Z"], assigneeId: expert.id, prefix: "KEPT" });
    const operator = await t.login("operator");
    type Item = { id: string; text: string; status: string; assigneeName: string | null; waiting: boolean; clocks: { response: { usedMinutes: number } } };
    const mine = async () => ((await operator.get("/api/hotline/tickets?limit=100")).json() as Page<Item>).items.find((i) => i.id === id)!;
    const first = await mine();
    expect(first.clocks.response.usedMinutes).toBe(60);
    expect(await mine()).toEqual(first);
    clock.advance(30 * 60_000);
    expect((await mine()).clocks.response.usedMinutes).toBe(90);
    await t.db.updateTable("hotline_tickets").set({ text: "水稻叶片发黄，已拍照" }).where("id", "=", id!).execute();
    expect((await mine()).text).toBe("水稻叶片发黄，已拍照");
    await t.db.updateTable("users").set({ display_name: "改名专家" }).where("id", "=", expert.id).execute();
    expect((await mine()).assigneeName).toBe("改名专家");
    // A pause from 09:30 on: the clock of the solution stands still (a pause row alone changes the page).
    const before = (await operator.get("/api/hotline/tickets?limit=100")).json() as Page<Item & { clocks: { solution: { usedMinutes: number; dueAt: string | null } } }>;
    const solution = before.items.find((i) => i.id === id)!.clocks.solution;
    await t.db.insertInto("hotline_pauses").values({ id: randomUUID(), ticket_id: id!, from_at: "2026-12-07T01:30:00.000Z", to_at: null, reason: "等农户拍照" }).execute();
    const paused = ((await operator.get("/api/hotline/tickets?limit=100")).json() as typeof before).items.find((i) => i.id === id)!.clocks.solution;
    expect(paused.usedMinutes).toBe(30);
    expect(paused.dueAt).toBeNull();
    expect(solution.usedMinutes).toBe(90);
    await t.db.updateTable("users").set({ display_name: expert.display_name }).where("id", "=", expert.id).execute();
  });

  it("subscribers, notices and broadcasts follow their rows; every read of subscribers is still audited", async () => {
    const operator = await t.login("operator");
    type Sub = { id: string; name: string; phone: string; optedOutAt: string | null };
    const subs = async () => (await operator.get("/api/sms/subscribers?limit=100")).json() as Page<Sub>;
    const s = (await subs()).items[0]!;
    const reads = async () => Number((await t.db.selectFrom("audit_log").select((eb) => eb.fn.countAll().as("n")).where("action", "=", "sms.subscribers.read").executeTakeFirstOrThrow()).n);
    const audited = await reads();
    await subs();
    await subs();
    expect(await reads()).toBe(audited + 2);
    await t.db.updateTable("sms_subscribers").set({ name: "改名农户" }).where("id", "=", s.id).execute();
    expect((await subs()).items.find((x) => x.id === s.id)!.name).toBe("改名农户");
    const full = await t.db.selectFrom("sms_subscribers").select("phone").where("id", "=", s.id).executeTakeFirstOrThrow();
    const at = new Date().toISOString();
    await t.db.insertInto("sms_opt_outs").values({ phone: full.phone, at, source: "staff", detail: null }).execute();
    expect((await subs()).items.find((x) => x.id === s.id)).toMatchObject({ optedOutAt: at });
    const total = (await subs()).total!;
    await t.db.deleteFrom("sms_opt_outs").where("phone", "=", full.phone).execute();
    await t.db.deleteFrom("sms_subscriber_tags").where("subscriber_id", "=", s.id).execute();
    await t.db.deleteFrom("sms_consents").where("subscriber_id", "=", s.id).execute();
    await t.db.deleteFrom("sms_subscribers").where("id", "=", s.id).execute();
    expect((await subs()).total).toBe(total - 1);

    type Notice = { id: string; owner: { name: string | null } };
    const notices = async () => ((await operator.get("/api/sms/notices?limit=100")).json() as Page<Notice>).items;
    const n = (await notices())[0]!;
    {
      const owner = await t.db.selectFrom("supply_demand_notices").select("owner_caller_id").where("id", "=", n.id).executeTakeFirstOrThrow();
      await t.db.updateTable("hotline_callers").set({ name: "新名字" }).where("id", "=", owner.owner_caller_id).execute();
      expect((await notices()).find((x) => x.id === n.id)!.owner.name).toBe("新名字");
    }

    type Broadcast = { id: string; counts: Record<string, number> };
    const broadcasts = async () => ((await operator.get("/api/sms/broadcasts?limit=100")).json() as Page<Broadcast>).items;
    const b = (await broadcasts()).find((x) => Object.values(x.counts).some((c) => c > 0))!;
    {
      const one = await t.db.selectFrom("sms_outbox").select(["id", "state"]).where("broadcast_id", "=", b.id).executeTakeFirstOrThrow();
      const next = one.state === "failed" ? "delivered" : "failed";
      await t.db.updateTable("sms_outbox").set({ state: next }).where("id", "=", one.id).execute();
      const after = (await broadcasts()).find((x) => x.id === b.id)!;
      expect(after.counts[next]).toBe((b.counts[next] ?? 0) + 1);
    }
  });

  it("the inbox, a department's tasks and the board follow cases and tasks; the lights move with the day", async () => {
    const founder = await t.db.selectFrom("users").select("id").where("username", "=", "founder").executeTakeFirstOrThrow();
    await buildCases(t.db, { applicantId: founder.id, count: 3, openTasks: true, seedFrom: 9_100_000 });
    const clerk = await t.login("clerk");
    type Case = { id: string; status: string };
    const inbox = async () => (await clerk.get("/api/cases?limit=100")).json() as Page<Case>;
    const before = await inbox();
    const c = before.items[0]!;
    await t.db.updateTable("cases").set({ status: "approved" }).where("id", "=", c.id).execute();
    const after = await inbox();
    expect(after.items.find((x) => x.id === c.id)).toBeUndefined();
    expect(after.total).toBe(before.total! - 1);

    let reviewer = await t.login("reviewer.amr");
    const supervisor = await t.login("supervisor");
    type Task = { id: string; light: string; deadlineDate: string };
    const tasks = async () => ((await reviewer.get("/api/departments/AMR/tasks?limit=100")).json() as Page<Task>).items;
    const board = async () => (await supervisor.get("/api/supervision/board?limit=100&department=AMR")).json() as Page<Task> & { counts: { red: number; total: number } };
    const task = (await tasks())[0]!;
    expect(task).toBeDefined();
    const redBefore = (await board()).counts.red;
    // Overdue since yesterday: red on both lists at once, counted on the board at once.
    await t.db.updateTable("review_tasks").set({ deadline_date: "2020-01-02", yellow_date: "2020-01-01" }).where("id", "=", task.id).execute();
    expect((await tasks()).find((x) => x.id === task.id)!.light).toBe("red");
    const b = await board();
    expect(b.items.find((x) => x.id === task.id)!.light).toBe("red");
    expect(b.counts.red).toBe(redBefore + (task.light === "red" ? 0 : 1));
    // A deadline far ahead is green today and red once its day has passed.
    await t.db.updateTable("review_tasks").set({ deadline_date: "2027-03-01", yellow_date: "2027-02-26" }).where("id", "=", task.id).execute();
    // (Signed in again at each moved clock: a session ends with its idle time.)
    clock.setTo("2027-02-10T02:00:00.000Z");
    reviewer = await t.login("reviewer.amr");
    expect((await tasks()).find((x) => x.id === task.id)!.light).toBe("green");
    clock.setTo("2027-03-02T02:00:00.000Z");
    reviewer = await t.login("reviewer.amr");
    expect((await tasks()).find((x) => x.id === task.id)!.light).toBe("red");
  });

  it("the audit log shows a new entry at once; outreach events their photos; the knowledge base its entries", async () => {
    const supervisor = await t.login("supervisor");
    type Entry = { action: string; entityId: string | null };
    const log = async () => ((await supervisor.get("/api/audit?limit=20")).json() as Page<Entry>).items;
    await log();
    const marker = randomUUID();
    await audit(t.db, { actor: null, ip: "127.0.0.1", userAgent: "test" }, { action: "test.kept", entity: "test", entityId: marker });
    expect((await log()).some((e) => e.entityId === marker)).toBe(true);
    // A filter over the cap stays "more than 1,000" (the log only grows); one under it is counted each time.
    const ctx = { actor: null, ip: "127.0.0.1", userAgent: "test" };
    await insertAuditRows(t.db, Array.from({ length: 1_001 }, (_, i) => ({ at: new Date().toISOString(), actorId: null, actorName: null, action: "test.many", entity: "test-many", entityId: String(i), ip: "127.0.0.1", userAgent: "test" })));
    const many = async () => (await supervisor.get("/api/audit?limit=5&entity=test-many")).json() as Page<Entry> & { totalExact: boolean };
    expect(await many()).toMatchObject({ total: 1000, totalExact: false });
    expect(await many()).toMatchObject({ total: 1000, totalExact: false });
    const few = async () => (await supervisor.get("/api/audit?limit=5&entity=test-few")).json() as Page<Entry> & { totalExact: boolean };
    await audit(t.db, ctx, { action: "test.few", entity: "test-few", entityId: "1" });
    expect(await few()).toMatchObject({ total: 1, totalExact: true });
    await audit(t.db, ctx, { action: "test.few", entity: "test-few", entityId: "2" });
    expect(await few()).toMatchObject({ total: 2, totalExact: true });
    // An actor named in the filter: a renamed user's entries are found by the new name at once.
    const byName = async () => ((await supervisor.get(`/api/audit?limit=5&actor=${encodeURIComponent("审计改名")}`)).json() as Page<Entry>).total;
    expect(await byName()).toBe(0);
    const renamed = await t.db.selectFrom("users").select(["id", "display_name"]).where("username", "=", "supervisor").executeTakeFirstOrThrow();
    try {
      await t.db.updateTable("users").set({ display_name: "审计改名" }).where("id", "=", renamed.id).execute();
      expect(await byName()).toBeGreaterThan(0);
    } finally {
      await t.db.updateTable("users").set({ display_name: renamed.display_name }).where("id", "=", renamed.id).execute();
    }
    expect(await byName()).toBe(0);

    type Event = { id: string; photoCount: number };
    const events = async () => ((await supervisor.get("/api/outreach/events?limit=100")).json() as Page<Event>).items;
    const e = (await events())[0]!;
    {
      await t.db.insertInto("outreach_event_photos").values({ id: randomUUID(), event_id: e.id, file_name: "a.jpg", content_type: "image/jpeg", size: 1, sha256: "0".repeat(64), uploaded_by: (await t.db.selectFrom("users").select("id").where("username", "=", "supervisor").executeTakeFirstOrThrow()).id, uploaded_at: new Date().toISOString() }).execute();
      expect((await events()).find((x) => x.id === e.id)!.photoCount).toBe(e.photoCount + 1);
    }

    const operator = await t.login("operator");
    type Knowledge = { id: string; title: string };
    const search = async () => ((await operator.get(`/api/hotline/knowledge?q=${encodeURIComponent("水稻")}`)).json() as { items: Knowledge[] }).items;
    const k = (await search())[0]!;
    await t.db.updateTable("knowledge_entries").set({ title: "水稻纹枯病的防治（修订）" }).where("id", "=", k.id).execute();
    expect((await search()).find((x) => x.id === k.id)!.title).toBe("水稻纹枯病的防治（修订）");
  });

  it.runIf(TEST_DB_KIND === "postgres")("a value read while a change is not yet committed is read again once it is, without waiting for the NOTIFY", async () => {
    // A cache that hears no NOTIFY: only this process's committed writes move its versions.
    const cache = new ReadCache(t.db, "postgres", { epoch: 0, subscribe: () => () => {} } as unknown as PushHub);
    const id = t.window.A02!;
    const read = async () => (await t.db.selectFrom("windows").select("name_en").where("id", "=", id).executeTakeFirstOrThrow()).name_en;
    const before = await cache.get(["windows"], "uncommitted", read);
    await t.db.transaction().execute(async (trx) => {
      await trx.updateTable("windows").set({ name_en: "Uncommitted" }).where("id", "=", id).execute();
      // Read on another connection meanwhile: the old name.
      expect(await cache.get(["windows"], "uncommitted", read)).toBe(before);
    });
    expect(await cache.get(["windows"], "uncommitted", read)).toBe("Uncommitted");
    // A rolled-back change counts for nothing.
    const reads = { n: 0 };
    const counting = async () => (reads.n++, read());
    await cache.get(["windows"], "rolled", counting);
    await expect(
      t.db.transaction().execute(async (trx) => {
        await trx.updateTable("windows").set({ name_en: "Rolled back" }).where("id", "=", id).execute();
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    await cache.get(["windows"], "rolled", counting);
    expect(reads.n).toBe(1);
    await t.db.updateTable("windows").set({ name_en: before }).where("id", "=", id).execute();
  });

  it("the staff figures follow a renamed window at once", async () => {
    const clerk = await t.db.selectFrom("users").select("id").where("username", "=", "clerk").executeTakeFirstOrThrow();
    await buildRatedTransactions(t.db, { clerkId: clerk.id, windowId: t.window.A01!, departmentId: t.dept.AMR!, day: "2026-05-05", levels: [5, 4] });
    const supervisor = await t.login("supervisor");
    type Figures = { rows: { key: string; label: string }[] };
    const figures = async () => (await supervisor.get("/api/evaluation/figures?by=window&from=2026-01-01&to=2026-12-31")).json() as Figures;
    const row = (await figures()).rows.find((r) => r.key === t.window.A01)!;
    const w = await t.db.selectFrom("windows").select(["number", "name_zh"]).where("id", "=", row.key).executeTakeFirstOrThrow();
    await t.db.updateTable("windows").set({ name_zh: "改名窗口" }).where("id", "=", row.key).execute();
    expect((await figures()).rows.find((r) => r.key === row.key)!.label).toBe(`${w.number} 改名窗口`);
    await t.db.updateTable("windows").set({ name_zh: w.name_zh }).where("id", "=", row.key).execute();
  });

  it("public reads: the Open311 list in gzip to a client that accepts it, the same bytes unzipped; a ticket's progress follows the ticket", async () => {
    const anon = t.anonymous();
    const plain = await anon.get("/open311/v2/requests.json");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    const zipped = await t.app.inject({ method: "GET", url: "/open311/v2/requests.json", headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers.vary).toContain("accept-encoding");
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(plain.body);
    const refused = await t.app.inject({ method: "GET", url: "/open311/v2/requests.json", headers: { "accept-encoding": "gzip;q=0, identity" } });
    expect(refused.headers["content-encoding"]).toBeUndefined();
    expect(refused.body).toBe(plain.body);
    expect(acceptsGzip("*")).toBe(true);
    expect(acceptsGzip("br;q=1, *;q=0")).toBe(false);

    const web = await t.db.selectFrom("hotline_tickets").select(["id", "number", "caller_phone", "status"]).where("status", "!=", "closed").executeTakeFirstOrThrow();
    const progress = async () => (await anon.get(`/api/public/hotline/requests/${encodeURIComponent(web.number)}?phone4=${web.caller_phone.replace(/\D/g, "").slice(-4)}`)).json() as { status: string; text: string };
    expect((await progress()).status).toBe(web.status);
    await t.db.updateTable("hotline_tickets").set({ text: "已更新的问题描述" }).where("id", "=", web.id).execute();
    expect((await progress()).text).toBe("已更新的问题描述");
  });

  it.runIf(TEST_DB_KIND === "sqlite")("SQLite: another process's commit to the file shows from the next turn of the event loop; this process's own write at once", async () => {
    const web = await t.db.selectFrom("hotline_tickets").select(["id", "number", "caller_phone"]).where("status", "!=", "closed").executeTakeFirstOrThrow();
    const anon = t.anonymous();
    const progress = async () => ((await anon.get(`/api/public/hotline/requests/${encodeURIComponent(web.number)}?phone4=${web.caller_phone.replace(/\D/g, "").slice(-4)}`)).json() as { text: string }).text;
    await progress();
    // A second connection on the same file: to this process's cache it is another process (its writes are not counted here).
    const other = t.tdb.reopen();
    try {
      await other.updateTable("hotline_tickets").set({ text: "另一进程改的问题" }).where("id", "=", web.id).execute();
      await new Promise((r) => setImmediate(r));
      expect(await progress()).toBe("另一进程改的问题");
      await other.updateTable("hotline_tickets").set({ text: "另一进程再改" }).where("id", "=", web.id).execute();
      await new Promise((r) => setImmediate(r));
      expect(await progress()).toBe("另一进程再改");
    } finally {
      await other.destroy();
    }
    await t.db.updateTable("hotline_tickets").set({ text: "本进程改的问题" }).where("id", "=", web.id).execute();
    expect(await progress()).toBe("本进程改的问题");
  });
});
