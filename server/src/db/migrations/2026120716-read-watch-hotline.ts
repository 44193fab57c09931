import { PostgresAdapter, sql, type Kysely } from "kysely";

/**
 * Two more tables whose changes cached reads follow (see 2026120712): the 12316 tickets and their
 * callers' names, for the public Open311 list (every public request of 90 days, read again only when a
 * ticket or a caller's name changes). db/write-watch.ts names the same.
 */
export const WATCHED: Record<string, readonly string[] | null> = {
  hotline_tickets: null,
  hotline_callers: ["name"],
};

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const [table, columns] of Object.entries(WATCHED)) {
    await sql`INSERT INTO counters (key, value) VALUES (${`read:${table}`}, 1)`.execute(db);
    if (pg) {
      await sql.raw(`CREATE TRIGGER ${table}_read_changed AFTER INSERT OR DELETE OR UPDATE${columns ? ` OF ${columns.join(", ")}` : ""} ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION yc_read_changed()`).execute(db);
    } else {
      const bump = `UPDATE counters SET value = value + 1 WHERE key = 'read:${table}'`;
      for (const op of ["INSERT", "DELETE", `UPDATE${columns ? ` OF ${columns.join(", ")}` : ""}`]) {
        await sql.raw(`CREATE TRIGGER ${table}_read_${op.slice(0, 6).toLowerCase()} AFTER ${op} ON ${table} BEGIN ${bump}; END`).execute(db);
      }
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const table of Object.keys(WATCHED)) {
    if (pg) await sql.raw(`DROP TRIGGER IF EXISTS ${table}_read_changed ON ${table}`).execute(db);
    else for (const op of ["insert", "delete", "update"]) await sql.raw(`DROP TRIGGER IF EXISTS ${table}_read_${op}`).execute(db);
    await sql`DELETE FROM counters WHERE key = ${`read:${table}`}`.execute(db);
  }
}
