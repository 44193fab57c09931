import type { FieldError } from "../errors.js";
import { bayesianAverage, wilsonLowerBound, wilsonUpperBound, Z95 } from "./ranking.js";

/**
 * A service-star scheme (服务明星评选办法), set by a supervisor and versioned: how the
 * quality of service is scored, who is eligible, how many stars, and how the dimensions
 * weigh in the combined score.
 */
export interface StarScheme {
  /** Quality: Wilson lower bound of the good share (z), or a Bayesian average toward the centre's share (prior pseudo-ratings). */
  quality: { method: "wilson" | "bayes"; z: number; prior: number };
  /** Gate: the Wilson upper bound of the bad-review share must not exceed this (e.g. 0.02). */
  badRateGate: number;
  /** Fewest actively given ratings in the quarter to be eligible. */
  minRated: number;
  /** Stars per centre. */
  topN: number;
  /** Weights of the combined score; zero leaves a dimension out. */
  weights: { quality: number; volume: number; deadlines: number; followUp: number };
}

/**
 * A sensible default: Wilson at 95 %, 50 ratings, the bad share surely (95 %) under 8 % — with
 * 50 ratings and none bad the upper bound is 7.1 %, so a clean record at the minimum passes,
 * while 1 bad in 50 (upper bound 10.5 %) does not — 3 stars, quality first.
 */
export const DEFAULT_STAR_SCHEME: StarScheme = {
  quality: { method: "wilson", z: Z95, prior: 200 },
  badRateGate: 0.08,
  minRated: 50,
  topN: 3,
  weights: { quality: 0.6, volume: 0.2, deadlines: 0.1, followUp: 0.1 },
};

/** Everything wrong with a scheme, each naming its field in zh-CN; empty when it is sound. */
export function starSchemeProblems(s: StarScheme): FieldError[] {
  const p: FieldError[] = [];
  const num = (v: unknown) => typeof v === "number" && Number.isFinite(v);
  if (s.quality.method !== "wilson" && s.quality.method !== "bayes") p.push({ path: "quality.method", message: "质量评分方法：须为 wilson（威尔逊下界）或 bayes（贝叶斯平均）" });
  if (!num(s.quality.z) || s.quality.z <= 0 || s.quality.z > 5) p.push({ path: "quality.z", message: "置信系数 z：须大于 0 且不超过 5" });
  if (!num(s.quality.prior) || s.quality.prior < 0 || s.quality.prior > 100_000) p.push({ path: "quality.prior", message: "先验评价数：须在 0 到 100000 之间" });
  if (!num(s.badRateGate) || s.badRateGate <= 0 || s.badRateGate > 1) p.push({ path: "badRateGate", message: "差评率上限：须大于 0 且不超过 1" });
  if (!Number.isInteger(s.minRated) || s.minRated < 1) p.push({ path: "minRated", message: "最少评价数：须为不小于 1 的整数" });
  if (!Number.isInteger(s.topN) || s.topN < 1 || s.topN > 100) p.push({ path: "topN", message: "每中心服务明星人数：须为 1 到 100 的整数" });
  const w = s.weights;
  for (const k of ["quality", "volume", "deadlines", "followUp"] as const) {
    if (!num(w[k]) || w[k] < 0) p.push({ path: `weights.${k}`, message: `${WEIGHT_LABELS[k]}权重：不能为负数` });
  }
  if (p.every((x) => !x.path.startsWith("weights.")) && w.quality + w.volume + w.deadlines + w.followUp <= 0) {
    p.push({ path: "weights", message: "权重：不能全部为 0" });
  }
  if (num(w.quality) && w.quality === 0 && p.every((x) => !x.path.startsWith("weights"))) {
    p.push({ path: "weights.quality", message: "服务质量权重：须大于 0（服务明星由群众评价评出）" });
  }
  return p;
}

const WEIGHT_LABELS = { quality: "服务质量", volume: "办件量", deadlines: "办件时效", followUp: "差评整改及时性" } as const;

