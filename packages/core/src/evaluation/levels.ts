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
