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

/**
 * The statuses of the single window's inbox, as literals: SQLite uses a partial index only when the
 * query's condition matches the index's to the letter, which a bound parameter never does.
 */
const INBOX = (["submitted", "awaiting_supplement", "in_review"] as const).map((s) => sql.lit<CaseTable["status"]>(s));

/** The company name in an application's data, read by the database (no JSON parsed per row here). */
function companyNameSql(kind: DatabaseKind) {
  return kind === "postgres" ? sql<string | null>`(a.data::json -> 'values' ->> 'name')` : sql<string | null>`json_extract(a.data, '$.values.name')`;
}

/** The inbox's rows (FROM and WHERE only): cases waiting for acceptance, for the founder or in review. */
export function inboxFiltered(db: Database) {
  return db.selectFrom("cases as c").where("c.status", "in", INBOX);
}

/**
 * The inbox's rows to count (up to a cap), in the index's order: the order makes PostgreSQL walk the
 * partial index for the first rows instead of reading the table until it has enough.
 */
export function inboxCounted(db: Database) {
  return inboxFiltered(db).orderBy("c.submitted_at").orderBy("c.id");
}

/** A page of the single window's inbox, oldest first by (submitted_at, id), after a cursor's keys; limit + 1 rows are read. */
export function inboxPageQuery(db: Database, kind: DatabaseKind, q: { limit: number; after?: [string, string] }) {
  let query = inboxFiltered(db)
    .innerJoin("applications as a", "a.id", "c.application_id")
    .select([
      "c.id",
      "c.number",
      "c.application_id",
      "a.number as application_number",
      "c.service_item_code",
      "c.status",
      "c.submitted_at",
      "c.accepted_at",
      "c.paused_since",
      "c.supplement_round",
      companyNameSql(kind).as("company_name"),
      // The codes uploaded (a code may repeat), read from (application_id, material_code) alone.
      (eb) =>
        eb
          .selectFrom("case_materials as m")
          .select(sql<string | null>`string_agg(m.material_code, ',')`.as("codes"))
          .whereRef("m.application_id", "=", "c.application_id")
          .as("material_codes"),
    ]);
  if (q.after) query = query.where((eb) => eb(eb.refTuple("c.submitted_at", "c.id"), ">", eb.tuple(q.after![0], q.after![1])));
  return query.orderBy("c.submitted_at").orderBy("c.id").limit(q.limit + 1);
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

/**
 * The open statuses as literals: SQLite uses a partial index only when the query's
 * condition matches the index's to the letter, which a bound parameter never does.
 */
const OPEN_STATUSES = ["open", "awaiting_supplement"] as const;
const OPEN = OPEN_STATUSES.map((s) => sql.lit<ReviewTaskTable["status"]>(s));

/** The light filters of the board: date comparisons on stored dates (red after the deadline, yellow from the yellow date). */
type Light = "green" | "yellow" | "red";

/** The board's rows (FROM and WHERE only): open tasks, of a department, showing a light. */
export function openTasksFiltered(db: Database, q: { department?: string; light?: Light; today: string }) {
  let query = db.selectFrom("review_tasks as t").where("t.status", "in", OPEN);
  if (q.department) query = query.where("t.department_code", "=", q.department);
  if (q.light === "red") query = query.where("t.deadline_date", "<", q.today);
  if (q.light === "yellow") query = query.where("t.deadline_date", ">=", q.today).where("t.yellow_date", "<=", q.today);
  if (q.light === "green") query = query.where("t.deadline_date", ">=", q.today).where("t.yellow_date", ">", q.today);
  return query;
}

/** The columns of a task and of its case a list shows. */
const TASK_COLUMNS = [
  "t.id",
  "t.case_id",
  "t.department_code",
  "t.status",
  "t.promised_days",
  "t.legal_days",
  "t.started_date",
  "t.deadline_date",
  "t.yellow_date",
  "t.deadline_provisional",
  "t.paused_working_days",
  "t.decided_at",
  "t.decided_date",
  "t.reason",
  "t.auto",
  "c.number as case_number",
  "c.status as case_status",
  "c.application_id",
  "c.paused_since",
] as const;

/** A page of the supervision board, soonest deadline first by (deadline_date, id), after a cursor's keys; limit + 1 rows are read. */
export function boardPageQuery(db: Database, q: { department?: string; light?: Light; today: string; limit: number; after?: [string, string] }) {
  let query = openTasksFiltered(db, q).innerJoin("cases as c", "c.id", "t.case_id").select(TASK_COLUMNS);
  if (q.after) query = query.where((eb) => eb(eb.refTuple("t.deadline_date", "t.id"), ">", eb.tuple(q.after![0], q.after![1])));
  return query.orderBy("t.deadline_date").orderBy("t.id").limit(q.limit + 1);
}

/** A department's tasks to count (up to a cap), in the index's order (see inboxCounted). */
export function departmentTasksCounted(db: Database, department: string, scope: "open" | "all") {
  return departmentTasksFiltered(db, department, scope).orderBy("t.deadline_date").orderBy("t.id");
}

/** A department's tasks (FROM and WHERE only): the open ones, or all. */
export function departmentTasksFiltered(db: Database, department: string, scope: "open" | "all") {
  const query = db.selectFrom("review_tasks as t").where("t.department_code", "=", department);
  return scope === "open" ? query.where("t.status", "in", OPEN) : query;
}

/** A page of a department's tasks, soonest deadline first by (deadline_date, id), after a cursor's keys; limit + 1 rows are read. */
export function departmentTasksPageQuery(db: Database, q: { department: string; scope: "open" | "all"; limit: number; after?: [string, string] }) {
  let query = departmentTasksFiltered(db, q.department, q.scope).innerJoin("cases as c", "c.id", "t.case_id").select(TASK_COLUMNS);
  if (q.after) query = query.where((eb) => eb(eb.refTuple("t.deadline_date", "t.id"), ">", eb.tuple(q.after![0], q.after![1])));
  return query.orderBy("t.deadline_date").orderBy("t.id").limit(q.limit + 1);
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

/**
 * How many open tasks show each light (department optional), each counted up to `cap` along an index:
 * red by deadline, yellow from today's deadline on (the soonest come first), green by yellow date.
 */
export function lightCountQueries(db: Database, today: string, department?: string) {
  const base = () => openTasksFiltered(db, { department, today });
  // Each in the order of the index it walks (see inboxCounted).
  return {
    total: base().orderBy("t.deadline_date").orderBy("t.id"),
    red: base().where("t.deadline_date", "<", today).orderBy("t.deadline_date"),
    yellow: base().where("t.deadline_date", ">=", today).where("t.yellow_date", "<=", today).orderBy("t.deadline_date"),
    green: base().where("t.yellow_date", ">", today).where("t.deadline_date", ">=", today).orderBy("t.yellow_date"),
  };
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

