import type { Period } from "@yichuang/core";
import { sql } from "kysely";
import type { Database } from "../db/database.js";
import type { DashboardBaselineTable } from "../db/schema.js";
import { onRegister } from "../outreach/outreach.repository.js";

/**
 * The dashboard's counts, each an aggregate over an index on its date: completed cases and decided
 * tasks by day, outreach events by day, tickets and SMS by instant (the period's bounds in
 * Asia/Shanghai, given by the caller as UTC instants).
 */

const n = (x: unknown) => Number(x ?? 0);

/** Completed cases grouped by what their time figures need: month, acceptance and completion day, days waited, supplement rounds, the case's promise and legal limit. */
export async function completedCaseGroups(db: Database, p: Period, departmentCode?: string) {
  // Each case's promise and legal limit are its tasks' longest: one join grouped by case, not a lookup per case.
  let inner = db
    .selectFrom("cases as c")
    .innerJoin("review_tasks as t", "t.case_id", "c.id")
    .select((eb) => ["c.accepted_date", "c.completed_date", "c.paused_working_days", "c.supplement_round", eb.fn.max("t.promised_days").as("promised"), eb.fn.max("t.legal_days").as("legal")])
    .where("c.status", "=", "completed")
    .where("c.completed_date", ">=", p.from)
    .where("c.completed_date", "<=", p.to)
    .groupBy(["c.id", "c.accepted_date", "c.completed_date", "c.paused_working_days", "c.supplement_round"]);
  if (departmentCode) inner = inner.having((eb) => eb.fn.sum(eb.case().when("t.department_code", "=", departmentCode).then(1).else(0).end()), ">", 0);
  const rows = await db
    .selectFrom(inner.as("x"))
    .select((eb) => ["x.accepted_date", "x.completed_date", "x.paused_working_days", "x.supplement_round", "x.promised", "x.legal", eb.fn.countAll<number | string>().as("n")])
    .groupBy(["x.accepted_date", "x.completed_date", "x.paused_working_days", "x.supplement_round", "x.promised", "x.legal"])
    .execute();
  return rows.map((r) => ({ acceptedDate: r.accepted_date!, completedDate: r.completed_date!, paused: n(r.paused_working_days), rounds: n(r.supplement_round), promised: n(r.promised), legal: n(r.legal), cases: n(r.n) }));
}

/** A department's approved review tasks decided in the period, grouped by start and decision day, days waited, promise and legal limit. */
export async function decidedTaskGroups(db: Database, p: Period, departmentCode: string) {
  const rows = await db
    .selectFrom("review_tasks")
    .select((eb) => ["started_date", "decided_date", "paused_working_days", "promised_days", "legal_days", eb.fn.countAll<number | string>().as("n")])
    .where("department_code", "=", departmentCode)
    .where("status", "=", "approved")
    .where("decided_date", ">=", p.from)
    .where("decided_date", "<=", p.to)
    .groupBy(["started_date", "decided_date", "paused_working_days", "promised_days", "legal_days"])
    .execute();
  return rows.map((r) => ({ acceptedDate: r.started_date, completedDate: r.decided_date!, paused: n(r.paused_working_days), rounds: 0, promised: n(r.promised_days), legal: n(r.legal_days), cases: n(r.n) }));
}

/** Applications submitted through the one form in [from, to) (instants). */
export async function applicationsSubmitted(db: Database, from: string, to: string): Promise<number> {
  const r = await db.selectFrom("applications").select((eb) => eb.fn.countAll<number | string>().as("n")).where("status", "=", "submitted").where("submitted_at", ">=", from).where("submitted_at", "<", to).executeTakeFirstOrThrow();
  return n(r.n);
}

/** The latest baseline of a centre, with who set it. */
export function latestBaseline(db: Database, centreId: string) {
  return db
    .selectFrom("dashboard_baselines as b")
    .leftJoin("users as u", "u.id", "b.set_by")
    .selectAll("b")
    .select("u.display_name as setter_name")
    .where("b.centre_id", "=", centreId)
    .orderBy("b.set_at", "desc")
    .orderBy("b.id", "desc")
    .limit(1)
    .executeTakeFirst();
}

