import { createHash, randomUUID } from "node:crypto";
import type { ReadCache } from "../platform/read-cache.js";
import { findPlace, normalizePhone, outreachEventProblems, serviceAreaOf, serviceTeamProblems, shanghaiDate, teamMemberProblems, type FieldError, type OutreachEventInput, type TeamMemberInput } from "@yichuang/core";
import { audit } from "../audit/audit.service.js";
import { sniffType, type FileStore } from "../platform/files.js";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import type { OutreachEventTable } from "../db/schema.js";
import { findUserById } from "../identity/identity.repository.js";
import { authorize, can, type Actor } from "../identity/policy.js";
import { assertCentre, assertCentreStaff, centreOfDepartment, ownCentre, seesEveryCentre } from "../org/centre-scope.js";
import { findDepartment } from "../org/org.repository.js";
import { AppError } from "../shared/errors.js";
import { decodeCursor, pageOf, pageInfo } from "../shared/paging.js";
import { requireActor, type RequestContext } from "../shared/request-context.js";
import { addSheet, workbook, xlsxBytes } from "../shared/excel.js";
import { nowIso, shanghaiToday } from "../platform/clock.js";
import * as repo from "./outreach.repository.js";

/**
 * Service teams (机关服务队) and their outreach events: supervisors and admins keep the teams and
 * their members; a team's leader logs each event (from a phone, photos allowed); a supervisor
 * confirms it (or returns it with the reason) before it counts in the figures.
 */

/** What the outreach services need. */
export interface OutreachDeps {
  db: Database;
  config: Config;
  files: FileStore;
}

/** Photos one event may carry. */
export const EVENT_PHOTOS_MAX = 9;

const masked = (phone: string | null) => (!phone ? null : /^1\d{10}$/.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone.replace(/\d{4}$/, "****"));

/**
 * Whose teams and events a reader sees: every centre's (supervisors, centre leaders, admins: the
 * centre rule's global roles), else the teams they lead in their own centre (403 without a centre).
 */
async function readerScope(deps: OutreachDeps, actor: Actor): Promise<{ centreId?: string; leaderUserId?: string }> {
  const own = await ownCentre(deps.db, actor, "outreach");
  return own === null ? {} : { centreId: own, leaderUserId: actor.userId };
}

// ---- teams ----

type TeamRow = NonNullable<Awaited<ReturnType<typeof repo.findTeam>>>;

function teamView(t: TeamRow | Awaited<ReturnType<typeof repo.listTeams>>["items"][number]) {
  return {
    id: t.id,
    name: t.name,
    brand: t.brand,
    foundedOn: t.founded_on,
    active: t.active === 1,
    department: { id: t.department_id, code: t.department_code, name: t.department_name },
    leader: t.leader_user_id ? { id: t.leader_user_id, name: t.leader_name } : null,
    createdAt: t.created_at,
    updatedAt: t.updated_at,
  };
}

/** Teams by department and name; a team leader sees the teams they lead. */
export async function listTeams(deps: OutreachDeps, ctx: RequestContext, q: { departmentId?: string; q?: string; active?: boolean; limit: number; offset: number }) {
  const actor = requireActor(ctx);
  authorize(actor, "outreach.teams.read");
  const page = await repo.listTeams(deps.db, { ...q, ...(await readerScope(deps, actor)) });
  return { total: page.total, items: page.items.map((t) => ({ ...teamView(t), members: Number(t.members ?? 0), events: Number(t.events ?? 0) })) };
}

async function loadTeam(deps: OutreachDeps, actor: Actor, id: string): Promise<TeamRow> {
  const t = await repo.findTeam(deps.db, id);
  if (!t) throw AppError.notFound("服务队");
  await assertCentre(deps.db, actor, "outreach", t.centre_id);
  if (!seesEveryCentre(actor) && t.leader_user_id !== actor.userId) throw AppError.forbidden("只能查看本人担任队长的服务队");
  return t;
}

