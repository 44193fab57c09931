import { sql } from "kysely";
import { readOffThread, type Database } from "../db/database.js";
import type { AssessmentQuarterTable, AssessmentStandingTable, ClerkDayStatsTable } from "../db/schema.js";

// ---- schemes ----

export function latestScheme(db: Database) {
  return db.selectFrom("star_schemes").selectAll().orderBy("version", "desc").limit(1).executeTakeFirst();
}

export function schemeVersion(db: Database, version: number) {
  return db.selectFrom("star_schemes").selectAll().where("version", "=", version).executeTakeFirst();
}

export function schemeVersions(db: Database) {
  return db
    .selectFrom("star_schemes as s")
    .leftJoin("users as u", "u.id", "s.created_by")
    .select(["s.version", "s.scheme", "s.note", "s.created_at", "u.display_name as created_by_name"])
    .orderBy("s.version", "desc")
    .execute();
}

/** Inserts a version; false when that version number was taken meanwhile. */
export async function insertScheme(db: Database, row: { version: number; scheme: string; note: string | null; created_by: string | null; created_at: string }): Promise<boolean> {
  const r = await db.insertInto("star_schemes").values(row).onConflict((oc) => oc.column("version").doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

// ---- what a quarter is ranked on ----

/** Who may be ranked: active clerks (by role) and active accounts with counters in the period, with department and centre. */
export function clerksOf(db: Database, from: string, to: string) {
  const query = db
    .selectFrom("users as u")
    .innerJoin("departments as d", "d.id", "u.department_id")
    .select(["u.id", "u.display_name", "u.staff_no", "u.department_id", "u.home_window_id", "u.photo_sha256", "d.centre_id"])
    // A disabled account (someone who left) is not ranked.
    .where("u.disabled", "=", 0)
    .where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom("user_roles as r").select("r.user_id").whereRef("r.user_id", "=", "u.id").where("r.role", "=", "clerk")),
        eb.exists(eb.selectFrom("clerk_day_stats as s").select("s.clerk_id").whereRef("s.clerk_id", "=", "u.id").where("s.day", ">=", from).where("s.day", "<=", to)),
        eb.exists(eb.selectFrom("clerk_day_deltas as s").select("s.clerk_id").whereRef("s.clerk_id", "=", "u.id").where("s.day", ">=", from).where("s.day", "<=", to)),
      ]),
    );
  return readOffThread(db, query);
}

/** Active windows of the approval centres and any window with counters in the period, with department and centre. */
export function windowsOf(db: Database, from: string, to: string) {
  const query = db
    .selectFrom("windows as w")
    .innerJoin("departments as d", "d.id", "w.department_id")
    .innerJoin("centres as c", "c.id", "d.centre_id")
    .select(["w.id", "w.number", "w.name_zh", "w.department_id", "d.centre_id"])
    .where((eb) =>
      eb.or([
        eb.and([eb("w.active", "=", 1), eb("c.kind", "=", "approval")]),
        eb.exists(eb.selectFrom("clerk_day_stats as s").select("s.window_id").whereRef("s.window_id", "=", "w.id").where("s.day", ">=", from).where("s.day", "<=", to)),
        eb.exists(eb.selectFrom("clerk_day_deltas as s").select("s.window_id").whereRef("s.window_id", "=", "w.id").where("s.day", ">=", from).where("s.day", "<=", to)),
      ]),
    );
  return readOffThread(db, query);
}

/** A clerk's counters at a window over a period. */
export type CounterRow = Omit<ClerkDayStatsTable, "day">;

/** The period's counters per clerk and window: the per-day counters plus the changes not yet folded into them. */
export async function countersFromDayStats(db: Database, from: string, to: string): Promise<CounterRow[]> {
  const part = (table: "clerk_day_stats" | "clerk_day_deltas") =>
    db
      .selectFrom(table)
      .select(["clerk_id", "window_id", "completed", "rated", "good", "bad"])
      .where("day", ">=", from)
      .where("day", "<=", to);
  const rows = await readOffThread(
    db,
    db
    .selectFrom(part("clerk_day_stats").unionAll(part("clerk_day_deltas")).as("s"))
    .select([
      "s.clerk_id",
      "s.window_id",
      sql<number>`sum(s.completed)`.as("completed"),
      sql<number>`sum(s.rated)`.as("rated"),
      sql<number>`sum(s.good)`.as("good"),
      sql<number>`sum(s.bad)`.as("bad"),
    ])
    .groupBy(["s.clerk_id", "s.window_id"]),
  );
  return rows.map(numbers);
}

/** How many counter changes one fold takes at most. */
export const FOLD_BATCH = 50_000;

