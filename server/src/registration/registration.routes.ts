import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../db/database.js";
import { afterParam, pageInfoSchema } from "../shared/paging.js";

import { contextOf } from "../shared/request-context.js";
import * as reg from "./registration.service.js";

const uuid = z.uuid();
// Excel and PDF writers load on first export, not at start-up.
const exports = () => import("./department-export.js");
const departmentReport = z.object({
  department: z.string(),
  formCode: z.string(),
  version: z.number(),
  legacyFieldCount: z.number(),
  askedFieldCount: z.number(),
  derivedFieldCount: z.number(),
  issuedFieldCount: z.number(),
  departmentFieldCount: z.number(),
  notApplicableFieldCount: z.number(),
  repeatedFieldCount: z.number(),
});
const report = z.object({
  legacyFieldCount: z.number(),
  distinctElementCount: z.number(),
  derivedElementCount: z.number(),
  issuedElementCount: z.number(),
  departmentElementCount: z.number(),
  conditionalElementCount: z.number(),
  askedFieldCount: z.number(),
  requiredFieldCount: z.number(),
  askedElementCount: z.number(),
  profile: z.record(z.string(), z.boolean()),
  departments: z.array(departmentReport),
});
const unifiedForm = z.object({
  serviceItem: z.object({ code: z.string(), name: z.string(), nameEn: z.string() }),
  forms: z.array(z.object({ code: z.string(), department: z.string(), version: z.number(), title: z.object({ zh: z.string(), en: z.string() }) })),
  sections: z.array(z.unknown()),
  elements: z.array(z.unknown()),
  codeLists: z.record(z.string(), z.unknown()),
  report,
});
const application = z.object({
  id: z.string(),
  number: z.string(),
  serviceItem: z.string(),
  status: z.enum(["draft", "submitted"]),
  data: z.unknown(),
  formVersions: z.record(z.string(), z.number()),
  revision: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  submittedAt: z.string().nullable(),
});
const saveBody = z.strictObject({ data: reg.applicationDataSchema, revision: z.number().int().min(1).describe("草稿版本") });

