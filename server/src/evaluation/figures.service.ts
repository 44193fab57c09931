import { DEFAULT_GOOD_AFTER_DAYS, evaluationFigures, shanghaiDate, sumCounts, type EvaluationCounts } from "@yichuang/core";
import { sql } from "kysely";
import type { Database } from "../db/database.js";
import { authorize } from "../identity/policy.js";
import { AppError } from "../shared/errors.js";
import { requireActor, type RequestContext } from "../shared/request-context.js";
import type { EvaluationDeps } from "./deps.js";
import { shanghaiToday } from "../platform/clock.js";

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

const TX_KEY = { department: "t.department_id", window: "t.window_id", clerk: "t.clerk_id", service: "t.service_code", month: "t.ended_date", quarter: "t.ended_date" } as const;
const EV_KEY = { department: "e.department_id", window: "e.window_id", clerk: "e.clerk_id", service: "e.service_code", month: "e.created_date", quarter: "e.created_date" } as const;

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
 * tied to the window, clerk and department that accepted the case.
 */
export async function countEvaluations(db: Database, q: FigureQuery, today = shanghaiToday()): Promise<Map<string, RowCounts>> {
  const cutoff = daysBefore(today, DEFAULT_GOOD_AFTER_DAYS);
  const txKey = sql.ref<string>(TX_KEY[q.by]);
  const evKey = sql.ref<string>(EV_KEY[q.by]);
  // Month and quarter group by day here and are bucketed below (portable across engines).
  let tx = db
    .selectFrom("service_transactions as t")
    .leftJoin("evaluations as e", "e.transaction_id", "t.id")
    .select([
      txKey.as("k"),
      sql<number>`sum(case when e.status = 'set_aside' then 0 else 1 end)`.as("completed"),
      sql<number>`sum(case when e.status = 'valid' then 1 else 0 end)`.as("rated"),
      sql<number>`sum(case when e.status = 'valid' and e.level >= 4 then 1 else 0 end)`.as("good"),
      sql<number>`sum(case when e.status = 'valid' and e.level <= 2 then 1 else 0 end)`.as("bad"),
      sql<number>`sum(case when e.id is null then 1 else 0 end)`.as("unrated"),
      sql<number>`sum(case when e.id is null and t.ended_date <= ${cutoff} then 1 else 0 end)`.as("past"),
    ])
    .where("t.status", "=", "completed")
    .where("t.ended_date", ">=", q.from)
    .where("t.ended_date", "<=", q.to)
    .groupBy(txKey);
  let cases = db
    .selectFrom("evaluations as e")
    .select([
      evKey.as("k"),
      sql<number>`count(*)`.as("rated"),
      sql<number>`sum(case when e.level >= 4 then 1 else 0 end)`.as("good"),
      sql<number>`sum(case when e.level <= 2 then 1 else 0 end)`.as("bad"),
    ])
    .where("e.target", "=", "case")
    .where("e.status", "=", "valid")
    .where("e.created_date", ">=", q.from)
    .where("e.created_date", "<=", q.to)
    .groupBy(evKey);
  if (q.departmentId) {
    tx = tx.where("t.department_id", "=", q.departmentId);
    cases = cases.where("e.department_id", "=", q.departmentId);
  }
  const out = new Map<string, RowCounts>();
  const row = (k: string) => {
    let r = out.get(k);
    if (!r) out.set(k, (r = { completed: 0, rated: 0, good: 0, bad: 0, unrated: 0, unratedPastDefault: 0, cases: { rated: 0, good: 0, bad: 0 } }));
    return r;
  };
  for (const r of await tx.execute()) {
    const c = row(bucket(q.by, r.k));
    c.completed += Number(r.completed);
    c.rated += Number(r.rated);
    c.good += Number(r.good);
    c.bad += Number(r.bad);
    c.unrated += Number(r.unrated);
    c.unratedPastDefault += Number(r.past);
  }
  for (const r of await cases.execute()) {
    const c = row(bucket(q.by, r.k)).cases;
    c.rated += Number(r.rated);
    c.good += Number(r.good);
    c.bad += Number(r.bad);
  }
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
    const d = await deps.db.selectFrom("departments").select("id").where("code", "=", q.department).executeTakeFirst();
    if (!d) throw AppError.validation([{ path: "department", message: "部门：部门不存在" }]);
    departmentId = d.id;
  }
  if (!actor.roles.some((r) => r === "supervisor" || r === "admin" || r === "leader")) {
    if (departmentId && departmentId !== actor.departmentId) throw AppError.forbidden("您只能查看本部门的评价统计");
    departmentId = actor.departmentId;
  }
  authorize(actor, "evaluation.figures", { departmentId });
  const counts = await countEvaluations(deps.db, { ...q, departmentId });
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
}

/** The public column's figures: each department's and window's rates over a period (no names of staff). */
export async function publicFigures(deps: EvaluationDeps, q: { from: string; to: string }) {
  checkPeriod(q);
  const out = { from: q.from, to: q.to, departments: [] as unknown[], windows: [] as unknown[] };
  for (const by of ["department", "window"] as const) {
    const counts = await countEvaluations(deps.db, { ...q, by });
    const names = await labels(deps.db, by, [...counts.keys()].filter(Boolean));
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
