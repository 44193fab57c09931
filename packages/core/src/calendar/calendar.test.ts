import { describe, expect, it } from "vitest";
import { PACKAGE_CALENDAR as cal, PACKAGE_YEARS, WorkingCalendar, addDays, diffYearDays, estimatedHolidays, missingScheduleYear, packageSchedule, shanghaiDate } from "./calendar.js";
import { scheduleProblems } from "./schedule.js";

describe("WorkingCalendar on the package's data (2026 State Council holiday notice)", () => {
  it("gives domain.md's examples", () => {
    expect(cal.addWorkingDays("2026-02-13", 2)).toBe("2026-02-24");
    expect(cal.addWorkingDays("2026-02-13", 9)).toBe("2026-03-04");
    expect(cal.addWorkingDays("2026-09-30", 2)).toBe("2026-10-09");
  });

  it("counts make-up workdays and skips holidays", () => {
    expect(cal.isWorkingDay("2026-02-14")).toBe(true); // Saturday, make-up day
    expect(cal.isWorkingDay("2026-02-28")).toBe(true);
    expect(cal.isWorkingDay("2026-10-10")).toBe(true);
    expect(cal.isWorkingDay("2026-10-05")).toBe(false);
    expect(cal.isWorkingDay("2026-01-04")).toBe(true);
    expect(cal.addWorkingDays("2026-02-12", 1)).toBe("2026-02-13");
    expect(cal.addWorkingDays("2026-02-13", 1)).toBe("2026-02-14");
    expect(cal.addWorkingDays("2026-09-18", 2)).toBe("2026-09-21"); // Sat 19 rest, Sun 20 make-up
    expect(cal.addWorkingDays("2026-11-27", 0)).toBe("2026-11-27");
    expect(() => cal.addWorkingDays("2026-02-30", 1)).toThrow(/不是有效日期/);
  });

  it("counts working days between two dates", () => {
    expect(cal.workingDaysBetween("2026-02-13", "2026-02-24")).toBe(2);
    expect(cal.workingDaysBetween("2026-09-30", "2026-10-09")).toBe(2);
    expect(cal.workingDaysBetween("2026-10-09", "2026-09-30")).toBe(0);
  });

  it("says where each day comes from", () => {
    expect(PACKAGE_YEARS.at(-1)).toBe(2026);
    expect(cal.day("2026-02-16")).toEqual({ date: "2026-02-16", working: false, kind: "holiday", source: "package", name: "春节", closure: null });
    expect(cal.day("2026-02-14")).toMatchObject({ working: true, kind: "makeup", source: "package" });
    expect(cal.day("2026-03-07")).toMatchObject({ working: false, kind: "weekend", source: "package", name: null });
    expect(cal.day("2027-03-01")).toMatchObject({ working: true, kind: "workday", source: "estimate" });
    expect(cal.yearDays(2028)).toHaveLength(366);
  });

  it("never refuses a year nobody holds: it estimates, and marks what it counted over it provisional", () => {
    expect(cal.deadline("2026-12-30", 2)).toEqual({ date: "2027-01-04", provisional: true }); // 元旦 estimated, the weekend
    expect(cal.deadline("2026-12-28", 2)).toEqual({ date: "2026-12-30", provisional: false });
    expect(cal.deadline("2026-12-31", 0)).toEqual({ date: "2026-12-31", provisional: false });
    expect(cal.estimatedBetween("2026-12-31", "2027-01-01")).toBe(true);
    expect(cal.estimatedBetween("2026-12-30", "2026-12-31")).toBe(false);
  });

  it("takes today in Asia/Shanghai whatever the machine's zone", () => {
    expect(shanghaiDate(new Date("2026-09-30T16:30:00Z"))).toBe("2026-10-01");
  });

  it("estimates a year from the statutory rules, and the estimate agrees with the State Council's 2025 and 2026 arrangements", () => {
    expect([...estimatedHolidays(2027).keys()].sort()).toEqual(["2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-04-05", "2027-05-01", "2027-05-02", "2027-06-09", "2027-09-15", "2027-10-01", "2027-10-02", "2027-10-03"]);
    expect(cal.isWorkingDay("2027-01-01")).toBe(false); // 元旦, a Friday
    expect(cal.isWorkingDay("2027-02-05")).toBe(false); // 除夕, a Friday
    expect(cal.isWorkingDay("2027-02-09")).toBe(true); // 正月初四, a Tuesday
    expect(cal.isWorkingDay("2027-01-02")).toBe(false); // a Saturday
    const noPackage = new WorkingCalendar({ withoutPackage: true });
    for (const y of [2025, 2026]) for (const d of estimatedHolidays(y).keys()) expect(cal.isWorkingDay(d), d).toBe(false);
    expect(noPackage.day("2026-02-16").source).toBe("estimate");
  });
});

