import type { Kysely } from "kysely";
import { unwatchTables, watchTables } from "./read-watch.js";

/**
 * The tries at secrets (login_attempts), watched like the lists' tables (2026120717): a try that nothing
 * holds back is kept so until a try is recorded (identity/attempts.service.ts). db/write-watch.ts names the same.
 */
export const WATCHED: Record<string, readonly string[] | null> = {
  login_attempts: null,
};

export async function up(db: Kysely<unknown>): Promise<void> {
  await watchTables(db, WATCHED);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await unwatchTables(db, WATCHED);
}
