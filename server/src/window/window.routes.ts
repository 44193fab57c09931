import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../shared/errors.js";
import { contextOf } from "../shared/request-context.js";
import type { WindowDeps } from "./window.service.js";
import * as win from "./window.service.js";

const uuid = z.uuid();
const phone = z.string().trim().regex(/^1\d{10}$/, "须为 11 位手机号").describe("手机号");

/**
 * What the clerk's desk returns, and nothing else (the serializer drops any other field):
 * no rating, nor whether one was given, can reach the clerk's screen.
 */
const deskView = z.object({
  shift: z.object({ windowId: z.string(), windowNumber: z.string(), windowName: z.string(), windowNameEn: z.string(), since: z.string() }).nullable(),
  homeWindowId: z.string().nullable(),
  windows: z.array(z.object({ id: z.string(), number: z.string(), nameZh: z.string(), nameEn: z.string() })),
  services: z.array(z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string(), kind: z.string() })),
  transactions: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      serviceCode: z.string(),
      serviceName: z.string(),
      status: z.string(),
      startedAt: z.string(),
      endedAt: z.string().nullable(),
      citizenName: z.string().nullable(),
      caseId: z.string().nullable(),
      caseNumber: z.string().nullable(),
      windowNumber: z.string(),
      cardCode: z.string().nullable(),
    }),
  ),
});
const desk = { 200: deskView, 201: deskView };

/** The window desk: shifts, transactions; staff photos for the evaluators. */
export async function windowRoutes(app: FastifyInstance, deps: WindowDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["window"];
  app.addContentTypeParser(["image/jpeg", "image/png"], { parseAs: "buffer" }, (_req, body, done) => done(null, body));

  r.get("/api/desk", { config: { access: "desk.serve" }, schema: { tags, summary: "The clerk's desk: shift, windows, services, today's transactions (never ratings)", response: desk } }, async (req) =>
    win.desk(deps, contextOf(req)),
  );
  r.post(
    "/api/desk/sign-in",
    { config: { access: "desk.serve" }, schema: { tags, summary: "Sign in at a window of the clerk's department", body: z.strictObject({ windowId: uuid.describe("窗口") }), response: desk } },
    async (req) => win.signIn(deps, contextOf(req), req.body.windowId),
  );
  r.post("/api/desk/sign-out", { config: { access: "desk.serve" }, schema: { tags, summary: "End the clerk's shift", response: desk } }, async (req) => win.signOut(deps, contextOf(req)));
  r.post(
    "/api/desk/transactions",
    {
      config: { access: "desk.serve" },
      schema: {
        tags,
        summary: "Start a transaction at the clerk's window",
        body: z.strictObject({
          serviceCode: z.string().trim().min(1).max(40).describe("办事事项"),
          citizenName: z.string().trim().max(50).nullable().optional().describe("办事人姓名"),
          citizenPhone: phone.nullable().optional(),
          caseNumber: z.string().trim().max(30).nullable().optional().describe("办件编号"),
        }),
        response: desk,
      },
    },
    async (req, reply) => reply.status(201).send(await win.startTransaction(deps, contextOf(req), req.body)),
  );
  r.post(
    "/api/desk/transactions/:id/complete",
    { config: { access: "desk.serve" }, schema: { tags, summary: "Complete a transaction: the window's evaluator asks for a rating", params: z.object({ id: uuid.describe("业务 ID") }), response: desk } },
    async (req) => win.completeTransaction(deps, contextOf(req), req.params.id),
  );
  r.post(
    "/api/desk/transactions/:id/cancel",
    { config: { access: "desk.serve" }, schema: { tags, summary: "Cancel an open transaction (no rating asked)", params: z.object({ id: uuid.describe("业务 ID") }), response: desk } },
    async (req) => win.cancelTransaction(deps, contextOf(req), req.params.id),
  );

  r.put(
    "/api/admin/users/:id/photo",
    {
      config: { access: "users.manage" },
      bodyLimit: 3 * 1024 * 1024,
      schema: { tags: ["admin"], summary: "Set a staff member's photo (body: the JPG or PNG bytes)", params: z.object({ id: uuid.describe("用户 ID") }) },
    },
    async (req) => {
      if (!Buffer.isBuffer(req.body)) throw AppError.validation([{ path: "file", message: "照片：请以 image/jpeg 或 image/png 上传图片本身" }]);
      return win.setStaffPhoto(deps, contextOf(req), req.params.id, req.body);
    },
  );
  r.get(
    "/api/staff/:id/photo",
    { config: { access: "public" }, schema: { tags, summary: "A window staff member's photo, as the evaluator shows it", params: z.object({ id: uuid.describe("用户 ID") }) } },
    async (req, reply) => {
      const photo = await win.staffPhoto(deps, req.params.id);
      if (!photo) throw AppError.notFound("照片");
      return reply.header("content-type", photo.type).header("cache-control", "public, max-age=86400").send(photo.bytes);
    },
  );

  const kind = z
    .enum(win.TRANSACTION_KINDS, { error: "须为 consultation（咨询）、acceptance（受理）、supplement_notice（补正告知）、pickup（领取）或 other（其他）" })
    .describe("业务类型");
  const serviceCode = z.string().trim().regex(/^[A-Z0-9][A-Z0-9-]{1,38}$/, "须为 2–39 位大写字母、数字或连字符").describe("事项编码");
  r.get("/api/admin/window-services", { config: { access: "org.manage" }, schema: { tags: ["admin"], summary: "Every department's window services" } }, async (req) =>
    win.listWindowServices(deps, contextOf(req)),
  );
  r.post(
    "/api/admin/window-services",
    {
      config: { access: "org.manage" },
      schema: {
        tags: ["admin"],
        summary: "Add a window service",
        body: z.strictObject({
          code: serviceCode,
          departmentId: uuid.describe("所属部门"),
          nameZh: z.string().trim().min(2).max(60).describe("中文名称"),
          nameEn: z.string().trim().min(2).max(100).describe("英文名称"),
          kind,
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await win.createWindowService(deps, contextOf(req), req.body)),
  );
  r.patch(
    "/api/admin/window-services/:code",
    {
      config: { access: "org.manage" },
      schema: {
        tags: ["admin"],
        summary: "Rename, re-classify or retire a window service",
        params: z.object({ code: serviceCode }),
        body: z.strictObject({
          nameZh: z.string().trim().min(2).max(60).optional().describe("中文名称"),
          nameEn: z.string().trim().min(2).max(100).optional().describe("英文名称"),
          kind: kind.optional(),
          active: z.boolean().optional().describe("启用"),
        }),
      },
    },
    async (req) => win.updateWindowService(deps, contextOf(req), req.params.code, req.body),
  );
}
