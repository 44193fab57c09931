import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Database } from "../db/database.js";
import type { AuditLogTable } from "../db/schema.js";
import { cappedTotal, decodeCursor, pageInfo, pageOf, TOTAL_CAP } from "../shared/paging.js";

/** One audit entry to write. */
export interface AuditEntry {
  actorId: string | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  ip: string | null;
  userAgent: string | null;
  detail?: Record<string, unknown>;
  at: string;
}

/** Filters of an audit search; all optional, combined with AND. */
export interface AuditQuery {
  actor?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  ip?: string;
  from?: string;
  to?: string;
  limit: number;
  /** A cursor from an earlier page (its last row's at and id). */
  after?: string;
}

/** Writes an entry; pass the transaction of the change being audited. */
export async function insertAudit(db: Database, e: AuditEntry): Promise<void> {
  await insertAuditRows(db, [e]);
}

/** Writes entries in one statement (all or none; the audit writer's batches are at most 500, 5,000 parameters). */
export async function insertAuditRows(db: Database, entries: readonly AuditEntry[]): Promise<void> {
  await db
    .insertInto("audit_log")
    .values(
      entries.map((e) => ({
        id: randomUUID(),
        at: e.at,
        actor_id: e.actorId,
        actor_name: e.actorName,
        action: e.action,
        entity: e.entity,
        entity_id: e.entityId,
        ip: e.ip,
        user_agent: e.userAgent,
        detail: e.detail ? JSON.stringify(e.detail) : null,
      })),
    )
    .execute();
}

/**
 * The actors an `actor` filter names: the text is a user id, or part of a user's name or username
 * (the users table is small); the log is then read by actor id along its index.
 */
async function actorIds(db: Database, actor: string): Promise<string[]> {
  const like = `%${actor.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db
    .selectFrom("users")
    .select("id")
    .where((eb) => eb.or([eb("id", "=", actor), eb(eb.fn("lower", ["display_name"]), "like", sql<string>`${like} escape '\\'`), eb(eb.fn("lower", ["username"]), "like", sql<string>`${like} escape '\\'`)]))
    .execute();
  return [...new Set([actor, ...rows.map((r) => r.id)])];
}

/** The filters of a search with the actor resolved to ids. */
export type AuditFilter = Omit<AuditQuery, "actor" | "limit" | "after"> & { actorIds?: string[] };

/** The entries matching `f` (FROM and WHERE only); each filter but the address has an index by (…, at, id). */
export function auditFiltered(db: Database, f: AuditFilter) {
  let query = db.selectFrom("audit_log");
  if (f.actorIds) query = query.where("actor_id", "in", f.actorIds);
  if (f.action) query = query.where("action", "=", f.action);
  if (f.entity) query = query.where("entity", "=", f.entity);
  if (f.entityId) query = query.where("entity_id", "=", f.entityId);
  if (f.ip) query = query.where("ip", "=", f.ip);
  if (f.from) query = query.where("at", ">=", f.from);
  if (f.to) query = query.where("at", "<", f.to);
  return query;
}

/** The entries matching `f` to count (up to a cap), newest first as an index has them: PostgreSQL then walks the index, not the table. */
export function auditCounted(db: Database, f: AuditFilter) {
  return auditFiltered(db, f).orderBy("at", "desc").orderBy("id", "desc");
}

/** A page of the entries matching `f`, newest first by (at, id), after a cursor's keys; limit + 1 rows are read. */
export function auditPageQuery(db: Database, f: AuditFilter, limit: number, after?: [string, string]) {
  let query = auditFiltered(db, f).selectAll();
  if (after) query = query.where((eb) => eb(eb.refTuple("at", "id"), "<", eb.tuple(after[0], after[1])));
  return query.orderBy("at", "desc").orderBy("id", "desc").limit(limit + 1);
}

/** Entries matching `q`, newest first, a page after `q.after`; the total (up to TOTAL_CAP) on the first page only (null after a cursor). */
export async function searchAudit(db: Database, q: AuditQuery): Promise<{ rows: AuditLogTable[]; total: number | null; totalExact: boolean | null; nextCursor: string | null }> {
  const after = q.after === undefined ? undefined : (decodeCursor(q.after, ["s", "s"]) as [string, string]);
  const { actor, limit: _limit, after: _after, ...rest } = q;
  const filter: AuditFilter = { ...rest, actorIds: actor ? await actorIds(db, actor) : undefined };
  const [rows, count] = await Promise.all([auditPageQuery(db, filter, q.limit, after).execute(), after ? null : auditTotal(db, filter)]);
  const page = pageOf(rows, q.limit, (r) => [r.at, r.id]);
  return { rows: page.rows, ...pageInfo(count, page.nextCursor) };
}

/**
 * Filters known to match more than TOTAL_CAP entries. The log only grows (an entry is never changed or
 * removed; the demo's history dates its own entries while it is generated, before anything is served), so a filter that matched more than the cap always will: its total is "more than 1,000"
 * without counting again. At most OVER_CAP_KEPT filters are remembered (then they start again).
 */
const overCap = new Set<string>();
const OVER_CAP_KEPT = 1_000;

/** The total of a filter's entries up to TOTAL_CAP: counted, unless the filter is known to be over it. */
async function auditTotal(db: Database, filter: AuditFilter): Promise<{ total: number; totalExact: boolean }> {
  const key = JSON.stringify(filter);
  if (overCap.has(key)) return { total: TOTAL_CAP, totalExact: false };
  const counted = await cappedTotal(db, auditCounted(db, filter));
  if (!counted.totalExact) {
    if (overCap.size >= OVER_CAP_KEPT) overCap.clear();
    overCap.add(key);
  }
  return counted;
}
