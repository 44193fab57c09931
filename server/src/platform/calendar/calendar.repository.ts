import type { ScheduleDay } from "@yichuang/core";
import { sql } from "kysely";
import type { Database, DatabaseKind } from "../../db/database.js";
import type { CalendarClosureTable, CalendarYearTable, DeadlineChangeTable } from "../../db/schema.js";

/** The counter row holding the calendar revision in force. */
const REVISION_KEY = "calendar-revision";

/** The calendar revision in force (0 before any change). */
export async function currentRevision(db: Database): Promise<number> {
  const row = await db.selectFrom("counters").select("value").where("key", "=", REVISION_KEY).executeTakeFirst();
  return row ? Number(row.value) : 0;
}

/**
 * The revision in force, read inside a transaction that writes deadlines: on PostgreSQL the counter's
 * row is locked FOR SHARE until that transaction ends, so a change of the calendar (which updates the
 * row) waits for it, and the change's recount then sees its rows. Deadlines are never written on a
 * calendar that is no longer in force. SQLite has one writer at a time anyway.
 */
export async function revisionForWrite(db: Database, kind: DatabaseKind): Promise<number> {
  const r = await (kind === "postgres"
    ? sql<{ value: number }>`SELECT value FROM counters WHERE key = ${REVISION_KEY} FOR SHARE`.execute(db)
    : sql<{ value: number }>`SELECT value FROM counters WHERE key = ${REVISION_KEY}`.execute(db));
  return r.rows[0] ? Number(r.rows[0].value) : 0;
}

/** Takes the next revision for a change, in the change's transaction (an atomic counter: instances never collide). */
export async function nextRevision(db: Database, reason: string, by: string, at: string): Promise<number> {
  await db.insertInto("counters").values({ key: REVISION_KEY, value: 0 }).onConflict((oc) => oc.column("key").doNothing()).execute();
  const row = await db
    .updateTable("counters")
    .set((eb) => ({ value: eb("value", "+", 1) }))
    .where("key", "=", REVISION_KEY)
    .returning("value")
    .executeTakeFirstOrThrow();
  const revision = Number(row.value);
  await db.insertInto("calendar_revisions").values({ revision, reason, created_by: by, created_at: at, recomputed_at: null, notified_at: null, moved: 0, recount_by: null, recount_until: null }).execute();
  return revision;
}

/** The version in force of every year the centre entered. */
export async function latestYears(db: Database): Promise<{ year: number; version: number; days: ScheduleDay[] }[]> {
  const rows = await db
    .selectFrom("calendar_years as c")
    .select(["c.year", "c.version", "c.days"])
    .where("c.version", "=", (eb) => eb.selectFrom("calendar_years as d").select((e) => e.fn.max("d.version").as("v")).whereRef("d.year", "=", "c.year"))
    .orderBy("c.year")
    .execute();
  return rows.map((r) => ({ year: Number(r.year), version: Number(r.version), days: JSON.parse(r.days) as ScheduleDay[] }));
}

/** Every version of a year, newest first, without the days and source text. */
export async function yearVersions(db: Database, year: number) {
  return db
    .selectFrom("calendar_years as c")
    .leftJoin("users as u", "u.id", "c.created_by")
    .select(["c.year", "c.version", "c.source", "c.file_name", "c.note", "c.created_by", "c.created_at", "u.display_name as created_by_name", "u.username as created_by_username", "c.days"])
    .where("c.year", "=", year)
    .orderBy("c.version", "desc")
    .execute();
}

/** One version of a year, whole. */
export async function findYearVersion(db: Database, year: number, version: number) {
  return db
    .selectFrom("calendar_years as c")
    .leftJoin("users as u", "u.id", "c.created_by")
    .selectAll("c")
    .select(["u.display_name as created_by_name", "u.username as created_by_username"])
    .where("c.year", "=", year)
    .where("c.version", "=", version)
    .executeTakeFirst();
}

/** The latest version number of a year (0 when never entered). */
export async function latestVersion(db: Database, year: number): Promise<number> {
  const row = await db.selectFrom("calendar_years").select((eb) => eb.fn.max("version").as("v")).where("year", "=", year).executeTakeFirst();
  return Number(row?.v ?? 0);
}

/** Stores a new version of a year; the primary key (year, version) refuses a second writer of the same version. */
export async function insertYearVersion(db: Database, row: CalendarYearTable): Promise<void> {
  await db.insertInto("calendar_years").values(row).execute();
}

/** Summary of every year entered: latest version, when and by whom. */
export async function enteredYears(db: Database) {
  return db
    .selectFrom("calendar_years as c")
    .leftJoin("users as u", "u.id", "c.created_by")
    .select(["c.year", "c.version", "c.source", "c.created_at", "u.display_name as created_by_name"])
    .where("c.version", "=", (eb) => eb.selectFrom("calendar_years as d").select((e) => e.fn.max("d.version").as("v")).whereRef("d.year", "=", "c.year"))
    .orderBy("c.year")
    .execute();
}

/** Closures in force (not lifted). */
export async function activeClosures(db: Database): Promise<{ date: string; reason: string }[]> {
  return db.selectFrom("calendar_closures").select(["date", "reason"]).where("lifted_at", "is", null).orderBy("date").execute();
}

