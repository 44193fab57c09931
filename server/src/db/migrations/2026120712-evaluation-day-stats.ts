import { PostgresAdapter, sql, type Kysely } from "kysely";
import { createReadTriggers } from "./read-watch.js";

/**
 * The 好差评 figures from counters kept as ratings arrive (issue 18: no scan of every transaction per
 * request). `evaluation_day_stats` holds per day, department, window, clerk and service:
 * - of window transactions, by the day the transaction ended: `completed_tx` (completed), and of
 *   their ratings `valid`, `good` (4–5), `bad` (1–2) and `set_aside` (rated, then set aside on
 *   appeal: the transaction counts nowhere);
 * - of whole cases' ratings (一事一评), by the day given, valid only: `case_rated`, `case_good`, `case_bad`.
 * So completed = completed_tx − set_aside, rated = valid, unrated = completed_tx − valid − set_aside,
 * exactly the figures the raw records give. Triggers keep them in the transaction of the change, on
 * any writer: SQLite by direct upserts (one writer at a time); PostgreSQL through the append-only
 * `evaluation_day_deltas` (a plain insert per change, so ratings of one clerk never queue on a
 * counter row's lock until commit), which a job folds in every few seconds; readers sum both.
 *
 * Whoever caches a read (platform/read-cache.ts) learns exactly when a table it read changed: for each
 * watched table (WATCHED below, with the columns whose change matters) SQLite's triggers add one to the
 * counter `read:<table>` (read back per request: the one writer's commit is the version), PostgreSQL's
 * statement triggers send a NOTIFY on the push channel naming the table, delivered to every instance
 * when the transaction commits. db/write-watch.ts names the same tables and columns.
 */
