import { describe, expect, it } from "vitest";
import { findPlace, searchPlaces } from "./places.js";
import { dutyNowAndNext, dutyOn, dutySchedule, rosterProblems, type Roster } from "./roster.js";
import { addWorkingMinutes, slaClocks, workingMinutesBetween } from "./sla.js";
import { PACKAGE_CALENDAR as cal } from "../calendar/calendar.js";

// Shanghai local time as an ISO instant.
const at = (local: string) => new Date(Date.parse(`${local}:00+08:00`)).toISOString();

describe("duty roster", () => {
  // Three duty experts from Monday 2026-09-14, two on rest days from September; 2026's National
  // Day: 1–7 October off, Sunday 20 September and Saturday 10 October worked; Mid-autumn 25–27 September off.
  const roster: Roster = {
    working: { members: ["钱", "陆", "周"], start: "2026-09-14" },
    holiday: { members: ["假一", "假二"], start: "2026-09-01" },
    overrides: [
      { from: "2026-10-09", to: "2026-10-09", expertId: "吴", reason: "与周换班" },
      { from: "2026-10-03", to: "2026-10-04", expertId: "王", reason: "假二请假" },
    ],
  };

  it("turns daily on working days across the 2026 National Day holiday, make-up workdays included", () => {
    const days = dutySchedule(cal, roster, "2026-09-18", 26).map((t) => `${t.date.slice(5)} ${t.expertId ?? "-"} ${t.layer}`);
    expect(days).toEqual([
      "09-18 陆 working",
      "09-19 假一 holiday",
      "09-20 周 working", // Sunday, a make-up workday
      "09-21 钱 working",
      "09-22 陆 working",
      "09-23 周 working",
      "09-24 钱 working",
      "09-25 假二 holiday", // Mid-autumn
      "09-26 假一 holiday",
      "09-27 假二 holiday",
      "09-28 陆 working",
      "09-29 周 working",
      "09-30 钱 working",
      "10-01 假一 holiday",
      "10-02 假二 holiday",
      "10-03 王 override", // leave of 假二's turn…
      "10-04 王 override", // …and the next day
      "10-05 假一 holiday",
      "10-06 假二 holiday",
      "10-07 假一 holiday",
      "10-08 陆 working",
      "10-09 吴 override", // the swap wins over 周's turn
      "10-10 钱 working", // Saturday, a make-up workday
      "10-11 假二 holiday",
      "10-12 陆 working",
      "10-13 周 working",
    ]);
    expect(dutyOn(cal, roster, "2026-10-09")).toMatchObject({ expertId: "吴", layer: "override", reason: "与周换班", workingDay: true, estimated: false });
  });

  it("gives the same turn whether asked for one day or a schedule, and says who is next", () => {
    for (const d of ["2026-09-14", "2026-09-30", "2026-10-10", "2026-10-12"]) expect(dutyOn(cal, roster, d)).toEqual(dutySchedule(cal, roster, "2026-09-14", 40).find((t) => t.date === d));
    const { now, next } = dutyNowAndNext(cal, { ...roster, holiday: null, overrides: [] }, "2026-09-30");
    expect(now.expertId).toBe("钱");
    // 1–7 October nobody (no holiday layer): the next turn is 8 October.
    expect(next).toMatchObject({ date: "2026-10-08", expertId: "陆" });
    expect(dutyOn(cal, { ...roster, holiday: null }, "2026-10-02")).toMatchObject({ expertId: null, layer: "none" });
  });

  it("counts Monday–Friday, flagged, in a year without holiday data; refuses unsound rosters naming the field", () => {
    const t = dutyOn(cal, { working: { members: ["钱"], start: "2027-01-01" }, holiday: null, overrides: [] }, "2030-03-04");
    expect(t).toMatchObject({ expertId: "钱", workingDay: true, estimated: true });
    expect(rosterProblems(roster)).toEqual([]);
    expect(rosterProblems({ working: { members: [], start: "2026-9-1" }, holiday: null, overrides: [{ from: "2026-10-05", to: "2026-10-01", expertId: "x", reason: " " }] }).map((p) => p.path)).toEqual([
      "working.members",
      "working.start",
      "overrides.0.to",
      "overrides.0.reason",
    ]);
  });
});

