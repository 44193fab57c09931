import multipart from "@fastify/multipart";
import type { ReadCache } from "../platform/read-cache.js";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../shared/errors.js";
import { contextOf, requireActor } from "../shared/request-context.js";
import type { CaseDeps } from "./cases.service.js";
import * as cases from "./cases.service.js";
import { listNotifications } from "../platform/notify.js";
import { assertText } from "../shared/http.js";
import { afterParam, pageInfoSchema } from "../shared/paging.js";


const uuid = z.uuid();
/** When the clerk began serving the citizen (the window page's clock), for the window transaction. */
const startedAt = z.iso.datetime({ offset: true }).describe("开始办理时间");
const items = z
  .array(
    z.strictObject({
      materialCode: z.string().regex(/^M\d{2}$/).optional().describe("材料编号"),
      text: z.string().trim().min(2).max(500).describe("补正内容"),
    }),
  )
  .max(30);

const light = z.enum(["green", "yellow", "red"]);

/** A review task in a list (a department's, the board), with its case. */
const listedTask = z.object({
  id: z.string(),
  department: z.string(),
  status: z.string(),
  promisedDays: z.number(),
  legalDays: z.number(),
  startedDate: z.string(),
  deadlineDate: z.string(),
  deadlineProvisional: z.boolean(),
  pausedWorkingDays: z.number(),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable(),
  auto: z.boolean(),
  workingDaysUsed: z.number(),
  yellowDate: z.string(),
  light: light.nullable(),
  caseId: z.string(),
  caseNumber: z.string(),
  caseStatus: z.string(),
  applicationId: z.string(),
  waitingForFounder: z.boolean(),
});

/** A case in the single window's inbox. */
const inboxCase = z.object({
  id: z.string(),
  number: z.string(),
  applicationId: z.string(),
  applicationNumber: z.string(),
  serviceItem: z.string(),
  companyName: z.string().nullable(),
  status: z.string(),
  submittedAt: z.string(),
  acceptedAt: z.string().nullable(),
  pausedSince: z.string().nullable(),
  supplementRound: z.number(),
  missingMaterials: z.number().int().describe("缺少的必交材料数"),
});

const lightCounts = z.object({
  total: z.number(),
  red: z.number(),
  yellow: z.number(),
  green: z.number(),
  exact: z.object({ total: z.boolean(), red: z.boolean(), yellow: z.boolean(), green: z.boolean() }).describe("各数是否精确（否则为至少，数到 1000）"),
});

