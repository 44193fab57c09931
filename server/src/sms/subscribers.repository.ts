import type { Database } from "../db/database.js";
import type { SmsConsentTable, SmsImportTable, SmsSubscriberTable } from "../db/schema.js";
import { nowIso } from "../platform/clock.js";
import { cappedTotal } from "../shared/paging.js";

export function findSubscriber(db: Database, id: string) {
  return db.selectFrom("sms_subscribers").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findSubscriberByPhone(db: Database, phone: string) {
  return db.selectFrom("sms_subscribers").selectAll().where("phone", "=", phone).executeTakeFirst();
}

/** Writes a subscriber and replaces its tags (the targeting index). */
export async function saveSubscriber(db: Database, row: SmsSubscriberTable, isNew: boolean): Promise<void> {
  if (isNew) await db.insertInto("sms_subscribers").values(row).execute();
  else {
    const { id, created_at: _c, created_by: _b, ...rest } = row;
    await db.updateTable("sms_subscribers").set(rest).where("id", "=", id).execute();
    await db.deleteFrom("sms_subscriber_tags").where("subscriber_id", "=", id).execute();
  }
  const tags = JSON.parse(row.tags) as string[];
  if (tags.length) await db.insertInto("sms_subscriber_tags").values(tags.map((tag) => ({ tag, subscriber_id: row.id }))).execute();
}

export async function insertConsent(db: Database, row: SmsConsentTable): Promise<void> {
  await db.insertInto("sms_consents").values(row).execute();
}

/** Consent records of subscribers, oldest first, with the name of who recorded each. */
export function consentsOf(db: Database, subscriberIds: string[]) {
  if (!subscriberIds.length) return Promise.resolve([] as (SmsConsentTable & { recorder_name: string | null })[]);
  return db
    .selectFrom("sms_consents as c")
    .leftJoin("users as u", "u.id", "c.recorded_by")
    .selectAll("c")
    .select("u.display_name as recorder_name")
    .where("c.subscriber_id", "in", subscriberIds)
    .orderBy("c.given_at")
    .execute();
}

export interface SubscriberQuery {
  q?: string;
  tag?: string;
  region?: string;
  role?: SmsSubscriberTable["role"];
  limit: number;
  /** The sort keys (created_at, id) of the last row of the page before. */
  after?: [string, string];
}

/** A village-code prefix as a range (uses the index: 330402 → [330402, 330403)). */
export function prefixRange(prefix: string): [string, string] {
  const last = prefix.slice(-1);
  return [prefix, `${prefix.slice(0, -1)}${String.fromCharCode(last.charCodeAt(0) + 1)}`];
}

function subscriberFilter(db: Database, q: Omit<SubscriberQuery, "limit" | "after">) {
  let s = db.selectFrom("sms_subscribers as s");
  if (q.tag) s = s.where((eb) => eb.exists(eb.selectFrom("sms_subscriber_tags as t").select("t.tag").whereRef("t.subscriber_id", "=", "s.id").where("t.tag", "=", q.tag!)));
  if (q.region) {
    const [from, to] = prefixRange(q.region);
    s = s.where("s.village_code", ">=", from).where("s.village_code", "<", to);
  }
  if (q.role) s = s.where("s.role", "=", q.role);
  if (q.q) s = s.where((eb) => eb.or([eb("s.phone", "=", q.q!), eb("s.name", "=", q.q!)]));
  return s;
}

/**
 * The query of a page of subscribers (newest first, the id breaking ties; `limit + 1` rows) after the
 * cursor's row, with whether each opted out. Exported for EXPLAIN; listSubscribers runs it.
 */
export function subscriberListQuery(db: Database, q: SubscriberQuery) {
  let s = subscriberFilter(db, q);
  if (q.after) {
    const [at, id] = q.after;
    s = s.where("s.created_at", "<=", at).where((eb) => eb.or([eb("s.created_at", "<", at), eb("s.id", "<", id)]));
  }
  return s
    .leftJoin("sms_opt_outs as o", "o.phone", "s.phone")
    .selectAll("s")
    .select("o.at as opted_out_at")
    .orderBy("s.created_at", "desc")
    .orderBy("s.id", "desc")
    .limit(q.limit + 1);
}

/** A page of subscribers (newest first) and, on the first page, the total counted up to TOTAL_CAP. */
export async function listSubscribers(db: Database, q: SubscriberQuery) {
  const [rows, total] = await Promise.all([subscriberListQuery(db, q).execute(), q.after ? Promise.resolve(null) : cappedTotal(db, subscriberFilter(db, q))]);
  return { rows, total };
}

/** How many subscribers there are. */
export async function countSubscribers(db: Database): Promise<number> {
  return Number((await db.selectFrom("sms_subscribers").select((eb) => eb.fn.countAll<number | string>().as("n")).executeTakeFirstOrThrow()).n);
}

/** Every subscriber with their latest consent, for the export (in pages, to bound memory). */
export function exportPage(db: Database, afterId: string, limit: number) {
  return db
    .selectFrom("sms_subscribers as s")
    .leftJoin("sms_opt_outs as o", "o.phone", "s.phone")
    .selectAll("s")
    .select("o.at as opted_out_at")
    .where("s.id", ">", afterId)
    .orderBy("s.id")
    .limit(limit)
    .execute();
}

export async function insertImport(db: Database, row: SmsImportTable): Promise<void> {
  await db.insertInto("sms_imports").values(row).execute();
}

/** Records an import's progress; every write is also its heartbeat (updated_at). */
export async function updateImport(db: Database, id: string, patch: Partial<Omit<SmsImportTable, "id">>): Promise<void> {
  await db.updateTable("sms_imports").set({ ...patch, updated_at: nowIso() }).where("id", "=", id).execute();
}

/**
 * Imports still "processing" with no progress since `before`: the instance running them stopped
 * (a restart). They are marked failed with where they stopped; the rows written stay (each whole).
 */
export async function failStalledImports(db: Database, before: string, at: string): Promise<number> {
  const stalled = await db.selectFrom("sms_imports").select(["id", "done", "total", "errors"]).where("status", "=", "processing").where("updated_at", "<", before).execute();
  for (const i of stalled) {
    const errors = [...(JSON.parse(i.errors) as unknown[]), { row: 0, field: "", message: `导入中断（服务重启）：已处理 ${i.done} / ${i.total} 行，已导入的行保留，其余未导入，请重新导入` }];
    await db.updateTable("sms_imports").set({ status: "failed", finished_at: at, updated_at: at, errors: JSON.stringify(errors) }).where("id", "=", i.id).where("status", "=", "processing").execute();
  }
  return stalled.length;
}

export function findImport(db: Database, id: string) {
  return db.selectFrom("sms_imports").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function optOut(db: Database, phone: string, at: string, source: "reply" | "staff", detail: string | null): Promise<void> {
  await db.insertInto("sms_opt_outs").values({ phone, at, source, detail }).onConflict((oc) => oc.column("phone").doNothing()).execute();
}
