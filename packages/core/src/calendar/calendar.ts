import chineseDays from "chinese-days";
import packageData from "chinese-days/dist/chinese-days.json" with { type: "json" };
import { isRealDate } from "../validators/id-number.js";
import { isWeekend, type Closure, type ScheduleDay, type YearSchedule } from "./schedule.js";

/**
 * The working calendar: Chinese working days (Administrative Licensing Law art. 82: time
 * limits count working days, statutory holidays excluded) from three layers, the first that
 * holds a year wins for every day of it:
 *   1. `centre`   the schedule the centre entered from the State Council's notice;
 *   2. `package`  the `chinese-days` package's data (2004–2026 in the version we ship);
 *   3. `estimate` the statutory holidays as the rules place them, with no make-up days: a
 *                 guess, so anything counted over such a day is provisional (预计).
 * Over them, the centre's own closures (台风停工 …) are rest days whatever the layer says.
 * Dates are `YYYY-MM-DD` days in Asia/Shanghai; no time zone of the machine is involved. Pure.
 */

/** Where a day's status comes from. */
export type DaySource = "centre" | "package" | "estimate";

/** What kind of day it is in the year's schedule. */
export type DayKind = "workday" | "weekend" | "holiday" | "makeup";

/** One day as the calendar sees it. */
export interface CalendarDay {
  date: string;
  working: boolean;
  kind: DayKind;
  /** Which layer decided the day; a closed day is the centre's. */
  source: DaySource;
  /** The festival (春节 …) of a holiday or make-up day. */
  name: string | null;
  /** The reason the centre closed on this day (it is then not a working day). */
  closure: string | null;
}

/** A date `n` working days on, and whether an estimated day was counted to reach it. */
export interface Deadline {
  date: string;
  provisional: boolean;
}

const pkg = packageData as { holidays: Record<string, string>; workdays: Record<string, string> };

