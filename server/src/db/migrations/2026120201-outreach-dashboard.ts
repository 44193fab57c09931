import { type Kysely } from "kysely";

/**
 * Service teams (机关服务队) and their outreach events, confirmed by a supervisor; the centre's
 * baseline for the dashboard's process figures (versioned: the latest counts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("service_teams")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("department_id", "text", (c) => c.notNull().references("departments.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("brand", "text")
    .addColumn("founded_on", "text")
    // The member who leads it and signs in to log its events
    .addColumn("leader_user_id", "text", (c) => c.references("users.id"))
    .addColumn("active", "integer", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("service_teams_name_idx").on("service_teams").columns(["department_id", "name"]).unique().execute();
  await db.schema.createIndex("service_teams_leader_idx").on("service_teams").columns(["leader_user_id"]).execute();

  await db.schema
    .createTable("service_team_members")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("team_id", "text", (c) => c.notNull().references("service_teams.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("phone", "text")
    .addColumn("position", "text")
    .addColumn("user_id", "text", (c) => c.references("users.id"))
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("service_team_members_team_idx").on("service_team_members").columns(["team_id", "seq"]).execute();

  await db.schema
    .createTable("outreach_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("team_id", "text", (c) => c.notNull().references("service_teams.id"))
    // The team's department when it was logged (figures filter by it without a join)
    .addColumn("department_id", "text", (c) => c.notNull())
    .addColumn("event_date", "text", (c) => c.notNull())
    .addColumn("place_code", "text", (c) => c.notNull())
    .addColumn("address", "text")
    .addColumn("activity", "text", (c) => c.notNull())
    .addColumn("problems_solved", "integer", (c) => c.notNull())
    .addColumn("people_served", "integer", (c) => c.notNull())
    // submitted → confirmed | returned (corrected, then submitted again)
    .addColumn("status", "text", (c) => c.notNull())
    // The phone's own id for the entry: a resubmission after a dropped connection is the same event
    .addColumn("client_id", "text")
    .addColumn("logged_by", "text", (c) => c.notNull())
    .addColumn("logged_at", "text", (c) => c.notNull())
    .addColumn("decided_by", "text")
    .addColumn("decided_at", "text")
    .addColumn("return_reason", "text")
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("outreach_events_date_idx").on("outreach_events").columns(["status", "event_date"]).execute();
  await db.schema.createIndex("outreach_events_department_idx").on("outreach_events").columns(["department_id", "event_date"]).execute();
  await db.schema.createIndex("outreach_events_team_idx").on("outreach_events").columns(["team_id", "event_date"]).execute();
  await db.schema.createIndex("outreach_events_client_idx").on("outreach_events").columns(["logged_by", "client_id"]).unique().execute();

  await db.schema
    .createTable("outreach_event_photos")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("event_id", "text", (c) => c.notNull().references("outreach_events.id"))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("uploaded_by", "text", (c) => c.notNull())
    .addColumn("uploaded_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("outreach_event_photos_event_idx").on("outreach_event_photos").columns(["event_id"]).execute();

  await db.schema
    .createTable("dashboard_baselines")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("centre_id", "text", (c) => c.notNull().references("centres.id"))
    .addColumn("steps", "real", (c) => c.notNull())
    .addColumn("working_days", "real", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("set_by", "text")
    .addColumn("set_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("dashboard_baselines_centre_idx").on("dashboard_baselines").columns(["centre_id", "set_at"]).execute();

  // The dashboard counts completed cases and decided tasks by day, broadcasts by approval, applications by submission.
  await db.schema.createIndex("cases_completed_idx").on("cases").columns(["completed_date"]).execute();
  await db.schema.createIndex("review_tasks_decided_idx").on("review_tasks").columns(["decided_date", "department_code"]).execute();
  await db.schema.createIndex("sms_broadcasts_approved_idx").on("sms_broadcasts").columns(["approved_at"]).execute();
  await db.schema.createIndex("applications_submitted_idx").on("applications").columns(["submitted_at", "status"]).execute();
  // Broadcast messages by when they went out, covering what the figures count.
  await db.schema.dropIndex("sms_outbox_sent_idx").execute();
  await db.schema.createIndex("sms_outbox_sent_idx").on("sms_outbox").columns(["sent_at", "broadcast_id", "state"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("sms_outbox_sent_idx").execute();
  await db.schema.createIndex("sms_outbox_sent_idx").on("sms_outbox").columns(["sent_at"]).execute();
  for (const i of ["applications_submitted_idx", "sms_broadcasts_approved_idx", "review_tasks_decided_idx", "cases_completed_idx"]) await db.schema.dropIndex(i).execute();
  for (const t of ["dashboard_baselines", "outreach_event_photos", "outreach_events", "service_team_members", "service_teams"]) await db.schema.dropTable(t).execute();
}