/**
 * Folds up to `limit` pending counter changes into the per-day counters; returns how many.
 * PostgreSQL only: one statement that deletes the changes it claims (SKIP LOCKED, so instances
 * folding at once take disjoint sets) and adds them up in key order.
 */
export async function foldDayDeltas(db: Database, kind: "sqlite" | "postgres", limit = FOLD_BATCH): Promise<number> {
  const upsert = sql`ON CONFLICT (day, clerk_id, window_id) DO UPDATE SET
      completed = clerk_day_stats.completed + excluded.completed, rated = clerk_day_stats.rated + excluded.rated,
      good = clerk_day_stats.good + excluded.good, bad = clerk_day_stats.bad + excluded.bad`;
  if (kind === "postgres") {
    const r = await sql<{ n: string }>`
      WITH moved AS (
        DELETE FROM clerk_day_deltas WHERE id IN (SELECT id FROM clerk_day_deltas ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING day, clerk_id, window_id, completed, rated, good, bad),
      folded AS (
        INSERT INTO clerk_day_stats (day, clerk_id, window_id, completed, rated, good, bad)
        SELECT day, clerk_id, window_id, sum(completed), sum(rated), sum(good), sum(bad) FROM moved
        GROUP BY day, clerk_id, window_id ORDER BY day, clerk_id, window_id
        ${upsert}
        RETURNING 1)
      SELECT (SELECT count(*) FROM moved) AS n`.execute(db);
    return Number(r.rows[0]?.n ?? 0);
  }
  // SQLite updates the counters directly (one writer at a time): nothing waits to be folded.
  return 0;
}

/**
 * The same counters straight from the raw records (every transaction and rating of the
 * period): the check that the per-day counters agree, and the slow way the counters avoid.
 */
export async function countersFromRecords(db: Database, from: string, to: string): Promise<CounterRow[]> {
  const tx = await readOffThread(
    db,
    db
      .selectFrom("service_transactions as t")
      .select(["t.clerk_id", "t.window_id", sql<number>`count(*)`.as("completed")])
      .where("t.status", "=", "completed")
      .where("t.ended_date", ">=", from)
      .where("t.ended_date", "<=", to)
      .where((eb) => eb.not(eb.exists(eb.selectFrom("evaluations as x").select("x.id").whereRef("x.transaction_id", "=", "t.id").where("x.status", "<>", "valid"))))
      .groupBy(["t.clerk_id", "t.window_id"]),
  );
  const ev = await readOffThread(
    db,
    db
    .selectFrom("evaluations as e")
    .select([
      "e.clerk_id",
      "e.window_id",
      sql<number>`count(*)`.as("rated"),
      sql<number>`sum(case when e.level >= 4 then 1 else 0 end)`.as("good"),
      sql<number>`sum(case when e.level <= 2 then 1 else 0 end)`.as("bad"),
    ])
    .where("e.status", "=", "valid")
    .where("e.transaction_id", "is not", null)
    .where("e.created_date", ">=", from)
    .where("e.created_date", "<=", to)
    .groupBy(["e.clerk_id", "e.window_id"]),
  );
  const byKey = new Map<string, CounterRow>();
  const row = (clerk: string, window: string) => {
    const k = `${clerk}|${window}`;
    let r = byKey.get(k);
    if (!r) byKey.set(k, (r = { clerk_id: clerk, window_id: window, completed: 0, rated: 0, good: 0, bad: 0 }));
    return r;
  };
  for (const t of tx) row(t.clerk_id, t.window_id).completed += Number(t.completed);
  for (const e of ev) {
    if (!e.clerk_id || !e.window_id) continue;
    const r = row(e.clerk_id, e.window_id);
    r.rated += Number(e.rated);
    r.good += Number(e.good);
    r.bad += Number(e.bad);
  }
  return [...byKey.values()];
}

const numbers = (r: CounterRow): CounterRow => ({ ...r, completed: Number(r.completed), rated: Number(r.rated), good: Number(r.good), bad: Number(r.bad) });

/** A case accepted by a clerk (and at a window) with its review tasks' outcome. */
export interface CaseOutcome {
  clerk_id: string;
  window_id: string | null;
  case_status: string;
  deadline: string;
  open_tasks: number;
  finished: string | null;
  late_tasks: number;
}

