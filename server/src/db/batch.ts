import { sql } from "kysely";
import type { Database, DatabaseKind } from "./database.js";
import type { DB } from "./schema.js";

/**
 * Many rows of one table updated by their ids in one statement, each with its own values:
 * `UPDATE t SET a = v.column2 … FROM (VALUES (id, a, …, guard), …) AS v WHERE t.id = v.column1`. The
 * same SQL runs on SQLite (≥ 3.33) and PostgreSQL (VALUES columns are column1, column2 … on both);
 * integer columns are cast, as PostgreSQL takes untyped parameters for text. With `guard`, a row is
 * written only while that column still holds the value given last in its row (a row changed since it
 * was read is left to whoever changed it). One round trip per batch instead of one per row.
 */
export async function updateByIds<T extends keyof DB & string>(
  db: Database,
  table: T,
  columns: readonly { name: keyof DB[T] & string; type: "text" | "integer" }[],
  rows: readonly { id: string; values: readonly (string | number | null)[]; guard?: string }[],
  guard?: keyof DB[T] & string,
): Promise<void> {
  const width = columns.length + (guard ? 2 : 1);
  // 5,000 parameters a statement at most, far under both engines' limits.
  const perStatement = Math.max(1, Math.floor(5000 / width));
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const values = sql.join(chunk.map((r) => sql`(${sql.join([r.id, ...r.values, ...(guard ? [r.guard ?? null] : [])])})`));
    const sets = sql.join(
      columns.map((c, k) => {
        const ref = sql.raw(`v.column${k + 2}`);
        return sql`${sql.ref(c.name)} = ${c.type === "integer" ? sql`CAST(${ref} AS INTEGER)` : ref}`;
      }),
    );
    const guarded = guard ? sql` AND ${sql.ref(`${table}.${guard}`)} = ${sql.raw(`v.column${width}`)}` : sql``;
    await sql`UPDATE ${sql.table(table)} SET ${sets} FROM (VALUES ${values}) AS v WHERE ${sql.ref(`${table}.id`)} = v.column1${guarded}`.execute(db);
  }
}

/**
 * The tables whose open rows carry deadlines counted on a calendar revision: their open statuses (as
 * their partial calendar index has them) and the columns a recount writes (with calendar_rev).
 */
const COUNTED_TABLES = {
  review_tasks: { open: ["open", "awaiting_supplement"], dates: ["deadline_date", "yellow_date"], provisional: "deadline_provisional" },
  rectification_tickets: { open: ["open", "verified"], dates: ["verify_due", "fix_due"], provisional: "deadlines_estimated" },
  hotline_tickets: { open: ["open", "transferred", "visit"], dates: ["response_due_at", "solution_due_at"], provisional: "due_provisional" },
} as const;

/** A table whose open rows carry deadlines counted on a calendar revision. */
export type CountedTable = keyof typeof COUNTED_TABLES;

/**
 * Writes a recount's new dates: per row [its two dates, its 预计 flag (0/1), the calendar revision],
 * only where the row is still as read (`guard`: its updated_at then).
 */
export async function writeRecounted(db: Database, table: CountedTable, rows: readonly { id: string; values: readonly (string | number | null)[]; guard: string }[]): Promise<void> {
  const t = COUNTED_TABLES[table];
  const columns = [...t.dates.map((name) => ({ name, type: "text" as const })), { name: t.provisional, type: "integer" as const }, { name: "calendar_rev", type: "integer" as const }];
  await updateByIds(db, table, columns as { name: keyof DB[typeof table] & string; type: "text" | "integer" }[], rows, "updated_at");
}

/** Where a scan of a table's open rows stands: after this (calendar_rev, id). */
export interface ScanCursor {
  rev: number;
  id: string;
}

/** A cursor before every row. */
export const SCAN_START: ScanCursor = { rev: -2_147_483_648, id: "" };

/**
 * The next `limit` open rows (their `columns`, with `id` and `calendar_rev`) counted on a calendar
 * revision before `revision`, after `cursor`, in (calendar_rev, id) order: one range of the table's
 * partial calendar index, so a whole scan reads each open row once. SQLite is told the index
 * (`INDEXED BY`: without statistics its planner may take a status index and sort every open row for
 * each batch); PostgreSQL, whose statistics right after a bulk change say "a few rows", is kept from a
 * bitmap of every row and a sort, for the rest of the caller's transaction. Returns the rows and the
 * cursor after them (null at the end).
 */
export async function nextOpenRows<T extends CountedTable, C extends keyof DB[T] & string>(
  db: Database,
  kind: DatabaseKind,
  table: T,
  columns: readonly C[],
  revision: number,
  cursor: ScanCursor,
  limit: number,
): Promise<{ rows: (Pick<DB[T], C> & { id: string; calendar_rev: number })[]; cursor: ScanCursor | null }> {
  const statuses = sql.join(COUNTED_TABLES[table].open.map((s) => sql.lit(s)));
  const from = kind === "sqlite" ? sql`${sql.table(table)} INDEXED BY ${sql.raw(`${table}_calendar_idx`)}` : sql.table(table);
  if (kind === "postgres") await sql`SELECT set_config('enable_bitmapscan', 'off', true), set_config('enable_sort', 'off', true)`.execute(db);
  const list = sql.join([...new Set(["id", "calendar_rev", ...columns])].map((c) => sql.ref(c)));
  const r = await sql<Pick<DB[T], C> & { id: string; calendar_rev: number }>`SELECT ${list} FROM ${from}
    WHERE status IN (${statuses}) AND calendar_rev < ${revision} AND (calendar_rev, id) > (${cursor.rev}, ${cursor.id})
    ORDER BY calendar_rev, id LIMIT ${limit}`.execute(db);
  const last = r.rows.at(-1);
  return { rows: r.rows, cursor: last && r.rows.length === limit ? { rev: Number(last.calendar_rev), id: last.id } : null };
}
