import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, PACKAGE_CALENDAR, WorkingCalendar } from "../calendar/calendar.js";
import { DEFAULT_WORKING_HOURS, workingMinutesBetween, type WorkingHours } from "./sla.js";

/** The count walked day by day, as it was before the calendar kept running totals: the oracle. */
function walked(calendar: WorkingCalendar, fromIso: string, toIso: string, hours: WorkingHours): number {
  const local = (iso: string) => Math.floor(Date.parse(iso) / 60_000) + 480;
  const from = local(fromIso);
  const to = local(toIso);
  let total = 0;
  for (let day = new Date(Math.floor(from / 1440) * 86_400_000).toISOString().slice(0, 10); Date.parse(`${day}T00:00:00Z`) / 60_000 < to; day = addDays(day, 1)) {
    if (!calendar.isWorkingDay(day)) continue;
    const base = Date.parse(`${day}T00:00:00Z`) / 60_000;
    for (const [a, b] of hours.periods) {
      const s = base + Number(a.slice(0, 2)) * 60 + Number(a.slice(3));
      const e = base + Number(b.slice(0, 2)) * 60 + Number(b.slice(3));
      total += Math.max(0, Math.min(e, to) - Math.max(s, from));
    }
  }
  return Math.max(0, total);
}

describe("working minutes between two instants", () => {
  const closed = new WorkingCalendar({ closures: [{ date: "2026-07-21", reason: "台风停工" }, { date: "2027-03-01", reason: "台风" }] });
  const instant = fc.integer({ min: Date.parse("2024-06-01T00:00:00Z"), max: Date.parse("2028-03-01T00:00:00Z") }).map((ms) => new Date(ms - (ms % 1000)).toISOString());

  it("equal the day-by-day count for any two instants, across years, holidays, make-up days, closures and estimated years", () => {
    fc.assert(
      fc.property(instant, instant, fc.constantFrom(PACKAGE_CALENDAR, closed), fc.constantFrom(DEFAULT_WORKING_HOURS, { periods: [["09:00", "17:00"]] } as WorkingHours), (a, b, cal, hours) => {
        expect(workingMinutesBetween(cal, a, b, hours)).toBe(walked(cal, a, b, hours));
      }),
      { numRuns: 1500 },
    );
  }, 60_000);

  it("counts the Spring Festival of 2026 and a closure as rest", () => {
    // Friday 13 Feb 17:00 → Tuesday 24 Feb 09:00: the 13th's last half hour and the 24th's first half hour (15–23 Feb off, 14th and 28th make-up days excepted).
    expect(workingMinutesBetween(PACKAGE_CALENDAR, "2026-02-13T09:00:00Z", "2026-02-24T01:00:00Z")).toBe(walked(PACKAGE_CALENDAR, "2026-02-13T09:00:00Z", "2026-02-24T01:00:00Z", DEFAULT_WORKING_HOURS));
    expect(workingMinutesBetween(closed, "2026-07-20T00:00:00Z", "2026-07-23T00:00:00Z")).toBe(workingMinutesBetween(PACKAGE_CALENDAR, "2026-07-20T00:00:00Z", "2026-07-23T00:00:00Z") - 450);
    expect(PACKAGE_CALENDAR.workingDaysBetween("2025-12-31", "2027-01-01")).toBe(PACKAGE_CALENDAR.yearDays(2026).filter((d) => d.working).length + (PACKAGE_CALENDAR.isWorkingDay("2027-01-01") ? 1 : 0));
  });
});
