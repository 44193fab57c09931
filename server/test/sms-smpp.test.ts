import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import smpp from "smpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimOutbox } from "../src/sms/broadcasts.repository.js";
import { OutboxWorker } from "../src/sms/outbox.worker.js";
import { SmppGateway } from "../src/sms/smpp-gateway.js";
import { type Client, startTestApp, type TestApp } from "./helpers/harness.js";

/**
 * The outbox sending through the real SMPP gateway to an SMSC started in the test (the `smpp`
 * package's server): every recipient gets the broadcast once, delivery receipts and an R reply
 * come back as deliver_sm, and a worker that dies mid-broadcast leaves nothing lost or doubled.
 */

interface Smsc {
  port: number;
  submits: { to: string; text: string; id: string; udh: boolean }[];
  session(): smpp.Session;
  close(): Promise<void>;
}

async function startSmsc(): Promise<Smsc> {
  let n = 0;
  const sessions: smpp.Session[] = [];
  const server = smpp.createServer((session) => {
    sessions.push(session);
    session.on("error", () => {});
    session.on("bind_transceiver", (pdu) => session.send(pdu.response({ system_id: "SMSC" })));
    session.on("enquire_link", (pdu) => session.send(pdu.response()));
    session.on("deliver_sm_resp", () => {});
    session.on("unbind", (pdu) => (session.send(pdu.response()), session.close()));
    session.on("submit_sm", (pdu) => {
      const id = `s${++n}`;
      const raw = pdu.short_message as { message?: string | Buffer; udh?: Buffer[] } | Buffer;
      const udh = (pdu.esm_class & 0x40) !== 0;
      const text = Buffer.isBuffer(raw) ? raw.toString("latin1") : typeof raw?.message === "string" ? raw.message : String(raw?.message ?? "");
      smsc.submits.push({ to: String(pdu.destination_addr), text, id, udh });
      session.send(pdu.response({ message_id: id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const smsc: Smsc = {
    port: (server.address() as AddressInfo).port,
    submits: [],
    session: () => sessions.at(-1)!,
    close: () => new Promise<void>((resolve) => (sessions.forEach((s) => s.destroy()), server.close(() => resolve()))),
  };
  return smsc;
}

/** The SMSC tells the gateway: a delivery receipt, or a message from a phone. */
function deliver(session: smpp.Session, pdu: Record<string, unknown>) {
  session.deliver_sm({ source_addr_ton: 1, source_addr_npi: 1, dest_addr_ton: 0, dest_addr_npi: 0, destination_addr: "106573", ...pdu });
}

let t: TestApp;
let smsc: Smsc;
let operator: Client;
let supervisor: Client;
const gateways: SmppGateway[] = [];
const connect = async () => {
  const g = await SmppGateway.connect({ host: "127.0.0.1", port: smsc.port, systemId: "yc", password: "pw", sourceAddr: "106573", window: 10, ratePerSecond: 1000, enquireLinkSeconds: 30 });
  gateways.push(g);
  return g;
};
const target = { tags: ["加州鲈"], regions: ["330402"], roles: ["buyer"] };

beforeAll(async () => {
  t = await startTestApp({ SMS_DAILY_CAP: "10" });
  smsc = await startSmsc();
  [operator, supervisor] = await Promise.all([t.login("operator"), t.login("supervisor")]);
  const at = new Date().toISOString();
  for (let i = 0; i < 25; i++) {
    const id = randomUUID();
    await t.db.insertInto("sms_subscribers").values({ id, phone: `1385731${String(i).padStart(4, "0")}`, name: `收购商${i}`, village_code: "330402103215", role: "buyer", tags: JSON.stringify(["加州鲈"]), created_by: null, created_at: at, updated_at: at }).execute();
    await t.db.insertInto("sms_subscriber_tags").values({ tag: "加州鲈", subscriber_id: id }).execute();
  }
});
afterAll(async () => {
  for (const g of gateways) await g.close().catch(() => {});
  await smsc?.close();
  await t?.close();
});

async function approved(body: string) {
  const b = (await operator.post("/api/sms/broadcasts", { body, target })).json();
  expect((await supervisor.post(`/api/sms/broadcasts/${b.id}/approve`)).statusCode).toBe(200);
  const rows = await t.db.selectFrom("sms_outbox").select(["not_before"]).where("broadcast_id", "=", b.id).execute();
  return { id: b.id as string, due: new Date(Math.max(Date.now(), ...rows.map((r) => Date.parse(r.not_before)))) };
}

const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setTimeout(r, 20));
};

describe("broadcast through SMPP", () => {
  it("sends a long broadcast to each recipient once in concatenated UCS-2 parts; receipts deliver it; an R reply opts out", async () => {
    const body = "供应加州鲈1000公斤，规格每条一斤左右，塘口价面议，可上门看货，南湖区新丰镇竹林村，联系电话13857312288，有效期至12月5日";
    const b = await approved(body);
    const worker = new OutboxWorker({ db: t.db, config: t.tdb.config }, await connect(), { batch: 10 });
    while ((await worker.runOnce(b.due)) > 0);
    const recipients = new Set(smsc.submits.map((s) => s.to));
    expect(recipients.size).toBe(25);
    expect(smsc.submits).toHaveLength(50); // 2 parts each
    expect(smsc.submits.every((s) => s.udh)).toBe(true);
    const view = (await operator.get(`/api/sms/broadcasts/${b.id}`)).json();
    expect(view).toMatchObject({ status: "done", parts: 2, counts: { sent: 25 } });

    // Receipts: both parts of the first message delivered; one part of the second failed.
    const rows = await t.db.selectFrom("sms_outbox").select(["id", "phone", "message_ids"]).where("broadcast_id", "=", b.id).orderBy("id").execute();
    const [first, second] = rows.map((r) => JSON.parse(r.message_ids!) as string[]);
    const receipt = (id: string, stat: string) =>
      deliver(smsc.session(), { source_addr: rows[0]!.phone, esm_class: 0x04, short_message: `id:${id} sub:001 dlvrd:001 submit date:2611270900 done date:2611270901 stat:${stat} err:000 text:` });
    receipt(first![0]!, "DELIVRD");
    await until(async () => (await t.db.selectFrom("sms_message_ids").select("state").where("message_id", "=", first![0]!).executeTakeFirst())?.state === "delivered");
    expect((await operator.get(`/api/sms/broadcasts/${b.id}`)).json().counts.delivered).toBe(0); // one part of two
    receipt(first![1]!, "DELIVRD");
    receipt(second![1]!, "UNDELIV");
    await until(async () => (await operator.get(`/api/sms/broadcasts/${b.id}`)).json().counts.failed === 1);
    expect((await operator.get(`/api/sms/broadcasts/${b.id}`)).json().counts).toMatchObject({ delivered: 1, failed: 1, sent: 23 });

    deliver(smsc.session(), { source_addr: rows[2]!.phone, esm_class: 0, short_message: "R" });
    await until(async () => !!(await t.db.selectFrom("sms_opt_outs").select("phone").where("phone", "=", rows[2]!.phone).executeTakeFirst()));
    expect((await operator.get(`/api/sms/broadcasts/${b.id}`)).json().optedOut).toBe(1);
  });

  it("a worker killed mid-broadcast: the next one finishes it, every recipient once", async () => {
    smsc.submits.length = 0;
    const b = await approved("求购加州鲈2000公斤，联系电话13957300001");
    // The first worker sends one round of 10, claims 5 more and dies before sending them.
    const first = new OutboxWorker({ db: t.db, config: t.tdb.config }, await connect(), { batch: 10 });
    await first.runOnce(b.due);
    expect(smsc.submits).toHaveLength(10);
    await claimOutbox(t.db, t.tdb.config.database.kind, first.id, b.due.toISOString(), 5);
    await first.stop();
    // A new worker (after a restart) takes over; the dead one's claims come back after the lease.
    const second = new OutboxWorker({ db: t.db, config: t.tdb.config }, await connect(), { batch: 10, leaseMs: 30_000 });
    while ((await second.runOnce(b.due)) > 0);
    expect(smsc.submits).toHaveLength(19); // 24 recipients: 10 sent, 5 held by the dead claim, 9 more
    await second.runOnce(new Date(b.due.getTime() + 31_000));
    const counts = new Map<string, number>();
    for (const s of smsc.submits) counts.set(s.to, (counts.get(s.to) ?? 0) + 1);
    expect(counts.size).toBe(24); // 25, one opted out by the R reply
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
    expect((await operator.get(`/api/sms/broadcasts/${b.id}`)).json()).toMatchObject({ status: "done", counts: { sent: 24, queued: 0, sending: 0 } });
  });
});