/** A team in full with its members (the read is audited: members' phones are personal data; masked for all but its managers and leader). */
export async function getTeam(deps: OutreachDeps, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  authorize(actor, "outreach.teams.read");
  const t = await loadTeam(deps, actor, id);
  const members = await repo.membersOf(deps.db, id);
  const full = can(actor, "outreach.teams.manage") || t.leader_user_id === actor.userId;
  await audit(deps.db, ctx, { action: "outreach.team.read", entity: "service_team", entityId: id });
  return { ...teamView(t), members: members.map((m) => ({ id: m.id, name: m.name, phone: full ? m.phone : masked(m.phone), position: m.position, userId: m.user_id })) };
}

/** What a manager enters for a team. */
export interface TeamInput {
  departmentId: string;
  name: string;
  brand?: string | null;
  foundedOn?: string | null;
  leaderUserId?: string | null;
  active?: boolean;
  members: TeamMemberInput[];
}

async function teamProblems(deps: OutreachDeps, input: TeamInput, selfId: string | null): Promise<FieldError[]> {
  const problems = serviceTeamProblems(input, shanghaiToday());
  const department = await findDepartment(deps.db, input.departmentId);
  if (!department) problems.unshift({ path: "departmentId", message: "所属单位：部门不存在" });
  if (input.members.length > 200) problems.push({ path: "members", message: "队员：一支服务队最多 200 人" });
  input.members.forEach((m, i) => problems.push(...teamMemberProblems(m, `members.${i}`)));
  if (input.leaderUserId) {
    const leader = await findUserById(deps.db, input.leaderUserId);
    if (!leader || leader.disabled) problems.push({ path: "leaderUserId", message: "队长：用户不存在或已停用" });
    else if (!leader.roles.includes("team_leader"))
      problems.push({ path: "leaderUserId", message: `队长：${leader.display_name} 没有“服务队队长”角色，请先由管理员授予` });
    else if (department) {
      // A leader works within their own centre: one of another centre (or of none) could never log the team's events.
      const [own, teams] = await Promise.all([leader.department_id ? centreOfDepartment(deps.db, leader.department_id) : null, centreOfDepartment(deps.db, department.id)]);
      if (own?.id !== teams?.id) problems.push({ path: "leaderUserId", message: `队长：${leader.display_name} 不是${teams?.name_zh ?? "该中心"}的工作人员，不能担任本队队长` });
    }
  }
  if (department && input.name?.trim()) {
    const same = await repo.findTeamByName(deps.db, input.departmentId, input.name.trim());
    if (same && same.id !== selfId) problems.push({ path: "name", message: `服务队名称：本单位已有“${input.name.trim()}”` });
  }
  return problems;
}

function memberRows(teamId: string, members: TeamMemberInput[], leader: { id: string; name: string } | null, at: string) {
  const rows = members.map((m, i) => ({ id: randomUUID(), team_id: teamId, name: m.name.trim(), phone: m.phone ? normalizePhone(m.phone) : null, position: m.position?.trim() || null, user_id: null as string | null, seq: i + 1, created_at: at }));
  // The leader is a member, linked to their account.
  if (leader) {
    const own = rows.find((r) => r.name === leader.name);
    if (own) own.user_id = leader.id;
    else rows.unshift({ id: randomUUID(), team_id: teamId, name: leader.name, phone: null, position: "队长", user_id: leader.id, seq: 0, created_at: at });
  }
  return rows;
}

