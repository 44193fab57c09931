import type { FastifyInstance } from "fastify";
import { elapsedMs } from "./clock.js";

/** Node's socket errors that mean the database server cannot be reached. */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "ECONNABORTED"]);

/**
 * PostgreSQL SQLSTATEs of a server that is away or not taking work: class 08 (connection exception),
 * 57P01–57P03 (shut down by an administrator, crashed, cannot connect now), 53300 (too many connections).
 */
const PG_UNAVAILABLE = /^(08...|57P0[123]|53300)$/;

/** SQLite codes of a file the server cannot use right now (locked past busy_timeout, I/O error, gone, disk full). */
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL|PROTOCOL)/;

/** pg's own messages for a connection that broke or never came. */
const PG_MESSAGES = [
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error and is not queryable",
  "Client was closed and is not queryable",
  "connect ECONNREFUSED",
  "The database connection is not open",
];

/**
 * True when an error says the database cannot be reached (or cannot take work now), as opposed to a
 * query the database refused: such a request is answered 503 with Retry-After and retried by the
 * client, and a periodic job waits for the database instead of reporting each failure.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (SOCKET_CODES.has(code) || PG_UNAVAILABLE.test(code) || SQLITE_UNAVAILABLE.test(code))) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === "string" && PG_MESSAGES.some((m) => message.includes(m))) return true;
    // AggregateError (several addresses refused): any of them.
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.some((x) => isDatabaseUnavailable(x))) return true;
  }
  return false;
}

/** The least a logger must do here (pino's and Fastify's loggers do). */
export interface OutageLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** Seconds a client is asked to wait before trying again while the database is away. */
export const RETRY_AFTER_SECONDS = 10;

/**
 * One instance's view of a database outage: the first failure is logged at once, then one line a minute
 * while it lasts (how many failures, from where), and one line when the database answers again.
 * Requests and periodic jobs report to it instead of logging each failure.
 */
export class DatabaseOutage {
  #since: number | null = null;
  #lastLogged = 0;
  #failures = 0;
  #sources = new Set<string>();

  #probe: NodeJS.Timeout | null = null;

  /**
   * `probe` answers whether the database is reachable; while an outage lasts it is asked every
   * `probeEveryMs` (nothing else need touch the database meanwhile), and its first yes ends the outage.
   */
  constructor(
    private readonly log: OutageLogger,
    private readonly probe: () => Promise<boolean>,
    private readonly opts: { logEveryMs?: number; probeEveryMs?: number } = {},
  ) {}

  /** True while the last thing that tried the database failed to reach it. */
  get active(): boolean {
    return this.#since !== null;
  }

  /** A failure to reach the database, from `source` (a job's name, "requests"). */
  failed(source: string, err: unknown): void {
    const now = elapsedMs();
    this.#failures++;
    this.#sources.add(source);
    if (this.#since === null) {
      this.#since = now;
      this.#lastLogged = now;
      this.#startProbing();
      this.log.warn({ source, err: errorText(err) }, "数据库不可达 / database unreachable: requests answer 503, periodic jobs wait");
      this.#failures = 0;
      this.#sources.clear();
      return;
    }
    if (now - this.#lastLogged >= (this.opts.logEveryMs ?? 60_000)) {
      this.log.warn(
        { failures: this.#failures, sources: [...this.#sources], forSeconds: Math.round((now - this.#since) / 1000), err: errorText(err) },
        "数据库仍不可达 / database still unreachable",
      );
      this.#lastLogged = now;
      this.#failures = 0;
      this.#sources.clear();
    }
  }

  /** Something reached the database: an outage in progress is over. */
  recovered(): void {
    if (this.#since === null) return;
    if (this.#probe) clearInterval(this.#probe);
    this.#probe = null;
    const seconds = Math.round((elapsedMs() - this.#since) / 1000);
    this.#since = null;
    this.#failures = 0;
    this.#sources.clear();
    this.log.info({ afterSeconds: seconds }, "数据库已恢复 / database reachable again: work resumes");
  }

  /** Stops probing (the app closes). */
  close(): void {
    if (this.#probe) clearInterval(this.#probe);
    this.#probe = null;
  }

  #startProbing(): void {
    if (this.#probe) return;
    let inFlight = false;
    this.#probe = setInterval(() => {
      if (inFlight) return;
      inFlight = true;
      void this.probe()
        .then((ok) => ok && this.recovered())
        .catch(() => undefined)
        .finally(() => (inFlight = false));
    }, this.opts.probeEveryMs ?? 2000);
    this.#probe.unref();
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${(err as { code?: string }).code ?? err.name}: ${err.message}`.slice(0, 300) : String(err).slice(0, 300);
}

/**
 * The pause before the next try while the database is away (the push listener's reconnects): doubling from `baseMs`
 * up to a minute; 0 once it is back.
 */
export function backoffMs(consecutiveFailures: number, baseMs = 1000, maxMs = 60_000): number {
  if (consecutiveFailures <= 0) return 0;
  return Math.min(maxMs, baseMs * 2 ** Math.min(consecutiveFailures - 1, 16));
}

declare module "fastify" {
  interface FastifyInstance {
    /** This instance's view of a database outage (requests and periodic jobs report to it). */
    databaseOutage: DatabaseOutage;
  }
}

/**
 * Requests that cannot reach the database: answered 503 with Retry-After and a zh-CN message by the
 * error handler (see shared/http.ts), logged once a minute while it lasts; a probe every 2 s ends it.
 */
export function installOutageHandling(app: FastifyInstance, probe: () => Promise<boolean>): DatabaseOutage {
  const outage = new DatabaseOutage(app.log, probe);
  app.decorate("databaseOutage", outage);
  app.addHook("onClose", (_app, done) => {
    outage.close();
    done();
  });
  return outage;
}
