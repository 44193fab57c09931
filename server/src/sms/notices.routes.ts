import type { FastifyInstance } from "fastify";
import type { ReadCache } from "../platform/read-cache.js";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../db/database.js";
import { contextOf } from "../shared/request-context.js";
import { afterParam } from "../shared/paging.js";
import * as svc from "./notices.service.js";

/** Supply/demand notices: list, read, enter, verify (a second person). */
export async function noticeRoutes(app: FastifyInstance, deps: { db: Database; reads: ReadCache }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["sms"];
  const text = (max: number, label: string) => z.string().max(max).nullish().describe(label);
  const params = z.object({ id: z.uuid().describe("供求信息 ID") });
  r.get(
    "/api/sms/notices",
    {
      config: { access: "sms.notices.read" },
      schema: {
        tags,
        summary: "Supply/demand notices by status (draft, verified, rejected, broadcast), newest first, a page after the cursor `after`; total counted up to 1000 on the first page",
        querystring: z.strictObject({
          status: z.enum(["draft", "verified", "rejected", "broadcast"], { error: "须为 draft、verified、rejected、broadcast 之一" }).optional().describe("状态"),
          limit: z.coerce.number().int().min(1).max(200).default(50).describe("条数"),
          after: afterParam,
        }),
      },
    },
    async (req) => svc.listNotices(deps.db, deps.reads, contextOf(req), req.query),
  );
  r.get(
    "/api/sms/notices/:id",
    { config: { access: "sms.notices.read" }, schema: { tags, summary: "A notice in full (audited)", params } },
    async (req) => svc.getNotice(deps.db, contextOf(req), req.params.id),
  );
  r.post(
    "/api/sms/notices",
    {
      config: { access: "sms.notices.write" },
      schema: {
        tags,
        summary: "Enter a notice for its owner (a draft until a second person verifies it)",
        body: z.strictObject({
          ownerPhone: z.string().max(30).describe("发布人电话"),
          ownerName: text(40, "发布人"),
          kind: z.enum(["supply", "demand"], { error: "须为供应或求购" }).describe("供求类型"),
          product: z.string().max(60).describe("品种"),
          quantity: text(20, "数量"),
          unit: text(20, "单位"),
          price: text(40, "价格"),
          villageCode: text(12, "地点"),
          contactPhone: z.string().max(30).describe("联系电话"),
          text: z.string().max(600).describe("内容"),
          validUntil: z.string().max(10).describe("有效期至"),
        }),
      },
    },
    async (req, reply) => reply.code(201).send(await svc.addNotice(deps.db, contextOf(req), req.body)),
  );
  r.post(
    "/api/sms/notices/:id/decision",
    {
      config: { access: "sms.notices.verify" },
      schema: {
        tags,
        summary: "Verify a draft (approve or reject with the reason); not by its author; the owner is told by SMS",
        params,
        body: z.strictObject({ decision: z.enum(["approve", "reject"], { error: "须为 approve（通过）或 reject（退回）" }).describe("审核结果"), reason: text(200, "退回原因") }),
      },
    },
    async (req) => svc.decideNotice(deps.db, contextOf(req), req.params.id, req.body),
  );
  r.post(
    "/api/sms/notices/:id/owner-told",
    {
      config: { access: "sms.notices.verify" },
      schema: {
        tags,
        summary: "Record that staff phoned the owner (a landline, which takes no SMS) with the outcome",
        params,
        body: z.strictObject({ note: text(200, "备注") }),
      },
    },
    async (req) => svc.markOwnerTold(deps.db, contextOf(req), req.params.id, req.body),
  );
}
