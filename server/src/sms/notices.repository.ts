import type { Database } from "../db/database.js";
import type { SupplyDemandNoticeTable } from "../db/schema.js";
import { cappedTotal } from "../shared/paging.js";

export function findNotice(db: Database, id: string) {
  return db
    .selectFrom("supply_demand_notices as n")
    .innerJoin("hotline_callers as c", "c.id", "n.owner_caller_id")
    .leftJoin("users as a", "a.id", "n.created_by")
    .leftJoin("users as d", "d.id", "n.decided_by")
    .selectAll("n")
    .select(["c.name as owner_name", "c.phone as owner_phone", "a.display_name as author_name", "d.display_name as decider_name"])
    .where("n.id", "=", id)
    .executeTakeFirst();
}

/**
 * The query of a page of notices (newest first, the id breaking ties; `limit + 1` rows) after the
 * cursor's row, by status when given. Exported for EXPLAIN; listNotices runs it.
 */
export function noticeListQuery(db: Database, q: { status?: SupplyDemandNoticeTable["status"]; limit: number; after?: [string, string] }) {
  let s = noticeFilter(db, q.status);
  if (q.after) {
    const [at, id] = q.after;
    s = s.where("n.created_at", "<=", at).where((eb) => eb.or([eb("n.created_at", "<", at), eb("n.id", "<", id)]));
  }
  return s
    .innerJoin("hotline_callers as c", "c.id", "n.owner_caller_id")
    .leftJoin("users as a", "a.id", "n.created_by")
    .leftJoin("users as d", "d.id", "n.decided_by")
    .selectAll("n")
    .select(["c.name as owner_name", "c.phone as owner_phone", "a.display_name as author_name", "d.display_name as decider_name"])
    .orderBy("n.created_at", "desc")
    .orderBy("n.id", "desc")
    .limit(q.limit + 1);
}

function noticeFilter(db: Database, status: SupplyDemandNoticeTable["status"] | undefined) {
  const s = db.selectFrom("supply_demand_notices as n");
  return status ? s.where("n.status", "=", status) : s;
}

/** A page of notices and, on the first page (no cursor), the total counted up to TOTAL_CAP. */
export async function listNotices(db: Database, q: { status?: SupplyDemandNoticeTable["status"]; limit: number; after?: [string, string] }) {
  const [rows, total] = await Promise.all([noticeListQuery(db, q).execute(), q.after ? Promise.resolve(null) : cappedTotal(db, noticeFilter(db, q.status))]);
  return { rows, total };
}

export async function insertNotice(db: Database, row: SupplyDemandNoticeTable): Promise<void> {
  await db.insertInto("supply_demand_notices").values(row).execute();
}

/** Records the decision if the notice is still a draft; false when someone decided first. */
export async function decideNotice(db: Database, id: string, patch: Pick<SupplyDemandNoticeTable, "status" | "decided_by" | "decided_at" | "reject_reason" | "owner_told_at" | "updated_at">): Promise<boolean> {
  const r = await db.updateTable("supply_demand_notices").set(patch).where("id", "=", id).where("status", "=", "draft").executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records that the owner was told the outcome; false when it already was. */
export async function markOwnerTold(db: Database, id: string, at: string): Promise<boolean> {
  const r = await db.updateTable("supply_demand_notices").set({ owner_told_at: at, updated_at: at }).where("id", "=", id).where("owner_told_at", "is", null).where("status", "!=", "draft").executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A verified notice goes out with a broadcast; false when it is no longer verified (another broadcast took it). */
export async function markNoticeBroadcast(db: Database, id: string, at: string): Promise<boolean> {
  const r = await db.updateTable("supply_demand_notices").set({ status: "broadcast", updated_at: at }).where("id", "=", id).where("status", "=", "verified").executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
