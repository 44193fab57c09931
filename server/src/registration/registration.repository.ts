import { sql } from "kysely";
import type { Database } from "../db/database.js";
import type { ApplicationTable, FormDefinitionTable, ServiceItemTable } from "../db/schema.js";

/** Every stored version of every form, oldest first. */
export function listFormVersions(db: Database): Promise<FormDefinitionTable[]> {
  return db.selectFrom("form_definitions").selectAll().orderBy("code").orderBy("version").execute();
}

/** The newest version of each form code. */
export async function latestForms(db: Database, codes: readonly string[]): Promise<FormDefinitionTable[]> {
  if (codes.length === 0) return [];
  const rows = await db.selectFrom("form_definitions").selectAll().where("code", "in", codes).orderBy("version", "desc").execute();
  const latest = new Map<string, FormDefinitionTable>();
  for (const r of rows) if (!latest.has(r.code)) latest.set(r.code, r);
  return codes.map((c) => latest.get(c)).filter((r): r is FormDefinitionTable => r !== undefined);
}

/** Given versions of forms. */
export async function formsAt(db: Database, versions: Record<string, number>): Promise<FormDefinitionTable[]> {
  const rows = await db.selectFrom("form_definitions").selectAll().where("code", "in", Object.keys(versions)).execute();
  return rows.filter((r) => versions[r.code] === r.version);
}

/** One version of a form. */
export function findFormVersion(db: Database, code: string, version: number) {
  return db.selectFrom("form_definitions").selectAll().where("code", "=", code).where("version", "=", version).executeTakeFirst();
}

/** Stores a form version. */
export async function insertFormVersion(db: Database, row: FormDefinitionTable): Promise<void> {
  await db.insertInto("form_definitions").values(row).execute();
}

/** Every service item. */
export function listServiceItems(db: Database): Promise<ServiceItemTable[]> {
  return db.selectFrom("service_items").selectAll().orderBy("code").execute();
}

/** A service item by code. */
export function findServiceItem(db: Database, code: string) {
  return db.selectFrom("service_items").selectAll().where("code", "=", code).executeTakeFirst();
}

/** Stores a service item. */
export async function insertServiceItem(db: Database, row: ServiceItemTable): Promise<void> {
  await db.insertInto("service_items").values(row).execute();
}

/** An application by id. */
export function findApplication(db: Database, id: string) {
  return db.selectFrom("applications").selectAll().where("id", "=", id).executeTakeFirst();
}

/** An applicant's applications, newest first. */
export function listApplicationsOf(db: Database, applicantId: string) {
  return db.selectFrom("applications").selectAll().where("applicant_id", "=", applicantId).orderBy("updated_at", "desc").limit(200).execute();
}

/** Submitted applications (FROM and WHERE only; the status a literal, so the partial index matches on both engines). */
export function submittedFiltered(db: Database) {
  return db.selectFrom("applications as a").where("a.status", "=", sql.lit("submitted"));
}

/** Submitted applications to count (up to a cap), in the index's order: PostgreSQL then walks the index, not the table. */
export function submittedCounted(db: Database) {
  return submittedFiltered(db).orderBy("a.submitted_at", "desc").orderBy("a.id", "desc");
}

/** A page of submitted applications, newest first by (submitted_at, id), after a cursor's keys; limit + 1 rows are read. */
export function submittedPageQuery(db: Database, q: { limit: number; after?: [string, string] }) {
  let query = submittedFiltered(db)
    .innerJoin("users as u", "u.id", "a.applicant_id")
    .select([
      "a.id",
      "a.number",
      "a.service_item_code",
      "a.submitted_at",
      "a.data",
      "u.display_name as applicant_name",
    ]);
  if (q.after) query = query.where((eb) => eb(eb.refTuple("a.submitted_at", "a.id"), "<", eb.tuple(q.after![0], q.after![1])));
  return query.orderBy("a.submitted_at", "desc").orderBy("a.id", "desc").limit(q.limit + 1);
}

/**
 * The next value of a named counter, atomically: the row update locks it until the
 * transaction ends, so concurrent instances never draw the same number.
 */
export async function nextCounter(db: Database, key: string): Promise<number> {
  await db.insertInto("counters").values({ key, value: 0 }).onConflict((oc) => oc.column("key").doNothing()).execute();
  const row = await db
    .updateTable("counters")
    .set((eb) => ({ value: eb("value", "+", 1) }))
    .where("key", "=", key)
    .returning("value")
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

/** Stores a new application. */
export async function insertApplication(db: Database, row: ApplicationTable): Promise<void> {
  await db.insertInto("applications").values(row).execute();
}

/** Saves data when the stored revision is still `revision`; false when someone saved in between. */
export async function updateApplication(
  db: Database,
  id: string,
  revision: number,
  patch: Pick<ApplicationTable, "data" | "updated_at"> & Partial<Pick<ApplicationTable, "status" | "submitted_at">>,
): Promise<boolean> {
  const res = await db
    .updateTable("applications")
    .set({ ...patch, revision: revision + 1 })
    .where("id", "=", id)
    .where("revision", "=", revision)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
