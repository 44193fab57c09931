import type { FastifyBaseLogger } from "fastify";
import type { CaseDeps } from "../cases/cases.service.js";
import { notifyOverdueTasks } from "../cases/cases.service.js";
import { FOLD_BATCH, foldDayDeltas } from "../assessment/assessment.repository.js";
import { foldFigureDeltas } from "../evaluation/evaluation.repository.js";
import { notifyClerksOfTickets, notifyOverdueTickets } from "../evaluation/rectification.service.js";
import { notifyOverdueHotline } from "../hotline/tickets.service.js";
import { expandUnfinished } from "../sms/broadcasts.service.js";
import { LogGateway, type SmsGateway } from "../sms/gateway.js";
import { SmppGateway } from "../sms/smpp-gateway.js";
import { OutboxWorker } from "../sms/outbox.worker.js";
import { failStalledImports } from "../sms/subscribers.repository.js";
import { warnAdministrators } from "./calendar/calendar.service.js";
import type { DeadlineRecount } from "./calendar/recount.js";
import { clock, nowIso } from "./clock.js";
import { isReachable } from "../db/database.js";
import { DatabaseOutage, isDatabaseUnavailable } from "./outage.js";

/** Every this many minutes each instance sweeps for overdue tasks and rectification tickets (and tells clerks of theirs); claims keep instances from repeating each other. */
const SWEEP_MINUTES = 10;
/** Every this many seconds each instance reports 12316 tickets whose clock ran out (limits are minutes, not days). */
const HOTLINE_SWEEP_SECONDS = 60;
/** A subscriber import with no progress for this long was cut off by a restart (a batch takes seconds). */
const STALLED_IMPORT_MINUTES = 5;
/** Every this many seconds each instance looks for open deadlines counted on an older calendar (another instance's change; a write that raced a change). */
const RECOUNT_SECONDS = 30;
/** Every this many seconds each instance folds the counter changes of new ratings and transactions into the per-day counters (PostgreSQL). */
const FOLD_SECONDS = 2;

/** Starts the periodic jobs of this instance; returns a stop function. */
export function startJobs(deps: CaseDeps & { recount: DeadlineRecount; outage?: DatabaseOutage }, log: FastifyBaseLogger): () => void {
  // While the database is away only the outage's probe knocks; the jobs skip their rounds and resume after it.
  const outage = deps.outage ?? new DatabaseOutage(log, () => isReachable(deps.db));
  /** A job's failure: an unreachable database is the outage's to report (once a minute), anything else is logged. */
  const failed = (job: string, err: unknown, message: string) => {
    if (isDatabaseUnavailable(err)) outage.failed(job, err);
    else log.error({ err }, message);
  };
  const sweep = async () => {
    if (outage.active) return;
    try {
      // Once a working day, while a year's holidays are missing, the administrators are told (one instance claims the day).
      if (await warnAdministrators(deps)) log.warn("administrators told that a year's holiday schedule is missing");
      const n = await notifyOverdueTasks(deps);
      if (n) log.info({ overdueTasks: n }, "overdue tasks reported");
      await notifyClerksOfTickets(deps);
      const k = await notifyOverdueTickets(deps.db);
      if (k) log.info({ overdueTickets: k }, "overdue rectification tickets reported");
      const stalled = await failStalledImports(deps.db, new Date(clock.nowMs() - STALLED_IMPORT_MINUTES * 60_000).toISOString(), nowIso());
      if (stalled) log.warn({ stalled }, "subscriber imports cut off by a restart marked failed");
    } catch (err) {
      failed("overdue sweep", err, "overdue sweep failed");
    }
  };
  const hotline = async () => {
    if (outage.active) return;
    try {
      const n = await notifyOverdueHotline(deps.db);
      if (n) log.info({ overdueHotline: n }, "overdue 12316 tickets reported");
    } catch (err) {
      failed("12316 overdue sweep", err, "12316 overdue sweep failed");
    }
  };
  // A broadcast's recipients still being written when the server stopped (SQLite writes them in chunks) are written on.
  const expansion = async () => {
    if (outage.active) return;
    try {
      const resumed = await expandUnfinished(deps);
      if (resumed) log.info({ broadcasts: resumed }, "broadcast recipients written on");
    } catch (err) {
      failed("broadcast expansion", err, "writing a broadcast's recipients failed");
    }
  };
  let folding = false;
  const fold = async () => {
    if (folding || outage.active) return;
    folding = true;
    try {
      while ((await foldDayDeltas(deps.db, deps.config.database.kind)) === FOLD_BATCH);
      while ((await foldFigureDeltas(deps.db, deps.config.database.kind, FOLD_BATCH)) === FOLD_BATCH);
    } catch (err) {
      failed("counter folding", err, "folding counter changes failed");
    } finally {
      folding = false;
    }
  };
  const first = setTimeout(sweep, 5_000);
  // Reading the calendar notices another instance's change; the recount then finds what is left.
  const recountTimer = setInterval(() => {
    if (outage.active) return;
    void deps.calendar.get().then(
      () => deps.recount.kick(),
      (err: unknown) => failed("working calendar", err, "reading the working calendar failed"),
    );
  }, RECOUNT_SECONDS * 1000);
  const hotlineTimer = setInterval(hotline, HOTLINE_SWEEP_SECONDS * 1000);
  // Only SQLite writes a broadcast's recipients in chunks (PostgreSQL in the approval's transaction).
  const expansionTimer = deps.config.database.kind === "sqlite" ? setInterval(expansion, HOTLINE_SWEEP_SECONDS * 1000) : undefined;
  const timer = setInterval(sweep, SWEEP_MINUTES * 60_000);
  // Only PostgreSQL defers counter changes (SQLite counts directly).
  const folder = deps.config.database.kind === "postgres" ? setInterval(fold, FOLD_SECONDS * 1000) : undefined;
  for (const t of [first, timer, folder, hotlineTimer, expansionTimer, recountTimer]) t?.unref();
  // Broadcast SMS: every instance runs a worker; claims keep them from sending a message twice.
  let sms: OutboxWorker | null = null;
  let gateway: SmsGateway | null = null;
  let stopping = false;
  const startSms = async (attempt = 0): Promise<void> => {
    const g = deps.config.sms.gateway;
    try {
      gateway = g.kind === "smpp" ? await SmppGateway.connect({ ...g, logger: log }) : new LogGateway(log);
    } catch (err) {
      // The SMSC may be down at start: try again, the outbox waits meanwhile.
      log.error({ err }, "SMPP gateway: bind failed, retrying");
      if (!stopping) setTimeout(() => void startSms(attempt + 1), Math.min(60_000, 2000 * 2 ** attempt)).unref();
      return;
    }
    if (stopping) return void gateway.close();
    sms = new OutboxWorker({ db: deps.db, config: deps.config }, gateway, { logger: log, concurrency: g.kind === "smpp" ? g.window : 10, outage });
    sms.start();
  };
  void startSms();
  return () => {
    stopping = true;
    if (!deps.outage) outage.close();
    void sms?.stop().then(() => gateway?.close());
    clearInterval(hotlineTimer);
    clearInterval(expansionTimer);
    clearInterval(recountTimer);
    clearTimeout(first);
    clearInterval(timer);
    clearInterval(folder);
  };
}
