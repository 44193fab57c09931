import type { BroadcastTarget } from "@yichuang/core";
import { sql } from "kysely";
import { readOffThread, type Database, type DatabaseKind } from "../db/database.js";
import type { SmsBroadcastTable, SmsOutboxTable } from "../db/schema.js";
import { cappedTotal } from "../shared/paging.js";
import { prefixRange } from "./subscribers.repository.js";

/**
 * Subscribers a target reaches (distinct), excluding opted-out numbers. `byPhone`: for a range of phones
 * (an expansion's chunk), the role and village terms are written so that SQLite cannot take their
 * indexes (unary +), and walks the range on the phone's own: a chunk then looks at its subscribers only,
 * not at every buyer of the county.
 */
function audienceQuery(db: Database, t: BroadcastTarget, byPhone = false) {
  const village = byPhone ? sql.ref<string>("s.village_code") : null;
  return db
    .selectFrom("sms_subscribers as s")
    .where((eb) => eb.exists(eb.selectFrom("sms_subscriber_tags as g").select("g.tag").whereRef("g.subscriber_id", "=", "s.id").where("g.tag", "in", t.tags)))
    .where((eb) =>
      eb.or(
        t.regions.map((r) => {
          const [from, to] = prefixRange(r);
          return village ? sql<boolean>`+${village} >= ${from} AND +${village} < ${to}` : eb.and([eb("s.village_code", ">=", from), eb("s.village_code", "<", to)]);
        }),
      ),
    )
    .where(byPhone ? sql<boolean>`+s.role IN (${sql.join(t.roles)})` : sql<boolean>`s.role IN (${sql.join(t.roles)})`)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("sms_opt_outs as o").select("o.phone").whereRef("o.phone", "=", "s.phone"))));
}

/** How many subscribers a target reaches now (off the server's thread on SQLite: a million subscribers take seconds). */
export async function countAudience(db: Database, t: BroadcastTarget): Promise<number> {
  const [r] = await readOffThread(db, audienceQuery(db, t).select((eb) => eb.fn.countAll<number | string>().as("n")));
  return Number(r!.n);
}

/** How many subscribers a target reaches, counted only up to `cap` (the database stops there). */
export function countAudienceUpTo(db: Database, t: BroadcastTarget, cap: number) {
  return cappedTotal(db, audienceQuery(db, t), cap);
}

/** A few of them, for the preview (masked by the caller; off the server's thread on SQLite: a rare target walks far). */
export function sampleAudience(db: Database, t: BroadcastTarget, limit: number) {
  return readOffThread(db, audienceQuery(db, t).select(["s.name", "s.phone", "s.village_code", "s.role"]).orderBy("s.phone").limit(limit));
}

/** Writes one outbox row per recipient in one statement; returns how many. Run inside the approval's transaction. */
export async function writeOutbox(db: Database, b: { id: string; text: string; parts: number; notBefore: string; at: string }, t: BroadcastTarget): Promise<number> {
  return writeOutboxRows(db, b, audienceQuery(db, t));
}

/**
 * Writes the outbox rows of the recipients among the next `scan` subscribers in phone order after
 * `after` (null: from the first): the work of a chunk is bounded by the subscribers it looks at, whatever
 * share of them the target reaches. Returns the last phone looked at and whether the end was reached. A
 * chunk of the expansion.
 */
export async function writeOutboxChunk(db: Database, b: { id: string; text: string; parts: number; notBefore: string; at: string }, t: BroadcastTarget, after: string | null, scan: number): Promise<{ last: string | null; done: boolean }> {
  let next = db.selectFrom("sms_subscribers").select("phone").orderBy("phone").offset(scan - 1).limit(1);
  if (after !== null) next = next.where("phone", ">", after);
  const edge = (await next.executeTakeFirst())?.phone ?? null;
  let range = audienceQuery(db, t, true);
  if (after !== null) range = range.where("s.phone", ">", after);
  if (edge !== null) range = range.where("s.phone", "<=", edge);
  await writeOutboxRows(db, b, range);
  return { last: edge, done: edge === null };
}

