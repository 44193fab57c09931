import { randomUUID } from "node:crypto";
import {
  GUIDES,
  capPeriod,
  caseSteps,
  caseTimeFigures,
  evaluationFigures,
  monthsOf,
  periodInstants,
  periodProblems,
  processBaselineProblems,
  processFigures,
  quarterDates,
  quarterKey,
  quarterOf,
  nextQuarter,
  shanghaiDate,
  sumCounts,
  workingDaysTaken,
  type CaseTimeGroup,
  type DashboardData,
  type Period,
  type ProcessBaseline,
} from "@yichuang/core";
import type { WorkingCalendar } from "@yichuang/core";
import type { CalendarService } from "../platform/calendar/calendar.service.js";
import { quarterStars } from "../assessment/assessment.service.js";
import { audit } from "../audit/audit.service.js";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import { countEvaluations } from "../evaluation/figures.service.js";
import { authorize } from "../identity/policy.js";
import { getServiceItemForm } from "../registration/registration.service.js";
import { AppError } from "../shared/errors.js";
import { requireActor, type RequestContext } from "../shared/request-context.js";
import { nowIso, elapsedMs, shanghaiToday } from "../platform/clock.js";
import * as repo from "./dashboard.repository.js";

/** What the dashboard needs. */
export interface DashboardDeps {
  db: Database;
  config: Config;
  /** The centre's working calendar: working days taken are counted on it. */
  calendar: CalendarService;
}

/** The service item whose one form and cases the registration figures are about. */
const REGISTRATION_ITEM = GUIDES[0]!.serviceItem;

/** The query of every dashboard read: a period and, optionally, one department. */
export interface DashboardQuery extends Period {
  departmentId?: string;
}

/**
 * Checks the period and finds the department; 400 naming the field otherwise. A start after today
 * is refused; an end after today is taken as today (the figures, records and exports all say so).
 */
export async function resolveQuery(db: Database, q: DashboardQuery, today = shanghaiToday()) {
  const problems = periodProblems(q, { today });
  const department = q.departmentId ? await repo.departmentWithCentre(db, q.departmentId) : null;
  if (q.departmentId && !department) problems.push({ path: "department", message: "部门：部门不存在" });
  if (problems.length) throw AppError.validation(problems);
  return { period: capPeriod({ from: q.from, to: q.to }, today), department: department ?? null };
}

type Department = NonNullable<Awaited<ReturnType<typeof repo.departmentWithCentre>>>;

/** The five registration departments review cases; the dashboard's case figures for another department are empty. */
const REVIEWING = new Set(GUIDES[0]!.departments.map((d) => d.department));

function timeGroups(calendar: WorkingCalendar, rows: Awaited<ReturnType<typeof repo.completedCaseGroups>>) {
  return rows.map((r) => {
    const days = workingDaysTaken(calendar, r.acceptedDate, r.completedDate, r.paused).days;
    return { ...r, days, month: r.completedDate.slice(0, 7), sameDay: r.acceptedDate === r.completedDate ? r.cases : 0 };
  });
}

/** Every figure of the dashboard for a period and department, from the records (reused for DASHBOARD_CACHE_SECONDS). */
export async function dashboard(deps: DashboardDeps, ctx: RequestContext, q: DashboardQuery, today = shanghaiToday()): Promise<DashboardData> {
  authorize(requireActor(ctx), "dashboard.read");
  const { period, department } = await resolveQuery(deps.db, q, today);
  return counted(deps, period, department, today);
}

/** Figures counted on this instance, by database handle and query: one count at a time per query (single flight), reused while fresh. */
const recent = new WeakMap<Database, Map<string, { at: number; data: Promise<DashboardData> }>>();

/**
 * The figures, counted now or reused from a count of the last `dashboardCacheSeconds` (a leader's
 * page, its exports and several leaders at once share one count; `generatedAt` says when it was).
 * A baseline saved on this instance drops what was counted.
 */
export function counted(deps: DashboardDeps, period: Period, department: Department | null, today = shanghaiToday()): Promise<DashboardData> {
  const ttl = deps.config.dashboardCacheSeconds * 1000;
  if (ttl <= 0) return compute(deps, period, department, today);
  let cache = recent.get(deps.db);
  if (!cache) recent.set(deps.db, (cache = new Map()));
  const key = `${period.from}|${period.to}|${department?.id ?? ""}|${today}`;
  const now = elapsedMs();
  const hit = cache.get(key);
  if (hit && now - hit.at < ttl) return hit.data;
  for (const [k, v] of cache) if (now - v.at >= ttl) cache.delete(k);
  const data = compute(deps, period, department, today);
  cache.set(key, { at: now, data });
  data.catch(() => cache.delete(key));
  return data;
}

