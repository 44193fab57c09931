import { PostgresAdapter, sql, type Kysely } from "kysely";

/**
 * 12316 tickets: callers recognised by phone, tickets from the phone, the web and Open311,
 * their events, pauses while waiting for the farmer, on-site visits with photos, the knowledge
 * base (Chinese full-text search over CJK bigram tokens: FTS5 on SQLite, a GIN-indexed tsvector
 * on PostgreSQL), supply/demand notices drafted from calls, and Open311 client keys.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable("hotline_callers")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("phone", "text", (c) => c.notNull().unique())
    .addColumn("name", "text")
    .addColumn("village_code", "text")
    .addColumn("calls", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_call_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("hotline_tickets")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("number", "text", (c) => c.notNull().unique())
    .addColumn("centre_id", "text", (c) => c.notNull().references("centres.id"))
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("caller_id", "text", (c) => c.notNull().references("hotline_callers.id"))
    .addColumn("caller_name", "text")
    .addColumn("caller_phone", "text", (c) => c.notNull())
    .addColumn("village_code", "text")
    .addColumn("address", "text")
    .addColumn("lat", "double precision")
    .addColumn("lng", "double precision")
    // The Open311 client a request came through (it alone reads it back)
    .addColumn("open311_client_id", "text")
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("product", "text")
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("specialty", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("assignee_id", "text", (c) => c.references("users.id"))
    .addColumn("assigned_at", "text")
    .addColumn("response_minutes", "integer", (c) => c.notNull())
    .addColumn("solution_minutes", "integer", (c) => c.notNull())
    .addColumn("response_due_at", "text", (c) => c.notNull())
    .addColumn("solution_due_at", "text")
    .addColumn("waiting_since", "text")
    // Which clock's breach was last reported ("response", then "solution"): each is told once
    .addColumn("overdue_notified", "text")
    .addColumn("responded_at", "text")
    .addColumn("solved_at", "text")
    .addColumn("resolution", "text")
    .addColumn("answer", "text")
    .addColumn("closed_by", "text")
    .addColumn("callback_at", "text")
    .addColumn("callback_by", "text")
    .addColumn("callback_method", "text")
    .addColumn("satisfaction", "text")
    .addColumn("callback_note", "text")
    .addColumn("knowledge_id", "text")
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex("hotline_tickets_caller_idx").on("hotline_tickets").columns(["caller_id", "created_at"]).execute();
  await db.schema.createIndex("hotline_tickets_status_idx").on("hotline_tickets").columns(["status", "created_at"]).execute();
  await db.schema.createIndex("hotline_tickets_assignee_idx").on("hotline_tickets").columns(["assignee_id", "status"]).execute();
  await db.schema.createIndex("hotline_tickets_created_idx").on("hotline_tickets").columns(["created_at"]).execute();

  await db.schema.createIndex("hotline_tickets_due_idx").on("hotline_tickets").columns(["status", "response_due_at"]).execute();

  // A centre's own service levels per category (core HOTLINE_CATEGORIES holds the defaults)
  await db.schema
    .createTable("hotline_category_limits")
    .addColumn("centre_id", "text", (c) => c.notNull().references("centres.id"))
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("response_minutes", "integer", (c) => c.notNull())
    .addColumn("solution_minutes", "integer", (c) => c.notNull())
    .addColumn("updated_by", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("hotline_category_limits_pk", ["centre_id", "category"])
    .execute();

  await db.schema
    .createTable("hotline_ticket_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("ticket_id", "text", (c) => c.notNull().references("hotline_tickets.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("detail", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("hotline_ticket_events_ticket_idx").on("hotline_ticket_events").columns(["ticket_id", "at"]).execute();

  await db.schema
    .createTable("hotline_pauses")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("ticket_id", "text", (c) => c.notNull().references("hotline_tickets.id"))
    .addColumn("from_at", "text", (c) => c.notNull())
    .addColumn("to_at", "text")
    .addColumn("reason", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("hotline_pauses_ticket_idx").on("hotline_pauses").columns(["ticket_id"]).execute();

  await db.schema
    .createTable("hotline_visits")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("ticket_id", "text", (c) => c.notNull().references("hotline_tickets.id"))
    .addColumn("expert_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("visit_date", "text", (c) => c.notNull())
    .addColumn("village_code", "text", (c) => c.notNull())
    .addColumn("address", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("findings", "text")
    .addColumn("advice", "text")
    .addColumn("recorded_at", "text")
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("hotline_visits_ticket_idx").on("hotline_visits").columns(["ticket_id"]).execute();
  await db.schema.createIndex("hotline_visits_expert_idx").on("hotline_visits").columns(["expert_id", "visit_date"]).execute();

  await db.schema
    .createTable("hotline_visit_photos")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("visit_id", "text", (c) => c.notNull().references("hotline_visits.id"))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("uploaded_by", "text", (c) => c.notNull())
    .addColumn("uploaded_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("hotline_visit_photos_visit_idx").on("hotline_visit_photos").columns(["visit_id"]).execute();

  // Search results come most reused first, then newest: the same order on both engines, and an
  // order either engine reads off an index without ranking every match (a common word matches
  // tens of thousands of entries). SQLite: the FTS5 rowid is uses·10¹² + seq, kept by triggers,
  // so `ORDER BY rowid DESC` walks matches in result order and stops at the page; retired entries
  // leave the FTS table. PostgreSQL: a GIN index on the tokens for rare words and a partial index
  // on (uses, seq) the planner walks for common ones.
  await db.schema
    .createTable("knowledge_entries")
    .addColumn("id", "text", (c) => c.primaryKey())
    // Creation order (counters "knowledge"), below 10¹²
    .addColumn("seq", "bigint", (c) => c.notNull().unique())
    .addColumn("ticket_id", "text")
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("specialty", "text")
    .addColumn("product", "text")
    .addColumn("question", "text", (c) => c.notNull())
    .addColumn("answer", "text", (c) => c.notNull())
    // Space-separated search tokens (core searchTokens: CJK bigrams, lower-cased words)
    .addColumn("tokens", "text", (c) => c.notNull())
    .addColumn("author_id", "text")
    .addColumn("uses", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  if (pg) {
    await sql`ALTER TABLE knowledge_entries ADD COLUMN search tsvector GENERATED ALWAYS AS (array_to_tsvector(string_to_array(tokens, ' '))) STORED`.execute(db);
    await sql`CREATE INDEX knowledge_entries_search_idx ON knowledge_entries USING gin (search)`.execute(db);
    await sql`CREATE INDEX knowledge_entries_order_idx ON knowledge_entries (uses DESC, seq DESC) WHERE status = 'published'`.execute(db);
  } else {
    const rowid = (r: "NEW" | "OLD") => `${r}.uses * 1000000000000 + ${r}.seq`;
    await sql`CREATE VIRTUAL TABLE knowledge_fts USING fts5(entry_id UNINDEXED, tokens, tokenize = 'unicode61 remove_diacritics 0', detail = 'none')`.execute(db);
    await sql
      .raw(`CREATE TRIGGER knowledge_fts_ins AFTER INSERT ON knowledge_entries WHEN NEW.status = 'published' BEGIN INSERT INTO knowledge_fts (rowid, entry_id, tokens) VALUES (${rowid("NEW")}, NEW.id, NEW.tokens); END`)
      .execute(db);
    await sql.raw(`CREATE TRIGGER knowledge_fts_del AFTER DELETE ON knowledge_entries BEGIN DELETE FROM knowledge_fts WHERE rowid = ${rowid("OLD")}; END`).execute(db);
    await sql
      .raw(
        `CREATE TRIGGER knowledge_fts_upd AFTER UPDATE OF tokens, uses, status, seq ON knowledge_entries BEGIN
          DELETE FROM knowledge_fts WHERE rowid = ${rowid("OLD")};
          INSERT INTO knowledge_fts (rowid, entry_id, tokens) SELECT ${rowid("NEW")}, NEW.id, NEW.tokens WHERE NEW.status = 'published';
        END`,
      )
      .execute(db);
  }
  await db.schema.createIndex("knowledge_entries_ticket_idx").on("knowledge_entries").columns(["ticket_id"]).execute();

  await db.schema
    .createTable("supply_demand_notices")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("ticket_id", "text")
    .addColumn("owner_caller_id", "text", (c) => c.notNull().references("hotline_callers.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("product", "text", (c) => c.notNull())
    .addColumn("quantity", "text")
    .addColumn("price", "text")
    .addColumn("village_code", "text")
    .addColumn("contact_phone", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("supply_demand_notices_status_idx").on("supply_demand_notices").columns(["status", "created_at"]).execute();

  await db.schema
    .createTable("open311_clients")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    // SHA-256 of the api_key; the key itself is shown once
    .addColumn("key_hash", "text", (c) => c.notNull().unique())
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  if (!pg) await sql`DROP TABLE knowledge_fts`.execute(db);
  for (const t of [
    "open311_clients",
    "supply_demand_notices",
    "knowledge_entries",
    "hotline_visit_photos",
    "hotline_visits",
    "hotline_pauses",
    "hotline_ticket_events",
    "hotline_tickets",
    "hotline_category_limits",
    "hotline_callers",
  ])
    await db.schema.dropTable(t).execute();
}