/** One clerk's (or window's) quarter, as counted from the records. */
export interface SubjectQuarter {
  id: string;
  name: string;
  /** Staff number of a clerk, number of a window: the last tie-breaker. */
  code: string | null;
  centre: string;
  /** Completed transactions (a transaction whose rating was set aside on appeal counts nowhere). */
  completed: number;
  /** Actively given ratings (not set aside; never defaults), of which good and bad. */
  rated: number;
  good: number;
  bad: number;
  /** Cases accepted whose review deadline (the latest of their tasks') fell in the quarter, and of those finished by it. */
  casesDue: number;
  casesOnTime: number;
  /** Rectification steps due in the quarter, and of those done in time. */
  followUpsDue: number;
  followUpsOnTime: number;
}

export type DimensionKey = "quality" | "volume" | "deadlines" | "followUp";

/** A dimension's standing with the numbers behind it. */
export interface Dimension {
  key: DimensionKey;
  /** 0–1, or null when there was nothing to measure (its weight then goes to the others); follow-up with nothing due scores 1. */
  score: number | null;
  /** The scheme's weight. */
  weight: number;
  /** Its share of the combined score after weights of unmeasured dimensions are handed on (0 when unmeasured). */
  share: number;
  /** The numbers the score comes from: quality {good, rated, z | prior, centreShare}; volume {completed, max}; deadlines {onTime, due}; followUp {onTime, due}. */
  numbers: Record<string, number>;
  /** The formula with its numbers, zh-CN. */
  formula: string;
}

/** Why a subject is not eligible. */
export type Ineligibility =
  | { code: "min_rated"; rated: number; min: number; text: string }
  | { code: "bad_gate"; bad: number; rated: number; upper: number; gate: number; text: string };

/** How a tie with the one ranked just above was broken. */
export interface TieBreak {
  by: "quality" | "rated" | "code";
  text: string;
}