/** Cases whose review deadline (the latest of their tasks') falls in the period, with their tasks' outcome. */
export async function caseOutcomes(db: Database, from: string, to: string): Promise<CaseOutcome[]> {
  const rows = await readOffThread(
    db,
    db
    .selectFrom("review_tasks as t")
    .innerJoin("cases as c", "c.id", "t.case_id")
    .select([
      "c.accepted_by as clerk_id",
      (eb) =>
        eb
          .selectFrom("service_transactions as x")
          .select(sql<string>`min(x.window_id)`.as("w"))
          .whereRef("x.case_id", "=", "c.id")
          .where("x.kind", "=", "acceptance")
          .as("window_id"),
      "c.status as case_status",
      sql<string>`max(t.deadline_date)`.as("deadline"),
      sql<number>`sum(case when t.decided_date is null then 1 else 0 end)`.as("open_tasks"),
      sql<string | null>`max(t.decided_date)`.as("finished"),
      sql<number>`sum(case when t.decided_date > t.deadline_date then 1 else 0 end)`.as("late_tasks"),
    ])
    .where("c.accepted_by", "is not", null)
    .where("c.accepted_date", "<=", to)
    .groupBy(["c.id", "c.accepted_by", "c.status"])
    .having(sql<string>`max(t.deadline_date)`, ">=", from)
    .having(sql<string>`max(t.deadline_date)`, "<=", to),
  );
  return rows.map((r) => ({ ...r, clerk_id: r.clerk_id!, open_tasks: Number(r.open_tasks), late_tasks: Number(r.late_tasks) }));
}

/** Follow-up steps of bad reviews per clerk and window: due in the period (and passed by `today`) and done in time. */
export async function followUps(db: Database, from: string, to: string, today: string) {
  // A step is in time when done before the end of its due day in Asia/Shanghai (16:00 UTC).
  const rows = await readOffThread(
    db,
    db
    .selectFrom("rectification_tickets as k")
    .select([
      "k.clerk_id",
      "k.window_id",
      sql<number>`sum(case when k.verify_due >= ${from} and k.verify_due <= ${to} and (k.verified_at is not null or k.verify_due < ${today}) then 1 else 0 end)`.as("verify_due"),
      sql<number>`sum(case when k.verify_due >= ${from} and k.verify_due <= ${to} and k.verified_at < (k.verify_due || 'T16:00:00.000Z') then 1 else 0 end)`.as("verify_on_time"),
      sql<number>`sum(case when k.fix_due >= ${from} and k.fix_due <= ${to} and (k.fixed_at is not null or k.fix_due < ${today}) then 1 else 0 end)`.as("fix_due"),
      sql<number>`sum(case when k.fix_due >= ${from} and k.fix_due <= ${to} and k.fixed_at < (k.fix_due || 'T16:00:00.000Z') then 1 else 0 end)`.as("fix_on_time"),
    ])
    .where("k.status", "<>", "set_aside")
    .where("k.clerk_id", "is not", null)
    .where((eb) => eb.or([eb.and([eb("k.verify_due", ">=", from), eb("k.verify_due", "<=", to)]), eb.and([eb("k.fix_due", ">=", from), eb("k.fix_due", "<=", to)])]))
    .groupBy(["k.clerk_id", "k.window_id"]),
  );
  return rows.map((r) => ({
    clerk_id: r.clerk_id!,
    window_id: r.window_id,
    due: Number(r.verify_due) + Number(r.fix_due),
    onTime: Number(r.verify_on_time) + Number(r.fix_on_time),
  }));
}

// ---- closed quarters ----

