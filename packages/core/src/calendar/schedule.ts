import { isRealDate } from "../validators/id-number.js";

/**
 * A year's schedule of statutory holidays and make-up working days (调休上班), as the State
 * Council's annual notice (国务院办公厅关于YYYY年部分节假日安排的通知) sets it and the centre
 * enters it. Every other day follows the week: Monday–Friday work, Saturday and Sunday rest.
 * Dates are `YYYY-MM-DD` days in Asia/Shanghai.
 */

/** A day the schedule names: a day off (放假, 补休) or a weekend day worked (上班). */
export interface ScheduleDay {
  date: string;
  kind: "holiday" | "makeup";
  /** The festival it belongs to (春节, 国庆节 …); may be empty for a day set by hand. */
  name: string;
}

/** One year's holidays and make-up working days. */
export interface YearSchedule {
  year: number;
  days: readonly ScheduleDay[];
}

/** A day the centre itself closes (台风停工 …): not a working day for its deadlines. */
export interface Closure {
  date: string;
  reason: string;
}

/** A problem with an entered schedule, naming the field (`days.3.date`) in zh-CN. */
export interface ScheduleProblem {
  path: string;
  message: string;
}

const WEEKDAYS_ZH = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"] as const;

/** Day of the week of a `YYYY-MM-DD` date: 0 Sunday … 6 Saturday. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** 周一 … 周日 of a date. */
export function weekdayZh(date: string): string {
  return WEEKDAYS_ZH[weekdayOf(date)]!;
}

/** Saturday or Sunday. */
export function isWeekend(date: string): boolean {
  const w = weekdayOf(date);
  return w === 0 || w === 6;
}

/** Years a schedule may be entered for. */
export const SCHEDULE_YEAR_MIN = 2000;
export const SCHEDULE_YEAR_MAX = 2100;

/**
 * Problems with a schedule, in zh-CN naming the field; empty when it can be saved: a real
 * year; each day a real date inside that year, a holiday or a make-up day, named at most 20
 * characters; no day twice (a day both off and worked is refused); a make-up working day only
 * on a Saturday or Sunday (a weekday is worked anyway).
 */
export function scheduleProblems(s: YearSchedule): ScheduleProblem[] {
  const out: ScheduleProblem[] = [];
  if (!Number.isInteger(s.year) || s.year < SCHEDULE_YEAR_MIN || s.year > SCHEDULE_YEAR_MAX) {
    out.push({ path: "year", message: `年份：须为 ${SCHEDULE_YEAR_MIN}–${SCHEDULE_YEAR_MAX} 之间的整数` });
    return out;
  }
  const seen = new Map<string, { index: number; kind: ScheduleDay["kind"] }>();
  s.days.forEach((d, i) => {
    const path = `days.${i}`;
    if (typeof d.date !== "string" || !isRealDate(d.date)) {
      out.push({ path: `${path}.date`, message: `日期（第 ${i + 1} 项）：须为 YYYY-MM-DD 格式的有效日期` });
      return;
    }
    if (Number(d.date.slice(0, 4)) !== s.year) {
      out.push({ path: `${path}.date`, message: `日期（第 ${i + 1} 项）：${d.date} 不在 ${s.year} 年内` });
      return;
    }
    if (d.kind !== "holiday" && d.kind !== "makeup") {
      out.push({ path: `${path}.kind`, message: `类型（第 ${i + 1} 项）：须为放假或调休上班` });
      return;
    }
    if (typeof d.name !== "string" || d.name.length > 20) out.push({ path: `${path}.name`, message: `名称（第 ${i + 1} 项）：不超过 20 个字符` });
    const before = seen.get(d.date);
    if (before) {
      out.push({
        path: `${path}.date`,
        message:
          before.kind === d.kind
            ? `日期（第 ${i + 1} 项）：${d.date} 重复（第 ${before.index + 1} 项已有）`
            : `日期（第 ${i + 1} 项）：${d.date} 不能既是放假日又是调休上班日`,
      });
      return;
    }
    seen.set(d.date, { index: i, kind: d.kind });
    if (d.kind === "makeup" && !isWeekend(d.date)) {
      out.push({ path: `${path}.date`, message: `日期（第 ${i + 1} 项）：调休上班日须为周六或周日，${d.date} 是${weekdayZh(d.date)}` });
    }
  });
  return out;
}

/** The schedule's days in date order (a copy). */
export function sortedDays(days: readonly ScheduleDay[]): ScheduleDay[] {
  return [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
