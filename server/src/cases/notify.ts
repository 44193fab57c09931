import { randomUUID } from "node:crypto";
import type { Database } from "../db/database.js";
import { nowIso } from "../shared/time.js";

/**
 * Notifications: in-app, and by SMS through the platform's gateway. The embedded
 * gateway ("log") records each message in the database and the log; the SMPP
 * gateway arrives with the broadcast module. Call inside the transaction of the
 * change that causes the message, so both commit or neither does.
 */
export async function notify(
  db: Database,
  n: { userId: string; caseId?: string | null; title: string; body: string; sms?: { phone: string | null; purpose: string } },
): Promise<void> {
  const at = nowIso();
  await db
    .insertInto("notifications")
    .values({ id: randomUUID(), user_id: n.userId, case_id: n.caseId ?? null, title: n.title, body: n.body, created_at: at, read_at: null })
    .execute();
  if (n.sms?.phone) {
    await db
      .insertInto("sms_messages")
      .values({
        id: randomUUID(),
        phone: n.sms.phone,
        text: `【嘉兴行政审批】${n.body}`,
        gateway: "log",
        status: "sent",
        purpose: n.sms.purpose,
        related_id: n.caseId ?? null,
        created_at: at,
      })
      .execute();
  }
}

/** A text message to someone who has no account (a farmer who called 12316), in the same transaction as its cause. */
export async function sendSms(db: Database, m: { phone: string; body: string; purpose: string; relatedId?: string | null; sign?: string }): Promise<void> {
  await db
    .insertInto("sms_messages")
    .values({ id: randomUUID(), phone: m.phone, text: `${m.sign ?? "【嘉兴行政审批】"}${m.body}`, gateway: "log", status: "sent", purpose: m.purpose, related_id: m.relatedId ?? null, created_at: nowIso() })
    .execute();
}

/** A user's notifications, newest first. */
export function listNotifications(db: Database, userId: string, limit = 50) {
  return db.selectFrom("notifications").selectAll().where("user_id", "=", userId).orderBy("created_at", "desc").limit(limit).execute();
}
