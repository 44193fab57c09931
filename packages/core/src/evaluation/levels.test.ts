import { describe, expect, it } from "vitest";
import { RATING_LEVELS, isBadReview, isGoodReview, isRating } from "./levels.js";

describe("evaluation levels", () => {
  it("has the five national levels, bad reviews being the last two", () => {
    expect(RATING_LEVELS.map((l) => l.zh)).toEqual(["非常满意", "满意", "基本满意", "不满意", "非常不满意"]);
    expect([5, 4, 3, 2, 1].map((r) => isBadReview(r as 1))).toEqual([false, false, false, true, true]);
    expect([5, 4, 3].map((r) => isGoodReview(r as 5))).toEqual([true, true, false]);
    expect([0, 6, 2.5, "5", null].some(isRating)).toBe(false);
  });
});