/** A new team with its members (supervisors and admins). */
export async function createTeam(deps: OutreachDeps, ctx: RequestContext, input: TeamInput) {
  const actor = requireActor(ctx);
  authorize(actor, "outreach.teams.manage");
  const problems = await teamProblems(deps, input, null);
  if (problems.length) throw AppError.validation(problems);
  const at = nowIso();
  const id = randomUUID();
  const leader = input.leaderUserId ? await findUserById(deps.db, input.leaderUserId) : undefined;
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertTeam(trx, { id, department_id: input.departmentId, name: input.name.trim(), brand: input.brand?.trim() || null, founded_on: input.foundedOn || null, leader_user_id: leader?.id ?? null, active: input.active === false ? 0 : 1, stood_down_at: input.active === false ? at : null, created_by: actor.userId, created_at: at, updated_at: at });
    await repo.replaceMembers(trx, id, memberRows(id, input.members, leader ? { id: leader.id, name: leader.display_name } : null, at));
    await audit(trx, ctx, { action: "outreach.team.create", entity: "service_team", entityId: id, detail: { name: input.name, members: input.members.length } });
  });
  return getTeam(deps, ctx, id);
}

/** Changes a team: name, brand, leader, members, active (supervisors and admins). */
export async function updateTeam(deps: OutreachDeps, ctx: RequestContext, id: string, input: Partial<TeamInput>) {
  const actor = requireActor(ctx);
  authorize(actor, "outreach.teams.manage");
  const t = await loadTeam(deps, actor, id);
  const current = await repo.membersOf(deps.db, id);
  const merged: TeamInput = {
    departmentId: input.departmentId ?? t.department_id,
    name: input.name ?? t.name,
    brand: input.brand === undefined ? t.brand : input.brand,
    foundedOn: input.foundedOn === undefined ? t.founded_on : input.foundedOn,
    leaderUserId: input.leaderUserId === undefined ? t.leader_user_id : input.leaderUserId,
    active: input.active ?? t.active === 1,
    members: input.members ?? current.map((m) => ({ name: m.name, phone: m.phone, position: m.position })),
  };
  const problems = await teamProblems(deps, merged, id);
  if (problems.length) throw AppError.validation(problems);
  const at = nowIso();
  const leader = merged.leaderUserId ? await findUserById(deps.db, merged.leaderUserId) : undefined;
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateTeam(trx, id, { department_id: merged.departmentId, name: merged.name.trim(), brand: merged.brand?.trim() || null, founded_on: merged.foundedOn || null, leader_user_id: leader?.id ?? null, active: merged.active ? 1 : 0, ...standing(t, merged.active!, at), updated_at: at });
    if (input.members || input.leaderUserId !== undefined) await repo.replaceMembers(trx, id, memberRows(id, merged.members, leader ? { id: leader.id, name: leader.display_name } : null, at));
    await audit(trx, ctx, { action: "outreach.team.update", entity: "service_team", entityId: id, detail: { fields: Object.keys(input) } });
  });
  return getTeam(deps, ctx, id);
}

/** When a team leaves the register it says when (the teams figure counts by it); back on the register, it is active again. */
function standing(t: TeamRow, active: boolean, at: string): { stood_down_at?: string | null } {
  if (t.active === 1 && !active) return { stood_down_at: at };
  if (t.active !== 1 && active) return { stood_down_at: null };
  return {};
}

/** Accounts that may lead a team (the team leader role), for the managers' picker. */
export async function leaderAccounts(deps: OutreachDeps, ctx: RequestContext) {
  authorize(requireActor(ctx), "outreach.teams.manage");
  return (await repo.teamLeaderAccounts(deps.db)).map((u) => ({ id: u.id, name: u.display_name, username: u.username, department: u.department_name }));
}

/** Every team as Excel: 服务队 sheet (department, name, brand, founded, leader, members, active). */
export async function exportTeams(deps: OutreachDeps, ctx: RequestContext, departmentId?: string) {
  const actor = requireActor(ctx);
  authorize(actor, "outreach.teams.read");
  const rows = await repo.allTeams(deps.db, { departmentId, ...(await readerScope(deps, actor)) });
  const wb = workbook();
  addSheet(
    wb,
    "服务队",
    [
      { header: "所属单位", key: "department", width: 28 },
      { header: "服务队", key: "name", width: 28 },
      { header: "服务品牌", key: "brand", width: 14 },
      { header: "成立日期", key: "founded", width: 12 },
      { header: "队长", key: "leader", width: 10 },
      { header: "队员人数", key: "members", width: 10 },
      { header: "状态", key: "active", width: 8 },
    ],
    rows.map((t) => ({ department: t.department_name, name: t.name, brand: t.brand ?? "", founded: t.founded_on ?? "", leader: t.leader_name ?? "", members: Number(t.members ?? 0), active: t.active ? "在册" : "已撤销" })),
  );
  await audit(deps.db, ctx, { action: "outreach.teams.export", entity: "service_team", entityId: null, detail: { departmentId: departmentId ?? null, count: rows.length } });
  return xlsxBytes(wb);
}

