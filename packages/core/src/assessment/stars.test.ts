import { describe, expect, it } from "vitest";
import { nextQuarter, parseQuarter, previousQuarter, quarterDates, quarterEnded, quarterKey, quarterOf } from "./quarter.js";
import { DEFAULT_STAR_SCHEME, rankQuarter, starSchemeProblems, type SubjectQuarter, type StarScheme } from "./stars.js";

const clerk = (id: string, rated: number, bad: number, o: Partial<SubjectQuarter> = {}): SubjectQuarter => ({
  id,
  name: id,
  code: id,
  centre: "JX",
  completed: rated,
  rated,
  good: rated - bad,
  bad,
  casesDue: 0,
  casesOnTime: 0,
  followUpsDue: 0,
  followUpsOnTime: 0,
  ...o,
});

describe("quarters", () => {
  it("knows Chinese calendar quarters and when they end", () => {
    expect(quarterOf("2026-11-27")).toEqual({ year: 2026, quarter: 4 });
    expect(quarterDates({ year: 2026, quarter: 1 })).toEqual({ from: "2026-01-01", to: "2026-03-31" });
    expect(quarterDates({ year: 2028, quarter: 1 }).to).toBe("2028-03-31");
    expect(quarterDates({ year: 2026, quarter: 4 })).toEqual({ from: "2026-10-01", to: "2026-12-31" });
    expect(quarterEnded({ year: 2026, quarter: 3 }, "2026-10-01")).toBe(true);
    expect(quarterEnded({ year: 2026, quarter: 4 }, "2026-12-31")).toBe(false);
    expect(quarterKey(previousQuarter({ year: 2026, quarter: 1 }))).toBe("2025-Q4");
    expect(quarterKey(nextQuarter({ year: 2025, quarter: 4 }))).toBe("2026-Q1");
    expect(parseQuarter("2026-Q5")).toBeNull();
    expect(parseQuarter("2026-Q2")).toEqual({ year: 2026, quarter: 2 });
  });
});