/** The one-form registration: open data, the founder's application, department views, form versions. */
export async function registrationRoutes(app: FastifyInstance, opts: { db: Database }) {
  const { db } = opts;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/api/service-items",
    {
      config: { access: "public" },
      schema: { tags: ["registration"], summary: "Service items (open data)", response: { 200: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string() })) } },
    },
    async () => reg.listServiceItems(db),
  );

  r.get(
    "/api/service-items/:code/form",
    {
      config: { access: "public" },
      schema: {
        tags: ["registration"],
        summary: "The unified form of a service item and its reduction report (open data)",
        params: z.object({ code: z.string().max(40).describe("事项编码") }),
        response: { 200: unifiedForm },
      },
    },
    async (req) => reg.getServiceItemForm(db, req.params.code),
  );

  const i18n = z.object({ zh: z.string(), en: z.string() });
  r.get(
    "/api/service-items/:code/guide",
    {
      config: { access: "public" },
      schema: {
        tags: ["registration"],
        summary: "The service guide (办事指南): materials, time limits per department, fees (open data)",
        params: z.object({ code: z.string().max(40).describe("事项编码") }),
        response: {
          200: z.object({
            serviceItem: z.string(),
            title: i18n,
            applicability: i18n,
            basis: z.array(z.string()),
            materials: z.array(
              z.object({
                code: z.string(),
                name: i18n,
                form: z.enum(["original", "copy", "either"]),
                copies: z.number(),
                mandatory: z.boolean(),
                when: i18n.optional(),
                generated: z.boolean().optional(),
                note: i18n.optional(),
              }),
            ),
            departments: z.array(z.object({ department: z.string(), task: i18n, legalDays: z.number(), promisedDays: z.number() })),
            fees: z.array(z.object({ name: i18n, amountYuan: z.number(), basis: z.string().optional() })),
            window: i18n,
            contact: z.string(),
            timeLimits: z.object({ promisedDays: z.number(), legalDays: z.number(), sequentialLegalDays: z.number() }),
          }),
        },
      },
    },
    async (req) => reg.getServiceGuide(db, req.params.code),
  );

  r.get(
    "/api/applications",
    { config: { access: "applications.own" }, schema: { tags: ["registration"], summary: "The caller's applications", response: { 200: z.array(application) } } },
    async (req) => reg.listOwnApplications(db, contextOf(req)),
  );

  r.post(
    "/api/applications",
    {
      config: { access: "applications.own" },
      schema: {
        tags: ["registration"],
        summary: "Start a draft application",
        body: z.strictObject({ serviceItem: z.string().min(1).max(40).describe("事项编码") }),
        response: { 201: application },
      },
    },
    async (req, reply) => reply.status(201).send(await reg.createApplication(db, contextOf(req), req.body)),
  );

  r.get(
    "/api/applications/known-people",
    {
      config: { access: "applications.own" },
      schema: {
        tags: ["registration"],
        summary: "People the caller entered before, offered for prefill",
        response: {
          200: z.array(
            z.object({
              name: z.string(),
              idType: z.string(),
              idNumber: z.string(),
              mobile: z.string().nullable(),
              landline: z.string().nullable(),
              email: z.string().nullable(),
            }),
          ),
        },
      },
    },
    async (req) => reg.knownPeople(db, contextOf(req)),
  );

  r.get(
    "/api/applications/:id",
    {
      config: { access: "applications.own" },
      schema: {
        tags: ["registration"],
        summary: "One of the caller's applications with the form it was made under",
        params: z.object({ id: uuid.describe("申请 ID") }),
        response: { 200: z.object({ application, form: unifiedForm }) },
      },
    },
    async (req) => reg.getOwnApplication(db, contextOf(req), req.params.id),
  );

  r.put(
    "/api/applications/:id",
    {
      config: { access: "applications.own" },
      schema: {
        tags: ["registration"],
        summary: "Save a draft (any device); refused when based on an older revision",
        params: z.object({ id: uuid.describe("申请 ID") }),
        body: saveBody,
        response: { 200: application },
      },
    },
    async (req) => reg.saveDraft(db, contextOf(req), req.params.id, req.body),
  );

  r.post(
    "/api/applications/:id/submit",
    {
      config: { access: "applications.own" },
      schema: {
        tags: ["registration"],
        summary: "Submit: stored only when every field is valid",
        params: z.object({ id: uuid.describe("申请 ID") }),
        body: saveBody,
        response: { 200: application },
      },
    },
    async (req) => reg.submitApplication(db, contextOf(req), req.params.id, req.body),
  );

  r.get(
    "/api/submitted-applications",
    {
      config: { access: "department.forms.read" },
      schema: {
        tags: ["registration"],
        summary: "Submitted applications, newest first: a page after a cursor (total counted on the first page, up to 1,000)",
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(200).default(50).describe("每页条数"),
          after: afterParam,
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                number: z.string(),
                serviceItem: z.string(),
                submittedAt: z.string().nullable(),
                applicantName: z.string(),
                companyName: z.unknown(),
              }),
            ),
            ...pageInfoSchema,
          }),
        },
      },
    },
    async (req) => reg.listSubmitted(db, contextOf(req), req.query),
  );

  r.get(
    "/api/applications/:id/forms/:department",
    {
      config: { access: "department.forms.read" },
      schema: {
        tags: ["registration"],
        summary: "One department's own form of an application, filled (audited)",
        params: z.object({ id: uuid.describe("申请 ID"), department: z.string().regex(/^[A-Z][A-Z0-9_]+$/).describe("部门代码") }),
        response: {
          200: z.object({
            application: z.object({ id: z.string(), number: z.string(), submittedAt: z.string().nullable() }),
            form: z.object({ code: z.string(), version: z.number(), department: z.string(), title: z.object({ zh: z.string(), en: z.string() }) }),
            fields: z.array(
              z.object({
                no: z.number(),
                label: z.string(),
                section: z.string(),
                element: z.string(),
                source: z.string(),
                applies: z.boolean(),
                value: z.unknown(),
                display: z.string(),
                pending: z.string().nullable().optional(),
                rows: z.array(z.object({ value: z.unknown(), display: z.string(), pending: z.string().optional() })).nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => reg.getDepartmentForm(db, contextOf(req), req.params.id, req.params.department),
  );

  const exportParams = z.object({ id: uuid.describe("申请 ID"), department: z.string().regex(/^[A-Z][A-Z0-9_]+$/).describe("部门代码") });
  r.get(
    "/api/applications/:id/forms/:department.xlsx",
    { config: { access: "department.forms.read" }, schema: { tags: ["registration"], summary: "The department's form as Excel, in its own layout (audited)", params: exportParams } },
    async (req, reply) => {
      const view = await reg.getDepartmentForm(db, contextOf(req), req.params.id, req.params.department);
      return reply
        .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", `attachment; filename="${view.application.number}-${view.form.department}.xlsx"`)
        .send(await (await exports()).departmentFormXlsx(view));
    },
  );
  r.get(
    "/api/applications/:id/forms/:department.pdf",
    { config: { access: "department.forms.read" }, schema: { tags: ["registration"], summary: "The department's form as a printable PDF (audited)", params: exportParams } },
    async (req, reply) => {
      const view = await reg.getDepartmentForm(db, contextOf(req), req.params.id, req.params.department);
      return reply
        .header("content-type", "application/pdf")
        .header("content-disposition", `inline; filename="${view.application.number}-${view.form.department}.pdf"`)
        .send(await (await exports()).departmentFormPdf(view));
    },
  );

  r.get(
    "/api/admin/forms",
    {
      config: { access: "forms.manage" },
      schema: {
        tags: ["admin"],
        summary: "Every version of every department form",
        response: {
          200: z.array(
            z.object({
              code: z.string(),
              department: z.string(),
              version: z.number(),
              title: z.object({ zh: z.string(), en: z.string() }),
              fieldCount: z.number(),
              createdAt: z.string(),
            }),
          ),
        },
      },
    },
    async (req) => reg.listForms(db, contextOf(req)),
  );

  r.get(
    "/api/admin/forms/:code/:version",
    {
      config: { access: "forms.manage" },
      schema: {
        tags: ["admin"],
        summary: "One form version as JSON",
        params: z.object({ code: z.string().max(60).describe("表单代码"), version: z.coerce.number().int().min(1).describe("版本") }),
      },
    },
    async (req) => reg.getForm(db, contextOf(req), req.params.code, req.params.version),
  );

  r.post(
    "/api/admin/forms",
    {
      config: { access: "forms.manage" },
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags: ["admin"],
        summary: "Upload a new version of a department's form definition (JSON); returns the new unified form",
        body: z.strictObject({ definition: z.unknown().describe("表单定义") }),
        response: { 201: unifiedForm },
      },
    },
    async (req, reply) => reply.status(201).send(await reg.uploadForm(db, contextOf(req), req.body.definition)),
  );
}
