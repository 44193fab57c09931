import { addDays, type WorkingCalendar } from "../calendar/calendar.js";

/**
 * Service levels of hotline tickets on a working-hours calendar (domain.md, ticketing peers:
 * SLAs on business-hours calendars that respect holidays, first-response and solution times,
 * the clock paused while waiting for the farmer). Times are ISO-8601 instants; working hours
 * are local times of day in Asia/Shanghai on Chinese working days. Pure: no clock, no I/O.
 */

/** Working periods of a day, "HH:MM" local time, in order. */
export interface WorkingHours {
  periods: readonly (readonly [string, string])[];
}

/** The farm service centre's hours: 08:30–12:00 and 13:30–17:30 on working days. */
export const DEFAULT_WORKING_HOURS: WorkingHours = { periods: [["08:30", "12:00"], ["13:30", "17:30"]] };

const OFFSET = 8 * 60; // Asia/Shanghai, no daylight saving
const minuteOfDay = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
/** Minutes since the epoch, local (Shanghai) time. */
const localMinutes = (iso: string) => Math.floor(Date.parse(iso) / 60_000) + OFFSET;
const toIso = (local: number) => new Date((local - OFFSET) * 60_000).toISOString();
const dayOf = (local: number) => new Date(Math.floor(local / 1440) * 86_400_000).toISOString().slice(0, 10);
const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`) / 60_000;

/** The working periods of `day` as local minute ranges (none on a rest day). */
function periodsOf(calendar: WorkingCalendar, day: string, hours: WorkingHours): [number, number][] {
  if (!calendar.isWorkingDay(day)) return [];
  const base = dayStart(day);
  return hours.periods.map(([a, b]) => [base + minuteOfDay(a), base + minuteOfDay(b)]);
}

/** Working minutes of `day` between two local instants. */
function minutesWithin(calendar: WorkingCalendar, day: string, from: number, to: number, hours: WorkingHours): number {
  let total = 0;
  for (const [a, b] of periodsOf(calendar, day, hours)) total += Math.max(0, Math.min(b, to) - Math.max(a, from));
  return total;
}

/**
 * Working minutes between two instants (0 when `to` is not after `from`): the first and last days
 * by their periods, the whole days between by the calendar's count of working days (a ticket open
 * for a year costs as little as one open for an hour).
 */
export function workingMinutesBetween(calendar: WorkingCalendar, fromIso: string, toIsoTime: string, hours: WorkingHours = DEFAULT_WORKING_HOURS): number {
  const from = localMinutes(fromIso);
  const to = localMinutes(toIsoTime);
  if (to <= from) return 0;
  const first = dayOf(from);
  const last = dayOf(to);
  if (first === last) return minutesWithin(calendar, first, from, to, hours);
  const perDay = hours.periods.reduce((n, [a, b]) => n + Math.max(0, minuteOfDay(b) - minuteOfDay(a)), 0);
  const between = calendar.workingDaysBetween(first, last) - (calendar.isWorkingDay(last) ? 1 : 0);
  return minutesWithin(calendar, first, from, to, hours) + between * perDay + minutesWithin(calendar, last, from, to, hours);
}

/** The instant `minutes` working minutes after `fromIso` (the end of the last minute used). */
export function addWorkingMinutes(calendar: WorkingCalendar, fromIso: string, minutes: number, hours: WorkingHours = DEFAULT_WORKING_HOURS): string {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`工作分钟数应为非负数：${minutes}`);
  let at = localMinutes(fromIso);
  let left = minutes;
  if (left === 0) return fromIso;
  // Minutes are counted whole; a clock started inside working time keeps the seconds it started at
  // (logged 07:23:28 with 30 minutes: due 07:53:28, not 07:53:00).
  const seconds = Date.parse(fromIso) - Math.floor(Date.parse(fromIso) / 60_000) * 60_000;
  let startedInside: boolean | null = null;
  for (let day = dayOf(at), guard = 0; guard < 3700; day = addDays(day, 1), guard++) {
    for (const [a, b] of periodsOf(calendar, day, hours)) {
      const start = Math.max(a, at);
      if (start >= b) continue;
      startedInside ??= start === localMinutes(fromIso);
      if (b - start >= left) return startedInside && seconds ? new Date(Date.parse(toIso(start + left)) + seconds).toISOString() : toIso(start + left);
      left -= b - start;
      at = b;
    }
  }
  throw new RangeError("工作时间日历中找不到足够的工作时间");
}

/** A period the ticket waited for the farmer (the solution clock stands still). */
export interface Pause {
  from: string;
  to: string | null;
}

/** One clock: its limit in working minutes, when it is due, how much is used. */
export interface SlaClock {
  limitMinutes: number;
  /** Null while the clock stands still (paused with no end yet). */
  dueAt: string | null;
  /** Working minutes counted so far (until met or now), pauses excluded. */
  usedMinutes: number;
  met: boolean;
  /** Met after the due time, or not met and past it. */
  breached: boolean;
  /** green: under the warning share; yellow: at or over it; red: breached. */
  light: "green" | "yellow" | "red";
  /** The due time was counted over a year the calendar only estimates (预计). */
  provisional: boolean;
}

export interface SlaInput {
  openedAt: string;
  respondedAt: string | null;
  solvedAt: string | null;
  /** Waiting for the farmer: only the solution clock stops. */
  pauses: readonly Pause[];
  responseMinutes: number;
  solutionMinutes: number;
  now: string;
}

/** Merged pause intervals in local minutes (an open pause runs to +∞). */
function mergedPauses(pauses: readonly Pause[]): [number, number][] {
  const xs = pauses.map((p): [number, number] => [localMinutes(p.from), p.to ? localMinutes(p.to) : Number.POSITIVE_INFINITY]).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [a, b] of xs) {
    const last = out.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Working minutes from `from` to `to` with the pauses taken out. */
function runningMinutes(calendar: WorkingCalendar, from: number, to: number, pauses: [number, number][], hours: WorkingHours): number {
  let total = workingMinutesBetween(calendar, toIso(from), toIso(to), hours);
  for (const [a, b] of pauses) {
    const s = Math.max(a, from);
    const e = Math.min(b, to);
    if (e > s) total -= workingMinutesBetween(calendar, toIso(s), toIso(e), hours);
  }
  return total;
}

/** When `limit` running minutes from `from` are used up, skipping the pauses; null if a pause never ends first. */
function dueWithPauses(calendar: WorkingCalendar, from: number, limit: number, pauses: [number, number][], hours: WorkingHours): number | null {
  let at = from;
  let left = limit;
  for (const [a, b] of [...pauses.filter(([, e]) => e > from), [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY] as [number, number]]) {
    if (a > at) {
      const untilPause = Number.isFinite(a) ? workingMinutesBetween(calendar, toIso(at), toIso(a), hours) : Number.POSITIVE_INFINITY;
      if (untilPause >= left) return localMinutes(addWorkingMinutes(calendar, toIso(at), left, hours));
      left -= untilPause;
    }
    if (!Number.isFinite(b)) return null;
    at = Math.max(at, b);
  }
  return null;
}

function clock(limit: number, used: number, dueAt: number | null, metAt: number | null, now: number, warnShare: number, provisional: boolean): SlaClock {
  const met = metAt !== null;
  // Met late; or not met and past the due time (while paused with no due time: already over the limit).
  const breached = met ? dueAt !== null && metAt > dueAt : dueAt !== null ? now > dueAt : used >= limit;
  return {
    limitMinutes: limit,
    dueAt: dueAt === null ? null : toIso(dueAt),
    usedMinutes: used,
    met,
    breached,
    light: breached ? "red" : !met && used >= limit * warnShare ? "yellow" : "green",
    provisional,
  };
}

/**
 * The due times alone (what a ticket stores): first response, and solution with the pauses skipped
 * (null while a pause has no end); `provisional` as in `slaClocks`. Cheaper than the clocks: no
 * minutes used are counted.
 */
export function slaDueTimes(calendar: WorkingCalendar, input: Omit<SlaInput, "now" | "respondedAt" | "solvedAt">, hours: WorkingHours = DEFAULT_WORKING_HOURS): { responseDue: string; solutionDue: string | null; provisional: boolean } {
  const opened = localMinutes(input.openedAt);
  // Without pauses a due time keeps the seconds its clock started at, as when the ticket was logged.
  const responseDue = addWorkingMinutes(calendar, input.openedAt, input.responseMinutes, hours);
  const paused = input.pauses.length ? dueWithPauses(calendar, opened, input.solutionMinutes, mergedPauses(input.pauses), hours) : null;
  const solutionDue = input.pauses.length ? (paused === null ? null : toIso(paused)) : addWorkingMinutes(calendar, input.openedAt, input.solutionMinutes, hours);
  const dayBefore = addDays(dayOf(opened), -1);
  const provisional = [responseDue, solutionDue].some((due) => due !== null && calendar.estimatedBetween(dayBefore, dayOf(localMinutes(due))));
  return { responseDue, solutionDue, provisional };
}

/**
 * Both clocks of a ticket: first response (from opening, never paused) and solution (from
 * opening, standing still while waiting for the farmer), each with its due time, working
 * minutes used and light; yellow from `warnShare` of the limit; `provisional` when a due time
 * was counted over a year the calendar only estimates (预计).
 */
export function slaClocks(calendar: WorkingCalendar, input: SlaInput, hours: WorkingHours = DEFAULT_WORKING_HOURS, warnShare = 0.5): { response: SlaClock; solution: SlaClock; paused: boolean; provisional: boolean } {
  const opened = localMinutes(input.openedAt);
  const now = localMinutes(input.now);
  const pauses = mergedPauses(input.pauses);
  const respondedAt = input.respondedAt ? localMinutes(input.respondedAt) : null;
  const solvedAt = input.solvedAt ? localMinutes(input.solvedAt) : null;
  const responseDue = localMinutes(addWorkingMinutes(calendar, input.openedAt, input.responseMinutes, hours));
  const responseUsed = workingMinutesBetween(calendar, input.openedAt, toIso(respondedAt ?? now), hours);
  const solutionDue = dueWithPauses(calendar, opened, input.solutionMinutes, pauses, hours);
  const solutionUsed = runningMinutes(calendar, opened, solvedAt ?? now, pauses, hours);
  // A due time reached over a day only estimated may move when the year is entered.
  const dayBefore = addDays(dayOf(opened), -1);
  const over = (due: number | null) => due !== null && calendar.estimatedBetween(dayBefore, dayOf(due));
  const paused = solvedAt === null && pauses.some(([a, b]) => a <= now && now < b);
  return {
    response: clock(input.responseMinutes, responseUsed, responseDue, respondedAt, now, warnShare, over(responseDue)),
    solution: clock(input.solutionMinutes, solutionUsed, solutionDue, solvedAt, now, warnShare, over(solutionDue)),
    paused,
    provisional: over(responseDue) || over(solutionDue),
  };
}