/** Cases: materials, single-window acceptance, parallel review, supplements, supervision. */
export async function casesRoutes(app: FastifyInstance, deps: CaseDeps & { reads: ReadCache }) {
  await app.register(multipart, { limits: { fileSize: deps.config.uploadMaxBytes, files: 1, fields: 5 }, throwFileSizeLimit: false });
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    "/api/applications/:id/materials",
    {
      config: { access: "applications.own" },
      schema: {
        tags: ["cases"],
        summary: "Upload one material (multipart: materialCode, file) — PDF, JPG or PNG, checked by content and size",
        consumes: ["multipart/form-data"],
        params: z.object({ id: uuid.describe("申请 ID") }),
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw AppError.validation([{ path: "file", message: "文件：请以 multipart/form-data 上传" }]);
      let materialCode = "";
      let upload: { fileName: string; bytes: Buffer; truncated: boolean } | undefined;
      for await (const part of req.parts()) {
        if (part.type === "file") upload = { fileName: part.filename, bytes: await part.toBuffer(), truncated: part.file.truncated };
        else if (part.fieldname === "materialCode") materialCode = String(part.value);
      }
      assertText(materialCode, "materialCode", "材料");
      if (!upload) throw AppError.validation([{ path: "file", message: "文件：必填" }]);
      assertText(upload.fileName, "file", "文件名");
      return reply.status(201).send(await cases.uploadMaterial(deps, contextOf(req), req.params.id, { materialCode, ...upload }));
    },
  );

  r.get(
    "/api/applications/:id/materials",
    { config: { access: "applications.own" }, schema: { tags: ["cases"], summary: "The caller's uploaded materials", params: z.object({ id: uuid.describe("申请 ID") }) } },
    async (req) => cases.listOwnMaterials(deps, contextOf(req), req.params.id),
  );

  r.get(
    "/api/materials/:id/file",
    { config: { access: "self" }, schema: { tags: ["cases"], summary: "A material's file (owner or staff; audited)", params: z.object({ id: uuid.describe("材料 ID") }) } },
    async (req, reply) => {
      const { material, bytes } = await cases.readMaterial(deps, contextOf(req), req.params.id);
      return reply
        .header("content-type", material.contentType)
        .header("content-disposition", `inline; filename*=UTF-8''${encodeURIComponent(material.fileName)}`)
        .send(bytes);
    },
  );

  r.get("/api/cases/mine", { config: { access: "applications.own" }, schema: { tags: ["cases"], summary: "The founder's cases with their timeline" } }, async (req) =>
    cases.listOwnCases(deps, contextOf(req)),
  );

  r.get(
    "/api/cases",
    {
      config: { access: "cases.accept" },
      schema: {
        tags: ["cases"],
        summary: "The single window's inbox, oldest first: a page after a cursor (total counted on the first page, up to 1,000)",
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(200).default(50).describe("每页条数"),
          after: afterParam,
        }),
        response: { 200: z.object({ items: z.array(inboxCase), ...pageInfoSchema }) },
      },
    },
    async (req) => cases.listInbox(deps, contextOf(req), req.query),
  );

  r.get(
    "/api/cases/:id",
    { config: { access: "self" }, schema: { tags: ["cases"], summary: "A case: timeline, tasks with lights, materials checklist, notices", params: z.object({ id: uuid.describe("办件 ID") }) } },
    async (req) => cases.getCase(deps, contextOf(req), req.params.id),
  );

  r.get(
    "/api/cases/:id/licence.pdf",
    { config: { access: "self" }, schema: { tags: ["cases"], summary: "The business licence of a completed case (PDF)", params: z.object({ id: uuid.describe("办件 ID") }) } },
    async (req, reply) => {
      const { number, pdf } = await cases.licenceOf(deps, contextOf(req), req.params.id);
      return reply.header("content-type", "application/pdf").header("content-disposition", `inline; filename="licence-${number}.pdf"`).send(pdf);
    },
  );

  r.post(
    "/api/cases/:id/accept",
    {
      config: { access: "cases.accept" },
      schema: {
        tags: ["cases"],
        summary: "Accept at the single window: opens the parallel review; records the window transaction and prompts the evaluator",
        params: z.object({ id: uuid.describe("办件 ID") }),
        body: z.strictObject({ startedAt: startedAt.optional() }).nullish(),
      },
    },
    async (req) => cases.acceptCase(deps, contextOf(req), req.params.id, { startedAt: req.body?.startedAt ? new Date(req.body.startedAt).toISOString() : null }),
  );

  r.post(
    "/api/cases/:id/supplement-notice",
    {
      config: { access: "cases.accept" },
      schema: {
        tags: ["cases"],
        summary: "Send one consolidated supplement notice (一次性告知) with everything gathered this round",
        params: z.object({ id: uuid.describe("办件 ID") }),
        body: z.strictObject({ items: items.describe("补正事项"), startedAt: startedAt.optional() }),
      },
    },
    async (req) =>
      cases.sendSupplementNotice(deps, contextOf(req), req.params.id, req.body.items, { startedAt: req.body.startedAt ? new Date(req.body.startedAt).toISOString() : null }),
  );

  r.post(
    "/api/cases/:id/supplement",
    {
      config: { access: "applications.own" },
      schema: {
        tags: ["cases"],
        summary: "The founder answers the notice (after uploading what it asked for): the clock restarts",
        params: z.object({ id: uuid.describe("办件 ID") }),
        body: z.strictObject({ note: z.string().max(500).optional().describe("说明") }),
      },
    },
    async (req) => cases.supplementCase(deps, contextOf(req), req.params.id, req.body),
  );

  r.get(
    "/api/departments/:code/tasks",
    {
      config: { access: "cases.read" },
      schema: {
        tags: ["cases"],
        summary: "A department's review tasks with lights, soonest deadline first: a page after a cursor (total counted on the first page, up to 1,000)",
        params: z.object({ code: z.string().regex(/^[A-Z][A-Z0-9_]+$/).describe("部门代码") }),
        querystring: z.strictObject({
          status: z.enum(["open", "all"]).default("open").describe("状态"),
          limit: z.coerce.number().int().min(1).max(200).default(50).describe("每页条数"),
          after: afterParam,
        }),
        response: { 200: z.object({ items: z.array(listedTask), ...pageInfoSchema }) },
      },
    },
    async (req) => cases.listTasksOf(deps, contextOf(req), req.params.code, req.query),
  );

  r.post(
    "/api/tasks/:id/decision",
    {
      config: { access: "tasks.decide" },
      schema: {
        tags: ["cases"],
        summary: "Approve, reject with a reason, or ask for a supplement",
        params: z.object({ id: uuid.describe("任务 ID") }),
        body: z.strictObject({
          decision: z.enum(["approve", "reject", "supplement"]).describe("决定"),
          reason: z.string().trim().max(500).optional().describe("理由"),
          items: items.optional().describe("补正事项"),
        }),
      },
    },
    async (req) => cases.decideTask(deps, contextOf(req), req.params.id, req.body),
  );

  r.get(
    "/api/supervision/board",
    {
      config: { access: "supervision.read" },
      schema: {
        tags: ["cases"],
        summary: "Electronic supervision: open tasks with their lights, soonest deadline first, a page after a cursor; counts per light (up to 1,000 each)",
        querystring: z.strictObject({
          department: z.string().regex(/^[A-Z][A-Z0-9_]+$/).optional().describe("部门"),
          light: light.optional().describe("亮灯"),
          limit: z.coerce.number().int().min(1).max(500).default(100).describe("每页条数"),
          after: afterParam,
        }),
        response: { 200: z.object({ today: z.string(), counts: lightCounts, items: z.array(listedTask), ...pageInfoSchema }) },
      },
    },
    async (req) => cases.supervisionBoard(deps, contextOf(req), req.query),
  );

  r.get("/api/auto-rules", { config: { access: "cases.read" }, schema: { tags: ["cases"], summary: "Auto-approval rules per department" } }, async () =>
    cases.listAutoRules(deps),
  );

  r.put(
    "/api/auto-rules",
    {
      config: { access: "rules.manage" },
      schema: {
        tags: ["cases"],
        summary: "Switch a department's auto-approval rule",
        body: z.strictObject({
          department: z.string().regex(/^[A-Z][A-Z0-9_]+$/).describe("部门"),
          rule: z.string().min(1).max(60).describe("规则"),
          enabled: z.boolean().describe("启用"),
        }),
      },
    },
    async (req) => cases.setAutoRule(deps, contextOf(req), req.body),
  );

  r.get("/api/notifications", { config: { access: "self" }, schema: { tags: ["cases"], summary: "The caller's notifications" } }, async (req) => {
    const rows = await listNotifications(deps.db, requireActor(contextOf(req)).userId);
    return rows.map((n) => ({ id: n.id, caseId: n.case_id, title: n.title, body: n.body, createdAt: n.created_at, readAt: n.read_at }));
  });
}
