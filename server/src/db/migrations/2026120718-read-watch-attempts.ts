import { PostgresAdapter, sql, type Kysely } from "kysely";
import { createTriggers, dropTriggers } from "./2026120717-read-watch-lists.js";

/**
 * The tries at secrets (login_attempts), watched like the lists' tables (2026120717): who failed lately
 * is kept until a try is recorded, so a try from an address and of a subject with no failure is let
 * through without counting (identity/attempts.service.ts). db/write-watch.ts names the same.
 */
export const WATCHED: Record<string, readonly string[] | null> = {
  login_attempts: null,
};

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const [table, columns] of Object.entries(WATCHED)) {
    await sql`INSERT INTO counters (key, value) VALUES (${`read:${table}`}, 1)`.execute(db);
    await createTriggers(db, pg, table, columns);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const table of Object.keys(WATCHED)) {
    await dropTriggers(db, pg, table);
    await sql`DELETE FROM counters WHERE key = ${`read:${table}`}`.execute(db);
  }
}