// ---- events ----

type EventRow = NonNullable<Awaited<ReturnType<typeof repo.findEvent>>>;

function eventView(e: Omit<EventRow, "leader_user_id" | "centre_id">, photos?: { id: string; file_name: string; content_type: string; size: number }[]) {
  const place = findPlace(e.place_code);
  return {
    id: e.id,
    team: { id: e.team_id, name: e.team_name },
    department: { id: e.department_id, name: e.department_name },
    date: e.event_date,
    placeCode: e.place_code,
    place: place?.fullName ?? null,
    address: e.address,
    activity: e.activity,
    problemsSolved: Number(e.problems_solved),
    peopleServed: Number(e.people_served),
    status: e.status,
    loggedBy: e.logger_name,
    loggedAt: e.logged_at,
    decidedBy: e.decider_name,
    decidedAt: e.decided_at,
    returnReason: e.return_reason,
    revision: Number(e.revision),
    photos: photos?.map((p) => ({ id: p.id, fileName: p.file_name, contentType: p.content_type, size: Number(p.size), url: `/api/outreach/photos/${p.id}` })),
  };
}

/** Events, newest first, with the filter's totals; a team leader sees their own teams' events. */
export async function listEvents(deps: OutreachDeps & { reads: ReadCache }, ctx: RequestContext, q: Omit<repo.EventQuery, "leaderUserId" | "after"> & { after?: string }) {
  const actor = requireActor(ctx);
  authorize(actor, "outreach.events.read");
  const after = q.after ? (decodeCursor(q.after, ["s", "s", "s"]) as [string, string, string]) : undefined;
  const query = { ...q, after, ...(await readerScope(deps, actor)) };
  // Kept until an event, a photo, a team or a name shown changes.
  return deps.reads.get(EVENT_LIST_TABLES, `events:${JSON.stringify(query)}`, async () => {
    const { rows, total } = await repo.eventPage(deps.db, query);
    const page = pageOf(rows, q.limit, (e) => [e.event_date, e.logged_at, e.id]);
    return {
      ...pageInfo(total, page.nextCursor),
      items: page.rows.map((e) => ({ ...eventView(e), photoCount: Number(e.photos ?? 0) })),
    };
  });
}

/** What a page of events reads. */
const EVENT_LIST_TABLES = ["outreach_events", "outreach_event_photos", "service_teams", "departments", "users"] as const;

/** The totals of a filter's events (how many, problems solved, people served): asked once per filter, not per page. */
export async function eventTotals(deps: OutreachDeps, ctx: RequestContext, q: Omit<repo.EventQuery, "leaderUserId" | "limit" | "after">) {
  const actor = requireActor(ctx);
  authorize(actor, "outreach.events.read");
  return repo.eventTotals(deps.db, { ...q, ...(await readerScope(deps, actor)) });
}

async function loadEvent(deps: OutreachDeps, actor: Actor, id: string): Promise<EventRow> {
  const e = await repo.findEvent(deps.db, id);
  if (!e) throw AppError.notFound("服务活动");
  await assertCentre(deps.db, actor, "outreach", e.centre_id);
  if (!seesEveryCentre(actor) && e.leader_user_id !== actor.userId) throw AppError.forbidden("只能查看本人担任队长的服务队的活动");
  return e;
}

/** One event with its photos. */
export async function getEvent(deps: OutreachDeps, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  authorize(actor, "outreach.events.read");
  const e = await loadEvent(deps, actor, id);
  return eventView(e, await repo.photosOf(deps.db, [id]));
}

