import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PACKAGE_CALENDAR, WorkingCalendar, addDays } from "./calendar.js";
import { parseHolidayNotice, type NoticeParse } from "./notice.js";

/**
 * The 2026 and 2017 notices are copied from the official texts (docs/holiday-notices.md). The
 * 2021, 2022, 2024 and 2025 notices were written down from memory: they are kept only because,
 * parsed, they agree day by day with the chinese-days package (a wrong memory would not); the
 * wording of their closing paragraphs may differ from the originals.
 */
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

/** Every date of a year. */
function yearDates(year: number): string[] {
  const out: string[] = [];
  for (let d = `${year}-01-01`; d.startsWith(`${year}-`); d = addDays(d, 1)) out.push(d);
  return out;
}

/** The dates whose working status differs between the parsed notice and the package. */
function disagreements(parsed: NoticeParse): string[] {
  const year = parsed.year!;
  const cal = new WorkingCalendar({ years: [{ year, days: parsed.days }] });
  expect(cal.yearSource(year)).toBe("centre"); // the notice decides, not the package
  expect(PACKAGE_CALENDAR.yearSource(year)).toBe("package");
  return yearDates(year).filter((d) => cal.isWorkingDay(d) !== PACKAGE_CALENDAR.isWorkingDay(d));
}

const NOTICE_2026 = fixture("notice-2026.txt");
const NOTICE_2017 = fixture("notice-2017.txt");

describe("parseHolidayNotice: real notices agree with the package day by day", () => {
  for (const year of [2026, 2017, 2025, 2024, 2022, 2021]) {
    it(`${year}`, () => {
      const parsed = parseHolidayNotice(fixture(`notice-${year}.txt`));
      expect(parsed.problems).toEqual([]);
      expect(parsed.complete).toBe(true);
      expect(parsed.year).toBe(year);
      expect(parsed.clauses.every((c) => c.status === "understood" && c.unparsed.length === 0)).toBe(true);
      expect(yearDates(year)).toHaveLength(year % 4 === 0 ? 366 : 365);
      expect(disagreements(parsed)).toEqual([]);
      // Every make-up day of the package is one of the notice's, and no day is listed twice.
      const makeup = parsed.days.filter((d) => d.kind === "makeup").map((d) => d.date);
      const pkgMakeup = PACKAGE_CALENDAR.yearDays(year).filter((d) => d.kind === "makeup").map((d) => d.date);
      expect(makeup).toEqual(pkgMakeup);
      expect(new Set(parsed.days.map((d) => d.date)).size).toBe(parsed.days.length);
    });
  }

  it("the comparison is not vacuous: leaving a clause out is caught", () => {
    const parsed = parseHolidayNotice(NOTICE_2026.replace(/^七、国庆节.*$/m, ""));
    expect(parsed.complete).toBe(true);
    expect(disagreements(parsed)).toEqual(["2026-09-20", "2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07", "2026-10-10"]);
  });

  it("2026 in detail: clauses, festivals, names and sorted days", () => {
    const p = parseHolidayNotice(NOTICE_2026);
    expect(p.clauses.map((c) => [c.index, c.festival])).toEqual([
      [1, "元旦"],
      [2, "春节"],
      [3, "清明节"],
      [4, "劳动节"],
      [5, "端午节"],
      [6, "中秋节"],
      [7, "国庆节"],
    ]);
    const spring = p.clauses[1]!;
    expect(spring.text.startsWith("二、春节：2月15日")).toBe(true);
    expect(spring.days.filter((d) => d.kind === "holiday").map((d) => d.date)).toEqual(yearDates(2026).filter((d) => d >= "2026-02-15" && d <= "2026-02-23"));
    expect(spring.days.filter((d) => d.kind === "makeup")).toEqual([
      { date: "2026-02-14", kind: "makeup", name: "春节" },
      { date: "2026-02-28", kind: "makeup", name: "春节" },
    ]);
    expect(p.days).toHaveLength(33 + 6); // 33 days off, 6 make-up days
    expect(p.days.map((d) => d.date)).toEqual([...p.days.map((d) => d.date)].sort());
    expect(p.days[0]).toEqual({ date: "2026-01-01", kind: "holiday", name: "元旦" });
  });

  it("2017: a combined clause is named by all its festivals; 补休 is a day off; 与周末连休 adds nothing", () => {
    const p = parseHolidayNotice(NOTICE_2017);
    expect(p.clauses[5]!.festival).toBe("中秋节、国庆节");
    expect(p.days.find((d) => d.date === "2017-10-04")).toEqual({ date: "2017-10-04", kind: "holiday", name: "中秋节、国庆节" });
    expect(p.clauses[0]!.days).toEqual([
      { date: "2017-01-01", kind: "holiday", name: "元旦" },
      { date: "2017-01-02", kind: "holiday", name: "元旦" },
    ]);
    expect(p.clauses[3]!.days).toEqual([{ date: "2017-05-01", kind: "holiday", name: "劳动节" }]);
    // Cross-month range without weekdays: 1月27日至2月2日.
    expect(p.clauses[1]!.days.filter((d) => d.kind === "holiday").map((d) => d.date)).toEqual([
      "2017-01-27",
      "2017-01-28",
      "2017-01-29",
      "2017-01-30",
      "2017-01-31",
      "2017-02-01",
      "2017-02-02",
    ]);
  });
});

