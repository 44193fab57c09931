import { PostgresAdapter, sql, type Kysely } from "kysely";

/**
 * Quarterly assessment and service stars (服务明星): versioned star schemes, closed quarters
 * with their frozen standings, and per-clerk, per-window, per-day counters kept up to date by
 * triggers as transactions complete and ratings arrive (and are set aside on appeal), so a
 * quarter closes by summing a few hundred thousand counter rows instead of millions of ratings.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("star_schemes")
    .addColumn("version", "integer", (c) => c.primaryKey())
    .addColumn("scheme", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("assessment_quarters")
    .addColumn("quarter", "text", (c) => c.primaryKey())
    .addColumn("from_date", "text", (c) => c.notNull())
    .addColumn("to_date", "text", (c) => c.notNull())
    .addColumn("scheme_version", "integer", (c) => c.notNull())
    .addColumn("scheme", "text", (c) => c.notNull())
    .addColumn("clerks", "integer", (c) => c.notNull())
    .addColumn("windows", "integer", (c) => c.notNull())
    .addColumn("stars", "integer", (c) => c.notNull())
    .addColumn("closed_by", "text", (c) => c.notNull())
    .addColumn("closed_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("assessment_standings")
    .addColumn("quarter", "text", (c) => c.notNull())
    // clerk | window
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("subject_id", "text", (c) => c.notNull())
    .addColumn("centre_id", "text", (c) => c.notNull())
    .addColumn("department_id", "text")
    // A clerk's window: where they completed most transactions in the quarter.
    .addColumn("window_id", "text")
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("rank", "integer")
    .addColumn("star", "integer", (c) => c.notNull())
    .addColumn("eligible", "integer", (c) => c.notNull())
    // Consecutive closed quarters as star, this one included (0 when not a star).
    .addColumn("streak", "integer", (c) => c.notNull())
    // The Standing as rankQuarter gave it: inputs, dimensions, formulas, reasons, tie-break.
    .addColumn("standing", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("assessment_standings_pk", ["quarter", "kind", "subject_id"])
    .execute();
  await db.schema.createIndex("assessment_standings_subject_idx").on("assessment_standings").columns(["subject_id", "quarter"]).execute();

  await db.schema
    .createTable("clerk_day_stats")
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("clerk_id", "text", (c) => c.notNull())
    .addColumn("window_id", "text", (c) => c.notNull())
    .addColumn("completed", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("rated", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("good", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("bad", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("clerk_day_stats_pk", ["day", "clerk_id", "window_id"])
    .execute();

  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  if (pg) {
    await createPgCounterFunctions(db);
    await sql.raw(`CREATE TRIGGER service_transactions_stats AFTER INSERT OR UPDATE OF status ON service_transactions FOR EACH ROW EXECUTE FUNCTION yc_tx_stats()`).execute(db);
    await sql.raw(`CREATE TRIGGER evaluations_stats AFTER INSERT OR UPDATE OF status ON evaluations FOR EACH ROW EXECUTE FUNCTION yc_evaluation_stats()`).execute(db);
  } else {
    await sql
      .raw(
        `CREATE TRIGGER service_transactions_stats_insert AFTER INSERT ON service_transactions WHEN NEW.status = 'completed'
BEGIN ${bump("NEW.ended_date", "NEW.clerk_id", "NEW.window_id", "1", "0", "0", "0")}; END`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER service_transactions_stats_update AFTER UPDATE OF status ON service_transactions WHEN NEW.status = 'completed' AND OLD.status <> 'completed'
BEGIN ${bump("NEW.ended_date", "NEW.clerk_id", "NEW.window_id", "1", "0", "0", "0")}; END`,
      )
      .execute(db);
    const evWhen = "NEW.transaction_id IS NOT NULL AND NEW.clerk_id IS NOT NULL AND NEW.window_id IS NOT NULL";
    await sql
      .raw(
        `CREATE TRIGGER evaluations_stats_insert AFTER INSERT ON evaluations WHEN NEW.status = 'valid' AND ${evWhen}
BEGIN ${bump("NEW.created_date", "NEW.clerk_id", "NEW.window_id", "0", "1", good("NEW.level"), bad("NEW.level"))}; END`,
      )
      .execute(db);
    const changes = [
      { name: "set_aside", cond: "OLD.status = 'valid' AND NEW.status <> 'valid'", d: "-1" },
      { name: "restore", cond: "OLD.status <> 'valid' AND NEW.status = 'valid'", d: "1" },
    ];
    for (const { name, cond, d } of changes) {
      await sql
        .raw(
          `CREATE TRIGGER evaluations_stats_${name} AFTER UPDATE OF status ON evaluations WHEN ${cond} AND ${evWhen}
BEGIN
  ${bump("NEW.created_date", "NEW.clerk_id", "NEW.window_id", "0", d, `${d} * ${good("NEW.level")}`, `${d} * ${bad("NEW.level")}`)};
  ${bump(endedDay("NEW.transaction_id"), "NEW.clerk_id", "NEW.window_id", d, "0", "0", "0")};
END`,
        )
        .execute(db);
    }
  }

  // Counters for what is already recorded (a database from before this migration).
  await sql
    .raw(
      `INSERT INTO clerk_day_stats (day, clerk_id, window_id, completed, rated, good, bad)
       SELECT t.ended_date, t.clerk_id, t.window_id, count(*), 0, 0, 0
       FROM service_transactions t
       WHERE t.status = 'completed' AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.transaction_id = t.id AND e.status <> 'valid')
       GROUP BY t.ended_date, t.clerk_id, t.window_id`,
    )
    .execute(db);
  await sql
    .raw(
      `INSERT INTO clerk_day_stats (day, clerk_id, window_id, completed, rated, good, bad)
       SELECT e.created_date, e.clerk_id, e.window_id, 0, count(*), sum(${good("e.level")}), sum(${bad("e.level")})
       FROM evaluations e
       WHERE e.status = 'valid' AND e.transaction_id IS NOT NULL AND e.clerk_id IS NOT NULL AND e.window_id IS NOT NULL
       GROUP BY e.created_date, e.clerk_id, e.window_id
       ON CONFLICT (day, clerk_id, window_id) DO UPDATE SET rated = excluded.rated, good = excluded.good, bad = excluded.bad`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  if (pg) {
    await sql.raw("DROP TRIGGER IF EXISTS evaluations_stats ON evaluations").execute(db);
    await sql.raw("DROP TRIGGER IF EXISTS service_transactions_stats ON service_transactions").execute(db);
    await sql.raw("DROP FUNCTION IF EXISTS yc_evaluation_stats()").execute(db);
    await sql.raw("DROP FUNCTION IF EXISTS yc_tx_stats()").execute(db);
  } else {
    for (const t of ["evaluations_stats_insert", "evaluations_stats_set_aside", "evaluations_stats_restore", "service_transactions_stats_insert", "service_transactions_stats_update"]) {
      await sql.raw(`DROP TRIGGER IF EXISTS ${t}`).execute(db);
    }
  }
  for (const t of ["clerk_day_stats", "assessment_standings", "assessment_quarters", "star_schemes"]) await db.schema.dropTable(t).execute();
}

/** One upsert adds deltas to a day's counters; both engines share its text. */
const bump = (day: string, clerk: string, window: string, completed: string, rated: string, good: string, bad: string) => `
  INSERT INTO clerk_day_stats (day, clerk_id, window_id, completed, rated, good, bad)
  VALUES (${day}, ${clerk}, ${window}, ${completed}, ${rated}, ${good}, ${bad})
  ON CONFLICT (day, clerk_id, window_id) DO UPDATE SET
    completed = clerk_day_stats.completed + excluded.completed,
    rated = clerk_day_stats.rated + excluded.rated,
    good = clerk_day_stats.good + excluded.good,
    bad = clerk_day_stats.bad + excluded.bad`;
