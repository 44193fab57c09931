import { readFileSync } from "node:fs";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { PACKAGE_CALENDAR, WorkingCalendar, addDays, packageSchedule, type CalendarDay } from "./calendar.js";
import { calendarIcs, parseCalendarIcs, type IcsImport } from "./ics.js";

/** chinese-days' own holidays.ics (MIT, see fixtures/chinese-days-LICENSE.txt), copied from the package. */
const CHINESE_DAYS_ICS = readFileSync(new URL("./fixtures/chinese-days-holidays.ics", import.meta.url), "utf8");
const AT = new Date("2026-01-05T02:03:04Z");

function yearDates(year: number): string[] {
  const out: string[] = [];
  for (let d = `${year}-01-01`; d.startsWith(`${year}-`); d = addDays(d, 1)) out.push(d);
  return out;
}

/** Dates whose working status differs between the imported schedule and the package. */
function disagreements(imported: IcsImport, year: number): string[] {
  const cal = new WorkingCalendar({ years: [{ year, days: imported.days }], closures: imported.closures });
  expect(cal.yearSource(year)).toBe("centre"); // the import decides, not the package
  return yearDates(year).filter((d) => cal.isWorkingDay(d) !== PACKAGE_CALENDAR.isWorkingDay(d));
}

/** The package's published days of a year: holidays and make-up days. */
const published = (year: number) => PACKAGE_CALENDAR.yearDays(year).filter((d) => d.kind === "holiday" || d.kind === "makeup");

const wrap = (...events: string[]) =>
  ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", ...events.flatMap((e) => ["BEGIN:VEVENT", ...e.split("\n"), "END:VEVENT"]), "END:VCALENDAR", ""].join("\r\n");

describe("calendarIcs → parseCalendarIcs: round trip agrees with the package day by day", () => {
  for (const year of [2026, 2017]) {
    it(`${year}`, () => {
      const ics = calendarIcs({ name: "一窗工作日历", days: published(year), generatedAt: AT });
      const back = parseCalendarIcs(ics, year);
      expect(back.problems).toEqual([]);
      expect(back.skipped).toEqual([]);
      expect(back.closures).toEqual([]);
      expect(back.days).toEqual(packageSchedule(year)!.days); // dates, kinds and names
      expect(disagreements(back, year)).toEqual([]);
    });
  }

  it("the comparison is not vacuous: a dropped event is caught", () => {
    const ics = calendarIcs({ name: "x", days: published(2026).filter((d) => d.date !== "2026-02-14"), generatedAt: AT });
    expect(disagreements(parseCalendarIcs(ics, 2026), 2026)).toEqual(["2026-02-14"]);
  });
});