/** The teams the signed-in leader can log events for (active ones they lead). */
export async function myTeams(deps: OutreachDeps, ctx: RequestContext) {
  const actor = requireActor(ctx);
  authorize(actor, "outreach.events.log");
  const page = await repo.listTeams(deps.db, { leaderUserId: actor.userId, centreId: (await ownCentre(deps.db, actor, "outreach")) ?? undefined, active: true, limit: 50, offset: 0 });
  return page.items.map((t) => ({ ...teamView(t), members: Number(t.members ?? 0), events: Number(t.events ?? 0) }));
}

/**
 * A team's leader logs an event. `clientId` is the phone's own id for the entry: the same entry
 * sent again (a dropped connection) is answered with the event already logged, never a second one.
 */
export async function logEvent(deps: OutreachDeps, ctx: RequestContext, input: OutreachEventInput & { teamId: string; clientId: string }) {
  const actor = requireActor(ctx);
  authorize(actor, "outreach.events.log");
  await assertCentreStaff(deps.db, actor, "outreach");
  const known = await repo.findEventByClientId(deps.db, actor.userId, input.clientId);
  if (known) return { replayed: true, event: await getEvent(deps, ctx, known.id) };
  const team = await repo.findTeam(deps.db, input.teamId);
  if (!team) throw AppError.validation([{ path: "teamId", message: "服务队：不存在" }]);
  await assertCentre(deps.db, actor, "outreach", team.centre_id);
  if (team.leader_user_id !== actor.userId) throw AppError.forbidden("只有本队队长可以登记本队的服务活动");
  if (!team.active) throw AppError.conflict(`${team.name}已撤销，不能再登记活动`);
  const problems = outreachEventProblems(input, shanghaiToday(), serviceAreaOf(deps.config.centreDivision));
  if (problems.length) throw AppError.validation(problems);
  const at = nowIso();
  const id = randomUUID();
  await deps.db.transaction().execute(async (trx) => {
    const inserted = await repo.insertEvent(trx, {
      id,
      team_id: team.id,
      department_id: team.department_id,
      event_date: input.date,
      place_code: input.placeCode,
      address: input.address?.trim() || null,
      activity: input.activity.trim(),
      problems_solved: input.problemsSolved,
      people_served: input.peopleServed,
      status: "submitted",
      client_id: input.clientId,
      logged_by: actor.userId,
      logged_at: at,
      decided_by: null,
      decided_at: null,
      return_reason: null,
      revision: 1,
      updated_at: at,
    });
    if (inserted) await audit(trx, ctx, { action: "outreach.event.log", entity: "outreach_event", entityId: id, detail: { teamId: team.id, date: input.date, people: input.peopleServed } });
  });
  // Two sends of the same entry at once: the other one won; answer with it.
  const stored = await repo.findEventByClientId(deps.db, actor.userId, input.clientId);
  return { replayed: stored!.id !== id, event: await getEvent(deps, ctx, stored!.id) };
}

/** The leader corrects an event not yet confirmed (a returned one goes back to the supervisor). */
export async function editEvent(deps: OutreachDeps, ctx: RequestContext, id: string, input: OutreachEventInput & { revision: number }) {
  const actor = requireActor(ctx);
  authorize(actor, "outreach.events.log");
  const e = await loadEvent(deps, actor, id);
  if (e.leader_user_id !== actor.userId) throw AppError.forbidden("只有本队队长可以修改本队的服务活动");
  if (e.status === "confirmed") throw AppError.conflict("该活动已确认，不能再修改");
  // A correction keeps the date rule from the day it was first logged.
  const problems = outreachEventProblems(input, shanghaiToday(), serviceAreaOf(deps.config.centreDivision)).filter((p) => !(p.path === "date" && input.date === e.event_date));
  if (problems.length) throw AppError.validation(problems);
  const at = nowIso();
  await deps.db.transaction().execute(async (trx) => {
    const ok = await repo.updateEvent(trx, id, input.revision, ["submitted", "returned"], {
      event_date: input.date,
      place_code: input.placeCode,
      address: input.address?.trim() || null,
      activity: input.activity.trim(),
      problems_solved: input.problemsSolved,
      people_served: input.peopleServed,
      status: "submitted",
      return_reason: null,
      decided_by: null,
      decided_at: null,
      updated_at: at,
    });
    if (!ok) throw AppError.conflict("该活动刚被修改或确认，请刷新后再试");
    await audit(trx, ctx, { action: "outreach.event.edit", entity: "outreach_event", entityId: id, detail: { resubmitted: e.status === "returned" } });
  });
  return getEvent(deps, ctx, id);
}

