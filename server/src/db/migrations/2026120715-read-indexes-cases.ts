import { sql, type Kysely } from "kysely";

/**
 * Reads at production load (issue 18): the lists of cases, registration and the audit log read a page
 * after a cursor in the order of an index, and count at most TOTAL_CAP rows of it.
 * - cases: the single window's inbox (submitted, waiting for the founder, in review) by (submitted_at, id),
 *   partial on those statuses (the query names them as literals, so both engines match the index); it
 *   replaces (status, submitted_at), which made SQLite read each status apart and sort; a page's
 *   materials are read from (application_id, material_code) alone.
 * - applications: the submitted ones, newest first, by (submitted_at, id), partial on status 'submitted' (the
 *   dashboard's applications_submitted_idx of 2026120201 has the status after the time).
 * - review_tasks: a department's tasks of every status by (department_code, deadline_date, id); the open
 *   ones keep their partial indexes (2026112703) for the board and the department's open list; the
 *   board's green count walks the open ones by yellow date (overall and per department).
 * - audit_log: newest first by (at, id), and within an actor, an action, an entity type or an entity id;
 *   these replace the indexes of 2026112701 that lacked the id (a sort of every matching row per page).
 */
const OPEN_TASKS = [sql.lit("open"), sql.lit("awaiting_supplement")];
const INBOX = [sql.lit("submitted"), sql.lit("awaiting_supplement"), sql.lit("in_review")];

export async function up(db: Kysely<unknown>): Promise<void> {
  // (status, submitted_at) served the old inbox (one status at a time, then a sort): the partial index replaces it.
  await db.schema.dropIndex("cases_status_idx").execute();
  // The inbox's missing materials read (application_id, material_code) of a page's cases from the index alone.
  await db.schema.dropIndex("case_materials_application_idx").execute();
  await db.schema.createIndex("case_materials_application_code_idx").on("case_materials").columns(["application_id", "material_code"]).execute();
  await db.schema.createIndex("cases_inbox_idx").on("cases").columns(["submitted_at", "id"]).where(sql.ref("status"), "in", INBOX).execute();
  await db.schema.createIndex("applications_submitted_page_idx").on("applications").columns(["submitted_at", "id"]).where(sql.ref("status"), "=", sql.lit("submitted")).execute();
  await db.schema.createIndex("review_tasks_department_deadline_idx").on("review_tasks").columns(["department_code", "deadline_date", "id"]).execute();
  await db.schema.createIndex("review_tasks_open_yellow_idx").on("review_tasks").columns(["yellow_date", "deadline_date"]).where(sql.ref("status"), "in", OPEN_TASKS).execute();
  await db.schema
    .createIndex("review_tasks_open_department_yellow_idx")
    .on("review_tasks")
    .columns(["department_code", "yellow_date", "deadline_date"])
    .where(sql.ref("status"), "in", OPEN_TASKS)
    .execute();
  await db.schema.dropIndex("audit_log_at_idx").execute();
  await db.schema.dropIndex("audit_log_actor_idx").execute();
  await db.schema.dropIndex("audit_log_entity_idx").execute();
  await db.schema.createIndex("audit_log_at_id_idx").on("audit_log").columns(["at", "id"]).execute();
  await db.schema.createIndex("audit_log_actor_at_idx").on("audit_log").columns(["actor_id", "at", "id"]).execute();
  await db.schema.createIndex("audit_log_action_at_idx").on("audit_log").columns(["action", "at", "id"]).execute();
  await db.schema.createIndex("audit_log_entity_at_idx").on("audit_log").columns(["entity", "at", "id"]).execute();
  await db.schema.createIndex("audit_log_entity_id_at_idx").on("audit_log").columns(["entity_id", "at", "id"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of ["audit_log_entity_id_at_idx", "audit_log_entity_at_idx", "audit_log_action_at_idx", "audit_log_actor_at_idx", "audit_log_at_id_idx"]) {
    await db.schema.dropIndex(name).execute();
  }
  await db.schema.createIndex("audit_log_at_idx").on("audit_log").column("at").execute();
  await db.schema.createIndex("audit_log_entity_idx").on("audit_log").columns(["entity", "entity_id"]).execute();
  await db.schema.createIndex("audit_log_actor_idx").on("audit_log").columns(["actor_id", "at"]).execute();
  for (const name of ["review_tasks_open_department_yellow_idx", "review_tasks_open_yellow_idx", "review_tasks_department_deadline_idx", "applications_submitted_page_idx", "cases_inbox_idx"]) {
    await db.schema.dropIndex(name).execute();
  }
  await db.schema.createIndex("cases_status_idx").on("cases").columns(["status", "submitted_at"]).execute();
  await db.schema.dropIndex("case_materials_application_code_idx").execute();
  await db.schema.createIndex("case_materials_application_idx").on("case_materials").column("application_id").execute();
}
