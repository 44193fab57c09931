import type { Kysely } from "kysely";
import { unwatchTables, watchTables } from "./read-watch.js";

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
  await watchTables(db, WATCHED);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await unwatchTables(db, WATCHED);
}