/** The figures without the access check (the PDF and Excel exports call it after theirs). */
export async function compute(deps: DashboardDeps, period: Period, department: Department | null, today = shanghaiToday()): Promise<DashboardData> {
  const { db } = deps;
  const instants = periodInstants(period);
  const months = monthsOf(period);
  const code = department?.code;
  const reviewing = !code || REVIEWING.has(code);
  const farm = !department || department.centre_kind === "farm";
  const centreId = department && department.centre_kind === "farm" ? department.centre_id : undefined;
  const [approval] = await repo.centresOfKind(db, "approval");

  const [form, applications, caseRows, taskRows, baseline, outreach, teamsByDept, tickets, broadcasts, sms, evalByMonth] = await Promise.all([
    getServiceItemForm(db, REGISTRATION_ITEM),
    reviewing ? repo.applicationsSubmitted(db, instants.from, instants.to) : Promise.resolve(null),
    reviewing ? repo.completedCaseGroups(db, period, code) : Promise.resolve([]),
    code && reviewing ? repo.decidedTaskGroups(db, period, code) : Promise.resolve(null),
    approval ? repo.latestBaseline(db, approval.id) : Promise.resolve(undefined),
    repo.outreachGroups(db, period, department?.id),
    repo.teamsOnRegister(db, instants.from, instants.to, department?.id),
    farm ? repo.ticketCounts(db, instants.from, instants.to, centreId) : Promise.resolve(null),
    farm ? repo.broadcastCounts(db, instants.from, instants.to) : Promise.resolve(null),
    farm ? repo.smsCounts(db, instants.from, instants.to) : Promise.resolve(null),
    countEvaluations(db, { from: period.from, to: period.to, by: "month", departmentId: department?.id ?? null }, today),
  ]);

  // Forms: the department's legacy form against what the one form now gives it, or all five.
  const report = form.report;
  const deptReports = report.departments.filter((d) => !code || d.department === code);
  // A department outside the five keeps no legacy form and reviews no application: not applicable, not 0.
  const forms: DashboardData["forms"] = {
    applicable: reviewing,
    unifiedFields: report.askedFieldCount,
    legacyFields: !reviewing ? null : code ? deptReports.reduce((a, d) => a + d.legacyFieldCount, 0) : report.legacyFieldCount,
    distinctElements: report.distinctElementCount,
    departments: deptReports.map((d) => ({ department: d.department, formCode: d.formCode, version: d.version, legacyFields: d.legacyFieldCount, askedFields: d.askedFieldCount, derivedFields: d.derivedFieldCount, issuedFields: d.issuedFieldCount, repeatedFields: d.repeatedFieldCount })),
    applications,
  };

  // Case times: whole cases, or the department's own review tasks.
  const calendar = await deps.calendar.get();
  const cases = timeGroups(calendar, caseRows);
  const timed = taskRows ? timeGroups(calendar, taskRows) : cases;
  const groups: CaseTimeGroup[] = timed.map((g) => ({ promisedDays: g.promised, legalDays: g.legal, actualDays: g.days, cases: g.cases, sameDay: g.sameDay }));
  const figures = caseTimeFigures(groups);
  const base: (ProcessBaseline & { setAt: string; setBy: string | null }) | null = baseline ? { steps: Number(baseline.steps), workingDays: Number(baseline.working_days), note: baseline.note, setAt: baseline.set_at, setBy: baseline.setter_name } : null;
  const byMonth = months.map((m) => {
    const inMonth = timed.filter((g) => g.month === m);
    const count = inMonth.reduce((a, g) => a + g.cases, 0);
    return { month: m, cases: count, averageDays: count ? inMonth.reduce((a, g) => a + g.days * g.cases, 0) / count : null, sameDay: inMonth.reduce((a, g) => a + g.sameDay, 0) };
  });
  const process = processFigures(
    { cases: cases.reduce((a, g) => a + g.cases, 0), steps: cases.reduce((a, g) => a + caseSteps(g.rounds) * g.cases, 0), workingDays: cases.reduce((a, g) => a + g.days * g.cases, 0) },
    base,
  );

  // Outreach: confirmed events count; pending ones are shown apart.
  const confirmed = outreach.filter((r) => r.status === "confirmed");
  const sum = (rows: typeof outreach, k: "events" | "problemsSolved" | "peopleServed") => rows.reduce((a, r) => a + r[k], 0);
  const names = new Map(teamsByDept.map((t) => [t.departmentId, t]));
  const deptIds = [...new Set([...confirmed.map((r) => r.departmentId), ...teamsByDept.map((t) => t.departmentId)])].filter((id) => !department || id === department.id);
  const outreachData: DashboardData["outreach"] = {
    teams: teamsByDept.reduce((a, r) => a + r.teams, 0),
    events: sum(confirmed, "events"),
    problemsSolved: sum(confirmed, "problemsSolved"),
    peopleServed: sum(confirmed, "peopleServed"),
    pending: sum(outreach.filter((r) => r.status === "submitted"), "events"),
    byMonth: months.map((m) => {
      const rows = confirmed.filter((r) => r.month === m);
      return { month: m, events: sum(rows, "events"), problemsSolved: sum(rows, "problemsSolved"), peopleServed: sum(rows, "peopleServed") };
    }),
    byDepartment: (await departmentNames(db, deptIds, names))
      .map(({ id, name }) => {
        const rows = confirmed.filter((r) => r.departmentId === id);
        return { departmentId: id, department: name, teams: names.get(id)?.teams ?? 0, events: sum(rows, "events"), problemsSolved: sum(rows, "problemsSolved"), peopleServed: sum(rows, "peopleServed") };
      })
      .sort((a, b) => b.events - a.events || b.teams - a.teams || a.department.localeCompare(b.department, "zh-CN")),
  };

  // Hotline and SMS: the farm centres' work, counted per month and summed.
  const t = tickets ?? [];
  const sumT = (k: "calls" | "answeredByPhone" | "transferred" | "visits" | "open" | "calledBack" | "satisfied") => t.reduce((a, r) => a + r[k], 0);
  const m = sms ?? [];
  const hotline: DashboardData["hotline"] = {
    applicable: farm,
    calls: sumT("calls"),
    byChannel: { phone: t.reduce((a, r) => a + r.phone, 0), web: t.reduce((a, r) => a + r.web, 0), open311: t.reduce((a, r) => a + r.open311, 0) },
    answeredByPhone: sumT("answeredByPhone"),
    transferred: sumT("transferred"),
    visits: sumT("visits"),
    open: sumT("open"),
    calledBack: sumT("calledBack"),
    satisfied: sumT("satisfied"),
    noticesBroadcast: broadcasts?.notices ?? 0,
    broadcasts: broadcasts?.broadcasts ?? 0,
    smsSent: m.reduce((a, r) => a + r.sent, 0),
    smsDelivered: m.reduce((a, r) => a + r.delivered, 0),
    smsFailed: m.reduce((a, r) => a + r.failed, 0),
    byMonth: farm
      ? months.map((month) => {
          const s = m.find((r) => r.month === month);
          return { month, calls: t.find((r) => r.month === month)?.calls ?? 0, smsSent: s?.sent ?? 0, smsDelivered: s?.delivered ?? 0 };
        })
      : [],
  };

  // Evaluations: the published rates, as on the figures page.
  const evalRows = [...evalByMonth.entries()];
  const evaluation: DashboardData["evaluation"] = {
    ...evaluationFigures(sumCounts(evalRows.map(([, c]) => c))),
    byMonth: months.map((m) => {
      const c = evalByMonth.get(m);
      const f = c ? evaluationFigures(c) : null;
      return { month: m, completed: c?.completed ?? 0, rated: c?.rated ?? 0, good: c?.good ?? 0, activeGoodRate: f?.activeGoodRate ?? null, unratedRate: f?.unratedRate ?? null };
    }),
  };

  // Stars of each quarter the period touches (provisional while a quarter is open).
  const stars: DashboardData["stars"] = [];
  for (let qq = quarterOf(period.from); quarterDates(qq).from <= period.to && quarterDates(qq).from <= today; qq = nextQuarter(qq)) {
    // A quarter that ended without being assessed has no stars; the current one shows who stands first so far.
    const s = await quarterStars(deps, quarterKey(qq), department?.id ?? null, { provisional: quarterDates(qq).to >= today }, today);
    if (s) stars.push(s);
  }

  return {
    period,
    department: department ? { id: department.id, code: department.code, name: department.name_zh, centreKind: department.centre_kind } : null,
    centreName: department?.centre_name ?? approval?.name_zh ?? "",
    generatedAt: nowIso(),
    months,
    forms,
    cases: { ...figures, formerDays: base?.workingDays ?? null, byMonth, scope: taskRows ? "tasks" : "cases" },
    process: { cases: process.cases, averageSteps: process.averageSteps, averageDays: process.averageDays, baseline: base, shorter: process.shorter, faster: process.faster },
    outreach: outreachData,
    hotline,
    evaluation,
    stars: stars.map(({ quarter, closed, stars: s }) => ({ quarter, closed, stars: s })),
  };
}

