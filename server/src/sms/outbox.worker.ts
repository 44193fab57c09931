import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { isOptOutReply, nextSendingTime, shanghaiDate, withinSendingHours } from "@yichuang/core";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import * as repo from "./broadcasts.repository.js";
import { GatewayError, type DeliveryReceipt, type GatewayLogger, type InboundSms, type SmsGateway } from "./gateway.js";
import { optOut } from "./subscribers.repository.js";
import { clock, nowIso } from "../platform/clock.js";
import { isDatabaseUnavailable, type DatabaseOutage } from "../platform/outage.js";

/** Attempts before a message that keeps failing for a temporary reason is given up. */
export const MAX_ATTEMPTS = 5;

/** Why a message was stopped before anything of it was written to the carrier. */
class NotSubmitted extends Error {}

/**
 * Sends the SMS outbox (broadcasts and notifications) through a gateway. Each round claims due
 * messages (the claim is the only lock: `FOR UPDATE SKIP LOCKED` on PostgreSQL, so instances
 * share the work; broadcasts only inside the sending hours and while live), checks each
 * broadcast number (opted out: skipped; over the day's cap: held to tomorrow), hands it to the
 * gateway with at most `concurrency` in flight, and records the outcome: sent with the carrier's
 * ids, queued again later for a temporary failure that surely did not reach the carrier, failed
 * otherwise. Just before a message's first part is written, `submitted_at` is committed: a
 * worker that dies leaves its claims, which after `leaseMs` go back to the queue if they never
 * left, and are reported (never sent twice) if they may have. Receipts and replies from the
 * gateway update states and opt numbers out.
 */
export class OutboxWorker {
  readonly id: string;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<number> | null = null;
  #stopped = false;
  /** The Shanghai day this worker last cancelled the messages of notices past their validity. */
  #expirySweptFor: string | null = null;

  constructor(
    private readonly deps: { db: Database; config: Config },
    private readonly gateway: SmsGateway,
    private readonly opts: { batch?: number; concurrency?: number; pollMs?: number; leaseMs?: number; logger?: GatewayLogger; id?: string; outage?: DatabaseOutage } = {},
  ) {
    this.id = opts.id ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    gateway.onReceipt((r) => this.applyReceipt(r));
    gateway.onInbound((m) => this.applyInbound(m));
  }

