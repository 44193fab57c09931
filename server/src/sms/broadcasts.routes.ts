import type { FastifyInstance } from "fastify";
import type { ReadCache } from "../platform/read-cache.js";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { contextOf } from "../shared/request-context.js";
import { afterParam } from "../shared/paging.js";
import * as svc from "./broadcasts.service.js";

const target = z
  .strictObject({
    tags: z.array(z.string().max(40)).max(50).describe("品种"),
    regions: z.array(z.string().max(12)).max(100).describe("地区"),
    roles: z.array(z.string().max(20)).max(3).describe("身份"),
  })
  .describe("发送对象");

/** Broadcasts: preview (audience, text, parts), draft, approval by a second person (writes the outbox), cancel, progress. */
export async function broadcastRoutes(app: FastifyInstance, deps: svc.BroadcastDeps & { reads: ReadCache }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["sms"];
  const id = z.object({ id: z.uuid().describe("群发 ID") });
  r.post(
    "/api/sms/broadcasts/preview",
    { config: { access: "sms.broadcasts.write" }, schema: { tags, summary: "The audience count and the message as sent (signature, refusal text, length, parts) before sending", body: z.strictObject({ body: z.string().max(600).describe("短信内容"), target }) } },
    async (req) => svc.preview(deps, contextOf(req), req.body),
  );
  r.post(
    "/api/sms/broadcasts",
    {
      config: { access: "sms.broadcasts.write" },
      schema: { tags, summary: "Draft a broadcast (optionally of a verified notice; now or at sendAt)", body: z.strictObject({ noticeId: z.uuid().nullish().describe("供求信息"), body: z.string().max(600).describe("短信内容"), target, sendAt: z.string().max(40).nullish().describe("定时发送") }) },
    },
    async (req, reply) => reply.code(201).send(await svc.createBroadcast(deps, contextOf(req), req.body)),
  );
  r.get("/api/sms/settings", { config: { access: "sms.broadcasts.read" }, schema: { tags, summary: "The sending rules in force: signature, allowed hours (Asia/Shanghai), daily cap per number" } }, async () => ({
    signature: deps.config.sms.signature,
    hours: deps.config.sms.hours,
    dailyCap: deps.config.sms.dailyCap,
  }));
  r.get(
    "/api/sms/broadcasts",
    {
      config: { access: "sms.broadcasts.read" },
      schema: {
        tags,
        summary: "Broadcasts, newest first, a page after the cursor `after`, with their progress; total counted up to 1000 on the first page",
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20).describe("条数"), after: afterParam }),
      },
    },
    async (req) => svc.listBroadcasts(deps, contextOf(req), req.query),
  );
  r.get(
    "/api/sms/reports/monthly",
    { config: { access: "sms.broadcasts.read" }, schema: { tags, summary: "Messages and parts sent per month of a year (Asia/Shanghai), delivered and failed", querystring: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).describe("年份") }) } },
    async (req) => svc.monthlyReport(deps, contextOf(req), req.query.year),
  );
  r.get("/api/sms/broadcasts/:id", { config: { access: "sms.broadcasts.read" }, schema: { tags, summary: "A broadcast and its live progress (messages by state, opt-outs, replies)", params: id } }, async (req) =>
    svc.broadcastView(deps, contextOf(req), req.params.id),
  );
  r.post("/api/sms/broadcasts/:id/approve", { config: { access: "sms.broadcasts.approve" }, schema: { tags, summary: "Approve (not by its author): the outbox is written in the same transaction", params: id } }, async (req) =>
    svc.approveBroadcast(deps, contextOf(req), req.params.id),
  );
  r.post("/api/sms/broadcasts/:id/cancel", { config: { access: "sms.broadcasts.write" }, schema: { tags, summary: "Cancel: what has not gone out never will", params: id } }, async (req) =>
    svc.cancelBroadcast(deps, contextOf(req), req.params.id),
  );
}