export async function insertBaseline(db: Database, row: DashboardBaselineTable): Promise<void> {
  await db.insertInto("dashboard_baselines").values(row).execute();
}

/** Teams on the register during [from, to) (instants) per department (the figure is their sum: one definition, onRegister). */
export async function teamsOnRegister(db: Database, fromInstant: string, toInstant: string, departmentId?: string) {
  let s = db
    .selectFrom("service_teams as t")
    .innerJoin("departments as d", "d.id", "t.department_id")
    .select((eb) => ["t.department_id", "d.name_zh", "d.code", eb.fn.countAll<number | string>().as("n")])
    .where((eb) => onRegister(eb, fromInstant, toInstant))
    .groupBy(["t.department_id", "d.name_zh", "d.code"]);
  if (departmentId) s = s.where("t.department_id", "=", departmentId);
  return (await s.execute()).map((r) => ({ departmentId: r.department_id, name: r.name_zh, code: r.code, teams: n(r.n) }));
}

/** Outreach events in the period by month and department: confirmed (counted) and pending (logged, not yet confirmed). */
export async function outreachGroups(db: Database, p: Period, departmentId?: string) {
  let s = db
    .selectFrom("outreach_events as e")
    .select((eb) => [
      sql<string>`substr(e.event_date, 1, 7)`.as("month"),
      "e.department_id",
      "e.status",
      eb.fn.countAll<number | string>().as("n"),
      eb.fn.sum<number | string | null>("e.problems_solved").as("problems"),
      eb.fn.sum<number | string | null>("e.people_served").as("people"),
    ])
    .where("e.event_date", ">=", p.from)
    .where("e.event_date", "<=", p.to)
    .where("e.status", "in", ["confirmed", "submitted"])
    .groupBy([sql`substr(e.event_date, 1, 7)`, "e.department_id", "e.status"]);
  if (departmentId) s = s.where("e.department_id", "=", departmentId);
  return (await s.execute()).map((r) => ({ month: r.month, departmentId: r.department_id, status: r.status, events: n(r.n), problemsSolved: n(r.problems), peopleServed: n(r.people) }));
}

/**
 * Counts grouped by the UTC hour of an ISO instant column (its first 13 characters, the same on
 * both engines and cheaper than date functions per row), folded here into Asia/Shanghai months.
 */
const HOUR = (column: string) => sql<string>`substr(${sql.ref(column)}, 1, 13)`;
const monthOfHour = (hour: string) => new Date(Date.parse(`${hour}:00:00Z`) + 8 * 3_600_000).toISOString().slice(0, 7);
function byMonth<T extends { hour: string }, R extends Record<string, number>>(rows: T[], pick: (r: T) => R): (R & { month: string })[] {
  const out = new Map<string, R & { month: string }>();
  for (const r of rows) {
    const month = monthOfHour(r.hour);
    const v = pick(r);
    const m = out.get(month);
    if (!m) out.set(month, { ...v, month });
    else for (const k of Object.keys(v) as (keyof R)[]) (m[k] as number) += v[k] as number;
  }
  return [...out.values()];
}

/** 12316 tickets logged in [from, to), per month (Asia/Shanghai): by channel, how they were resolved, call-backs. */
export async function ticketCounts(db: Database, from: string, to: string, centreId?: string) {
  let s = db
    .selectFrom("hotline_tickets")
    .select((eb) => [
      HOUR("created_at").as("hour"),
      eb.fn.countAll<number | string>().as("calls"),
      sql<number>`sum(case when channel = 'phone' then 1 else 0 end)`.as("phone"),
      sql<number>`sum(case when channel = 'web' then 1 else 0 end)`.as("web"),
      sql<number>`sum(case when channel = 'open311' then 1 else 0 end)`.as("open311"),
      sql<number>`sum(case when status = 'closed' and resolution = 'phone' then 1 else 0 end)`.as("by_phone"),
      sql<number>`sum(case when status = 'closed' and resolution = 'specialist' then 1 else 0 end)`.as("transferred"),
      sql<number>`sum(case when status = 'closed' and resolution = 'visit' then 1 else 0 end)`.as("visits"),
      sql<number>`sum(case when status <> 'closed' then 1 else 0 end)`.as("open"),
      sql<number>`sum(case when callback_at is not null then 1 else 0 end)`.as("called_back"),
      sql<number>`sum(case when satisfaction in ('satisfied', 'basic') then 1 else 0 end)`.as("satisfied"),
    ])
    .where("created_at", ">=", from)
    .where("created_at", "<", to)
    .groupBy(HOUR("created_at"));
  if (centreId) s = s.where("centre_id", "=", centreId);
  return byMonth(await s.execute(), (r) => ({
    calls: n(r.calls),
    phone: n(r.phone),
    web: n(r.web),
    open311: n(r.open311),
    answeredByPhone: n(r.by_phone),
    transferred: n(r.transferred),
    visits: n(r.visits),
    open: n(r.open),
    calledBack: n(r.called_back),
    satisfied: n(r.satisfied),
  }));
}

