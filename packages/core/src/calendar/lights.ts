import type { WorkingCalendar } from "./calendar.js";

/** Electronic supervision lights (红黄牌). */
export type Light = "green" | "yellow" | "red";

/** What decides a task's light. */
export interface LightInput {
  /** The day the clock started (acceptance date), YYYY-MM-DD in Asia/Shanghai. */
  startedDate: string;
  /** The promised time limit in working days. */
  promisedDays: number;
  /** The deadline, already moved by the working days the clock stood still. */
  deadlineDate: string;
  /** Working days the clock stood still while waiting for the founder. */
  pausedDays: number;
  /** Today, YYYY-MM-DD in Asia/Shanghai. */
  today: string;
  /** Share of the time limit after which the task turns yellow (default one half). */
  yellowRatio?: number;
}

/**
 * Red when today is past the deadline; yellow when at least `yellowRatio` of the
 * promised working days are used (time waiting for the founder does not count);
 * green otherwise. A same-day promise (0 days) is yellow on its day.
 */
export function taskLight(calendar: WorkingCalendar, i: LightInput): Light {
  if (i.today > i.deadlineDate) return "red";
  const used = Math.max(0, calendar.workingDaysBetween(i.startedDate, i.today) - i.pausedDays);
  const ratio = i.yellowRatio ?? 0.5;
  if (i.promisedDays === 0) return "yellow";
  return used >= i.promisedDays * ratio ? "yellow" : "green";
}

/**
 * The day a task turns yellow: once ⌈promised × ratio⌉ working days after its start
 * (the start itself for a same-day promise). Stored with the task and moved, like the
 * deadline, by the working days the clock stands still, so lights are date comparisons.
 */
export function yellowDate(calendar: WorkingCalendar, startedDate: string, promisedDays: number, yellowRatio = 0.5): string {
  return calendar.addWorkingDays(startedDate, yellowOffset(promisedDays, yellowRatio));
}

/** Working days from a task's start to its yellow date (before any pause). */
export function yellowOffset(promisedDays: number, yellowRatio = 0.5): number {
  return Math.ceil(promisedDays * yellowRatio);
}

/** The light from stored dates: red after the deadline, yellow from the yellow date, green before. */
export function lightOn(today: string, yellow: string, deadline: string): Light {
  return today > deadline ? "red" : today >= yellow ? "yellow" : "green";
}
