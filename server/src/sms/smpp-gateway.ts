import { randomInt } from "node:crypto";
import { segmentSms } from "@yichuang/core";
import iconv from "iconv-lite";
import smpp from "smpp";
import {
  type DeliveryReceipt,
  GatewayError,
  type GatewayLogger,
  type InboundSms,
  type OutgoingSms,
  type SentSms,
  type SmsGateway,
} from "./gateway.js";
import { elapsedMs, nowIso } from "../platform/clock.js";

/**
 * SMPP 3.4 transceiver gateway: one bound connection to the carrier's SMSC that submits our
 * messages and receives delivery receipts and replies.
 *
 * Sending: each message is split by core `segmentSms` (70 UTF-16 units, or parts of 67 with a
 * 6-byte concatenation header 05 00 03 ref total seq and esm_class 0x40); plain ASCII goes as
 * data_coding 0, anything else as UCS-2 (data_coding 8). Parts queue in order and leave under two
 * limits: at most `window` submit_sm awaiting their submit_sm_resp, and at most `ratePerSecond`
 * submit_sm per second (evenly spaced, so no second ever holds more). ESME_RTHROTTLED pauses all
 * sending for a backoff that doubles while the SMSC keeps throttling, then the same part goes
 * again. `send` resolves when every part is accepted, with the SMSC's id of each.
 *
 * Failures: a refused part rejects its message with a GatewayError (retryable for temporary
 * statuses) and its parts not yet submitted are dropped. A submit that got no response — the
 * connection dropped, or `submitTimeoutMs` passed — rejects with a retryable GatewayError:
 * SMPP cannot tell whether such a submit reached the SMSC, so the outbox's retry may deliver that
 * message twice; a message is never reported sent twice. Parts of a multi-part message already
 * accepted when a later part fails have gone out and are sent again by a retry. Parts still
 * queued when the connection drops wait and go after the re-bind (`send` waits through
 * reconnections; a caller that must bound the wait does so itself).
 *
 * Link: bind_transceiver; enquire_link every `enquireLinkSeconds` (no answer within
 * `submitTimeoutMs` drops the connection), the SMSC's enquire_link answered; after a drop or a
 * failed bind, reconnects after `reconnectMs[attempt]` (the last delay repeats).
 *
 * Receiving: every deliver_sm is answered after the handlers have run — OK, or ESME_RX_T_APPN
 * when a handler threw, so an SMSC that retries delivers it again. A delivery receipt (esm_class
 * 0x04) reaches the receipt handlers when final; anything else is an inbound message.
 */

/** How to reach and use the SMSC. */
export interface SmppGatewayOptions {
  host: string;
  port: number;
  /** Account (bind_transceiver system_id). */
  systemId: string;
  password: string;
  /** bind_transceiver system_type, when the SMSC wants one. */
  systemType?: string;
  /** Our sender number (source_addr of every submit). */
  sourceAddr: string;
  /** source_addr_ton / _npi; default 0 / 0 (unknown), 5 / 0 for an alphanumeric sender. */
  sourceAddrTon?: number;
  sourceAddrNpi?: number;
  /** submit_sm awaiting their submit_sm_resp at most. Default 10. */
  window?: number;
  /** submit_sm per second at most, each part counting. Default 50. */
  ratePerSecond?: number;
  /** Seconds between our enquire_link. Default 30. */
  enquireLinkSeconds?: number;
  /** Waits before each reconnection attempt; the last repeats. Default [500, 1000, 2000, 5000]. */
  reconnectMs?: number[];
  /** First wait after ESME_RTHROTTLED; doubles while throttling continues. Default 1000. */
  throttleBackoffMs?: number;
  /** Longest wait after ESME_RTHROTTLED. Default 30000. */
  throttleBackoffMaxMs?: number;
  /** How long a submit_sm, bind or enquire_link may wait for its response. Default 10000. */
  submitTimeoutMs?: number;
  /** The SMSC's clock (receipts' done date), minutes east of UTC. Default 480 (China). */
  smscUtcOffsetMinutes?: number;
  logger?: GatewayLogger;
}

