import type { Kysely } from "kysely";

/**
 * 12316: experts' specialties, and the duty roster of each farm service centre (坐诊专家):
 * a working-day rotation, an optional holiday rotation, and overrides for swaps and leave.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("expert_profiles")
    .addColumn("user_id", "text", (c) => c.primaryKey().references("users.id"))
    // JSON array of specialty codes (core EXPERT_SPECIALTIES)
    .addColumn("specialties", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("duty_rosters")
    .addColumn("centre_id", "text", (c) => c.primaryKey().references("centres.id"))
    // JSON arrays of expert user ids, in turn order
    .addColumn("working_members", "text", (c) => c.notNull())
    .addColumn("working_start", "text", (c) => c.notNull())
    .addColumn("holiday_members", "text")
    .addColumn("holiday_start", "text")
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("updated_by", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("duty_overrides")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("centre_id", "text", (c) => c.notNull().references("centres.id"))
    .addColumn("from_date", "text", (c) => c.notNull())
    .addColumn("to_date", "text", (c) => c.notNull())
    .addColumn("expert_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("cancelled_at", "text")
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("duty_overrides_centre_idx").on("duty_overrides").columns(["centre_id", "to_date"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["duty_overrides", "duty_rosters", "expert_profiles"]) await db.schema.dropTable(t).execute();
}
