import type { AddressInfo } from "node:net";
import { isOptOutReply } from "@yichuang/core";
import smpp from "smpp";
import { afterEach, describe, expect, it } from "vitest";
import { GatewayError, LogGateway, type DeliveryReceipt, type InboundSms } from "../src/sms/gateway.js";
import { SmppGateway, type SmppGatewayOptions } from "../src/sms/smpp-gateway.js";

/**
 * The SMPP gateway against a fake SMSC: a server from the same `smpp` package, in this process,
 * that checks the account, records every PDU with the time it arrived, and answers as each test
 * tells it.
 */

type Pdu = smpp.PDU;
interface Submit {
  pdu: Pdu;
  at: number;
  session: smpp.Session;
}
interface FakeSmsc {
  port: number;
  binds: Pdu[];
  submits: Submit[];
  enquireLinks: number;
  unbinds: number;
  /** Answers a submit; the default accepts it with id m1, m2 … */
  onSubmit: (s: Submit, n: number) => void;
  /** Answers the gateway's enquire_link (default true). */
  answerEnquireLink: boolean;
  sessions(): smpp.Session[];
  accept(s: Submit): void;
  close(): Promise<void>;
}

const ACCOUNT = { systemId: "yc", password: "s3cret", systemType: "YC" };
const smscs: FakeSmsc[] = [];
const gateways: SmppGateway[] = [];

async function startSmsc(): Promise<FakeSmsc> {
  let ids = 0;
  const server = smpp.createServer((session) => {
    session.on("error", () => {}); // resets when the gateway drops the connection
    session.on("bind_transceiver", (pdu) => {
      smsc.binds.push(pdu);
      const ok = pdu.system_id === ACCOUNT.systemId && pdu.password === ACCOUNT.password;
      session.send(pdu.response(ok ? { system_id: "FAKESMSC" } : { command_status: smpp.errors.ESME_RINVPASWD }));
    });
    session.on("submit_sm", (pdu) => {
      const s = { pdu, at: performance.now(), session };
      smsc.submits.push(s);
      smsc.onSubmit(s, smsc.submits.length);
    });
    session.on("enquire_link", (pdu) => {
      smsc.enquireLinks++;
      if (smsc.answerEnquireLink) session.send(pdu.response());
    });
    session.on("unbind", (pdu) => {
      smsc.unbinds++;
      session.send(pdu.response());
      session.close();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const smsc: FakeSmsc = {
    port: (server.address() as AddressInfo).port,
    binds: [],
    submits: [],
    enquireLinks: 0,
    unbinds: 0,
    answerEnquireLink: true,
    accept: (s) => s.session.send(s.pdu.response({ message_id: `m${++ids}` })),
    onSubmit: (s) => smsc.accept(s),
    sessions: () => [...server.sessions],
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of server.sessions.slice()) s.destroy();
        server.close(() => resolve());
      }),
  };
  smscs.push(smsc);
  return smsc;
}

async function connect(smsc: FakeSmsc, options: Partial<SmppGatewayOptions> = {}): Promise<SmppGateway> {
  const gateway = await SmppGateway.connect({
    host: "127.0.0.1",
    port: smsc.port,
    ...ACCOUNT,
    sourceAddr: "10690001",
    reconnectMs: [50],
    submitTimeoutMs: 2000,
    ...options,
  });
  gateways.push(gateway);
  return gateway;
}

/** Waits until `check` holds (polling), failing after `ms`. */
async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A deliver_sm from the fake SMSC; resolves with the gateway's deliver_sm_resp. */
function deliver(session: smpp.Session, fields: Record<string, unknown>): Promise<Pdu> {
  return new Promise((resolve) => session.deliver_sm({ source_addr: "13800000001", destination_addr: "10690001", ...fields }, resolve));
}

const ucs2 = (text: string) => Buffer.from(text, "utf16le").swap16();
const ascii = (text: string) => Buffer.from(text, "latin1");
const shortMessage = (pdu: Pdu) => pdu.short_message as { message: string; udh?: Buffer[] };

afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.close()));
  await Promise.all(smscs.splice(0).map((s) => s.close()));
});