function writeOutboxRows(db: Database, b: { id: string; text: string; parts: number; notBefore: string; at: string }, audience: ReturnType<typeof audienceQuery>): Promise<number> {
  const select = audience.select((eb) => [
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
  return db
    .insertInto("sms_outbox")
    .columns(["broadcast_id", "phone", "text", "parts", "idempotency_key", "state", "not_before", "attempts", "created_at", "claimed_by"])
    .expression(select)
    .executeTakeFirst()
    .then((r) => Number(r.numInsertedOrUpdatedRows ?? 0));
}

/** Broadcasts whose recipients are still being written (an expansion cut off by a restart resumes). */
export function expandingBroadcasts(db: Database) {
  return db.selectFrom("sms_broadcasts").select("id").where("expanding", "=", 1).execute();
}

/** How many outbox rows a broadcast has. */
export async function outboxCount(db: Database, id: string): Promise<number> {
  return Number((await db.selectFrom("sms_outbox").select((eb) => eb.fn.countAll<number | string>().as("n")).where("broadcast_id", "=", id).executeTakeFirstOrThrow()).n);
}

export async function insertBroadcast(db: Database, row: SmsBroadcastTable): Promise<void> {
  await db.insertInto("sms_broadcasts").values(row).execute();
}

export function findBroadcast(db: Database, id: string) {
  return db.selectFrom("sms_broadcasts").selectAll().where("id", "=", id).executeTakeFirst();
}

/**
 * The query of a page of broadcasts (newest first, the id breaking ties; `limit + 1` rows) after the
 * cursor's row. Exported for EXPLAIN; listBroadcasts runs it.
 */
export function broadcastListQuery(db: Database, q: { limit: number; after?: [string, string] }) {
  let s = db.selectFrom("sms_broadcasts as b");
  if (q.after) {
    const [at, id] = q.after;
    s = s.where("b.created_at", "<=", at).where((eb) => eb.or([eb("b.created_at", "<", at), eb("b.id", "<", id)]));
  }
  return s.selectAll("b").orderBy("b.created_at", "desc").orderBy("b.id", "desc").limit(q.limit + 1);
}

/** A page of broadcasts and, on the first page (no cursor), the total counted up to TOTAL_CAP. */
export async function listBroadcasts(db: Database, q: { limit: number; after?: [string, string] }) {
  const [rows, total] = await Promise.all([broadcastListQuery(db, q).execute(), q.after ? Promise.resolve(null) : cappedTotal(db, db.selectFrom("sms_broadcasts as b"))]);
  return { rows, total };
}

/**
 * The messages of these broadcasts by state: how many, how many of them went out (sent_at set,
 * whatever their receipts said since) and when the first is due; read off the index
 * (broadcast_id, state, sent_at, not_before) alone. Exported for EXPLAIN; progressOf runs it.
 */
export function outboxProgressQuery(db: Database, ids: string[]) {
  return db
    .selectFrom("sms_outbox as o")
    .select((eb) => ["o.broadcast_id", "o.state", eb.fn.countAll<number | string>().as("n"), eb.fn.count<number | string>("o.sent_at").as("went_out"), eb.fn.min<string | null>("o.not_before").as("first_due")])
    .where("o.broadcast_id", "in", ids)
    .groupBy(["o.broadcast_id", "o.state"]);
}

/** Replies to these broadcasts by kind (opt-outs, other replies). Exported for EXPLAIN. */
export function repliesQuery(db: Database, ids: string[]) {
  return db
    .selectFrom("sms_inbound as i")
    .select((eb) => ["i.broadcast_id", "i.kind", eb.fn.countAll<number | string>().as("n")])
    .where("i.broadcast_id", "in", ids)
    .groupBy(["i.broadcast_id", "i.kind"]);
}

/** The progress of each of these broadcasts: messages by state, those that went out, the next due, replies by kind. */
export async function progressOf(db: Database, ids: string[]) {
  const out = new Map<string, { counts: Record<SmsOutboxTable["state"], number>; wentOut: number; nextDueAt: string | null; replies: Record<string, number> }>();
  for (const id of ids) out.set(id, { counts: { queued: 0, sending: 0, sent: 0, delivered: 0, failed: 0, cancelled: 0, skipped: 0 }, wentOut: 0, nextDueAt: null, replies: {} });
  if (!ids.length) return out;
  const [messages, replies] = await Promise.all([outboxProgressQuery(db, ids).execute(), repliesQuery(db, ids).execute()]);
  for (const m of messages) {
    const p = out.get(m.broadcast_id!)!;
    p.counts[m.state] = Number(m.n);
    p.wentOut += Number(m.went_out);
    if (m.state === "queued") p.nextDueAt = m.first_due;
  }
  for (const r of replies) out.get(r.broadcast_id!)!.replies[r.kind] = Number(r.n);
  return out;
}

/** Moves a broadcast from one status to the next; false when it was not in `from`. */
export async function moveBroadcast(db: Database, id: string, from: SmsBroadcastTable["status"][], patch: Partial<SmsBroadcastTable>): Promise<boolean> {
  const r = await db.updateTable("sms_broadcasts").set(patch).where("id", "=", id).where("status", "in", from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Cancels what has not gone out; returns how many. */
export async function cancelQueued(db: Database, broadcastId: string, at: string): Promise<number> {
  const r = await db.updateTable("sms_outbox").set({ state: "cancelled", done_at: at, error: "已取消" }).where("broadcast_id", "=", broadcastId).where("state", "=", "queued").executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * Messages not yet gone of live broadcasts whose notice's validity ended before `today` (held by
 * the sending hours or the daily cap past it): cancelled, never sent stale. Returns how many.
 */
export async function cancelExpired(db: Database, today: string, at: string): Promise<number> {
  const r = await db
    .updateTable("sms_outbox")
    .set({ state: "cancelled", done_at: at, error: "供求信息已过有效期，未发送" })
    .where("state", "=", "queued")
    .where("broadcast_id", "in", (eb) =>
      eb
        .selectFrom("sms_broadcasts as b")
        .innerJoin("supply_demand_notices as n", "n.id", "b.notice_id")
        .select("b.id")
        .where("b.status", "in", ["approved", "sending"])
        .where("n.valid_until", "<", today),
    )
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Broadcasts whose messages may go out (not drafts, not cancelled, not finished). */
const LIVE_BROADCAST = sql`(broadcast_id IS NULL OR broadcast_id IN (SELECT b.id FROM sms_broadcasts b WHERE b.status IN ('approved', 'sending')))`;

/**
 * Claims up to `limit` queued messages due by `now` for this worker: `FOR UPDATE SKIP LOCKED` on
 * PostgreSQL, so instances never claim the same row; SQLite has one writer, and the claim is one
 * UPDATE … RETURNING. Messages of a broadcast go only while it is live, and only when
 * `broadcasts` (inside the sending hours); notifications go at any time.
 */
export async function claimOutbox(db: Database, kind: DatabaseKind, worker: string, now: string, limit: number, broadcasts = true) {
  const which = broadcasts ? LIVE_BROADCAST : sql`broadcast_id IS NULL`;
  // PostgreSQL: the locked pick is a CTE, evaluated once. As a subquery of the UPDATE it could be
  // evaluated again for rows changed meanwhile (EvalPlanQual), which with a broadcast's rows being
  // deleted or updated beside it made one claim run for minutes.
  const r =
    kind === "postgres"
      ? await sql<SmsOutboxTable & { id: number }>`
    WITH picked AS (SELECT id FROM sms_outbox WHERE state = 'queued' AND not_before <= ${now} AND ${which} ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    UPDATE sms_outbox o SET state = 'sending', claimed_by = ${worker}, claimed_at = ${now}, attempts = o.attempts + 1
    FROM picked WHERE o.id = picked.id RETURNING o.*`.execute(db)
      : await sql<SmsOutboxTable & { id: number }>`
    UPDATE sms_outbox SET state = 'sending', claimed_by = ${worker}, claimed_at = ${now}, attempts = attempts + 1
    WHERE id IN (SELECT id FROM sms_outbox WHERE state = 'queued' AND not_before <= ${now} AND ${which} ORDER BY id LIMIT ${limit}) RETURNING *`.execute(db);
  return r.rows.sort((a, b) => Number(a.id) - Number(b.id));
}

/**
 * Just before a message's first part is written to the carrier: records that it is leaving, if
 * it is still this worker's and its broadcast still live (else false: it must not go). Committed
 * before the write, so a crash afterwards never sends it again.
 */
export async function markSubmitted(db: Database, id: number, worker: string, at: string): Promise<boolean> {
  const r = await sql`UPDATE sms_outbox SET submitted_at = ${at}
    WHERE id = ${id} AND state = 'sending' AND claimed_by = ${worker} AND submitted_at IS NULL AND ${LIVE_BROADCAST}`.execute(db);
  return Number(r.numAffectedRows ?? 0) === 1;
}

/** What an outbox row whose send may have reached the carrier, but was never answered, is marked with. */
export const UNKNOWN_OUTCOME = "发送结果未知（发送中断，运营商可能已接收）：为免重复，未再发送";

/**
 * Claims older than `before` belong to a worker that died (or hung). A message that never left
 * goes back to the queue; one that may have left (submitted_at set) is marked failed with
 * UNKNOWN_OUTCOME, never sent again. Returns how many went back.
 */
export async function releaseStale(db: Database, before: string, at: string): Promise<number> {
  const r = await db.updateTable("sms_outbox").set({ state: "queued", claimed_by: null, claimed_at: null }).where("state", "=", "sending").where("claimed_at", "<", before).where("submitted_at", "is", null).executeTakeFirst();
  await db.updateTable("sms_outbox").set({ state: "failed", error: UNKNOWN_OUTCOME, done_at: at }).where("state", "=", "sending").where("claimed_at", "<", before).where("submitted_at", "is not", null).execute();
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
    // Not while its recipients are still being written (the queue may be empty between chunks).
    .where("expanding", "=", 0)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("sms_outbox as o").select("o.id").whereRef("o.broadcast_id", "=", "sms_broadcasts.id").where("o.state", "in", ["queued", "sending"]))))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Records the carrier's ids of a message's parts; receipts that arrived first are returned (and no longer parked). */
export async function insertMessageIds(db: Database, outboxId: number, ids: string[]) {
  if (!ids.length) return [];
  await db.insertInto("sms_message_ids").values(ids.map((message_id) => ({ message_id, outbox_id: outboxId, state: null }))).onConflict((oc) => oc.column("message_id").doNothing()).execute();
  const early = await db.selectFrom("sms_receipts").selectAll().where("message_id", "in", ids).execute();
  if (early.length) await db.deleteFrom("sms_receipts").where("message_id", "in", ids).execute();
  return early;
}

/** A notification's record (sms_messages) follows its outbox row: sent or failed, and by which gateway. */
export async function markNotification(db: Database, smsMessageId: string, status: "sent" | "failed", gateway: string): Promise<void> {
  await db.updateTable("sms_messages").set({ status, gateway }).where("id", "=", smsMessageId).execute();
}

/** Keeps a receipt whose message id is not recorded yet. */
export async function parkReceipt(db: Database, r: { messageId: string; state: "delivered" | "failed"; stat: string; errorCode: string | null; at: string }, receivedAt: string): Promise<void> {
  await db
    .insertInto("sms_receipts")
    .values({ message_id: r.messageId, state: r.state, stat: r.stat, error_code: r.errorCode, at: r.at, received_at: receivedAt })
    .onConflict((oc) => oc.column("message_id").doUpdateSet({ state: r.state, stat: r.stat, error_code: r.errorCode, at: r.at }))
    .execute();
}

/** Parked receipts older than `before` never found their message (not ours): dropped. */
export async function dropParkedReceipts(db: Database, before: string): Promise<number> {
  const r = await db.deleteFrom("sms_receipts").where("received_at", "<", before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * Broadcast messages that went out in [from, to) (by when they were sent), with their parts, and
 * how many of them were delivered and failed; notifications apart.
 */
export async function sentBetween(db: Database, from: string, to: string) {
  const r = await db
    .selectFrom("sms_outbox")
    .select((eb) => [
      eb.fn.sum<number | string | null>(eb.case().when("broadcast_id", "is not", null).then(1).else(0).end()).as("messages"),
      eb.fn.sum<number | string | null>(eb.case().when("broadcast_id", "is not", null).then(eb.ref("parts")).else(0).end()).as("parts"),
      eb.fn.sum<number | string | null>(eb.case().when(eb.and([eb("broadcast_id", "is not", null), eb("state", "=", "delivered")])).then(1).else(0).end()).as("delivered"),
      eb.fn.sum<number | string | null>(eb.case().when(eb.and([eb("broadcast_id", "is not", null), eb("state", "=", "failed")])).then(1).else(0).end()).as("failed"),
      eb.fn.sum<number | string | null>(eb.case().when("broadcast_id", "is", null).then(1).else(0).end()).as("notifications"),
    ])
    .where("sent_at", ">=", from)
    .where("sent_at", "<", to)
    .executeTakeFirstOrThrow();
  return { messages: Number(r.messages ?? 0), parts: Number(r.parts ?? 0), delivered: Number(r.delivered ?? 0), failed: Number(r.failed ?? 0), notifications: Number(r.notifications ?? 0) };
}
