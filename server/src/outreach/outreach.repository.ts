import type { ExpressionBuilder } from "kysely";
import type { Database } from "../db/database.js";
import { cappedTotal } from "../shared/paging.js";
import type { DB, OutreachEventPhotoTable, OutreachEventTable, ServiceTeamMemberTable, ServiceTeamTable } from "../db/schema.js";

/**
 * A team on the register during [from, to) (UTC instants): created before the end, and active or
 * stood down after the start. The one definition of the teams figure, its breakdown and its records.
 */
export function onRegister(eb: ExpressionBuilder<DB & { t: ServiceTeamTable }, "t">, from: string, to: string) {
  return eb.and([eb("t.created_at", "<", to), eb.or([eb("t.active", "=", 1), eb("t.stood_down_at", ">", from)])]);
}

/** The filter of a team list: by department, name, the teams one user leads, those on the register during a period. */
export interface TeamQuery {
  /** Only the teams of this centre's departments. */
  centreId?: string;
  departmentId?: string;
  q?: string;
  leaderUserId?: string;
  active?: boolean;
  /** On the register during [from, to) (instants). */
  during?: { from: string; to: string };
  /** Count only confirmed events dated in this period (dates); all of them otherwise. */
  eventsIn?: { from: string; to: string };
  limit: number;
  offset: number;
}

function teamsWhere(db: Database, q: Omit<TeamQuery, "limit" | "offset">) {
  let s = db.selectFrom("service_teams as t").innerJoin("departments as d", "d.id", "t.department_id");
  if (q.during) s = s.where((eb) => onRegister(eb, q.during!.from, q.during!.to));
  if (q.centreId) s = s.where("d.centre_id", "=", q.centreId);
  if (q.departmentId) s = s.where("t.department_id", "=", q.departmentId);
  if (q.leaderUserId) s = s.where("t.leader_user_id", "=", q.leaderUserId);
  if (q.active !== undefined) s = s.where("t.active", "=", q.active ? 1 : 0);
  if (q.q) s = s.where((eb) => eb.or([eb("t.name", "like", `%${q.q}%`), eb("t.brand", "like", `%${q.q}%`)]));
  return s;
}

/** A page of teams with their department, leader, member count and confirmed events, by department then name. */
export async function listTeams(db: Database, q: TeamQuery) {
  const total = await teamsWhere(db, q).select((eb) => eb.fn.countAll<number | string>().as("n")).executeTakeFirstOrThrow();
  const items = await teamsWhere(db, q)
    .leftJoin("users as l", "l.id", "t.leader_user_id")
    .selectAll("t")
    .select((eb) => [
      "d.name_zh as department_name",
      "d.code as department_code",
      "l.display_name as leader_name",
      eb.selectFrom("service_team_members as m").select((e) => e.fn.countAll<number | string>().as("n")).whereRef("m.team_id", "=", "t.id").as("members"),
      eb
        .selectFrom("outreach_events as e")
        .select((e) => e.fn.countAll<number | string>().as("n"))
        .whereRef("e.team_id", "=", "t.id")
        .where("e.status", "=", "confirmed")
        .$if(!!q.eventsIn, (x) => x.where("e.event_date", ">=", q.eventsIn!.from).where("e.event_date", "<=", q.eventsIn!.to))
        .as("events"),
    ])
    .orderBy("d.code")
    .orderBy("t.name")
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return { total: Number(total.n), items };
}

export function findTeam(db: Database, id: string) {
  return db
    .selectFrom("service_teams as t")
    .innerJoin("departments as d", "d.id", "t.department_id")
    .leftJoin("users as l", "l.id", "t.leader_user_id")
    .selectAll("t")
    .select(["d.name_zh as department_name", "d.code as department_code", "d.centre_id as centre_id", "l.display_name as leader_name"])
    .where("t.id", "=", id)
    .executeTakeFirst();
}

export function findTeamByName(db: Database, departmentId: string, name: string) {
  return db.selectFrom("service_teams").select("id").where("department_id", "=", departmentId).where("name", "=", name).executeTakeFirst();
}

export function membersOf(db: Database, teamId: string) {
  return db.selectFrom("service_team_members").selectAll().where("team_id", "=", teamId).orderBy("seq").execute();
}

export async function insertTeam(db: Database, row: ServiceTeamTable): Promise<void> {
  await db.insertInto("service_teams").values(row).execute();
}

export async function updateTeam(db: Database, id: string, patch: Partial<Omit<ServiceTeamTable, "id">>): Promise<void> {
  await db.updateTable("service_teams").set(patch).where("id", "=", id).execute();
}

/** Replaces a team's members. */
export async function replaceMembers(db: Database, teamId: string, rows: ServiceTeamMemberTable[]): Promise<void> {
  await db.deleteFrom("service_team_members").where("team_id", "=", teamId).execute();
  for (let i = 0; i < rows.length; i += 200) await db.insertInto("service_team_members").values(rows.slice(i, i + 200)).execute();
}

