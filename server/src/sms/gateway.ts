import { segmentSms } from "@yichuang/core";

/**
 * The seam between the broadcast outbox and whatever carries text messages. Every gateway takes
 * one message at a time and answers when the carrier has accepted it; what happens to it then
 * arrives later as a delivery receipt. Replies from phones arrive as inbound messages. The
 * database side (outbox rows, message ids, receipts, opt-outs) belongs to the caller.
 */

/** One message to send. */
export interface OutgoingSms {
  /** The recipient's number as the carrier expects it (a leading + marks an international number). */
  to: string;
  /** The whole text; the gateway splits it into parts (core `segmentSms`). */
  text: string;
  /** Our idempotency key, unique per message (the outbox row's key). */
  reference: string;
  /**
   * Awaited just before the message's first part is written to the carrier (not while it waits
   * for a place in the window or a connection). The outbox records there that the message is
   * leaving, so a crash afterwards never sends it again; a hook that throws stops the message
   * (send rejects with that error) before anything was written.
   */
  beforeSubmit?: () => Promise<void>;
}

/** What the carrier accepted. */
export interface SentSms {
  /** The carrier's id of every part, in part order; receipts name these. */
  messageIds: string[];
  /** Parts sent (each billed and rate-limited as one message). */
  parts: number;
}

/** The final fate of one part, reported by the carrier. */
export interface DeliveryReceipt {
  /** The carrier's id of the part, as returned when it was accepted. */
  messageId: string;
  state: "delivered" | "failed";
  /** The carrier's word for it: DELIVRD, UNDELIV, EXPIRED, REJECTD, DELETED, UNKNOWN. */
  stat: string;
  /** The carrier's error code; null when none was given or it is all zeros. */
  errorCode: string | null;
  /** When it happened (ISO-8601 UTC): the receipt's done date, else when the receipt arrived. */
  at: string;
}

/** A message sent to us (a reply such as "R" or "退订"). */
export interface InboundSms {
  from: string;
  to: string;
  text: string;
  /** When it arrived (ISO-8601 UTC). */
  at: string;
}

/**
 * A message the gateway could not get accepted. `retryable` tells the outbox whether sending the
 * same message again later may succeed (a full queue, a dropped connection) or never will (an
 * invalid number). `code` is the carrier's status (SMPP command_status) when it gave one.
 * `maybeAccepted`: the carrier may have taken it (or some of its parts) all the same (no answer
 * to a submit that was written, a part refused after another was accepted): sending it again
 * could repeat it.
 */
export class GatewayError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly code?: number,
    readonly maybeAccepted = false,
  ) {
    super(message);
    this.name = "GatewayError";
  }
}

/** Where gateways write what they do; a Fastify/pino logger fits. */
export interface GatewayLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What every gateway does. */
export interface SmsGateway {
  readonly name: "log" | "smpp";
  /** Resolves when every part has been accepted by the carrier; rejects with a GatewayError. */
  send(msg: OutgoingSms): Promise<SentSms>;
  /** Called for each final delivery receipt; a handler that throws asks the carrier to send it again where it can. */
  onReceipt(handler: (r: DeliveryReceipt) => void | Promise<void>): void;
  /** Called for each message sent to us. */
  onInbound(handler: (m: InboundSms) => void | Promise<void>): void;
  /** Stops sending, lets what is in flight finish, disconnects. */
  close(): Promise<void>;
}

/**
 * The embedded gateway: sends nothing, answers at once with a synthetic id per part
 * (`log-<reference>`, then `-2`, `-3` … for further parts) and logs the message. The outbox
 * records it in the database as for a real carrier. No receipts or replies ever arrive.
 */
export class LogGateway implements SmsGateway {
  readonly name = "log" as const;
  #closed = false;

  constructor(private readonly logger?: GatewayLogger) {}

  /** Logs the message and answers with its synthetic part ids. */
  async send(msg: OutgoingSms): Promise<SentSms> {
    if (this.#closed) throw new GatewayError("log gateway closed", true);
    await msg.beforeSubmit?.();
    const parts = segmentSms(msg.text).length;
    const messageIds = Array.from({ length: parts }, (_, i) => (i === 0 ? `log-${msg.reference}` : `log-${msg.reference}-${i + 1}`));
    this.logger?.info({ to: msg.to, reference: msg.reference, parts, text: msg.text }, "sms (log gateway)");
    return { messageIds, parts };
  }

  /** Never called: the log gateway delivers nothing. */
  onReceipt(_handler: (r: DeliveryReceipt) => void | Promise<void>): void {}

  /** Never called: nobody can reply to the log gateway. */
  onInbound(_handler: (m: InboundSms) => void | Promise<void>): void {}

  /** Refuses further sends. */
  async close(): Promise<void> {
    this.#closed = true;
  }
}
