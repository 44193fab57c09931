import { randomUUID } from "node:crypto";
import { segmentSms } from "@yichuang/core";
import type { Database } from "../db/database.js";
import { nowIso } from "./clock.js";

/**
 * Notifications: in-app, and by SMS. A text message is recorded in `sms_messages` (what was said
 * to whom, and why) and queued in the SMS outbox beside broadcasts, so the configured gateway
 * sends it (the embedded "log" gateway records it; SMPP delivers it) and its delivery is tracked.
 * Call inside the transaction of the change that causes the message, so both commit or neither
 * does. Notifications are not promotional: no sending hours, daily cap or opt-out apply.
 */
export async function notify(
  db: Database,
  n: { userId: string; caseId?: string | null; title: string; body: string; sms?: { phone: string | null; purpose: string; sign?: string } },
): Promise<void> {
  const at = nowIso();
  await db
    .insertInto("notifications")
    .values({ id: randomUUID(), user_id: n.userId, case_id: n.caseId ?? null, title: n.title, body: n.body, created_at: at, read_at: null })
    .execute();
  if (n.sms?.phone) await sendSms(db, { phone: n.sms.phone, body: n.body, purpose: n.sms.purpose, relatedId: n.caseId ?? null, sign: n.sms.sign });
}

/** A text message to someone, with or without an account (a farmer who called 12316), in the same transaction as its cause. */
export async function sendSms(db: Database, m: { phone: string; body: string; purpose: string; relatedId?: string | null; sign?: string }): Promise<void> {
  const at = nowIso();
  const id = randomUUID();
  const text = `${m.sign ?? "【嘉兴行政审批】"}${m.body}`;
  await db.insertInto("sms_messages").values({ id, phone: m.phone, text, gateway: "outbox", status: "queued", purpose: m.purpose, related_id: m.relatedId ?? null, created_at: at }).execute();
  await db
    .insertInto("sms_outbox")
    .values({ broadcast_id: null, sms_message_id: id, phone: m.phone, text, parts: segmentSms(text).length, idempotency_key: `msg:${id}`, state: "queued", not_before: at, attempts: 0, created_at: at })
    .execute();
}

/** A user's notifications, newest first. */
export function listNotifications(db: Database, userId: string, limit = 50) {
  return db.selectFrom("notifications").selectAll().where("user_id", "=", userId).orderBy("created_at", "desc").limit(limit).execute();
}
