import { PostgresAdapter, sql, type Kysely } from "kysely";
import { createPgCounterFunctions } from "./2026112705-assessment.js";

/**
 * On PostgreSQL the per-day counters take their changes through an append-only table of deltas:
 * a rating, a completed transaction or a rating set aside adds a row there (a plain insert, so
 * ratings of one clerk never queue for a counter row's lock until commit — with the upsert, 50
 * connections rating one clerk ran at the commit rate, 39 % of a bare insert), and a job folds
 * the deltas into clerk_day_stats every few seconds. Readers sum both, so the counts are exact at
 * every moment. The table exists on SQLite too (readers are the same) but stays empty there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await sql
    .raw(
      `CREATE TABLE clerk_day_deltas (
        id ${pg ? "bigserial" : "integer"} PRIMARY KEY,
        day text NOT NULL, clerk_id text NOT NULL, window_id text NOT NULL,
        completed integer NOT NULL, rated integer NOT NULL, good integer NOT NULL, bad integer NOT NULL)`,
    )
    .execute(db);

  const add = (day: string, completed: string, rated: string, good: string, bad: string) =>
    `INSERT INTO clerk_day_deltas (day, clerk_id, window_id, completed, rated, good, bad) VALUES (${day}, NEW.clerk_id, NEW.window_id, ${completed}, ${rated}, ${good}, ${bad})`;
  const good = (d: string) => `${d} * (CASE WHEN NEW.level >= 4 THEN 1 ELSE 0 END)`;
  const bad = (d: string) => `${d} * (CASE WHEN NEW.level <= 2 THEN 1 ELSE 0 END)`;
  const endedDay = "(SELECT ended_date FROM service_transactions WHERE id = NEW.transaction_id)";

  if (pg) {
    await sql
      .raw(
        `CREATE OR REPLACE FUNCTION yc_tx_stats() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'completed' AND (TG_OP = 'INSERT' OR OLD.status <> 'completed') THEN
    ${add("NEW.ended_date", "1", "0", "0", "0")};
  END IF;
  RETURN NULL;
END $$`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE OR REPLACE FUNCTION yc_evaluation_stats() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE d integer;
BEGIN
  IF NEW.transaction_id IS NULL OR NEW.clerk_id IS NULL OR NEW.window_id IS NULL THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.status = 'valid' THEN ${add("NEW.created_date", "0", "1", good("1"), bad("1"))}; END IF;
    RETURN NULL;
  END IF;
  IF OLD.status = NEW.status OR (OLD.status <> 'valid' AND NEW.status <> 'valid') THEN RETURN NULL; END IF;
  d := CASE WHEN NEW.status = 'valid' THEN 1 ELSE -1 END;
  ${add("NEW.created_date", "0", "d", good("d"), bad("d"))};
  ${add(endedDay, "d", "0", "0", "0")};
  RETURN NULL;
END $$`,
      )
      .execute(db);
  }
  // SQLite keeps its direct upserts: one writer at a time, so no rating ever waits on a counter
  // row's lock, and no fold job has to take the write lock every few seconds.
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    // Pending changes into the counters, then the direct upserts back.
    await sql`INSERT INTO clerk_day_stats (day, clerk_id, window_id, completed, rated, good, bad)
      SELECT day, clerk_id, window_id, sum(completed), sum(rated), sum(good), sum(bad) FROM clerk_day_deltas GROUP BY day, clerk_id, window_id
      ON CONFLICT (day, clerk_id, window_id) DO UPDATE SET completed = clerk_day_stats.completed + excluded.completed,
        rated = clerk_day_stats.rated + excluded.rated, good = clerk_day_stats.good + excluded.good, bad = clerk_day_stats.bad + excluded.bad`.execute(db);
    await createPgCounterFunctions(db);
  }
  await db.schema.dropTable("clerk_day_deltas").execute();
}
