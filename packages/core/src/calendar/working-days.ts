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