const good = (lvl: string) => `CASE WHEN ${lvl} >= 4 THEN 1 ELSE 0 END`;
const bad = (lvl: string) => `CASE WHEN ${lvl} <= 2 THEN 1 ELSE 0 END`;
// The transaction's end day, for a rating set aside (its transaction then counts nowhere).
const endedDay = (tx: string) => `(SELECT ended_date FROM service_transactions WHERE id = ${tx})`;

/**
 * PostgreSQL's trigger functions that keep clerk_day_stats by direct upserts (2026112707 later
 * routes the changes through clerk_day_deltas; its down puts these back).
 */
export async function createPgCounterFunctions(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `CREATE OR REPLACE FUNCTION yc_tx_stats() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.status = 'completed' AND (TG_OP = 'INSERT' OR OLD.status <> 'completed') THEN
      ${bump("NEW.ended_date", "NEW.clerk_id", "NEW.window_id", "1", "0", "0", "0")};
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
      IF NEW.status = 'valid' THEN
        ${bump("NEW.created_date", "NEW.clerk_id", "NEW.window_id", "0", "1", good("NEW.level"), bad("NEW.level"))};
      END IF;
      RETURN NULL;
    END IF;
    IF OLD.status = NEW.status OR (OLD.status <> 'valid' AND NEW.status <> 'valid') THEN RETURN NULL; END IF;
    d := CASE WHEN NEW.status = 'valid' THEN 1 ELSE -1 END;
    ${bump("NEW.created_date", "NEW.clerk_id", "NEW.window_id", "0", "d", `d * ${good("NEW.level")}`, `d * ${bad("NEW.level")}`)};
    ${bump(endedDay("NEW.transaction_id"), "NEW.clerk_id", "NEW.window_id", "d", "0", "0", "0")};
    RETURN NULL;
  END $$`,
    )
    .execute(db);
}