async function departmentNames(db: Database, ids: string[], known: Map<string, { name: string }>) {
  const missing = ids.filter((id) => !known.has(id));
  const more = await repo.departmentsByIds(db, missing);
  return ids.map((id) => ({ id, name: known.get(id)?.name ?? more.find((d) => d.id === id)?.name_zh ?? id }));
}

/** The centre's baseline for process length and speed: a new version each time; the latest counts. */
export async function setBaseline(deps: DashboardDeps, ctx: RequestContext, input: ProcessBaseline) {
  const actor = requireActor(ctx);
  authorize(actor, "dashboard.baseline.set");
  const problems = processBaselineProblems(input);
  if (problems.length) throw AppError.validation(problems);
  const [approval] = await repo.centresOfKind(deps.db, "approval");
  if (!approval) throw AppError.notFound("行政审批服务中心");
  const id = randomUUID();
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertBaseline(trx, { id, centre_id: approval.id, steps: input.steps, working_days: input.workingDays, note: input.note?.trim() || null, set_by: actor.userId, set_at: nowIso() });
    await audit(trx, ctx, { action: "dashboard.baseline.set", entity: "dashboard_baseline", entityId: id, detail: { steps: input.steps, workingDays: input.workingDays } });
  });
  recent.delete(deps.db);
  const b = (await repo.latestBaseline(deps.db, approval.id))!;
  return { steps: Number(b.steps), workingDays: Number(b.working_days), note: b.note, setAt: b.set_at, setBy: b.setter_name };
}
