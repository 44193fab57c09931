import multipart from "@fastify/multipart";
import type { ReadCache } from "../platform/read-cache.js";
import { EXPERT_SPECIALTIES, HOTLINE_CATEGORIES, SATISFACTION_LEVELS } from "@yichuang/core";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../shared/errors.js";
import { assertText } from "../shared/http.js";
import { afterParam } from "../shared/paging.js";
import { contextOf } from "../shared/request-context.js";
import * as tickets from "./tickets.service.js";

const uuid = z.uuid();
const idParams = z.object({ id: uuid.describe("工单 ID") });
const optionalText = (max: number, label: string) => z.string().max(max).nullish().describe(label);
/** A filter by category or specialty: an unknown code is refused naming the field, not an empty list. */
const CATEGORY_CODES = HOTLINE_CATEGORIES.map((c) => c.code) as [string, ...string[]];
const SPECIALTY_CODES = EXPERT_SPECIALTIES.map((c) => c.code) as [string, ...string[]];
const categoryFilter = z.enum(CATEGORY_CODES, { error: `须为以下之一：${HOTLINE_CATEGORIES.map((c) => `${c.zh}（${c.code}）`).join("、")}` });
const specialtyFilter = z.enum(SPECIALTY_CODES, { error: `须为以下之一：${EXPERT_SPECIALTIES.map((c) => `${c.zh}（${c.code}）`).join("、")}` });
const STATUSES = ["open", "transferred", "visit", "closed"] as const;

/** The fields of a new ticket, shared by the operator's call log and the web form. */
const ticketBody = {
  phone: z.string().max(30).describe("来电号码"),
  name: optionalText(40, "姓名"),
  villageCode: z.string().max(12).nullish().describe("所在村（社区）"),
  category: z.string().max(40).describe("问题类别"),
  product: optionalText(60, "品种/产品"),
  text: z.string().max(4000).describe("问题描述"),
  notice: noticeBody().nullish().describe("供求信息"),
};

function noticeBody() {
  return z.strictObject({
    kind: z.enum(["supply", "demand"]).describe("供求类型"),
    product: z.string().max(60).describe("供求品种"),
    quantity: optionalText(60, "数量"),
    unit: optionalText(20, "单位"),
    price: optionalText(60, "价格"),
    validUntil: z.string().max(10).nullish().describe("有效期至"),
  });
}

