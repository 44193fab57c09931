import chineseDays from "chinese-days";
import calendar from "chinese-days/dist/chinese-days.json" with { type: "json" };
import { isRealDate } from "../validators/id-number.js";

/**
 * Chinese working days (Administrative Licensing Law art. 82: time limits count
 * working days, statutory holidays excluded), from the `chinese-days` data: the
 * State Council's holidays and make-up workdays per year. Dates are `YYYY-MM-DD`
 * days in Asia/Shanghai; no time zone of the machine is involved. A year the data
 * does not cover is refused, never guessed (the package would answer Monday–Friday).
 */

const data = calendar as { holidays: Record<string, string>; workdays: Record<string, string> };

/** Years the holiday data covers. */
export const CALENDAR_YEARS: readonly number[] = [...new Set(Object.keys(data.holidays).map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b);
const covered = new Set(CALENDAR_YEARS);

/** Raised for a date in a year without holiday data. */
export class CalendarDataMissingError extends Error {
  constructor(readonly year: number) {
    super(`${year} 年的法定节假日安排尚无数据，无法计算工作日（已有数据：${CALENDAR_YEARS[0]}–${CALENDAR_YEARS.at(-1)} 年）`);
    this.name = "CalendarDataMissingError";
  }
}

function check(date: string): void {
  if (!isRealDate(date)) throw new RangeError(`不是有效日期（YYYY-MM-DD）：${date}`);
  const year = Number(date.slice(0, 4));
  if (!covered.has(year)) throw new CalendarDataMissingError(year);
}

const dayMs = 86_400_000;
const toUtc = (date: string) => Date.parse(`${date}T00:00:00Z`);
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** True when `date` is a working day: a weekday that is not a holiday, or a make-up workday. */
export function isWorkingDay(date: string): boolean {
  check(date);
  if (data.workdays[date]) return true;
  if (data.holidays[date]) return false;
  const weekday = new Date(toUtc(date)).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The statutory holidays of a year the data does not cover, as the rules set them (国务院《全国年节
 * 及纪念日放假办法》, as amended 2024, from 2025): 元旦 1 January; 春节 除夕 to 正月初三; 清明 (the
 * solar term); 劳动节 1–2 May; 端午 (五月初五); 中秋 (八月十五); 国庆 1–3 October. The extra days
 * and make-up workdays the State Council announces each year are not known ahead, so this is an
 * estimate, only for clocks that must run anyway (flagged `estimated` by their callers).
 */
export function estimatedHolidays(year: number): ReadonlySet<string> {
  const cached = estimates.get(year);
  if (cached) return cached;
  const lunar = (md: string) => chineseDays.getSolarDateFromLunar(`${year}-${md}`).date;
  const newYear = lunar("01-01");
  const days = [`${year}-01-01`, addDays(newYear, -1), newYear, addDays(newYear, 1), addDays(newYear, 2), chineseDays.getSolarTermDate(year, 4, "pure_brightness"), `${year}-05-01`, `${year}-05-02`, lunar("05-05"), lunar("08-15"), `${year}-10-01`, `${year}-10-02`, `${year}-10-03`];
  const set = new Set(days);
  estimates.set(year, set);
  return set;
}
const estimates = new Map<number, ReadonlySet<string>>();

/** A working day as far as can be known without the year's data: Monday–Friday and not an estimated statutory holiday. */
export function estimatedWorkingDay(date: string): boolean {
  if (!isRealDate(date)) throw new RangeError(`不是有效日期（YYYY-MM-DD）：${date}`);
  const weekday = new Date(toUtc(date)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !estimatedHolidays(Number(date.slice(0, 4))).has(date);
}

/** The day after `date` plus `days` calendar days (negative goes back). */
export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * dayMs);
}

/**
 * The date on which `n` working days after `date` end, counting from the day
 * after (2 working days after Friday 2026-02-13 is 2026-02-24, across the Spring
 * Festival). `n = 0` is `date` itself. Throws for a year without holiday data.
 */
export function addWorkingDays(date: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`工作日数应为非负整数：${n}`);
  check(date);
  let d = date;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}

/** Working days in (`from`, `to`]: 0 when `to` is not after `from`. */
export function workingDaysBetween(from: string, to: string): number {
  check(from);
  check(to);
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) n++;
  return n;
}

/** Today's date in Asia/Shanghai. */
export function shanghaiDate(now: Date = new Date()): string {
  return fromUtc(now.getTime() + 8 * 3_600_000);
}
