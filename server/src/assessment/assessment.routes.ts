import { Z95 } from "@yichuang/core";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { contextOf } from "../shared/request-context.js";
import { quarterXlsx } from "./assessment-export.js";
import * as svc from "./assessment.service.js";
import type { ReadCache } from "../platform/read-cache.js";

const quarter = z.string().max(10).describe("季度（如 2026-Q3）");
const kind = z.enum(["clerk", "window"], { error: "须为 clerk（工作人员）或 window（窗口）" });
// The field's label comes from .describe(); the message says what is wrong.
const num = () => z.number({ error: "须为数字" });

/** The scheme as a supervisor sends it; the rules on its values are core's `starSchemeProblems`. */
const scheme = z.strictObject({
  quality: z.strictObject({
    method: z.enum(["wilson", "bayes"], { error: "须为 wilson（威尔逊下界）或 bayes（贝叶斯平均）" }).describe("质量评分方法"),
    z: num().default(Z95).describe("置信系数 z"),
    prior: num().default(200).describe("先验评价数"),
  }),
  badRateGate: num().describe("差评率上界上限"),
  minRated: num().describe("最少主动评价数"),
  topN: num().describe("每中心服务明星人数"),
  weights: z.strictObject({
    quality: num().describe("服务质量权重"),
    volume: num().describe("办件量权重"),
    deadlines: num().describe("办件时效权重"),
    followUp: num().describe("差评整改及时性权重"),
  }),
});

/** 服务明星: the scheme, quarters (standings, close, check, export), a clerk's own standing, the public honour board. */
export async function assessmentRoutes(app: FastifyInstance, deps: svc.AssessmentDeps & { reads: ReadCache }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["assessment"];

  r.get("/api/assessment/scheme", { config: { access: "assessment.read" }, schema: { tags, summary: "The star scheme in force and its earlier versions" } }, async (req) => svc.schemes(deps, contextOf(req)));
  r.post(
    "/api/assessment/scheme",
    {
      config: { access: "assessment.manage" },
      schema: { tags, summary: "Set a new version of the star scheme (supervisors)", body: z.strictObject({ scheme, note: z.string().trim().max(500).nullable().optional().describe("修订说明") }) },
    },
    async (req, reply) => reply.code(201).send(await svc.saveScheme(deps, contextOf(req), req.body)),
  );
  r.get("/api/assessment/quarters", { config: { access: "assessment.read" }, schema: { tags, summary: "Recent quarters: closed, closable, in progress" } }, async (req) => svc.quarters(deps, contextOf(req)));
  r.get(
    "/api/assessment/quarters/:quarter",
    {
      config: { access: "assessment.read" },
      schema: {
        tags,
        summary: "A quarter's standings of clerks or windows: frozen once closed, as they are now before",
        params: z.object({ quarter }),
        querystring: z.strictObject({
          kind: kind.default("clerk").describe("对象"),
          department: z.string().max(40).optional().describe("部门 ID"),
          q: z.string().max(50).optional().describe("姓名、工号或窗口号"),
          limit: z.coerce.number().int().min(1).max(500).default(50).describe("每页条数"),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0).describe("偏移"),
        }),
      },
    },
    async (req) => svc.quarterView(deps, contextOf(req), req.params.quarter, { kind: req.query.kind, departmentId: req.query.department, search: req.query.q, limit: req.query.limit, offset: req.query.offset }),
  );
  r.get(
    "/api/assessment/quarters/:quarter/:kind/:id",
    { config: { access: "assessment.read" }, schema: { tags, summary: "One clerk's or window's standing and why", params: z.object({ quarter, kind, id: z.uuid().describe("ID") }) } },
    async (req) => svc.subjectStanding(deps, contextOf(req), req.params.quarter, req.params.kind, req.params.id),
  );
  r.post(
    "/api/assessment/quarters/:quarter/close",
    { config: { access: "assessment.manage" }, schema: { tags, summary: "Close a quarter: compute, pick the stars, freeze (once)", params: z.object({ quarter }) } },
    async (req, reply) => reply.code(201).send(await svc.closeQuarter(deps, contextOf(req), req.params.quarter)),
  );
  r.get(
    "/api/assessment/quarters/:quarter/check",
    {
      config: { access: "assessment.read" },
      schema: {
        tags,
        summary: "Recompute a closed quarter under its scheme and compare with the frozen result: from the day counters (fast) or from every raw rating and transaction",
        params: z.object({ quarter }),
        querystring: z.strictObject({ source: z.enum(["counters", "records"], { error: "须为 counters（按日汇总）或 records（原始评价）" }).default("counters").describe("核对依据") }),
      },
    },
    async (req) => svc.checkQuarter(deps, contextOf(req), req.params.quarter, { fromRecords: req.query.source === "records" }),
  );
  r.get(
    "/api/assessment/quarters/:quarter/export.xlsx",
    { config: { access: "assessment.read" }, schema: { tags, summary: "The quarter's table of clerks and windows as Excel", params: z.object({ quarter }) } },
    async (req, reply) => {
      const view = await svc.exportView(deps, contextOf(req), req.params.quarter);
      return reply
        .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", `attachment; filename="service-stars-${view.quarter}.xlsx"`)
        .send(await quarterXlsx(view));
    },
  );
  r.get(
    "/api/assessment/me",
    { config: { access: "assessment.own" }, schema: { tags, summary: "The clerk's own standing and why (this quarter so far, or a closed one)", querystring: z.strictObject({ quarter: quarter.optional() }) } },
    async (req) => svc.myStanding(deps, contextOf(req), req.query.quarter),
  );
  r.get(
    "/api/public/stars",
    { config: { access: "public" }, schema: { tags, summary: "光荣榜: a closed quarter's service stars (default: the latest)", querystring: z.strictObject({ quarter: quarter.optional() }) } },
    async (req) => deps.reads.get(svc.PUBLIC_BOARD_TABLES, `stars:${req.query.quarter ?? "latest"}`, () => svc.publicBoard(deps, req.query.quarter)),
  );
}
