import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { evaluationFigures, sumCounts } from "./figures.js";
import { rectificationDeadlines, ticketDueDate, ticketLight } from "./rectification.js";
import { PACKAGE_CALENDAR as cal } from "../calendar/calendar.js";
import { CARD_ALPHABET, formatCardCode, isValidCardCode, makeCardCode, normaliseCardCode } from "./cards.js";

describe("evaluation figures", () => {
  it("separates the active good rate from the default-counting one and the unrated rate", () => {
    const f = evaluationFigures({ completed: 100, rated: 60, good: 54, bad: 3, unrated: 40, unratedPastDefault: 30 });
    expect(f.activeGoodRate).toBeCloseTo(54 / 60);
    expect(f.goodRate).toBeCloseTo(84 / 90);
    expect(f.badRate).toBeCloseTo(3 / 60);
    expect(f.unratedRate).toBeCloseTo(0.4);
  });
  it("gives null, not 0 or 100 %, where nothing was counted", () => {
    const f = evaluationFigures({ completed: 0, rated: 0, good: 0, bad: 0, unrated: 0, unratedPastDefault: 0 });
    expect([f.goodRate, f.activeGoodRate, f.badRate, f.unratedRate]).toEqual([null, null, null, null]);
  });
  it("sums rows into a total", () => {
    const a = { completed: 2, rated: 1, good: 1, bad: 0, unrated: 1, unratedPastDefault: 0 };
    expect(sumCounts([a, a])).toEqual({ completed: 4, rated: 2, good: 2, bad: 0, unrated: 2, unratedPastDefault: 0 });
  });
});

describe("rectification deadlines in working days", () => {
  it("verify within 1 and fix within 5 working days, counted from the next day", () => {
    // Friday 2026-02-13: the Spring Festival holiday runs 2026-02-15 … 02-23 (make-up days 02-14 and 02-28).
    expect(rectificationDeadlines(cal, "2026-02-13")).toEqual({ verifyDue: "2026-02-14", fixDue: "2026-02-27", estimated: false });
    // After National Day (10-01 … 10-07 off, Saturday 10-10 a make-up workday).
    expect(rectificationDeadlines(cal, "2026-09-30")).toEqual({ verifyDue: "2026-10-08", fixDue: "2026-10-13", estimated: false });
  });
  it("counts Monday–Friday, flagged as estimated, in a year the holiday calendar does not cover", () => {
    // Friday 2027-01-01 is New Year's Day, which the rules fix; the year's make-up days are not known: hence the flag.
    expect(rectificationDeadlines(cal, "2026-12-31")).toEqual({ verifyDue: "2027-01-04", fixDue: "2027-01-08", estimated: true });
  });
  it("a complex matter has 15 working days", () => {
    expect(rectificationDeadlines(cal, "2026-11-27", true).fixDue).toBe("2026-12-18");
  });
  it("the light follows the current step", () => {
    const t = { status: "open" as const, verifyDue: "2026-11-30", fixDue: "2026-12-04" };
    expect(ticketLight(t, "2026-11-27")).toBe("green");
    expect(ticketLight(t, "2026-11-30")).toBe("yellow");
    expect(ticketLight(t, "2026-12-01")).toBe("red");
    expect(ticketLight({ ...t, status: "verified" }, "2026-12-01")).toBe("green");
    expect(ticketDueDate({ ...t, status: "fixed" })).toBeNull();
    expect(ticketLight({ ...t, status: "closed" }, "2027-01-01")).toBeNull();
  });
});

describe("supervision card codes", () => {
  it("makes valid 12-character codes from the look-alike-free alphabet", () => {
    for (let i = 0; i < 200; i++) {
      const c = makeCardCode(randomBytes(11));
      expect(c).toHaveLength(12);
      expect([...c].every((ch) => CARD_ALPHABET.includes(ch))).toBe(true);
      expect(isValidCardCode(c)).toBe(true);
    }
  });
  it("catches every single substitution and adjacent transposition", () => {
    const c = makeCardCode(randomBytes(11));
    for (let i = 0; i < 12; i++) {
      for (const ch of CARD_ALPHABET) {
        if (ch === c[i]) continue;
        expect(isValidCardCode(c.slice(0, i) + ch + c.slice(i + 1))).toBe(false);
      }
    }
    for (let i = 0; i < 11; i++) {
      if (c[i] === c[i + 1]) continue;
      expect(isValidCardCode(c.slice(0, i) + c[i + 1] + c[i] + c.slice(i + 2))).toBe(false);
    }
  });
  it("reads what a person typed", () => {
    const c = makeCardCode(randomBytes(11));
    expect(normaliseCardCode(formatCardCode(c).toLowerCase())).toBe(c);
    expect(isValidCardCode("ABC")).toBe(false);
    expect(isValidCardCode("0000000000000".slice(0, 12))).toBe(false);
  });
});