/** Freezes a quarter; false (nothing written) when it was closed already. */
export async function insertQuarter(db: Database, row: AssessmentQuarterTable): Promise<boolean> {
  const r = await db.insertInto("assessment_quarters").values(row).onConflict((oc) => oc.column("quarter").doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function insertStandings(db: Database, rows: AssessmentStandingTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insertInto("assessment_standings").values(rows.slice(i, i + 500)).execute();
}

export function findQuarter(db: Database, quarter: string) {
  return db
    .selectFrom("assessment_quarters as q")
    .leftJoin("users as u", "u.id", "q.closed_by")
    .selectAll("q")
    .select("u.display_name as closed_by_name")
    .where("q.quarter", "=", quarter)
    .executeTakeFirst();
}

export function listQuarters(db: Database) {
  return db.selectFrom("assessment_quarters").select(["quarter", "from_date", "to_date", "scheme_version", "clerks", "windows", "stars", "closed_at"]).orderBy("quarter", "desc").execute();
}

/** A closed quarter's standings of one kind, in ranking order, with names for display. */
export function standingsOf(db: Database, quarter: string, kind: "clerk" | "window", o: { subjectId?: string; starsOnly?: boolean; departmentId?: string } = {}) {
  let q = db
    .selectFrom("assessment_standings as s")
    .innerJoin("departments as d", "d.id", "s.department_id")
    .innerJoin("centres as c", "c.id", "s.centre_id")
    .leftJoin("windows as w", "w.id", "s.window_id")
    .leftJoin("users as u", "u.id", "s.subject_id")
    .select([
      "s.subject_id",
      "s.centre_id",
      "s.department_id",
      "s.window_id",
      "s.position",
      "s.rank",
      "s.star",
      "s.eligible",
      "s.streak",
      "s.standing",
      "c.name_zh as centre_name",
      "c.name_en as centre_name_en",
      "d.name_zh as department_name",
      "d.name_en as department_name_en",
      "w.number as window_number",
      "w.name_zh as window_name",
      "w.name_en as window_name_en",
      "u.photo_sha256",
    ])
    .where("s.quarter", "=", quarter)
    .where("s.kind", "=", kind);
  if (o.subjectId) q = q.where("s.subject_id", "=", o.subjectId);
  if (o.starsOnly) q = q.where("s.star", "=", 1);
  if (o.departmentId) q = q.where("s.department_id", "=", o.departmentId);
  return q.orderBy("s.centre_id").orderBy("s.position").execute();
}

/** Streaks of the stars of a quarter (subject → consecutive quarters as star). */
export async function starStreaks(db: Database, quarter: string): Promise<Map<string, number>> {
  const rows = await db.selectFrom("assessment_standings").select(["subject_id", "streak"]).where("quarter", "=", quarter).where("kind", "=", "clerk").where("star", "=", 1).execute();
  return new Map(rows.map((r) => [r.subject_id, r.streak]));
}

/** The quarters each of these clerks was a star in, newest first. */
export async function starQuartersOf(db: Database, subjectIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!subjectIds.length) return out;
  const rows = await db
    .selectFrom("assessment_standings")
    .select(["subject_id", "quarter"])
    .where("kind", "=", "clerk")
    .where("star", "=", 1)
    .where("subject_id", "in", subjectIds)
    .orderBy("quarter", "desc")
    .execute();
  for (const r of rows) out.set(r.subject_id, [...(out.get(r.subject_id) ?? []), r.quarter]);
  return out;
}

/** A clerk's standings in every closed quarter, newest first. */
export function subjectHistory(db: Database, subjectId: string) {
  return db
    .selectFrom("assessment_standings as s")
    .innerJoin("assessment_quarters as q", "q.quarter", "s.quarter")
    .select(["s.quarter", "s.rank", "s.star", "s.eligible", "s.streak", "s.standing", "s.window_id", "q.scheme_version"])
    .where("s.subject_id", "=", subjectId)
    .where("s.kind", "=", "clerk")
    .orderBy("s.quarter", "desc")
    .execute();
}

/** How many eligible were ranked in each centre of a quarter (for "rank 3 of 41"). */
export async function rankedCounts(db: Database, quarter: string, kind: "clerk" | "window"): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("assessment_standings")
    .select(["centre_id", sql<number>`count(*)`.as("n")])
    .where("quarter", "=", quarter)
    .where("kind", "=", kind)
    .where("eligible", "=", 1)
    .groupBy("centre_id")
    .execute();
  return new Map(rows.map((r) => [r.centre_id, Number(r.n)]));
}

/** Removes a closed quarter (benchmarks re-close the same quarter; no route does this). */
export async function deleteQuarter(db: Database, quarter: string): Promise<void> {
  await db.deleteFrom("assessment_standings").where("quarter", "=", quarter).execute();
  await db.deleteFrom("assessment_quarters").where("quarter", "=", quarter).execute();
}


/**
 * Serialises quarter closes across instances for the rest of the transaction (PostgreSQL; SQLite
 * transactions are serial already), so the order check and the streaks read what is committed.
 */
export async function lockClosing(db: Database, kind: "sqlite" | "postgres"): Promise<void> {
  if (kind === "postgres") await sql`SELECT pg_advisory_xact_lock(731600601)`.execute(db);
}

/** The latest closed quarter ("2026-Q3"), or null. */
export async function latestClosed(db: Database): Promise<string | null> {
  const r = await db.selectFrom("assessment_quarters").select("quarter").orderBy("quarter", "desc").limit(1).executeTakeFirst();
  return r?.quarter ?? null;
}

/** Names of every department (with its centre) and window, for standings computed on the fly. */
export async function orgNames(db: Database) {
  const [deps, wins] = await Promise.all([
    db.selectFrom("departments as d").innerJoin("centres as c", "c.id", "d.centre_id").select(["d.id", "d.name_zh", "d.name_en", "c.id as centre_id", "c.name_zh as centre_zh", "c.name_en as centre_en"]).execute(),
    db.selectFrom("windows").select(["id", "number", "name_zh", "name_en"]).execute(),
  ]);
  return { departments: new Map(deps.map((d) => [d.id, d])), windows: new Map(wins.map((w) => [w.id, w])) };
}
