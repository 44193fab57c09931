import { sql } from "kysely";
import type { Database } from "../db/database.js";
import type { ServiceTransactionTable, WindowShiftTable } from "../db/schema.js";

/** The clerk's shift in progress, with its window. */
export function openShiftOf(db: Database, clerkId: string) {
  return db
    .selectFrom("window_shifts as s")
    .innerJoin("windows as w", "w.id", "s.window_id")
    .select(["s.id", "s.window_id", "s.started_at", "w.number", "w.name_zh", "w.name_en", "w.department_id"])
    .where("s.clerk_id", "=", clerkId)
    .where("s.ended_at", "is", null)
    .orderBy("s.started_at", "desc")
    .executeTakeFirst();
}

/**
 * The desk's first read, in one query: the clerk's home window and the shift in progress with its
 * window (null columns when none).
 */
export function deskShiftOf(db: Database, clerkId: string) {
  return db
    .selectFrom("users as u")
    .leftJoin("window_shifts as s", (j) => j.onRef("s.clerk_id", "=", "u.id").on("s.ended_at", "is", null))
    .leftJoin("windows as w", "w.id", "s.window_id")
    .select(["u.home_window_id", "s.window_id", "s.started_at", "w.number", "w.name_zh", "w.name_en"])
    .where("u.id", "=", clerkId)
    .orderBy("s.started_at", "desc")
    .limit(1)
    .executeTakeFirst();
}

/**
 * A department's active windows (by number) and window services (by code), in one query: `kind` is
 * null for a window; `key` is a window's id or a service's code.
 */
export function deskChoicesOf(db: Database, departmentId: string) {
  return db
    .selectFrom("windows")
    .select([sql.lit(0).as("part"), "id as key", "number", "name_zh", "name_en", sql<string | null>`null`.as("kind")])
    .where("department_id", "=", departmentId)
    .where("active", "=", 1)
    .unionAll((eb) =>
      eb
        .selectFrom("window_services")
        .select([sql.lit(1).as("part"), "code as key", "code as number", "name_zh", "name_en", "kind"])
        .where("department_id", "=", departmentId)
        .where("active", "=", 1),
    )
    .orderBy("part")
    .orderBy("number")
    .execute();
}

/** Ends every open shift of a clerk, or at a window. */
export async function endShifts(db: Database, by: { clerkId?: string; windowId?: string }, at: string): Promise<string[]> {
  let q = db.updateTable("window_shifts").set({ ended_at: at }).where("ended_at", "is", null);
  if (by.clerkId) q = q.where("clerk_id", "=", by.clerkId);
  if (by.windowId) q = q.where("window_id", "=", by.windowId);
  const rows = await q.returning("clerk_id").execute();
  return rows.map((r) => r.clerk_id);
}

export async function insertShift(db: Database, row: WindowShiftTable): Promise<void> {
  await db.insertInto("window_shifts").values(row).execute();
}

/** Who is signed in at a window now. */
export function clerkAtWindow(db: Database, windowId: string) {
  return db
    .selectFrom("window_shifts as s")
    .innerJoin("users as u", "u.id", "s.clerk_id")
    .select(["u.id", "u.display_name", "u.staff_no"])
    .where("s.window_id", "=", windowId)
    .where("s.ended_at", "is", null)
    .executeTakeFirst();
}

export function findService(db: Database, code: string) {
  return db.selectFrom("window_services").selectAll().where("code", "=", code).executeTakeFirst();
}

export async function insertTransaction(db: Database, row: ServiceTransactionTable): Promise<void> {
  await db.insertInto("service_transactions").values(row).execute();
}

export function findTransaction(db: Database, id: string) {
  return db.selectFrom("service_transactions").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Moves a transaction from `from` to a new state; false when it was not in `from` (another request won). */
export async function updateTransaction(db: Database, id: string, from: string, patch: Partial<ServiceTransactionTable>): Promise<boolean> {
  const r = await db.updateTable("service_transactions").set(patch).where("id", "=", id).where("status", "=", from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The clerk's transaction still open, if any. */
export function openTransactionOf(db: Database, clerkId: string) {
  return db.selectFrom("service_transactions").selectAll().where("clerk_id", "=", clerkId).where("status", "=", "open").executeTakeFirst();
}

/** A clerk's transactions since `since` (newest first), without anything about ratings. */
export function transactionsOf(db: Database, clerkId: string, since: string, limit = 100) {
  return db
    .selectFrom("service_transactions as t")
    .innerJoin("windows as w", "w.id", "t.window_id")
    .leftJoin("cases as c", "c.id", "t.case_id")
    .leftJoin("supervision_cards as sc", "sc.transaction_id", "t.id")
    .select([
      "t.id",
      "t.kind",
      "t.service_code",
      "t.service_name",
      "t.status",
      "t.started_at",
      "t.ended_at",
      "t.citizen_name",
      "t.case_id",
      "c.number as case_number",
      "w.number as window_number",
      "sc.code as card_code",
    ])
    .where("t.clerk_id", "=", clerkId)
    .where("t.started_at", ">=", since)
    .orderBy("t.started_at", "desc")
    .limit(limit)
    .execute();
}

/** The latest completed transaction at a window whose evaluator prompt is still open and that nobody rated. */
export function pendingPromptAt(db: Database, windowId: string, now: string) {
  return db
    .selectFrom("service_transactions as t")
    .leftJoin("evaluations as e", "e.transaction_id", "t.id")
    .selectAll("t")
    .where("t.window_id", "=", windowId)
    .where("t.status", "=", "completed")
    .where("t.prompt_expires_at", ">", now)
    .where("e.id", "is", null)
    .orderBy("t.ended_at", "desc")
    .limit(1)
    .executeTakeFirst();
}

/**
 * Closes the prompts still open at a window when a newer transaction takes the evaluator:
 * the replaced one counts as asked until now, so neither a reload nor a reconnect shows it again.
 */
export async function closeOpenPrompts(db: Database, windowId: string, exceptId: string, at: string): Promise<void> {
  await db
    .updateTable("service_transactions")
    .set({ prompt_expires_at: at })
    .where("window_id", "=", windowId)
    .where("status", "=", "completed")
    .where("prompt_expires_at", ">", at)
    .where("id", "!=", exceptId)
    .execute();
}

/** A service's English name: a window service's, else a registration service item's; null when neither has it. */
export async function serviceNameEn(db: Database, code: string): Promise<string | null> {
  return (
    (await db.selectFrom("window_services").select("name_en").where("code", "=", code).executeTakeFirst())?.name_en ??
    (await db.selectFrom("service_items").select("name_en").where("code", "=", code).executeTakeFirst())?.name_en ??
    null
  );
}
