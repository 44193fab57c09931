import type { FastifyInstance } from "fastify";
import type { Database } from "../db/database.js";
import { isReachable } from "../db/database.js";
import { warningOf, type CalendarService } from "./calendar/calendar.service.js";
import { shanghaiToday } from "./clock.js";
import { RETRY_AFTER_SECONDS } from "./outage.js";

/** Liveness and readiness probes for process managers and load balancers. */
export async function healthRoutes(app: FastifyInstance, opts: { db: Database; calendar: CalendarService }) {
  app.get("/healthz", { config: { access: "public" }, schema: { tags: ["platform"], summary: "The process is up" } }, async () => ({
    status: "ok",
  }));
  app.get(
    "/readyz",
    { config: { access: "public" }, schema: { tags: ["platform"], summary: "The database is reachable; what the working calendar lacks (a warning, never unready)" } },
    async (_req, reply) => {
      const ok = await isReachable(opts.db);
      if (!ok) return reply.status(503).header("retry-after", String(RETRY_AFTER_SECONDS)).send({ status: "unavailable", reason: "数据库不可达" });
      // A missing year is work for the administrators, not a reason to take the instance out of service.
      const calendar = await opts.calendar.get().catch(() => null);
      const warning = calendar ? warningOf(calendar, shanghaiToday()) : null;
      return reply.send({
        status: "ready",
        checks: {
          database: { status: "ok" },
          calendar: calendar
            ? { status: warning ? "warning" : "ok", revision: calendar.revision, ...(warning ? { missingYear: warning.year, message: warning.message } : {}) }
            : { status: "unknown" },
        },
      });
    },
  );
}