/** The options with every default filled in. */
type ResolvedOptions = SmppGatewayOptions & Required<Pick<SmppGatewayOptions, "window" | "ratePerSecond" | "enquireLinkSeconds" | "reconnectMs" | "throttleBackoffMs" | "throttleBackoffMaxMs" | "submitTimeoutMs" | "smscUtcOffsetMinutes">>;

/** A message being sent. */
interface Message {
  reference: string;
  ids: string[];
  remaining: number;
  /** Parts the SMSC accepted so far: once one is, sending the message again would repeat it. */
  accepted: number;
  settled: boolean;
  /** The sender's hook, awaited before the first submit_sm is written (then cleared). */
  beforeSubmit: (() => Promise<void>) | undefined;
  resolve: (s: SentSms) => void;
  reject: (e: Error) => void;
}

/** One part (one submit_sm) of a message. */
interface Part {
  message: Message;
  index: number;
  /** Position in the send order, kept when a throttled part goes back in the queue. */
  order: number;
  fields: Record<string, unknown>;
  submits: number;
}

interface InFlight {
  part: Part;
  sentAt: number;
}

const E = smpp.errors;
const STATUS_NAMES = new Map(Object.entries(E).map(([name, code]) => [code, name]));
const ESME_ROK = 0x00;
const ESME_RTHROTTLED = 0x58;
const ESME_RX_T_APPN = 0x64;
const ESME_RINVCMDID = 0x03;

/** command_status values worth sending the same message again for (the rest are permanent). */
const TEMPORARY_STATUSES = new Set([
  0x04, // ESME_RINVBNDSTS: the session was not bound, as happens around a reconnect
  0x08, // ESME_RSYSERR
  0x14, // ESME_RMSGQFUL
  0x45, // ESME_RSUBMITFAIL
  0x58, // ESME_RTHROTTLED
  0x64, // ESME_RX_T_APPN
  0xfe, // ESME_RDELIVERYFAILURE
  0xff, // ESME_RUNKNOWNERR
]);

/** Bind statuses that mean the account is wrong, not the moment. */
const BIND_CONFIG_STATUSES = new Set([0x0e, 0x0f, 0x53]); // ESME_RINVPASWD, ESME_RINVSYSID, ESME_RINVSYSTYP

/** A status as SMPP names it, e.g. "ESME_RINVDSTADR (0x0000000B)". */
export function smppStatusName(code: number): string {
  return `${STATUS_NAMES.get(code) ?? "status"} (0x${code.toString(16).toUpperCase().padStart(8, "0")})`;
}

/** True when a submit refused with this status may succeed later. */
export function isTemporarySmppStatus(code: number): boolean {
  return TEMPORARY_STATUSES.has(code);
}

const FINAL_STATS: Record<string, DeliveryReceipt["state"]> = {
  DELIVRD: "delivered",
  UNDELIV: "failed",
  EXPIRED: "failed",
  REJECTD: "failed",
  DELETED: "failed",
  UNKNOWN: "failed",
  SKIPPED: "failed",
};
/** message_state TLV → the receipt text's stat word. */
const MESSAGE_STATES = ["SCHEDLD", "ENROUTE", "DELIVRD", "EXPIRED", "DELETED", "UNDELIV", "ACCEPTD", "UNKNOWN", "REJECTD", "SKIPPED"];

/** The fields of a receipt's text ("id:… sub:… dlvrd:… submit date:… done date:… stat:… err:… text:…"). */
export function parseReceiptText(text: string): { id?: string; stat?: string; err?: string; doneDate?: string } {
  const field = (re: RegExp) => re.exec(text)?.[1];
  return {
    id: field(/(?:^|\s)id:\s*(\S+)/i),
    stat: field(/(?:^|\s)stat:\s*([A-Za-z]+)/i)?.toUpperCase(),
    err: field(/(?:^|\s)err:\s*([0-9A-Za-z]+)/i),
    doneDate: field(/done date:\s*(\d{10,12})\b/i),
  };
}

