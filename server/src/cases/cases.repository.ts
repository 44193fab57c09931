import { sql } from "kysely";
import type { Database, DatabaseKind } from "../db/database.js";
import { nextOpenRows, writeRecounted, type ScanCursor } from "../db/batch.js";
import type { CaseMaterialTable, CaseTable, ReviewTaskTable, SupplementNoticeTable, SupplementRequestTable } from "../db/schema.js";

/** A case by id. */
export function findCase(db: Database, id: string) {
  return db.selectFrom("cases").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The case of an application. */
export function findCaseOfApplication(db: Database, applicationId: string) {
  return db.selectFrom("cases").selectAll().where("application_id", "=", applicationId).executeTakeFirst();
}

/** Inserts a case. */
export async function insertCase(db: Database, row: CaseTable): Promise<void> {
  await db.insertInto("cases").values(row).execute();
}

/** Updates a case only if it still has `revision`; false when someone changed it meanwhile. */
export async function updateCase(db: Database, id: string, revision: number, patch: Partial<Omit<CaseTable, "id" | "revision">>): Promise<boolean> {
  const res = await db.updateTable("cases").set({ ...patch, revision: revision + 1 }).where("id", "=", id).where("revision", "=", revision).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Cases with a given status (front window lists), oldest first. */
export function listCasesByStatus(db: Database, statuses: CaseTable["status"][], limit: number, offset: number) {
  return db.selectFrom("cases").selectAll().where("status", "in", statuses).orderBy("submitted_at").limit(limit).offset(offset).execute();
}

/** An applicant's cases, newest first. */
export function listCasesOf(db: Database, applicantId: string) {
  return db.selectFrom("cases").selectAll().where("applicant_id", "=", applicantId).orderBy("submitted_at", "desc").execute();
}

/** Materials uploaded for an application. */
export function listMaterials(db: Database, applicationId: string) {
  return db.selectFrom("case_materials").selectAll().where("application_id", "=", applicationId).orderBy("uploaded_at").execute();
}

/** One material. */
export function findMaterial(db: Database, id: string) {
  return db.selectFrom("case_materials").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Records an uploaded material. */
export async function insertMaterial(db: Database, row: CaseMaterialTable): Promise<void> {
  await db.insertInto("case_materials").values(row).execute();
}

/** The review tasks of a case, by department. */
export function listTasks(db: Database, caseId: string) {
  return db.selectFrom("review_tasks").selectAll().where("case_id", "=", caseId).orderBy("department_code").execute();
}

/** One task. */
export function findTask(db: Database, id: string) {
  return db.selectFrom("review_tasks").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Inserts tasks. */
export async function insertTasks(db: Database, rows: ReviewTaskTable[]): Promise<void> {
  if (rows.length) await db.insertInto("review_tasks").values(rows).execute();
}

/** Changes a task only while it has status `from`; false when it was decided meanwhile. */
export async function updateTaskFrom(db: Database, id: string, from: ReviewTaskTable["status"], patch: Partial<Omit<ReviewTaskTable, "id">>): Promise<boolean> {
  const res = await db.updateTable("review_tasks").set(patch).where("id", "=", id).where("status", "=", from).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Updates a task. */
export async function updateTask(db: Database, id: string, patch: Partial<Omit<ReviewTaskTable, "id">>): Promise<void> {
  await db.updateTable("review_tasks").set(patch).where("id", "=", id).execute();
}

/** A department's tasks with their cases, by status. */
export function listDepartmentTasks(db: Database, department: string, statuses: ReviewTaskTable["status"][], limit: number) {
  return db
    .selectFrom("review_tasks")
    .innerJoin("cases", "cases.id", "review_tasks.case_id")
    .selectAll("review_tasks")
    .select(["cases.number as case_number", "cases.status as case_status", "cases.application_id"])
    .where("review_tasks.department_code", "=", department)
    .where("review_tasks.status", "in", statuses)
    .orderBy("review_tasks.deadline_date")
    .limit(limit)
    .execute();
}

/**
 * The open statuses as literals: SQLite uses a partial index only when the query's
 * condition matches the index's to the letter, which a bound parameter never does.
 */
const OPEN_STATUSES = ["open", "awaiting_supplement"] as const;
const OPEN = OPEN_STATUSES.map((s) => sql.lit<ReviewTaskTable["status"]>(s));

/**
 * Open tasks for the supervision board, soonest deadline first. Lights are date
 * comparisons on stored dates: red after the deadline, yellow from the yellow date.
 */
export function listOpenTasks(db: Database, q: { department?: string; light?: "green" | "yellow" | "red"; today: string; limit: number; offset: number }) {
  let query = db
    .selectFrom("review_tasks")
    .innerJoin("cases", "cases.id", "review_tasks.case_id")
    .selectAll("review_tasks")
    .select(["cases.number as case_number", "cases.status as case_status", "cases.paused_since"])
    .where("review_tasks.status", "in", OPEN);
  if (q.department) query = query.where("review_tasks.department_code", "=", q.department);
  if (q.light === "red") query = query.where("review_tasks.deadline_date", "<", q.today);
  if (q.light === "yellow") query = query.where("review_tasks.deadline_date", ">=", q.today).where("review_tasks.yellow_date", "<=", q.today);
  if (q.light === "green") query = query.where("review_tasks.deadline_date", ">=", q.today).where("review_tasks.yellow_date", ">", q.today);
  return query.orderBy("review_tasks.deadline_date").orderBy("review_tasks.id").limit(q.limit).offset(q.offset).execute();
}

/** Open tasks past their deadline not yet reported, for the overdue sweep. */
export function listUnreportedOverdue(db: Database, today: string, limit: number) {
  return db
    .selectFrom("review_tasks")
    .innerJoin("cases", "cases.id", "review_tasks.case_id")
    .selectAll("review_tasks")
    .select(["cases.number as case_number"])
    .where("review_tasks.status", "in", OPEN)
    .where("review_tasks.deadline_date", "<", today)
    .where("review_tasks.overdue_notified", "=", 0)
    .orderBy("review_tasks.deadline_date")
    .orderBy("review_tasks.id")
    .limit(limit)
    .execute();
}

/** How many open tasks show each light (department optional). */
export async function countLights(db: Database, today: string, department?: string) {
  let query = db.selectFrom("review_tasks").where("status", "in", OPEN);
  if (department) query = query.where("department_code", "=", department);
  const row = await query
    .select((eb) => [
      eb.fn.countAll<number | string>().as("total"),
      eb.fn.sum<number | string>(eb.case().when("deadline_date", "<", today).then(1).else(0).end()).as("red"),
      eb.fn.sum<number | string>(eb.case().when(eb.and([eb("deadline_date", ">=", today), eb("yellow_date", "<=", today)])).then(1).else(0).end()).as("yellow"),
    ])
    .executeTakeFirstOrThrow();
  const total = Number(row.total);
  const red = Number(row.red ?? 0);
  const yellow = Number(row.yellow ?? 0);
  return { total, red, yellow, green: total - red - yellow };
}

/** Supplement requests of a case in a round not yet sent in a notice. */
export function pendingRequests(db: Database, caseId: string) {
  return db.selectFrom("supplement_requests").selectAll().where("case_id", "=", caseId).where("notice_id", "is", null).orderBy("created_at").execute();
}

/** Inserts a supplement request. */
export async function insertRequest(db: Database, row: SupplementRequestTable): Promise<void> {
  await db.insertInto("supplement_requests").values(row).execute();
}

/** Marks requests as sent in a notice. */
export async function attachRequests(db: Database, ids: string[], noticeId: string): Promise<void> {
  if (ids.length) await db.updateTable("supplement_requests").set({ notice_id: noticeId }).where("id", "in", ids).execute();
}

/** Inserts a notice. */
export async function insertNotice(db: Database, row: SupplementNoticeTable): Promise<void> {
  await db.insertInto("supplement_notices").values(row).execute();
}

/** Notices of a case, by round. */
export function listNotices(db: Database, caseId: string) {
  return db.selectFrom("supplement_notices").selectAll().where("case_id", "=", caseId).orderBy("round").execute();
}

/** Marks the open notice of a case answered. */
export async function answerNotice(db: Database, caseId: string, round: number, at: string): Promise<void> {
  await db.updateTable("supplement_notices").set({ answered_at: at }).where("case_id", "=", caseId).where("round", "=", round).execute();
}

/** Rules switched on for a department. */
export async function enabledRules(db: Database, department: string): Promise<string[]> {
  const rows = await db.selectFrom("auto_rules").select("rule").where("department_code", "=", department).where("enabled", "=", 1).execute();
  return rows.map((r) => r.rule);
}

/** Every rule setting. */
export function listRules(db: Database) {
  return db.selectFrom("auto_rules").selectAll().orderBy("department_code").orderBy("rule").execute();
}

/** Switches a rule on or off. */
export async function setRule(db: Database, department: string, rule: string, enabled: boolean, at: string, by: string | null): Promise<void> {
  await db
    .insertInto("auto_rules")
    .values({ department_code: department, rule, enabled: enabled ? 1 : 0, updated_at: at, updated_by: by })
    .onConflict((oc) => oc.columns(["department_code", "rule"]).doUpdateSet({ enabled: enabled ? 1 : 0, updated_at: at, updated_by: by }))
    .execute();
}

/** The next batch of open tasks after `cursor` counted on a calendar revision before `revision`, with what their recount needs; the cursor after it (null at the end). */
export function openTasksAfter(db: Database, kind: DatabaseKind, revision: number, cursor: ScanCursor, limit: number) {
  return nextOpenRows(db, kind, "review_tasks", ["case_id", "department_code", "started_date", "promised_days", "paused_working_days", "deadline_date", "yellow_date", "deadline_provisional", "updated_at"] as const, revision, cursor, limit);
}

/** What a moved task's history line and holders need: its case's number and founder, its department's name. */
export function tasksForHistory(db: Database, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom("review_tasks as t")
    .innerJoin("cases as c", "c.id", "t.case_id")
    .leftJoin("departments as d", "d.code", "t.department_code")
    .select(["t.id", "c.number as case_number", "c.applicant_id", "d.id as department_id", "d.name_zh as department_name"])
    .where("t.id", "in", ids)
    .execute();
}

/** Writes recounted dates [deadline_date, yellow_date, deadline_provisional, calendar_rev] of tasks not changed since read. */
export function writeTaskDates(db: Database, rows: { id: string; values: (string | number | null)[]; guard: string }[]): Promise<void> {
  return writeRecounted(db, "review_tasks", rows);
}

