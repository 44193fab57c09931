import { PostgresAdapter, sql, type Kysely } from "kysely";

/**
 * Supply/demand SMS broadcast: real-name subscribers with product tags and consent records, opt-outs,
 * imports with their per-row reports, notices verified by a second person, broadcasts and their
 * outbox (one row per recipient, claimed by workers, idempotent), per-number daily counts, inbound
 * messages.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const serial = pg ? "bigserial" : "integer";

  await db.schema
    .createTable("sms_subscribers")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("phone", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    // 12-digit village (or 9-digit town) code: regions target by prefix
    .addColumn("village_code", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    // JSON array of product tags, as shown; sms_subscriber_tags holds them for targeting
    .addColumn("tags", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sms_subscribers_region_idx").on("sms_subscribers").columns(["village_code", "role"]).execute();

  await db.schema
    .createTable("sms_subscriber_tags")
    .addColumn("tag", "text", (c) => c.notNull())
    .addColumn("subscriber_id", "text", (c) => c.notNull().references("sms_subscribers.id"))
    .addPrimaryKeyConstraint("sms_subscriber_tags_pk", ["tag", "subscriber_id"])
    .execute();
  await db.schema.createIndex("sms_subscriber_tags_subscriber_idx").on("sms_subscriber_tags").columns(["subscriber_id"]).execute();

  await db.schema
    .createTable("sms_consents")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("subscriber_id", "text", (c) => c.notNull().references("sms_subscribers.id"))
    .addColumn("given_at", "text", (c) => c.notNull())
    // paper form, phone call, web, imported list
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("recorded_by", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sms_consents_subscriber_idx").on("sms_consents").columns(["subscriber_id"]).execute();

  await db.schema
    .createTable("sms_opt_outs")
    .addColumn("phone", "text", (c) => c.primaryKey())
    .addColumn("at", "text", (c) => c.notNull())
    // reply (R / 退订 by SMS) or staff
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("detail", "text")
    .execute();

  await db.schema
    .createTable("sms_imports")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("total", "integer", (c) => c.notNull())
    .addColumn("done", "integer", (c) => c.notNull())
    .addColumn("imported", "integer", (c) => c.notNull())
    .addColumn("updated", "integer", (c) => c.notNull())
    // JSON array of {row, field, message}
    .addColumn("errors", "text", (c) => c.notNull())
    .addColumn("consent_method", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text")
    .execute();

  // Notices: quantity with its unit, place, valid until, and the second person's decision.
  for (const [name, type] of [
    ["unit", "text"],
    ["valid_until", "text"],
    ["decided_by", "text"],
    ["decided_at", "text"],
    ["reject_reason", "text"],
    ["owner_told_at", "text"],
  ] as const) {
    await db.schema.alterTable("supply_demand_notices").addColumn(name, type).execute();
  }

  await db.schema
    .createTable("sms_broadcasts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("notice_id", "text")
    .addColumn("body", "text", (c) => c.notNull())
    // The text as sent: 【signature】 body 拒收请回复R
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("parts", "integer", (c) => c.notNull())
    // JSON {tags, regions, roles}
    .addColumn("target", "text", (c) => c.notNull())
    .addColumn("audience", "integer", (c) => c.notNull())
    // draft → approved (outbox written) → sending → done | cancelled
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("send_at", "text")
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("approved_by", "text")
    .addColumn("approved_at", "text")
    .addColumn("cancelled_by", "text")
    .addColumn("cancelled_at", "text")
    .addColumn("finished_at", "text")
    .execute();
  await db.schema.createIndex("sms_broadcasts_status_idx").on("sms_broadcasts").columns(["status", "created_at"]).execute();

  await sql
    .raw(
      `CREATE TABLE sms_outbox (
        id ${serial} PRIMARY KEY,
        broadcast_id text NOT NULL REFERENCES sms_broadcasts(id),
        phone text NOT NULL,
        text text NOT NULL,
        parts integer NOT NULL,
        idempotency_key text NOT NULL UNIQUE,
        state text NOT NULL,
        not_before text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        claimed_by text,
        claimed_at text,
        message_ids text,
        error text,
        sent_at text,
        done_at text,
        created_at text NOT NULL
      )`,
    )
    .execute(db);
  await db.schema.createIndex("sms_outbox_work_idx").on("sms_outbox").columns(["state", "not_before", "id"]).execute();
  await db.schema.createIndex("sms_outbox_broadcast_idx").on("sms_outbox").columns(["broadcast_id", "state"]).execute();
  await db.schema.createIndex("sms_outbox_phone_idx").on("sms_outbox").columns(["phone", "sent_at"]).execute();

  // Which outbox row each SMSC message id belongs to (a long message has several), for receipts.
  await db.schema
    .createTable("sms_message_ids")
    .addColumn("message_id", "text", (c) => c.primaryKey())
    .addColumn("outbox_id", "integer", (c) => c.notNull())
    // The part's receipt: null until it arrives, then delivered or failed
    .addColumn("state", "text")
    .execute();
  await db.schema.createIndex("sms_message_ids_outbox_idx").on("sms_message_ids").columns(["outbox_id"]).execute();

  await db.schema
    .createTable("sms_daily_counts")
    .addColumn("phone", "text", (c) => c.notNull())
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("sms_daily_counts_pk", ["phone", "day"])
    .execute();

  await db.schema
    .createTable("sms_inbound")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("phone", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("broadcast_id", "text")
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sms_inbound_broadcast_idx").on("sms_inbound").columns(["broadcast_id"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["sms_inbound", "sms_daily_counts", "sms_message_ids", "sms_outbox", "sms_broadcasts", "sms_imports", "sms_opt_outs", "sms_consents", "sms_subscriber_tags", "sms_subscribers"]) {
    await db.schema.dropTable(t).execute();
  }
  for (const c of ["unit", "valid_until", "decided_by", "decided_at", "reject_reason", "owner_told_at"]) {
    await db.schema.alterTable("supply_demand_notices").dropColumn(c).execute();
  }
}