describe("service levels on working hours", () => {
  it("counts working minutes across lunch, evenings, weekends and holidays", () => {
    // Friday 2026-09-30 16:30 → Thursday 2026-10-08 09:30: 60 min on 30 Sep, the holiday, 60 min on 8 Oct.
    expect(workingMinutesBetween(cal, at("2026-09-30T16:30"), at("2026-10-08T09:30"))).toBe(120);
    expect(workingMinutesBetween(cal, at("2026-11-27T11:30"), at("2026-11-27T14:00"))).toBe(60);
    expect(workingMinutesBetween(cal, at("2026-11-27T14:00"), at("2026-11-27T11:30"))).toBe(0);
    expect(addWorkingMinutes(cal, at("2026-11-27T11:30"), 60)).toBe(at("2026-11-27T14:00"));
    // 8 working hours from Friday 16:00: 90 min on Friday, the 7.5-hour Monday until 16:30.
    expect(addWorkingMinutes(cal, at("2026-11-27T16:00"), 480)).toBe(at("2026-11-30T16:30"));
    // Opened at night: the clock starts at 08:30 of the next working day.
    expect(addWorkingMinutes(cal, at("2026-09-30T20:00"), 30)).toBe(at("2026-10-08T09:00"));
    // The seconds a clock started at are kept inside working time, across lunch too; outside it the clock starts on the minute.
    const secs = (hm: string, s: number) => new Date(Date.parse(at(hm)) + s * 1000).toISOString();
    expect(addWorkingMinutes(cal, secs("2026-11-27T15:23", 28), 30)).toBe(secs("2026-11-27T15:53", 28));
    expect(addWorkingMinutes(cal, secs("2026-11-27T11:45", 10), 30)).toBe(secs("2026-11-27T13:45", 10));
    expect(addWorkingMinutes(cal, secs("2026-11-27T12:10", 45), 30)).toBe(at("2026-11-27T14:00"));
  });

  it("pauses the solution clock while waiting for the farmer, not the response clock", () => {
    const base = { openedAt: at("2026-11-23T09:00"), respondedAt: at("2026-11-23T09:20"), solvedAt: null, responseMinutes: 30, solutionMinutes: 960 };
    // 960 working minutes from Monday 09:00: 420 on Monday, 450 on Tuesday, 90 on Wednesday.
    expect(slaClocks(cal, { ...base, pauses: [], now: at("2026-11-24T09:00") }).solution).toMatchObject({ dueAt: at("2026-11-25T10:00"), usedMinutes: 450, light: "green" });
    const running = slaClocks(cal, { ...base, pauses: [], now: at("2026-11-24T10:00") });
    expect(running.response).toMatchObject({ met: true, breached: false, usedMinutes: 20, light: "green" });
    expect(running.solution).toMatchObject({ usedMinutes: 510, light: "yellow", breached: false });
    // Waiting for the farmer from Monday 10:00 to Tuesday 10:00 (450 working minutes): due moves on by them.
    const waited = slaClocks(cal, { ...base, pauses: [{ from: at("2026-11-23T10:00"), to: at("2026-11-24T10:00") }], now: at("2026-11-25T10:00") });
    expect(waited.solution.dueAt).toBe(at("2026-11-26T10:00"));
    expect(waited.solution).toMatchObject({ usedMinutes: 960 - 450, breached: false, light: "yellow" });
    // Still waiting: no due time, and the clock stands still.
    const open = slaClocks(cal, { ...base, pauses: [{ from: at("2026-11-23T10:00"), to: null }], now: at("2026-11-30T10:00") });
    expect(open).toMatchObject({ paused: true, solution: { dueAt: null, usedMinutes: 60, light: "green" } });
    // Past due and not solved: red; solved late: red too.
    expect(slaClocks(cal, { ...base, pauses: [], now: at("2026-11-25T10:01") }).solution).toMatchObject({ breached: true, light: "red" });
    expect(slaClocks(cal, { ...base, solvedAt: at("2026-11-25T11:00"), pauses: [], now: at("2026-11-26T10:00") }).solution).toMatchObject({ met: true, breached: true, light: "red" });
    expect(slaClocks(cal, { ...base, solvedAt: at("2026-11-25T09:59"), pauses: [], now: at("2026-11-26T10:00") }).solution).toMatchObject({ met: true, breached: false, light: "green" });
    // A late first response.
    expect(slaClocks(cal, { ...base, respondedAt: null, pauses: [], now: at("2026-11-23T09:45") }).response).toMatchObject({ met: false, breached: true, light: "red", usedMinutes: 45 });
  });
});

describe("places: county, town and village codes", () => {
  it("finds a village by its code, with the whole path", () => {
    expect(findPlace("330402007024")).toEqual({
      code: "330402007024",
      level: "village",
      name: "百福弄社区居委会",
      countyCode: "330402",
      path: ["浙江省", "嘉兴市", "南湖区", "建设街道", "百福弄社区居委会"],
      fullName: "浙江省嘉兴市南湖区建设街道百福弄社区居委会",
    });
    expect(findPlace("330402007")).toMatchObject({ level: "town", name: "建设街道" });
    expect(findPlace("330402")).toMatchObject({ level: "county", name: "南湖区", fullName: "浙江省嘉兴市南湖区" });
    for (const bad of ["330402999999", "330402007999", "33040", "999999", "3304020070241", "abcdef"]) expect(findPlace(bad)).toBeNull();
  });

  it("picks a village by name within the centre's city, the best match first", () => {
    const hits = searchPlaces("新港村", { within: "3304" });
    expect(hits.map((h) => h.code)).toEqual(["330483101209"]);
    expect(hits[0]!.fullName).toMatch(/^浙江省嘉兴市桐乡市.+新港村村委会$/);
    const towns = searchPlaces("建设", { within: "330402" });
    expect(towns[0]).toMatchObject({ code: "330402007", level: "town" });
    expect(searchPlaces("  ")).toEqual([]);
    expect(searchPlaces("村", { within: "3304", limit: 5 })).toHaveLength(5);
  });
});
