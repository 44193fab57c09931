import { randomUUID } from "node:crypto";
import { EXPERT_SPECIALTIES, addDays, dutyOn, dutySchedule, overrideProblems, rosterProblems, shanghaiDate, type FieldError, type Roster, type WorkingCalendar } from "@yichuang/core";
import type { CalendarService } from "../platform/calendar/calendar.service.js";
import type { Database } from "../db/database.js";
import { audit } from "../audit/audit.service.js";
import { findUserById } from "../identity/identity.repository.js";
import { authorize } from "../identity/policy.js";
import { assertCentre, hotlineCentre } from "../org/centre-scope.js";
import { AppError } from "../shared/errors.js";
import { requireActor, type RequestContext } from "../shared/request-context.js";
import { nowIso, shanghaiToday } from "../platform/clock.js";
import * as repo from "./duty.repository.js";

/** What the duty services need. */
export interface DutyDeps {
  db: Database;
  /** The centre's working calendar: working-day turns and holiday turns follow it. */
  calendar: CalendarService;
}

const SPECIALTY_CODES: readonly string[] = EXPERT_SPECIALTIES.map((s) => s.code);

function toRoster(row: Awaited<ReturnType<typeof repo.findRoster>>, overrides: Awaited<ReturnType<typeof repo.activeOverrides>>): Roster | null {
  if (!row) return null;
  return {
    working: { members: JSON.parse(row.working_members) as string[], start: row.working_start },
    holiday: row.holiday_members && row.holiday_start ? { members: JSON.parse(row.holiday_members) as string[], start: row.holiday_start } : null,
    overrides: overrides.map((o) => ({ from: o.from_date, to: o.to_date, expertId: o.expert_id, reason: o.reason })),
  };
}

/**
 * The duty board: who is on duty today and next, the schedule for `days` days from `from`,
 * the roster, the overrides in force, and the centre's experts with their specialties.
 */
export async function dutyBoard(deps: DutyDeps, ctx: RequestContext, q: { centre?: string; from?: string; days?: number }, today = shanghaiToday()) {
  const actor = requireActor(ctx);
  authorize(actor, "hotline.duty.read");
  const centre = await hotlineCentre(deps.db, actor, q.centre);
  const from = q.from ?? today;
  const days = q.days ?? 14;
  const [row, overrides, experts, calendar] = await Promise.all([repo.findRoster(deps.db, centre.id), repo.activeOverrides(deps.db, centre.id, from), repo.expertsOf(deps.db, centre.id), deps.calendar.get()]);
  const roster = toRoster(row, overrides);
  const names = new Map(experts.map((e) => [e.id, e.display_name]));
  const turn = (t: ReturnType<typeof dutySchedule>[number]) => ({ ...t, expertName: t.expertId ? (names.get(t.expertId) ?? null) : null });
  // Today and the month ahead give "now" and "next"; the schedule asked for is a slice of it when it starts today.
  const ahead = roster ? dutySchedule(calendar, roster, today, Math.max(32, days)).map(turn) : [];
  const schedule = !roster ? [] : from === today ? ahead.slice(0, days) : dutySchedule(calendar, roster, from, days).map(turn);
  return {
    centre: { id: centre.id, name: centre.name_zh, nameEn: centre.name_en },
    today,
    now: ahead[0] ?? null,
    next: ahead.slice(1).find((t) => t.expertId !== null) ?? null,
    schedule,
    roster: row
      ? {
          working: { members: JSON.parse(row.working_members) as string[], start: row.working_start },
          holiday: row.holiday_members && row.holiday_start ? { members: JSON.parse(row.holiday_members) as string[], start: row.holiday_start } : null,
          revision: row.revision,
          updatedAt: row.updated_at,
        }
      : null,
    overrides: overrides.map((o) => ({ id: o.id, from: o.from_date, to: o.to_date, expertId: o.expert_id, expertName: names.get(o.expert_id) ?? null, reason: o.reason })),
    experts: experts.map((e) => ({ id: e.id, name: e.display_name, staffNo: e.staff_no, specialties: e.specialties ? (JSON.parse(e.specialties) as string[]) : [] })),
  };
}

/** The expert on duty at a centre on `date` (null when the roster names nobody). */
export async function dutyExpertOn(db: Database, calendar: WorkingCalendar, centreId: string, date: string): Promise<string | null> {
  const [row, overrides] = await Promise.all([repo.findRoster(db, centreId), repo.activeOverrides(db, centreId, date)]);
  const roster = toRoster(row, overrides);
  return roster ? dutyOn(calendar, roster, date).expertId : null;
}

/** Experts named in a roster or override must be the centre's own experts. */
async function checkExperts(db: Database, centreId: string, ids: { path: string; id: string }[]): Promise<FieldError[]> {
  const experts = new Set((await repo.expertsOf(db, centreId)).map((e) => e.id));
  return ids.filter((x) => !experts.has(x.id)).map((x) => ({ path: x.path, message: "专家：须为本中心在岗的农技专家" }));
}

