import type { BroadcastTarget } from "@yichuang/core";
import { sql } from "kysely";
import type { Database, DatabaseKind } from "../db/database.js";
import type { SmsBroadcastTable, SmsOutboxTable } from "../db/schema.js";
import { prefixRange } from "./subscribers.repository.js";

/** Subscribers a target reaches (distinct), excluding opted-out numbers. */
function audienceQuery(db: Database, t: BroadcastTarget) {
  return db
    .selectFrom("sms_subscribers as s")
    .where((eb) => eb.exists(eb.selectFrom("sms_subscriber_tags as g").select("g.tag").whereRef("g.subscriber_id", "=", "s.id").where("g.tag", "in", t.tags)))
    .where((eb) => eb.or(t.regions.map((r) => { const [from, to] = prefixRange(r); return eb.and([eb("s.village_code", ">=", from), eb("s.village_code", "<", to)]); })))
    .where("s.role", "in", t.roles as ("farmer" | "buyer" | "coop")[])
    .where((eb) => eb.not(eb.exists(eb.selectFrom("sms_opt_outs as o").select("o.phone").whereRef("o.phone", "=", "s.phone"))));
}

/** How many subscribers a target reaches now. */
export async function countAudience(db: Database, t: BroadcastTarget): Promise<number> {
  const r = await audienceQuery(db, t).select((eb) => eb.fn.countAll<number | string>().as("n")).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A few of them, for the preview (masked by the caller). */
export function sampleAudience(db: Database, t: BroadcastTarget, limit: number) {
  return audienceQuery(db, t).select(["s.name", "s.phone", "s.village_code", "s.role"]).orderBy("s.phone").limit(limit).execute();
}

/** Writes one outbox row per recipient in one statement; returns how many. Run inside the approval's transaction. */
export async function writeOutbox(db: Database, b: { id: string; text: string; parts: number; notBefore: string; at: string }, t: BroadcastTarget): Promise<number> {
  const select = audienceQuery(db, t).select((eb) => [
    sql.lit(b.id).as("broadcast_id"),
    "s.phone",
    sql.val(b.text).as("text"),
    sql.lit(b.parts).as("parts"),
    sql<string>`${sql.lit(`${b.id}:`)} || s.phone`.as("idempotency_key"),
    sql.lit("queued").as("state"),
    sql.val(b.notBefore).as("not_before"),
    sql.lit(0).as("attempts"),
    sql.val(b.at).as("created_at"),
    eb.val(null).as("claimed_by"),
  ]);
  const r = await db
    .insertInto("sms_outbox")
    .columns(["broadcast_id", "phone", "text", "parts", "idempotency_key", "state", "not_before", "attempts", "created_at", "claimed_by"])
    .expression(select)
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

export async function insertBroadcast(db: Database, row: SmsBroadcastTable): Promise<void> {
  await db.insertInto("sms_broadcasts").values(row).execute();
}

export function findBroadcast(db: Database, id: string) {
  return db.selectFrom("sms_broadcasts").selectAll().where("id", "=", id).executeTakeFirst();
}

export function listBroadcasts(db: Database, limit: number) {
  return db.selectFrom("sms_broadcasts").selectAll().orderBy("created_at", "desc").limit(limit).execute();
}

/** Moves a broadcast from one status to the next; false when it was not in `from`. */
export async function moveBroadcast(db: Database, id: string, from: SmsBroadcastTable["status"][], patch: Partial<SmsBroadcastTable>): Promise<boolean> {
  const r = await db.updateTable("sms_broadcasts").set(patch).where("id", "=", id).where("status", "in", from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Counts of a broadcast's messages by state. */
export async function outboxCounts(db: Database, broadcastId: string): Promise<Record<SmsOutboxTable["state"], number>> {
  const rows = await db.selectFrom("sms_outbox").select(["state", (eb) => eb.fn.countAll<number | string>().as("n")]).where("broadcast_id", "=", broadcastId).groupBy("state").execute();
  const out = { queued: 0, sending: 0, sent: 0, delivered: 0, failed: 0, cancelled: 0, skipped: 0 };
  for (const r of rows) out[r.state] = Number(r.n);
  return out;
}

/** Cancels what has not gone out; returns how many. */
export async function cancelQueued(db: Database, broadcastId: string, at: string): Promise<number> {
  const r = await db.updateTable("sms_outbox").set({ state: "cancelled", done_at: at, error: "已取消" }).where("broadcast_id", "=", broadcastId).where("state", "=", "queued").executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * Claims up to `limit` queued messages due by `now` for this worker: `FOR UPDATE SKIP LOCKED` on
 * PostgreSQL, so instances never claim the same row; SQLite has one writer, and the claim is one
 * UPDATE … RETURNING.
 */
export async function claimOutbox(db: Database, kind: DatabaseKind, worker: string, now: string, limit: number) {
  const pick =
    kind === "postgres"
      ? sql`SELECT id FROM sms_outbox WHERE state = 'queued' AND not_before <= ${now} ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`
      : sql`SELECT id FROM sms_outbox WHERE state = 'queued' AND not_before <= ${now} ORDER BY id LIMIT ${limit}`;
  const r = await sql<SmsOutboxTable & { id: number }>`
    UPDATE sms_outbox SET state = 'sending', claimed_by = ${worker}, claimed_at = ${now}, attempts = attempts + 1
    WHERE id IN (${pick}) RETURNING *`.execute(db);
  return r.rows.sort((a, b) => Number(a.id) - Number(b.id));
}

/** Messages claimed longer ago than `before` (their worker died) go back to the queue. */
export async function releaseStale(db: Database, before: string): Promise<number> {
  const r = await db.updateTable("sms_outbox").set({ state: "queued", claimed_by: null, claimed_at: null }).where("state", "=", "sending").where("claimed_at", "<", before).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function updateOutbox(db: Database, id: number, claimedBy: string, patch: Partial<Omit<SmsOutboxTable, "id">>): Promise<boolean> {
  const r = await db.updateTable("sms_outbox").set(patch).where("id", "=", id).where("state", "=", "sending").where("claimed_by", "=", claimedBy).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Counts a message to a number today; false (nothing counted) when the cap is reached. */
export async function takeDailySlot(db: Database, phone: string, day: string, cap: number): Promise<boolean> {
  await db.insertInto("sms_daily_counts").values({ phone, day, count: 0 }).onConflict((oc) => oc.columns(["phone", "day"]).doNothing()).execute();
  const r = await db.updateTable("sms_daily_counts").set((eb) => ({ count: eb("count", "+", 1) })).where("phone", "=", phone).where("day", "=", day).where("count", "<", cap).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function isOptedOut(db: Database, phone: string): Promise<boolean> {
  return !!(await db.selectFrom("sms_opt_outs").select("phone").where("phone", "=", phone).executeTakeFirst());
}

/** Broadcasts approved whose queue is empty: done. */
export async function finishDrained(db: Database, at: string): Promise<number> {
  const r = await db
    .updateTable("sms_broadcasts")
    .set({ status: "done", finished_at: at })
    .where("status", "in", ["approved", "sending"])
    .where((eb) => eb.not(eb.exists(eb.selectFrom("sms_outbox as o").select("o.id").whereRef("o.broadcast_id", "=", "sms_broadcasts.id").where("o.state", "in", ["queued", "sending"]))))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function insertMessageIds(db: Database, outboxId: number, ids: string[]): Promise<void> {
  if (ids.length) await db.insertInto("sms_message_ids").values(ids.map((message_id) => ({ message_id, outbox_id: outboxId, state: null }))).onConflict((oc) => oc.column("message_id").doNothing()).execute();
}

/** Messages and parts that went out, per month (Asia/Shanghai) of a year. */
export async function monthlySent(db: Database, year: number) {
  const from = new Date(Date.parse(`${year}-01-01T00:00:00+08:00`)).toISOString();
  const to = new Date(Date.parse(`${year + 1}-01-01T00:00:00+08:00`)).toISOString();
  const rows = await db
    .selectFrom("sms_outbox")
    .select(["sent_at", "parts", "state"])
    .where("sent_at", ">=", from)
    .where("sent_at", "<", to)
    .execute();
  return rows;
}