describe("SmppGateway", () => {
  it("binds as a transceiver with the account, unbinds on close; a wrong password rejects connect", async () => {
    const smsc = await startSmsc();
    const gateway = await connect(smsc);
    expect(gateway.bound).toBe(true);
    expect(smsc.binds).toHaveLength(1);
    expect(smsc.binds[0]).toMatchObject({ command: "bind_transceiver", system_id: "yc", password: "s3cret", system_type: "YC", interface_version: 0x34 });

    await gateway.close();
    expect(smsc.unbinds).toBe(1);
    await expect(gateway.send({ to: "13800000001", text: "x", reference: "late" })).rejects.toBeInstanceOf(GatewayError);

    const refused = await SmppGateway.connect({ host: "127.0.0.1", port: smsc.port, ...ACCOUNT, password: "wrong", sourceAddr: "10690001", reconnectMs: [20] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GatewayError);
    expect(refused).toMatchObject({ retryable: false, code: 0x0e });
    // The first bind failing is reported, not retried behind the caller's back.
    await new Promise((r) => setTimeout(r, 100));
    expect(smsc.binds).toHaveLength(2);
  });

  it("keeps at most `window` submits awaiting their response: 50 sends at once", async () => {
    const smsc = await startSmsc();
    let outstanding = 0;
    let most = 0;
    smsc.onSubmit = (s) => {
      most = Math.max(most, ++outstanding);
      setTimeout(() => {
        outstanding--;
        smsc.accept(s);
      }, 50);
    };
    const gateway = await connect(smsc, { window: 10, ratePerSecond: 5000 });
    const sent = await Promise.all(Array.from({ length: 50 }, (_, i) => gateway.send({ to: `1380000${String(i).padStart(4, "0")}`, text: `notice ${i}`, reference: `r${i}` })));
    expect(smsc.submits).toHaveLength(50);
    expect(most).toBe(10);
    expect(new Set(sent.map((s) => s.messageIds[0])).size).toBe(50);
    expect(sent.every((s) => s.parts === 1)).toBe(true);
  });

  it("submits at most ratePerSecond per second: 40 at 20/s take ≥ 1.9 s at the SMSC", async () => {
    const smsc = await startSmsc();
    const gateway = await connect(smsc, { ratePerSecond: 20 });
    await Promise.all(Array.from({ length: 40 }, (_, i) => gateway.send({ to: "13800000001", text: `n${i}`, reference: `r${i}` })));
    const at = smsc.submits.map((s) => s.at);
    expect(at).toHaveLength(40);
    expect(at[39]! - at[0]!).toBeGreaterThanOrEqual(1900);
    // No second holds more than the rate (one allowed for network jitter).
    for (let i = 0; i < at.length; i++) expect(at.filter((t) => t >= at[i]! && t < at[i]! + 1000).length).toBeLessThanOrEqual(21);
  });

  it("waits and submits the same part again after ESME_RTHROTTLED, with a growing pause", async () => {
    const smsc = await startSmsc();
    smsc.onSubmit = (s, n) => (n <= 2 ? s.session.send(s.pdu.response({ command_status: smpp.errors.ESME_RTHROTTLED })) : smsc.accept(s));
    const gateway = await connect(smsc, { throttleBackoffMs: 100 });
    const sent = await gateway.send({ to: "13800000001", text: "hello", reference: "t1" });
    expect(sent).toEqual({ messageIds: ["m1"], parts: 1 });
    expect(smsc.submits).toHaveLength(3);
    expect(new Set(smsc.submits.map((s) => `${s.pdu.destination_addr}|${shortMessage(s.pdu).message}`)).size).toBe(1);
    const [a, b, c] = smsc.submits.map((s) => s.at) as [number, number, number];
    expect(b - a).toBeGreaterThanOrEqual(95); // 100 ms
    expect(c - b).toBeGreaterThanOrEqual(190); // then 200 ms
  });

  it("rejects other refusals: invalid number permanently, a full queue retryably; a refused part stops its message", async () => {
    const smsc = await startSmsc();
    smsc.onSubmit = (s, n) => {
      const to = s.pdu.destination_addr;
      if (to === "000") s.session.send(s.pdu.response({ command_status: smpp.errors.ESME_RINVDSTADR }));
      else if (to === "111") s.session.send(s.pdu.response({ command_status: smpp.errors.ESME_RMSGQFUL }));
      else if (to === "222" && n === 4) s.session.send(s.pdu.response({ command_status: smpp.errors.ESME_RSYSERR }));
      else smsc.accept(s);
    };
    const gateway = await connect(smsc, { window: 1 });
    await expect(gateway.send({ to: "000", text: "x", reference: "a" })).rejects.toMatchObject({ retryable: false, code: 0x0b });
    await expect(gateway.send({ to: "111", text: "x", reference: "b" })).rejects.toMatchObject({ retryable: true, code: 0x14, maybeAccepted: false });
    // Three parts; the second is refused: the third is never submitted.
    // The first part was accepted: sending the message again would repeat it (maybeAccepted).
    await expect(gateway.send({ to: "222", text: "长".repeat(150), reference: "c" })).rejects.toMatchObject({ retryable: true, code: 0x08, maybeAccepted: true });
    await new Promise((r) => setTimeout(r, 50));
    expect(smsc.submits.map((s) => s.pdu.destination_addr)).toEqual(["000", "111", "222", "222"]);
  });

  it("sends a 150-character Chinese text as 3 UCS-2 parts with one concatenation reference", async () => {
    const smsc = await startSmsc();
    const gateway = await connect(smsc);
    const text = Array.from({ length: 150 }, (_, i) => "嘉兴市农业农村局提醒您注意防范台风天气及时加固大棚"[i % 25]).join("");
    const sent = await gateway.send({ to: "+8613800000001", text, reference: "long" });
    expect(sent).toEqual({ messageIds: ["m1", "m2", "m3"], parts: 3 });

    const pdus = smsc.submits.map((s) => s.pdu);
    expect(pdus.map((p) => [p.data_coding, p.esm_class, p.registered_delivery, p.dest_addr_ton, p.destination_addr])).toEqual(Array(3).fill([8, 0x40, 1, 1, "8613800000001"]));
    const udhs = pdus.map((p) => [...(shortMessage(p).udh?.[0] ?? [])]);
    const ref = udhs[0]![2];
    expect(udhs).toEqual([
      [0x00, 0x03, ref, 3, 1],
      [0x00, 0x03, ref, 3, 2],
      [0x00, 0x03, ref, 3, 3],
    ]);
    const reassembled = pdus
      .map((p) => shortMessage(p))
      .sort((x, y) => x.udh![0]![4]! - y.udh![0]![4]!)
      .map((m) => m.message)
      .join("");
    expect(reassembled).toBe(text);
    expect(pdus.map((p) => shortMessage(p).message.length)).toEqual([67, 67, 16]);

    // The next long message takes another reference; a short ASCII one goes whole, data_coding 0.
    await gateway.send({ to: "13800000001", text: text.slice(0, 80), reference: "long2" });
    expect(shortMessage(smsc.submits[3]!.pdu).udh![0]![2]).toBe((ref! + 1) & 0xff);
    await gateway.send({ to: "13800000001", text: "Typhoon warning: secure greenhouses.", reference: "en" });
    expect(smsc.submits[5]!.pdu).toMatchObject({ data_coding: 0, esm_class: 0 });
    expect(shortMessage(smsc.submits[5]!.pdu).message).toBe("Typhoon warning: secure greenhouses.");
  });

  it("applies delivery receipts: DELIVRD → delivered, UNDELIV → failed, the receipted_message_id TLV first", async () => {
    const smsc = await startSmsc();
    const gateway = await connect(smsc);
    const receipts: DeliveryReceipt[] = [];
    gateway.onReceipt((r) => {
      receipts.push(r);
    });
    const [one, two] = await Promise.all([
      gateway.send({ to: "13800000001", text: "第一条", reference: "1" }),
      gateway.send({ to: "13800000002", text: "第二条", reference: "2" }),
    ]);
    const id1 = one!.messageIds[0]!;
    const id2 = two!.messageIds[0]!;
    const session = smsc.sessions()[0]!;

    const r1 = await deliver(session, {
      esm_class: 0x04,
      data_coding: 0,
      short_message: ascii(`id:${id1} sub:001 dlvrd:001 submit date:2611271030 done date:2611271031 stat:DELIVRD err:000 text:hello`),
    });
    // The text's id in another form (as some SMSCs write it); the TLV names the submit's id.
    const r2 = await deliver(session, {
      esm_class: 0x04,
      data_coding: 0,
      short_message: ascii("id:0000042 sub:001 dlvrd:000 submit date:2611271030 done date:2611271032 stat:UNDELIV err:001 text:"),
      receipted_message_id: id2,
      message_state: 5,
    });
    expect([r1.command_status, r2.command_status]).toEqual([0, 0]);
    expect(receipts).toEqual([
      { messageId: id1, state: "delivered", stat: "DELIVRD", errorCode: null, at: "2026-11-27T02:31:00.000Z" },
      { messageId: id2, state: "failed", stat: "UNDELIV", errorCode: "001", at: "2026-11-27T02:32:00.000Z" },
    ]);

    // An intermediate notice is answered and not reported; a handler that throws asks for redelivery.
    const r3 = await deliver(session, { esm_class: 0x04, short_message: ascii(`id:${id1} stat:ENROUTE err:000`) });
    expect(r3.command_status).toBe(0);
    expect(receipts).toHaveLength(2);
    gateway.onReceipt(() => {
      throw new Error("database down");
    });
    const r4 = await deliver(session, { esm_class: 0x04, data_coding: 0, short_message: ascii(`id:${id2} stat:EXPIRED err:000`) });
    expect(r4.command_status).toBe(smpp.errors.ESME_RX_T_APPN);
  });

  it("passes replies to the inbound handlers: R, UCS-2 退订, and ASCII the package would read as GSM", async () => {
    const smsc = await startSmsc();
    const gateway = await connect(smsc);
    const inbound: InboundSms[] = [];
    gateway.onInbound(async (m) => {
      inbound.push(m);
    });
    const session = smsc.sessions()[0]!;
    const answers = [
      await deliver(session, { source_addr: "13800000007", esm_class: 0, data_coding: 0, short_message: ascii("R") }),
      await deliver(session, { source_addr: "13800000008", esm_class: 0, data_coding: 8, short_message: ucs2("退订") }),
      await deliver(session, { source_addr: "13800000009", esm_class: 0, data_coding: 0, short_message: ascii("a@b_c$ {ok}") }),
    ];
    expect(answers.map((a) => [a.command, a.command_status])).toEqual(Array(3).fill(["deliver_sm_resp", 0]));
    expect(inbound.map((m) => [m.from, m.to, m.text])).toEqual([
      ["13800000007", "10690001", "R"],
      ["13800000008", "10690001", "退订"],
      ["13800000009", "10690001", "a@b_c$ {ok}"],
    ]);
    expect(inbound.map((m) => isOptOutReply(m.text))).toEqual([true, true, false]);
  });

  it("keeps the link alive with enquire_link and answers the SMSC's", async () => {
    const smsc = await startSmsc();
    const gateway = await connect(smsc, { enquireLinkSeconds: 0.2 });
    await until(() => smsc.enquireLinks >= 2, 2000);
    const resp = await new Promise<Pdu>((resolve) => smsc.sessions()[0]!.enquire_link({}, resolve));
    expect(resp).toMatchObject({ command: "enquire_link_resp", command_status: 0 });
    expect(gateway.bound).toBe(true);
  });

  it("drops a link whose enquire_link goes unanswered, and binds again", async () => {
    const smsc = await startSmsc();
    smsc.answerEnquireLink = false;
    await connect(smsc, { enquireLinkSeconds: 0.1, submitTimeoutMs: 200 });
    await until(() => smsc.binds.length >= 2, 3000);
  });

  it("reconnects after a drop: the unanswered submit rejects retryably, the queued one goes after the re-bind", async () => {
    const smsc = await startSmsc();
    smsc.onSubmit = (s) => {
      if (s.pdu.destination_addr !== "13800000009") smsc.accept(s); // …09 never gets an answer
    };
    const gateway = await connect(smsc, { window: 1, reconnectMs: [50] });
    const lost = gateway.send({ to: "13800000009", text: "lost in the drop", reference: "lost" });
    const waiting = gateway.send({ to: "13800000002", text: "waits for the window", reference: "waiting" });
    await until(() => smsc.submits.length === 1);
    smsc.sessions()[0]!.destroy();

    const error = await lost.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ retryable: true, maybeAccepted: true });
    expect((error as Error).message).toMatch(/may or may not/);

    await expect(waiting).resolves.toEqual({ messageIds: ["m1"], parts: 1 });
    expect(smsc.binds).toHaveLength(2);
    expect(gateway.bound).toBe(true);
    await expect(gateway.send({ to: "13800000003", text: "later", reference: "later" })).resolves.toEqual({ messageIds: ["m2"], parts: 1 });
    expect(smsc.submits.map((s) => s.pdu.destination_addr)).toEqual(["13800000009", "13800000002", "13800000003"]);
  });

  it("times out a submit left unanswered: it rejects as maybe accepted, its place in the window goes to the next", async () => {
    const smsc = await startSmsc();
    smsc.onSubmit = (s) => {
      if (s.pdu.destination_addr !== "13800000009") smsc.accept(s);
    };
    const gateway = await connect(smsc, { window: 1, submitTimeoutMs: 200 });
    const started = Date.now();
    const unanswered = gateway.send({ to: "13800000009", text: "no answer", reference: "silent" });
    const next = gateway.send({ to: "13800000002", text: "after it", reference: "next" });
    const error = await unanswered.catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ retryable: true, maybeAccepted: true });
    expect((error as Error).message).toMatch(/no submit_sm_resp within 200 ms/);
    await expect(next).resolves.toEqual({ messageIds: ["m1"], parts: 1 });
    // Answered submits are not timed out later.
    await new Promise((r) => setTimeout(r, 300));
    await expect(gateway.send({ to: "13800000003", text: "later", reference: "later" })).resolves.toEqual({ messageIds: ["m2"], parts: 1 });
    expect(gateway.bound).toBe(true);
  });

  it("awaits the sender's beforeSubmit before the first part is written; a hook that throws stops the message unsent", async () => {
    const smsc = await startSmsc();
    const gateway = await connect(smsc, { window: 2 });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const order: string[] = [];
    const first = gateway.send({ to: "13800000001", text: "长".repeat(100), reference: "held", beforeSubmit: async () => { order.push("hook"); await held; order.push("hook done"); } });
    // The hook holds a place in the window: with window 2, one more message goes meanwhile.
    const other = gateway.send({ to: "13800000002", text: "meanwhile", reference: "other" });
    await other;
    await new Promise((r) => setTimeout(r, 30));
    expect(smsc.submits.map((s) => s.pdu.destination_addr)).toEqual(["13800000002"]);
    release();
    await expect(first).resolves.toMatchObject({ parts: 2 });
    expect(order).toEqual(["hook", "hook done"]);
    expect(smsc.submits.map((s) => s.pdu.destination_addr)).toEqual(["13800000002", "13800000001", "13800000001"]);
    const refused = new Error("cancelled meanwhile");
    await expect(gateway.send({ to: "13800000003", text: "never", reference: "stop", beforeSubmit: async () => { throw refused; } })).rejects.toBe(refused);
    await gateway.send({ to: "13800000004", text: "after", reference: "after" });
    expect(smsc.submits.map((s) => s.pdu.destination_addr)).not.toContain("13800000003");
  });
});

describe("LogGateway", () => {
  it("answers log-<reference> per part without sending anything", async () => {
    const logged: object[] = [];
    const log = { debug() {}, info: (o: object) => void logged.push(o), warn() {}, error() {} };
    const gateway = new LogGateway(log);
    expect(await gateway.send({ to: "13800000001", text: "短", reference: "k1" })).toEqual({ messageIds: ["log-k1"], parts: 1 });
    expect(await gateway.send({ to: "13800000001", text: "长".repeat(150), reference: "k2" })).toEqual({ messageIds: ["log-k2", "log-k2-2", "log-k2-3"], parts: 3 });
    expect(logged).toHaveLength(2);
    await gateway.close();
    await expect(gateway.send({ to: "1", text: "x", reference: "k3" })).rejects.toBeInstanceOf(GatewayError);
  });
});
