import multipart from "@fastify/multipart";
import type { ReadCache } from "../platform/read-cache.js";
import { CONSENT_METHODS, SUBSCRIBER_ROLES } from "@yichuang/core";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../shared/errors.js";
import { contextOf } from "../shared/request-context.js";
import { afterParam } from "../shared/paging.js";
import * as svc from "./subscribers.service.js";
import { assertText } from "../shared/http.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const ROLE_CODES = SUBSCRIBER_ROLES.map((r) => r.code) as [string, ...string[]];

/** SMS subscribers: list, add with consent, correct, opt out, import from Excel/CSV with a report, export. */
export async function subscriberRoutes(app: FastifyInstance, deps: svc.SmsDeps & { uploadMaxBytes: number; reads: ReadCache }) {
  await app.register(multipart, { limits: { fileSize: deps.uploadMaxBytes + 1, files: 1, fields: 3 }, throwFileSizeLimit: false });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["sms"];
  const subscriber = {
    name: z.string().max(40).describe("姓名"),
    villageCode: z.string().max(12).describe("所在村（社区）"),
    role: z.string().max(20).describe("身份"),
    tags: z.array(z.string().max(40)).max(40).describe("关注品种"),
  };
  r.get(
    "/api/sms/subscribers",
    {
      config: { access: "sms.subscribers.read" },
      schema: {
        tags,
        summary: "Subscribers, newest first, a page after the cursor `after`, by name or phone, product tag, region (division code prefix) and role; phones masked (audited); total counted up to 1000 on the first page",
        querystring: z.strictObject({
          q: z.string().max(40).optional().describe("姓名或手机号"),
          tag: z.string().max(40).optional().describe("关注品种"),
          region: z.string().regex(/^\d{2,12}$/, "须为 2–12 位区划代码前缀").optional().describe("地区"),
          role: z.enum(ROLE_CODES as ["farmer", "buyer", "coop"], { error: `须为 ${SUBSCRIBER_ROLES.map((x) => x.zh).join("、")} 之一` }).optional().describe("身份"),
          limit: z.coerce.number().int().min(1).max(200).default(50).describe("条数"),
          after: afterParam,
        }),
      },
    },
    async (req) => svc.listSubscribers(deps, contextOf(req), req.query),
  );
  r.get(
    "/api/sms/subscribers/export.xlsx",
    { config: { access: "sms.subscribers.manage" }, schema: { tags, summary: "Every subscriber as Excel in the import's columns, with consent and opt-out (audited)" } },
    async (req, reply) => reply.header("content-type", XLSX).header("content-disposition", 'attachment; filename="sms-subscribers.xlsx"').send(await svc.exportSubscribers(deps, contextOf(req))),
  );
  r.get(
    "/api/sms/subscribers/:id",
    { config: { access: "sms.subscribers.read" }, schema: { tags, summary: "A subscriber in full with consent records (audited)", params: z.object({ id: z.uuid().describe("用户 ID") }) } },
    async (req) => svc.getSubscriber(deps, contextOf(req), req.params.id),
  );
  r.post(
    "/api/sms/subscribers",
    {
      config: { access: "sms.subscribers.manage" },
      schema: {
        tags,
        summary: `Add a subscriber with the record of their consent (${CONSENT_METHODS.map((m) => m.code).join(", ")})`,
        body: z.strictObject({
          phone: z.string().max(20).describe("手机号"),
          ...subscriber,
          consent: z.strictObject({ method: z.string().max(20).describe("同意方式"), givenAt: z.string().max(40).nullish().describe("同意时间"), note: z.string().max(200).nullish().describe("备注") }).describe("同意记录"),
        }),
      },
    },
    async (req, reply) => reply.code(201).send(await svc.addSubscriber(deps, contextOf(req), req.body)),
  );
  r.patch(
    "/api/sms/subscribers/:id",
    {
      config: { access: "sms.subscribers.manage" },
      schema: { tags, summary: "Correct a subscriber", params: z.object({ id: z.uuid().describe("用户 ID") }), body: z.strictObject({ name: subscriber.name.optional(), villageCode: subscriber.villageCode.optional(), role: subscriber.role.optional(), tags: subscriber.tags.optional() }) },
    },
    async (req) => svc.editSubscriber(deps, contextOf(req), req.params.id, req.body),
  );
  r.post(
    "/api/sms/subscribers/:id/opt-out",
    { config: { access: "sms.subscribers.manage" }, schema: { tags, summary: "Opt the number out at the subscriber's request", params: z.object({ id: z.uuid().describe("用户 ID") }), body: z.strictObject({ reason: z.string().max(200).describe("原因") }) } },
    async (req) => svc.optOutSubscriber(deps, contextOf(req), req.params.id, req.body.reason),
  );
  r.post(
    "/api/sms/imports",
    {
      config: { access: "sms.subscribers.manage" },
      schema: { tags, summary: "Import subscribers from Excel (.xlsx) or CSV (multipart: file, consentMethod); runs in the background, 202 with its id", consumes: ["multipart/form-data"] },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw AppError.validation([{ path: "file", message: "文件：请以 multipart/form-data 上传" }]);
      let consentMethod = "";
      let upload: { fileName: string; bytes: Buffer; truncated: boolean } | undefined;
      for await (const part of req.parts()) {
        if (part.type === "file") upload = { fileName: part.filename, bytes: await part.toBuffer(), truncated: part.file.truncated };
        else if (part.fieldname === "consentMethod") consentMethod = String(part.value);
      }
      assertText(consentMethod, "consentMethod", "同意方式");
      if (!upload) throw AppError.validation([{ path: "file", message: "文件：必填" }]);
      assertText(upload.fileName, "file", "文件名");
      if (upload.truncated || upload.bytes.length > deps.uploadMaxBytes) throw AppError.validation([{ path: "file", message: `文件：不能超过 ${Math.round(deps.uploadMaxBytes / 1048576)} MB` }]);
      const started = await svc.startImport(deps, contextOf(req), upload, consentMethod);
      return reply.code(202).send({ id: started.id, total: started.total });
    },
  );
  r.get(
    "/api/sms/imports/:id",
    { config: { access: "sms.subscribers.manage" }, schema: { tags, summary: "An import's progress and its report of rows not imported", params: z.object({ id: z.uuid().describe("导入 ID") }) } },
    async (req) => svc.importStatus(deps, contextOf(req), req.params.id),
  );
  r.get(
    "/api/sms/imports/:id/errors.xlsx",
    { config: { access: "sms.subscribers.manage" }, schema: { tags, summary: "The rows not imported, as Excel", params: z.object({ id: z.uuid().describe("导入 ID") }) } },
    async (req, reply) => reply.header("content-type", XLSX).header("content-disposition", 'attachment; filename="import-errors.xlsx"').send(await svc.importErrorsXlsx(deps, contextOf(req), req.params.id)),
  );
}
