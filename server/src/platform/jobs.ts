import type { FastifyBaseLogger } from "fastify";
import type { CaseDeps } from "../cases/cases.service.js";
import { notifyOverdueTasks } from "../cases/cases.service.js";
import { notifyClerksOfTickets, notifyOverdueTickets } from "../evaluation/rectification.service.js";

/** Every this many minutes each instance sweeps for overdue tasks and rectification tickets (and tells clerks of theirs); claims keep instances from repeating each other. */
const SWEEP_MINUTES = 10;

/** Starts the periodic jobs of this instance; returns a stop function. */
export function startJobs(deps: CaseDeps, log: FastifyBaseLogger): () => void {
  const sweep = async () => {
    try {
      const n = await notifyOverdueTasks(deps);
      if (n) log.info({ overdueTasks: n }, "overdue tasks reported");
      await notifyClerksOfTickets(deps);
      const k = await notifyOverdueTickets(deps.db);
      if (k) log.info({ overdueTickets: k }, "overdue rectification tickets reported");
    } catch (err) {
      log.error({ err }, "overdue sweep failed");
    }
  };
  const first = setTimeout(sweep, 5_000);
  const timer = setInterval(sweep, SWEEP_MINUTES * 60_000);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
