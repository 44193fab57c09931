import { PostgresAdapter, type Kysely } from "kysely";
import { createReadTriggers, dropReadTriggers, unwatchTable, watchTable } from "./read-watch.js";
import { WATCHED as WATCHED_FIGURES } from "./2026120712-evaluation-day-stats.js";
import { WATCHED as WATCHED_HOTLINE } from "./2026120716-read-watch-hotline.js";

/**
 * The tables the staff lists read, whose changes their kept pages follow (see 2026120712: SQLite's
 * triggers count each change in the writer's transaction, PostgreSQL's statement triggers NOTIFY every
 * instance on commit), and more columns of tables watched already (the lists show them too).
 * db/write-watch.ts names the same.
 */
export const WATCHED: Record<string, readonly string[] | null> = {
  hotline_pauses: null,
  sms_subscribers: null,
  sms_subscriber_tags: null,
  sms_opt_outs: null,
  supply_demand_notices: null,
  sms_broadcasts: null,
  sms_outbox: ["state", "sent_at", "not_before", "broadcast_id"],
  sms_inbound: null,
  cases: null,
  applications: null,
  case_materials: null,
  review_tasks: null,
  outreach_events: null,
  service_teams: ["name", "leader_user_id", "department_id"],
  outreach_event_photos: null,
  knowledge_entries: null,
  window_shifts: null,
  // Watched already, more columns now.
  hotline_callers: ["name", "phone"],
  users: ["display_name", "staff_no", "photo_sha256", "phone", "home_window_id", "username"],
  departments: ["name_zh", "name_en", "centre_id", "code"],
  windows: ["number", "name_zh", "name_en", "department_id", "active"],
  window_services: ["name_zh", "name_en", "kind", "department_id", "active"],
  service_transactions: null,
};

const BEFORE: Record<string, readonly string[] | null> = { ...WATCHED_FIGURES, ...WATCHED_HOTLINE };

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const [table, columns] of Object.entries(WATCHED)) {
    if (Object.hasOwn(BEFORE, table)) {
      await dropReadTriggers(db, pg, table);
      await createReadTriggers(db, pg, table, columns);
    } else await watchTable(db, pg, table, columns);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const table of Object.keys(WATCHED)) {
    const columns = BEFORE[table];
    if (columns === undefined) {
      await unwatchTable(db, pg, table);
      continue;
    }
    // Back to the columns watched before.
    await dropReadTriggers(db, pg, table);
    await createReadTriggers(db, pg, table, columns);
  }
}