/** Every team for the export (members as one line each), by department and name; of one department, centre or leader when given. */
export function allTeams(db: Database, f: { departmentId?: string; centreId?: string; leaderUserId?: string } = {}) {
  let s = db
    .selectFrom("service_teams as t")
    .innerJoin("departments as d", "d.id", "t.department_id")
    .leftJoin("users as l", "l.id", "t.leader_user_id")
    .selectAll("t")
    .select((eb) => [
      "d.name_zh as department_name",
      "l.display_name as leader_name",
      eb.selectFrom("service_team_members as m").select((e) => e.fn.countAll<number | string>().as("n")).whereRef("m.team_id", "=", "t.id").as("members"),
    ]);
  if (f.departmentId) s = s.where("t.department_id", "=", f.departmentId);
  if (f.centreId) s = s.where("d.centre_id", "=", f.centreId);
  if (f.leaderUserId) s = s.where("t.leader_user_id", "=", f.leaderUserId);
  return s.orderBy("d.code").orderBy("t.name").execute();
}

/** The filter of an event list. */
export interface EventQuery {
  /** Only the events of this centre's departments. */
  centreId?: string;
  from?: string;
  to?: string;
  departmentId?: string;
  teamId?: string;
  /** Only the teams this user leads. */
  leaderUserId?: string;
  status?: OutreachEventTable["status"];
  limit: number;
  /** The sort keys (event_date, logged_at, id) of the last row of the page before. */
  after?: [string, string, string];
}

function eventsWhere(db: Database, q: Omit<EventQuery, "limit" | "after">) {
  let s = db.selectFrom("outreach_events as e").innerJoin("service_teams as t", "t.id", "e.team_id").innerJoin("departments as d", "d.id", "e.department_id");
  if (q.from) s = s.where("e.event_date", ">=", q.from);
  if (q.to) s = s.where("e.event_date", "<=", q.to);
  if (q.centreId) s = s.where("d.centre_id", "=", q.centreId);
  if (q.departmentId) s = s.where("e.department_id", "=", q.departmentId);
  if (q.teamId) s = s.where("e.team_id", "=", q.teamId);
  if (q.leaderUserId) s = s.where("t.leader_user_id", "=", q.leaderUserId);
  if (q.status) s = s.where("e.status", "=", q.status);
  return s;
}

const EVENT_COLUMNS = ["t.name as team_name", "d.name_zh as department_name", "u.display_name as logger_name", "v.display_name as decider_name"] as const;

/** The events of a filter, newest first (event date, then when logged, the id breaking ties), after the cursor's row. */
export function eventsQuery(db: Database, q: Omit<EventQuery, "limit">) {
  let s = eventsWhere(db, q);
  if (q.after) {
    const [date, at, id] = q.after;
    // The range on event_date is what an index seeks to; the rest settles the day's order.
    s = s.where("e.event_date", "<=", date).where((eb) => eb.or([eb("e.event_date", "<", date), eb("e.logged_at", "<", at), eb.and([eb("e.logged_at", "=", at), eb("e.id", "<", id)])]));
  }
  return s
    .leftJoin("users as u", "u.id", "e.logged_by")
    .leftJoin("users as v", "v.id", "e.decided_by")
    .selectAll("e")
    .select([...EVENT_COLUMNS])
    .select((eb) => eb.selectFrom("outreach_event_photos as p").select((x) => x.fn.countAll<number | string>().as("n")).whereRef("p.event_id", "=", "e.id").as("photos"))
    .orderBy("e.event_date", "desc")
    .orderBy("e.logged_at", "desc")
    .orderBy("e.id", "desc");
}

/** The query of a page of events (`limit + 1` rows: whether more follow) after the cursor's row. Exported for EXPLAIN; eventPage runs it. */
export function eventListQuery(db: Database, q: EventQuery) {
  return eventsQuery(db, q).limit(q.limit + 1);
}

/**
 * A page of events by offset with the filter's exact totals: the dashboard's records (another domain)
 * page this way; the events list reads eventPage.
 */
export async function listEvents(db: Database, q: Omit<EventQuery, "after"> & { offset: number }) {
  const [items, totals] = await Promise.all([eventsQuery(db, q).limit(q.limit).offset(q.offset).execute(), eventTotals(db, q)]);
  return { total: totals.events, problemsSolved: totals.problemsSolved, peopleServed: totals.peopleServed, items };
}

/** A page of events and, on the first page (no cursor), the total counted up to TOTAL_CAP. */
export async function eventPage(db: Database, q: EventQuery) {
  const [rows, total] = await Promise.all([eventListQuery(db, q).execute(), q.after ? Promise.resolve(null) : cappedTotal(db, eventsWhere(db, q))]);
  return { rows, total };
}

