import { addDays, type WorkingCalendar } from "../calendar/calendar.js";
import type { FieldError } from "../errors.js";

/**
 * The centre's figures as the article reports them, recomputed from the platform's own records.
 * The article's numbers are kept beside each figure as the reference it is read against; nothing
 * here is ever shown in place of a computed value.
 */
export const ARTICLE_FIGURES = {
  /** 147 fields on the departments' forms became one form of 52. */
  forms: { legacyFields: 147, unifiedFields: 52 },
  /** The approval time limit fell from 9 working days to as little as 2. */
  days: { former: 9, promised: 2 },
  /** Since the campaign began the service process is 20 % shorter and 70 % faster. */
  process: { shorter: 0.2, faster: 0.7 },
  /** 212 service teams, 3,200+ outreach events, 17,000 problems solved, 135,000 people served. */
  outreach: { teams: 212, events: 3200, problemsSolved: 17_000, peopleServed: 135_000 },
} as const;

/** One group of completed cases (or review tasks) with the same time limits and the same working days taken. */
export interface CaseTimeGroup {
  promisedDays: number;
  legalDays: number;
  /** Working days from acceptance to completion, the days waiting for the founder left out. */
  actualDays: number;
  cases: number;
  /** Of which completed on the day they were accepted. */
  sameDay: number;
  /** Of which done within the promised time (actual ≤ promised). */
  withinPromise?: number;
}

/** Time figures of completed cases: promised, actual and legal working days side by side. */
export interface CaseTimeFigures {
  cases: number;
  /** The promise and the legal limit cases carried (the most common, when they differ). */
  promisedDays: number | null;
  legalDays: number | null;
  /** Mean, median and slowest working days taken. */
  averageDays: number | null;
  medianDays: number | null;
  maxDays: number | null;
  /** Shares 0–1; null without cases. */
  withinPromiseShare: number | null;
  sameDayShare: number | null;
  /** How many cases took 0, 1, 2 … working days; the last bucket holds `histogramTop` and more. */
  histogram: { days: number; cases: number; orMore: boolean }[];
}

/** Working-day buckets shown one by one; longer cases share the last. */
export const HISTOGRAM_TOP = 6;

const share = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** The most common value among groups weighted by their cases. */
function mode(groups: readonly CaseTimeGroup[], pick: (g: CaseTimeGroup) => number): number | null {
  const n = new Map<number, number>();
  for (const g of groups) n.set(pick(g), (n.get(pick(g)) ?? 0) + g.cases);
  let best: [number, number] | null = null;
  for (const [v, c] of n) if (!best || c > best[1] || (c === best[1] && v < best[0])) best = [v, c];
  return best?.[0] ?? null;
}

/** Case time figures from groups (pure; the same groups in any order give the same figures). */
export function caseTimeFigures(groups: readonly CaseTimeGroup[]): CaseTimeFigures {
  const live = groups.filter((g) => g.cases > 0);
  const cases = live.reduce((a, g) => a + g.cases, 0);
  const sorted = [...live].sort((a, b) => a.actualDays - b.actualDays);
  let median: number | null = null;
  if (cases) {
    // The middle case (the lower middle for an even count), walking the groups in order.
    const target = Math.ceil(cases / 2);
    let seen = 0;
    for (const g of sorted) if ((seen += g.cases) >= target) { median = g.actualDays; break; }
  }
  const buckets = Array.from({ length: HISTOGRAM_TOP + 1 }, (_, d) => ({ days: d, cases: 0, orMore: d === HISTOGRAM_TOP }));
  for (const g of live) buckets[Math.min(HISTOGRAM_TOP, Math.max(0, g.actualDays))]!.cases += g.cases;
  const within = live.reduce((a, g) => a + (g.withinPromise ?? (g.actualDays <= g.promisedDays ? g.cases : 0)), 0);
  return {
    cases,
    promisedDays: mode(live, (g) => g.promisedDays),
    legalDays: mode(live, (g) => g.legalDays),
    averageDays: cases ? live.reduce((a, g) => a + g.actualDays * g.cases, 0) / cases : null,
    medianDays: median,
    maxDays: sorted.length ? sorted.at(-1)!.actualDays : null,
    withinPromiseShare: share(within, cases),
    sameDayShare: share(live.reduce((a, g) => a + g.sameDay, 0), cases),
    histogram: buckets,
  };
}

/**
 * The centre's own baseline for process length and speed: how many steps a case took and how many
 * working days before the reform (entered by the centre, with where the numbers come from).
 */
export interface ProcessBaseline {
  steps: number;
  workingDays: number;
  note: string | null;
}

