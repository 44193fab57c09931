import { sql, type Kysely } from "kysely";

/**
 * Window service and evaluation (好差评): window services, clerks' shifts at windows,
 * transactions, evaluator devices, evaluations, supervision cards, rectification tickets.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // The window a clerk normally serves at: the first transaction of a day signs them in there.
  await db.schema.alterTable("users").addColumn("home_window_id", "text").execute();
  // A staff photo shown by the evaluator (sha256 of a file in the file store).
  await db.schema.alterTable("users").addColumn("photo_sha256", "text").execute();
  await db.schema.alterTable("users").addColumn("photo_type", "text").execute();

  await db.schema
    .createTable("window_services")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("department_id", "text", (c) => c.notNull().references("departments.id"))
    .addColumn("name_zh", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("window_services_department_idx").on("window_services").column("department_id").execute();

  await db.schema
    .createTable("window_shifts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("window_id", "text", (c) => c.notNull().references("windows.id"))
    .addColumn("clerk_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("ended_at", "text")
    .execute();
  await db.schema.createIndex("window_shifts_clerk_idx").on("window_shifts").columns(["clerk_id", "ended_at"]).execute();
  await db.schema.createIndex("window_shifts_window_idx").on("window_shifts").columns(["window_id", "ended_at"]).execute();

  await db.schema
    .createTable("service_transactions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("window_id", "text", (c) => c.notNull().references("windows.id"))
    .addColumn("department_id", "text", (c) => c.notNull().references("departments.id"))
    .addColumn("clerk_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("service_code", "text", (c) => c.notNull())
    .addColumn("service_name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("case_id", "text", (c) => c.references("cases.id"))
    .addColumn("citizen_user_id", "text", (c) => c.references("users.id"))
    .addColumn("citizen_name", "text")
    .addColumn("citizen_phone", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("ended_at", "text")
    .addColumn("ended_date", "text")
    .addColumn("prompt_expires_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("transactions_window_idx").on("service_transactions").columns(["window_id", "ended_at"]).execute();
  await db.schema.createIndex("transactions_clerk_idx").on("service_transactions").columns(["clerk_id", "started_at"]).execute();
  await db.schema.createIndex("transactions_date_idx").on("service_transactions").columns(["ended_date", "department_id"]).execute();
  await db.schema.createIndex("transactions_case_idx").on("service_transactions").column("case_id").execute();
  await db.schema.createIndex("transactions_citizen_idx").on("service_transactions").column("citizen_user_id").execute();

  await db.schema
    .createTable("evaluator_devices")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("window_id", "text", (c) => c.notNull().references("windows.id"))
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("pairing_code_hash", "text", (c) => c.unique())
    .addColumn("pairing_expires_at", "text")
    .addColumn("token_hash", "text", (c) => c.unique())
    .addColumn("csrf_token", "text")
    .addColumn("paired_at", "text")
    .addColumn("last_seen_at", "text")
    .addColumn("revoked_at", "text")
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("evaluator_devices_window_idx").on("evaluator_devices").column("window_id").execute();

  await db.schema
    .createTable("card_batches")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("number", "text", (c) => c.notNull().unique())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("supervision_cards")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("batch_id", "text", (c) => c.notNull().references("card_batches.id"))
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("transaction_id", "text", (c) => c.unique().references("service_transactions.id"))
    .addColumn("bound_at", "text")
    .addColumn("bound_by", "text")
    .addColumn("used_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("supervision_cards_batch_idx").on("supervision_cards").columns(["batch_id", "seq"]).execute();

  await db.schema
    .createTable("evaluations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("target", "text", (c) => c.notNull())
    // One evaluation per transaction (一次一评) and per case (一事一评): unique keys, so a
    // second one fails in the database whatever instance or channel it comes through.
    // No foreign keys here: every insert reads its transaction or case first (the evaluator's
    // in the same INSERT … SELECT), neither is ever deleted, and on PostgreSQL the key check
    // would lock and rewrite the transaction's row on the busiest write of the platform.
    .addColumn("transaction_id", "text", (c) => c.unique())
    .addColumn("case_id", "text")
    .addColumn("case_key", "text")
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("level", "integer", (c) => c.notNull())
    .addColumn("reasons", "text", (c) => c.notNull())
    .addColumn("comment", "text")
    .addColumn("service_code", "text", (c) => c.notNull())
    .addColumn("window_id", "text")
    .addColumn("clerk_id", "text")
    .addColumn("department_id", "text", (c) => c.notNull())
    .addColumn("citizen_user_id", "text")
    .addColumn("device_id", "text")
    .addColumn("card_id", "text")
    .addColumn("client_id", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("answered_at", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_date", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("evaluations_date_idx").on("evaluations").columns(["created_date", "department_id"]).execute();
  // Few indexes on the busiest table: figures read by date; one evaluation per transaction / case is unique
  // (the case key only for case evaluations: a partial index, so a transaction's rating does not touch it).
  await db.schema
    .createIndex("evaluations_case_key_idx")
    .on("evaluations")
    .column("case_key")
    .unique()
    .where(sql.ref("case_key"), "is not", null)
    .execute();

  await db.schema
    .createTable("rectification_tickets")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("number", "text", (c) => c.notNull().unique())
    .addColumn("evaluation_id", "text", (c) => c.notNull().unique().references("evaluations.id"))
    .addColumn("department_id", "text", (c) => c.notNull())
    .addColumn("clerk_id", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("opened_date", "text", (c) => c.notNull())
    .addColumn("verify_due", "text", (c) => c.notNull())
    .addColumn("fix_due", "text", (c) => c.notNull())
    .addColumn("complex", "integer", (c) => c.notNull().defaultTo(0))
    // 1 when the holiday calendar lacked the year and the deadlines were counted Monday–Friday.
    .addColumn("deadlines_estimated", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("plan", "text")
    .addColumn("verified_at", "text")
    .addColumn("verified_by", "text")
    .addColumn("contact_result", "text")
    .addColumn("verify_note", "text")
    .addColumn("fixed_at", "text")
    .addColumn("fixed_by", "text")
    .addColumn("fix_note", "text")
    .addColumn("fix_token_hash", "text", (c) => c.unique())
    .addColumn("fix_level", "integer")
    .addColumn("fix_comment", "text")
    .addColumn("fix_rated_at", "text")
    .addColumn("closed_at", "text")
    .addColumn("appeal_reason", "text")
    .addColumn("appealed_at", "text")
    .addColumn("appealed_by", "text")
    .addColumn("appeal_decision", "text")
    .addColumn("appeal_decision_reason", "text")
    .addColumn("appeal_decided_at", "text")
    .addColumn("appeal_decided_by", "text")
    // When the responsible clerk was told: only after the citizen has left the window (never at the window).
    .addColumn("clerk_told_at", "text")
    // The step (open | verified) whose deadline passing was last reported: each overdue step is told once.
    .addColumn("overdue_step", "text")
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("rectification_open_idx")
    .on("rectification_tickets")
    .columns(["department_id", "status"])
    .execute();
  await db.schema.createIndex("rectification_clerk_idx").on("rectification_tickets").columns(["clerk_id", "status"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["rectification_tickets", "evaluations", "supervision_cards", "card_batches", "evaluator_devices", "service_transactions", "window_shifts", "window_services"]) {
    await db.schema.dropTable(t).execute();
  }
}
