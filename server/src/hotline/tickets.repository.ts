import type { QueryTerm } from "@yichuang/core";
import { sql } from "kysely";
import type { Database, DatabaseKind } from "../db/database.js";
import { nextOpenRows, writeRecounted, type ScanCursor } from "../db/batch.js";
import { cappedTotal } from "../shared/paging.js";
import type {
  HotlineCallerTable,
  HotlinePauseTable,
  HotlineTicketEventTable,
  HotlineTicketTable,
  HotlineVisitPhotoTable,
  HotlineVisitTable,
  KnowledgeEntryTable,
  SupplyDemandNoticeTable,
} from "../db/schema.js";

/* ---------- callers ---------- */

export function findCallerByPhone(db: Database, phone: string) {
  return db.selectFrom("hotline_callers").selectAll().where("phone", "=", phone).executeTakeFirst();
}

/**
 * Records a call from `phone`: a new caller, or the known one with a call more. Name and village
 * are updated from what is given only when `trusted` (an operator on the phone); what anyone
 * types on the web or through Open311 never renames a known caller.
 */
export async function upsertCaller(db: Database, c: { id: string; phone: string; name: string | null; village_code: string | null; at: string; trusted: boolean }): Promise<HotlineCallerTable> {
  return db
    .insertInto("hotline_callers")
    .values({ id: c.id, phone: c.phone, name: c.name, village_code: c.village_code, calls: 1, last_call_at: c.at, created_at: c.at, updated_at: c.at })
    .onConflict((oc) =>
      oc.column("phone").doUpdateSet((eb) => ({
        calls: eb("hotline_callers.calls", "+", 1),
        last_call_at: c.at,
        updated_at: c.at,
        ...(c.trusted
          ? {
              name: eb.fn.coalesce(eb.ref("excluded.name"), eb.ref("hotline_callers.name")),
              village_code: eb.fn.coalesce(eb.ref("excluded.village_code"), eb.ref("hotline_callers.village_code")),
            }
          : {}),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A caller's tickets, newest first (to one centre, or to any when `centreId` is null). */
export function callerTickets(db: Database, callerId: string, centreId: string | null, limit = 20) {
  return db
    .selectFrom("hotline_tickets")
    .select(["id", "number", "channel", "category", "product", "text", "status", "resolution", "answer", "satisfaction", "created_at", "solved_at"])
    .where("caller_id", "=", callerId)
    .$if(centreId !== null, (q) => q.where("centre_id", "=", centreId!))
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
}

/* ---------- category limits ---------- */

export function categoryLimitsOf(db: Database, centreId: string) {
  return db.selectFrom("hotline_category_limits").selectAll().where("centre_id", "=", centreId).execute();
}

export async function saveCategoryLimits(db: Database, row: { centre_id: string; category: string; response_minutes: number; solution_minutes: number; updated_by: string; updated_at: string }): Promise<void> {
  await db
    .insertInto("hotline_category_limits")
    .values(row)
    .onConflict((oc) => oc.columns(["centre_id", "category"]).doUpdateSet({ response_minutes: row.response_minutes, solution_minutes: row.solution_minutes, updated_by: row.updated_by, updated_at: row.updated_at }))
    .execute();
}

/* ---------- tickets ---------- */

/** Web tickets from a phone since a time. */
export async function countRecentWebTickets(db: Database, phone: string, since: string): Promise<number> {
  const r = await db
    .selectFrom("hotline_tickets")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("caller_phone", "=", phone)
    .where("channel", "=", "web")
    .where("created_at", ">=", since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertTicket(db: Database, row: HotlineTicketTable): Promise<void> {
  await db.insertInto("hotline_tickets").values(row).execute();
}

export function findTicket(db: Database, id: string) {
  return db.selectFrom("hotline_tickets").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findTicketByNumber(db: Database, number: string) {
  return db.selectFrom("hotline_tickets").selectAll().where("number", "=", number).executeTakeFirst();
}

/** Changes a ticket if it is still at `revision`; false when someone changed it first. */
export async function updateTicket(db: Database, id: string, revision: number, patch: Partial<Omit<HotlineTicketTable, "id" | "revision">>): Promise<boolean> {
  const r = await db
    .updateTable("hotline_tickets")
    .set({ ...patch, revision: revision + 1 })
    .where("id", "=", id)
    .where("revision", "=", revision)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface TicketQuery {
  centreId: string;
  status?: HotlineTicketTable["status"][];
  assigneeId?: string;
  overdueAt?: string;
  channel?: HotlineTicketTable["channel"];
  category?: string;
  /** Number (or its last digits), the caller's name, or words of the question or product (substring, ASCII case ignored on both engines). */
  q?: string;
  /** A caller's phone, exactly (normalised). */
  phone?: string;
  from?: string;
  to?: string;
  limit: number;
  /** The sort keys (created_at, id) of the last row of the page before. */
  after?: [string, string];
}

const ACTIVE_STATUSES: readonly HotlineTicketTable["status"][] = ["open", "transferred", "visit"];
/**
 * The open tickets, written with literals: the partial indexes of open tickets are defined by this
 * very term, and SQLite (like PostgreSQL's generic plans) uses one only for a literal match.
 */
const ACTIVE_TERM = sql<boolean>`t.status IN ('open', 'transferred', 'visit')`;

/**
 * The filter of a ticket list, written so an index of the centre's tickets in list order serves it:
 * one status by (centre, status); several open ones by the partial index of open tickets (a set
 * with closed in it is filtered on the centre's list); an expert's by (centre, assignee); overdue
 * tickets are open ones.
 */
function ticketFilter(db: Database, q: Omit<TicketQuery, "limit" | "after">) {
  let s = db.selectFrom("hotline_tickets as t").where("t.centre_id", "=", q.centreId);
  const status = [...new Set(q.status ?? [])];
  const allActive = status.length > 0 && status.every((x) => ACTIVE_STATUSES.includes(x));
  if (status.length === 1) s = s.where("t.status", "=", status[0]!);
  else if (allActive) {
    s = s.where(ACTIVE_TERM);
    if (status.length < ACTIVE_STATUSES.length) s = s.where("t.status", "in", status);
  } else if (status.length > 1 && status.length < 4) s = s.where("t.status", "in", status);
  if (q.assigneeId) s = s.where("t.assignee_id", "=", q.assigneeId);
  if (q.channel) s = s.where("t.channel", "=", q.channel);
  if (q.category) s = s.where("t.category", "=", q.category);
  if (q.from) s = s.where("t.created_at", ">=", q.from);
  if (q.to) s = s.where("t.created_at", "<", q.to);
  if (q.overdueAt) {
    const now = q.overdueAt;
    // Overdue tickets are open ones (the term of the open tickets' index).
    if (!allActive) s = s.where(ACTIVE_TERM);
    s = s.where((eb) => eb.or([eb.and([eb("t.responded_at", "is", null), eb("t.response_due_at", "<", now)]), eb("t.solution_due_at", "<", now)]));
  }
  if (q.phone) s = s.where("t.caller_phone", "=", q.phone);
  else if (q.q) {
    const like = `%${q.q.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    // A ticket number or its last digits, the caller's name, words of the question or the product.
    s = s.where((eb) =>
      eb.or([
        eb("t.number", "=", q.q!),
        sql<boolean>`t.number LIKE ${`%${q.q!.replace(/[%_\\]/g, "")}`}`,
        sql<boolean>`lower(t.caller_name) LIKE ${like} ESCAPE '\\'`,
        sql<boolean>`lower(t.text) LIKE ${like} ESCAPE '\\'`,
        sql<boolean>`lower(t.product) LIKE ${like} ESCAPE '\\'`,
      ]),
    );
  }
  return s;
}

/** The columns a list row shows (the question's first words, not the whole of it). */
const LIST_COLUMNS = [
  "t.id",
  "t.number",
  "t.channel",
  "t.caller_name",
  "t.caller_phone",
  "t.village_code",
  "t.category",
  "t.product",
  "t.status",
  "t.waiting_since",
  "t.assignee_id",
  "t.specialty",
  "t.created_at",
  "t.responded_at",
  "t.solved_at",
  "t.response_minutes",
  "t.solution_minutes",
  "t.satisfaction",
  "t.callback_at",
  "t.due_provisional",
  "t.updated_at",
] as const;

/**
 * The query of a page of tickets (newest first, the id breaking ties; `limit + 1` rows, so the
 * caller knows whether more follow), after the cursor's row when given. Exported for EXPLAIN.
 */
export function ticketListQuery(db: Database, q: TicketQuery) {
  let s = ticketFilter(db, q);
  if (q.after) {
    const [at, id] = q.after;
    // The range on created_at is what an index seeks to; the OR only settles ties.
    s = s.where("t.created_at", "<=", at).where((eb) => eb.or([eb("t.created_at", "<", at), eb("t.id", "<", id)]));
  }
  return s
    .leftJoin("users as a", "a.id", "t.assignee_id")
    .select(LIST_COLUMNS)
    .select((eb) => [sql<string>`substr(t.text, 1, 120)`.as("text"), eb.ref("a.display_name").as("assignee_name")])
    .orderBy("t.created_at", "desc")
    .orderBy("t.id", "desc")
    .limit(q.limit + 1);
}

/** A page of tickets, newest first, with the assignee's name; on the first page (no cursor) the total, counted up to TOTAL_CAP. */
export async function listTickets(db: Database, q: TicketQuery) {
  const [rows, total] = await Promise.all([ticketListQuery(db, q).execute(), q.after ? Promise.resolve(null) : cappedTotal(db, ticketFilter(db, q))]);
  return { rows, total };
}

/** Open tickets whose response or solution clock ran out and has not been reported yet. */
export function unreportedOverdue(db: Database, now: string, limit: number) {
  return db
    .selectFrom("hotline_tickets")
    .selectAll()
    .where("status", "!=", "closed")
    .where((eb) =>
      eb.or([
        eb.and([eb("responded_at", "is", null), eb("response_due_at", "<", now), eb("overdue_notified", "is", null)]),
        eb.and([eb("solution_due_at", "<", now), eb.or([eb("overdue_notified", "is", null), eb("overdue_notified", "=", "response")])]),
      ]),
    )
    .orderBy("created_at")
    .limit(limit)
    .execute();
}

/** Claims the report of a clock's breach (conditional update: one instance wins). */
export async function claimOverdue(db: Database, id: string, seen: HotlineTicketTable["overdue_notified"], clock: "response" | "solution", now: string): Promise<boolean> {
  const r = await db
    .updateTable("hotline_tickets")
    .set({ overdue_notified: clock })
    .where("id", "=", id)
    .where("status", "!=", "closed")
    // Still overdue now (answered, resumed or closed in between: nothing to report).
    .where((eb) => (clock === "response" ? eb.and([eb("responded_at", "is", null), eb("response_due_at", "<", now)]) : eb("solution_due_at", "<", now)))
    .where((eb) => (seen === null ? eb("overdue_notified", "is", null) : eb("overdue_notified", "=", seen)))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/* ---------- events and pauses ---------- */

export async function insertEvent(db: Database, row: HotlineTicketEventTable): Promise<void> {
  await db.insertInto("hotline_ticket_events").values(row).execute();
}

export function eventsOf(db: Database, ticketId: string) {
  return db
    .selectFrom("hotline_ticket_events as e")
    .leftJoin("users as u", "u.id", "e.actor_id")
    .selectAll("e")
    .select("u.display_name as actor_name")
    .where("e.ticket_id", "=", ticketId)
    .orderBy("e.at")
    .orderBy("e.id")
    .execute();
}

export async function insertPause(db: Database, row: HotlinePauseTable): Promise<void> {
  await db.insertInto("hotline_pauses").values(row).execute();
}

export async function endPause(db: Database, ticketId: string, at: string): Promise<void> {
  await db.updateTable("hotline_pauses").set({ to_at: at }).where("ticket_id", "=", ticketId).where("to_at", "is", null).execute();
}

/** The pauses of these tickets. */
export function pausesOf(db: Database, ticketIds: string[]) {
  if (!ticketIds.length) return Promise.resolve([] as HotlinePauseTable[]);
  return db.selectFrom("hotline_pauses").selectAll().where("ticket_id", "in", ticketIds).orderBy("from_at").execute();
}

/* ---------- visits ---------- */

export async function insertVisit(db: Database, row: HotlineVisitTable): Promise<void> {
  await db.insertInto("hotline_visits").values(row).execute();
}

export function visitsOf(db: Database, ticketId: string) {
  return db
    .selectFrom("hotline_visits as v")
    .innerJoin("users as u", "u.id", "v.expert_id")
    .selectAll("v")
    .select("u.display_name as expert_name")
    .where("v.ticket_id", "=", ticketId)
    .orderBy("v.created_at")
    .execute();
}

export function findVisit(db: Database, id: string) {
  return db.selectFrom("hotline_visits").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function recordVisit(db: Database, id: string, patch: Pick<HotlineVisitTable, "findings" | "advice" | "recorded_at">): Promise<boolean> {
  const r = await db.updateTable("hotline_visits").set({ ...patch, status: "done" }).where("id", "=", id).where("status", "=", "planned").executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertPhoto(db: Database, row: HotlineVisitPhotoTable): Promise<void> {
  await db.insertInto("hotline_visit_photos").values(row).execute();
}

export function photosOf(db: Database, visitIds: string[]) {
  if (!visitIds.length) return Promise.resolve([] as HotlineVisitPhotoTable[]);
  return db.selectFrom("hotline_visit_photos").selectAll().where("visit_id", "in", visitIds).orderBy("uploaded_at").execute();
}

export function findPhoto(db: Database, id: string) {
  return db
    .selectFrom("hotline_visit_photos as p")
    .innerJoin("hotline_visits as v", "v.id", "p.visit_id")
    .innerJoin("hotline_tickets as t", "t.id", "v.ticket_id")
    .selectAll("p")
    .select(["t.centre_id", "t.id as ticket_id"])
    .where("p.id", "=", id)
    .executeTakeFirst();
}

/* ---------- knowledge base ---------- */

export async function insertEntry(db: Database, row: KnowledgeEntryTable): Promise<void> {
  await db.insertInto("knowledge_entries").values(row).execute();
}

export function findEntry(db: Database, id: string) {
  return db.selectFrom("knowledge_entries").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function addUse(db: Database, id: string): Promise<void> {
  await db.updateTable("knowledge_entries").set((eb) => ({ uses: eb("uses", "+", 1) })).where("id", "=", id).execute();
}

export async function updateEntry(db: Database, id: string, patch: Partial<Omit<KnowledgeEntryTable, "id">>): Promise<boolean> {
  const r = await db.updateTable("knowledge_entries").set(patch).where("id", "=", id).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

const ENTRY_COLUMNS = ["id", "ticket_id", "title", "category", "specialty", "product", "question", "answer", "uses", "status", "created_at", "updated_at"] as const;

/** FTS5 query text: every term quoted, single characters as prefixes. */
const ftsMatch = (terms: QueryTerm[]) => terms.map((t) => `"${t.token.replace(/"/g, '""')}"${t.prefix ? "*" : ""}`).join(" ");
/** tsquery text: every lexeme quoted, single characters as prefixes. */
const tsQuery = (terms: QueryTerm[]) => terms.map((t) => `'${t.token.replace(/['\\]/g, (c) => `\\${c}`)}'${t.prefix ? ":*" : ""}`).join(" & ");

/**
 * Published entries holding every term, most reused first, then newest (the same order on both
 * engines, read off an index: the FTS5 rowid on SQLite, the (uses, seq) index on PostgreSQL);
 * `limit + 1` rows so the caller knows whether there are more.
 */
export async function searchEntries(db: Database, kind: DatabaseKind, terms: QueryTerm[], f: { category?: string; specialty?: string; limit: number }) {
  if (kind === "postgres") {
    let s = db
      .selectFrom("knowledge_entries as k")
      .select(ENTRY_COLUMNS.map((c) => `k.${c}` as const))
      .where(sql<boolean>`k.search @@ ${tsQuery(terms)}::tsquery`)
      .where("k.status", "=", "published");
    if (f.category) s = s.where("k.category", "=", f.category);
    if (f.specialty) s = s.where("k.specialty", "=", f.specialty);
    return s.orderBy("k.uses", "desc").orderBy("k.seq", "desc").limit(f.limit + 1).execute();
  }
  let s = db
    .selectFrom(sql<{ entry_id: string; rowid: number }>`knowledge_fts`.as("f"))
    .innerJoin("knowledge_entries as k", "k.id", "f.entry_id")
    .select(ENTRY_COLUMNS.map((c) => `k.${c}` as const))
    .where(sql<boolean>`knowledge_fts MATCH ${ftsMatch(terms)}`);
  if (f.category) s = s.where("k.category", "=", f.category);
  if (f.specialty) s = s.where("k.specialty", "=", f.specialty);
  return s.orderBy(sql`f.rowid`, "desc").limit(f.limit + 1).execute();
}

/** The most reused and newest published entries (no query). */
export function latestEntries(db: Database, f: { category?: string; specialty?: string; limit: number }) {
  let s = db.selectFrom("knowledge_entries as k").select(ENTRY_COLUMNS.map((c) => `k.${c}` as const)).where("k.status", "=", "published");
  if (f.category) s = s.where("k.category", "=", f.category);
  if (f.specialty) s = s.where("k.specialty", "=", f.specialty);
  return s.orderBy("k.uses", "desc").orderBy("k.seq", "desc").limit(f.limit + 1).execute();
}

/* ---------- supply/demand notices ---------- */

export async function insertNotice(db: Database, row: SupplyDemandNoticeTable): Promise<void> {
  await db.insertInto("supply_demand_notices").values(row).execute();
}

export function noticesOfTicket(db: Database, ticketId: string) {
  return db.selectFrom("supply_demand_notices").selectAll().where("ticket_id", "=", ticketId).orderBy("created_at").execute();
}

export function listNotices(db: Database, status: SupplyDemandNoticeTable["status"][], limit: number) {
  return db
    .selectFrom("supply_demand_notices as n")
    .innerJoin("hotline_callers as c", "c.id", "n.owner_caller_id")
    .selectAll("n")
    .select(["c.name as owner_name"])
    .where("n.status", "in", status)
    .orderBy("n.created_at", "desc")
    .limit(limit)
    .execute();
}

/* ---------- Open311 clients ---------- */

export function findOpen311Client(db: Database, keyHash: string) {
  return db.selectFrom("open311_clients").selectAll().where("key_hash", "=", keyHash).where("active", "=", 1).executeTakeFirst();
}

export async function insertOpen311Client(db: Database, row: { id: string; name: string; key_hash: string; created_at: string }): Promise<void> {
  await db.insertInto("open311_clients").values({ ...row, active: 1 }).onConflict((oc) => oc.column("key_hash").doNothing()).execute();
}


/** The next batch of open tickets after `cursor` counted on a calendar revision before `revision`; the cursor after it (null at the end). */
export function openTicketsAfter(db: Database, kind: DatabaseKind, revision: number, cursor: ScanCursor, limit: number) {
  return nextOpenRows(db, kind, "hotline_tickets", ["number", "assignee_id", "created_at", "responded_at", "waiting_since", "response_minutes", "solution_minutes", "response_due_at", "solution_due_at", "due_provisional", "updated_at"] as const, revision, cursor, limit);
}

/** Writes recounted due times [response_due_at, solution_due_at, due_provisional, calendar_rev] of tickets not changed since read. */
export function writeDueTimes(db: Database, rows: { id: string; values: (string | number | null)[]; guard: string }[]): Promise<void> {
  return writeRecounted(db, "hotline_tickets", rows);
}

/** Several events at once. */
export async function insertEvents(db: Database, rows: HotlineTicketEventTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insertInto("hotline_ticket_events").values(rows.slice(i, i + 500)).execute();
}