  /** Polls every `pollMs` until stopped. */
  start(): void {
    const tick = async () => {
      if (this.#stopped) return;
      // While the database is away the outage's probe watches it; rounds resume when it is back.
      if (!this.opts.outage?.active) {
        try {
          let n: number;
          do n = await this.runOnce();
          while (n > 0 && !this.#stopped);
        } catch (err) {
          if (this.opts.outage && isDatabaseUnavailable(err)) this.opts.outage.failed("sms outbox", err);
          else this.opts.logger?.error({ err }, "sms outbox round failed");
        }
      }
      if (!this.#stopped) this.#timer = setTimeout(tick, this.opts.pollMs ?? 1000);
    };
    this.#timer = setTimeout(tick, 0);
    this.#timer.unref?.();
  }

  /** Stops polling and waits for the round in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running?.catch(() => 0);
  }

  /** One round: claims due messages and sends them; returns how many were claimed. */
  runOnce(now = clock.now()): Promise<number> {
    const run = this.#round(now);
    this.#running = run;
    return run;
  }

  async #round(now: Date): Promise<number> {
    const { db, config } = this.deps;
    const at = now.toISOString();
    // Claims of a worker that died go back to the queue (or are reported, if they may have left).
    await repo.releaseStale(db, new Date(now.getTime() - (this.opts.leaseMs ?? 120_000)).toISOString(), at);
    // A notice past its validity is not sent any more, whatever held its messages. Validity ends
    // with a day and approval refuses a notice that would be stale, so once a day is enough.
    const today = shanghaiDate(now);
    if (this.#expirySweptFor !== today) {
      await repo.cancelExpired(db, today, at);
      this.#expirySweptFor = today;
    }
    await repo.finishDrained(db, at);
    // Parked receipts are dated by the clock they arrived by, not the round's.
    await repo.dropParkedReceipts(db, new Date(clock.nowMs() - 3 * 86_400_000).toISOString());
    const rows = await repo.claimOutbox(db, config.database.kind, this.id, at, this.opts.batch ?? 100, withinSendingHours(now, config.sms.hours));
    if (!rows.length) return 0;
    const broadcasts = [...new Set(rows.flatMap((r) => (r.broadcast_id ? [r.broadcast_id] : [])))];
    if (broadcasts.length) await db.updateTable("sms_broadcasts").set({ status: "sending" }).where("status", "=", "approved").where("id", "in", broadcasts).execute();
    let next = 0;
    const lane = async () => {
      while (next < rows.length) {
        const row = rows[next++]!;
        await this.#sendOne(row, today, now);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.concurrency ?? 10, rows.length) }, lane));
    await repo.finishDrained(db, nowIso());
    return rows.length;
  }

  async #sendOne(row: Awaited<ReturnType<typeof repo.claimOutbox>>[number], day: string, now: Date) {
    const { db, config } = this.deps;
    const id = Number(row.id);
    // Promotional rules (opt-out, daily cap) hold for broadcasts; a notification always goes.
    const promotional = row.broadcast_id !== null;
    if (promotional && (await repo.isOptedOut(db, row.phone))) {
      await repo.updateOutbox(db, id, this.id, { state: "skipped", error: "已退订", done_at: nowIso() });
      return;
    }
    if (promotional && !(await repo.takeDailySlot(db, row.phone, day, config.sms.dailyCap))) {
      // Over today's cap: held to tomorrow's first allowed minute.
      const tomorrow = new Date(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000);
      await repo.updateOutbox(db, id, this.id, { state: "queued", claimed_by: null, claimed_at: null, not_before: nextSendingTime(tomorrow, config.sms.hours).toISOString(), error: `已达每日上限 ${config.sms.dailyCap} 条，顺延至次日` });
      return;
    }
    const beforeSubmit = async () => {
      if (!(await repo.markSubmitted(db, id, this.id, nowIso()))) throw new NotSubmitted("no longer this worker's, or its broadcast was cancelled");
    };
    try {
      const sent = await this.gateway.send({ to: row.phone, text: row.text, reference: row.idempotency_key, beforeSubmit });
      const sentAt = nowIso();
      await db.transaction().execute(async (trx) => {
        await repo.updateOutbox(trx, id, this.id, { state: "sent", message_ids: JSON.stringify(sent.messageIds), sent_at: sentAt, error: null });
        if (row.sms_message_id) await repo.markNotification(trx, row.sms_message_id, "sent", this.gateway.name);
        // Receipts that arrived before the ids were recorded (a long message's first part).
        for (const r of await repo.insertMessageIds(trx, id, sent.messageIds)) {
          await this.#applyReceipt(trx, { messageId: r.message_id, state: r.state, stat: r.stat, errorCode: r.error_code, at: r.at });
        }
      });
    } catch (err) {
      const message = err instanceof Error ? err.message.slice(0, 300) : String(err);
      const release = () => db.updateTable("sms_daily_counts").set((eb) => ({ count: eb("count", "-", 1) })).where("phone", "=", row.phone).where("day", "=", day).where("count", ">", 0).execute();
      if (err instanceof NotSubmitted) {
        // Nothing left: cancelled meanwhile (or the claim was lost to another worker, whose it is now).
        if (promotional) await release();
        await repo.updateOutbox(db, id, this.id, { state: "cancelled", error: "已取消", done_at: nowIso() });
        return;
      }
      if (err instanceof GatewayError && err.maybeAccepted) {
        // The carrier may have it: never sent again (the slot stays used), reported as unknown.
        await this.#finish(id, row.sms_message_id, "failed", `${repo.UNKNOWN_OUTCOME}：${message}`);
        return;
      }
      // The day's slot was not used by a message that did not go.
      if (promotional) await release();
      if (err instanceof GatewayError && err.retryable && Number(row.attempts) < MAX_ATTEMPTS) {
        const wait = Math.min(60_000, 1000 * 2 ** Number(row.attempts));
        await repo.updateOutbox(db, id, this.id, { state: "queued", claimed_by: null, claimed_at: null, submitted_at: null, not_before: new Date(now.getTime() + wait).toISOString(), error: message });
      } else {
        await this.#finish(id, row.sms_message_id, "failed", message);
      }
    }
  }

  async #finish(id: number, smsMessageId: string | null, state: "failed", error: string) {
    const { db } = this.deps;
    await db.transaction().execute(async (trx) => {
      await repo.updateOutbox(trx, id, this.id, { state, error: error.slice(0, 500), done_at: nowIso() });
      if (smsMessageId) await repo.markNotification(trx, smsMessageId, "failed", this.gateway.name);
    });
  }

  /**
   * A carrier's receipt for one part: the message is delivered when every part is, failed as soon
   * as one part fails.
   */
  async applyReceipt(r: DeliveryReceipt): Promise<void> {
    await this.deps.db.transaction().execute((trx) => this.#applyReceipt(trx, r));
  }

  /** A receipt whose message id is not recorded yet is parked, and applied when it is. */
  async #applyReceipt(trx: Database, r: DeliveryReceipt): Promise<void> {
    const link = await trx.selectFrom("sms_message_ids").select("outbox_id").where("message_id", "=", r.messageId).executeTakeFirst();
    if (!link) {
      await repo.parkReceipt(trx, r, nowIso());
      return;
    }
    await trx.updateTable("sms_message_ids").set({ state: r.state }).where("message_id", "=", r.messageId).execute();
    if (r.state === "failed") {
      await trx
        .updateTable("sms_outbox")
        .set({ state: "failed", done_at: r.at, error: `${r.stat}${r.errorCode ? ` ${r.errorCode}` : ""}` })
        .where("id", "=", link.outbox_id)
        .where("state", "in", ["sent", "delivered"])
        .execute();
      return;
    }
    const parts = await trx.selectFrom("sms_message_ids").select("state").where("outbox_id", "=", link.outbox_id).execute();
    if (parts.every((p) => p.state === "delivered")) {
      await trx.updateTable("sms_outbox").set({ state: "delivered", done_at: r.at, error: null }).where("id", "=", link.outbox_id).where("state", "=", "sent").execute();
    }
  }

  /** A reply: R / 退订 opts the number out; anything else is kept as a reply to the latest broadcast it got. */
  async applyInbound(m: InboundSms): Promise<void> {
    const { db } = this.deps;
    const phone = m.from.replace(/^\+?86(?=1\d{10}$)/, "");
    const last = await db.selectFrom("sms_outbox").select("broadcast_id").where("phone", "=", phone).where("sent_at", "is not", null).orderBy("sent_at", "desc").limit(1).executeTakeFirst();
    const kind = isOptOutReply(m.text) ? "opt_out" : "reply";
    await db.transaction().execute(async (trx) => {
      await trx.insertInto("sms_inbound").values({ id: randomUUID(), phone, text: m.text.slice(0, 500), kind, broadcast_id: last?.broadcast_id ?? null, at: m.at }).execute();
      if (kind === "opt_out") await optOut(trx, phone, m.at, "reply", m.text.slice(0, 100));
    });
  }
}
