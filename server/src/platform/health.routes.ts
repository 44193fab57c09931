import type { FastifyInstance } from "fastify";
import type { Database } from "../db/database.js";
import { isReachable } from "../db/database.js";

/** Liveness and readiness probes for process managers and load balancers. */
export async function healthRoutes(app: FastifyInstance, opts: { db: Database }) {
  app.get("/healthz", { config: { access: "public" }, schema: { tags: ["platform"], summary: "The process is up" } }, async () => ({
    status: "ok",
  }));
  app.get(
    "/readyz",
    { config: { access: "public" }, schema: { tags: ["platform"], summary: "The database is reachable" } },
    async (_req, reply) => {
      const ok = await isReachable(opts.db);
      return reply.status(ok ? 200 : 503).send(ok ? { status: "ready" } : { status: "unavailable", reason: "数据库不可达" });
    },
  );
}