/** Supervisors set a centre's roster (a new revision; a stale one is refused). */
export async function saveRoster(
  deps: DutyDeps,
  ctx: RequestContext,
  input: { centre?: string; working: { members: string[]; start: string }; holiday: { members: string[]; start: string } | null; revision: number },
) {
  const actor = requireActor(ctx);
  authorize(actor, "hotline.duty.manage");
  const centre = await hotlineCentre(deps.db, actor, input.centre);
  const problems: FieldError[] = [
    ...rosterProblems({ working: input.working, holiday: input.holiday, overrides: [] }),
    ...(await checkExperts(deps.db, centre.id, [
      ...input.working.members.map((id, i) => ({ path: `working.members.${i}`, id })),
      ...(input.holiday?.members ?? []).map((id, i) => ({ path: `holiday.members.${i}`, id })),
    ])),
  ];
  if (problems.length) throw AppError.validation(problems);
  const at = nowIso();
  await deps.db.transaction().execute(async (trx) => {
    const ok = await repo.saveRoster(
      trx,
      {
        centre_id: centre.id,
        working_members: JSON.stringify(input.working.members),
        working_start: input.working.start,
        holiday_members: input.holiday ? JSON.stringify(input.holiday.members) : null,
        holiday_start: input.holiday?.start ?? null,
        updated_by: actor.userId,
        updated_at: at,
      },
      input.revision,
    );
    if (!ok) throw AppError.conflict("值班表刚被他人修改，请刷新后再改");
    await audit(trx, ctx, { action: "hotline.roster.save", entity: "duty_roster", entityId: centre.id, detail: { working: input.working, holiday: input.holiday } });
  });
  return dutyBoard(deps, ctx, { centre: centre.id });
}

/** An override for a swap or leave: someone else on duty from `from` to `to`. */
export async function addOverride(deps: DutyDeps, ctx: RequestContext, input: { centre?: string; from: string; to: string; expertId: string; reason: string }) {
  const actor = requireActor(ctx);
  authorize(actor, "hotline.duty.manage");
  const centre = await hotlineCentre(deps.db, actor, input.centre);
  const problems: FieldError[] = [
    ...overrideProblems(input),
    ...(await checkExperts(deps.db, centre.id, [{ path: "expertId", id: input.expertId }])),
  ];
  if (!problems.some((p) => p.path === "from" || p.path === "to") && input.to > addDays(input.from, 92)) problems.push({ path: "to", message: "调班：一次最长 93 天" });
  if (problems.length) throw AppError.validation(problems);
  const id = randomUUID();
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertOverride(trx, { id, centre_id: centre.id, from_date: input.from, to_date: input.to, expert_id: input.expertId, reason: input.reason.trim(), cancelled_at: null, created_by: actor.userId, created_at: nowIso() });
    await audit(trx, ctx, { action: "hotline.override.add", entity: "duty_override", entityId: id, detail: { from: input.from, to: input.to, expertId: input.expertId, reason: input.reason } });
  });
  return { id };
}

/** Cancels an override (the rotation applies again). */
export async function cancelOverride(deps: DutyDeps, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  authorize(actor, "hotline.duty.manage");
  const o = await repo.findOverride(deps.db, id);
  if (!o) throw AppError.notFound("调班记录");
  await assertCentre(deps.db, actor, "hotline", o.centre_id);
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.cancelOverride(trx, id, nowIso()))) throw AppError.conflict("该调班已取消");
    await audit(trx, ctx, { action: "hotline.override.cancel", entity: "duty_override", entityId: id });
  });
}

/** Sets an expert's specialties (what questions are transferred to them by). */
export async function setSpecialties(deps: DutyDeps, ctx: RequestContext, userId: string, specialties: string[]) {
  const actor = requireActor(ctx);
  authorize(actor, "hotline.duty.manage");
  const user = await findUserById(deps.db, userId);
  if (!user || !user.roles.includes("expert")) throw AppError.notFound("农技专家");
  const bad = specialties.map((s, i) => ({ s, i })).filter(({ s }) => !SPECIALTY_CODES.includes(s));
  if (bad.length) throw AppError.validation(bad.map(({ i }) => ({ path: `specialties.${i}`, message: `专长：须为以下之一：${EXPERT_SPECIALTIES.map((x) => x.zh).join("、")}` })));
  if (!specialties.length) throw AppError.validation([{ path: "specialties", message: "专长：至少选择 1 项" }]);
  await deps.db.transaction().execute(async (trx) => {
    await repo.upsertProfile(trx, userId, [...new Set(specialties)], nowIso());
    await audit(trx, ctx, { action: "hotline.expert.specialties", entity: "user", entityId: userId, detail: { specialties } });
  });
  return { id: userId, specialties: [...new Set(specialties)] };
}
