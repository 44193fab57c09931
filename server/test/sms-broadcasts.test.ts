import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimOutbox } from "../src/sms/broadcasts.repository.js";
import { GatewayError, LogGateway, type DeliveryReceipt, type InboundSms, type OutgoingSms, type SentSms, type SmsGateway } from "../src/sms/gateway.js";
import { OutboxWorker } from "../src/sms/outbox.worker.js";
import { type Client, startTestApp, type TestApp } from "./helpers/harness.js";

/**
 * A gateway that records every send, can fail on demand, hold sends at a gate, play dead after
 * the submit (as a process killed between the carrier's answer and the database write), answer
 * with given carrier ids, and emit receipts and replies.
 */
class RecordingGateway implements SmsGateway {
  readonly name = "log" as const;
  readonly sent: OutgoingSms[] = [];
  failNext: GatewayError[] = [];
  gate: Promise<void> | null = null;
  dieAfterSubmit = false;
  readonly idsFor = new Map<string, string[]>();
  #inner = new LogGateway();
  #receipt: ((r: DeliveryReceipt) => void | Promise<void>)[] = [];
  #inbound: ((m: InboundSms) => void | Promise<void>)[] = [];
  async send(msg: OutgoingSms): Promise<SentSms> {
    const fail = this.failNext.shift();
    if (fail) throw fail;
    if (this.gate) await this.gate;
    await msg.beforeSubmit?.();
    this.sent.push(msg);
    if (this.dieAfterSubmit) return new Promise<SentSms>(() => {});
    const ids = this.idsFor.get(msg.reference);
    if (ids) return { messageIds: ids, parts: ids.length };
    return this.#inner.send({ ...msg, beforeSubmit: undefined });
  }
  onReceipt(h: (r: DeliveryReceipt) => void | Promise<void>) {
    this.#receipt.push(h);
  }
  onInbound(h: (m: InboundSms) => void | Promise<void>) {
    this.#inbound.push(h);
  }
  async receipt(r: DeliveryReceipt) {
    for (const h of this.#receipt) await h(r);
  }
  async inbound(m: InboundSms) {
    for (const h of this.#inbound) await h(m);
  }
  async close() {}
}

let t: TestApp;
let operator: Client;
let supervisor: Client;
const VILLAGE = "330402103215"; // 南湖区新丰镇竹林村
const TOWN = "330402103";
const target = { tags: ["加州鲈", "水产"], regions: ["330402"], roles: ["buyer", "coop"] };

beforeAll(async () => {
  t = await startTestApp({ SMS_DAILY_CAP: "1" });
  [operator, supervisor] = await Promise.all([t.login("operator"), t.login("supervisor")]);
  // 30 buyers and co-ops in 南湖区 who follow fish, 10 farmers (not targeted), 5 buyers in 海盐 (not targeted), one opted out.
  const at = new Date().toISOString();
  const add = async (i: number, village: string, role: "buyer" | "farmer" | "coop", tags: string[]) => {
    const id = randomUUID();
    await t.db.insertInto("sms_subscribers").values({ id, phone: `1395730${String(i).padStart(4, "0")}`, name: `用户${i}`, village_code: village, role, tags: JSON.stringify(tags), created_by: null, created_at: at, updated_at: at }).execute();
    await t.db.insertInto("sms_subscriber_tags").values(tags.map((tag) => ({ tag, subscriber_id: id }))).execute();
  };
  for (let i = 0; i < 30; i++) await add(i, i % 2 ? VILLAGE : TOWN + "201", i % 3 ? "buyer" : "coop", i % 2 ? ["加州鲈"] : ["水产", "加州鲈"]);
  for (let i = 30; i < 40; i++) await add(i, VILLAGE, "farmer", ["加州鲈"]);
  for (let i = 40; i < 45; i++) await add(i, "330424100201", "buyer", ["加州鲈"]);
  await t.db.insertInto("sms_opt_outs").values({ phone: "13957300029", at, source: "reply", detail: "R" }).execute();
});
afterAll(async () => t?.close());

const outbox = (broadcastId: string) => t.db.selectFrom("sms_outbox").selectAll().where("broadcast_id", "=", broadcastId).orderBy("id").execute();
/** The latest due time of a broadcast's messages (the approval moved it into the allowed hours). */
const dueOf = async (id: string) => new Date(Math.max(Date.now(), ...(await outbox(id)).map((r) => Date.parse(r.not_before))));

describe("SMS broadcasts", () => {
  let first = "";

  it("previews the audience and the message as sent: signature, refusal text, length and parts", async () => {
    const p = await operator.post("/api/sms/broadcasts/preview", { body: "沈阿根有加州鲈1000公斤出售，规格每条1斤左右，价格面议，联系电话13857312288，有效期至12月5日", target });
    expect(p.statusCode).toBe(200);
    const v = p.json();
    expect(v.audience).toBe(29); // 30 targeted, one opted out
    expect(v.text).toBe("【嘉兴12316】沈阿根有加州鲈1000公斤出售，规格每条1斤左右，价格面议，联系电话13857312288，有效期至12月5日。拒收请回复R");
    expect(v.chars).toBe(v.text.length);
    expect(v.parts.map((x: string) => x.length)).toEqual([67, v.text.length - 67]);
    expect(v.messages).toBe(58);
    expect(v.sample[0].phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    const bad = await operator.post("/api/sms/broadcasts/preview", { body: "卖", target: { tags: [], regions: ["330499"], roles: ["boss"] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path)).toEqual(["body", "target.tags", "target.regions", "target.roles"]);
    // The rules in force, as the page states them (settings, not fixed text).
    expect((await operator.get("/api/sms/settings")).json()).toEqual({ signature: "嘉兴12316", hours: { from: "08:00", to: "21:00" }, dailyCap: 1 });
    expect((await (await t.login("clerk")).get("/api/sms/settings")).statusCode).toBe(403);
  });

  it("is approved by a second person, never its author; the outbox is written in the same transaction", async () => {
    const made = await operator.post("/api/sms/broadcasts", { body: "有加州鲈1000公斤出售，价格面议，联系电话13857312288", target });
    expect(made.statusCode).toBe(201);
    first = made.json().id;
    expect(made.json()).toMatchObject({ status: "draft", audience: 29, parts: 1 });
    const own = await operator.post(`/api/sms/broadcasts/${first}/approve`);
    expect(own.statusCode).toBe(409);
    expect(own.json().error.message).toBe("不能审批自己创建的群发：须由另一名工作人员审批");
    expect(await outbox(first)).toEqual([]);
    const ok = await supervisor.post(`/api/sms/broadcasts/${first}/approve`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: "approved", audience: 29, counts: { queued: 29 } });
    const rows = await outbox(first);
    expect(new Set(rows.map((r) => r.idempotency_key)).size).toBe(29);
    expect(rows.map((r) => r.phone)).not.toContain("13957300029");
    expect((await supervisor.post(`/api/sms/broadcasts/${first}/approve`)).statusCode).toBe(409);
  });

  it("sends through the gateway once each, inside the allowed hours; receipts and an R reply are applied", async () => {
    const gateway = new RecordingGateway();
    const worker = new OutboxWorker({ db: t.db, config: t.tdb.config }, gateway, { batch: 10 });
    const due = await dueOf(first);
    // Before the due time (or outside the hours) nothing goes.
    expect(await worker.runOnce(new Date(due.getTime() - 60_000 * 60 * 24))).toBe(0);
    let rounds = 0;
    while ((await worker.runOnce(due)) > 0) rounds++;
    expect(rounds).toBe(3);
    expect(gateway.sent).toHaveLength(29);
    expect(new Set(gateway.sent.map((s) => s.reference)).size).toBe(29);
    const view = (await operator.get(`/api/sms/broadcasts/${first}`)).json();
    expect(view).toMatchObject({ status: "done", counts: { sent: 29, queued: 0 } });

    const [a, b] = await outbox(first);
    await gateway.receipt({ messageId: JSON.parse(a!.message_ids!)[0], state: "delivered", stat: "DELIVRD", errorCode: null, at: new Date().toISOString() });
    await gateway.receipt({ messageId: JSON.parse(b!.message_ids!)[0], state: "failed", stat: "UNDELIV", errorCode: "001", at: new Date().toISOString() });
    await gateway.inbound({ from: a!.phone, to: "106573", text: " r ", at: new Date().toISOString() });
    await gateway.inbound({ from: b!.phone, to: "106573", text: "还有货吗", at: new Date().toISOString() });
    const after = (await operator.get(`/api/sms/broadcasts/${first}`)).json();
    expect(after).toMatchObject({ counts: { delivered: 1, failed: 1, sent: 27 }, optedOut: 1, replies: 1 });
    expect(await t.db.selectFrom("sms_opt_outs").select("source").where("phone", "=", a!.phone).executeTakeFirst()).toEqual({ source: "reply" });
  });

  it("holds a number over its daily cap to tomorrow, skips numbers that opted out after approval, retries temporary failures", async () => {
    const made = (await operator.post("/api/sms/broadcasts", { body: "求购加州鲈2000公斤，联系电话13957300001", target })).json();
    await supervisor.post(`/api/sms/broadcasts/${made.id}/approve`);
    const gateway = new RecordingGateway();
    gateway.failNext = [new GatewayError("ESME_RMSGQFUL", true, 0x14)];
    const worker = new OutboxWorker({ db: t.db, config: t.tdb.config }, gateway, { batch: 50, concurrency: 1 });
    // Someone in the outbox replies R to an earlier message after this one was approved.
    const quitter = (await outbox(made.id))[3]!.phone;
    await gateway.inbound({ from: quitter, to: "106573", text: "退订", at: new Date().toISOString() });
    const due = await dueOf(made.id);
    await worker.runOnce(due);
    const rows = await outbox(made.id);
    expect(rows.filter((r) => r.state === "skipped").map((r) => [r.phone, r.error])).toEqual([[quitter, "已退订"]]);
    // Everyone else got the first broadcast today (cap 1): held to tomorrow, nothing sent.
    const held = rows.filter((r) => r.state === "queued");
    expect(held.length).toBe(rows.length - 1);
    expect(held.every((r) => r.error === "已达每日上限 1 条，顺延至次日")).toBe(true);
    expect(gateway.sent).toHaveLength(0);
    // Tomorrow they go; the temporary failure is retried a little later, not lost.
    let clock = Math.max(...held.map((r) => Date.parse(r.not_before)));
    for (let i = 0; i < 5; i++, clock += 120_000) while ((await worker.runOnce(new Date(clock))) > 0);
    const final = await outbox(made.id);
    expect(final.filter((r) => r.state === "sent").length).toBe(held.length);
    // The one refused with ESME_RMSGQFUL went on its third claim (held, refused, sent).
    expect(final.filter((r) => r.attempts === 3 && r.state === "sent")).toHaveLength(1);
    expect(new Set(gateway.sent.map((s) => s.reference)).size).toBe(gateway.sent.length);
    expect(gateway.sent.length).toBe(held.length);
  });

  it("a worker that dies mid-broadcast: its claims return to the queue and another finishes, each message once", async () => {
    const made = (await operator.post("/api/sms/broadcasts", { body: "供应水产饲料，联系电话13957300002", target: { ...target, roles: ["buyer"] } })).json();
    await supervisor.post(`/api/sms/broadcasts/${made.id}/approve`);
    const due = await dueOf(made.id);
    const day2 = new Date(due.getTime() + 3 * 86_400_000); // past the daily caps
    // The dead worker claimed 5 and never came back.
    const claimed = await claimOutbox(t.db, t.tdb.config.database.kind, "dead-worker", day2.toISOString(), 5);
    expect(claimed).toHaveLength(5);
    const gateway = new RecordingGateway();
    const worker = new OutboxWorker({ db: t.db, config: t.tdb.config }, gateway, { batch: 100, leaseMs: 60_000 });
    await worker.runOnce(day2);
    expect((await outbox(made.id)).filter((r) => r.state === "sending" && r.claimed_by === "dead-worker").length).toBe(5);
    // After the lease they are sent too.
    await worker.runOnce(new Date(day2.getTime() + 61_000));
    const rows = await outbox(made.id);
    expect(rows.filter((r) => r.state === "sent").length).toBe(rows.filter((r) => r.state !== "skipped").length);
    expect(gateway.sent.length).toBe(rows.filter((r) => r.state === "sent").length);
    expect(new Set(gateway.sent.map((s) => s.reference)).size).toBe(gateway.sent.length);
  });

  it("holds messages outside the allowed hours, and reports messages and parts per month", async () => {
    const made = (await operator.post("/api/sms/broadcasts", { body: "供应加州鲈鱼苗，联系电话13957300005", target })).json();
    await supervisor.post(`/api/sms/broadcasts/${made.id}/approve`);
    // A centre that sends only in a window that is not now: nothing goes, nothing is lost.
    const hour = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(11, 13));
    const hours = hour < 12 ? { from: "13:00", to: "14:00" } : { from: "02:00", to: "03:00" };
    const gateway = new RecordingGateway();
    const worker = new OutboxWorker({ db: t.db, config: { ...t.tdb.config, sms: { ...t.tdb.config.sms, hours } } }, gateway);
    expect(await worker.runOnce(new Date())).toBe(0);
    expect(gateway.sent).toEqual([]);
    expect((await outbox(made.id)).every((r) => r.state === "queued")).toBe(true);
    await operator.post(`/api/sms/broadcasts/${made.id}/cancel`);

    const year = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
    const report = (await operator.get(`/api/sms/reports/monthly?year=${year}`)).json();
    const inYear = (await t.db.selectFrom("sms_outbox").select(["sent_at", "parts"]).where("sent_at", "is not", null).where("broadcast_id", "is not", null).execute()).filter(
      (r) => new Date(Date.parse(r.sent_at!) + 8 * 3_600_000).toISOString().startsWith(String(year)),
    );
    expect(inYear.length).toBeGreaterThan(0);
    expect(report.total).toMatchObject({ messages: inYear.length, parts: inYear.reduce((a, r) => a + Number(r.parts), 0) });
    expect(report.months.reduce((a: number, m: { messages: number }) => a + m.messages, 0)).toBe(inYear.length);
    expect(report.months).toHaveLength(12);
    expect((await operator.get("/api/sms/reports/monthly?year=nineteen")).statusCode).toBe(400);
  });

  it("cancel stops what has not gone out", async () => {
    const made = (await operator.post("/api/sms/broadcasts", { body: "供应鲈鱼苗，联系电话13957300003", target })).json();
    await supervisor.post(`/api/sms/broadcasts/${made.id}/approve`);
    const cancelled = (await operator.post(`/api/sms/broadcasts/${made.id}/cancel`)).json();
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.counts.queued).toBe(0);
    expect(cancelled.counts.cancelled).toBeGreaterThan(0);
    const gateway = new RecordingGateway();
    await new OutboxWorker({ db: t.db, config: t.tdb.config }, gateway).runOnce(new Date(Date.now() + 5 * 86_400_000));
    expect(gateway.sent.filter((s) => s.reference.startsWith(made.id))).toEqual([]);
    expect((await operator.post(`/api/sms/broadcasts/${made.id}/cancel`)).statusCode).toBe(409);
  });

  it("cancel stops messages a worker has claimed but not yet handed to the carrier", async () => {
    const made = (await operator.post("/api/sms/broadcasts", { body: "供应鲈鱼苗二批，联系电话13957300003", target })).json();
    await supervisor.post(`/api/sms/broadcasts/${made.id}/approve`);
    const due = new Date((await dueOf(made.id)).getTime() + 9 * 86_400_000); // past the daily caps
    const gateway = new RecordingGateway();
    let open!: () => void;
    gateway.gate = new Promise((r) => (open = r));
    const worker = new OutboxWorker({ db: t.db, config: t.tdb.config }, gateway, { batch: 100 });
    const round = worker.runOnce(due);
    // The worker holds its claims at the gate while the broadcast is cancelled.
    for (let i = 0; i < 100 && (await outbox(made.id)).every((r) => r.state !== "sending"); i++) await new Promise((r) => setTimeout(r, 10));
    expect((await outbox(made.id)).some((r) => r.state === "sending")).toBe(true);
    expect((await operator.post(`/api/sms/broadcasts/${made.id}/cancel`)).json().status).toBe("cancelled");
    open();
    await round;
    const rows = await outbox(made.id);
    expect(gateway.sent).toEqual([]);
    expect(rows.every((r) => r.state === "cancelled" || r.state === "skipped")).toBe(true);
    expect(rows.every((r) => r.submitted_at === null && r.sent_at === null)).toBe(true);
  });

  it("a worker killed after the carrier took a message, before it was recorded: never sent again, reported as unknown", async () => {
    const made = (await operator.post("/api/sms/broadcasts", { body: "求购加州鲈，联系电话13957300006", target: { ...target, roles: ["coop"] } })).json();
    await supervisor.post(`/api/sms/broadcasts/${made.id}/approve`);
    const day = new Date((await dueOf(made.id)).getTime() + 12 * 86_400_000);
    const dying = new RecordingGateway();
    dying.dieAfterSubmit = true;
    const dead = new OutboxWorker({ db: t.db, config: t.tdb.config }, dying, { batch: 3, concurrency: 3, id: "killed" });
    void dead.runOnce(day); // never finishes: the process "died" after the carrier answered
    for (let i = 0; i < 200 && dying.sent.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    expect(dying.sent).toHaveLength(3);
    const gateway = new RecordingGateway();
    const next = new OutboxWorker({ db: t.db, config: t.tdb.config }, gateway, { batch: 100, leaseMs: 60_000 });
    await next.runOnce(new Date(day.getTime() + 61_000));
    const rows = await outbox(made.id);
    const unknown = rows.filter((r) => r.error?.startsWith("发送结果未知"));
    expect(unknown.map((r) => r.idempotency_key).sort()).toEqual(dying.sent.map((m) => m.reference).sort());
    expect(unknown.every((r) => r.state === "failed")).toBe(true);
    // Everyone else got it from the next worker; nobody got it twice.
    const all = [...dying.sent, ...gateway.sent].map((m) => m.reference);
    expect(new Set(all).size).toBe(all.length);
    expect(rows.filter((r) => r.state === "sent").length).toBe(gateway.sent.length);
    expect(rows.every((r) => ["sent", "failed", "skipped"].includes(r.state))).toBe(true);
  });

  it("a receipt that arrives before the message's ids are recorded is kept and applied", async () => {
    const made = (await operator.post("/api/sms/broadcasts", { body: "求购鲈鱼，联系电话13957300007", target: { ...target, regions: [VILLAGE], roles: ["buyer"] } })).json();
    await supervisor.post(`/api/sms/broadcasts/${made.id}/approve`);
    const day = new Date((await dueOf(made.id)).getTime() + 15 * 86_400_000);
    const gateway = new RecordingGateway();
    const worker = new OutboxWorker({ db: t.db, config: t.tdb.config }, gateway, { batch: 500 });
    // The carrier's receipt for the first part comes in while the second is still being submitted.
    await gateway.receipt({ messageId: "early-1", state: "delivered", stat: "DELIVRD", errorCode: null, at: new Date().toISOString() });
    expect(await t.db.selectFrom("sms_receipts").select("message_id").where("message_id", "=", "early-1").executeTakeFirst()).toBeDefined();
    // One of this broadcast's own recipients: an earlier test's R reply opted out a number picked by row id
    // (random), which could be any fixed number chosen here.
    const phone = (await outbox(made.id))[0]!.phone;
    gateway.idsFor.set(`${made.id}:${phone}`, ["early-1", "early-2"]);
    await worker.runOnce(day);
    const first = (await outbox(made.id)).find((r) => r.phone === phone);
    expect(first).toMatchObject({ state: "sent", message_ids: JSON.stringify(["early-1", "early-2"]) });
    expect(await t.db.selectFrom("sms_receipts").select("message_id").where("message_id", "=", "early-1").executeTakeFirst()).toBeUndefined();
    await gateway.receipt({ messageId: "early-2", state: "delivered", stat: "DELIVRD", errorCode: null, at: new Date().toISOString() });
    expect((await outbox(made.id)).find((r) => r.id === first!.id)!.state).toBe("delivered");
  });

  it("sends at the scheduled time, moved into the allowed hours; one notice goes out once", async () => {
    const notice = (
      await operator.post("/api/sms/notices", { ownerPhone: "13857312299", ownerName: "沈阿根", kind: "supply", product: "加州鲈", quantity: "800", unit: "公斤", price: "面议", villageCode: VILLAGE, contactPhone: "13857312299", text: "有 800 公斤加州鲈出售", validUntil: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10) })
    ).json();
    await supervisor.post(`/api/sms/notices/${notice.id}/decision`, { decision: "approve" });
    // Scheduled for 23:30 (Shanghai) two days on: held to 08:00 the morning after.
    const day = new Date(Date.now() + 2 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    const sendAt = `${day}T23:30:00+08:00`;
    const a = (await operator.post("/api/sms/broadcasts", { noticeId: notice.id, body: "沈阿根有加州鲈800公斤出售，电话13857312299", target, sendAt })).json();
    const b = (await operator.post("/api/sms/broadcasts", { noticeId: notice.id, body: "加州鲈800公斤出售，电话13857312299", target })).json();
    expect(a.sendAt).toBe(new Date(sendAt).toISOString());
    expect((await supervisor.post(`/api/sms/broadcasts/${a.id}/approve`)).statusCode).toBe(200);
    const nextMorning = new Date(Date.parse(`${day}T08:00:00+08:00`) + 86_400_000).toISOString();
    expect(new Set((await outbox(a.id)).map((r) => r.not_before))).toEqual(new Set([nextMorning]));
    // A worker before then sends none of it.
    const gateway = new RecordingGateway();
    await new OutboxWorker({ db: t.db, config: t.tdb.config }, gateway, { batch: 500 }).runOnce(new Date(`${day}T20:00:00+08:00`));
    expect(gateway.sent.filter((m) => m.reference.startsWith(a.id))).toEqual([]);
    // The same notice cannot go out twice through a second draft; nothing is written for it.
    const again = await supervisor.post(`/api/sms/broadcasts/${b.id}/approve`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe("该供求信息已由另一条群发发出，不能重复群发");
    expect(await outbox(b.id)).toEqual([]);
    expect((await operator.get(`/api/sms/broadcasts/${b.id}`)).json().status).toBe("draft");
    await operator.post(`/api/sms/broadcasts/${a.id}/cancel`);
  });

  it("never sends a notice past its validity: a schedule after it is refused, messages held past it are cancelled; an empty audience is refused", async () => {
    const shanghai = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
    const validUntil = shanghai(Date.now() + 2 * 86_400_000);
    const notice = (
      await operator.post("/api/sms/notices", { ownerPhone: "13857312277", ownerName: "沈阿根", kind: "supply", product: "加州鲈", quantity: "300", unit: "公斤", price: "面议", villageCode: VILLAGE, contactPhone: "13857312277", text: "有 300 公斤加州鲈出售", validUntil })
    ).json();
    await supervisor.post(`/api/sms/notices/${notice.id}/decision`, { decision: "approve" });
    const before = await t.db.selectFrom("sms_broadcasts").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const late = await operator.post("/api/sms/broadcasts", { noticeId: notice.id, body: "加州鲈300公斤出售，电话13857312277", target, sendAt: `${shanghai(Date.now() + 5 * 86_400_000)}T10:00:00+08:00` });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.fields).toEqual([{ path: "sendAt", message: `定时发送：不能晚于供求信息的有效期（${validUntil}）` }]);
    const nobody = await operator.post("/api/sms/broadcasts", { body: "加州鲈300公斤出售，电话13857312277", target: { tags: ["不存在的品种"], regions: ["330402"], roles: ["buyer"] } });
    expect(nobody.statusCode).toBe(400);
    expect(nobody.json().error.fields[0]).toMatchObject({ path: "target", message: expect.stringContaining("没有符合条件的接收人") });
    expect(await t.db.selectFrom("sms_broadcasts").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).toEqual(before);

    // Scheduled for 23:30 on its last day: the sending hours would hold it to the morning after, so it is not approved.
    const lastNight = (await operator.post("/api/sms/broadcasts", { noticeId: notice.id, body: "加州鲈300公斤出售，电话13857312277", target, sendAt: `${validUntil}T23:30:00+08:00` })).json();
    const stale = await supervisor.post(`/api/sms/broadcasts/${lastNight.id}/approve`);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toContain(`已晚于供求信息的有效期（${validUntil}）`);
    expect(await outbox(lastNight.id)).toEqual([]);
    await operator.post(`/api/sms/broadcasts/${lastNight.id}/cancel`);
    // Approved in time, then held (say, by the daily cap) past the validity: cancelled, not sent stale.
    const b = (await operator.post("/api/sms/broadcasts", { noticeId: notice.id, body: "加州鲈300公斤出售，电话13857312277", target })).json();
    expect((await supervisor.post(`/api/sms/broadcasts/${b.id}/approve`)).statusCode).toBe(200);
    const gateway = new RecordingGateway();
    await new OutboxWorker({ db: t.db, config: t.tdb.config }, gateway, { batch: 500 }).runOnce(new Date(Date.parse(`${validUntil}T12:00:00+08:00`) + 86_400_000));
    expect(gateway.sent.filter((m) => m.reference.startsWith(b.id))).toEqual([]);
    const rows = await outbox(b.id);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => `${r.state} ${r.error}`))).toEqual(new Set(["cancelled 供求信息已过有效期，未发送"]));
    expect((await operator.get(`/api/sms/broadcasts/${b.id}`)).json().status).toBe("done");
  });