/** A receipt's YYMMDDhhmm[ss] in the SMSC's time as ISO-8601 UTC; null when it is no date. */
export function receiptDateIso(value: string, utcOffsetMinutes: number): string | null {
  const m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?$/.exec(value);
  if (!m) return null;
  const [yy, mo, dd, hh, mi, ss] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || dd < 1 || dd > 31 || hh > 23 || mi > 59 || ss > 59) return null;
  return new Date(Date.UTC(2000 + yy, mo - 1, dd, hh, mi, ss) - utcOffsetMinutes * 60_000).toISOString();
}

/**
 * The text of a deliver_sm. The `smpp` package has already decoded short_message (or
 * message_payload) into `{ message, udh? }`: UCS-2 and Latin-1 correctly, but data_coding 0 and 1
 * as GSM 03.38 (unpacked), which turns ASCII @ $ _ into ¡ ¤ §. Chinese SMSCs send ASCII there
 * (and SMPP defines 1 as IA5/ASCII), so those bytes are recovered with the package's own GSM
 * encoder, an exact inverse for 7-bit bytes, and read as ASCII. Codings it does not know stay
 * bytes: 15 (GB 2312/GBK in China) is read as GB 18030, anything else as Latin-1.
 */
function deliveredText(pdu: smpp.PDU): string {
  const coding = Number(pdu.data_coding ?? 0) & 0x0f;
  const body = (pdu.message_payload ?? pdu.short_message) as { message?: unknown } | Buffer | string | undefined;
  const message = Buffer.isBuffer(body) || typeof body === "string" ? body : body?.message;
  if (typeof message === "string") return coding <= 1 ? smpp.gsmCoder.encode(message, 0).toString("latin1") : message;
  if (Buffer.isBuffer(message)) return coding === 0x0f ? iconv.decode(message, "gb18030") : message.toString("latin1");
  return "";
}

/** A submit's bytes and data_coding: ASCII as is (0), anything else UCS-2 big-endian (8). */
function encodePart(text: string, ascii: boolean): Buffer {
  return ascii ? Buffer.from(text, "latin1") : Buffer.from(text, "utf16le").swap16();
}

/** See the module comment. Create with `SmppGateway.connect(options)`. */
export class SmppGateway implements SmsGateway {
  readonly name = "smpp" as const;
  readonly #o: ResolvedOptions;
  readonly #log: GatewayLogger | undefined;
  readonly #interval: number;

  #session: smpp.Session | undefined;
  #bound = false;
  #started = false;
  #closing = false;
  #closed: Promise<void> | undefined;

  readonly #queue: Part[] = [];
  readonly #inFlight = new Map<number, InFlight>();
  /** Messages whose beforeSubmit hook is running: they hold a place in the window. */
  #preparing = 0;
  #order = 0;
  #concatRef = randomInt(256);
  #nextSlotAt = 0;
  #pausedUntil = 0;
  #pauseStartedAt = 0;
  #throttleStreak = 0;

  #pumpTimer: NodeJS.Timeout | undefined;
  /** One timer for the oldest submit in flight (a timer per submit cost more than the rest of a send). */
  #expiryTimer: NodeJS.Timeout | undefined;
  #enquireTimer: NodeJS.Timeout | undefined;
  #enquireDeadline: NodeJS.Timeout | undefined;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #reconnectAttempt = 0;
  #drained: (() => void)[] = [];

  readonly #receiptHandlers: ((r: DeliveryReceipt) => void | Promise<void>)[] = [];
  readonly #inboundHandlers: ((m: InboundSms) => void | Promise<void>)[] = [];