describe("calendarIcs: the feed", () => {
  const ics = calendarIcs({ name: "一窗工作日历", description: "嘉兴市民服务中心", days: published(2026), generatedAt: AT });

  it("has the calendar's properties and one merged all-day event per run of days", () => {
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Yichuang//Working Calendar//ZH\r\n")).toBe(true);
    expect(ics).toContain("\r\nX-WR-CALNAME:一窗工作日历\r\n");
    expect(ics).toContain("\r\nX-WR-CALDESC:嘉兴市民服务中心\r\n");
    expect(ics).toContain("\r\nX-WR-TIMEZONE:Asia/Shanghai\r\n");
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    const spring = ics.split("BEGIN:VEVENT\r\n").find((e) => e.includes("UID:2026-02-15-holiday@yichuang"))!;
    expect(spring.split("\r\n").slice(0, 9)).toEqual([
      "UID:2026-02-15-holiday@yichuang",
      "DTSTAMP:20260105T020304Z",
      "DTSTART;VALUE=DATE:20260215",
      "DTEND;VALUE=DATE:20260224",
      "SUMMARY:春节（放假）",
      "CATEGORIES:HOLIDAY",
      "X-YICHUANG-KIND:holiday",
      "TRANSP:TRANSPARENT",
      "END:VEVENT",
    ]);
    expect(ics).toContain("UID:2026-02-28-makeup@yichuang\r\nDTSTAMP:20260105T020304Z\r\nDTSTART;VALUE=DATE:20260228\r\nDTEND;VALUE=DATE:20260301\r\nSUMMARY:春节（调休上班）\r\nCATEGORIES:WORKDAY\r\nX-YICHUANG-KIND:makeup\r\n");
    // 2026: 7 runs of days off, 6 make-up days (2月14日 and 2月28日 are not consecutive).
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(13);
  });

  it("UIDs are stable across publications; DTSTAMP follows generatedAt", () => {
    const later = calendarIcs({ name: "一窗工作日历", description: "嘉兴市民服务中心", days: published(2026), generatedAt: new Date("2026-03-01T00:00:00Z") });
    const uids = (s: string) => s.match(/^UID:.*$/gm);
    expect(uids(later)).toEqual(uids(ics));
    expect(later).toContain("DTSTAMP:20260301T000000Z");
    expect(later.replace(/DTSTAMP:.*/g, "")).toBe(ics.replace(/DTSTAMP:.*/g, ""));
  });

  it("closures: their own events (CLOSURE), also on a day that is a holiday; they read back", () => {
    const cal = new WorkingCalendar({
      closures: [
        { date: "2026-07-28", reason: "台风停工" },
        { date: "2026-07-29", reason: "台风停工" },
        { date: "2026-10-01", reason: "线路检修" },
      ],
    });
    const days = cal.yearDays(2026).filter((d) => d.kind === "holiday" || d.kind === "makeup" || d.closure !== null);
    const out = calendarIcs({ name: "x", days, generatedAt: AT });
    expect(out).toContain("UID:2026-07-28-closure@yichuang\r\nDTSTAMP:20260105T020304Z\r\nDTSTART;VALUE=DATE:20260728\r\nDTEND;VALUE=DATE:20260730\r\nSUMMARY:闭馆：台风停工\r\nCATEGORIES:CLOSURE\r\nX-YICHUANG-KIND:closure\r\n");
    expect(out).toContain("UID:2026-10-01-closure@yichuang");
    expect(out).toContain("UID:2026-10-01-holiday@yichuang");
    const back = parseCalendarIcs(out, 2026);
    expect(back.problems).toEqual([]);
    expect(back.closures).toEqual(cal.closures());
    expect(back.days).toEqual(packageSchedule(2026)!.days);
    expect(disagreements(back, 2026)).toEqual(["2026-07-28", "2026-07-29"]); // closed weekdays: the package works them
  });

  it("a day with nothing to publish (a plain workday) makes no event; a day without a festival name", () => {
    const plain: CalendarDay = { date: "2026-03-03", working: true, kind: "workday", source: "package", name: null, closure: null };
    const unnamed: CalendarDay = { date: "2026-03-07", working: true, kind: "makeup", source: "centre", name: null, closure: null };
    const out = calendarIcs({ name: "x", days: [plain, unnamed], generatedAt: AT });
    expect(out.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(out).toContain("SUMMARY:调休上班\r\n");
    expect(parseCalendarIcs(out, 2026).days).toEqual([{ date: "2026-03-07", kind: "makeup", name: "" }]);
  });
});

describe("calendarIcs: folding", () => {
  it("lines of at most 75 octets, CRLF only, continuation lines start with a space, values intact", () => {
    const name = "嘉兴市民服务中心政务服务工作日历（含法定节假日、调休上班日与闭馆安排，供工作人员与办事群众订阅）";
    const reason = "受第十二号台风“烟花”影响，根据市防汛防台抗旱指挥部通知，全市停工停课，中心闭馆一天，网上办事照常受理，请勿前往现场；特此告知。";
    const description = "说明：本日历由系统自动生成，每日更新一次。Holidays, make-up days and closures of the centre; a, b; c\nsecond line 😀 end";
    const closed: CalendarDay = { date: "2026-07-28", working: false, kind: "workday", source: "centre", name: null, closure: reason };
    const out = calendarIcs({ name, description, days: [closed], generatedAt: AT });
    expect(out).not.toMatch(/[^\r]\n/);
    expect(out).not.toMatch(/\r(?!\n)/);
    const lines = out.slice(0, -2).split("\r\n");
    const folded = lines.filter((l) => l.startsWith(" "));
    expect(folded.length).toBeGreaterThan(4);
    for (const line of lines) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(lines.some((l) => new TextEncoder().encode(l).length >= 73)).toBe(true); // lines are filled, not cut short
    expect(out).not.toContain("\uFFFD");
    // Unfolded by an independent reader, the values are as given.
    const cal = new ICAL.Component(ICAL.parse(out));
    expect(cal.getFirstPropertyValue("x-wr-calname")).toBe(name);
    expect(cal.getFirstSubcomponent("vevent")!.getFirstPropertyValue("summary")).toBe(`闭馆：${reason}`);
    const back = parseCalendarIcs(out, 2026);
    expect(back.closures).toEqual([{ date: "2026-07-28", reason }]);
    // The description's comma, semicolon and newline are escaped, so the file still parses line by line.
    expect(out.replace(/\r\n /g, "")).toContain("X-WR-CALDESC:说明：本日历由系统自动生成，每日更新一次。Holidays\\, make-up days and closures of the centre\\; a\\, b\\; c\\nsecond line 😀 end\r\n");
  });
});

describe("parseCalendarIcs: a third party's file (chinese-days' holidays.ics)", () => {
  for (const year of [2026, 2025, 2024]) {
    it(`${year} agrees with the package day by day`, () => {
      const r = parseCalendarIcs(CHINESE_DAYS_ICS, year);
      expect(r.problems).toEqual([]);
      expect(r.closures).toEqual([]);
      expect(r.days.map((d) => `${d.date}:${d.kind}`)).toEqual(packageSchedule(year)!.days.map((d) => `${d.date}:${d.kind}`));
      expect(disagreements(r, year)).toEqual([]);
      // Its other years are skipped, not problems.
      expect(r.skipped.length).toBeGreaterThan(20);
      expect(r.skipped.every((s) => s.reason === `不在 ${year} 年内` && !s.date.startsWith(`${year}-`))).toBe(true);
    });
  }

  it("names come from the titles: 春节(休) → 春节, 国庆节(班) → 国庆节", () => {
    const r = parseCalendarIcs(CHINESE_DAYS_ICS, 2026);
    expect(r.days.find((d) => d.date === "2026-02-16")).toEqual({ date: "2026-02-16", kind: "holiday", name: "春节" });
    expect(r.days.find((d) => d.date === "2026-10-10")).toEqual({ date: "2026-10-10", kind: "makeup", name: "国庆节" });
  });
});

describe("parseCalendarIcs: bad input", () => {
  const NOT_ICS = [{ path: "file", message: "文件：不是有效的 iCalendar（.ics）文件" }];

  it("not iCalendar: text, empty, JSON, a vCard, a broken calendar", () => {
    for (const text of ["hello world", "", "{\"a\":1}", "BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n"]) {
      expect(parseCalendarIcs(text, 2026)).toEqual({ days: [], closures: [], skipped: [], problems: NOT_ICS });
    }
  });

  it("a calendar with no event", () => {
    expect(parseCalendarIcs("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", 2026).problems).toEqual([{ path: "file", message: "文件：文件中没有日程" }]);
  });

  it("a year with no event", () => {
    const r = parseCalendarIcs(CHINESE_DAYS_ICS, 2030);
    expect(r.days).toEqual([]);
    expect(r.problems).toEqual([{ path: "file", message: "文件：文件中没有 2030 年的节假日或调休安排" }]);
    expect(r.skipped).toHaveLength(CHINESE_DAYS_ICS.match(/BEGIN:VEVENT/g)!.length); // every event, none a problem
  });

  it("a day both off and worked is a problem naming the date, and left out", () => {
    const r = parseCalendarIcs(
      wrap("DTSTART;VALUE=DATE:20261001\nDTEND;VALUE=DATE:20261008\nSUMMARY:国庆节(休)", "DTSTART;VALUE=DATE:20261003\nDTEND;VALUE=DATE:20261004\nSUMMARY:国庆节(班)"),
      2026,
    );
    expect(r.problems).toEqual([{ path: "file", message: "文件：2026-10-03 既是放假日又是调休上班日" }]);
    expect(r.days.map((d) => d.date)).toEqual(["2026-10-01", "2026-10-02", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"]);
  });

  it("kind from CATEGORIES, then title, then description; closures; what cannot be understood is skipped", () => {
    const r = parseCalendarIcs(
      wrap(
        "DTSTART;VALUE=DATE:20260101\nSUMMARY:元旦\nCATEGORIES:HOLIDAY",
        "DTSTART;VALUE=DATE:20260104\nSUMMARY:元旦 补班",
        "DTSTART;VALUE=DATE:20260404\nDURATION:P3D\nSUMMARY:清明节放假",
        "DTSTART;VALUE=DATE:20260509\nSUMMARY:劳动节\nDESCRIPTION:班",
        "DTSTART;VALUE=DATE:20260619\nDTEND;VALUE=DATE:20260622\nSUMMARY:端午节假期",
        "DTSTART:20260925T000000\nDTEND:20260928T000000\nSUMMARY:中秋节（休）",
        "DTSTART;VALUE=DATE:20260728\nSUMMARY:闭馆：台风停工",
        "DTSTART;VALUE=DATE:20260729\nSUMMARY:台风停工",
        "DTSTART;VALUE=DATE:20260301\nSUMMARY:志愿服务日",
        "DTSTART:20260302T090000\nDTEND:20260302T100000\nSUMMARY:会议（上班）",
        "DTSTART;VALUE=DATE:20260230\nSUMMARY:春节(休)",
        "DTSTART;VALUE=DATE:20261008\nSUMMARY:国庆节(休)\nSTATUS:CANCELLED",
        "SUMMARY:春节(休)",
        "DTSTART;VALUE=DATE:20261231\nDTEND;VALUE=DATE:20270102\nSUMMARY:元旦(休)",
      ),
      2026,
    );
    expect(r.problems).toEqual([]);
    expect(r.days).toEqual([
      { date: "2026-01-01", kind: "holiday", name: "元旦" },
      { date: "2026-01-04", kind: "makeup", name: "元旦" },
      { date: "2026-04-04", kind: "holiday", name: "清明节" },
      { date: "2026-04-05", kind: "holiday", name: "清明节" },
      { date: "2026-04-06", kind: "holiday", name: "清明节" },
      { date: "2026-05-09", kind: "makeup", name: "劳动节" },
      { date: "2026-06-19", kind: "holiday", name: "端午节" },
      { date: "2026-06-20", kind: "holiday", name: "端午节" },
      { date: "2026-06-21", kind: "holiday", name: "端午节" },
      { date: "2026-09-25", kind: "holiday", name: "中秋节" },
      { date: "2026-09-26", kind: "holiday", name: "中秋节" },
      { date: "2026-09-27", kind: "holiday", name: "中秋节" },
      { date: "2026-12-31", kind: "holiday", name: "元旦" },
    ]);
    expect(r.closures).toEqual([
      { date: "2026-07-28", reason: "台风停工" },
      { date: "2026-07-29", reason: "台风停工" },
    ]);
    expect(r.skipped).toEqual([
      { date: "2026-03-01", summary: "志愿服务日", reason: "无法判断是放假、调休上班还是闭馆" },
      { date: "2026-03-02", summary: "会议（上班）", reason: "不是全天日程或开始日期无效" },
      { date: "2026-02-30", summary: "春节(休)", reason: "不是全天日程或开始日期无效" },
      { date: "2026-10-08", summary: "国庆节(休)", reason: "日程已取消" },
      { date: "", summary: "春节(休)", reason: "缺少开始日期" },
      { date: "2027-01-01", summary: "元旦(休)", reason: "不在 2026 年内" },
    ]);
  });

  it("a yearly recurring event is expanded within the year", () => {
    const r = parseCalendarIcs(wrap("DTSTART;VALUE=DATE:20240101\nRRULE:FREQ=YEARLY\nSUMMARY:元旦(休)"), 2026);
    expect(r.days).toEqual([{ date: "2026-01-01", kind: "holiday", name: "元旦" }]);
  });
});