/** Closures with who set and lifted them, newest day first; `from`/`to` bound the days. */
export async function listClosures(db: Database, q: { from?: string; to?: string; includeLifted: boolean }) {
  let query = db
    .selectFrom("calendar_closures as c")
    .leftJoin("users as u", "u.id", "c.created_by")
    .leftJoin("users as l", "l.id", "c.lifted_by")
    .selectAll("c")
    .select(["u.display_name as created_by_name", "l.display_name as lifted_by_name"])
    .orderBy("c.date", "desc")
    .orderBy("c.created_at", "desc");
  if (q.from) query = query.where("c.date", ">=", q.from);
  if (q.to) query = query.where("c.date", "<=", q.to);
  if (!q.includeLifted) query = query.where("c.lifted_at", "is", null);
  return query.limit(500).execute();
}

/** A closure by id. */
export async function findClosure(db: Database, id: string) {
  return db.selectFrom("calendar_closures").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Stores a closure; false when the day already has one in force (the partial unique index). */
export async function insertClosure(db: Database, row: CalendarClosureTable): Promise<boolean> {
  const r = await db
    .insertInto("calendar_closures")
    .values(row)
    .onConflict((oc) => oc.column("date").where("lifted_at", "is", null).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Lifts a closure in force; false when it was lifted already. */
export async function liftClosure(db: Database, id: string, by: string, at: string, reason: string): Promise<boolean> {
  const r = await db.updateTable("calendar_closures").set({ lifted_at: at, lifted_by: by, lift_reason: reason }).where("id", "=", id).where("lifted_at", "is", null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records moved due dates (in the recount's transaction). */
export async function insertDeadlineChanges(db: Database, rows: DeadlineChangeTable[]): Promise<void> {
  // Parameters per statement stay well under SQLite's and PostgreSQL's limits.
  for (let i = 0; i < rows.length; i += 500) await db.insertInto("deadline_changes").values(rows.slice(i, i + 500)).execute();
}

/** The moved due dates of a case or ticket, oldest first. */
export async function changesOf(db: Database, parentId: string) {
  return db.selectFrom("deadline_changes").selectAll().where("parent_id", "=", parentId).orderBy("at").orderBy("id").limit(200).execute();
}

/** The latest revision whose deadlines are not recounted yet (earlier ones are covered by it), or null. */
export async function revisionToRecount(db: Database): Promise<{ revision: number; reason: string } | null> {
  const row = await db.selectFrom("calendar_revisions").select(["revision", "reason"]).where("recomputed_at", "is", null).orderBy("revision", "desc").limit(1).executeTakeFirst();
  return row ? { revision: Number(row.revision), reason: row.reason } : null;
}

/** Claims (or renews) the recount of `revision` for `worker` until `until`; false while another instance holds it. */
export async function claimRecount(db: Database, revision: number, worker: string, now: string, until: string): Promise<boolean> {
  const r = await db
    .updateTable("calendar_revisions")
    .set({ recount_by: worker, recount_until: until })
    .where("revision", "=", revision)
    .where("recomputed_at", "is", null)
    .where((eb) => eb.or([eb("recount_by", "is", null), eb("recount_by", "=", worker), eb("recount_until", "<", now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Marks every revision up to `revision` recounted (the latest covers the earlier ones). */
export async function finishRecount(db: Database, revision: number, at: string): Promise<void> {
  await db.updateTable("calendar_revisions").set({ recomputed_at: at, recount_by: null, recount_until: null }).where("revision", "<=", revision).where("recomputed_at", "is", null).execute();
}

/** Gives up a claim (a newer revision came while recounting: it will be recounted instead). */
export async function releaseRecount(db: Database, revision: number, worker: string): Promise<void> {
  await db.updateTable("calendar_revisions").set({ recount_by: null, recount_until: null }).where("revision", "=", revision).where("recount_by", "=", worker).execute();
}

/** The oldest recounted revision whose holders have not been told, or null. */
export async function revisionToNotify(db: Database): Promise<{ revision: number; reason: string } | null> {
  const row = await db.selectFrom("calendar_revisions").select(["revision", "reason"]).where("recomputed_at", "is not", null).where("notified_at", "is", null).orderBy("revision").limit(1).executeTakeFirst();
  return row ? { revision: Number(row.revision), reason: row.reason } : null;
}

/** Claims telling the holders of `revision`; false when another instance did (or does) it. */
export async function claimRevisionToNotify(db: Database, revision: number, at: string): Promise<boolean> {
  const r = await db.updateTable("calendar_revisions").set({ notified_at: at }).where("revision", "=", revision).where("notified_at", "is", null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A page of a revision's moved due dates, by id after `afterId`. */
export async function revisionChanges(db: Database, revision: number, afterId: string, limit: number) {
  return db
    .selectFrom("deadline_changes")
    .select(["id", "label", "field", "before", "after", "provisional", "holders", "parent_id", "kind"])
    .where("revision", "=", revision)
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(limit)
    .execute();
}

/** The latest revisions with their recount state, newest first. */
export async function recentRevisions(db: Database, limit: number) {
  return db.selectFrom("calendar_revisions").selectAll().orderBy("revision", "desc").limit(limit).execute();
}

/** Records that administrators were warned on `day`; false when another instance did it already. */
export async function claimWarningDay(db: Database, day: string, year: number, at: string): Promise<boolean> {
  const r = await db
    .insertInto("calendar_warnings")
    .values({ day, year, created_at: at })
    .onConflict((oc) => oc.column("day").doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}
