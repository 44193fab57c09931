import { sql, type CompiledQuery } from "kysely";
import { preparePostgres, type Database, type DatabaseKind } from "../db/database.js";
import { nextOpenRows, writeRecounted, type ScanCursor } from "../db/batch.js";
import type { EvaluationTable, EvaluatorDeviceTable, RectificationTicketTable } from "../db/schema.js";

// ---- devices ----

export async function insertDevice(db: Database, row: EvaluatorDeviceTable): Promise<void> {
  await db.insertInto("evaluator_devices").values(row).execute();
}

export function findDevice(db: Database, id: string) {
  return db.selectFrom("evaluator_devices").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function updateDevice(db: Database, id: string, patch: Partial<EvaluatorDeviceTable>): Promise<void> {
  await db.updateTable("evaluator_devices").set(patch).where("id", "=", id).execute();
}

/** A paired, not revoked device by its token's hash, with its window. */
export function deviceByToken(db: Database, tokenHash: string) {
  return db
    .selectFrom("evaluator_devices as d")
    .innerJoin("windows as w", "w.id", "d.window_id")
    .innerJoin("departments as dep", "dep.id", "w.department_id")
    .select(["d.id", "d.window_id", "d.label", "d.csrf_token", "d.last_seen_at", "w.number as window_number", "w.name_zh as window_name", "w.name_en as window_name_en", "dep.name_zh as department_name", "dep.name_en as department_name_en", "w.department_id"])
    .where("d.token_hash", "=", tokenHash)
    .where("d.revoked_at", "is", null)
    .executeTakeFirst();
}

/** Claims a pairing code: the first device to present it gets the token; false when the code is unknown, used or expired. */
export async function claimPairing(db: Database, codeHash: string, now: string, patch: Partial<EvaluatorDeviceTable>) {
  return db
    .updateTable("evaluator_devices")
    .set({ ...patch, pairing_code_hash: null, pairing_expires_at: null })
    .where("pairing_code_hash", "=", codeHash)
    .where("pairing_expires_at", ">", now)
    .where("revoked_at", "is", null)
    .returning(["id", "window_id"])
    .executeTakeFirst();
}

export function listDevices(db: Database) {
  return db
    .selectFrom("evaluator_devices as d")
    .innerJoin("windows as w", "w.id", "d.window_id")
    .select(["d.id", "d.label", "d.window_id", "w.number as window_number", "w.name_zh as window_name", "w.name_en as window_name_en", "d.paired_at", "d.last_seen_at", "d.revoked_at", "d.pairing_expires_at", "d.created_at"])
    .orderBy("w.number")
    .orderBy("d.created_at")
    .execute();
}

// ---- evaluations ----

/** Inserts an evaluation unless its transaction or case already has one; false when it had. */
export async function insertEvaluation(db: Database, row: EvaluationTable): Promise<boolean> {
  const r = await db.insertInto("evaluations").values(row).onConflict((oc) => oc.doNothing()).returning("id").executeTakeFirst();
  return r !== undefined;
}

/**
 * The evaluator's rating in one statement: inserted only when the transaction is this
 * window's, completed, and was still being asked about when the citizen answered;
 * false when any of that fails or it already has a rating (the caller then finds out why).
 */
export async function insertDeviceRating(db: Database, r: DeviceRating): Promise<boolean> {
  // The busiest write of the platform: compiled once per database handle, then run with
  // new parameters (building and compiling the query cost as much as running it).
  let c = compiledRatings.get(db);
  if (!c) {
    const sentinel = Object.fromEntries(DEVICE_RATING_FIELDS.map((f) => [f, `\u0000${f}`])) as unknown as DeviceRating;
    const compiled = deviceRatingQuery(db, sentinel).compile();
    // Each parameter is either one of the rating's fields (a sentinel) or a constant of the query.
    const order = compiled.parameters.map((p) =>
      typeof p === "string" && p.startsWith("\u0000") ? DEVICE_RATING_FIELDS.indexOf(p.slice(1) as (typeof DEVICE_RATING_FIELDS)[number]) : { value: p },
    );
    if (order.some((i) => i === -1)) throw new Error("insertDeviceRating: unexpected parameter");
    c = { compiled, order };
    compiledRatings.set(db, c);
    preparePostgres(compiled.sql);
  }
  const params = c.order.map((i) => (typeof i === "number" ? r[DEVICE_RATING_FIELDS[i]!] : i.value));
  // A plain insert, not ON CONFLICT: PostgreSQL's speculative insertion costs more on every
  // rating, and a second rating of a transaction is rare (the caller then finds out why).
  try {
    const result = await db.executeQuery({ ...c.compiled, parameters: params });
    return Number(result.numAffectedRows ?? 0) > 0;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/** One rating from a window's evaluator. */
export interface DeviceRating {
  id: string;
  transactionId: string;
  windowId: string;
  deviceId: string;
  level: number;
  reasons: string;
  comment: string | null;
  clientId: string;
  answeredAt: string;
  now: string;
  date: string;
  /** answeredAt less the grace: the prompt must still have been open then. */
  graceFrom: string;
  /** answeredAt plus the grace: the transaction must have ended by then. */
  graceTo: string;
}
const DEVICE_RATING_FIELDS = ["id", "transactionId", "windowId", "deviceId", "level", "reasons", "comment", "clientId", "answeredAt", "now", "date", "graceFrom", "graceTo"] as const;
const compiledRatings = new WeakMap<Database, { compiled: CompiledQuery; order: (number | { value: unknown })[] }>();

function deviceRatingQuery(db: Database, r: DeviceRating) {
  return db
    .insertInto("evaluations")
    .columns([
      "id", "target", "transaction_id", "case_id", "case_key", "channel", "level", "reasons", "comment", "service_code", "window_id", "clerk_id",
      "department_id", "citizen_user_id", "device_id", "card_id", "client_id", "status", "answered_at", "created_at", "created_date",
    ])
    .expression((eb) =>
      eb
        .selectFrom("service_transactions as t")
        .select([
          eb.val(r.id).as("id"),
          sql.lit("transaction").as("target"),
          "t.id as transaction_id",
          "t.case_id",
          sql<null>`null`.as("case_key"),
          sql.lit("evaluator").as("channel"),
          eb.val(r.level).as("level"),
          eb.val(r.reasons).as("reasons"),
          eb.val(r.comment).as("comment"),
          "t.service_code",
          "t.window_id",
          "t.clerk_id",
          "t.department_id",
          "t.citizen_user_id",
          eb.val(r.deviceId).as("device_id"),
          sql<null>`null`.as("card_id"),
          eb.val(r.clientId).as("client_id"),
          sql.lit("valid").as("status"),
          eb.val(r.answeredAt).as("answered_at"),
          eb.val(r.now).as("created_at"),
          eb.val(r.date).as("created_date"),
        ])
        .where("t.id", "=", r.transactionId)
        .where("t.window_id", "=", r.windowId)
        .where("t.status", "=", "completed")
        .where("t.prompt_expires_at", ">=", r.graceFrom)
        .where("t.ended_at", "<=", r.graceTo),
    );
}

/** A unique-key violation on SQLite or PostgreSQL. */
function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

export function evaluationOfTransaction(db: Database, transactionId: string) {
  return db.selectFrom("evaluations").selectAll().where("transaction_id", "=", transactionId).executeTakeFirst();
}

export function evaluationOfCase(db: Database, caseId: string) {
  return db.selectFrom("evaluations").selectAll().where("case_key", "=", caseId).executeTakeFirst();
}

export function findEvaluation(db: Database, id: string) {
  return db.selectFrom("evaluations").selectAll().where("id", "=", id).executeTakeFirst();
}

// ---- cards ----

export function cardByCode(db: Database, code: string) {
  return db.selectFrom("supervision_cards").selectAll().where("code", "=", code).executeTakeFirst();
}

/** Marks a bound card used; false when it was used already (or is not bound). */
export async function useCard(db: Database, id: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable("supervision_cards")
    .set({ used_at: at })
    .where("id", "=", id)
    .where("used_at", "is", null)
    .where("transaction_id", "is not", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Binds an unbound, unused card to a transaction; false when another request bound it first. */
export async function bindCard(db: Database, id: string, transactionId: string, by: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable("supervision_cards")
    .set({ transaction_id: transactionId, bound_at: at, bound_by: by })
    .where("id", "=", id)
    .where("transaction_id", "is", null)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function cardsOfBatch(db: Database, batchId: string) {
  return db.selectFrom("supervision_cards").select(["code", "seq", "transaction_id", "used_at"]).where("batch_id", "=", batchId).orderBy("seq").execute();
}

export function listBatches(db: Database) {
  return db
    .selectFrom("card_batches as b")
    .leftJoin("users as u", "u.id", "b.created_by")
    .select((eb) => [
      "b.id",
      "b.number",
      "b.size",
      "b.note",
      "b.created_at",
      "u.display_name as created_by_name",
      eb.selectFrom("supervision_cards as c").select(eb.fn.countAll<number>().as("n")).whereRef("c.batch_id", "=", "b.id").where("c.transaction_id", "is not", null).as("bound"),
      eb.selectFrom("supervision_cards as c").select(eb.fn.countAll<number>().as("n")).whereRef("c.batch_id", "=", "b.id").where("c.used_at", "is not", null).as("used"),
    ])
    .orderBy("b.created_at", "desc")
    .limit(100)
    .execute();
}

// ---- tickets ----

export async function insertTicket(db: Database, row: RectificationTicketTable): Promise<void> {
  await db.insertInto("rectification_tickets").values(row).execute();
}

export function findTicket(db: Database, id: string) {
  return db.selectFrom("rectification_tickets").selectAll().where("id", "=", id).executeTakeFirst();
}

export function ticketByFixToken(db: Database, hash: string) {
  return db.selectFrom("rectification_tickets").selectAll().where("fix_token_hash", "=", hash).executeTakeFirst();
}

/** Applies a change if the ticket is still at `revision`; false when another request changed it first. */
export async function updateTicket(db: Database, id: string, revision: number, patch: Partial<RectificationTicketTable>): Promise<boolean> {
  const r = await db
    .updateTable("rectification_tickets")
    .set({ ...patch, revision: revision + 1 })
    .where("id", "=", id)
    .where("revision", "=", revision)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Tickets (aliased `k`) whose current step is due before (`<`: red), on (`=`: yellow) or after
 * (`>`: green) `today`: the ticket light as a condition, as `ticketLight` decides it in core.
 */
export function currentStepDue(op: "<" | "=" | ">", today: string) {
  const cmp = sql.raw(op);
  return sql<boolean>`((k.status = 'open' and k.verify_due ${cmp} ${today}) or (k.status = 'verified' and k.fix_due ${cmp} ${today}))`;
}

/** Tickets with their review, transaction, clerk and department: the list the follow-up pages read. */
export function ticketQuery(db: Database) {
  return db
    .selectFrom("rectification_tickets as k")
    .innerJoin("evaluations as e", "e.id", "k.evaluation_id")
    .innerJoin("departments as d", "d.id", "k.department_id")
    .leftJoin("users as u", "u.id", "k.clerk_id")
    .leftJoin("windows as w", "w.id", "e.window_id")
    .leftJoin("service_transactions as t", "t.id", "e.transaction_id")
    .leftJoin("cases as c", "c.id", "e.case_id")
    .leftJoin("users as cu", "cu.id", "e.citizen_user_id")
    .leftJoin("service_items as si", "si.code", "e.service_code")
    .selectAll("k")
    .select([
      "e.level",
      "e.reasons",
      "e.comment",
      "e.channel",
      "e.target",
      "e.service_code",
      "e.citizen_user_id",
      "e.created_at as reviewed_at",
      "d.code as department_code",
      "d.name_zh as department_name",
      "d.name_en as department_name_en",
      "si.name_zh as item_name",
      "u.display_name as clerk_name",
      "u.staff_no as clerk_staff_no",
      "w.number as window_number",
      "t.service_name",
      "t.citizen_name",
      "t.citizen_phone",
      "t.ended_at as transaction_ended_at",
      "c.number as case_number",
      "cu.display_name as account_name",
      "cu.phone as account_phone",
    ]);
}


/** The next batch of tickets with steps due after `cursor`, counted on a calendar revision before `revision`; the cursor after it (null at the end). */
export function openTicketsAfter(db: Database, kind: DatabaseKind, revision: number, cursor: ScanCursor, limit: number) {
  return nextOpenRows(db, kind, "rectification_tickets", ["number", "status", "opened_date", "complex", "verify_due", "fix_due", "deadlines_estimated", "department_id", "clerk_id", "clerk_told_at", "updated_at"] as const, revision, cursor, limit);
}

/** Writes recounted deadlines [verify_due, fix_due, deadlines_estimated, calendar_rev] of tickets not changed since read. */
export function writeTicketDeadlines(db: Database, rows: { id: string; values: (string | number | null)[]; guard: string }[]): Promise<void> {
  return writeRecounted(db, "rectification_tickets", rows);
}


/**
 * Folds up to `limit` pending changes of the 好差评 figures' counters into evaluation_day_stats;
 * returns how many. PostgreSQL only (SQLite's triggers update the counters directly): one statement
 * deletes the changes it claims (SKIP LOCKED: instances folding at once take disjoint sets) and adds
 * them up in key order. Readers sum both tables, so the figures are exact before and after.
 */
export async function foldFigureDeltas(db: Database, kind: "sqlite" | "postgres", limit: number): Promise<number> {
  if (kind !== "postgres") return 0;
  const counts = ["completed_tx", "valid", "good", "bad", "set_aside", "case_rated", "case_good", "case_bad"];
  const keys = "day, department_id, window_id, clerk_id, service_code";
  const r = await sql<{ n: string }>`
    WITH moved AS (
      DELETE FROM evaluation_day_deltas WHERE id IN (SELECT id FROM evaluation_day_deltas ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING ${sql.raw(keys)}, ${sql.raw(counts.join(", "))}),
    folded AS (
      INSERT INTO evaluation_day_stats (${sql.raw(keys)}, ${sql.raw(counts.join(", "))})
      SELECT ${sql.raw(keys)}, ${sql.raw(counts.map((c) => `sum(${c})`).join(", "))} FROM moved
      GROUP BY ${sql.raw(keys)} ORDER BY ${sql.raw(keys)}
      ON CONFLICT (${sql.raw(keys)}) DO UPDATE SET ${sql.raw(counts.map((c) => `${c} = evaluation_day_stats.${c} + excluded.${c}`).join(", "))}
      RETURNING 1)
    SELECT (SELECT count(*) FROM moved) AS n`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}