describe("the centre's layers", () => {
  const y2027 = { year: 2027, days: [{ date: "2027-01-01", kind: "holiday" as const, name: "元旦" }, { date: "2027-02-06", kind: "holiday" as const, name: "春节" }, { date: "2027-02-20", kind: "makeup" as const, name: "春节" }] };

  it("the centre's entry wins over the package, the package over the estimate", () => {
    const mine = new WorkingCalendar({ years: [y2027, { year: 2026, days: [{ date: "2026-03-02", kind: "holiday", name: "测试" }] }] });
    expect(mine.yearSource(2027)).toBe("centre");
    expect(mine.yearSource(2026)).toBe("centre");
    expect(mine.yearSource(2025)).toBe("package");
    expect(mine.yearSource(2030)).toBe("estimate");
    expect(mine.day("2027-02-20")).toMatchObject({ working: true, kind: "makeup", source: "centre", name: "春节" });
    expect(mine.day("2027-02-08").working).toBe(true); // the estimate's 初三 is not in this entry
    expect(mine.day("2026-02-16").working).toBe(true); // the package's 春节 is not either: the centre's year replaces it whole
    expect(mine.day("2026-03-02").working).toBe(false);
    expect(mine.deadline("2027-02-05", 1)).toEqual({ date: "2027-02-08", provisional: false });
  });

  it("a closure is a rest day, whatever the layer, and the centre's", () => {
    const closed = new WorkingCalendar({ closures: [{ date: "2026-07-21", reason: "台风停工" }, { date: "2027-03-01", reason: "台风" }] });
    expect(closed.day("2026-07-21")).toEqual({ date: "2026-07-21", working: false, kind: "workday", source: "centre", name: null, closure: "台风停工" });
    expect(closed.addWorkingDays("2026-07-20", 1)).toBe("2026-07-22");
    expect(closed.workingDaysBetween("2026-07-20", "2026-07-22")).toBe(1);
    expect(closed.closures()).toEqual([{ date: "2026-07-21", reason: "台风停工" }, { date: "2027-03-01", reason: "台风" }]);
  });

  it("diffs two versions of a year day by day", () => {
    const before = new WorkingCalendar().yearDays(2027);
    const after = new WorkingCalendar({ years: [y2027] }).yearDays(2027);
    const changes = diffYearDays(before, after);
    expect(changes.find((c) => c.date === "2027-02-20")).toEqual({ date: "2027-02-20", before: { kind: "weekend", working: false, name: null }, after: { kind: "makeup", working: true, name: "春节" } });
    expect(changes.find((c) => c.date === "2027-02-08")?.after.working).toBe(true);
    expect(changes.some((c) => c.date === "2027-01-01")).toBe(false);
  });

  it("agrees with the package day by day when given the package's own schedule", () => {
    for (const year of [2017, 2020, 2024, 2026]) {
      const mine = new WorkingCalendar({ years: [packageSchedule(year)!] });
      for (const d of cal.yearDays(year)) expect(mine.isWorkingDay(d.date), d.date).toBe(d.working);
    }
  });
});

describe("scheduleProblems", () => {
  it("refuses a day both off and worked, a date outside the year, a make-up weekday, naming the field", () => {
    expect(scheduleProblems({ year: 2027, days: [{ date: "2027-02-06", kind: "holiday", name: "春节" }, { date: "2027-02-06", kind: "makeup", name: "春节" }] })).toEqual([
      { path: "days.1.date", message: "日期（第 2 项）：2027-02-06 不能既是放假日又是调休上班日" },
    ]);
    expect(scheduleProblems({ year: 2027, days: [{ date: "2026-12-31", kind: "holiday", name: "" }] })[0]).toEqual({ path: "days.0.date", message: "日期（第 1 项）：2026-12-31 不在 2027 年内" });
    expect(scheduleProblems({ year: 2027, days: [{ date: "2027-02-03", kind: "makeup", name: "" }] })[0]?.message).toMatch(/调休上班日须为周六或周日，2027-02-03 是周三/);
    expect(scheduleProblems({ year: 2027, days: [{ date: "2027-02-30", kind: "holiday", name: "" }] })[0]?.path).toBe("days.0.date");
    expect(scheduleProblems({ year: 1900, days: [] })[0]?.path).toBe("year");
    expect(scheduleProblems(packageSchedule(2026)!)).toEqual([]);
  });
});

it("addDays crosses months and years", () => {
  expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
});

describe("missingScheduleYear", () => {
  it("warns from 1 October while next year is only estimated, and at once when this year is", () => {
    expect(missingScheduleYear(cal, "2026-09-30")).toBeNull();
    expect(missingScheduleYear(cal, "2026-10-01")).toEqual({ year: 2027, current: false });
    expect(missingScheduleYear(cal, "2027-01-04")).toEqual({ year: 2027, current: true });
    expect(missingScheduleYear(new WorkingCalendar({ years: [{ year: 2027, days: [] }] }), "2026-12-30")).toBeNull();
    expect(missingScheduleYear(cal, "2025-11-01")).toBeNull();
  });
});
