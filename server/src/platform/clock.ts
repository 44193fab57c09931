import { shanghaiDate } from "@yichuang/core";

/**
 * The one clock of the server. Every read of the wall-clock time goes through it (`nowIso()`,
 * `today()`, `clock.now()`), so the whole product can be run at any date: `CLOCK_START` starts it
 * at another instant (it then runs at real speed), and tests move it. Elapsed time (timeouts,
 * caches' ages, rate windows of a socket) is measured with `performance.now()`, which no clock
 * setting moves.
 */
export class Clock {
  #offsetMs = 0;

  /** The machine's time: the only place the server reads it. */
  static #machineMs(): number {
    return Date.now();
  }

  /** The current instant. */
  now(): Date {
    return new Date(this.nowMs());
  }

  /** The current instant in milliseconds since the epoch. */
  nowMs(): number {
    return Clock.#machineMs() + this.#offsetMs;
  }

  /** From now on the clock reads `instant` (then runs on at real speed). */
  setTo(instant: Date | string): void {
    const ms = typeof instant === "string" ? Date.parse(instant) : instant.getTime();
    if (Number.isNaN(ms)) throw new RangeError(`不是有效时间：${String(instant)}`);
    this.#offsetMs = ms - Clock.#machineMs();
  }

  /** Moves the clock on (or back, negative) by `ms`. */
  advance(ms: number): void {
    this.#offsetMs += ms;
  }

  /** Back to the machine's time. */
  reset(): void {
    this.#offsetMs = 0;
  }

  /** True when the clock is not the machine's. */
  get shifted(): boolean {
    return this.#offsetMs !== 0;
  }
}

/** The server's clock: set once at start from CLOCK_START, moved only by tests. */
export const clock = new Clock();

/** Sets the server's clock from the configuration (CLOCK_START), once at start, before anything reads the time. */
export function applyClockSetting(config: { clockStart: string | null }): void {
  if (config.clockStart) clock.setTo(config.clockStart);
}

/** Current time as ISO-8601 UTC text, the format every timestamp column holds. */
export function nowIso(): string {
  return clock.now().toISOString();
}

/** Today's date (YYYY-MM-DD) in Asia/Shanghai on the server's clock. */
export function shanghaiToday(): string {
  return shanghaiDate(clock.now());
}

/** `iso` plus `minutes`, as ISO-8601 UTC text. */
export function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

/** `iso` plus `seconds`, as ISO-8601 UTC text. */
export function addSeconds(iso: string, seconds: number): string {
  return new Date(Date.parse(iso) + seconds * 1000).toISOString();
}

/** Milliseconds on a monotonic timer, for durations and the age of a cache entry: no clock setting moves it. */
export function elapsedMs(): number {
  return Math.floor(performance.now());
}