/** Broadcasts approved in [from, to) and the distinct notices they carried (each broadcast from one centre's staff: all of them). */
export async function broadcastCounts(db: Database, from: string, to: string) {
  const r = await db
    .selectFrom("sms_broadcasts")
    .select((eb) => [eb.fn.countAll<number | string>().as("broadcasts"), sql<number>`count(distinct notice_id)`.as("notices")])
    .where("approved_at", ">=", from)
    .where("approved_at", "<", to)
    .executeTakeFirstOrThrow();
  return { broadcasts: n(r.broadcasts), notices: n(r.notices) };
}

/** Broadcast messages sent in [from, to), per month (Asia/Shanghai), and how many of them were delivered and failed. */
export async function smsCounts(db: Database, from: string, to: string) {
  const rows = await db
    .selectFrom("sms_outbox")
    .select((eb) => [
      HOUR("sent_at").as("hour"),
      eb.fn.countAll<number | string>().as("sent"),
      sql<number>`sum(case when state = 'delivered' then 1 else 0 end)`.as("delivered"),
      sql<number>`sum(case when state = 'failed' then 1 else 0 end)`.as("failed"),
    ])
    .where("sent_at", ">=", from)
    .where("sent_at", "<", to)
    .where("broadcast_id", "is not", null)
    .groupBy(HOUR("sent_at"))
    .execute();
  return byMonth(rows, (r) => ({ sent: n(r.sent), delivered: n(r.delivered), failed: n(r.failed) }));
}

/** A department with its centre's kind. */
export function departmentWithCentre(db: Database, id: string) {
  return db
    .selectFrom("departments as d")
    .innerJoin("centres as c", "c.id", "d.centre_id")
    .select(["d.id", "d.code", "d.name_zh", "d.name_en", "d.centre_id", "c.kind as centre_kind", "c.name_zh as centre_name"])
    .where("d.id", "=", id)
    .executeTakeFirst();
}

/** Departments by id (names for a breakdown). */
export function departmentsByIds(db: Database, ids: string[]) {
  if (!ids.length) return Promise.resolve([] as { id: string; name_zh: string }[]);
  return db.selectFrom("departments").select(["id", "name_zh"]).where("id", "in", ids).execute();
}

/** The centres of a kind (the approval centre holds the baseline; farm centres the hotline). */
export function centresOfKind(db: Database, kind: "approval" | "farm") {
  return db.selectFrom("centres").select(["id", "code", "name_zh"]).where("kind", "=", kind).orderBy("code").execute();
}

// ---- the records behind the figures ----

/** Completed cases of the period, newest first, with their days (a department: the cases it reviewed). */
export async function caseRecords(db: Database, p: Period, o: { departmentCode?: string; limit: number; offset: number }) {
  let s = db.selectFrom("cases as c").innerJoin("applications as a", "a.id", "c.application_id").where("c.status", "=", "completed").where("c.completed_date", ">=", p.from).where("c.completed_date", "<=", p.to);
  if (o.departmentCode) s = s.where((eb) => eb.exists(eb.selectFrom("review_tasks as d").select("d.id").whereRef("d.case_id", "=", "c.id").where("d.department_code", "=", o.departmentCode!)));
  const total = n((await s.select((eb) => eb.fn.countAll<number | string>().as("n")).executeTakeFirstOrThrow()).n);
  const items = await s
    .leftJoin("users as u", "u.id", "c.accepted_by")
    .select((eb) => [
      "c.id",
      "c.number",
      "c.uscc",
      "c.accepted_date",
      "c.completed_date",
      "c.paused_working_days",
      "c.supplement_round",
      "a.number as application_number",
      "a.data",
      "u.display_name as accepted_by",
      eb.selectFrom("review_tasks as t").select((x) => x.fn.max("t.promised_days").as("p")).whereRef("t.case_id", "=", "c.id").as("promised"),
      eb.selectFrom("review_tasks as t").select((x) => x.fn.max("t.legal_days").as("l")).whereRef("t.case_id", "=", "c.id").as("legal"),
    ])
    .orderBy("c.completed_date", "desc")
    .orderBy("c.number", "desc")
    .limit(o.limit)
    .offset(o.offset)
    .execute();
  return { total, items };
}