describe("service stars", () => {
  const scheme: StarScheme = { ...DEFAULT_STAR_SCHEME, badRateGate: 0.1, weights: { quality: 1, volume: 0, deadlines: 0, followUp: 0 }, topN: 1 };

  it("ranks clerk A (5,200 ratings, 8 bad) above clerk B (60 ratings, none bad); a clerk below the minimum is not eligible", () => {
    const r = rankQuarter([clerk("B", 60, 0), clerk("A", 5200, 8), clerk("C", 12, 0)], scheme);
    expect(r.map((x) => [x.subject.id, x.rank, x.star])).toEqual([
      ["A", 1, true],
      ["B", 2, false],
      ["C", null, false],
    ]);
    expect(r[2]!.ineligible.map((x) => x.text)).toEqual(["本季度主动评价 12 条，少于最少评价数 50"]);
    expect(r[0]!.dimensions[0]!.formula).toBe("威尔逊下界(好评 5192 / 评价 5200, z=1.96)");
    // The same order with the Bayesian average toward the centre's share.
    // (The centre's share, 99.3 % here, is the prior: A's 99.85 % over 5,200 ratings beats B's 60 perfect ones.)
    const bayes = rankQuarter([clerk("B", 60, 0), clerk("A", 5200, 8), clerk("K", 2000, 40)], { ...scheme, quality: { method: "bayes", z: 1.96, prior: 200 } });
    expect(bayes[0]!.subject.id).toBe("A");
  });

  it("the default scheme lets a clean record at the minimum count through, and stops 1 bad review in 50", () => {
    const s = { ...DEFAULT_STAR_SCHEME, topN: 5 };
    const r = rankQuarter([clerk("clean", 50, 0), clerk("one-bad", 50, 1), clerk("busy", 1000, 30), clerk("too-bad", 1000, 70)], s);
    const by = (id: string) => r.find((x) => x.subject.id === id)!;
    expect(by("clean").eligible).toBe(true);
    expect(by("clean").badUpper).toBeCloseTo(0.0713, 3);
    expect(by("one-bad").ineligible[0]!.code).toBe("bad_gate");
    expect(by("busy").eligible).toBe(true);
    expect(by("too-bad").eligible).toBe(false);
  });

  it("gates on the upper bound of the bad-review rate", () => {
    const r = rankQuarter([clerk("D", 200, 20), clerk("E", 200, 1)], scheme);
    expect(r.find((x) => x.subject.id === "D")!.eligible).toBe(false);
    expect(r.find((x) => x.subject.id === "D")!.ineligible[0]!.text).toMatch(/^差评率上界 1\d\.\d\d%（差评 20 \/ 评价 200）高于上限 10\.00%$/);
    expect(r.find((x) => x.subject.id === "E")!.star).toBe(true);
  });

  it("weighs volume, case deadlines and follow-up; a dimension with nothing to measure hands its weight on", () => {
    // A clerk without cases: the deadline dimension is unmeasured and its weight goes to the others.
    const noCases = rankQuarter([clerk("N", 500, 0, { completed: 500 })], { ...DEFAULT_STAR_SCHEME, minRated: 10 })[0]!;
    expect(noCases.dimensions[2]!.score).toBeNull();
    expect(noCases.combined).toBeCloseTo((0.6 * noCases.dimensions[0]!.score! + 0.2 + 0.1) / 0.9, 10);
    const s: StarScheme = { ...DEFAULT_STAR_SCHEME, minRated: 10, topN: 2 };
    const busy = clerk("F", 1000, 0, { completed: 2000, casesDue: 10, casesOnTime: 10 });
    const quiet = clerk("G", 1000, 0, { completed: 1000, casesDue: 10, casesOnTime: 5, followUpsDue: 2, followUpsOnTime: 0 });
    const [f, g] = rankQuarter([quiet, busy], s);
    expect(f!.subject.id).toBe("F");
    // F had nothing to follow up: that scores 1, not "unmeasured".
    const q = f!.dimensions[0]!.score!;
    expect(f!.combined).toBeCloseTo(0.6 * q + 0.2 * 1 + 0.1 * 1 + 0.1 * 1, 10);
    expect(f!.dimensions[3]!.formula).toBe("无到期整改步骤，记 1");
    expect(g!.combined).toBeCloseTo(0.6 * q + 0.2 * 0.5 + 0.1 * 0.5 + 0.1 * 0, 10);
  });

  it("breaks ties deterministically and says how", () => {
    const r = rankQuarter([clerk("Z9", 100, 0), clerk("A1", 100, 0)], scheme);
    expect(r.map((x) => x.subject.id)).toEqual(["A1", "Z9"]);
    expect(r[1]!.tieBreak).toEqual({ by: "code", text: "综合得分、服务质量与评价数均相同，按编号（工号）排序" });
    // The same input in another order gives the same result.
    expect(rankQuarter([clerk("A1", 100, 0), clerk("Z9", 100, 0)], scheme).map((x) => x.subject.id)).toEqual(["A1", "Z9"]);
  });

  it("never lets a bad review followed up in time lift a clerk above the same clerk without it", () => {
    const s: StarScheme = { ...DEFAULT_STAR_SCHEME, minRated: 10, topN: 2 };
    const clean = clerk("X", 1000, 0, { completed: 500 });
    const followed = clerk("Y", 1000, 1, { completed: 500, followUpsDue: 2, followUpsOnTime: 2 });
    const r = rankQuarter([followed, clean, clerk("Z", 1000, 0, { completed: 1000 })], s);
    const by = (id: string) => r.find((x) => x.subject.id === id)!;
    expect(by("X").rank!).toBeLessThan(by("Y").rank!);
  });

  it("gives the same standings whatever the order of the input, with each dimension's share of the score", () => {
    const s: StarScheme = { ...DEFAULT_STAR_SCHEME, minRated: 10, topN: 2 };
    const xs = Array.from({ length: 40 }, (_, i) => clerk(`S${String(i).padStart(2, "0")}`, 50 + (i % 7) * 10, i % 3, { completed: 100 + (i % 5), casesDue: i % 4, casesOnTime: i % 2, followUpsDue: i % 3 ? 1 : 0, followUpsOnTime: i % 6 ? 1 : 0 }));
    const a = rankQuarter(xs, s);
    const b = rankQuarter([...xs].reverse(), s);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    for (const st of a) {
      const measured = st.dimensions.filter((d) => d.share > 0);
      expect(measured.reduce((t, d) => t + d.share, 0)).toBeCloseTo(1, 12);
      expect(measured.reduce((t, d) => t + d.share * d.score!, 0)).toBeCloseTo(st.combined, 12);
    }
    expect(a.filter((x) => x.star)).toHaveLength(2);
  });

  it("ranks each centre apart, with its own stars", () => {
    const r = rankQuarter([clerk("H", 100, 0, { centre: "X" }), clerk("I", 100, 0, { centre: "Y" })], scheme);
    expect(r.filter((x) => x.star).map((x) => x.subject.id).sort()).toEqual(["H", "I"]);
  });

  it("refuses schemes whose weights make no sense, naming the field", () => {
    expect(starSchemeProblems(DEFAULT_STAR_SCHEME)).toEqual([]);
    expect(starSchemeProblems({ ...DEFAULT_STAR_SCHEME, weights: { quality: -1, volume: 0.5, deadlines: 0, followUp: 0 } })).toEqual([
      { path: "weights.quality", message: "服务质量权重：不能为负数" },
    ]);
    expect(starSchemeProblems({ ...DEFAULT_STAR_SCHEME, weights: { quality: 0, volume: 0, deadlines: 0, followUp: 0 } })).toEqual([
      { path: "weights", message: "权重：不能全部为 0" },
    ]);
    expect(starSchemeProblems({ ...DEFAULT_STAR_SCHEME, weights: { quality: 0, volume: 1, deadlines: 0, followUp: 0 } })[0]!.path).toBe("weights.quality");
    expect(starSchemeProblems({ ...DEFAULT_STAR_SCHEME, minRated: 0, topN: 0, badRateGate: 0 }).map((p) => p.path)).toEqual(["badRateGate", "minRated", "topN"]);
  });
});
