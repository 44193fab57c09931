import type { Kysely } from "kysely";
import { unwatchTables, watchTables } from "./read-watch.js";

/**
 * The audit log, watched like the lists' tables (2026120717): a page of the supervisors' search is kept
 * until an entry is written (audit/audit.service.ts). Entries are only ever inserted, in the audited
 * change's transaction or in the audit writer's batches: SQLite counts each row, PostgreSQL NOTIFYs once
 * per statement (a batch of up to 500 entries). db/write-watch.ts names the same.
 */
export const WATCHED: Record<string, readonly string[] | null> = {
  audit_log: null,
};

export async function up(db: Kysely<unknown>): Promise<void> {
  await watchTables(db, WATCHED);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await unwatchTables(db, WATCHED);
}