  it("notifications go through the outbox and the gateway at any hour, outside the broadcast rules", async () => {
    const notice = (
      await operator.post("/api/sms/notices", { ownerPhone: "13957300029", ownerName: "退订用户", kind: "demand", product: "鲈鱼", contactPhone: "13957300029", text: "求购鲈鱼 500 公斤", validUntil: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10) })
    ).json();
    await supervisor.post(`/api/sms/notices/${notice.id}/decision`, { decision: "reject", reason: "联系电话无法接通" });
    const told = await t.db.selectFrom("sms_messages").selectAll().where("related_id", "=", notice.id).executeTakeFirstOrThrow();
    expect(told).toMatchObject({ status: "queued", phone: "13957300029" });
    const row = await t.db.selectFrom("sms_outbox").selectAll().where("sms_message_id", "=", told.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ broadcast_id: null, state: "queued", text: told.text });
    // Outside the sending hours, to a number that opted out of broadcasts (13957300029), over its daily cap: it still goes.
    const hour = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(11, 13));
    const hours = hour < 12 ? { from: "13:00", to: "14:00" } : { from: "02:00", to: "03:00" };
    const gateway = new RecordingGateway();
    await new OutboxWorker({ db: t.db, config: { ...t.tdb.config, sms: { ...t.tdb.config.sms, hours } } }, gateway).runOnce(new Date());
    expect(gateway.sent.filter((m) => m.reference === `msg:${told.id}`).map((m) => m.text)).toEqual([told.text]);
    expect(gateway.sent.every((m) => m.reference.startsWith("msg:"))).toBe(true);
    expect((await t.db.selectFrom("sms_messages").select(["status", "gateway"]).where("id", "=", told.id).executeTakeFirstOrThrow())).toEqual({ status: "sent", gateway: "log" });
    expect((await operator.get(`/api/sms/broadcasts/${first}`)).statusCode).toBe(200); // broadcasts' counts are untouched by it
  });
});