/** A supervisor confirms an event (it counts from then on) or returns it with the reason. Once. */
export async function decideEvent(deps: OutreachDeps, ctx: RequestContext, id: string, input: { decision: "confirm" | "return"; reason?: string | null; revision?: number }) {
  const actor = requireActor(ctx);
  authorize(actor, "outreach.events.confirm");
  const e = await loadEvent(deps, actor, id);
  if (e.status === "confirmed") throw AppError.conflict(`该活动已于 ${e.decided_at?.slice(0, 10) ?? ""} 由 ${e.decider_name ?? ""} 确认，不能重复确认`);
  if (e.status === "returned") throw AppError.conflict("该活动已退回队长修改，修改后再确认");
  if (e.logged_by === actor.userId) throw AppError.conflict("不能确认自己登记的活动");
  if (input.decision === "return" && !input.reason?.trim()) throw AppError.validation([{ path: "reason", message: "退回原因：请填写" }]);
  if (input.reason && [...input.reason.trim()].length > 200) throw AppError.validation([{ path: "reason", message: "退回原因：不能超过 200 个字" }]);
  const at = nowIso();
  await deps.db.transaction().execute(async (trx) => {
    const ok = await repo.updateEvent(trx, id, input.revision ?? Number(e.revision), ["submitted"], {
      status: input.decision === "confirm" ? "confirmed" : "returned",
      decided_by: actor.userId,
      decided_at: at,
      return_reason: input.decision === "return" ? input.reason!.trim() : null,
      updated_at: at,
    });
    if (!ok) throw AppError.conflict("该活动刚被修改或确认，请刷新后再试");
    await audit(trx, ctx, { action: `outreach.event.${input.decision}`, entity: "outreach_event", entityId: id, detail: { reason: input.reason ?? null } });
  });
  return getEvent(deps, ctx, id);
}

/** A photo of an event (JPEG or PNG, checked by its bytes), by its leader while not yet confirmed. */
export async function addEventPhoto(deps: OutreachDeps, ctx: RequestContext, id: string, file: { fileName: string; bytes: Buffer }) {
  const actor = requireActor(ctx);
  authorize(actor, "outreach.events.log");
  const e = await loadEvent(deps, actor, id);
  if (e.leader_user_id !== actor.userId) throw AppError.forbidden("只有本队队长可以上传本队活动的照片");
  if (e.status === "confirmed") throw AppError.conflict("该活动已确认，不能再上传照片");
  const type = sniffType(file.bytes);
  if (type !== "image/jpeg" && type !== "image/png") throw AppError.validation([{ path: "file", message: "活动照片：须为 JPG 或 PNG 图片" }]);
  if (file.bytes.length > deps.config.uploadMaxBytes) throw AppError.validation([{ path: "file", message: `活动照片：不能超过 ${Math.round(deps.config.uploadMaxBytes / 1048576)} MB` }]);
  // The same bytes again (a retried upload, from this phone or another) are the photo already kept.
  const sha = createHash("sha256").update(file.bytes).digest("hex");
  const kept = await repo.findPhotoBySha(deps.db, id, sha);
  if (kept) return { id: kept.id, url: `/api/outreach/photos/${kept.id}`, replayed: true };
  if ((await repo.countPhotos(deps.db, id)) >= EVENT_PHOTOS_MAX) throw AppError.validation([{ path: "file", message: `活动照片：每次活动最多 ${EVENT_PHOTOS_MAX} 张` }]);
  deps.files.save(file.bytes);
  const photoId = randomUUID();
  const inserted = await deps.db.transaction().execute(async (trx) => {
    const ok = await repo.insertPhoto(trx, { id: photoId, event_id: id, file_name: file.fileName.slice(0, 120), content_type: type, size: file.bytes.length, sha256: sha, uploaded_by: actor.userId, uploaded_at: nowIso() });
    if (ok) await audit(trx, ctx, { action: "outreach.event.photo", entity: "outreach_event", entityId: id, detail: { photoId, size: file.bytes.length } });
    return ok;
  });
  // Two sends of the same photo at once: the other one was kept; answer with it.
  if (!inserted) {
    const other = (await repo.findPhotoBySha(deps.db, id, sha))!;
    return { id: other.id, url: `/api/outreach/photos/${other.id}`, replayed: true };
  }
  return { id: photoId, url: `/api/outreach/photos/${photoId}`, replayed: false };
}

