import { PostgresAdapter, sql, type Kysely } from "kysely";

/**
 * The triggers that count a watched table's changes for the read cache (platform/read-cache.ts), as the
 * migrations 2026120712 and after create them: PostgreSQL a NOTIFY per statement (yc_read_changed(),
 * made by 2026120712), SQLite one more on the counter `read:<table>` per row, in the writer's
 * transaction; an update counts only when it sets one of `columns` (null: any).
 */
export async function createReadTriggers(db: Kysely<unknown>, pg: boolean, table: string, columns: readonly string[] | null): Promise<void> {
  const update = `UPDATE${columns ? ` OF ${columns.join(", ")}` : ""}`;
  if (pg) {
    await sql.raw(`CREATE TRIGGER ${table}_read_changed AFTER INSERT OR DELETE OR ${update} ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION yc_read_changed()`).execute(db);
    return;
  }
  const bump = `UPDATE counters SET value = value + 1 WHERE key = 'read:${table}'`;
  for (const op of ["INSERT", "DELETE", update]) {
    await sql.raw(`CREATE TRIGGER ${table}_read_${op.slice(0, 6).toLowerCase()} AFTER ${op} ON ${table} BEGIN ${bump}; END`).execute(db);
  }
}

/** Drops the triggers createReadTriggers made. */
export async function dropReadTriggers(db: Kysely<unknown>, pg: boolean, table: string): Promise<void> {
  if (pg) await sql.raw(`DROP TRIGGER IF EXISTS ${table}_read_changed ON ${table}`).execute(db);
  else for (const op of ["insert", "delete", "update"]) await sql.raw(`DROP TRIGGER IF EXISTS ${table}_read_${op}`).execute(db);
}

/** Starts counting `table`'s changes: its counter and its triggers. */
export async function watchTable(db: Kysely<unknown>, pg: boolean, table: string, columns: readonly string[] | null): Promise<void> {
  await sql`INSERT INTO counters (key, value) VALUES (${`read:${table}`}, 1)`.execute(db);
  await createReadTriggers(db, pg, table, columns);
}

/** Stops counting `table`'s changes. */
export async function unwatchTable(db: Kysely<unknown>, pg: boolean, table: string): Promise<void> {
  await dropReadTriggers(db, pg, table);
  await sql`DELETE FROM counters WHERE key = ${`read:${table}`}`.execute(db);
}

/** A migration's up that only starts watching `tables` (name → the columns whose update counts, null: any). */
export async function watchTables(db: Kysely<unknown>, tables: Record<string, readonly string[] | null>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const [table, columns] of Object.entries(tables)) await watchTable(db, pg, table, columns);
}

/** Its down: stops watching them. */
export async function unwatchTables(db: Kysely<unknown>, tables: Record<string, readonly string[] | null>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const table of Object.keys(tables)) await unwatchTable(db, pg, table);
}
