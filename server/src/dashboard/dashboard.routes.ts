import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { contextOf } from "../shared/request-context.js";
import { RECORD_KINDS, dashboardWorkbook, records, recordsWorkbook } from "./dashboard.records.js";
import { dashboardPdf } from "./dashboard.report.js";
import * as svc from "./dashboard.service.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** A download's Content-Disposition whatever its name holds (RFC 6266: an ASCII fallback and the UTF-8 name). */
function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\x20-\x7E]|["\\]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The centre leaders' dashboard: every figure from the records, the records behind each, Excel and PDF; the process baseline. */
export async function dashboardRoutes(app: FastifyInstance, deps: svc.DashboardDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["dashboard"];
  const period = {
    from: z.string().max(10).describe("开始日期"),
    to: z.string().max(10).describe("结束日期"),
    department: z.uuid().optional().describe("部门"),
  };
  const query = (q: { from: string; to: string; department?: string }) => ({ from: q.from, to: q.to, departmentId: q.department });
  const kind = z.enum(RECORD_KINDS, { error: `须为 ${RECORD_KINDS.join("、")} 之一` }).describe("记录类别");

  r.get(
    "/api/dashboard",
    { config: { access: "dashboard.read" }, schema: { tags, summary: "Every figure of the dashboard for a period (Asia/Shanghai days, inclusive) and optionally a department", querystring: z.strictObject(period) } },
    async (req) => svc.dashboard(deps, contextOf(req), query(req.query)),
  );
  r.get(
    "/api/dashboard/export.xlsx",
    { config: { access: "dashboard.read" }, schema: { tags, summary: "The dashboard as Excel: the overview beside the article's figures, then every table", querystring: z.strictObject(period) } },
    async (req, reply) => reply.header("content-type", XLSX).header("content-disposition", attachment(`dashboard-${req.query.from}-${req.query.to}.xlsx`)).send(await dashboardWorkbook(deps, contextOf(req), query(req.query))),
  );
  r.get(
    "/api/dashboard/report.pdf",
    { config: { access: "dashboard.read" }, schema: { tags, summary: "The dashboard as a printable PDF report with its charts", querystring: z.strictObject(period) } },
    async (req, reply) => reply.header("content-type", "application/pdf").header("content-disposition", attachment(`dashboard-${req.query.from}-${req.query.to}.pdf`)).send(await dashboardPdf(deps, contextOf(req), query(req.query))),
  );
  r.get(
    "/api/dashboard/records/:kind",
    {
      config: { access: "dashboard.read" },
      schema: {
        tags,
        summary: "The records behind a figure (cases, events, teams, tickets, broadcasts), a page at a time",
        params: z.object({ kind }),
        querystring: z.strictObject({ ...period, limit: z.coerce.number().int().min(1).max(500).default(50).describe("条数"), offset: z.coerce.number().int().min(0).max(1_000_000).default(0).describe("偏移") }),
      },
    },
    async (req) => records(deps, contextOf(req), req.params.kind, query(req.query), { limit: req.query.limit, offset: req.query.offset }),
  );
  r.get(
    "/api/dashboard/records/:kind/export.xlsx",
    { config: { access: "dashboard.read" }, schema: { tags, summary: "The records behind a figure as Excel, every row", params: z.object({ kind }), querystring: z.strictObject(period) } },
    async (req, reply) => reply.header("content-type", XLSX).header("content-disposition", attachment(`${req.params.kind}-${req.query.from}-${req.query.to}.xlsx`)).send(await recordsWorkbook(deps, contextOf(req), req.params.kind, query(req.query))),
  );
  r.put(
    "/api/dashboard/baseline",
    {
      config: { access: "dashboard.baseline.set" },
      schema: {
        tags,
        summary: "The centre's baseline for process length and speed (before the reform); each save is kept, the latest counts",
        body: z.strictObject({ steps: z.number({ error: "须为数字" }).describe("改革前环节数"), workingDays: z.number({ error: "须为数字" }).describe("改革前办理用时"), note: z.string().max(400).nullish().describe("依据说明") }),
      },
    },
    async (req) => svc.setBaseline(deps, contextOf(req), { steps: req.body.steps, workingDays: req.body.workingDays, note: req.body.note ?? null }),
  );
}
