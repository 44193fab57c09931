import { describe, expect, it } from "vitest";
import { PACKAGE_CALENDAR as cal, addDays } from "./calendar.js";
import { lightOn, taskLight, yellowDate } from "./lights.js";

const base = { startedDate: "2026-02-13", promisedDays: 2, deadlineDate: "2026-02-24", pausedDays: 0 };

describe("taskLight", () => {
  it("is green at the start, yellow at half time, red past the deadline", () => {
    expect(taskLight(cal, { ...base, today: "2026-02-13" })).toBe("green");
    expect(taskLight(cal, { ...base, today: "2026-02-14" })).toBe("yellow"); // the make-up Saturday is the first working day
    expect(taskLight(cal, { ...base, today: "2026-02-20" })).toBe("yellow");
    expect(taskLight(cal, { ...base, today: "2026-02-24" })).toBe("yellow");
    expect(taskLight(cal, { ...base, today: "2026-02-25" })).toBe("red");
  });

  it("does not count the days the clock stood still", () => {
    expect(taskLight(cal, { ...base, startedDate: "2026-03-02", deadlineDate: "2026-03-10", promisedDays: 4, pausedDays: 2, today: "2026-03-05" })).toBe("green");
    expect(taskLight(cal, { ...base, startedDate: "2026-03-02", deadlineDate: "2026-03-10", promisedDays: 4, pausedDays: 0, today: "2026-03-05" })).toBe("yellow");
  });

  it("takes the yellow threshold as a setting", () => {
    expect(taskLight(cal, { ...base, startedDate: "2026-03-02", promisedDays: 10, deadlineDate: "2026-03-16", today: "2026-03-05", yellowRatio: 0.8 })).toBe("green");
  });
});

describe("lights from stored dates", () => {
  it("agree with taskLight day by day", () => {
    for (const [start, promised] of [["2026-02-13", 2], ["2026-09-28", 1], ["2026-03-02", 5], ["2026-11-20", 0]] as const) {
      const deadline = cal.addWorkingDays(start, promised);
      const yellow = yellowDate(cal, start, promised);
      for (let d = start; d <= addDays(deadline, 5); d = addDays(d, 1)) {
        expect(lightOn(d, yellow, deadline), `${start}+${promised} on ${d}`).toBe(taskLight(cal, { startedDate: start, promisedDays: promised, deadlineDate: deadline, pausedDays: 0, today: d }));
      }
    }
  });
});
