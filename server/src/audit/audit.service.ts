import type { Database } from "../db/database.js";
import type { RequestContext } from "../shared/request-context.js";
import { nowIso } from "../platform/clock.js";
import type { ReadCache } from "../platform/read-cache.js";
import { insertAudit, searchAudit, type AuditQuery } from "./audit.repository.js";
import { auditWriterOf } from "./audit-writer.js";

/** What happened to which record; `read` actions are logged for personal data. */
export interface AuditEvent {
  action: string;
  entity: string;
  entityId?: string | null;
  detail?: Record<string, unknown>;
}

/**
 * Records who did what, when and from where. Call it with the transaction of the change so the
 * entry commits or rolls back with it. A read (called with the database, not a transaction) has its
 * entry written with the others of the moment in one transaction (AuditWriter): it resolves once
 * that has committed, so the read answers only after its entry is stored.
 */
export async function audit(db: Database, ctx: RequestContext, event: AuditEvent): Promise<void> {
  const entry = {
    actorId: ctx.actor?.userId ?? null,
    actorName: ctx.actor ? `${ctx.actor.displayName}（${ctx.actor.username}）` : null,
    action: event.action,
    entity: event.entity,
    entityId: event.entityId ?? null,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    detail: event.detail,
    at: nowIso(),
  };
  await (db.isTransaction ? insertAudit(db, entry) : auditWriterOf(db).write(entry));
}

/** The tables a page of the log reads: the entries, and users for an actor filter given by name. */
const AUDIT_PAGE_TABLES = ["audit_log", "users"] as const;

/**
 * A page of the audit log for the supervisors' page, newest first, after the query's cursor: kept per
 * instance until an entry is written or a user renamed (platform/read-cache.ts; migration 2026120719).
 */
export async function searchAuditLog(deps: { db: Database; reads: ReadCache }, q: AuditQuery) {
  return deps.reads.get(AUDIT_PAGE_TABLES, `audit:${JSON.stringify(q)}`, () => readAuditPage(deps.db, q));
}

async function readAuditPage(db: Database, q: AuditQuery) {
  const { rows, ...page } = await searchAudit(db, q);
  return {
    items: rows.map((r) => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      actorName: r.actor_name,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      ip: r.ip,
      userAgent: r.user_agent,
      detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
    })),
    ...page,
  };
}
