import { todayInShanghai } from "@yichuang/core";
import dayjs, { type Dayjs } from "dayjs";

/**
 * The server's clock as the browser sees it. Every API response carries `x-yc-now` (the server's
 * current instant); the api client notes the difference from the browser's clock, so "today" is the
 * server's even when the browser's clock is wrong or the server runs at another date (a test set to
 * 2026-12-30). Elapsed-time timers keep using the browser's clock.
 */
let skewMs = 0;

/** The browser's own time: the only place the web app reads it for dates (timers measure durations). */
const browserMs = (): number => Date.now();

/** Notes the server's instant from a response's `x-yc-now` header, received at `receivedAt` (browser ms). */
export function noteServerNow(header: string | null, receivedAt: number = browserMs()): void {
  if (!header) return;
  const server = Date.parse(header);
  if (!Number.isNaN(server)) skewMs = server - receivedAt;
}

/** Server minus browser clock, in milliseconds (0 until a response said otherwise). */
export function serverSkewMs(): number {
  return skewMs;
}

/** The server's current instant. */
export function serverNow(): Date {
  return new Date(browserMs() + skewMs);
}

/** The server's today, YYYY-MM-DD in Asia/Shanghai. */
export function serverToday(): string {
  return todayInShanghai(serverNow());
}

/** The server's current instant as a dayjs (for pickers with a time, and comparisons of instants). */
export function serverDayjs(): Dayjs {
  return dayjs(serverNow());
}

/**
 * The server's today as a dayjs at local midnight: what a DatePicker's days compare against
 * (`d.isAfter(serverTodayDayjs(), "day")`) and its initial value.
 */
export function serverTodayDayjs(): Dayjs {
  return dayjs(serverToday());
}
