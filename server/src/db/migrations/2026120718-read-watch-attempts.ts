import { PostgresAdapter, type Kysely } from "kysely";
import { unwatchTable, watchTable } from "./read-watch.js";

/**
 * The tries at secrets (login_attempts), watched like the lists' tables (2026120717): a try that nothing
 * holds back is kept so until a try is recorded (identity/attempts.service.ts). db/write-watch.ts names the same.
 */
export const WATCHED: Record<string, readonly string[] | null> = {
  login_attempts: null,
};

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const [table, columns] of Object.entries(WATCHED)) await watchTable(db, pg, table, columns);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const table of Object.keys(WATCHED)) await unwatchTable(db, pg, table);
}