/** Years the package's data covers. */
export const PACKAGE_YEARS: readonly number[] = [...new Set(Object.keys(pkg.holidays).map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b);
const packageYears = new Set(PACKAGE_YEARS);

/** The zh-CN festival name of a package entry ("Spring Festival,春节,4" → 春节). */
const packageName = (entry: string) => entry.split(",")[1] ?? entry;

/** The package's schedule of a year it covers, or null. */
export function packageSchedule(year: number): YearSchedule | null {
  if (!packageYears.has(year)) return null;
  const prefix = `${year}-`;
  const days: ScheduleDay[] = [];
  for (const [date, v] of Object.entries(pkg.holidays)) if (date.startsWith(prefix)) days.push({ date, kind: "holiday", name: packageName(v) });
  for (const [date, v] of Object.entries(pkg.workdays)) if (date.startsWith(prefix)) days.push({ date, kind: "makeup", name: packageName(v) });
  return { year, days: days.sort((a, b) => (a.date < b.date ? -1 : 1)) };
}

const DAY_MS = 86_400_000;
const toUtc = (date: string) => Date.parse(`${date}T00:00:00Z`);
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** Today's date in Asia/Shanghai of the instant `now` (from the clock; no default, so every caller says whose time it is). */
export function shanghaiDate(now: Date): string {
  return fromUtc(now.getTime() + 8 * 3_600_000);
}

/**
 * The statutory holidays of a year as the rules set them (国务院《全国年节及纪念日放假办法》, as
 * amended 2024, from 2025): 元旦 1 January; 春节 除夕 to 正月初三; 清明 (the solar term); 劳动节
 * 1–2 May; 端午 (五月初五); 中秋 (八月十五); 国庆 1–3 October. The extra days and make-up working
 * days the State Council announces each year cannot be known ahead: an estimate.
 */
export function estimatedHolidays(year: number): ReadonlyMap<string, string> {
  const cached = estimates.get(year);
  if (cached) return cached;
  const lunar = (md: string) => chineseDays.getSolarDateFromLunar(`${year}-${md}`).date;
  const newYear = lunar("01-01");
  const days: [string, string][] = [
    [`${year}-01-01`, "元旦"],
    [addDays(newYear, -1), "春节"],
    [newYear, "春节"],
    [addDays(newYear, 1), "春节"],
    [addDays(newYear, 2), "春节"],
    [chineseDays.getSolarTermDate(year, 4, "pure_brightness"), "清明节"],
    [`${year}-05-01`, "劳动节"],
    [`${year}-05-02`, "劳动节"],
    [lunar("05-05"), "端午节"],
    [lunar("08-15"), "中秋节"],
    [`${year}-10-01`, "国庆节"],
    [`${year}-10-02`, "国庆节"],
    [`${year}-10-03`, "国庆节"],
  ];
  const map = new Map(days);
  estimates.set(year, map);
  return map;
}
const estimates = new Map<number, ReadonlyMap<string, string>>();

/** The days of one year, resolved once: working bit, kind, name, source. */
interface YearTable {
  source: DaySource;
  first: number;
  days: CalendarDay[];
  /** Working days from 1 January through each day. */
  through: Int32Array;
}

/** What a calendar is made of besides the package and the rules. */
export interface CalendarLayers {
  /** Years the centre entered (the version in force of each). */
  years?: readonly YearSchedule[];
  /** Days the centre closed. */
  closures?: readonly Closure[];
  /** Leave the package's data out (a test of what the product does for a year nobody holds). */
  withoutPackage?: boolean;
}

/** A date that is not a real `YYYY-MM-DD` day. */
function checkDate(date: string): void {
  if (!isRealDate(date)) throw new RangeError(`不是有效日期（YYYY-MM-DD）：${date}`);
}

/** The working calendar of the centre: ask it, never the package, for anything counted in working days. */
export class WorkingCalendar {
  readonly #centre = new Map<number, YearSchedule>();
  readonly #closures = new Map<string, string>();
  readonly #withoutPackage: boolean;
  readonly #tables = new Map<number, YearTable>();
  /** Counts already made (a calendar never changes): a recount of thousands of deadlines from the same few days is lookups. */
  readonly #added = new Map<string, string>();
  /** Days looked up by their text (a deadline counts over the same few weeks again and again). */
  readonly #days = new Map<string, CalendarDay>();

  /** `revision`: the calendar's version as stored (0 for the package and rules alone). */
  constructor(layers: CalendarLayers = {}, readonly revision = 0) {
    for (const y of layers.years ?? []) this.#centre.set(y.year, y);
    for (const c of layers.closures ?? []) this.#closures.set(c.date, c.reason);
    this.#withoutPackage = layers.withoutPackage ?? false;
  }

  /** Which layer decides a year's days. */
  yearSource(year: number): DaySource {
    if (this.#centre.has(year)) return "centre";
    if (!this.#withoutPackage && packageYears.has(year)) return "package";
    return "estimate";
  }

  /** Closures the calendar holds, in date order. */
  closures(): Closure[] {
    return [...this.#closures].map(([date, reason]) => ({ date, reason })).sort((a, b) => (a.date < b.date ? -1 : 1));
  }

  #table(year: number): YearTable {
    const hit = this.#tables.get(year);
    if (hit) return hit;
    const source = this.yearSource(year);
    const named = new Map<string, { kind: "holiday" | "makeup"; name: string }>();
    if (source === "centre") for (const d of this.#centre.get(year)!.days) named.set(d.date, { kind: d.kind, name: d.name });
    else if (source === "package") for (const d of packageSchedule(year)!.days) named.set(d.date, { kind: d.kind, name: d.name });
    else for (const [date, name] of estimatedHolidays(year)) named.set(date, { kind: "holiday", name });
    const first = toUtc(`${String(year).padStart(4, "0")}-01-01`);
    const days: CalendarDay[] = [];
    for (let ms = first, date = fromUtc(ms); date.startsWith(`${year}-`); ms += DAY_MS, date = fromUtc(ms)) {
      const n = named.get(date);
      const kind: DayKind = n ? n.kind : isWeekend(date) ? "weekend" : "workday";
      const closure = this.#closures.get(date) ?? null;
      days.push({
        date,
        kind,
        working: closure === null && (kind === "workday" || kind === "makeup"),
        source: closure !== null ? "centre" : source,
        name: n?.name || null,
        closure,
      });
    }
    // Working days up to and including each day of the year: counts between two days without a walk.
    const through = new Int32Array(days.length);
    for (let i = 0, n = 0; i < days.length; i++) through[i] = n += days[i]!.working ? 1 : 0;
    const table = { source, first, days, through };
    this.#tables.set(year, table);
    return table;
  }

  /** Working days from 1 January of `date`'s year through `date`. */
  #workingThrough(date: string): number {
    const t = this.#table(Number(date.slice(0, 4)));
    return t.through[Math.round((toUtc(date) - t.first) / DAY_MS)]!;
  }

  /** A day: working or not, its kind, name and source. */
  day(date: string): CalendarDay {
    const hit = this.#days.get(date);
    if (hit) return hit;
    checkDate(date);
    const t = this.#table(Number(date.slice(0, 4)));
    const day = t.days[Math.round((toUtc(date) - t.first) / DAY_MS)]!;
    this.#days.set(date, day);
    return day;
  }

  /** True when `date` is a working day. */
  isWorkingDay(date: string): boolean {
    return this.day(date).working;
  }

  /** Every day of a year, 1 January first. */
  yearDays(year: number): readonly CalendarDay[] {
    return this.#table(year).days;
  }

  /** True when a day in (`from`, `to`] lies in a year only estimated (a count over it is provisional). */
  estimatedBetween(from: string, to: string): boolean {
    if (to <= from) return false;
    const a = Number(addDays(from, 1).slice(0, 4));
    const b = Number(to.slice(0, 4));
    for (let y = a; y <= b; y++) if (this.yearSource(y) === "estimate") return true;
    return false;
  }

  /**
   * The date on which `n` working days after `date` end, counting from the day after (2 working
   * days after Friday 2026-02-13 is 2026-02-24, across the Spring Festival); `n = 0` is `date`.
   */
  addWorkingDays(date: string, n: number): string {
    const key = `${date}|${n}`;
    const hit = this.#added.get(key);
    if (hit !== undefined) return hit;
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`工作日数应为非负整数：${n}`);
    checkDate(date);
    let d = date;
    for (let left = n; left > 0; ) {
      d = addDays(d, 1);
      if (this.day(d).working) left--;
    }
    if (this.#added.size > 100_000) this.#added.clear();
    this.#added.set(key, d);
    return d;
  }

  /** `addWorkingDays`, and whether an estimated day was counted on the way (预计). */
  deadline(date: string, n: number): Deadline {
    const end = this.addWorkingDays(date, n);
    return { date: end, provisional: this.estimatedBetween(date, end) };
  }

  /** Working days in (`from`, `to`]: 0 when `to` is not after `from`. Counted from each year's running totals, not day by day. */
  workingDaysBetween(from: string, to: string): number {
    checkDate(from);
    checkDate(to);
    if (to <= from) return 0;
    const a = Number(from.slice(0, 4));
    const b = Number(to.slice(0, 4));
    let n = this.#workingThrough(to) - this.#workingThrough(from);
    for (let y = a; y < b; y++) n += this.#table(y).through.at(-1)!;
    return n;
  }
}

/** The calendar of the package's data and the rules alone: for pure code and tests that need no centre. */
export const PACKAGE_CALENDAR = new WorkingCalendar();

/** A day's difference between two versions of a year. */
export interface DayChange {
  date: string;
  before: { kind: DayKind; working: boolean; name: string | null };
  after: { kind: DayKind; working: boolean; name: string | null };
}

/** The days whose kind, working status or name differ between two lists of the same year's days. */
export function diffYearDays(before: readonly CalendarDay[], after: readonly CalendarDay[]): DayChange[] {
  const b = new Map(before.map((d) => [d.date, d]));
  const out: DayChange[] = [];
  for (const a of after) {
    const x = b.get(a.date);
    if (!x) continue;
    if (x.kind !== a.kind || x.working !== a.working || (x.name ?? "") !== (a.name ?? "")) {
      out.push({ date: a.date, before: { kind: x.kind, working: x.working, name: x.name }, after: { kind: a.kind, working: a.working, name: a.name } });
    }
  }
  return out;
}

/** From this month on (October), next year's schedule is expected: the State Council publishes it between October and December. */
export const NEXT_YEAR_WARNING_MONTH = 10;

/**
 * The year whose schedule the centre still has to enter, or null: this year while only estimated;
 * from 1 October, next year while only estimated. Deadlines over such a year are provisional (预计).
 */
export function missingScheduleYear(calendar: WorkingCalendar, today: string): { year: number; current: boolean } | null {
  const year = Number(today.slice(0, 4));
  if (calendar.yearSource(year) === "estimate") return { year, current: true };
  if (Number(today.slice(5, 7)) >= NEXT_YEAR_WARNING_MONTH && calendar.yearSource(year + 1) === "estimate") return { year: year + 1, current: false };
  return null;
}
