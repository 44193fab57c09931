import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../db/database.js";
import { contextOf } from "../shared/request-context.js";
import * as org from "./org.service.js";

const uuid = z.uuid();
const department = z.object({
  id: z.string(),
  centreId: z.string(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  active: z.boolean(),
});
const window = z.object({
  id: z.string(),
  departmentId: z.string(),
  number: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  active: z.boolean(),
});
const nameZh = z.string().trim().min(1).max(60).describe("中文名称");
const nameEn = z.string().trim().min(1).max(120).describe("英文名称");

/** Centres, departments and windows: public read, admin writes. */
export async function orgRoutes(app: FastifyInstance, opts: { db: Database }) {
  const { db } = opts;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/api/org",
    {
      config: { access: "public" },
      schema: {
        tags: ["org"],
        summary: "Centres, departments and windows",
        response: {
          200: z.object({
            centres: z.array(
              z.object({ id: z.string(), code: z.string(), kind: z.enum(["approval", "farm"]), nameZh: z.string(), nameEn: z.string(), address: z.string().nullable() }),
            ),
            departments: z.array(department),
            windows: z.array(window),
          }),
        },
      },
    },
    async () => org.getOrganisation(db),
  );

  r.post(
    "/api/admin/departments",
    {
      config: { access: "org.manage" },
      schema: {
        tags: ["admin"],
        summary: "Create a department",
        body: z.strictObject({
          centreId: uuid.describe("所属中心"),
          code: z.string().regex(/^[A-Z][A-Z0-9_]{1,19}$/, "应为 2–20 位大写字母、数字或下划线，以字母开头").describe("部门代码"),
          nameZh,
          nameEn,
        }),
        response: { 201: department },
      },
    },
    async (req, reply) => reply.status(201).send(await org.createDepartment(db, contextOf(req), req.body)),
  );

  r.patch(
    "/api/admin/departments/:id",
    {
      config: { access: "org.manage" },
      schema: {
        tags: ["admin"],
        summary: "Rename or (de)activate a department",
        params: z.object({ id: uuid.describe("部门 ID") }),
        body: z.strictObject({ nameZh: nameZh.optional(), nameEn: nameEn.optional(), active: z.boolean().optional().describe("启用") }),
        response: { 200: department },
      },
    },
    async (req) => org.updateDepartment(db, contextOf(req), req.params.id, req.body),
  );

  r.post(
    "/api/admin/windows",
    {
      config: { access: "org.manage" },
      schema: {
        tags: ["admin"],
        summary: "Open a window",
        body: z.strictObject({
          departmentId: uuid.describe("所属部门"),
          number: z.string().regex(/^[A-Z]{1,2}\d{2,3}$/, "应为 1–2 位大写字母加 2–3 位数字，如 A01").describe("窗口编号"),
          nameZh,
          nameEn,
        }),
        response: { 201: window },
      },
    },
    async (req, reply) => reply.status(201).send(await org.createWindow(db, contextOf(req), req.body)),
  );

  r.patch(
    "/api/admin/windows/:id",
    {
      config: { access: "org.manage" },
      schema: {
        tags: ["admin"],
        summary: "Rename, move or (de)activate a window",
        params: z.object({ id: uuid.describe("窗口 ID") }),
        body: z.strictObject({
          departmentId: uuid.optional().describe("所属部门"),
          nameZh: nameZh.optional(),
          nameEn: nameEn.optional(),
          active: z.boolean().optional().describe("启用"),
        }),
        response: { 200: window },
      },
    },
    async (req) => org.updateWindow(db, contextOf(req), req.params.id, req.body),
  );
}