/** The totals of a filter's events: how many, problems solved, people served (every row of the filter: asked once per filter, not per page). */
export async function eventTotals(db: Database, q: Omit<EventQuery, "limit" | "after">) {
  const sums = await eventsWhere(db, q)
    .select((eb) => [eb.fn.countAll<number | string>().as("n"), eb.fn.sum<number | string | null>("e.problems_solved").as("problems"), eb.fn.sum<number | string | null>("e.people_served").as("people")])
    .executeTakeFirstOrThrow();
  return { events: Number(sums.n), problemsSolved: Number(sums.problems ?? 0), peopleServed: Number(sums.people ?? 0) };
}

export function findEvent(db: Database, id: string) {
  return db
    .selectFrom("outreach_events as e")
    .innerJoin("service_teams as t", "t.id", "e.team_id")
    .innerJoin("departments as d", "d.id", "e.department_id")
    .leftJoin("users as u", "u.id", "e.logged_by")
    .leftJoin("users as v", "v.id", "e.decided_by")
    .selectAll("e")
    .select([...EVENT_COLUMNS, "t.leader_user_id as leader_user_id", "d.centre_id as centre_id"])
    .where("e.id", "=", id)
    .executeTakeFirst();
}

export function findEventByClientId(db: Database, loggedBy: string, clientId: string) {
  return db.selectFrom("outreach_events").select(["id", "team_id"]).where("logged_by", "=", loggedBy).where("client_id", "=", clientId).executeTakeFirst();
}

/** Inserts an event unless this user already logged one with the same client id; true when inserted. */
export async function insertEvent(db: Database, row: OutreachEventTable): Promise<boolean> {
  const r = await db.insertInto("outreach_events").values(row).onConflict((oc) => oc.columns(["logged_by", "client_id"]).doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Updates an event still at `revision` (and in one of `statuses`); false when someone changed it first. */
export async function updateEvent(db: Database, id: string, revision: number, statuses: OutreachEventTable["status"][], patch: Partial<Omit<OutreachEventTable, "id" | "revision">>): Promise<boolean> {
  const r = await db
    .updateTable("outreach_events")
    .set((eb) => ({ ...patch, revision: eb("revision", "+", 1) }))
    .where("id", "=", id)
    .where("revision", "=", revision)
    .where("status", "in", statuses)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Inserts many events at once (demo history). */
export async function insertEvents(db: Database, rows: OutreachEventTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 300) await db.insertInto("outreach_events").values(rows.slice(i, i + 300)).execute();
}

export function photosOf(db: Database, eventIds: string[]) {
  if (!eventIds.length) return Promise.resolve([] as OutreachEventPhotoTable[]);
  return db.selectFrom("outreach_event_photos").selectAll().where("event_id", "in", eventIds).orderBy("uploaded_at").execute();
}

export async function countPhotos(db: Database, eventId: string): Promise<number> {
  const r = await db.selectFrom("outreach_event_photos").select((eb) => eb.fn.countAll<number | string>().as("n")).where("event_id", "=", eventId).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Inserts a photo unless the event already has one with the same bytes (sha256); true when inserted. */
export async function insertPhoto(db: Database, row: OutreachEventPhotoTable): Promise<boolean> {
  const r = await db.insertInto("outreach_event_photos").values(row).onConflict((oc) => oc.columns(["event_id", "sha256"]).doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** The event's photo with these bytes, if it has one. */
export function findPhotoBySha(db: Database, eventId: string, sha256: string) {
  return db.selectFrom("outreach_event_photos").select(["id"]).where("event_id", "=", eventId).where("sha256", "=", sha256).executeTakeFirst();
}

export function findPhoto(db: Database, id: string) {
  return db
    .selectFrom("outreach_event_photos as p")
    .innerJoin("outreach_events as e", "e.id", "p.event_id")
    .innerJoin("service_teams as t", "t.id", "e.team_id")
    .innerJoin("departments as d", "d.id", "e.department_id")
    .selectAll("p")
    .select(["t.leader_user_id as leader_user_id", "d.centre_id as centre_id"])
    .where("p.id", "=", id)
    .executeTakeFirst();
}

/** Active accounts with the team leader role (for a team's leader picker), by name. */
export function teamLeaderAccounts(db: Database) {
  return db
    .selectFrom("users as u")
    .innerJoin("user_roles as r", "r.user_id", "u.id")
    .leftJoin("departments as d", "d.id", "u.department_id")
    .select(["u.id", "u.display_name", "u.username", "d.name_zh as department_name"])
    .where("r.role", "=", "team_leader")
    .where("u.disabled", "=", 0)
    .orderBy("u.display_name")
    .execute();
}
