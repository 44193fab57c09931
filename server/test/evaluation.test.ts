import http from "node:http";
import { PACKAGE_CALENDAR, rectificationDeadlines } from "@yichuang/core";
import { PDFParse } from "pdf-parse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { buildApp } from "../src/app.js";
import { openDatabase } from "../src/db/database.js";
import { insertDeviceRating } from "../src/evaluation/evaluation.repository.js";
import { notifyClerksOfTickets, notifyOverdueTickets } from "../src/evaluation/rectification.service.js";
import { buildCases } from "../src/testing/factories.js";
import { TEST_DB_KIND } from "./helpers/test-db.js";
import { Client, startTestApp, type TestApp } from "./helpers/harness.js";
import { shanghaiToday } from "../src/platform/clock.js";

let t: TestApp;
let url: string;
beforeAll(async () => {
  t = await startTestApp({ EVALUATOR_PROMPT_SECONDS: "60", RECTIFY_CLERK_DELAY_MINUTES: "0" });
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  const a = t.app.server.address();
  url = `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`;
});
afterAll(async () => t?.close());

/** Registers an evaluator for a window (admin) and pairs it; returns a client carrying its cookie and CSRF token. */
async function pairedDevice(windowNumber: string): Promise<Client & { deviceId: string; token: string }> {
  const admin = await t.login("admin");
  // One evaluator per window: a window that has one gets a new pairing code for it instead.
  const existing = (await admin.get("/api/admin/evaluators")).json().find((d: { windowNumber: string; state: string }) => d.windowNumber === windowNumber && d.state !== "revoked");
  const created = existing
    ? await admin.post(`/api/admin/evaluators/${existing.id}/pairing-code`)
    : await admin.post("/api/admin/evaluators", { windowId: t.window[windowNumber], label: `评价器 ${windowNumber}` });
  expect(created.statusCode).toBe(existing ? 200 : 201);
  const paired = await t.anonymous().post("/api/evaluator/pair", { code: created.json().pairingCode.toLowerCase() });
  expect(paired.statusCode).toBe(200);
  const cookie = paired.cookies.find((c) => c.name === "yc_device")!;
  expect(cookie.httpOnly).toBe(true);
  const c = new Client(t.app, `yc_device=${cookie.value}`, paired.json().csrfToken) as Client & { deviceId: string; token: string };
  c.deviceId = created.json().id;
  c.token = cookie.value;
  return c;
}

/** A consultation started and completed at the clerk's window; returns the transaction id. */
async function consultation(clerk: Client, service = "AMR-ZX", extra: Record<string, unknown> = {}) {
  const started = await clerk.post("/api/desk/transactions", { serviceCode: service, ...extra });
  expect(started.statusCode).toBe(201);
  const open = started.json().transactions.find((x: { status: string }) => x.status === "open");
  const done = await clerk.post(`/api/desk/transactions/${open.id}/complete`);
  expect(done.statusCode).toBe(200);
  return open.id as string;
}

const count = async (table: "evaluations" | "rectification_tickets" | "supervision_cards", where?: [string, string]) => {
  let q = t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n"));
  if (where) q = q.where(where[0] as never, "=", where[1] as never);
  return Number((await q.executeTakeFirstOrThrow()).n);
};

