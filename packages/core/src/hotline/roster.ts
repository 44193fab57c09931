import { addDays, type WorkingCalendar } from "../calendar/calendar.js";
import { isRealDate } from "../validators/id-number.js";

/**
 * The duty roster of the farm service centre's experts (坐诊专家), PagerDuty-style
 * (domain.md, "Duty rosters"): a daily rotation on working days (Chinese holidays and
 * make-up workdays respected), a holiday layer rotating over the rest days, and overrides
 * for swaps and leave — an override always wins, the latest one when several cover a day.
 */

/** A daily rotation: `members` take turns, one a day, the first on `start`. */
export interface Rotation {
  members: readonly string[];
  /** YYYY-MM-DD: the first member's turn (the first day of its kind on or after it). */
  start: string;
}

/** Someone on duty instead, from `from` to `to` (inclusive). */
export interface Override {
  from: string;
  to: string;
  expertId: string;
  /** Swap, leave, training … as the supervisor wrote it. */
  reason: string;
}

export interface Roster {
  /** Turns on working days. */
  working: Rotation;
  /** Turns on weekends and holidays; none: nobody on duty then (calls wait for the next working day). */
  holiday: Rotation | null;
  overrides: readonly Override[];
}

/** Who is on duty on a day and why. */
export interface DutyTurn {
  date: string;
  expertId: string | null;
  layer: "override" | "working" | "holiday" | "none";
  workingDay: boolean;
  /** Nobody has entered the year's holidays: the calendar's estimate decided the day (预计). */
  estimated: boolean;
  /** The override's reason. */
  reason: string | null;
}

/** Problems with a roster, in zh-CN naming the field; empty when it is sound. */
export function rosterProblems(r: Roster): { path: string; message: string }[] {
  const p: { path: string; message: string }[] = [];
  if (!r.working.members.length) p.push({ path: "working.members", message: "工作日轮值：至少需要 1 名专家" });
  if (new Set(r.working.members).size !== r.working.members.length) p.push({ path: "working.members", message: "工作日轮值：同一专家不能重复排入" });
  if (!isRealDate(r.working.start)) p.push({ path: "working.start", message: "工作日轮值起始日：须为 YYYY-MM-DD 格式的有效日期" });
  if (r.holiday) {
    if (!r.holiday.members.length) p.push({ path: "holiday.members", message: "节假日轮值：至少需要 1 名专家，或不设节假日值班" });
    if (!isRealDate(r.holiday.start)) p.push({ path: "holiday.start", message: "节假日轮值起始日：须为 YYYY-MM-DD 格式的有效日期" });
  }
  r.overrides.forEach((o, i) => p.push(...overrideProblems(o).map((x) => ({ ...x, path: `overrides.${i}.${x.path}` }))));
  return p;
}

/** Problems with one override, in zh-CN naming its field (from, to, reason); empty when it is sound. */
export function overrideProblems(o: Override): { path: string; message: string }[] {
  const p: { path: string; message: string }[] = [];
  if (!isRealDate(o.from)) p.push({ path: "from", message: "调班开始日期：须为 YYYY-MM-DD 格式的有效日期" });
  if (!isRealDate(o.to)) p.push({ path: "to", message: "调班结束日期：须为 YYYY-MM-DD 格式的有效日期" });
  if (!p.length && o.to < o.from) p.push({ path: "to", message: "调班：结束日期不能早于开始日期" });
  if (!o.reason.trim()) p.push({ path: "reason", message: "调班：请写明原因（换班、请假等）" });
  return p;
}

/**
 * The duty of each day from `from` for `days` days. The rotations count turns only on days of
 * their kind since their start: the n-th working day since `working.start` is member n mod size.
 */
export function dutySchedule(calendar: WorkingCalendar, roster: Roster, from: string, days: number): DutyTurn[] {
  // Turns taken before `from`: count days of each kind from each start up to `from`.
  const kindOf = (d: string) => {
    const day = calendar.day(d);
    return { working: day.working, estimated: day.source === "estimate" };
  };
  const countBefore = (start: string, working: boolean) => {
    let n = 0;
    for (let d = start; d < from; d = addDays(d, 1)) if (kindOf(d).working === working) n++;
    return n;
  };
  let workTurn = countBefore(roster.working.start, true);
  let restTurn = roster.holiday ? countBefore(roster.holiday.start, false) : 0;
  const out: DutyTurn[] = [];
  for (let i = 0, d = from; i < days; i++, d = addDays(d, 1)) {
    const { working, estimated } = kindOf(d);
    const override = [...roster.overrides].reverse().find((o) => o.from <= d && d <= o.to);
    let expertId: string | null = null;
    let layer: DutyTurn["layer"] = "none";
    if (working && d >= roster.working.start && roster.working.members.length) {
      expertId = roster.working.members[workTurn % roster.working.members.length]!;
      layer = "working";
    } else if (!working && roster.holiday && d >= roster.holiday.start && roster.holiday.members.length) {
      expertId = roster.holiday.members[restTurn % roster.holiday.members.length]!;
      layer = "holiday";
    }
    if (working && d >= roster.working.start) workTurn++;
    if (!working && roster.holiday && d >= roster.holiday.start) restTurn++;
    if (override) out.push({ date: d, expertId: override.expertId, layer: "override", workingDay: working, estimated, reason: override.reason });
    else out.push({ date: d, expertId, layer, workingDay: working, estimated, reason: null });
  }
  return out;
}

/** Who is on duty on `date`. */
export function dutyOn(calendar: WorkingCalendar, roster: Roster, date: string): DutyTurn {
  return dutySchedule(calendar, roster, date, 1)[0]!;
}

/** On duty today and the next turn with someone on duty (for the board: "now" and "next"). */
export function dutyNowAndNext(calendar: WorkingCalendar, roster: Roster, today: string, horizon = 31): { now: DutyTurn; next: DutyTurn | null } {
  const [now, ...rest] = dutySchedule(calendar, roster, today, horizon);
  return { now: now!, next: rest.find((t) => t.expertId !== null) ?? null };
}