/** 12316 tickets: logging calls, callers, handling steps, visits and photos, the knowledge base, supply/demand drafts. */
export async function ticketRoutes(app: FastifyInstance, deps: tickets.TicketDeps & { reads: ReadCache; cleared: ReadCache }) {
  await app.register(multipart, { limits: { fileSize: deps.config.uploadMaxBytes + 1, files: 1, fields: 2 }, throwFileSizeLimit: false });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["hotline"];

  r.post(
    "/api/hotline/tickets",
    {
      config: { access: "hotline.tickets.log" },
      schema: {
        tags,
        summary: `Log a call (categories: ${HOTLINE_CATEGORIES.map((c) => c.code).join(", ")}); the expert on duty gets it`,
        body: z.strictObject({ ...ticketBody, centre: z.string().max(40).optional().describe("中心") }),
      },
    },
    async (req, reply) => reply.code(201).send(await tickets.logCall(deps, contextOf(req), req.body)),
  );

  r.post(
    "/api/public/hotline/requests",
    {
      config: { access: "public" },
      schema: { tags, summary: "A farmer asks 12316 from the web (no account needed)", body: z.strictObject(ticketBody) },
    },
    async (req, reply) => reply.code(201).send(await tickets.askFromWeb(deps, contextOf(req), req.body)),
  );

  r.get(
    "/api/public/hotline/requests/:number",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "A farmer follows their question: the ticket number and the last four digits of the phone (no name, phone or place)",
        params: z.object({ number: z.string().max(30).describe("工单号") }),
        querystring: z.strictObject({ phone4: z.string().regex(/^\d{4}$/, "须为 4 位数字").describe("号码后四位") }),
      },
    },
    async (req) => tickets.publicProgress(deps, contextOf(req), req.params.number, req.query.phone4),
  );

  r.get(
    "/api/hotline/callers/:phone",
    {
      config: { access: "hotline.tickets.log" },
      schema: { tags, summary: "A caller recognised by phone, with their history (audited)", params: z.object({ phone: z.string().max(30).describe("来电号码") }) },
    },
    async (req) => tickets.callerByPhone(deps, contextOf(req), req.params.phone),
  );

  r.get(
    "/api/hotline/tickets",
    {
      config: { access: "hotline.tickets.read" },
      schema: {
        tags,
        summary: "Tickets, newest first, a page after the cursor `after` (the nextCursor of the page before), with clocks and lights; filters: status (comma-separated), mine, overdue, channel, category, q; total counted up to 1000 on the first page",
        querystring: z.strictObject({
          centre: z.string().max(40).optional().describe("中心"),
          status: z
            .string()
            .max(60)
            .optional()
            .transform((s) => (s ? s.split(",").filter(Boolean) : undefined))
            .pipe(z.array(z.enum(STATUSES, { error: `须为 ${STATUSES.join("、")}` })).optional())
            .describe("状态"),
          mine: z.enum(["1", "0", "true", "false"]).optional().transform((v) => v === "1" || v === "true").describe("仅我的"),
          overdue: z.enum(["1", "0", "true", "false"]).optional().transform((v) => v === "1" || v === "true").describe("仅超时"),
          channel: z.enum(["phone", "web", "open311"]).optional().describe("渠道"),
          category: categoryFilter.optional().describe("问题类别"),
          q: z.string().max(60).optional().describe("关键词"),
          limit: z.coerce.number().int().min(1).max(200).default(50).describe("条数"),
          after: afterParam,
        }),
      },
    },
    async (req) => tickets.listTickets(deps, contextOf(req), req.query),
  );

  r.get(
    "/api/hotline/tickets/:id",
    { config: { access: "hotline.tickets.read" }, schema: { tags, summary: "A ticket in full (audited)", params: idParams } },
    async (req) => tickets.ticketDetail(deps, contextOf(req), req.params.id),
  );

  r.post(
    "/api/hotline/tickets/:id/answer",
    {
      config: { access: "hotline.tickets.handle" },
      schema: {
        tags,
        summary: "Answer (by phone) and close; the answer goes into the knowledge base unless publish is false or an entry was reused",
        params: idParams,
        body: z.strictObject({ answer: z.string().max(4000).describe("答复内容"), knowledgeId: uuid.nullish().describe("引用的知识库条目"), publish: z.boolean().optional().describe("收入知识库") }),
      },
    },
    async (req) => tickets.answer(deps, contextOf(req), req.params.id, req.body),
  );

  r.post(
    "/api/hotline/tickets/:id/transfer",
    {
      config: { access: "hotline.tickets.handle" },
      schema: {
        tags,
        summary: `Transfer to a specialist by specialty (${EXPERT_SPECIALTIES.map((s) => s.code).join(", ")}); without expertId the least loaded one`,
        params: idParams,
        body: z.strictObject({ specialty: z.string().max(40).describe("专长"), expertId: uuid.nullish().describe("转办专家"), note: optionalText(500, "转办说明") }),
      },
    },
    async (req) => tickets.transfer(deps, contextOf(req), req.params.id, req.body),
  );

  r.get(
    "/api/hotline/specialists",
    {
      config: { access: "hotline.tickets.read" },
      schema: { tags, summary: "Experts holding a specialty, with their open tickets", querystring: z.strictObject({ specialty: z.string().max(40).describe("专长"), centre: z.string().max(40).optional().describe("中心") }) },
    },
    async (req) => tickets.specialistsFor(deps, contextOf(req), req.query.specialty, req.query.centre),
  );

  r.post(
    "/api/hotline/tickets/:id/dispatch",
    {
      config: { access: "hotline.tickets.handle" },
      schema: {
        tags,
        summary: "Send an expert to the farm (expert, date, village); the expert is notified",
        params: idParams,
        body: z.strictObject({
          expertId: uuid.nullish().describe("上门专家"),
          date: z.string().max(10).describe("上门日期"),
          villageCode: z.string().max(12).describe("上门地点"),
          address: optionalText(200, "详细地址"),
          note: optionalText(500, "说明"),
        }),
      },
    },
    async (req) => tickets.dispatch(deps, contextOf(req), req.params.id, req.body),
  );

  r.post(
    "/api/hotline/tickets/:id/visits/:visitId/record",
    {
      config: { access: "hotline.tickets.handle" },
      schema: {
        tags,
        summary: "Record the findings and advice of an on-site visit",
        params: z.object({ id: uuid.describe("工单 ID"), visitId: uuid.describe("上门记录 ID") }),
        body: z.strictObject({ findings: z.string().max(4000).describe("现场发现"), advice: z.string().max(4000).describe("处理建议") }),
      },
    },
    async (req) => tickets.recordVisit(deps, contextOf(req), req.params.id, req.params.visitId, req.body),
  );

  r.post(
    "/api/hotline/tickets/:id/visits/:visitId/photos",
    {
      config: { access: "hotline.tickets.handle" },
      schema: { tags, summary: "A photo taken on site (multipart: file; JPG or PNG)", consumes: ["multipart/form-data"], params: z.object({ id: uuid.describe("工单 ID"), visitId: uuid.describe("上门记录 ID") }) },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw AppError.validation([{ path: "file", message: "现场照片：请以 multipart/form-data 上传" }]);
      let upload: { fileName: string; bytes: Buffer } | undefined;
      for await (const part of req.parts()) if (part.type === "file") upload = { fileName: part.filename, bytes: await part.toBuffer() };
      if (!upload) throw AppError.validation([{ path: "file", message: "现场照片：必填" }]);
      // A file name is text like any other field: a NUL or control character in it is refused.
      assertText(upload.fileName, "file", "文件名");
      return reply.code(201).send(await tickets.addVisitPhoto(deps, contextOf(req), req.params.id, req.params.visitId, upload));
    },
  );

  r.get(
    "/api/hotline/photos/:id",
    { config: { access: "hotline.tickets.read" }, schema: { tags, summary: "A visit photo", params: z.object({ id: uuid.describe("照片 ID") }) } },
    async (req, reply) => {
      const p = await tickets.visitPhoto(deps, contextOf(req), req.params.id);
      return reply.header("content-type", p.contentType).header("cache-control", "private, max-age=3600").send(p.bytes);
    },
  );

  r.post(
    "/api/hotline/tickets/:id/close",
    {
      config: { access: "hotline.tickets.handle" },
      schema: { tags, summary: "Close after the visit (summary optional: the visit's findings and advice by default)", params: idParams, body: z.strictObject({ summary: optionalText(4000, "办结说明"), publish: z.boolean().optional().describe("收入知识库") }) },
    },
    async (req) => tickets.close(deps, contextOf(req), req.params.id, req.body),
  );

  r.post(
    "/api/hotline/tickets/:id/wait",
    { config: { access: "hotline.tickets.read" }, schema: { tags, summary: "Wait for the farmer (the solution clock stands still)", params: idParams, body: z.strictObject({ reason: z.string().max(200).describe("等待原因") }) } },
    async (req) => tickets.wait(deps, contextOf(req), req.params.id, req.body),
  );

  r.post(
    "/api/hotline/tickets/:id/notice",
    { config: { access: "sms.notices.write" }, schema: { tags, summary: "Draft the ticket's supply/demand notice (the caller its owner) for the broadcast module", params: idParams, body: noticeBody() } },
    async (req, reply) => reply.code(201).send(await tickets.draftNotice(deps, contextOf(req), req.params.id, req.body)),
  );

  r.post(
    "/api/hotline/tickets/:id/resume",
    { config: { access: "hotline.tickets.read" }, schema: { tags, summary: "The farmer is back: the clock runs again", params: idParams } },
    async (req) => tickets.resume(deps, contextOf(req), req.params.id),
  );

  r.post(
    "/api/hotline/tickets/:id/callback",
    {
      config: { access: "hotline.tickets.callback" },
      schema: {
        tags,
        summary: `Record the call-back and the farmer's satisfaction (${SATISFACTION_LEVELS.map((s) => s.code).join(", ")})`,
        params: idParams,
        body: z.strictObject({
          method: z.enum(["phone", "sms"], { error: "须为电话或短信" }).describe("回访方式"),
          satisfaction: z.enum(SATISFACTION_LEVELS.map((s) => s.code) as [string, ...string[]], { error: `须为 ${SATISFACTION_LEVELS.map((s) => s.zh).join("、")} 之一` }).describe("满意度"),
          note: optionalText(500, "回访备注"),
        }),
      },
    },
    async (req) => tickets.callback(deps, contextOf(req), req.params.id, req.body as Parameters<typeof tickets.callback>[3]),
  );

  r.get(
    "/api/hotline/knowledge",
    {
      config: { access: "hotline.knowledge.read" },
      schema: {
        tags,
        summary: "Search the knowledge base (Chinese full-text over title, product, question and answer); without q the newest",
        querystring: z.strictObject({
          q: z.string().trim().max(60).optional().describe("关键词"),
          category: categoryFilter.optional().describe("问题类别"),
          specialty: specialtyFilter.optional().describe("专长"),
          limit: z.coerce.number().int().min(1).max(50).default(20).describe("条数"),
        }),
      },
    },
    async (req) => tickets.searchKnowledge(deps, contextOf(req), req.query),
  );

  r.post(
    "/api/hotline/knowledge",
    {
      config: { access: "hotline.knowledge.write" },
      schema: {
        tags,
        summary: "Write a knowledge-base entry by hand",
        body: z.strictObject({
          title: z.string().max(100).describe("标题"),
          category: z.string().max(40).describe("问题类别"),
          specialty: z.string().max(40).nullish().describe("专长"),
          product: optionalText(60, "品种/产品"),
          question: z.string().max(4000).describe("问题"),
          answer: z.string().max(8000).describe("解答"),
        }),
      },
    },
    async (req, reply) => reply.code(201).send(await tickets.addKnowledgeEntry(deps, contextOf(req), req.body)),
  );

  r.get(
    "/api/hotline/categories",
    { config: { access: "hotline.tickets.read" }, schema: { tags, summary: "Each category's service levels at the centre (working minutes): its own or the defaults", querystring: z.strictObject({ centre: z.string().max(40).optional().describe("中心") }) } },
    async (req) => tickets.categoryLimitsView(deps, contextOf(req), req.query.centre),
  );

  r.put(
    "/api/hotline/categories/:code",
    {
      config: { access: "hotline.duty.manage" },
      schema: {
        tags,
        summary: "Set a category's service levels (working minutes; tickets logged from now on take them)",
        params: z.object({ code: z.string().max(40).describe("问题类别") }),
        body: z.strictObject({ responseMinutes: z.number().describe("响应时限"), solutionMinutes: z.number().describe("解决时限"), centre: z.string().max(40).optional().describe("中心") }),
      },
    },
    async (req) => tickets.setCategoryLimits(deps, contextOf(req), req.params.code, req.body),
  );

  r.patch(
    "/api/hotline/knowledge/:id",
    {
      config: { access: "hotline.knowledge.manage" },
      schema: {
        tags,
        summary: "Correct an entry (title, product, specialty, answer) or retire it from search (retired: true; false restores it)",
        params: z.object({ id: uuid.describe("条目 ID") }),
        body: z.strictObject({
          title: z.string().max(100).optional().describe("标题"),
          product: optionalText(60, "品种/产品"),
          specialty: z.string().max(40).nullish().describe("专长"),
          answer: z.string().max(8000).optional().describe("解答"),
          retired: z.boolean().optional().describe("停用"),
        }),
      },
    },
    async (req) => tickets.editKnowledgeEntry(deps, contextOf(req), req.params.id, req.body),
  );

  r.get(
    "/api/hotline/notices",
    {
      config: { access: "hotline.tickets.read" },
      schema: { tags, summary: "Supply/demand notices from calls (drafts for the broadcast module)", querystring: z.strictObject({ status: z.enum(["draft", "verified", "rejected", "broadcast"]).default("draft").describe("状态") }) },
    },
    async (req) => tickets.listNotices(deps, contextOf(req), [req.query.status]),
  );
}