  private constructor(options: SmppGatewayOptions) {
    // `??`, not a spread: an option present but undefined (from a config object) takes the default.
    this.#o = {
      ...options,
      window: options.window ?? 10,
      ratePerSecond: options.ratePerSecond ?? 50,
      enquireLinkSeconds: options.enquireLinkSeconds ?? 30,
      reconnectMs: options.reconnectMs ?? [500, 1000, 2000, 5000],
      throttleBackoffMs: options.throttleBackoffMs ?? 1000,
      throttleBackoffMaxMs: options.throttleBackoffMaxMs ?? 30_000,
      submitTimeoutMs: options.submitTimeoutMs ?? 10_000,
      smscUtcOffsetMinutes: options.smscUtcOffsetMinutes ?? 480,
    };
    if (!(this.#o.window >= 1) || !(this.#o.ratePerSecond > 0) || !this.#o.reconnectMs.length) throw new Error("SMPP gateway: window ≥ 1, ratePerSecond > 0 and at least one reconnect delay are required");
    this.#log = options.logger;
    this.#interval = 1000 / this.#o.ratePerSecond;
  }

  /**
   * Connects and binds as a transceiver. Rejects with a GatewayError when this first attempt
   * fails (wrong account, SMSC unreachable); once bound, the gateway reconnects by itself.
   */
  static async connect(options: SmppGatewayOptions): Promise<SmppGateway> {
    const gateway = new SmppGateway(options);
    try {
      await gateway.#connect();
    } catch (e) {
      gateway.#closing = true;
      throw e;
    }
    gateway.#started = true;
    return gateway;
  }

  /** True while bound to the SMSC. */
  get bound(): boolean {
    return this.#bound;
  }

  /** Submits every part of the message; resolves when the SMSC has accepted them all. */
  send(msg: OutgoingSms): Promise<SentSms> {
    if (this.#closing) return Promise.reject(new GatewayError("SMPP gateway closed", true));
    const texts = segmentSms(msg.text);
    const ascii = /^[\x20-\x7e\r\n]*$/.test(msg.text);
    const to = msg.to.replace(/^\+/, "");
    const multi = texts.length > 1;
    const ref = multi ? (this.#concatRef = (this.#concatRef + 1) & 0xff) : 0;
    return new Promise<SentSms>((resolve, reject) => {
      const message: Message = { reference: msg.reference, ids: [], remaining: texts.length, accepted: 0, settled: false, beforeSubmit: msg.beforeSubmit, resolve, reject };
      texts.forEach((text, index) => {
        const body = encodePart(text, ascii);
        this.#queue.push({
          message,
          index,
          order: this.#order++,
          submits: 0,
          fields: {
            source_addr_ton: this.#o.sourceAddrTon ?? (/[^0-9]/.test(this.#o.sourceAddr) ? 5 : 0),
            source_addr_npi: this.#o.sourceAddrNpi ?? 0,
            source_addr: this.#o.sourceAddr,
            dest_addr_ton: msg.to.startsWith("+") ? 1 : 0,
            dest_addr_npi: 1,
            destination_addr: to,
            esm_class: multi ? 0x40 : 0,
            registered_delivery: 0x01, // a receipt for every part, delivered or not
            data_coding: ascii ? 0 : 8,
            // The package passes a Buffer through untouched (and then sets no UDHI itself).
            short_message: multi ? Buffer.concat([Buffer.from([0x05, 0x00, 0x03, ref, texts.length, index + 1]), body]) : body,
          },
        });
      });
      this.#pump();
    });
  }

  /** Adds a handler for final delivery receipts. */
  onReceipt(handler: (r: DeliveryReceipt) => void | Promise<void>): void {
    this.#receiptHandlers.push(handler);
  }

  /** Adds a handler for messages sent to us. */
  onInbound(handler: (m: InboundSms) => void | Promise<void>): void {
    this.#inboundHandlers.push(handler);
  }

  /**
   * Stops: parts not yet submitted reject (retryable), submits in flight get up to
   * `submitTimeoutMs` to be answered, then unbind and disconnect. Timers stop.
   */
  close(): Promise<void> {
    this.#closed ??= this.#close();
    return this.#closed;
  }

  async #close(): Promise<void> {
    this.#closing = true;
    clearTimeout(this.#reconnectTimer);
    clearTimeout(this.#pumpTimer);
    this.#pumpTimer = undefined;
    for (const part of this.#queue.splice(0)) this.#fail(part.message, new GatewayError("SMPP gateway closed before the message was submitted", true));
    if (this.#inFlight.size || this.#preparing) await new Promise<void>((resolve) => this.#drained.push(resolve));
    this.#stopExpiry();
    this.#stopEnquireLink();
    const session = this.#session;
    if (!session) return;
    const wasBound = this.#bound;
    if (wasBound) {
      this.#bound = false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(this.#o.submitTimeoutMs, 2000));
        const sent = session.unbind({}, () => {
          clearTimeout(timer);
          resolve();
        });
        if (!sent) resolve();
      });
    }
    await new Promise<void>((resolve) => {
      if (session.socket.destroyed) return resolve();
      const timer = setTimeout(() => session.destroy(), 1000);
      session.socket.once("close", () => {
        clearTimeout(timer);
        resolve();
      });
      // After an unbind, end politely; a connection still connecting or binding just goes.
      if (wasBound) session.close();
      else session.destroy();
    });
  }

  /** Opens a connection and binds; resolves when bound. Every failure ends in the session's close. */
  #connect(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const session = smpp.connect({ host: this.#o.host, port: this.#o.port });
      this.#session = session;
      let settled = false;
      const fail = (error: GatewayError) => {
        clearTimeout(bindTimer);
        if (settled) return;
        settled = true;
        reject(error);
      };
      const bindTimer = setTimeout(() => {
        fail(new GatewayError(`SMPP bind to ${this.#o.host}:${this.#o.port}: no answer within ${this.#o.submitTimeoutMs} ms`, true));
        session.destroy();
      }, this.#o.submitTimeoutMs);

      // Without a listener an "error" would crash the process. The package also stops reading
      // after a malformed PDU, so any error ends the connection (and a reconnect follows).
      session.on("error", (error) => {
        this.#log?.warn({ err: error, host: this.#o.host, port: this.#o.port }, "SMPP connection error");
        fail(new GatewayError(`SMPP connection to ${this.#o.host}:${this.#o.port}: ${error.message}`, true));
        session.destroy();
      });
      session.on("close", () => {
        fail(new GatewayError(`SMPP connection to ${this.#o.host}:${this.#o.port} closed before bind`, true));
        this.#onClose(session);
      });
      session.on("connect", () => {
        session.socket.setNoDelay(true);
        session.bind_transceiver(
          // The package defaults interface_version to 0x50 (SMPP 5.0); we speak 3.4.
          { system_id: this.#o.systemId, password: this.#o.password, system_type: this.#o.systemType ?? "", interface_version: 0x34 },
          (resp) => {
            clearTimeout(bindTimer);
            if (settled) return;
            if (this.#closing && this.#started) {
              fail(new GatewayError("SMPP gateway closed", true));
              session.destroy();
              return;
            }
            if (resp.command_status !== ESME_ROK) {
              const status = resp.command_status;
              fail(new GatewayError(`SMPP bind_transceiver refused: ${smppStatusName(status)}`, !BIND_CONFIG_STATUSES.has(status), status));
              session.destroy();
              return;
            }
            settled = true;
            this.#onBound(session);
            resolve();
          },
        );
      });
      session.on("enquire_link", (pdu) => session.send(pdu.response()));
      session.on("unbind", (pdu) => {
        this.#bound = false;
        session.send(pdu.response());
        session.close();
      });
      session.on("deliver_sm", (pdu) => void this.#onDeliver(session, pdu));
      session.on("pdu", (pdu) => {
        // Requests we do not serve (data_sm, alert_notification …) are answered, never left hanging.
        if (!pdu.isResponse() && !["enquire_link", "unbind", "deliver_sm", "alert_notification"].includes(pdu.command)) {
          session.send(pdu.response({ command_status: ESME_RINVCMDID }));
        }
      });
    });
  }

  #onBound(session: smpp.Session): void {
    this.#bound = true;
    this.#reconnectAttempt = 0;
    this.#log?.info({ host: this.#o.host, port: this.#o.port, systemId: this.#o.systemId }, "SMPP bound (transceiver)");
    this.#enquireTimer = setInterval(() => this.#enquireLink(session), this.#o.enquireLinkSeconds * 1000);
    this.#pump();
  }

  /** Keep-alive; a link that stays silent is dropped so a reconnect can follow. */
  #enquireLink(session: smpp.Session): void {
    if (this.#enquireDeadline) return;
    this.#enquireDeadline = setTimeout(() => {
      this.#enquireDeadline = undefined;
      this.#log?.warn({ host: this.#o.host }, "SMPP enquire_link unanswered; dropping the connection");
      session.destroy();
    }, this.#o.submitTimeoutMs);
    session.enquire_link({}, () => {
      clearTimeout(this.#enquireDeadline);
      this.#enquireDeadline = undefined;
    });
  }

  #stopEnquireLink(): void {
    clearInterval(this.#enquireTimer);
    clearTimeout(this.#enquireDeadline);
    this.#enquireTimer = this.#enquireDeadline = undefined;
  }

  /** The connection ended: submits in flight are lost to us; reconnect unless closing. */
  #onClose(session: smpp.Session): void {
    if (session !== this.#session) return;
    const wasBound = this.#bound;
    this.#session = undefined;
    this.#bound = false;
    this.#stopEnquireLink();
    this.#stopExpiry();
    for (const [seq, f] of this.#inFlight) {
      this.#inFlight.delete(seq);
      this.#fail(
        f.part.message,
        new GatewayError("SMPP connection dropped before submit_sm_resp: the SMSC may or may not have accepted the message", true, undefined, true),
      );
    }
    this.#checkDrained();
    if (wasBound) this.#log?.warn({ host: this.#o.host, queued: this.#queue.length }, "SMPP connection lost");
    if (this.#closing || !this.#started) return;
    const delays = this.#o.reconnectMs;
    const delay = delays[Math.min(this.#reconnectAttempt++, delays.length - 1)] ?? 1000;
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (this.#closing) return;
      this.#connect().catch((error: GatewayError) => this.#log?.warn({ err: error, attempt: this.#reconnectAttempt }, "SMPP reconnect failed"));
    }, delay);
  }

  /** Submits queued parts while the window, the rate and any throttling pause allow. */
  #pump(): void {
    if (this.#pumpTimer) return;
    while (this.#bound && this.#queue.length && this.#inFlight.size + this.#preparing < this.#o.window) {
      const now = elapsedMs();
      // Slots are spaced 1/rate apart on a millisecond clock: a slot due within the current
      // millisecond goes now (a timer cannot wait less than 1 ms: at high rates waiting would cap
      // sending near 1,000/s), so the rate is kept over any span of a few milliseconds.
      const wait = Math.max(this.#pausedUntil - now, this.#nextSlotAt - now - 1);
      if (wait > 0) {
        this.#pumpTimer = setTimeout(() => {
          this.#pumpTimer = undefined;
          this.#pump();
        }, wait);
        return;
      }
      const part = this.#queue.shift() as Part;
      if (part.message.settled) continue; // parts of a failed message are skipped
      const hook = part.message.beforeSubmit;
      if (hook) {
        // The sender records that the message is about to leave (and may still refuse it): the
        // part waits in its place in the window until the hook has finished.
        // Its other parts wait with it.
        part.message.beforeSubmit = undefined;
        const parts = [part];
        for (let i = this.#queue.length - 1; i >= 0; i--) if (this.#queue[i]!.message === part.message) parts.push(...this.#queue.splice(i, 1));
        this.#preparing++;
        hook().then(
          () => {
            this.#preparing--;
            if (this.#closing) {
              this.#fail(part.message, new GatewayError("SMPP gateway closed before the message was submitted", true));
              this.#checkDrained();
              return;
            }
            for (const p of parts) this.#requeue(p);
            this.#pump();
          },
          (err: unknown) => {
            this.#preparing--;
            this.#fail(part.message, err instanceof Error ? err : new Error(String(err)));
            this.#checkDrained();
            this.#pump();
          },
        );
        continue;
      }
      this.#submit(part, now);
    }
  }

  #submit(part: Part, now: number): void {
    const session = this.#session as smpp.Session;
    const pdu = new smpp.PDU("submit_sm", part.fields);
    const written = session.send(pdu, (resp) => this.#onSubmitResp(pdu.sequence_number, entry, resp));
    if (!written) {
      // The socket is going away; its close event reconnects, and the part waits for that.
      this.#requeue(part);
      this.#bound = false;
      return;
    }
    this.#nextSlotAt = Math.max(this.#nextSlotAt, now) + this.#interval;
    part.submits++;
    const entry: InFlight = { part, sentAt: now };
    this.#inFlight.set(pdu.sequence_number, entry);
    if (!this.#expiryTimer) this.#armExpiry();
  }

  #stopExpiry(): void {
    clearTimeout(this.#expiryTimer);
    this.#expiryTimer = undefined;
  }

  /** Times out the submits in flight longer than `submitTimeoutMs`, oldest first (the map keeps the order they were sent in). */
  #armExpiry(): void {
    const oldest = this.#inFlight.values().next().value;
    if (!oldest) return;
    this.#expiryTimer = setTimeout(() => {
      this.#expiryTimer = undefined;
      const now = elapsedMs();
      let expired = false;
      for (const [seq, f] of this.#inFlight) {
        if (f.sentAt + this.#o.submitTimeoutMs > now) break;
        this.#inFlight.delete(seq);
        expired = true;
        this.#fail(
          f.part.message,
          new GatewayError(`no submit_sm_resp within ${this.#o.submitTimeoutMs} ms: the SMSC may or may not have accepted the message`, true, undefined, true),
        );
      }
      this.#armExpiry();
      if (expired) {
        this.#checkDrained();
        this.#pump();
      }
    }, Math.max(0, oldest.sentAt + this.#o.submitTimeoutMs - elapsedMs()));
  }

  #onSubmitResp(seq: number, entry: InFlight, resp: smpp.PDU): void {
    if (this.#inFlight.get(seq) !== entry) return; // timed out already
    this.#inFlight.delete(seq);
    const { part } = entry;
    const status = resp.command_status;
    if (status === ESME_ROK) {
      this.#throttleStreak = 0;
      this.#accept(part, String(resp.message_id ?? ""));
    } else if (status === ESME_RTHROTTLED && !this.#closing) {
      // Several submits in flight are often throttled together: only one sent after the
      // current pause began makes the pause longer.
      if (entry.sentAt >= this.#pauseStartedAt) {
        const backoff = Math.min(this.#o.throttleBackoffMs * 2 ** this.#throttleStreak, this.#o.throttleBackoffMaxMs);
        this.#throttleStreak++;
        this.#pauseStartedAt = elapsedMs();
        this.#pausedUntil = this.#pauseStartedAt + backoff;
        this.#log?.warn({ reference: part.message.reference, part: part.index + 1, submits: part.submits, backoffMs: backoff }, "SMPP throttled; pausing submits");
      }
      this.#requeue(part);
    } else {
      this.#fail(part.message, new GatewayError(`SMSC refused submit_sm: ${smppStatusName(status)}`, isTemporarySmppStatus(status), status));
    }
    this.#checkDrained();
    this.#pump();
  }

  #accept(part: Part, messageId: string): void {
    const m = part.message;
    if (m.settled) return;
    m.ids[part.index] = messageId;
    m.accepted++;
    if (--m.remaining === 0) {
      m.settled = true;
      m.resolve({ messageIds: m.ids, parts: m.ids.length });
    }
  }

  /**
   * Rejects the message once; its parts still queued are skipped when their turn comes. When a
   * part was accepted already, the error says so (maybeAccepted): sending it again would repeat it.
   */
  #fail(m: Message, error: Error): void {
    if (m.settled) return;
    m.settled = true;
    const e = error instanceof GatewayError && m.accepted > 0 && !error.maybeAccepted ? new GatewayError(`${error.message} (after ${m.accepted} part(s) were accepted)`, error.retryable, error.code, true) : error;
    this.#log?.warn({ reference: m.reference, err: e, retryable: e instanceof GatewayError ? e.retryable : false, code: e instanceof GatewayError ? e.code : undefined }, "SMS not accepted");
    m.reject(e);
  }

  /** Puts a part back in its place in the send order. */
  #requeue(part: Part): void {
    if (part.message.settled) return;
    const at = this.#queue.findIndex((p) => p.order > part.order);
    this.#queue.splice(at === -1 ? this.#queue.length : at, 0, part);
  }

  #checkDrained(): void {
    if (this.#inFlight.size || this.#preparing) return;
    for (const resolve of this.#drained.splice(0)) resolve();
  }

  /** Answers every deliver_sm after its handlers ran: OK, or ESME_RX_T_APPN when one threw. */
  async #onDeliver(session: smpp.Session, pdu: smpp.PDU): Promise<void> {
    let status = ESME_ROK;
    try {
      const esmClass = Number(pdu.esm_class ?? 0);
      const type = esmClass & 0x3c;
      if (type === 0x04) {
        const receipt = this.#receipt(pdu);
        if (receipt) for (const handler of this.#receiptHandlers) await handler(receipt);
      } else if (type === 0) {
        const inbound: InboundSms = {
          from: String(pdu.source_addr ?? ""),
          to: String(pdu.destination_addr ?? ""),
          text: deliveredText(pdu),
          at: nowIso(),
        };
        for (const handler of this.#inboundHandlers) await handler(inbound);
      }
      // Other types (SME acknowledgements, intermediate notifications) carry nothing we keep.
    } catch (error) {
      status = ESME_RX_T_APPN;
      this.#log?.error({ err: error, sequence: pdu.sequence_number }, "SMPP deliver_sm handler failed; answered ESME_RX_T_APPN");
    }
    session.send(pdu.response({ command_status: status }));
  }

  /** The receipt a deliver_sm carries; null for an intermediate one or one naming no message. */
  #receipt(pdu: smpp.PDU): DeliveryReceipt | null {
    const text = parseReceiptText(deliveredText(pdu));
    const messageId = typeof pdu.receipted_message_id === "string" && pdu.receipted_message_id ? pdu.receipted_message_id : text.id;
    const stat = (typeof pdu.message_state === "number" ? MESSAGE_STATES[pdu.message_state] : undefined) ?? text.stat;
    const state = stat ? FINAL_STATS[stat] : undefined;
    if (!messageId || !stat || !state) {
      if (!messageId || !stat) this.#log?.warn({ messageId, stat }, "SMPP receipt without a message id or state; ignored");
      return null;
    }
    const network = Buffer.isBuffer(pdu.network_error_code) ? pdu.network_error_code.toString("hex") : undefined;
    const errorCode = text.err ?? network ?? null;
    const at = (text.doneDate && receiptDateIso(text.doneDate, this.#o.smscUtcOffsetMinutes)) || nowIso();
    return { messageId, state, stat, errorCode: errorCode && /^0+$/.test(errorCode) ? null : errorCode, at };
  }
}
