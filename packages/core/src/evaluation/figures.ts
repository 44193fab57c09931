/**
 * Published evaluation figures (好差评 statistics), from counts.
 *
 * - 主动评价好评率 (activeGoodRate): good ratings among the ratings citizens actually gave.
 * - 未评价率 (unratedRate): completed transactions nobody rated, among all completed.
 * - 好评率 (goodRate): the provincial platforms' published figure, where a transaction left
 *   unrated for `defaultAfterDays` (7) days counts as a default good rating. The platform
 *   never stores a default rating; it only counts them here, for reporting upward, and
 *   staff statistics (service stars) use the active figures only.
 *
 * Set-aside ratings (a supervisor upheld an appeal) are excluded before counting.
 */
export interface EvaluationCounts {
  /** Completed transactions in the period. */
  completed: number;
  /** Ratings citizens gave (not set aside). */
  rated: number;
  /** Of which 满意 or 非常满意. */
  good: number;
  /** Of which 不满意 or 非常不满意. */
  bad: number;
  /** Completed transactions without a rating. */
  unrated: number;
  /** Of those, ended more than `defaultAfterDays` days ago (provincial default-good rule). */
  unratedPastDefault: number;
}

/** Rates as fractions 0–1; null where the denominator is zero. */
export interface EvaluationFigures extends EvaluationCounts {
  goodRate: number | null;
  activeGoodRate: number | null;
  badRate: number | null;
  unratedRate: number | null;
}

/** Days after which provincial platforms count an unrated transaction as a default good rating. */
export const DEFAULT_GOOD_AFTER_DAYS = 7;

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** The published rates from raw counts. */
export function evaluationFigures(c: EvaluationCounts): EvaluationFigures {
  return {
    ...c,
    goodRate: ratio(c.good + c.unratedPastDefault, c.rated + c.unratedPastDefault),
    activeGoodRate: ratio(c.good, c.rated),
    badRate: ratio(c.bad, c.rated),
    unratedRate: ratio(c.unrated, c.completed),
  };
}

/** Adds up counts (e.g. rows of a breakdown into a total). */
export function sumCounts(rows: readonly EvaluationCounts[]): EvaluationCounts {
  const t: EvaluationCounts = { completed: 0, rated: 0, good: 0, bad: 0, unrated: 0, unratedPastDefault: 0 };
  for (const r of rows) {
    t.completed += r.completed;
    t.rated += r.rated;
    t.good += r.good;
    t.bad += r.bad;
    t.unrated += r.unrated;
    t.unratedPastDefault += r.unratedPastDefault;
  }
  return t;
}
