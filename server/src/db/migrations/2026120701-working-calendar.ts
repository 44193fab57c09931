import { sql, type Kysely } from "kysely";
import { nowIso } from "../../platform/clock.js";

/**
 * The working calendar the centre keeps (issue 16):
 * - `calendar_years`: each save of a year's holidays and make-up working days is a new version
 *   (who, when, the notice's text or the file it came from); the latest version is in force.
 * - `calendar_closures`: days the centre closes (台风停工), with a reason; lifting one keeps the row.
 * - `calendar_revisions`: one row per change of the calendar; `counters['calendar-revision']` is the
 *   revision in force. Every stored deadline carries the revision it was counted on (`calendar_rev`),
 *   so after a change the open ones counted on an earlier revision are found on a partial index and
 *   recounted, by whichever instance gets there first.
 * - `deadline_changes`: a due date that moved with the calendar, for the item's history and its holders.
 * - `calendar_warnings`: the working days administrators were told next year's schedule is missing.
 * Revision 1 is this migration itself: open deadlines stored before it were counted by the old code
 * (a year without data refused or guessed), so the first start recounts them all and marks those over
 * an estimated year provisional (预计).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("calendar_years")
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("days", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("source_text", "text")
    .addColumn("file_name", "text")
    .addColumn("note", "text")
    .addColumn("created_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("calendar_years_pk", ["year", "version"])
    .execute();

  await db.schema
    .createTable("calendar_closures")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("date", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("lifted_at", "text")
    .addColumn("lifted_by", "text")
    .addColumn("lift_reason", "text")
    .execute();
  // One closure in force per day.
  await db.schema.createIndex("calendar_closures_day_idx").on("calendar_closures").column("date").unique().where(sql.ref("lifted_at"), "is", null).execute();

  await db.schema
    .createTable("calendar_revisions")
    .addColumn("revision", "integer", (c) => c.primaryKey())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("recomputed_at", "text")
    .addColumn("notified_at", "text")
    .addColumn("moved", "integer", (c) => c.notNull().defaultTo(0))
    // The instance recounting this revision's deadlines, and until when its claim holds (renewed per batch).
    .addColumn("recount_by", "text")
    .addColumn("recount_until", "text")
    .execute();

  await db.schema
    .createTable("deadline_changes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("item_id", "text", (c) => c.notNull())
    .addColumn("parent_id", "text", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("field", "text", (c) => c.notNull())
    .addColumn("before", "text")
    .addColumn("after", "text")
    .addColumn("provisional", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("holders", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("deadline_changes_parent_idx").on("deadline_changes").columns(["parent_id", "at"]).execute();
  await db.schema.createIndex("deadline_changes_revision_idx").on("deadline_changes").columns(["revision", "id"]).execute();

  await db.schema
    .createTable("calendar_warnings")
    .addColumn("day", "text", (c) => c.primaryKey())
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema.alterTable("review_tasks").addColumn("deadline_provisional", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable("review_tasks").addColumn("calendar_rev", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable("rectification_tickets").addColumn("calendar_rev", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable("hotline_tickets").addColumn("due_provisional", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable("hotline_tickets").addColumn("calendar_rev", "integer", (c) => c.notNull().defaultTo(0)).execute();

  // Open items by the revision they were counted on (statuses as literals, so SQLite uses the index).
  await db.schema
    .createIndex("review_tasks_calendar_idx")
    .on("review_tasks")
    .columns(["calendar_rev", "id"])
    .where(sql.ref("status"), "in", [sql.lit("open"), sql.lit("awaiting_supplement")])
    .execute();
  await db.schema
    .createIndex("rectification_tickets_calendar_idx")
    .on("rectification_tickets")
    .columns(["calendar_rev", "id"])
    .where(sql.ref("status"), "in", [sql.lit("open"), sql.lit("verified")])
    .execute();
  await db.schema
    .createIndex("hotline_tickets_calendar_idx")
    .on("hotline_tickets")
    .columns(["calendar_rev", "id"])
    .where(sql.ref("status"), "in", [sql.lit("open"), sql.lit("transferred"), sql.lit("visit")])
    .execute();

  const at = nowIso();
  await sql`INSERT INTO counters (key, value) VALUES ('calendar-revision', 1)`.execute(db);
  await sql`INSERT INTO calendar_revisions (revision, reason, created_by, created_at, moved) VALUES (1, '工作日历启用', 'system', ${at}, 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const i of ["hotline_tickets_calendar_idx", "rectification_tickets_calendar_idx", "review_tasks_calendar_idx"]) await db.schema.dropIndex(i).execute();
  await db.schema.alterTable("hotline_tickets").dropColumn("calendar_rev").execute();
  await db.schema.alterTable("hotline_tickets").dropColumn("due_provisional").execute();
  await db.schema.alterTable("rectification_tickets").dropColumn("calendar_rev").execute();
  await db.schema.alterTable("review_tasks").dropColumn("calendar_rev").execute();
  await db.schema.alterTable("review_tasks").dropColumn("deadline_provisional").execute();
  await sql`DELETE FROM counters WHERE key = 'calendar-revision'`.execute(db);
  for (const t of ["calendar_warnings", "deadline_changes", "calendar_revisions", "calendar_closures", "calendar_years"]) await db.schema.dropTable(t).execute();
}
