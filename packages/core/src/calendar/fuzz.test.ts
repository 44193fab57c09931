import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calendarIcs, parseCalendarIcs } from "./ics.js";
import { parseHolidayNotice } from "./notice.js";
import { PACKAGE_CALENDAR } from "./calendar.js";
import { scheduleProblems } from "./schedule.js";

/**
 * Any text an administrator may paste or upload: the parsers answer with what they understood and
 * their problems, never throw, and stay fast however long or strange the text (the routes take up to
 * 20,000 characters of notice and 1 MB of .ics).
 */
const noticeish = fc.array(
  fc.oneof(
    fc.string(),
    fc.constantFrom("一、元旦：", "二、春节：", "月", "日", "（周五）", "（星期六）", "至", "放假调休，共", "天。", "上班。", "补休", "与周末连休", "、", "2027年", "\n", "（农历腊月二十九、周五）", "12月31日", "2月30日"),
    fc.integer({ min: 0, max: 40 }).map(String),
  ),
  { maxLength: 400 },
);

describe("the parsers take any input", () => {
  it("parseHolidayNotice never throws, and everything it keeps is a sound schedule of its year", () => {
    fc.assert(
      fc.property(noticeish, fc.option(fc.integer({ min: 1990, max: 2110 }), { nil: undefined }), (parts, year) => {
        const text = parts.join("");
        const p = parseHolidayNotice(text, year);
        if (p.complete) expect(scheduleProblems({ year: p.year!, days: p.days })).toEqual([]);
        for (const d of p.days) expect(d.date.slice(0, 4)).toBe(String(p.year));
      }),
      { numRuns: 400 },
    );
  });

  it("parseHolidayNotice reads 20,000 characters of repetition quickly (no backtracking blow-up)", () => {
    for (const unit of ["1月1日（周五）至", "至至至至", "（（（（（", "一、一、一、", "1月", "放假调休，共9天。"]) {
      const started = performance.now();
      parseHolidayNotice(`国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：${unit.repeat(Math.ceil(20_000 / unit.length))}`);
      expect(performance.now() - started, unit).toBeLessThan(1000);
    }
  });

  it("parseCalendarIcs never throws on any text, nor on a feed cut or spliced anywhere", () => {
    const feed = calendarIcs({ name: "测试", days: PACKAGE_CALENDAR.yearDays(2026).filter((d) => d.kind === "holiday" || d.kind === "makeup"), generatedAt: new Date("2026-12-07T00:00:00Z") });
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 2000 }), fc.integer({ min: 0, max: feed.length }).map((n) => feed.slice(0, n)), fc.tuple(fc.integer({ min: 0, max: feed.length }), fc.string()).map(([n, s]) => feed.slice(0, n) + s + feed.slice(n))), (text) => {
        const r = parseCalendarIcs(text, 2026);
        expect(Array.isArray(r.problems)).toBe(true);
        // What it keeps is of the year and each day once (the save checks the rest, e.g. a make-up weekday).
        for (const d of r.days) expect(d.date.slice(0, 4)).toBe("2026");
        expect(new Set(r.days.map((d) => d.date)).size).toBe(r.days.length);
      }),
      { numRuns: 300 },
    );
  });
});
