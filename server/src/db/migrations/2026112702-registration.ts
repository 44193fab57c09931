import type { Kysely } from "kysely";

/** Departmental form definitions (versioned), service items, registration applications and number counters. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("form_definitions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("department_code", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("definition", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addUniqueConstraint("form_definitions_code_version_uq", ["code", "version"])
    .execute();

  await db.schema
    .createTable("service_items")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name_zh", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("form_codes", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("applications")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("number", "text", (c) => c.notNull().unique())
    .addColumn("service_item_code", "text", (c) => c.notNull())
    .addColumn("applicant_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("form_versions", "text", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("submitted_at", "text")
    .execute();
  // Named counters for human-readable numbers, incremented atomically (UPDATE … RETURNING).
  await db.schema
    .createTable("counters")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "integer", (c) => c.notNull())
    .execute();

  await db.schema.createIndex("applications_applicant_idx").on("applications").columns(["applicant_id", "updated_at"]).execute();
}

/** Drops the registration tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["counters", "applications", "service_items", "form_definitions"]) await db.schema.dropTable(t).execute();
}
