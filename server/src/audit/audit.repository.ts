import { randomUUID } from "node:crypto";
import type { Database } from "../db/database.js";
import type { AuditLogTable } from "../db/schema.js";

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
  offset: number;
}

/** Writes an entry; pass the transaction of the change being audited. */
export async function insertAudit(db: Database, e: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
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
    })
    .execute();
}

/** Entries matching `q`, newest first, and the total count. */
export async function searchAudit(db: Database, q: AuditQuery): Promise<{ rows: AuditLogTable[]; total: number }> {
  let query = db.selectFrom("audit_log");
  if (q.actor) {
    const like = `%${q.actor.toLowerCase()}%`;
    query = query.where((eb) => eb.or([eb(eb.fn("lower", ["actor_name"]), "like", like), eb("actor_id", "=", q.actor!)]));
  }
  if (q.action) query = query.where("action", "=", q.action);
  if (q.entity) query = query.where("entity", "=", q.entity);
  if (q.entityId) query = query.where("entity_id", "=", q.entityId);
  if (q.ip) query = query.where("ip", "=", q.ip);
  if (q.from) query = query.where("at", ">=", q.from);
  if (q.to) query = query.where("at", "<", q.to);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy("at", "desc").orderBy("id").limit(q.limit).offset(q.offset).execute(),
    query.select((eb) => eb.fn.countAll<number | string>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
