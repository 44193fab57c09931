import { describe, expect, it } from "vitest";
import { dashboardCharts } from "./charts.js";
import type { DashboardData } from "./data.js";
import { PACKAGE_CALENDAR as cal } from "../calendar/calendar.js";
import { capPeriod, caseSteps, caseTimeFigures, monthsOf, periodInstants, periodProblems, processBaselineProblems, processFigures, workingDaysTaken } from "./figures.js";

describe("caseTimeFigures", () => {
  const groups = [
    { promisedDays: 2, legalDays: 30, actualDays: 0, cases: 30, sameDay: 30 },
    { promisedDays: 2, legalDays: 30, actualDays: 1, cases: 50, sameDay: 0 },
    { promisedDays: 2, legalDays: 30, actualDays: 2, cases: 15, sameDay: 0 },
    { promisedDays: 2, legalDays: 30, actualDays: 4, cases: 4, sameDay: 0 },
    { promisedDays: 2, legalDays: 30, actualDays: 9, cases: 1, sameDay: 0 },
  ];
  it("gives the mean, median, slowest, shares within the promise and on the same day, and the histogram", () => {
    const f = caseTimeFigures(groups);
    expect(f).toMatchObject({ cases: 100, promisedDays: 2, legalDays: 30, medianDays: 1, maxDays: 9, withinPromiseShare: 0.95, sameDayShare: 0.3 });
    expect(f.averageDays).toBeCloseTo((50 + 30 + 16 + 9) / 100, 10);
    expect(f.histogram.map((h) => h.cases)).toEqual([30, 50, 15, 0, 4, 0, 1]);
    expect(f.histogram.at(-1)).toEqual({ days: 6, cases: 1, orMore: true });
  });
  it("does not depend on the order of the groups, and is empty without cases", () => {
    expect(caseTimeFigures([...groups].reverse())).toEqual(caseTimeFigures(groups));
    expect(caseTimeFigures([])).toMatchObject({ cases: 0, averageDays: null, medianDays: null, withinPromiseShare: null, sameDayShare: null, promisedDays: null });
  });
  it("takes the median of an even count as the lower middle", () => {
    expect(caseTimeFigures([{ promisedDays: 1, legalDays: 5, actualDays: 1, cases: 2, sameDay: 0 }, { promisedDays: 1, legalDays: 5, actualDays: 3, cases: 2, sameDay: 0 }]).medianDays).toBe(1);
  });
});

describe("processFigures", () => {
  it("is the share of steps and of time saved against the centre's baseline", () => {
    // 100 cases, 10 with one supplement round: 410 steps; 150 working days.
    const steps = 90 * caseSteps(0) + 10 * caseSteps(1);
    expect(steps).toBe(410);
    const p = processFigures({ cases: 100, steps, workingDays: 150 }, { steps: 5, workingDays: 9, note: null });
    expect(p.averageSteps).toBeCloseTo(4.1, 10);
    expect(p.shorter).toBeCloseTo(0.18, 10);
    expect(p.faster).toBeCloseTo(1 - 1.5 / 9, 10);
  });
  it("is null without cases or without a baseline", () => {
    expect(processFigures({ cases: 0, steps: 0, workingDays: 0 }, { steps: 5, workingDays: 9, note: null })).toMatchObject({ averageSteps: null, shorter: null, faster: null });
    expect(processFigures({ cases: 3, steps: 12, workingDays: 3 }, null)).toMatchObject({ averageSteps: 4, shorter: null, faster: null });
  });
  it("refuses a baseline that cannot be one, naming the field", () => {
    expect(processBaselineProblems({ steps: 0, workingDays: -1, note: "x".repeat(201) }).map((p) => p.path)).toEqual(["steps", "workingDays", "note"]);
    expect(processBaselineProblems({ steps: 5, workingDays: 9, note: "2015 年改革前" })).toEqual([]);
  });
});

describe("periods", () => {
  it("checks both ends, their order and the length", () => {
    expect(periodProblems({ from: "2026-01-01", to: "2026-12-31" })).toEqual([]);
    expect(periodProblems({ from: "2026-02-30", to: "x" }).map((p) => p.path)).toEqual(["from", "to"]);
    expect(periodProblems({ from: "2026-05-01", to: "2026-04-30" })).toEqual([{ path: "to", message: "结束日期：不能早于开始日期" }]);
    expect(periodProblems({ from: "2020-01-01", to: "2026-01-01" })[0]!.path).toBe("to");
    // A start after today is refused; an end after today is capped, not refused.
    expect(periodProblems({ from: "2027-01-01", to: "2027-03-31" }, { today: "2026-06-30" })).toEqual([{ path: "from", message: "开始日期：不能晚于今天（2026-06-30）" }]);
    expect(periodProblems({ from: "2026-06-30", to: "2026-12-31" }, { today: "2026-06-30" })).toEqual([]);
    expect(capPeriod({ from: "2026-04-01", to: "2026-12-31" }, "2026-06-30")).toEqual({ from: "2026-04-01", to: "2026-06-30" });
    expect(capPeriod({ from: "2026-04-01", to: "2026-05-31" }, "2026-06-30")).toEqual({ from: "2026-04-01", to: "2026-05-31" });
  });
  it("lists its months and its instants in Asia/Shanghai", () => {
    expect(monthsOf({ from: "2025-11-15", to: "2026-02-01" })).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
    expect(periodInstants({ from: "2026-01-01", to: "2026-01-31" })).toEqual({ from: "2025-12-31T16:00:00.000Z", to: "2026-01-31T16:00:00.000Z" });
  });
});

