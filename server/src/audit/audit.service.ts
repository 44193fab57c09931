import type { Database } from "../db/database.js";
import type { RequestContext } from "../shared/request-context.js";
import { nowIso } from "../platform/clock.js";
import { insertAudit, searchAudit, type AuditQuery } from "./audit.repository.js";

/** What happened to which record; `read` actions are logged for personal data. */
export interface AuditEvent {
  action: string;
  entity: string;
  entityId?: string | null;
  detail?: Record<string, unknown>;
}

/**
 * Records who did what, when and from where. Call it with the transaction of
 * the change (or of the read) so the entry commits or rolls back with it.
 */
export async function audit(db: Database, ctx: RequestContext, event: AuditEvent): Promise<void> {
  await insertAudit(db, {
    actorId: ctx.actor?.userId ?? null,
    actorName: ctx.actor ? `${ctx.actor.displayName}（${ctx.actor.username}）` : null,
    action: event.action,
    entity: event.entity,
    entityId: event.entityId ?? null,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    detail: event.detail,
    at: nowIso(),
  });
}

/** Searches the audit log for the supervisors' page. */
export async function searchAuditLog(db: Database, q: AuditQuery) {
  const { rows, total } = await searchAudit(db, q);
  return {
    total,
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
  };
}