/** A photo's bytes: its team's leader and the staff who see every team. */
export async function eventPhoto(deps: OutreachDeps, ctx: RequestContext, photoId: string) {
  const actor = requireActor(ctx);
  authorize(actor, "outreach.events.read");
  const p = await repo.findPhoto(deps.db, photoId);
  if (!p) throw AppError.notFound("照片");
  await assertCentre(deps.db, actor, "outreach", p.centre_id);
  if (!seesEveryCentre(actor) && p.leader_user_id !== actor.userId) throw AppError.forbidden("只能查看本人担任队长的服务队的照片");
  return { contentType: p.content_type, bytes: deps.files.read(p.sha256) };
}

const STATUS_ZH: Record<OutreachEventTable["status"], string> = { submitted: "待确认", confirmed: "已确认", returned: "已退回" };

/** Events of a filter as Excel (every row, not a page): 服务活动 sheet with the totals. */
export async function exportEvents(deps: OutreachDeps, ctx: RequestContext, q: Omit<repo.EventQuery, "leaderUserId" | "limit" | "after">) {
  const actor = requireActor(ctx);
  authorize(actor, "outreach.events.read");
  const scoped = { ...q, ...(await readerScope(deps, actor)) };
  const [items, totals] = await Promise.all([repo.eventsQuery(deps.db, scoped).limit(100_000).execute(), repo.eventTotals(deps.db, scoped)]);
  const page = { items, total: totals.events, problemsSolved: totals.problemsSolved, peopleServed: totals.peopleServed };
  const wb = workbook();
  addSheet(
    wb,
    "服务活动",
    [
      { header: "日期", key: "date", width: 12 },
      { header: "所属单位", key: "department", width: 26 },
      { header: "服务队", key: "team", width: 26 },
      { header: "地点", key: "place", width: 40 },
      { header: "服务内容", key: "activity", width: 50 },
      { header: "解决问题数", key: "problems", width: 10 },
      { header: "服务人次", key: "people", width: 10 },
      { header: "状态", key: "status", width: 8 },
      { header: "登记人", key: "logger", width: 10 },
      { header: "确认人", key: "decider", width: 10 },
    ],
    page.items.map((e) => ({ date: e.event_date, department: e.department_name, team: e.team_name, place: [findPlace(e.place_code)?.fullName ?? e.place_code, e.address].filter(Boolean).join(" "), activity: e.activity, problems: Number(e.problems_solved), people: Number(e.people_served), status: STATUS_ZH[e.status], logger: e.logger_name ?? "", decider: e.decider_name ?? "" })),
    { problems: page.problemsSolved, people: page.peopleServed },
  );
  await audit(deps.db, ctx, { action: "outreach.events.export", entity: "outreach_event", entityId: null, detail: { ...q, count: page.total } });
  return xlsxBytes(wb);
}