export const WATCHED: Record<string, readonly string[] | null> = {
  service_transactions: ["status", "ended_date"],
  evaluations: ["status"],
  departments: ["name_zh", "name_en", "centre_id"],
  windows: ["number", "name_zh", "name_en"],
  centres: null,
  users: ["display_name", "staff_no", "photo_sha256"],
  window_services: ["name_zh", "name_en"],
  service_items: ["name_zh", "name_en"],
  assessment_quarters: null,
  assessment_standings: null,
  supervision_cards: null,
  rectification_tickets: null,
};
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const counts = ["completed_tx", "valid", "good", "bad", "set_aside", "case_rated", "case_good", "case_bad"];
  const keys = ["day", "department_id", "window_id", "clerk_id", "service_code"];
  let stats = db.schema.createTable("evaluation_day_stats");
  for (const k of keys) stats = stats.addColumn(k, "text", (c) => c.notNull());
  for (const c of counts) stats = stats.addColumn(c, "integer", (col) => col.notNull().defaultTo(0));
  await stats.addPrimaryKeyConstraint("evaluation_day_stats_pk", keys as never).execute();
  await sql.raw(`CREATE TABLE evaluation_day_deltas (id ${pg ? "bigserial" : "integer"} PRIMARY KEY, ${keys.map((k) => `${k} text NOT NULL`).join(", ")}, ${counts.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(", ")})`).execute(db);
  await db.schema.createIndex("evaluation_day_deltas_day_idx").on("evaluation_day_deltas").column("day").execute();
  for (const table of Object.keys(WATCHED)) await sql`INSERT INTO counters (key, value) VALUES (${`read:${table}`}, 1)`.execute(db);

  /** One change of counters at a key: `values` maps count columns to expressions (others 0). */
  const change = (key: string[], values: Record<string, string>, from?: string) => {
    const cols = [...keys, ...counts];
    const vals = [...key, ...counts.map((c) => values[c] ?? "0")];
    if (pg) return `INSERT INTO evaluation_day_deltas (${cols.join(", ")}) ${from ? `SELECT ${vals.join(", ")} FROM ${from}` : `VALUES (${vals.join(", ")})`}`;
    return `INSERT INTO evaluation_day_stats (${cols.join(", ")}) ${from ? `SELECT ${vals.join(", ")} FROM ${from}` : `VALUES (${vals.join(", ")})`}
      ON CONFLICT (${keys.join(", ")}) DO UPDATE SET ${counts.map((c) => `${c} = evaluation_day_stats.${c} + excluded.${c}`).join(", ")}`;
  };
  const txKey = (t: string) => [`${t}.ended_date`, `${t}.department_id`, `${t}.window_id`, `${t}.clerk_id`, `${t}.service_code`];
  const caseKey = (e: string) => [`${e}.created_date`, `${e}.department_id`, `COALESCE(${e}.window_id, '')`, `COALESCE(${e}.clerk_id, '')`, `${e}.service_code`];
  const good = (e: string) => `CASE WHEN ${e}.level >= 4 THEN 1 ELSE 0 END`;
  const bad = (e: string) => `CASE WHEN ${e}.level <= 2 THEN 1 ELSE 0 END`;
  /** A rating's share of its transaction's counters, `d` times (1 added, -1 taken back). */
  const txRating = (e: string, d: string, status: "valid" | "set_aside") =>
    change(
      txKey("t"),
      status === "valid" ? { valid: d, good: `${d} * ${good(e)}`, bad: `${d} * ${bad(e)}` } : { set_aside: d },
      `service_transactions t WHERE t.id = ${e}.transaction_id AND ${e}.status = '${status}'`,
    );
  const caseRating = (e: string, d: string) => change(caseKey(e), { case_rated: d, case_good: `${d} * ${good(e)}`, case_bad: `${d} * ${bad(e)}` });

  if (pg) {
    await sql
      .raw(
        `CREATE OR REPLACE FUNCTION yc_tx_figures() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'completed' AND (TG_OP = 'INSERT' OR OLD.status <> 'completed') THEN
    ${change(txKey("NEW"), { completed_tx: "1" })};
  END IF;
  RETURN NULL;
END $$`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE OR REPLACE FUNCTION yc_evaluation_figures() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status = NEW.status THEN RETURN NULL; END IF;
  IF NEW.target = 'transaction' THEN
    IF TG_OP = 'UPDATE' THEN ${txRating("OLD", "-1", "valid")}; ${txRating("OLD", "-1", "set_aside")}; END IF;
    ${txRating("NEW", "1", "valid")};
    ${txRating("NEW", "1", "set_aside")};
  ELSE
    IF TG_OP = 'UPDATE' AND OLD.status = 'valid' THEN ${caseRating("OLD", "-1")}; END IF;
    IF NEW.status = 'valid' THEN ${caseRating("NEW", "1")}; END IF;
  END IF;
  RETURN NULL;
END $$`,
      )
      .execute(db);
    // Every watched table's change, once per statement, to every instance's caches (at commit).
    await sql
      .raw(
        `CREATE OR REPLACE FUNCTION yc_read_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('yc_push', json_build_object('topic', 'read-cache', 'event', TG_TABLE_NAME, 'data', NULL)::text);
  RETURN NULL;
END $$`,
      )
      .execute(db);
    for (const [table, columns] of Object.entries(WATCHED)) await createReadTriggers(db, true, table, columns);
    await sql.raw(`CREATE TRIGGER service_transactions_figures AFTER INSERT OR UPDATE OF status ON service_transactions FOR EACH ROW EXECUTE FUNCTION yc_tx_figures()`).execute(db);
    await sql.raw(`CREATE TRIGGER evaluations_figures AFTER INSERT OR UPDATE OF status ON evaluations FOR EACH ROW EXECUTE FUNCTION yc_evaluation_figures()`).execute(db);
  } else {
    const triggers: [string, string, string][] = [
      ["service_transactions_figures_insert", "AFTER INSERT ON service_transactions WHEN NEW.status = 'completed'", change(txKey("NEW"), { completed_tx: "1" })],
      ["service_transactions_figures_update", "AFTER UPDATE OF status ON service_transactions WHEN NEW.status = 'completed' AND OLD.status <> 'completed'", change(txKey("NEW"), { completed_tx: "1" })],
      ["evaluations_figures_tx_insert", "AFTER INSERT ON evaluations WHEN NEW.target = 'transaction'", `${txRating("NEW", "1", "valid")}; ${txRating("NEW", "1", "set_aside")}`],
      [
        "evaluations_figures_tx_update",
        "AFTER UPDATE OF status ON evaluations WHEN NEW.target = 'transaction' AND OLD.status <> NEW.status",
        `${txRating("OLD", "-1", "valid")}; ${txRating("OLD", "-1", "set_aside")};
         ${txRating("NEW", "1", "valid")}; ${txRating("NEW", "1", "set_aside")}`,
      ],
      ["evaluations_figures_case_insert", "AFTER INSERT ON evaluations WHEN NEW.target = 'case' AND NEW.status = 'valid'", caseRating("NEW", "1")],
      ["evaluations_figures_case_away", "AFTER UPDATE OF status ON evaluations WHEN NEW.target = 'case' AND OLD.status = 'valid' AND NEW.status <> 'valid'", caseRating("OLD", "-1")],
      ["evaluations_figures_case_back", "AFTER UPDATE OF status ON evaluations WHEN NEW.target = 'case' AND OLD.status <> 'valid' AND NEW.status = 'valid'", caseRating("NEW", "1")],
    ];
    for (const [name, when, body] of triggers) await sql.raw(`CREATE TRIGGER ${name} ${when} BEGIN ${body}; END`).execute(db);
    // Every watched table's change counted (SQLite has row triggers only: one per row, in the writer's transaction).
    for (const [table, columns] of Object.entries(WATCHED)) await createReadTriggers(db, false, table, columns);
  }

  // The counters of what is already recorded.
  const into = `INSERT INTO evaluation_day_stats (${[...keys, ...counts].join(", ")})`;
  const upsert = `ON CONFLICT (${keys.join(", ")}) DO UPDATE SET ${counts.map((c) => `${c} = evaluation_day_stats.${c} + excluded.${c}`).join(", ")}`;
  await sql
    .raw(
      `${into} SELECT t.ended_date, t.department_id, t.window_id, t.clerk_id, t.service_code, count(*),
         sum(CASE WHEN e.status = 'valid' THEN 1 ELSE 0 END), sum(CASE WHEN e.status = 'valid' AND e.level >= 4 THEN 1 ELSE 0 END),
         sum(CASE WHEN e.status = 'valid' AND e.level <= 2 THEN 1 ELSE 0 END), sum(CASE WHEN e.status = 'set_aside' THEN 1 ELSE 0 END), 0, 0, 0
       FROM service_transactions t LEFT JOIN evaluations e ON e.transaction_id = t.id AND e.target = 'transaction'
       WHERE t.status = 'completed' AND t.ended_date IS NOT NULL
       GROUP BY t.ended_date, t.department_id, t.window_id, t.clerk_id, t.service_code`,
    )
    .execute(db);
  await sql
    .raw(
      `${into} SELECT e.created_date, e.department_id, COALESCE(e.window_id, ''), COALESCE(e.clerk_id, ''), e.service_code, 0, 0, 0, 0, 0,
         count(*), sum(CASE WHEN e.level >= 4 THEN 1 ELSE 0 END), sum(CASE WHEN e.level <= 2 THEN 1 ELSE 0 END)
       FROM evaluations e WHERE e.target = 'case' AND e.status = 'valid'
       GROUP BY e.created_date, e.department_id, COALESCE(e.window_id, ''), COALESCE(e.clerk_id, ''), e.service_code
       ${upsert}`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql.raw("DROP TRIGGER IF EXISTS evaluations_figures ON evaluations").execute(db);
    await sql.raw("DROP TRIGGER IF EXISTS service_transactions_figures ON service_transactions").execute(db);
    for (const table of Object.keys(WATCHED)) await sql.raw(`DROP TRIGGER IF EXISTS ${table}_read_changed ON ${table}`).execute(db);
    await sql.raw("DROP FUNCTION IF EXISTS yc_read_changed()").execute(db);
    await sql.raw("DROP FUNCTION IF EXISTS yc_evaluation_figures()").execute(db);
    await sql.raw("DROP FUNCTION IF EXISTS yc_tx_figures()").execute(db);
  } else {
    for (const t of [
      "service_transactions_figures_insert",
      "service_transactions_figures_update",
      "evaluations_figures_tx_insert",
      "evaluations_figures_tx_update",
      "evaluations_figures_case_insert",
      "evaluations_figures_case_away",
      "evaluations_figures_case_back",
      ...Object.keys(WATCHED).flatMap((table) => ["insert", "delete", "update"].map((op) => `${table}_read_${op}`)),
    ])
      await sql.raw(`DROP TRIGGER IF EXISTS ${t}`).execute(db);
  }
  await sql`DELETE FROM counters WHERE key LIKE 'read:%'`.execute(db);
  await db.schema.dropTable("evaluation_day_deltas").execute();
  await db.schema.dropTable("evaluation_day_stats").execute();
}
