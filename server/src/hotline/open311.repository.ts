import { sql } from "kysely";
import type { Database } from "../db/database.js";
import type { HotlineTicketTable } from "../db/schema.js";

/**
 * The reads behind Open311 GeoReport v2's GET requests: a client's own requests (a valid api_key), or,
 * without a key, the requests anyone may see (filed through Open311 or the public web form, never a
 * call logged on the phone). What of a row may be shown is the routes' presenter's business.
 */

/** Channels whose requests are public without a key: the farmer filed them through an app or the web form. */
export const PUBLIC_CHANNELS: readonly HotlineTicketTable["channel"][] = ["open311", "web"];

/** Whose requests a read sees: one client's own (keyed), or the public ones (anonymous). */
export type Open311Reader = { clientId: string } | "public";

/** The filters of GET requests, already read from the query. */
export interface Open311RequestQuery {
  /** service_request_id values: when given, every other filter is ignored (the spec). */
  ids: string[];
  serviceCodes: string[];
  /** Open (any status but closed) or closed; undefined for both. */
  status?: "open" | "closed";
  /** requested_datetime range, ISO UTC: from ≤ created_at < to. */
  from: string;
  to: string;
  limit: number;
  /** Requests skipped before the first given (a page after the first), at most a few thousand. */
  offset: number;
}

/** The ticket columns an Open311 request is shown from (the caller's name and phone only to mask them in notes). */
const COLUMNS = [
  "t.number",
  "t.channel",
  "t.status",
  "t.waiting_since",
  "t.category",
  "t.text",
  "t.answer",
  "t.created_at",
  "t.updated_at",
  "t.solution_due_at",
  "t.address",
  "t.village_code",
  "t.lat",
  "t.lng",
  "t.caller_name",
  "t.caller_phone",
] as const;

/**
 * The public channels as literals: the partial index of public requests is defined by this very
 * term, and SQLite (like PostgreSQL's generic plans) uses one only for a literal match.
 */
const PUBLIC_TERM = sql<boolean>`t.channel IN (${sql.join(PUBLIC_CHANNELS.map((c) => sql.lit(c)))})`;

function readable(db: Database, reader: Open311Reader) {
  const s = db.selectFrom("hotline_tickets as t").leftJoin("hotline_callers as c", "c.id", "t.caller_id").select(COLUMNS).select("c.name as known_name");
  return reader === "public" ? s.where(PUBLIC_TERM) : s.where("t.open311_client_id", "=", reader.clientId);
}

/** Requests `reader` may read that match `q`, newest first, at most `q.limit` (the query, for EXPLAIN; findOpen311Requests runs it). */
export function open311RequestsQuery(db: Database, reader: Open311Reader, q: Open311RequestQuery) {
  let s = readable(db, reader);
  if (q.ids.length) s = s.where("t.number", "in", q.ids);
  else {
    s = s.where("t.created_at", ">=", q.from).where("t.created_at", "<", q.to);
    if (q.serviceCodes.length) s = s.where("t.category", "in", q.serviceCodes);
    if (q.status === "open") s = s.where("t.status", "!=", "closed");
    if (q.status === "closed") s = s.where("t.status", "=", "closed");
  }
  const page = s.orderBy("t.created_at", "desc").orderBy("t.number", "desc").limit(q.limit);
  return q.offset ? page.offset(q.offset) : page;
}

/** Requests `reader` may read that match `q`, newest first, at most `q.limit`. */
export function findOpen311Requests(db: Database, reader: Open311Reader, q: Open311RequestQuery) {
  return open311RequestsQuery(db, reader, q).execute();
}

/** One request by its number, if `reader` may read it. */
export function findOpen311Request(db: Database, reader: Open311Reader, number: string) {
  return readable(db, reader).where("t.number", "=", number).executeTakeFirst();
}

/** A row of the reads above. */
export type Open311RequestRow = NonNullable<Awaited<ReturnType<typeof findOpen311Request>>>;
