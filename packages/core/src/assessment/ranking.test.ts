import { describe, expect, it } from "vitest";
import { bayesianAverage, wilsonLowerBound, wilsonUpperBound } from "./ranking.js";

describe("fair ranking", () => {
  it("puts clerk A (5,200 ratings, 8 bad) above clerk B (60 ratings, none bad)", () => {
    const a = wilsonLowerBound(5200 - 8, 5200);
    const b = wilsonLowerBound(60, 60);
    expect(a).toBeGreaterThan(b);
    expect(a).toBeCloseTo(0.99697, 4);
    expect(b).toBeCloseTo(0.93983, 4); // 60 / (60 + z²)
    // The same order with a Bayesian average toward a 99% centre.
    expect(bayesianAverage(5192, 5200, 0.99, 200)).toBeGreaterThan(bayesianAverage(60, 60, 0.99, 200));
  });

  it("bounds the bad-review rate from above for the gate", () => {
    expect(wilsonUpperBound(0, 60)).toBeCloseTo(0.0602, 3);
    expect(wilsonUpperBound(8, 5200)).toBeLessThan(0.004);
    expect(wilsonUpperBound(0, 0)).toBe(1);
    expect(wilsonLowerBound(0, 0)).toBe(0);
  });

  it("refuses impossible counts", () => {
    expect(() => wilsonLowerBound(5, 3)).toThrow(/无效/);
    expect(() => wilsonLowerBound(-1, 3)).toThrow(/无效/);
    expect(() => bayesianAverage(1, 2, 1.5, 10)).toThrow(/无效/);
  });
});
