import { DEFAULT_GOOD_AFTER_DAYS, evaluationFigures, shanghaiDate, sumCounts, type EvaluationCounts } from "@yichuang/core";
import { keptAsOf } from "../platform/read-cache.js";
import { departmentIdByCode } from "../org/centre-scope.js";
import { sql } from "kysely";
import type { Database } from "../db/database.js";
import { authorize } from "../identity/policy.js";
import { AppError } from "../shared/errors.js";
import { requireActor, type RequestContext } from "../shared/request-context.js";
import type { EvaluationDeps } from "./deps.js";
import { nowIso, shanghaiToday } from "../platform/clock.js";

/** What figures are broken down by. */
export const FIGURE_DIMENSIONS = ["department", "window", "clerk", "service", "month", "quarter"] as const;
export type FigureDimension = (typeof FIGURE_DIMENSIONS)[number];

/** A query for figures: a period of days (Asia/Shanghai), a breakdown, optionally one department. */
export interface FigureQuery {
  from: string;
  to: string;
  by: FigureDimension;
  departmentId?: string | null;
}

function daysBefore(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/** What the staff figures read: the tables the counters are kept from (their triggers) and the names they show. */
const STAFF_FIGURE_TABLES = ["service_transactions", "evaluations", "departments", "windows", "users", "window_services", "service_items"] as const;
/** What the public figures read: the counters' tables and the departments' and windows' names. */
const PUBLIC_FIGURE_TABLES = ["service_transactions", "evaluations", "departments", "windows"] as const;

/** The counters' column each breakdown groups by (month and quarter group by day, bucketed below: portable across engines). */
const KEY = { department: "department_id", window: "window_id", clerk: "clerk_id", service: "service_code", month: "day", quarter: "day" } as const;

function bucket(by: FigureDimension, key: string | null): string {
  if (key === null) return "";
  if (by === "month") return key.slice(0, 7);
  if (by === "quarter") return `${key.slice(0, 4)}-Q${Math.floor((Number(key.slice(5, 7)) - 1) / 3) + 1}`;
  return key;
}

/** Ratings of whole cases (一事一评), counted apart from the window transactions. */
export interface CaseRatingCounts {
  rated: number;
  good: number;
  bad: number;
}

/** Counts of one row: its transactions, and the case ratings tied to it. */
export interface RowCounts extends EvaluationCounts {
  cases: CaseRatingCounts;
}

/**
 * Counts per key. Transactions completed in the period, each with its rating if any (by the
 * day it ended, so rated + unrated = completed exactly); a transaction whose rating was
 * set aside on appeal counts nowhere. Case ratings (一事一评) by the day they were given,
 * tied to the window, clerk and department that accepted the case. Read from the per-day
 * counters the database keeps as ratings arrive (evaluation_day_stats, plus on PostgreSQL the
 * changes not folded in yet): a few rows per clerk and day, whatever the number of ratings.
 */
export async function countEvaluations(db: Database, q: FigureQuery, today = shanghaiToday()): Promise<Map<string, RowCounts>> {
  const cutoff = daysBefore(today, DEFAULT_GOOD_AFTER_DAYS);
  const part = (table: "evaluation_day_stats" | "evaluation_day_deltas") => {
    let s = db
      .selectFrom(table)
      .select(["day", "department_id", "window_id", "clerk_id", "service_code", "completed_tx", "valid", "good", "bad", "set_aside", "case_rated", "case_good", "case_bad"])
      .where("day", ">=", q.from)
      .where("day", "<=", q.to);
    if (q.departmentId) s = s.where("department_id", "=", q.departmentId);
    return s;
  };
  const key = sql.ref<string>(`s.${KEY[q.by]}`);
  const rows = await db
    .selectFrom(part("evaluation_day_stats").unionAll(part("evaluation_day_deltas")).as("s"))
    .select([
      key.as("k"),
      sql<number>`sum(s.completed_tx)`.as("txs"),
      sql<number>`sum(s.completed_tx - s.set_aside)`.as("completed"),
      sql<number>`sum(s.valid)`.as("rated"),
      sql<number>`sum(s.good)`.as("good"),
      sql<number>`sum(s.bad)`.as("bad"),
      sql<number>`sum(s.completed_tx - s.valid - s.set_aside)`.as("unrated"),
      sql<number>`sum(case when s.day <= ${cutoff} then s.completed_tx - s.valid - s.set_aside else 0 end)`.as("past"),
      sql<number>`sum(s.case_rated)`.as("case_rated"),
      sql<number>`sum(s.case_good)`.as("case_good"),
      sql<number>`sum(s.case_bad)`.as("case_bad"),
    ])
    .groupBy(key)
    .execute();
  const out = new Map<string, RowCounts>();
  /** A key shows when a transaction was completed (even if its rating was set aside) or a case rated. */
  const seen = new Set<string>();
  for (const r of rows) {
    const k = bucket(q.by, r.k);
    if (Number(r.txs) > 0 || Number(r.case_rated) > 0) seen.add(k);
    let c = out.get(k);
    if (!c) out.set(k, (c = { completed: 0, rated: 0, good: 0, bad: 0, unrated: 0, unratedPastDefault: 0, cases: { rated: 0, good: 0, bad: 0 } }));
    c.completed += Number(r.completed);
    c.rated += Number(r.rated);
    c.good += Number(r.good);
    c.bad += Number(r.bad);
    c.unrated += Number(r.unrated);
    c.unratedPastDefault += Number(r.past);
    c.cases.rated += Number(r.case_rated);
    c.cases.good += Number(r.case_good);
    c.cases.bad += Number(r.case_bad);
  }
  for (const k of out.keys()) if (!seen.has(k)) out.delete(k);
  return out;
}

function caseFigures(c: CaseRatingCounts) {
  return { ...c, goodRate: c.rated ? c.good / c.rated : null };
}

function sumCases(rows: RowCounts[]): CaseRatingCounts {
  return rows.reduce((t, r) => ({ rated: t.rated + r.cases.rated, good: t.good + r.cases.good, bad: t.bad + r.cases.bad }), { rated: 0, good: 0, bad: 0 });
}

async function labels(db: Database, by: FigureDimension, keys: string[]): Promise<Map<string, { label: string; labelEn: string; sub?: string | null }>> {
  const m = new Map<string, { label: string; labelEn: string; sub?: string | null }>();
  if (!keys.length) return m;
  if (by === "department") {
    for (const d of await db.selectFrom("departments").select(["id", "name_zh", "name_en", "code"]).where("id", "in", keys).execute()) m.set(d.id, { label: d.name_zh, labelEn: d.name_en, sub: d.code });
  } else if (by === "window") {
    for (const w of await db.selectFrom("windows").select(["id", "number", "name_zh", "name_en"]).where("id", "in", keys).execute()) m.set(w.id, { label: `${w.number} ${w.name_zh}`, labelEn: `${w.number} ${w.name_en}`, sub: w.number });
  } else if (by === "clerk") {
    for (const u of await db.selectFrom("users").select(["id", "display_name", "staff_no"]).where("id", "in", keys).execute()) m.set(u.id, { label: u.display_name, labelEn: u.display_name, sub: u.staff_no });
  } else if (by === "service") {
    for (const s of await db.selectFrom("window_services").select(["code", "name_zh", "name_en"]).where("code", "in", keys).execute()) m.set(s.code, { label: s.name_zh, labelEn: s.name_en, sub: s.code });
    for (const s of await db.selectFrom("service_items").select(["code", "name_zh", "name_en"]).where("code", "in", keys).execute()) if (!m.has(s.code)) m.set(s.code, { label: s.name_zh, labelEn: s.name_en, sub: s.code });
  }
  return m;
}

function checkPeriod(q: { from: string; to: string }) {
  if (q.from > q.to) throw AppError.validation([{ path: "from", message: "开始日期：不能晚于结束日期" }]);
}

/** Figures for the supervisors (all departments) and department reviewers (their own), broken down by `by`. */
export async function figures(deps: EvaluationDeps, ctx: RequestContext, q: FigureQuery & { department?: string }) {
  const actor = requireActor(ctx);
  checkPeriod(q);
  let departmentId: string | null = null;
  if (q.department) {
    departmentId = await departmentIdByCode(deps.db, q.department);
    if (!departmentId) throw AppError.validation([{ path: "department", message: "部门：部门不存在" }]);
  }
  if (!actor.roles.some((r) => r === "supervisor" || r === "admin" || r === "leader")) {
    if (departmentId && departmentId !== actor.departmentId) throw AppError.forbidden("您只能查看本部门的评价统计");
    departmentId = actor.departmentId;
  }
  authorize(actor, "evaluation.figures", { departmentId });
  const today = shanghaiToday();
  // Kept, names and all, until a rating, a transaction or a name shown changes; asOf is the answer's time (to the second).
  const body = await deps.reads.get(STAFF_FIGURE_TABLES, JSON.stringify(["staff", q.from, q.to, q.by, departmentId, today]), async () => {
    const counts = await countEvaluations(deps.db, { ...q, departmentId }, today);
    const names = await labels(deps.db, q.by, [...counts.keys()].filter(Boolean));
    const rows = [...counts.entries()]
      .map(([key, c]) => ({
        key,
        label: names.get(key)?.label ?? (key || "—"),
        labelEn: names.get(key)?.labelEn ?? (key || "—"),
        sub: names.get(key)?.sub ?? null,
        ...evaluationFigures(c),
        cases: caseFigures(c.cases),
      }))
      .sort((a, b) => (q.by === "month" || q.by === "quarter" ? a.key.localeCompare(b.key) : b.completed + b.rated - (a.completed + a.rated) || a.label.localeCompare(b.label)));
    const all = [...counts.values()];
    return { from: q.from, to: q.to, by: q.by, defaultAfterDays: 7, rows, total: { ...evaluationFigures(sumCounts(all)), cases: caseFigures(sumCases(all)) } };
  });
  return keptAsOf(body, nowIso());
}

/** The public column's figures: each department's and window's rates over a period (no names of staff). */
export async function publicFigures(deps: EvaluationDeps, q: { from: string; to: string }) {
  checkPeriod(q);
  const today = shanghaiToday();
  // Kept until a rating, a transaction or a name changes (exactly: see platform/read-cache.ts), so
  // the figures hold every rating committed before this answer: asOf is the answer's time.
  const value = await deps.reads.get(PUBLIC_FIGURE_TABLES, JSON.stringify(["public", q.from, q.to, today]), () => readPublicFigures(deps.db, q, today));
  return keptAsOf(value, nowIso());
}

async function readPublicFigures(db: Database, q: { from: string; to: string }, today: string) {
  const out = { from: q.from, to: q.to, departments: [] as unknown[], windows: [] as unknown[] };
  for (const by of ["department", "window"] as const) {
    const counts = await countEvaluations(db, { ...q, by }, today);
    const names = await labels(db, by, [...counts.keys()].filter(Boolean));
    const rows = [...counts.entries()]
      .filter(([k]) => k)
      .map(([key, c]) => {
        const f = evaluationFigures(c);
        return { key, label: names.get(key)?.label ?? key, labelEn: names.get(key)?.labelEn ?? key, caseRated: c.cases.rated, caseGood: c.cases.good, rated: f.rated, good: f.good, bad: f.bad, completed: f.completed, activeGoodRate: f.activeGoodRate, goodRate: f.goodRate, unratedRate: f.unratedRate };
      })
      .sort((a, b) => a.label.localeCompare(b.label, "zh-CN"));
    if (by === "department") out.departments = rows;
    else out.windows = rows;
  }
  return out;
}