const HEAD = "国务院办公厅关于2026年部分节假日安排的通知\n\n";

describe("parseHolidayNotice: bad input", () => {
  it("a garbled clause: not complete, the rest still read, the clause partial with its unparsed text", () => {
    const text = NOTICE_2026.replace("2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休", "2月15日至二十三号放假调休");
    const p = parseHolidayNotice(text);
    expect(p.complete).toBe(false);
    const spring = p.clauses[1]!;
    expect(spring.status).toBe("partial");
    expect(spring.unparsed).toEqual(["2月15日至二十三号放假调休，共9天"]);
    expect(spring.days.map((d) => d.date)).toEqual(["2026-02-14", "2026-02-28"]);
    expect(p.clauses.filter((c) => c.status === "understood")).toHaveLength(6);
    expect(p.days.some((d) => d.date === "2026-10-07")).toBe(true);
    expect(p.days.some((d) => d.date === "2026-02-16")).toBe(false);
    expect(p.problems).toEqual([{ path: "text", clause: 1, message: "第二项（春节）：未能识别“2月15日至二十三号放假调休，共9天”" }]);
  });

  it("a clause with nothing understood is not_understood", () => {
    const p = parseHolidayNotice(`${HEAD}一、元旦：另行通知。\n二、春节：\n`);
    expect(p.clauses.map((c) => c.status)).toEqual(["not_understood", "not_understood"]);
    expect(p.clauses[0]!.unparsed).toEqual(["另行通知"]);
    expect(p.problems.map((x) => x.message)).toEqual(["第一项（元旦）：未能识别“另行通知”", "第二项（春节）：没有写明放假或上班的日期"]);
    expect(p.complete).toBe(false);
  });

  it("a stated weekday that is wrong names the clause and the date", () => {
    const p = parseHolidayNotice(NOTICE_2026.replace("1月4日（周日）上班", "1月4日（周一）上班"));
    expect(p.complete).toBe(false);
    expect(p.problems).toEqual([{ path: "text", clause: 0, message: "第一项（元旦）：1月4日 写的是周一，但 2026 年的这一天是周日（日期、星期或年份有误）" }]);
    expect(p.clauses[0]!.status).toBe("understood"); // read, but not trusted
  });

  it("a notice of another year than the one chosen: a year problem, and its weekdays fail", () => {
    const p = parseHolidayNotice(NOTICE_2026, 2025);
    expect(p.year).toBe(2025);
    expect(p.problems[0]).toEqual({ path: "year", message: "年份：通知写的是 2026 年，与所选的 2025 年不一致" });
    expect(p.problems.filter((x) => x.message.includes("写的是周")).length).toBeGreaterThan(10);
    expect(p.complete).toBe(false);
    expect(parseHolidayNotice(NOTICE_2026, 2026).complete).toBe(true);
  });

  it("a date that does not exist, or lies outside the year", () => {
    const p = parseHolidayNotice(`${HEAD}二、春节：2月14日（周六）、2月30日（周一）上班。\n三、元旦：2025年12月31日至2026年1月1日放假。\n`);
    expect(p.clauses[0]!.status).toBe("partial");
    expect(p.clauses[0]!.unparsed).toEqual(["2月30日（周一）"]);
    expect(p.clauses[0]!.days).toEqual([{ date: "2026-02-14", kind: "makeup", name: "春节" }]);
    expect(p.clauses[1]!.status).toBe("not_understood");
    expect(p.problems.map((x) => x.message)).toEqual([
      "第二项（春节）：2月30日 不是 2026 年的有效日期",
      "第三项（元旦）：2025年12月31日 不在 2026 年内（通知中的日期都应在 2026 年）",
    ]);
    expect(parseHolidayNotice(`${HEAD}一、元旦：13月1日放假。`).problems[0]!.message).toBe("第一项（元旦）：13月1日 不是 2026 年的有效日期");
  });

  it("a day both off and worked, and a day in two clauses", () => {
    const p = parseHolidayNotice(`${HEAD}一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月3日（周六）上班。\n二、春节：1月1日放假。\n`);
    expect(p.problems.map((x) => x.message)).toEqual([
      "第一项（元旦）：1月3日 不能既放假又上班（本项把它定为放假）",
      "第二项（春节）：1月1日 重复出现（第一项（元旦）已有）",
    ]);
    expect(p.days.filter((d) => d.date === "2026-01-03")).toEqual([{ date: "2026-01-03", kind: "holiday", name: "元旦" }]);
    expect(p.complete).toBe(false);
  });

  it("共N天 that does not match the range, and a make-up day on a weekday", () => {
    const p = parseHolidayNotice(`${HEAD}七、国庆节：10月1日（周四）至7日（周三）放假调休，共8天。10月9日上班。\n`);
    expect(p.problems.map((x) => x.message)).toEqual([
      "第七项（国庆节）：写明共 8 天，但 10月1日至10月7日 是 7 天",
      "第七项（国庆节）：10月9日 是周五，调休上班日应为周六或周日",
    ]);
    const range = parseHolidayNotice(`${HEAD}七、国庆节：10月7日至1日放假。`);
    expect(range.problems.map((x) => x.message)).toEqual(["第七项（国庆节）：10月7日至10月1日 的结束日期早于开始日期"]);
  });

  it("empty text, text without a year, text without a clause", () => {
    const empty = parseHolidayNotice("");
    expect(empty).toEqual({
      year: null,
      days: [],
      clauses: [],
      problems: [
        { path: "year", message: "年份：未能从通知标题或首段识别出年份（如“关于2026年部分节假日安排的通知”）" },
        { path: "text", message: "通知正文：未识别出任何节假日安排（应有“一、元旦：1月1日放假……”这样的编号条目）" },
      ],
      complete: false,
    });
    expect(parseHolidayNotice("   \n", 2026).problems.map((x) => x.path)).toEqual(["text"]);

    const noYear = parseHolidayNotice("一、元旦：1月1日放假。");
    expect(noYear.year).toBeNull();
    expect(noYear.clauses[0]!.status).toBe("understood");
    expect(noYear.days).toEqual([]);
    expect(noYear.problems.map((x) => x.path)).toEqual(["year"]);
    expect(noYear.complete).toBe(false);
    expect(parseHolidayNotice("一、元旦：1月1日放假。", 2026).complete).toBe(true);

    const noClause = parseHolidayNotice(NOTICE_2026.split("\n").filter((l) => !/^[一二三四五六七]、/.test(l)).join("\n"));
    expect(noClause.year).toBe(2026);
    expect(noClause.problems).toEqual([{ path: "text", message: "通知正文：未识别出任何节假日安排（应有“一、元旦：1月1日放假……”这样的编号条目）" }]);
  });

  it("a schedule line whose number is garbled is a problem, not silently skipped", () => {
    const p = parseHolidayNotice(NOTICE_2026.replace("二、春节：", "二春节："));
    expect(p.clauses).toHaveLength(6);
    expect(p.problems).toEqual([{ path: "text", message: expect.stringMatching(/^通知正文：第 \d+ 段“二春节：2月15日.*”未能识别为编号的放假安排/) }]);
    expect(p.complete).toBe(false);
  });

  it("ASCII brackets, colons and commas, 星期 and 星期天 spellings read as the usual forms", () => {
    const ascii = parseHolidayNotice(`${HEAD}一、元旦: 1月1日(星期四)至3日(星期六)放假调休, 共3天。1月4日(星期天)上班。`);
    const usual = parseHolidayNotice(`${HEAD}一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。`);
    expect(ascii.problems).toEqual([]);
    expect(ascii.complete).toBe(true);
    expect(ascii.days).toEqual(usual.days);
    expect(ascii.days.map((d) => `${d.date}:${d.kind}`)).toEqual(["2026-01-01:holiday", "2026-01-02:holiday", "2026-01-03:holiday", "2026-01-04:makeup"]);
    const wrong = parseHolidayNotice(`${HEAD}一、元旦：1月4日(星期六)上班。`);
    expect(wrong.problems[0]!.message).toContain("1月4日 写的是周六");
  });

  it("a cross-month range with weekdays and lunar dates in the brackets", () => {
    const p = parseHolidayNotice("国务院办公厅关于2025年部分节假日安排的通知\n五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。\n二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。");
    expect(p.complete).toBe(true);
    expect(p.clauses[0]!.days.map((d) => d.date)).toEqual(["2025-05-31", "2025-06-01", "2025-06-02"]);
    expect(p.clauses[1]!.days).toHaveLength(8);
    expect(p.days[0]!.date).toBe("2025-01-28"); // sorted across clauses
  });

  it("bracket text that is neither a weekday nor a lunar date is kept as unparsed", () => {
    const p = parseHolidayNotice(`${HEAD}一、元旦：1月1日（待定）放假。`);
    expect(p.clauses[0]!.status).toBe("partial");
    expect(p.clauses[0]!.unparsed).toEqual(["（待定）"]);
    expect(p.clauses[0]!.days).toHaveLength(1);
    expect(p.complete).toBe(false);
  });

  it("a notice pasted as one line, or with CRLF line ends, reads the same", () => {
    const usual = parseHolidayNotice(NOTICE_2026);
    for (const text of [NOTICE_2026.split("\n").filter(Boolean).join(""), NOTICE_2026.replace(/\n/g, "\r\n")]) {
      const p = parseHolidayNotice(text);
      expect(p.problems).toEqual([]);
      expect(p.complete).toBe(true);
      expect(p.days).toEqual(usual.days);
    }
  });

  it("a clause without a festival name", () => {
    const p = parseHolidayNotice(`${HEAD}一、1月1日放假。`);
    expect(p.clauses[0]!.festival).toBeNull();
    expect(p.days).toEqual([{ date: "2026-01-01", kind: "holiday", name: "" }]);
    expect(p.complete).toBe(true);
  });
});
