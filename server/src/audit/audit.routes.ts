import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { dateOrInstant } from "../shared/schemas.js";
import type { Database } from "../db/database.js";
import type { ReadCache } from "../platform/read-cache.js";
import { afterParam, pageInfoSchema } from "../shared/paging.js";
import { searchAuditLog } from "./audit.service.js";

const isoDate = dateOrInstant;

/** A date (a day in Asia/Shanghai, plus `days`) or an ISO time, as the ISO UTC text the log stores. */
function toUtc(value: string, days: number): string {
  if (value.length > 10) return new Date(value).toISOString();
  return new Date(Date.parse(`${value}T00:00:00+08:00`) + days * 86_400_000).toISOString();
}

/** The supervisors' audit log search. */
export async function auditRoutes(app: FastifyInstance, deps: { db: Database; reads: ReadCache }) {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/audit",
    {
      config: { access: "audit.read" },
      schema: {
        tags: ["audit"],
        summary: "Search the audit log, newest first: a page after a cursor (total counted on the first page, up to 1,000)",
        querystring: z.strictObject({
          actor: z.string().max(64).optional().describe("操作人"),
          action: z.string().max(64).optional().describe("操作"),
          entity: z.string().max(64).optional().describe("对象类型"),
          entityId: z.string().max(64).optional().describe("对象 ID"),
          ip: z.string().max(64).optional().describe("来源地址"),
          from: isoDate.optional().describe("开始时间"),
          to: isoDate.optional().describe("结束时间"),
          limit: z.coerce.number().int().min(1).max(500).default(50).describe("每页条数"),
          after: afterParam,
        }),
        response: {
          200: z.object({
            ...pageInfoSchema,
            items: z.array(
              z.object({
                id: z.string(),
                at: z.string(),
                actorId: z.string().nullable(),
                actorName: z.string().nullable(),
                action: z.string(),
                entity: z.string(),
                entityId: z.string().nullable(),
                ip: z.string().nullable(),
                userAgent: z.string().nullable(),
                detail: z.record(z.string(), z.unknown()).nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const q = req.query;
      return searchAuditLog(deps, { ...q, from: q.from && toUtc(q.from, 0), to: q.to && toUtc(q.to, 1) });
    },
  );
}