/** A subject's standing in the quarter. */
export interface Standing {
  subject: SubjectQuarter;
  eligible: boolean;
  ineligible: Ineligibility[];
  /** Wilson upper bound of the bad-review share. */
  badUpper: number;
  dimensions: Dimension[];
  /** Weighted mean of the measured dimensions. */
  combined: number;
  /** 1-based among the eligible of the centre; null when not eligible. */
  rank: number | null;
  star: boolean;
  tieBreak: TieBreak | null;
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

/**
 * Ranks each centre's subjects (clerks, or windows) for a quarter under a scheme. Pure and
 * deterministic: the same counts and scheme always give the same ranking whatever the input
 * order, ties broken by quality, then by the number of ratings, then by staff (window) number;
 * the top `topN` eligible of each centre are its stars.
 */
export function rankQuarter(subjects: readonly SubjectQuarter[], scheme: StarScheme): Standing[] {
  const byCentre = new Map<string, SubjectQuarter[]>();
  for (const c of subjects) {
    const g = byCentre.get(c.centre);
    if (g) g.push(c);
    else byCentre.set(c.centre, [c]);
  }
  const out: Standing[] = [];
  for (const centre of [...byCentre.keys()].sort()) out.push(...rankCentre(byCentre.get(centre)!, scheme));
  return out;
}

const codeOf = (x: SubjectQuarter) => x.code ?? x.id;

function rankCentre(subjects: readonly SubjectQuarter[], s: StarScheme): Standing[] {
  let rated = 0;
  let good = 0;
  let maxCompleted = 0;
  for (const c of subjects) {
    rated += c.rated;
    good += c.good;
    if (c.completed > maxCompleted) maxCompleted = c.completed;
  }
  const centreShare = rated ? good / rated : 1;
  const standings = subjects.map((c): Standing => {
    const quality: Omit<Dimension, "weight" | "share"> =
      s.quality.method === "wilson"
        ? {
            key: "quality",
            score: c.rated ? wilsonLowerBound(c.good, c.rated, s.quality.z) : null,
            numbers: { good: c.good, rated: c.rated, z: s.quality.z },
            formula: `威尔逊下界(好评 ${c.good} / 评价 ${c.rated}, z=${s.quality.z.toFixed(2)})`,
          }
        : {
            key: "quality",
            score: c.rated ? bayesianAverage(c.good, c.rated, centreShare, s.quality.prior) : null,
            numbers: { good: c.good, rated: c.rated, prior: s.quality.prior, centreShare },
            formula: `(好评 ${c.good} + ${s.quality.prior} × 中心好评率 ${pct(centreShare)}) / (评价 ${c.rated} + ${s.quality.prior})`,
          };
    const dims: Dimension[] = [
      { ...quality, weight: s.weights.quality, share: 0 },
      {
        key: "volume",
        score: maxCompleted ? c.completed / maxCompleted : null,
        weight: s.weights.volume,
        share: 0,
        numbers: { completed: c.completed, max: maxCompleted },
        formula: `办件 ${c.completed} / 本中心最多 ${maxCompleted}`,
      },
      {
        key: "deadlines",
        score: c.casesDue ? c.casesOnTime / c.casesDue : null,
        weight: s.weights.deadlines,
        share: 0,
        numbers: { onTime: c.casesOnTime, due: c.casesDue },
        formula: `按时办结 ${c.casesOnTime} / 到期办件 ${c.casesDue}`,
      },
      // Nothing to follow up is as good as it gets: scoring it "unmeasured" would hand its weight
      // to the others and let a clerk with a bad review followed up in time outrank a clean one.
      {
        key: "followUp",
        score: c.followUpsDue ? c.followUpsOnTime / c.followUpsDue : 1,
        weight: s.weights.followUp,
        share: 0,
        numbers: { onTime: c.followUpsOnTime, due: c.followUpsDue },
        formula: c.followUpsDue ? `按时整改 ${c.followUpsOnTime} / 到期整改 ${c.followUpsDue}` : "无到期整改步骤，记 1",
      },
    ];
    const measured = dims.filter((d) => d.score !== null && d.weight > 0);
    const wsum = measured.reduce((t, d) => t + d.weight, 0);
    for (const d of measured) d.share = d.weight / wsum;
    const combined = wsum ? measured.reduce((t, d) => t + d.weight * d.score!, 0) / wsum : 0;
    const badUpper = wilsonUpperBound(c.bad, c.rated, s.quality.z);
    const ineligible: Ineligibility[] = [];
    if (c.rated < s.minRated) ineligible.push({ code: "min_rated", rated: c.rated, min: s.minRated, text: `本季度主动评价 ${c.rated} 条，少于最少评价数 ${s.minRated}` });
    else if (badUpper > s.badRateGate)
      ineligible.push({ code: "bad_gate", bad: c.bad, rated: c.rated, upper: badUpper, gate: s.badRateGate, text: `差评率上界 ${pct(badUpper)}（差评 ${c.bad} / 评价 ${c.rated}）高于上限 ${pct(s.badRateGate)}` });
    return { subject: c, eligible: ineligible.length === 0, ineligible, badUpper, dimensions: dims, combined, rank: null, star: false, tieBreak: null };
  });
  const quality = (x: Standing) => x.dimensions[0]!.score ?? 0;
  const eligible = standings
    .filter((x) => x.eligible)
    .sort((a, b) => b.combined - a.combined || quality(b) - quality(a) || b.subject.rated - a.subject.rated || compare(codeOf(a.subject), codeOf(b.subject)) || compare(a.subject.id, b.subject.id));
  eligible.forEach((x, i) => {
    x.rank = i + 1;
    x.star = i < s.topN;
    const above = eligible[i - 1];
    if (above && above.combined === x.combined) {
      x.tieBreak =
        quality(above) !== quality(x)
          ? { by: "quality", text: "综合得分相同，按服务质量得分排序" }
          : above.subject.rated !== x.subject.rated
            ? { by: "rated", text: "综合得分与服务质量相同，按评价数排序" }
            : { by: "code", text: "综合得分、服务质量与评价数均相同，按编号（工号）排序" };
    }
  });
  const rest = standings
    .filter((x) => !x.eligible)
    .sort((a, b) => b.subject.rated - a.subject.rated || compare(codeOf(a.subject), codeOf(b.subject)) || compare(a.subject.id, b.subject.id));
  return [...eligible, ...rest];
}

/** Locale-independent string order (the same on every machine). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