/** A department's approved review tasks decided in the period, newest first, with their case. */
export async function taskRecords(db: Database, p: Period, o: { departmentCode: string; limit: number; offset: number }) {
  const s = db.selectFrom("review_tasks as t").innerJoin("cases as c", "c.id", "t.case_id").innerJoin("applications as a", "a.id", "c.application_id").where("t.department_code", "=", o.departmentCode).where("t.status", "=", "approved").where("t.decided_date", ">=", p.from).where("t.decided_date", "<=", p.to);
  const total = n((await s.select((eb) => eb.fn.countAll<number | string>().as("n")).executeTakeFirstOrThrow()).n);
  const items = await s
    .leftJoin("users as u", "u.id", "t.decided_by")
    .select(["c.number", "c.uscc", "a.data", "t.started_date", "t.decided_date", "t.paused_working_days", "t.promised_days", "t.legal_days", "t.auto", "u.display_name as decided_by"])
    .orderBy("t.decided_date", "desc")
    .orderBy("c.number", "desc")
    .limit(o.limit)
    .offset(o.offset)
    .execute();
  return { total, items };
}

/** Tickets of the period, newest first (no phone numbers: the records list is for counts). */
export async function ticketRecords(db: Database, from: string, to: string, o: { centreId?: string; limit: number; offset: number }) {
  let s = db.selectFrom("hotline_tickets as t").where("t.created_at", ">=", from).where("t.created_at", "<", to);
  if (o.centreId) s = s.where("t.centre_id", "=", o.centreId);
  const total = n((await s.select((eb) => eb.fn.countAll<number | string>().as("n")).executeTakeFirstOrThrow()).n);
  const items = await s
    .leftJoin("users as u", "u.id", "t.assignee_id")
    .select(["t.id", "t.number", "t.channel", "t.category", "t.product", "t.village_code", "t.status", "t.resolution", "t.satisfaction", "t.created_at", "t.solved_at", "u.display_name as assignee"])
    .orderBy("t.created_at", "desc")
    .orderBy("t.id")
    .limit(o.limit)
    .offset(o.offset)
    .execute();
  return { total, items };
}

/** Broadcasts approved in the period with their message counts. */
export async function broadcastRecords(db: Database, from: string, to: string, o: { limit: number; offset: number }) {
  const s = db.selectFrom("sms_broadcasts as b").where("b.approved_at", ">=", from).where("b.approved_at", "<", to);
  const total = n((await s.select((eb) => eb.fn.countAll<number | string>().as("n")).executeTakeFirstOrThrow()).n);
  const items = await s
    .leftJoin("supply_demand_notices as sd", "sd.id", "b.notice_id")
    .select((eb) => [
      "b.id",
      "b.body",
      "b.audience",
      "b.parts",
      "b.status",
      "b.approved_at",
      "sd.product as notice_product",
      "sd.kind as notice_kind",
      eb.selectFrom("sms_outbox as o").select((x) => x.fn.countAll<number | string>().as("n")).whereRef("o.broadcast_id", "=", "b.id").where("o.sent_at", "is not", null).as("sent"),
      eb.selectFrom("sms_outbox as o").select((x) => x.fn.countAll<number | string>().as("n")).whereRef("o.broadcast_id", "=", "b.id").where("o.state", "=", "delivered").as("delivered"),
    ])
    .orderBy("b.approved_at", "desc")
    .orderBy("b.id")
    .limit(o.limit)
    .offset(o.offset)
    .execute();
  return { total, items };
}
