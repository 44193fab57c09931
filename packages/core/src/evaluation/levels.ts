/**
 * The five evaluation levels of 好差评 (国办发〔2019〕51号; GB/T 39734-2020):
 * 非常满意 5 … 非常不满意 1; the last two are bad reviews (差评).
 */
export const RATING_LEVELS = [
  { value: 5, zh: "非常满意", en: "Very satisfied" },
  { value: 4, zh: "满意", en: "Satisfied" },
  { value: 3, zh: "基本满意", en: "Fairly satisfied" },
  { value: 2, zh: "不满意", en: "Dissatisfied" },
  { value: 1, zh: "非常不满意", en: "Very dissatisfied" },
] as const;

/** One level, 1–5. */
export type Rating = (typeof RATING_LEVELS)[number]["value"];

/** True for a valid level. */
export function isRating(v: unknown): v is Rating {
  return typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 5;
}

/** A bad review (差评): 不满意 or 非常不满意. */
export function isBadReview(r: Rating): boolean {
  return r <= 2;
}

/** A good review (好评): 满意 or better; 基本满意 is neither good nor bad. */
export function isGoodReview(r: Rating): boolean {
  return r >= 4;
}

/**
 * Reasons a citizen can tick after a bad review, after the offline aspects of
 * GB/T 39734-2020 (efficiency, service level, attitude) and the usual complaints.
 */
export const BAD_REVIEW_REASONS = [
  { code: "attitude", zh: "服务态度不好", en: "Unfriendly attitude" },
  { code: "slow", zh: "办事效率低", en: "Slow service" },
  { code: "waiting", zh: "等候时间长", en: "Long waiting time" },
  { code: "unclear", zh: "告知不清楚、未一次性告知", en: "Unclear or piecemeal information" },
  { code: "materials", zh: "材料要求繁琐", en: "Too many documents asked" },
  { code: "skill", zh: "业务不熟练", en: "Lacks knowledge of the matter" },
  { code: "conduct", zh: "工作纪律问题", en: "Misconduct at the window" },
  { code: "other", zh: "其他", en: "Other" },
] as const;

/** The code of one reason. */
export type BadReviewReason = (typeof BAD_REVIEW_REASONS)[number]["code"];

/** The label of a level in a locale. */
export function ratingLabel(r: Rating, locale: "zh-CN" | "en" = "zh-CN"): string {
  const l = RATING_LEVELS.find((x) => x.value === r)!;
  return locale === "en" ? l.en : l.zh;
}