/** Problems of a baseline as entered (zh-CN, naming the field). */
export function processBaselineProblems(b: ProcessBaseline): FieldError[] {
  const out: FieldError[] = [];
  if (typeof b.steps !== "number" || !Number.isFinite(b.steps) || b.steps < 1 || b.steps > 100) out.push({ path: "steps", message: "改革前环节数：须为 1–100 之间的数" });
  if (typeof b.workingDays !== "number" || !Number.isFinite(b.workingDays) || b.workingDays < 0.1 || b.workingDays > 365) out.push({ path: "workingDays", message: "改革前办理用时：须为 0.1–365 之间的工作日数" });
  if (b.note && [...b.note].length > 200) out.push({ path: "note", message: "依据说明：不能超过 200 个字" });
  return out;
}

/**
 * Process length and speed against the baseline, as the page defines them:
 * - length: the mean number of sequential steps in a completed case's record (submission,
 *   acceptance, each one-time supplement notice, the parallel review as one step, completion);
 *   shorter = 1 − mean steps ÷ baseline steps;
 * - speed: the mean working days from acceptance to completion, days waiting for the founder left
 *   out; faster = 1 − mean days ÷ baseline days (the share of the time saved).
 * Null where there are no cases or no baseline.
 */
export function processFigures(current: { cases: number; steps: number; workingDays: number }, baseline: ProcessBaseline | null) {
  const averageSteps = current.cases ? current.steps / current.cases : null;
  const averageDays = current.cases ? current.workingDays / current.cases : null;
  return {
    cases: current.cases,
    averageSteps,
    averageDays,
    baseline,
    shorter: baseline && averageSteps !== null ? 1 - averageSteps / baseline.steps : null,
    faster: baseline && averageDays !== null ? 1 - averageDays / baseline.workingDays : null,
  };
}

/** The steps a completed case's record shows: submission, acceptance, one per supplement round, the (parallel) review, completion. */
export function caseSteps(supplementRounds: number): number {
  return 4 + supplementRounds;
}

/** A dashboard period: both ends dates (YYYY-MM-DD, Asia/Shanghai), inclusive. */
export interface Period {
  from: string;
  to: string;
}

/**
 * Problems of a period (zh-CN): valid dates, from ≤ to, at most `maxDays` long, and with `today`
 * (Asia/Shanghai) a start no later than today: nothing can have happened yet in a future period.
 * An end after today is not a problem: {@link capPeriod} ends the period today.
 */
export function periodProblems(p: Period, o: { today?: string; maxDays?: number } = {}): FieldError[] {
  const maxDays = o.maxDays ?? 3 * 366;
  const valid = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
  const out: FieldError[] = [];
  if (!valid(p.from)) out.push({ path: "from", message: "开始日期：须为 YYYY-MM-DD 格式的有效日期" });
  if (!valid(p.to)) out.push({ path: "to", message: "结束日期：须为 YYYY-MM-DD 格式的有效日期" });
  if (out.length) return out;
  if (o.today && p.from > o.today) return [{ path: "from", message: `开始日期：不能晚于今天（${o.today}）` }];
  if (p.from > p.to) return [{ path: "to", message: "结束日期：不能早于开始日期" }];
  if ((Date.parse(p.to) - Date.parse(p.from)) / 86_400_000 + 1 > maxDays) return [{ path: "to", message: `结束日期：统计期间不能超过 ${maxDays} 天` }];
  return out;
}

/** The period ending no later than `today` (a period's figures cannot count days still to come). */
export function capPeriod(p: Period, today: string): Period {
  return p.to > today ? { from: p.from, to: today } : { from: p.from, to: p.to };
}

/** The months (YYYY-MM) a period touches, in order. */
export function monthsOf(p: Period): string[] {
  const out: string[] = [];
  let [y, m] = [Number(p.from.slice(0, 4)), Number(p.from.slice(5, 7))];
  const end = p.to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, "0")}`;
    out.push(key);
    if (key >= end) return out;
    if (++m > 12) (m = 1), y++;
  }
}

/** The UTC instants a period covers in Asia/Shanghai: [start of `from`, start of the day after `to`). */
export function periodInstants(p: Period): { from: string; to: string } {
  const start = Date.parse(`${p.from}T00:00:00+08:00`);
  const end = Date.parse(`${p.to}T00:00:00+08:00`) + 86_400_000;
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}

/**
 * Working days a case took: in (`from`, `to`], less `paused` (days waiting for the founder), never
 * below 0, on the centre's calendar; `estimated` when a day counted was only estimated (预计).
 */
export function workingDaysTaken(calendar: WorkingCalendar, from: string, to: string, paused = 0): { days: number; estimated: boolean } {
  let n = 0;
  let estimated = false;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) {
    const w = calendar.day(d);
    if (w.working) n++;
    estimated ||= w.source === "estimate";
  }
  return { days: Math.max(0, n - paused), estimated };
}