describe("dashboardCharts", () => {
  const data = {
    period: { from: "2026-01-01", to: "2026-03-31" },
    department: null,
    centreName: "嘉兴市行政审批服务中心",
    generatedAt: "2026-04-01T00:00:00.000Z",
    months: ["2026-01", "2026-02", "2026-03"],
    forms: { applicable: true, unifiedFields: 52, legacyFields: 253, distinctElements: 124, applications: 3, departments: [{ department: "AMR", formCode: "f", version: 1, legacyFields: 80, askedFields: 40, derivedFields: 30, issuedFields: 0, repeatedFields: 10 }] },
    cases: { ...caseTimeFigures([{ promisedDays: 2, legalDays: 30, actualDays: 1, cases: 3, sameDay: 0 }]), formerDays: 9, byMonth: [], scope: "cases" },
    process: { cases: 3, averageSteps: 4, averageDays: 1, baseline: null, shorter: null, faster: null },
    outreach: { teams: 1, events: 2, problemsSolved: 3, peopleServed: 40, pending: 0, byMonth: [{ month: "2026-01", events: 2, problemsSolved: 3, peopleServed: 40 }], byDepartment: [] },
    hotline: { applicable: true, calls: 10, byChannel: { phone: 8, web: 1, open311: 1 }, answeredByPhone: 6, transferred: 2, visits: 1, open: 1, calledBack: 5, satisfied: 4, noticesBroadcast: 1, broadcasts: 1, smsSent: 20, smsDelivered: 19, smsFailed: 1, byMonth: [] },
    evaluation: { completed: 10, rated: 8, good: 7, bad: 1, unrated: 2, unratedPastDefault: 2, goodRate: 0.9, activeGoodRate: 0.875, badRate: 0.125, unratedRate: 0.2, byMonth: [] },
    stars: [],
  } satisfies DashboardData;
  it("charts the case limits beside the former one, and the hotline only where it applies", () => {
    const charts = dashboardCharts(data);
    expect(charts.map((c) => c.key)).toEqual(["caseDays", "caseHistogram", "outreachMonths", "hotlineResolution", "smsMonths", "evaluationMonths", "formFields"]);
    const caseDays = charts[0]!.option as { xAxis: { data: string[] }; series: { data: { value: number | null }[] }[] };
    expect(caseDays.xAxis.data).toEqual(["承诺时限", "实际平均用时", "法定时限", "改革前时限"]);
    expect(caseDays.series[0]!.data.map((x) => x.value)).toEqual([2, 1, 30, 9]);
    // The mean is labelled with two decimals, as the figure shows it: 0.96, not 1.
    const near = dashboardCharts({ ...data, cases: { ...data.cases, averageDays: 0.9583 } })[0]!.option as { series: { data: { value: number | null; label?: { formatter: string } }[] }[] };
    expect(near.series[0]!.data[1]).toMatchObject({ value: 0.96, label: { formatter: "0.96" } });
    expect(caseDays.series[0]!.data[1]!).toMatchObject({ label: { formatter: "1.00" } });
    expect(dashboardCharts({ ...data, hotline: { ...data.hotline, applicable: false } }, "en").map((c) => c.key)).not.toContain("hotlineResolution");
    expect(dashboardCharts(data, "en")[0]!.title).toBe("Time limits (working days)");
  });
});

describe("workingDaysTaken", () => {
  it("counts working days after acceptance, less the days waited, across the National Day holiday", () => {
    // Accepted 2026-09-30: 10-01..07 holiday, 10-08 and 10-09 working → 2; 10-10 is a make-up workday.
    expect(workingDaysTaken(cal, "2026-09-30", "2026-10-09")).toEqual({ days: 2, estimated: false });
    expect(workingDaysTaken(cal, "2026-09-30", "2026-10-10", 1)).toEqual({ days: 2, estimated: false });
    expect(workingDaysTaken(cal, "2026-03-02", "2026-03-02")).toEqual({ days: 0, estimated: false });
    expect(workingDaysTaken(cal, "2026-03-02", "2026-03-03", 5).days).toBe(0);
    expect(workingDaysTaken(cal, "2026-12-31", "2027-01-04")).toEqual({ days: 1, estimated: true }); // 2027-01-01 is 元旦 by the rules
  });
});
