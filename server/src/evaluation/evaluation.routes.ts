import { timingSafeEqual } from "node:crypto";
import { BAD_REVIEW_REASONS, ErrorCode, shanghaiDate } from "@yichuang/core";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { calendarDate } from "../shared/schemas.js";
import { AppError } from "../shared/errors.js";
import { contextOf } from "../shared/request-context.js";
import { windowTopic } from "../window/window.service.js";
import * as cards from "./cards.service.js";
import type { EvaluationDeps } from "./deps.js";
import * as devices from "./devices.service.js";
import { FIGURE_DIMENSIONS, figures, publicFigures } from "./figures.service.js";
import * as ratings from "./ratings.service.js";
import * as rect from "./rectification.service.js";
import { shanghaiToday } from "../platform/clock.js";

/** Cookie of a paired evaluator (the token; the database keeps its hash). */
export const DEVICE_COOKIE = "yc_device";

declare module "fastify" {
  interface FastifyRequest {
    /** The paired evaluator calling a "device" route. */
    device: devices.Device | null;
  }
}

const uuid = z.uuid();
const level = z.number().int().min(1, "须为 1–5 的评价等级").max(5, "须为 1–5 的评价等级").describe("评价等级");
const reasonCodes = BAD_REVIEW_REASONS.map((r) => r.code) as [string, ...string[]];
const rating = {
  level,
  reasons: z.array(z.enum(reasonCodes, { error: `须为以下之一：${BAD_REVIEW_REASONS.map((r) => r.zh).join("、")}（${reasonCodes.join("、")}）` }).describe("差评原因")).max(reasonCodes.length).optional().describe("差评原因"),
  comment: z.string().trim().max(500).nullable().optional().describe("评价意见"),
};
const date = calendarDate;
const cardCode = z.string().trim().min(1).max(20).describe("监督卡编号");

function firstOfQuarter(today: string): string {
  const m = Number(today.slice(5, 7));
  return `${today.slice(0, 4)}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, "0")}-01`;
}

