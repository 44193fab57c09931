import { sql, type Kysely } from "kysely";

/**
 * Indexes for the 12316, SMS and outreach lists read page by page after a cursor (issue 18): each
 * list's order (newest first, the id breaking ties) read straight off an index for each filter the
 * pages offer, so a page costs the same at any size and nothing is sorted.
 * - 12316 tickets (created_at DESC, id DESC within a centre): all, by status, the open ones
 *   (open, transferred, visit: partial, statuses as literals so SQLite uses it), an expert's (all
 *   and open), by channel, category and caller's phone.
 * - Open311's public requests (web form and Open311 channels, partial: all and by status) and a
 *   client's own, by requested time then number.
 * - SMS subscribers (all, by role), notices (all, by status), broadcasts; a broadcast's messages by
 *   state with when they went out and are due (the list's progress read off the index alone; it
 *   replaces the (broadcast_id, state) index, which it begins with).
 * - Outreach events (event_date DESC, logged_at DESC, id DESC): all, by status, department and team.
 */
const ACTIVE = [sql.lit("open"), sql.lit("transferred"), sql.lit("visit")];

const INDEXES: { name: string; table: string; columns: string[]; active?: true; where?: "public" }[] = [
  { name: "hotline_tickets_centre_list_idx", table: "hotline_tickets", columns: ["centre_id", "created_at", "id"] },
  { name: "hotline_tickets_centre_status_list_idx", table: "hotline_tickets", columns: ["centre_id", "status", "created_at", "id"] },
  { name: "hotline_tickets_centre_active_list_idx", table: "hotline_tickets", columns: ["centre_id", "created_at", "id"], active: true },
  { name: "hotline_tickets_centre_assignee_list_idx", table: "hotline_tickets", columns: ["centre_id", "assignee_id", "created_at", "id"] },
  { name: "hotline_tickets_centre_assignee_active_list_idx", table: "hotline_tickets", columns: ["centre_id", "assignee_id", "created_at", "id"], active: true },
  { name: "hotline_tickets_centre_channel_list_idx", table: "hotline_tickets", columns: ["centre_id", "channel", "created_at", "id"] },
  { name: "hotline_tickets_centre_category_list_idx", table: "hotline_tickets", columns: ["centre_id", "category", "created_at", "id"] },
  { name: "hotline_tickets_centre_phone_list_idx", table: "hotline_tickets", columns: ["centre_id", "caller_phone", "created_at", "id"] },
  { name: "hotline_tickets_open311_public_idx", table: "hotline_tickets", columns: ["created_at", "number"], where: "public" },
  { name: "hotline_tickets_open311_public_status_idx", table: "hotline_tickets", columns: ["status", "created_at", "number"], where: "public" },
  { name: "hotline_tickets_open311_client_idx", table: "hotline_tickets", columns: ["open311_client_id", "created_at", "number"] },
  { name: "sms_subscribers_list_idx", table: "sms_subscribers", columns: ["created_at", "id"] },
  { name: "sms_subscribers_role_list_idx", table: "sms_subscribers", columns: ["role", "created_at", "id"] },
  { name: "supply_demand_notices_list_idx", table: "supply_demand_notices", columns: ["created_at", "id"] },
  { name: "supply_demand_notices_status_list_idx", table: "supply_demand_notices", columns: ["status", "created_at", "id"] },
  { name: "sms_broadcasts_list_idx", table: "sms_broadcasts", columns: ["created_at", "id"] },
  { name: "sms_outbox_broadcast_progress_idx", table: "sms_outbox", columns: ["broadcast_id", "state", "sent_at", "not_before"] },
  { name: "sms_inbound_broadcast_kind_idx", table: "sms_inbound", columns: ["broadcast_id", "kind"] },
  { name: "outreach_events_list_idx", table: "outreach_events", columns: ["event_date", "logged_at", "id"] },
  { name: "outreach_events_status_list_idx", table: "outreach_events", columns: ["status", "event_date", "logged_at", "id"] },
  { name: "outreach_events_department_list_idx", table: "outreach_events", columns: ["department_id", "event_date", "logged_at", "id"] },
  { name: "outreach_events_team_list_idx", table: "outreach_events", columns: ["team_id", "event_date", "logged_at", "id"] },
];

/** Indexes these replace (a prefix of a new one). */
const REPLACED: { name: string; table: string; columns: string[] }[] = [
  { name: "sms_outbox_broadcast_idx", table: "sms_outbox", columns: ["broadcast_id", "state"] },
  { name: "sms_inbound_broadcast_idx", table: "sms_inbound", columns: ["broadcast_id"] },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const i of INDEXES) {
    let b = db.schema.createIndex(i.name).on(i.table).columns(i.columns);
    if (i.active) b = b.where(sql.ref("status"), "in", ACTIVE);
    if (i.where === "public") b = b.where(sql.ref("channel"), "in", [sql.lit("open311"), sql.lit("web")]);
    await b.execute();
  }
  for (const i of REPLACED) await db.schema.dropIndex(i.name).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const i of REPLACED) await db.schema.createIndex(i.name).on(i.table).columns(i.columns).execute();
  for (const i of [...INDEXES].reverse()) await db.schema.dropIndex(i.name).execute();
}