/** Reads server-sent events from the evaluator stream. */
function openStream(cookie: string, base = url) {
  const events: { event: string; data: any; at: number }[] = [];
  const waiters: (() => void)[] = [];
  const req = http.get(`${base}/api/evaluator/events`, { headers: { cookie } });
  req.on("response", (res) => {
    let buf = "";
    res.setEncoding("utf8");
    res.on("data", (chunk: string) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf("\n\n")) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data), at: Date.now() });
        waiters.splice(0).forEach((w) => w());
      }
    });
  });
  req.on("error", () => {});
  return {
    events,
    async next(event: string, after = 0, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = events.slice(after).find((e) => e.event === event);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no ${event} event within ${timeoutMs} ms (got ${events.map((e) => e.event).join(",")})`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
      }
    },
    close: () => req.destroy(),
  };
}

describe("#evaluation window desk", () => {
  it("signs the clerk in at their home window with the first transaction, and a consultation is two calls", async () => {
    const clerk = await t.login("clerk");
    expect((await clerk.get("/api/desk")).json().shift).toBeNull();
    const id = await consultation(clerk);
    const desk = (await clerk.get("/api/desk")).json();
    expect(desk.shift.windowNumber).toBe("A01");
    const row = desk.transactions.find((x: { id: string }) => x.id === id);
    expect(row).toMatchObject({ status: "completed", serviceCode: "AMR-ZX", windowNumber: "A01", kind: "consultation" });
    const tx = await t.db.selectFrom("service_transactions").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(tx.department_id).toBe(t.dept.AMR);
    expect(tx.ended_at! >= tx.started_at).toBe(true);
    expect(tx.ended_date).toBe(shanghaiToday());
  });

  it("refuses another department's service, a second open transaction and a window of another department", async () => {
    const clerk = await t.login("clerk");
    const wrong = await clerk.post("/api/desk/transactions", { serviceCode: "LTAX-ZX" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields[0]).toEqual({ path: "serviceCode", message: "办事事项：不是本部门窗口的事项" });
    expect((await clerk.post("/api/desk/transactions", { serviceCode: "AMR-ZX" })).statusCode).toBe(201);
    const second = await clerk.post("/api/desk/transactions", { serviceCode: "AMR-ZX" });
    expect(second.statusCode).toBe(409);
    const open = (await clerk.get("/api/desk")).json().transactions.find((x: { status: string }) => x.status === "open");
    expect((await clerk.post(`/api/desk/transactions/${open.id}/cancel`)).statusCode).toBe(200);
    expect((await clerk.post("/api/desk/sign-in", { windowId: t.window.D02 })).statusCode).toBe(403);
    const founder = await t.login("founder");
    expect((await founder.get("/api/desk")).statusCode).toBe(403);
  });

  it("lets the admin add and retire window services; a clerk sees only the active ones of their department", async () => {
    const admin = await t.login("admin");
    const bad = await admin.post("/api/admin/window-services", { code: "x", departmentId: t.dept.AMR, nameZh: "个", nameEn: "y", kind: "nope" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path).sort()).toEqual(["code", "kind", "nameEn", "nameZh"]);
    expect((await admin.post("/api/admin/window-services", { code: "AMR-DY", departmentId: t.dept.AMR, nameZh: "企业档案查询", nameEn: "Company file enquiry", kind: "consultation" })).statusCode).toBe(201);
    expect((await admin.post("/api/admin/window-services", { code: "AMR-DY", departmentId: t.dept.AMR, nameZh: "重复", nameEn: "Duplicate", kind: "other" })).statusCode).toBe(409);
    const clerk = await t.login("clerk");
    expect((await clerk.get("/api/desk")).json().services.map((s: { code: string }) => s.code)).toContain("AMR-DY");
    expect((await admin.patch("/api/admin/window-services/AMR-DY", { active: false })).json().active).toBe(false);
    expect((await clerk.get("/api/desk")).json().services.map((s: { code: string }) => s.code)).not.toContain("AMR-DY");
    expect((await clerk.post("/api/desk/transactions", { serviceCode: "AMR-DY" })).statusCode).toBe(400);
    expect((await clerk.get("/api/admin/window-services")).statusCode).toBe(403);
  });

  it("moves a window to the clerk who signs in there (the other's shift ends)", async () => {
    const jiangfan = await t.login("jiangfan");
    expect((await jiangfan.post("/api/desk/sign-in", { windowId: t.window.D01 })).json().shift.windowNumber).toBe("D01");
    expect((await jiangfan.post("/api/desk/sign-in", { windowId: t.window.D02 })).json().shift.windowNumber).toBe("D02");
    const shifts = await t.db.selectFrom("window_shifts").selectAll().where("window_id", "=", t.window.D01).execute();
    expect(shifts.every((s) => s.ended_at !== null)).toBe(true);
  });
});

describe("#evaluation the evaluator", () => {
  it("pairs once with the admin's code; a used code, a revoked device and a device without a cookie are refused", async () => {
    const admin = await t.login("admin");
    const created = (await admin.post("/api/admin/evaluators", { windowId: t.window.A02, label: "A02 评价器" })).json();
    expect(created.pairingCode).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    const first = await t.anonymous().post("/api/evaluator/pair", { code: created.pairingCode });
    expect(first.statusCode).toBe(200);
    expect(first.json().window.number).toBe("A02");
    const again = await t.anonymous().post("/api/evaluator/pair", { code: created.pairingCode });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.fields[0].path).toBe("code");
    const cookie = `yc_device=${first.cookies.find((c) => c.name === "yc_device")!.value}`;
    expect((await t.app.inject({ method: "GET", url: "/api/evaluator/me", headers: { cookie } })).statusCode).toBe(200);
    expect((await t.anonymous().get("/api/evaluator/me")).statusCode).toBe(401);
    // The page's first question answers 200 either way: paired with the state, or not paired.
    const paired = await t.app.inject({ method: "GET", url: "/api/evaluator/session", headers: { cookie } });
    expect([paired.statusCode, paired.json().paired, paired.json().state.window.number]).toEqual([200, true, "A02"]);
    const stranger = await t.anonymous().get("/api/evaluator/session");
    expect([stranger.statusCode, stranger.json()]).toEqual([200, { paired: false, state: null }]);
    expect((await admin.post(`/api/admin/evaluators/${created.id}/revoke`)).statusCode).toBe(204);
    expect((await t.app.inject({ method: "GET", url: "/api/evaluator/me", headers: { cookie } })).statusCode).toBe(401);
    // A revoked device's cookie is cleared by the session question.
    const revoked = await t.app.inject({ method: "GET", url: "/api/evaluator/session", headers: { cookie } });
    expect([revoked.statusCode, revoked.json().paired]).toEqual([200, false]);
    expect(revoked.cookies.find((c) => c.name === "yc_device")?.value).toBe("");
    const clerk = await t.login("clerk");
    expect((await clerk.post("/api/admin/evaluators", { windowId: t.window.A02, label: "x" })).statusCode).toBe(403);
  });

  it("asks within a second of the clerk completing a transaction (server push), with the clerk's name and staff number", async () => {
    const device = await pairedDevice("A01");
    const stream = openStream(device.cookie!);
    try {
      const state = await stream.next("state");
      expect(state.data.window.number).toBe("A01");
      const clerk = await t.login("clerk");
      const started = (await clerk.post("/api/desk/transactions", { serviceCode: "AMR-ZX" })).json();
      const open = started.transactions.find((x: { status: string }) => x.status === "open");
      const before = Date.now();
      await clerk.post(`/api/desk/transactions/${open.id}/complete`);
      const prompt = await stream.next("prompt", 0, 1000);
      expect(prompt.at - before).toBeLessThan(1000);
      expect(prompt.data).toMatchObject({ transactionId: open.id, serviceName: "企业登记咨询", clerk: { name: "张敏", staffNo: "JX1001" } });
      // A device reconnecting finds the prompt still open in its state.
      expect((await device.get("/api/evaluator/me")).json().prompt.transactionId).toBe(open.id);
    } finally {
      stream.close();
    }
  });

  it("closes a prompt replaced by a newer transaction at the window: a reload no longer shows it, the rating is refused", async () => {
    const device = await pairedDevice("A01");
    const clerk = await t.login("clerk");
    const first = await consultation(clerk);
    const second = await consultation(clerk);
    expect((await device.get("/api/evaluator/me")).json().prompt.transactionId).toBe(second);
    const rows = await t.db.selectFrom("service_transactions").select(["id", "ended_at", "prompt_expires_at"]).where("id", "in", [first, second]).execute();
    const [a, b] = [rows.find((r) => r.id === first)!, rows.find((r) => r.id === second)!];
    expect(a.prompt_expires_at! <= b.ended_at!).toBe(true);
    // Once the second is rated, a reload shows nothing: never the replaced first one.
    expect((await device.post("/api/evaluator/ratings", { transactionId: second, clientId: crypto.randomUUID(), level: 5 })).statusCode).toBe(201);
    expect((await device.get("/api/evaluator/me")).json().prompt).toBeNull();
    // A tap on the first arriving well after it was replaced is refused (only a few seconds' grace).
    await t.db.updateTable("service_transactions").set({ prompt_expires_at: new Date(Date.now() - 10_000).toISOString() }).where("id", "=", first).execute();
    const late = await device.post("/api/evaluator/ratings", { transactionId: first, clientId: crypto.randomUUID(), level: 5 });
    expect(late.statusCode).toBe(409);
    expect(await count("evaluations", ["transaction_id", first])).toBe(0);
  });

  it("keeps one evaluator per window: a second is refused, naming the window", async () => {
    await pairedDevice("C01");
    const admin = await t.login("admin");
    const again = await admin.post("/api/admin/evaluators", { windowId: t.window.C01, label: "第二台" });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.fields[0]).toEqual({ path: "windowId", message: "窗口：C01 已有评价器" });
  });

  it("takes one rating per transaction: a retried delivery is answered, a second rating refused, nothing changed", async () => {
    const device = await pairedDevice("A01");
    const clerk = await t.login("clerk");
    const id = await consultation(clerk);
    const clientId = crypto.randomUUID();
    const first = await device.post("/api/evaluator/ratings", { transactionId: id, clientId, level: 5 });
    expect(first.statusCode).toBe(201);
    const retry = await device.post("/api/evaluator/ratings", { transactionId: id, clientId, level: 5 });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual({ id: first.json().id, replayed: true });
    const second = await device.post("/api/evaluator/ratings", { transactionId: id, clientId: crypto.randomUUID(), level: 1, reasons: ["attitude"] });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.message).toBe("该笔业务已评价，不能重复评价（一次一评）");
    const rows = await t.db.selectFrom("evaluations").selectAll().where("transaction_id", "=", id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ level: 5, channel: "evaluator", window_id: t.window.A01, department_id: t.dept.AMR, service_code: "AMR-ZX", device_id: device.deviceId });
    // The clerk's desk never shows the rating.
    const desk = (await clerk.get("/api/desk")).body;
    expect(desk).not.toMatch(/level|rating|满意/);
  });

  it("refuses an evaluator of another window, a transaction not yet completed, a prompt that timed out, and a missing CSRF token", async () => {
    const a01 = await pairedDevice("A01");
    const b01Device = await pairedDevice("B01");
    const clerk = await t.login("clerk");
    const id = await consultation(clerk);
    const other = await b01Device.post("/api/evaluator/ratings", { transactionId: id, clientId: crypto.randomUUID(), level: 5 });
    expect(other.statusCode).toBe(403);
    const started = (await clerk.post("/api/desk/transactions", { serviceCode: "AMR-ZX" })).json();
    const open = started.transactions.find((x: { status: string }) => x.status === "open");
    const early = await a01.post("/api/evaluator/ratings", { transactionId: open.id, clientId: crypto.randomUUID(), level: 4 });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toBe("该业务尚未办结，不能评价");
    await clerk.post(`/api/desk/transactions/${open.id}/complete`);
    await t.db.updateTable("service_transactions").set({ prompt_expires_at: new Date(Date.now() - 60_000).toISOString() }).where("id", "=", open.id).execute();
    const late = await a01.post("/api/evaluator/ratings", { transactionId: open.id, clientId: crypto.randomUUID(), level: 4 });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toBe("评价已超时，该笔业务保持未评价");
    const beforeEnd = await a01.post("/api/evaluator/ratings", { transactionId: id, clientId: crypto.randomUUID(), level: 5, answeredAt: new Date(Date.now() - 3600_000).toISOString() });
    expect(beforeEnd.statusCode).toBe(400);
    expect(beforeEnd.json().error.fields[0].path).toBe("answeredAt");
    const noCsrf = await t.app.inject({ method: "POST", url: "/api/evaluator/ratings", headers: { cookie: a01.cookie! }, payload: { transactionId: id, clientId: crypto.randomUUID(), level: 5 } });
    expect(noCsrf.statusCode).toBe(403);
    const badLevel = await a01.post("/api/evaluator/ratings", { transactionId: id, clientId: crypto.randomUUID(), level: 6 });
    expect(badLevel.statusCode).toBe(400);
    expect(badLevel.json().error.fields[0].message).toContain("评价等级");
    const reasonsOnGood = await a01.post("/api/evaluator/ratings", { transactionId: id, clientId: crypto.randomUUID(), level: 5, reasons: ["slow"] });
    expect(reasonsOnGood.statusCode).toBe(400);
    expect(reasonsOnGood.json().error.fields[0].path).toBe("reasons");
    expect(await count("evaluations", ["transaction_id", id])).toBe(0);
    expect(await count("evaluations", ["transaction_id", open.id])).toBe(0);
  });

  it("accepts a rating given offline while the prompt was open, delivered later, once", async () => {
    const device = await pairedDevice("A01");
    const clerk = await t.login("clerk");
    const id = await consultation(clerk);
    const answeredAt = new Date().toISOString();
    await t.db.updateTable("service_transactions").set({ prompt_expires_at: new Date(Date.now() + 1000).toISOString() }).where("id", "=", id).execute();
    await new Promise((r) => setTimeout(r, 1100));
    const clientId = crypto.randomUUID();
    const late = await device.post("/api/evaluator/ratings", { transactionId: id, clientId, level: 4, answeredAt });
    expect(late.statusCode).toBe(201);
    expect((await device.post("/api/evaluator/ratings", { transactionId: id, clientId, level: 4, answeredAt })).statusCode).toBe(200);
    expect(await count("evaluations", ["transaction_id", id])).toBe(1);
  });

  it("records the case acceptance at the single window as a transaction and prompts its evaluator", async () => {
    const founder = await t.db.selectFrom("users").select("id").where("username", "=", "founder").executeTakeFirstOrThrow();
    const [caseId] = await buildCases(t.db, { applicantId: founder.id, count: 1 });
    const device = await pairedDevice("A01");
    const stream = openStream(device.cookie!);
    try {
      await stream.next("state");
      const clerk = await t.login("clerk");
      const startedAt = new Date(Date.now() - 5 * 60_000).toISOString();
      const accepted = await clerk.post(`/api/cases/${caseId}/accept`, { startedAt });
      expect(accepted.statusCode).toBe(200);
      const prompt = await stream.next("prompt");
      const tx = await t.db.selectFrom("service_transactions").selectAll().where("id", "=", prompt.data.transactionId).executeTakeFirstOrThrow();
      expect(tx).toMatchObject({ kind: "acceptance", case_id: caseId, citizen_user_id: founder.id, window_id: t.window.A01, status: "completed", started_at: startedAt });
    } finally {
      stream.close();
    }
  });
});

describe.runIf(TEST_DB_KIND === "postgres")("#evaluation across instances", () => {
  it("runs the evaluator's rating as a named prepared statement (parsed and planned once per connection)", async () => {
    const db = openDatabase(t.tdb.config.database, { poolSize: 1 });
    try {
      const now = new Date().toISOString();
      const r = { id: crypto.randomUUID(), transactionId: crypto.randomUUID(), windowId: t.window.A01!, deviceId: "d", level: 5, reasons: "[]", comment: null, clientId: crypto.randomUUID(), answeredAt: now, now, date: shanghaiToday(), graceFrom: now, graceTo: now };
      expect(await insertDeviceRating(db, r)).toBe(false); // no such transaction: nothing written
      const names = (await sql<{ name: string }>`select name from pg_prepared_statements`.execute(db)).rows.map((x) => x.name);
      expect(names.some((n) => n.startsWith("yc_"))).toBe(true);
    } finally {
      await db.destroy();
    }
  });

  it("prompts an evaluator connected to another instance (PostgreSQL NOTIFY)", async () => {
    const db2 = t.tdb.reopen();
    const app2 = await buildApp({ config: t.tdb.config, db: db2, logger: false });
    await app2.listen({ port: 0, host: "127.0.0.1" });
    const a = app2.server.address();
    const url2 = `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`;
    const device = await pairedDevice("A02");
    const stream = openStream(device.cookie!, url2);
    try {
      await stream.next("state");
      const clerk = await t.login("clerk");
      await clerk.post("/api/desk/sign-in", { windowId: t.window.A02 });
      const id = await consultation(clerk);
      const prompt = await stream.next("prompt", 0, 2000);
      expect(prompt.data.transactionId).toBe(id);
      await clerk.post("/api/desk/sign-in", { windowId: t.window.A01 });
    } finally {
      stream.close();
      await app2.close();
      await db2.destroy();
    }
  });
});

describe("#evaluation supervision cards", () => {
  it("prints a batch as a PDF with unique codes; a card bound at the window rates its transaction once", async () => {
    const sup = await t.login("supervisor");
    const batch = await sup.post("/api/cards/batches", { size: 10, note: "一楼大厅" });
    expect(batch.statusCode).toBe(201);
    const pdf = await sup.get(`/api/cards/batches/${batch.json().id}/pdf`);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    const text = (await new PDFParse({ data: pdf.rawPayload }).getText()).text;
    const cards = await t.db.selectFrom("supervision_cards").select("code").where("batch_id", "=", batch.json().id).orderBy("seq").execute();
    expect(new Set(cards.map((c) => c.code)).size).toBe(10);
    for (const c of cards) expect(text).toContain(`卡号 ${c.code.match(/.{4}/g)!.join("-")}`);
    expect(text).toContain("服务监督卡");
    expect(text).toContain(`网上评价：${t.tdb.config.publicUrl}/rate/card`);

    const clerk = await t.login("clerk");
    const id = await consultation(clerk);
    const code = cards[0]!.code;
    const unbound = await t.anonymous().post(`/api/public/cards/${code}/rating`, { level: 5 });
    expect(unbound.statusCode).toBe(409);
    expect((await clerk.post("/api/desk/cards", { code: code.toLowerCase().match(/.{4}/g)!.join("-"), transactionId: id })).statusCode).toBe(200);
    expect((await clerk.post("/api/desk/cards", { code: cards[1]!.code, transactionId: id })).statusCode).toBe(409);
    const info = (await t.anonymous().get(`/api/public/cards/${code}`)).json();
    expect(info).toMatchObject({ state: "ready", transaction: { clerkName: "张敏", clerkStaffNo: "JX1001", windowNumber: "A01" } });
    expect((await t.anonymous().post(`/api/public/cards/${code}/rating`, { level: 2, reasons: ["waiting"], comment: "排队太久" })).statusCode).toBe(201);
    const reused = await t.anonymous().post(`/api/public/cards/${code}/rating`, { level: 5 });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.message).toBe("该监督卡已使用过，一张卡只能评价一次");
    const rows = await t.db.selectFrom("evaluations").selectAll().where("transaction_id", "=", id).execute();
    expect(rows).toMatchObject([{ channel: "card", level: 2, comment: "排队太久" }]);
    expect((await t.anonymous().get(`/api/public/cards/${code}`)).json().state).toBe("used");
    const typo = await t.anonymous().get(`/api/public/cards/${code.slice(0, 11)}${code[11] === "2" ? "3" : "2"}`);
    expect(typo.statusCode).toBe(400);
    expect(typo.json().error.fields[0].path).toBe("code");
    expect((await clerk.post("/api/cards/batches", { size: 1 })).statusCode).toBe(403);
  });
});

describe("#evaluation online column", () => {
  it("lets the founder rate a completed case once (一事一评) and their window transactions; others are refused", async () => {
    const founderRow = await t.db.selectFrom("users").select("id").where("username", "=", "founder").executeTakeFirstOrThrow();
    const [caseId] = await buildCases(t.db, { applicantId: founderRow.id, count: 1, seedFrom: 500 });
    const founder = await t.login("founder");
    const early = await founder.post(`/api/evaluations/cases/${caseId}`, { level: 5 });
    expect(early.statusCode).toBe(409);
    const clerk = await t.login("clerk");
    await clerk.post(`/api/cases/${caseId}/accept`);
    await t.db.updateTable("cases").set({ status: "completed", completed_at: new Date().toISOString() }).where("id", "=", caseId!).execute();
    const rated = await founder.post(`/api/evaluations/cases/${caseId}`, { level: 5, comment: "五个部门一次办好" });
    expect(rated.statusCode).toBe(201);
    const again = await founder.post(`/api/evaluations/cases/${caseId}`, { level: 4 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe("该办件已评价，不能重复评价（一事一评）");
    const row = await t.db.selectFrom("evaluations").selectAll().where("case_key", "=", caseId!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ target: "case", channel: "online", window_id: t.window.A01, department_id: t.dept.AMR, service_code: "QY-SL-LLC" });
    const mine = (await founder.get("/api/evaluations/mine")).json();
    expect(mine.cases.find((c: { id: string }) => c.id === caseId).rating).toBe(5);
    const acceptance = mine.transactions.find((x: { caseNumber: string | null; rating: number | null }) => x.caseNumber && x.rating === null);
    expect((await founder.post(`/api/evaluations/transactions/${acceptance.id}`, { level: 4 })).statusCode).toBe(201);
    expect((await founder.post(`/api/evaluations/transactions/${acceptance.id}`, { level: 4 })).statusCode).toBe(409);
    // The case's rating counts apart (一事一评): a service's rated transactions never exceed its completed ones.
    const today = shanghaiToday();
    const byService = (await (await t.login("supervisor")).get(`/api/evaluation/figures?by=service&from=${today}&to=${today}`)).json();
    const llc = byService.rows.find((r: { key: string }) => r.key === "QY-SL-LLC");
    expect(llc.cases.rated).toBeGreaterThanOrEqual(1);
    expect(llc.rated + llc.unrated).toBe(llc.completed);
    expect(llc.label).toBe("有限责任公司设立登记（一表制）");
    // Someone else's transaction is not theirs to rate.
    const foreign = await consultation(clerk);
    expect((await founder.post(`/api/evaluations/transactions/${foreign}`, { level: 1, reasons: ["slow"] })).statusCode).toBe(404);
    expect(await count("evaluations", ["transaction_id", foreign])).toBe(0);
  });
});

describe("#evaluation bad-review follow-up", () => {
  it("opens a ticket with working-day deadlines; verified, fixed and the citizen's rating of the fix through the SMS link", async () => {
    const device = await pairedDevice("A01");
    const clerk = await t.login("clerk");
    const id = await consultation(clerk, "AMR-ZX", { citizenName: "李文杰", citizenPhone: "13812345678" });
    expect((await device.post("/api/evaluator/ratings", { transactionId: id, clientId: crypto.randomUUID(), level: 1, reasons: ["attitude", "slow"], comment: "态度冷淡" })).statusCode).toBe(201);
    const ev = await t.db.selectFrom("evaluations").selectAll().where("transaction_id", "=", id).executeTakeFirstOrThrow();
    const ticketRow = await t.db.selectFrom("rectification_tickets").selectAll().where("evaluation_id", "=", ev.id).executeTakeFirstOrThrow();
    const expected = rectificationDeadlines(PACKAGE_CALENDAR, ev.created_date);
    expect(ticketRow).toMatchObject({ status: "open", clerk_id: ev.clerk_id, department_id: t.dept.AMR, verify_due: expected.verifyDue, fix_due: expected.fixDue });
    const head = await t.db.selectFrom("users").select("id").where("username", "=", "reviewer.amr").executeTakeFirstOrThrow();
    const toldHead = await t.db.selectFrom("notifications").selectAll().where("user_id", "=", head.id).where("body", "like", `%${ticketRow.number}%`).execute();
    expect(toldHead).toHaveLength(1);

    const ticket = (await clerk.get(`/api/rectifications/${ticketRow.id}`)).json();
    expect(ticket).toMatchObject({ status: "open", light: "green", dueDate: expected.verifyDue, citizen: { name: "李文杰", phone: "13812345678" }, review: { level: 1, reasons: ["attitude", "slow"], realName: true } });
    const audited = await t.db.selectFrom("audit_log").selectAll().where("entity", "=", "rectification_ticket").where("action", "=", "read").where("entity_id", "=", ticketRow.id).execute();
    expect(audited.length).toBe(1);
    // Real-name: must be contacted (or recorded unreachable).
    const unknown = await clerk.post(`/api/rectifications/${ticketRow.id}/verify`, { contactResult: "phoned", note: "电话回访" });
    expect(unknown.json().error.fields[0]).toEqual({ path: "contactResult", message: "联系情况：须为 contacted（已联系）、unreachable（联系不上）或 anonymous（匿名评价，无法联系）" });
    const anon = await clerk.post(`/api/rectifications/${ticketRow.id}/verify`, { contactResult: "anonymous", note: "无法联系" });
    expect(anon.statusCode).toBe(400);
    expect(anon.json().error.fields[0].path).toBe("contactResult");
    expect((await clerk.post(`/api/rectifications/${ticketRow.id}/fix`, { note: "已改进服务流程" })).statusCode).toBe(409);
    const verified = await clerk.post(`/api/rectifications/${ticketRow.id}/verify`, { contactResult: "contacted", note: "电话回访，当事人反映等候时间长" });
    expect(verified.json()).toMatchObject({ status: "verified", dueDate: expected.fixDue });
    const planned = await clerk.post(`/api/rectifications/${ticketRow.id}/plan`, { plan: "涉及叫号系统调整，需与信息中心协同，分三步实施" });
    expect(planned.json()).toMatchObject({ complex: true, fixDue: rectificationDeadlines(PACKAGE_CALENDAR, ev.created_date, true).fixDue });
    const fixed = await clerk.post(`/api/rectifications/${ticketRow.id}/fix`, { note: "增设咨询导办岗，高峰时段加开窗口" });
    expect(fixed.json().status).toBe("fixed");
    const sms = await t.db.selectFrom("sms_messages").selectAll().where("related_id", "=", ticketRow.id).executeTakeFirstOrThrow();
    expect(sms.phone).toBe("13812345678");
    const token = /\/rate\/fix\/([\w-]+)/.exec(sms.text)![1]!;
    expect((await t.anonymous().get(`/api/public/fixes/${token}`)).json().fixNote).toBe("增设咨询导办岗，高峰时段加开窗口");
    expect((await t.anonymous().post(`/api/public/fixes/${token}/rating`, { level: 4, comment: "有改进" })).statusCode).toBe(200);
    expect((await t.anonymous().post(`/api/public/fixes/${token}/rating`, { level: 5 })).statusCode).toBe(404);
    const closed = (await clerk.get(`/api/rectifications/${ticketRow.id}`)).json();
    expect(closed).toMatchObject({ status: "closed", fixRating: 4, light: null });
  });

  it("tells the clerk only after the citizen has left the window; the head at once", async () => {
    const device = await pairedDevice("A01");
    const clerk = await t.login("clerk");
    const id = await consultation(clerk);
    t.tdb.config.rectifyClerkDelayMinutes = 30;
    try {
      await device.post("/api/evaluator/ratings", { transactionId: id, clientId: crypto.randomUUID(), level: 2, reasons: ["slow"] });
      const ev = await t.db.selectFrom("evaluations").select(["id", "clerk_id"]).where("transaction_id", "=", id).executeTakeFirstOrThrow();
      const k = await t.db.selectFrom("rectification_tickets").selectAll().where("evaluation_id", "=", ev.id).executeTakeFirstOrThrow();
      expect((await clerk.get(`/api/rectifications/${k.id}`)).statusCode).toBe(404);
      expect((await clerk.get("/api/rectifications?status=all")).json().some((x: { id: string }) => x.id === k.id)).toBe(false);
      expect((await (await t.login("reviewer.amr")).get(`/api/rectifications/${k.id}`)).statusCode).toBe(200);
      expect(await notifyClerksOfTickets({ db: t.db, config: t.tdb.config })).toBe(0);
      const bell = await t.db.selectFrom("notifications").select("body").where("user_id", "=", ev.clerk_id!).where("body", "like", `%${k.number}%`).execute();
      expect(bell).toHaveLength(0);
      // Half an hour later the sweep tells the clerk, once.
      await t.db.updateTable("rectification_tickets").set({ created_at: new Date(Date.now() - 31 * 60_000).toISOString() }).where("id", "=", k.id).execute();
      expect(await notifyClerksOfTickets({ db: t.db, config: t.tdb.config })).toBeGreaterThanOrEqual(1);
      expect(await notifyClerksOfTickets({ db: t.db, config: t.tdb.config })).toBe(0);
      expect((await clerk.get(`/api/rectifications/${k.id}`)).statusCode).toBe(200);
      expect((await t.db.selectFrom("notifications").select("body").where("user_id", "=", ev.clerk_id!).where("body", "like", `%${k.number}%`).execute()).length).toBe(1);
    } finally {
      t.tdb.config.rectifyClerkDelayMinutes = 0;
    }
  });

  it("turns an overdue ticket red for the supervisors; another department cannot see it", async () => {
    const device = await pairedDevice("A01");
    const clerk = await t.login("clerk");
    const id = await consultation(clerk);
    await device.post("/api/evaluator/ratings", { transactionId: id, clientId: crypto.randomUUID(), level: 2, reasons: ["unclear"] });
    const ev = await t.db.selectFrom("evaluations").select("id").where("transaction_id", "=", id).executeTakeFirstOrThrow();
    const k = await t.db.selectFrom("rectification_tickets").selectAll().where("evaluation_id", "=", ev.id).executeTakeFirstOrThrow();
    await t.db.updateTable("rectification_tickets").set({ verify_due: "2026-01-05" }).where("id", "=", k.id).execute();
    const sup = await t.login("supervisor");
    const red = (await sup.get("/api/rectifications?light=red")).json();
    expect(red.find((x: { id: string }) => x.id === k.id)).toMatchObject({ light: "red" });
    expect((await sup.get("/api/rectifications/overdue")).json().find((d: { department: string }) => d.department === "AMR").overdue).toBeGreaterThanOrEqual(1);
    // Reported once per overdue step, to the clerk, the department's head and the supervisors.
    expect(await notifyOverdueTickets(t.db)).toBeGreaterThanOrEqual(1);
    expect(await notifyOverdueTickets(t.db)).toBe(0);
    const told = await t.db.selectFrom("notifications as n").innerJoin("users as u", "u.id", "n.user_id").select("u.username").where("n.body", "like", `%${k.number}%`).where("n.title", "=", "红牌：差评整改已超期").execute();
    expect(told.map((x) => x.username).sort()).toEqual(["clerk", "reviewer.amr", "supervisor"]);
    const qts = await t.login("reviewer");
    expect((await qts.get(`/api/rectifications/${k.id}`)).statusCode).toBe(404);
    expect((await qts.get("/api/rectifications?status=all")).json().some((x: { id: string }) => x.id === k.id)).toBe(false);
    expect((await clerk.get("/api/rectifications/overdue")).statusCode).toBe(403);
  });

  it("sets a review aside on an upheld appeal, with the reason kept; it no longer counts", async () => {
    const device = await pairedDevice("A01");
    const clerk = await t.login("clerk");
    const sup = await t.login("supervisor");
    const today = shanghaiToday();
    const before = (await sup.get(`/api/evaluation/figures?by=clerk&from=${today}&to=${today}`)).json();
    const id = await consultation(clerk);
    await device.post("/api/evaluator/ratings", { transactionId: id, clientId: crypto.randomUUID(), level: 1, reasons: ["other"], comment: "乱点的" });
    const ev = await t.db.selectFrom("evaluations").select("id").where("transaction_id", "=", id).executeTakeFirstOrThrow();
    const k = await t.db.selectFrom("rectification_tickets").selectAll().where("evaluation_id", "=", ev.id).executeTakeFirstOrThrow();
    const mid = (await sup.get(`/api/evaluation/figures?by=clerk&from=${today}&to=${today}`)).json();
    expect(mid.total.bad).toBe(before.total.bad + 1);
    expect((await clerk.post(`/api/rectifications/${k.id}/appeal-decision`, { uphold: true, reason: "监控显示误触" })).statusCode).toBe(403);
    // Supervisors oversee: they neither do the department's follow-up nor appeal.
    expect((await sup.post(`/api/rectifications/${k.id}/appeal`, { reason: "督查代为申诉一下" })).statusCode).toBe(403);
    expect((await sup.post(`/api/rectifications/${k.id}/verify`, { contactResult: "anonymous", note: "督查代为核实" })).statusCode).toBe(403);
    expect((await clerk.post(`/api/rectifications/${k.id}/appeal`, { reason: "办事人离开后儿童误触评价器，有监控为证" })).json().appeal.decision).toBe("pending");
    expect((await clerk.post(`/api/rectifications/${k.id}/appeal`, { reason: "再次申诉一下" })).statusCode).toBe(409);
    const decided = await sup.post(`/api/rectifications/${k.id}/appeal-decision`, { uphold: true, reason: "经调取监控核实，系儿童误触" });
    expect(decided.json()).toMatchObject({ status: "set_aside", appeal: { decision: "upheld", decisionReason: "经调取监控核实，系儿童误触" } });
    expect((await t.db.selectFrom("evaluations").select("status").where("id", "=", ev.id).executeTakeFirstOrThrow()).status).toBe("set_aside");
    const after = (await sup.get(`/api/evaluation/figures?by=clerk&from=${today}&to=${today}`)).json();
    expect(after.total.bad).toBe(before.total.bad);
    expect(after.total.rated).toBe(before.total.rated);
    // Nor does its transaction count as completed or unrated.
    expect(after.total.completed).toBe(before.total.completed);
    expect(after.total.unrated).toBe(before.total.unrated);
  });
});

describe("#evaluation figures", () => {
  it("counts completed, rated, good, bad and unrated per clerk, window, department and service item; the default-good rule only after 7 days", async () => {
    const sup = await t.login("supervisor");
    const day = "2026-03-10";
    const clerk = await t.db.selectFrom("users").select("id").where("username", "=", "jiangfan").executeTakeFirstOrThrow();
    // Ten LTAX consultations at D02 on one past day: 6 rated (4 good, 1 fair, 1 bad), 4 unrated.
    const levels = [5, 5, 4, 4, 3, 1, null, null, null, null];
    for (const [i, level] of levels.entries()) {
      const id = crypto.randomUUID();
      const at = `${day}T0${i % 9}:00:00.000Z`;
      await t.db.insertInto("service_transactions").values({ id, window_id: t.window.D02!, department_id: t.dept.LTAX!, clerk_id: clerk.id, service_code: "LTAX-ZX", service_name: "地税政策咨询", kind: "consultation", case_id: null, citizen_user_id: null, citizen_name: null, citizen_phone: null, status: "completed", started_at: at, ended_at: at, ended_date: day, prompt_expires_at: at, created_at: at }).execute();
      if (level !== null) {
        await t.db.insertInto("evaluations").values({ id: crypto.randomUUID(), target: "transaction", transaction_id: id, case_id: null, case_key: null, channel: "evaluator", level, reasons: "[]", comment: null, service_code: "LTAX-ZX", window_id: t.window.D02!, clerk_id: clerk.id, department_id: t.dept.LTAX!, citizen_user_id: null, device_id: null, card_id: null, client_id: null, status: "valid", answered_at: at, created_at: at, created_date: day }).execute();
      }
    }
    for (const by of ["clerk", "window", "department", "service"]) {
      const f = (await sup.get(`/api/evaluation/figures?by=${by}&from=${day}&to=${day}`)).json();
      expect(f.rows).toHaveLength(1);
      expect(f.rows[0]).toMatchObject({ completed: 10, rated: 6, good: 4, bad: 1, unrated: 4, unratedPastDefault: 4 });
      expect(f.rows[0].activeGoodRate).toBeCloseTo(4 / 6);
      expect(f.rows[0].goodRate).toBeCloseTo(8 / 10);
      expect(f.rows[0].unratedRate).toBeCloseTo(0.4);
    }
    expect((await sup.get(`/api/evaluation/figures?by=clerk&from=${day}&to=${day}`)).json().rows[0]).toMatchObject({ label: "江帆", sub: "JX4001" });
    expect((await sup.get(`/api/evaluation/figures?by=quarter&from=2026-01-01&to=2026-03-31`)).json().rows[0]).toMatchObject({ key: "2026-Q1", completed: 10 });
    const pub = (await t.anonymous().get(`/api/public/evaluation/figures?from=${day}&to=${day}`)).json();
    expect(pub.departments).toEqual([expect.objectContaining({ label: "地方税务局（地税）", rated: 6, good: 4 })]);
    expect(JSON.stringify(pub)).not.toContain("江帆");
    // A reviewer sees their own department only; a clerk sees no figures.
    const ltaxReviewer = await t.login("reviewer.ltax");
    const ltax = (await ltaxReviewer.get(`/api/evaluation/figures?by=department&from=${day}&to=${day}`)).json();
    expect(ltax.rows.map((r: { sub: string }) => r.sub)).toEqual(["LTAX"]);
    expect((await ltaxReviewer.get(`/api/evaluation/figures?by=department&from=${day}&to=${day}&department=AMR`)).statusCode).toBe(403);
    expect((await (await t.login("clerk")).get("/api/evaluation/figures")).statusCode).toBe(403);
    const bad = await sup.get("/api/evaluation/figures?from=2026-03-10&to=2026-03-01");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe("from");
  });
});
