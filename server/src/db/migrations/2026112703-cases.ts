import { sql, type Kysely } from "kysely";

/** Cases with materials, parallel review tasks, supplement requests and notices, notifications, SMS log, auto rules. */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Who heads a department: told when one of its tasks goes red.
  await db.schema.alterTable("users").addColumn("department_head", "integer", (c) => c.notNull().defaultTo(0)).execute();

  await db.schema
    .createTable("cases")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("number", "text", (c) => c.notNull().unique())
    .addColumn("application_id", "text", (c) => c.notNull().unique().references("applications.id"))
    .addColumn("service_item_code", "text", (c) => c.notNull())
    .addColumn("applicant_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("submitted_at", "text", (c) => c.notNull())
    .addColumn("accepted_at", "text")
    .addColumn("accepted_by", "text")
    .addColumn("accepted_date", "text")
    .addColumn("completed_at", "text")
    .addColumn("completed_date", "text")
    .addColumn("uscc", "text", (c) => c.unique())
    .addColumn("paused_since", "text")
    .addColumn("paused_working_days", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("supplement_round", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("cases_status_idx").on("cases").columns(["status", "submitted_at"]).execute();
  await db.schema.createIndex("cases_applicant_idx").on("cases").column("applicant_id").execute();

  await db.schema
    .createTable("case_materials")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("application_id", "text", (c) => c.notNull().references("applications.id"))
    .addColumn("material_code", "text", (c) => c.notNull())
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("round", "integer", (c) => c.notNull())
    .addColumn("uploaded_at", "text", (c) => c.notNull())
    .addColumn("uploaded_by", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("case_materials_application_idx").on("case_materials").column("application_id").execute();

  await db.schema
    .createTable("review_tasks")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("case_id", "text", (c) => c.notNull().references("cases.id"))
    .addColumn("department_code", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("promised_days", "integer", (c) => c.notNull())
    .addColumn("legal_days", "integer", (c) => c.notNull())
    .addColumn("started_date", "text", (c) => c.notNull())
    .addColumn("deadline_date", "text", (c) => c.notNull())
    .addColumn("yellow_date", "text", (c) => c.notNull())
    .addColumn("paused_working_days", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("decided_at", "text")
    .addColumn("decided_date", "text")
    .addColumn("decided_by", "text")
    .addColumn("reason", "text")
    .addColumn("auto", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("overdue_notified", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("review_tasks_case_department_uq", ["case_id", "department_code"])
    .execute();
  // The supervision board reads open tasks by deadline, per department or not: partial indexes on the open ones.
  await db.schema
    .createIndex("review_tasks_open_deadline_idx")
    .on("review_tasks")
    .columns(["deadline_date", "id"])
    .where(sql.ref("status"), "in", [sql.lit("open"), sql.lit("awaiting_supplement")])
    .execute();
  await db.schema
    .createIndex("review_tasks_open_department_idx")
    .on("review_tasks")
    .columns(["department_code", "deadline_date", "id"])
    .where(sql.ref("status"), "in", [sql.lit("open"), sql.lit("awaiting_supplement")])
    .execute();
  await db.schema.createIndex("review_tasks_case_idx").on("review_tasks").column("case_id").execute();

  await db.schema
    .createTable("supplement_requests")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("case_id", "text", (c) => c.notNull().references("cases.id"))
    .addColumn("round", "integer", (c) => c.notNull())
    .addColumn("department_code", "text", (c) => c.notNull())
    .addColumn("items", "text", (c) => c.notNull())
    .addColumn("requested_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("notice_id", "text")
    .execute();
  await db.schema.createIndex("supplement_requests_case_idx").on("supplement_requests").columns(["case_id", "round"]).execute();

  await db.schema
    .createTable("supplement_notices")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("case_id", "text", (c) => c.notNull().references("cases.id"))
    .addColumn("round", "integer", (c) => c.notNull())
    .addColumn("items", "text", (c) => c.notNull())
    .addColumn("sent_at", "text", (c) => c.notNull())
    .addColumn("answered_at", "text")
    .addUniqueConstraint("supplement_notices_case_round_uq", ["case_id", "round"])
    .execute();

  await db.schema
    .createTable("notifications")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("case_id", "text")
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("read_at", "text")
    .execute();
  await db.schema.createIndex("notifications_user_idx").on("notifications").columns(["user_id", "created_at"]).execute();

  await db.schema
    .createTable("sms_messages")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("phone", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("gateway", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("related_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("auto_rules")
    .addColumn("department_code", "text", (c) => c.notNull())
    .addColumn("rule", "text", (c) => c.notNull())
    .addColumn("enabled", "integer", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("updated_by", "text")
    .addPrimaryKeyConstraint("auto_rules_pk", ["department_code", "rule"])
    .execute();
}

/** Drops the case tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["auto_rules", "sms_messages", "notifications", "supplement_notices", "supplement_requests", "review_tasks", "case_materials", "cases"]) {
    await db.schema.dropTable(t).execute();
  }
}