const sameToken = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** 好差评: evaluators (pairing, server push, ratings), supervision cards, the online column, follow-up of bad reviews, figures. */
export async function evaluationRoutes(app: FastifyInstance, deps: EvaluationDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cache = new devices.DeviceCache();
  const streams = new Set<FastifyReply>();
  app.decorateRequest("device", null);

  /** The paired evaluator this request's device cookie names, or null. */
  const deviceOf = (req: FastifyRequest) => {
    const token = req.cookies[DEVICE_COOKIE];
    return token ? devices.resolveDevice(deps, cache, token) : null;
  };

  // A paired evaluator authenticates with its cookie; writes also carry its CSRF token.
  app.addHook("onRequest", async (req: FastifyRequest) => {
    if (req.routeOptions.config.access !== "device") return;
    const device = await deviceOf(req);
    if (!device) throw new AppError(ErrorCode.UNAUTHENTICATED, "评价器未配对或已停用，请输入管理员提供的配对码");
    if (req.method !== "GET") {
      const sent = req.headers["x-csrf-token"];
      if (typeof sent !== "string" || !device.csrf_token || !sameToken(sent, device.csrf_token)) {
        throw new AppError(ErrorCode.CSRF_INVALID, "安全校验失败（CSRF 令牌缺失或无效），请刷新页面后重试");
      }
    }
    req.device = device;
  });
  // Event streams never end by themselves: end them so the server can close.
  app.addHook("preClose", async () => {
    for (const s of streams) s.raw.end();
    streams.clear();
  });

  // ---- the evaluator ----
  const tagsE = ["evaluator"];
  r.post(
    "/api/evaluator/pair",
    { config: { access: "public" }, schema: { tags: tagsE, summary: "Pair this device with the admin-issued code (sets the device cookie)", body: z.strictObject({ code: z.string().trim().min(4).max(20).describe("配对码") }) } },
    async (req, reply) => {
      const { token } = await devices.pairDevice(deps, contextOf(req), req.body.code);
      reply.setCookie(DEVICE_COOKIE, token, { path: "/api/evaluator", httpOnly: true, sameSite: "strict", secure: deps.config.session.cookieSecure, maxAge: 5 * 365 * 24 * 3600 });
      const device = (await devices.resolveDevice(deps, cache, token))!;
      return devices.deviceState(deps, device);
    },
  );
  // What the evaluator page asks first: 200 either way (a device not paired is the normal state of a new
  // kiosk, not an error for its console), the state when paired; a cookie no longer valid is cleared.
  r.get(
    "/api/evaluator/session",
    { config: { access: "public" }, schema: { tags: tagsE, summary: "This device's evaluator state when it is paired, else paired: false (public)" } },
    async (req, reply) => {
      const device = await deviceOf(req);
      if (!device) {
        if (req.cookies[DEVICE_COOKIE]) reply.clearCookie(DEVICE_COOKIE, { path: "/api/evaluator" });
        return { paired: false, state: null };
      }
      return { paired: true, state: await devices.deviceState(deps, device) };
    },
  );
  r.get("/api/evaluator/me", { config: { access: "device" }, schema: { tags: tagsE, summary: "This evaluator's window, its CSRF token and the prompt it should show now" } }, async (req) =>
    devices.deviceState(deps, req.device!),
  );
  r.get(
    "/api/evaluator/events",
    { config: { access: "device" }, schema: { tags: tagsE, summary: "Server-sent events: `prompt` when the window's clerk completes a transaction; `revoked`" } },
    async (req, reply) => {
      const device = req.device!;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" });
      const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      res.write("retry: 2000\n\n");
      streams.add(reply);
      const unsubscribe = deps.push.subscribe(windowTopic(device.window_id), (m) => {
        if (m.event === "revoked") {
          if ((m.data as { deviceId: string }).deviceId !== device.id) return;
          send("revoked", m.data);
          res.end();
          return;
        }
        send(m.event, m.data);
      });
      const ping = setInterval(() => res.write(": ping\n\n"), 15_000);
      const cleanup = () => {
        clearInterval(ping);
        unsubscribe();
        streams.delete(reply);
      };
      req.raw.on("close", cleanup);
      res.on("close", cleanup);
      // Subscribed first, then the state: a prompt published in between is not lost.
      send("state", await devices.deviceState(deps, device));
    },
  );
  r.post(
    "/api/evaluator/ratings",
    {
      config: { access: "device" },
      schema: {
        tags: tagsE,
        summary: "The citizen's rating of a transaction at this window; a retried delivery with the same clientId is answered, not refused",
        body: z.strictObject({
          transactionId: uuid.describe("业务 ID"),
          clientId: uuid.describe("评价器本地编号"),
          answeredAt: z.iso.datetime({ offset: true }).optional().describe("评价时间"),
          ...rating,
        }),
        response: { 200: z.object({ id: z.string(), replayed: z.boolean() }), 201: z.object({ id: z.string(), replayed: z.boolean() }) },
      },
    },
    async (req, reply) => {
      const answeredAt = req.body.answeredAt ? new Date(req.body.answeredAt).toISOString() : undefined;
      const result = await ratings.rateByDevice(deps, req.device!, { ...req.body, level: req.body.level as 1 | 2 | 3 | 4 | 5, answeredAt });
      return reply.status(result.replayed ? 200 : 201).send(result);
    },
  );

  // ---- devices (admin) ----
  const tagsA = ["admin"];
  r.get("/api/admin/evaluators", { config: { access: "devices.manage" }, schema: { tags: tagsA, summary: "Every window evaluator and its state" } }, async (req) =>
    devices.listDevices(deps, contextOf(req)),
  );
  r.post(
    "/api/admin/evaluators",
    {
      config: { access: "devices.manage" },
      schema: { tags: tagsA, summary: "Register an evaluator for a window: returns its one-time pairing code", body: z.strictObject({ windowId: uuid.describe("窗口"), label: z.string().trim().min(1).max(40).describe("设备名称") }) },
    },
    async (req, reply) => reply.status(201).send(await devices.createDevice(deps, contextOf(req), req.body)),
  );
  r.post(
    "/api/admin/evaluators/:id/pairing-code",
    { config: { access: "devices.manage" }, schema: { tags: tagsA, summary: "A new pairing code (the current device stops working)", params: z.object({ id: uuid.describe("评价器 ID") }) } },
    async (req) => devices.repairDevice(deps, cache, contextOf(req), req.params.id),
  );
  r.post(
    "/api/admin/evaluators/:id/revoke",
    { config: { access: "devices.manage" }, schema: { tags: tagsA, summary: "Revoke an evaluator", params: z.object({ id: uuid.describe("评价器 ID") }) } },
    async (req, reply) => {
      await devices.revokeDevice(deps, cache, contextOf(req), req.params.id);
      return reply.status(204).send();
    },
  );

  // ---- supervision cards ----
  const tagsC = ["cards"];
  r.get("/api/cards/batches", { config: { access: "cards.manage" }, schema: { tags: tagsC, summary: "Printed batches of supervision cards" } }, async (req) => cards.listBatches(deps, contextOf(req)));
  r.post(
    "/api/cards/batches",
    {
      config: { access: "cards.manage" },
      schema: {
        tags: tagsC,
        summary: "Print a new batch of supervision cards",
        body: z.strictObject({ size: z.number().int().min(1).max(2000).describe("张数"), note: z.string().trim().max(100).nullable().optional().describe("备注") }),
      },
    },
    async (req, reply) => reply.status(201).send(await cards.createBatch(deps, contextOf(req), req.body)),
  );
  r.get(
    "/api/cards/batches/:id/pdf",
    { config: { access: "cards.manage" }, schema: { tags: tagsC, summary: "The batch as a printable PDF (8 cards per A4 page, QR codes)", params: z.object({ id: uuid.describe("批次 ID") }) } },
    async (req, reply) => {
      const { number, pdf } = await cards.batchPdf(deps, contextOf(req), req.params.id);
      return reply.header("content-type", "application/pdf").header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(`服务监督卡-${number}.pdf`)}`).send(pdf);
    },
  );
  r.post(
    "/api/desk/cards",
    {
      config: { access: "desk.serve" },
      schema: { tags: tagsC, summary: "Hand out a card for one of the clerk's transactions", body: z.strictObject({ code: cardCode, transactionId: uuid.describe("业务 ID") }) },
    },
    async (req) => ratings.bindCard(deps, contextOf(req), req.body),
  );
  r.get(
    "/api/public/cards/:code",
    { config: { access: "public" }, schema: { tags: tagsC, summary: "What a card was handed out for (before rating)", params: z.object({ code: cardCode }) } },
    async (req) => ratings.cardInfo(deps, req.params.code),
  );
  r.post(
    "/api/public/cards/:code/rating",
    { config: { access: "public" }, schema: { tags: tagsC, summary: "Rate the card's transaction (once)", params: z.object({ code: cardCode }), body: z.strictObject(rating) } },
    async (req, reply) => reply.status(201).send(await ratings.rateByCard(deps, contextOf(req), req.params.code, { ...req.body, level: req.body.level as 1 | 2 | 3 | 4 | 5 })),
  );

  // ---- the online column ----
  const tagsO = ["online evaluation"];
  r.get("/api/evaluations/mine", { config: { access: "evaluation.own" }, schema: { tags: tagsO, summary: "The founder's completed cases and transactions, their ratings, fixes to rate" } }, async (req) =>
    ratings.ownEvaluables(deps, contextOf(req)),
  );
  r.post(
    "/api/evaluations/cases/:id",
    { config: { access: "evaluation.own" }, schema: { tags: tagsO, summary: "Rate a completed case as a whole (一事一评)", params: z.object({ id: uuid.describe("办件 ID") }), body: z.strictObject(rating) } },
    async (req, reply) => reply.status(201).send(await ratings.rateOwnCase(deps, contextOf(req), req.params.id, { ...req.body, level: req.body.level as 1 | 2 | 3 | 4 | 5 })),
  );
  r.post(
    "/api/evaluations/transactions/:id",
    { config: { access: "evaluation.own" }, schema: { tags: tagsO, summary: "Rate one of the founder's window transactions", params: z.object({ id: uuid.describe("业务 ID") }), body: z.strictObject(rating) } },
    async (req, reply) =>
      reply.status(201).send(await ratings.rateOwnTransaction(deps, contextOf(req), req.params.id, { ...req.body, level: req.body.level as 1 | 2 | 3 | 4 | 5 })),
  );
  r.post(
    "/api/evaluations/fixes/:id",
    {
      config: { access: "evaluation.own" },
      schema: { tags: tagsO, summary: "Rate the fix of one's bad review", params: z.object({ id: uuid.describe("整改单 ID") }), body: z.strictObject({ level, comment: rating.comment }) },
    },
    async (req) => rect.rateFixAsOwner(deps, contextOf(req), req.params.id, { ...req.body, level: req.body.level as 1 | 2 | 3 | 4 | 5 }),
  );
  r.get(
    "/api/public/fixes/:token",
    { config: { access: "public" }, schema: { tags: tagsO, summary: "A fix, as the SMS link shows it", params: z.object({ token: z.string().min(10).max(64).describe("链接") }) } },
    async (req) => rect.fixByToken(deps, req.params.token),
  );
  r.post(
    "/api/public/fixes/:token/rating",
    {
      config: { access: "public" },
      schema: { tags: tagsO, summary: "Rate a fix through the SMS link (once)", params: z.object({ token: z.string().min(10).max(64).describe("链接") }), body: z.strictObject({ level, comment: rating.comment }) },
    },
    async (req) => rect.rateFixByToken(deps, contextOf(req), req.params.token, { ...req.body, level: req.body.level as 1 | 2 | 3 | 4 | 5 }),
  );
  r.get(
    "/api/public/evaluation/figures",
    {
      config: { access: "public" },
      schema: { tags: tagsO, summary: "Good-review rates of each department and window over a period (default: this quarter)", querystring: z.strictObject({ from: date.optional().describe("开始日期"), to: date.optional().describe("结束日期") }) },
    },
    async (req) => {
      const today = shanghaiToday();
      return publicFigures(deps, { from: req.query.from ?? firstOfQuarter(today), to: req.query.to ?? today });
    },
  );

  // ---- follow-up of bad reviews ----
  const tagsR = ["rectification"];
  const id = z.object({ id: uuid.describe("整改单 ID") });
  r.get(
    "/api/rectifications",
    {
      config: { access: "evaluation.rectify" },
      schema: {
        tags: tagsR,
        summary: "Rectification tickets of the caller's department (supervisors: all)",
        querystring: z.strictObject({
          status: z
            .enum(["active", "all", "open", "verified", "fixed", "closed", "set_aside"], { error: "须为 active（进行中）、all（全部）、open（待核实）、verified（待整改）、fixed（待评价）、closed（已办结）或 set_aside（已撤销）" })
            .default("active")
            .describe("状态"),
          light: z.enum(["green", "yellow", "red"], { error: "须为 green（绿灯）、yellow（黄灯）或 red（红灯）" }).optional().describe("亮灯"),
          department: z.string().max(20).optional().describe("部门"),
          limit: z.coerce.number().int().min(1).max(200).default(50).describe("每页条数"),
          offset: z.coerce.number().int().min(0).max(100_000).default(0).describe("偏移"),
        }),
      },
    },
    async (req) => rect.listTickets(deps, contextOf(req), req.query),
  );
  r.get("/api/rectifications/overdue", { config: { access: "supervision.read" }, schema: { tags: tagsR, summary: "Overdue (red) tickets per department" } }, async (req) =>
    rect.overdueCounts(deps, contextOf(req)),
  );
  r.get("/api/rectifications/:id", { config: { access: "evaluation.rectify" }, schema: { tags: tagsR, summary: "One ticket with the citizen's contact (audited)", params: id } }, async (req) =>
    rect.getTicket(deps, contextOf(req), req.params.id),
  );
  const note = (label: string) => z.string().trim().min(4, "至少 4 个字").max(1000).describe(label);
  r.post(
    "/api/rectifications/:id/verify",
    {
      config: { access: "evaluation.rectify" },
      schema: { tags: tagsR, summary: "Verified and the citizen contacted (within 1 working day)", params: id, body: z.strictObject({
          contactResult: z.enum(["contacted", "unreachable", "anonymous"], { error: "须为 contacted（已联系）、unreachable（联系不上）或 anonymous（匿名评价，无法联系）" }).describe("联系情况"),
          note: note("核实情况"),
        }) },
    },
    async (req) => rect.verifyTicket(deps, contextOf(req), req.params.id, req.body),
  );
  r.post(
    "/api/rectifications/:id/plan",
    { config: { access: "evaluation.rectify" }, schema: { tags: tagsR, summary: "A complex matter: 15 working days with a written plan", params: id, body: z.strictObject({ plan: z.string().trim().min(10, "至少 10 个字").max(2000).describe("整改方案") }) } },
    async (req) => rect.planTicket(deps, contextOf(req), req.params.id, req.body),
  );
  r.post(
    "/api/rectifications/:id/fix",
    { config: { access: "evaluation.rectify" }, schema: { tags: tagsR, summary: "The fix (within 5 or 15 working days); the citizen is asked to rate it", params: id, body: z.strictObject({ note: note("整改情况") }) } },
    async (req) => rect.fixTicket(deps, contextOf(req), req.params.id, req.body),
  );
  r.post(
    "/api/rectifications/:id/appeal",
    { config: { access: "evaluation.rectify" }, schema: { tags: tagsR, summary: "Appeal a mistaken or malicious review", params: id, body: z.strictObject({ reason: note("申诉理由") }) } },
    async (req) => rect.appealTicket(deps, contextOf(req), req.params.id, req.body),
  );
  r.post(
    "/api/rectifications/:id/appeal-decision",
    {
      config: { access: "evaluation.appeals.decide" },
      schema: { tags: tagsR, summary: "Uphold (set the review aside) or reject an appeal, with the reason", params: id, body: z.strictObject({ uphold: z.boolean().describe("是否采纳"), reason: note("审核意见") }) },
    },
    async (req) => rect.decideAppeal(deps, contextOf(req), req.params.id, req.body),
  );

  // ---- figures ----
  r.get(
    "/api/evaluation/figures",
    {
      config: { access: "evaluation.figures" },
      schema: {
        tags: ["figures"],
        summary: "好评率, 主动评价好评率, 未评价率 by department, window, clerk, service item, month or quarter",
        querystring: z.strictObject({
          from: date.optional().describe("开始日期"),
          to: date.optional().describe("结束日期"),
          by: z.enum(FIGURE_DIMENSIONS, { error: "须为 department（部门）、window（窗口）、clerk（人员）、service（事项）、month（月）或 quarter（季度）" }).default("department").describe("统计维度"),
          department: z.string().max(20).optional().describe("部门"),
        }),
      },
    },
    async (req) => {
      const today = shanghaiToday();
      return figures(deps, contextOf(req), { from: req.query.from ?? firstOfQuarter(today), to: req.query.to ?? today, by: req.query.by, department: req.query.department });
    },
  );
}
