import type { Kysely } from "kysely";

/**
 * Who is ranked in a quarter (clerks and windows with counters in it) is found by clerk and by
 * window: without these a close scanned the day counters once per other user and window
 * (≈ 250 ms of a 550 ms close over 10M ratings). Counter updates stay in place (the indexed
 * columns never change), so ratings pay nothing measurable.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex("clerk_day_stats_clerk_idx").on("clerk_day_stats").columns(["clerk_id", "day"]).execute();
  await db.schema.createIndex("clerk_day_stats_window_idx").on("clerk_day_stats").columns(["window_id", "day"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("clerk_day_stats_window_idx").execute();
  await db.schema.dropIndex("clerk_day_stats_clerk_idx").execute();
}
