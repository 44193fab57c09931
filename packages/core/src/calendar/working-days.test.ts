import { describe, expect, it } from "vitest";
import { CALENDAR_YEARS, CalendarDataMissingError, addWorkingDays, estimatedHolidays, estimatedWorkingDay, isWorkingDay, shanghaiDate, workingDaysBetween } from "./working-days.js";

describe("addWorkingDays (2026 State Council holiday notice)", () => {
  it("gives domain.md's examples", () => {
    expect(addWorkingDays("2026-02-13", 2)).toBe("2026-02-24");
    expect(addWorkingDays("2026-02-13", 9)).toBe("2026-03-04");
    expect(addWorkingDays("2026-09-30", 2)).toBe("2026-10-09");
  });

  it("counts make-up workdays and skips holidays", () => {
    expect(isWorkingDay("2026-02-14")).toBe(true); // Saturday, make-up day
    expect(isWorkingDay("2026-02-28")).toBe(true);
    expect(isWorkingDay("2026-10-10")).toBe(true);
    expect(isWorkingDay("2026-10-05")).toBe(false);
    expect(isWorkingDay("2026-01-04")).toBe(true);
    expect(addWorkingDays("2026-02-12", 1)).toBe("2026-02-13");
    expect(addWorkingDays("2026-02-13", 1)).toBe("2026-02-14");
    expect(addWorkingDays("2026-09-18", 2)).toBe("2026-09-21"); // Sat 19 rest, Sun 20 make-up
    expect(addWorkingDays("2026-11-27", 0)).toBe("2026-11-27");
  });

  it("counts working days between two dates", () => {
    expect(workingDaysBetween("2026-02-13", "2026-02-24")).toBe(2);
    expect(workingDaysBetween("2026-09-30", "2026-10-09")).toBe(2);
    expect(workingDaysBetween("2026-10-09", "2026-09-30")).toBe(0);
  });

  it("refuses a year without holiday data instead of guessing", () => {
    expect(CALENDAR_YEARS.at(-1)).toBe(2026);
    expect(() => addWorkingDays("2026-12-28", 5)).toThrow(CalendarDataMissingError);
    expect(() => addWorkingDays("2026-12-28", 5)).toThrow(/2027 年的法定节假日安排尚无数据/);
    expect(() => isWorkingDay("2027-03-01")).toThrow(CalendarDataMissingError);
    expect(() => addWorkingDays("2026-02-30", 1)).toThrow(/不是有效日期/);
  });

  it("takes today in Asia/Shanghai whatever the machine's zone", () => {
    expect(shanghaiDate(new Date("2026-09-30T16:30:00Z"))).toBe("2026-10-01");
  });

  it("estimates a year without data from the statutory rules, and the estimate agrees with the State Council's 2025 and 2026 arrangements", () => {
    expect([...estimatedHolidays(2027)].sort()).toEqual(["2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-04-05", "2027-05-01", "2027-05-02", "2027-06-09", "2027-09-15", "2027-10-01", "2027-10-02", "2027-10-03"]);
    expect(estimatedWorkingDay("2027-01-01")).toBe(false); // 元旦, a Friday
    expect(estimatedWorkingDay("2027-02-05")).toBe(false); // 除夕, a Friday
    expect(estimatedWorkingDay("2027-02-09")).toBe(true); // 正月初四, a Tuesday
    expect(estimatedWorkingDay("2027-01-02")).toBe(false); // a Saturday
    // Every day the rules make a holiday was one in the years the data covers since the rules took effect.
    for (const y of [2025, 2026]) for (const d of estimatedHolidays(y)) expect(isWorkingDay(d), d).toBe(false);
  });
});
