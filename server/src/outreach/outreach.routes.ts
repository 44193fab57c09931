import multipart from "@fastify/multipart";
import type { ReadCache } from "../platform/read-cache.js";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../shared/errors.js";
import { assertText } from "../shared/http.js";
import { contextOf } from "../shared/request-context.js";
import { afterParam } from "../shared/paging.js";
import { calendarDate } from "../shared/schemas.js";
import * as svc from "./outreach.service.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const date = (label: string) => z.string().max(10).describe(label);

/** Service teams and their outreach events: teams kept by supervisors and admins, events logged by leaders, confirmed by supervisors. */
export async function outreachRoutes(app: FastifyInstance, deps: svc.OutreachDeps & { reads: ReadCache }) {
  await app.register(multipart, { limits: { fileSize: deps.config.uploadMaxBytes + 1, files: 1, fields: 2 }, throwFileSizeLimit: false });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["outreach"];
  const uuid = z.uuid();
  const member = z.strictObject({ name: z.string().max(40).describe("队员姓名"), phone: z.string().max(30).nullish().describe("队员电话"), position: z.string().max(40).nullish().describe("职务") });
  const team = {
    departmentId: uuid.describe("所属单位"),
    name: z.string().max(80).describe("服务队名称"),
    brand: z.string().max(40).nullish().describe("服务品牌"),
    foundedOn: date("成立日期").nullish(),
    leaderUserId: uuid.nullish().describe("队长"),
    active: z.boolean().optional().describe("在册"),
    members: z.array(member).max(500).describe("队员"),
  };
  const teamQuery = z.strictObject({
    department: uuid.optional().describe("所属单位"),
    q: z.string().max(40).optional().describe("名称"),
    active: z.enum(["1", "0"], { error: "须为 1 或 0" }).optional().describe("在册"),
    limit: z.coerce.number().int().min(1).max(500).default(50).describe("条数"),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0).describe("偏移"),
  });

  r.get("/api/outreach/teams", { config: { access: "outreach.teams.read" }, schema: { tags, summary: "Service teams by department and name (a team leader: the teams they lead)", querystring: teamQuery } }, async (req) =>
    svc.listTeams(deps, contextOf(req), { departmentId: req.query.department, q: req.query.q, active: req.query.active === undefined ? undefined : req.query.active === "1", limit: req.query.limit, offset: req.query.offset }),
  );
  r.get(
    "/api/outreach/teams/export.xlsx",
    { config: { access: "outreach.teams.read" }, schema: { tags, summary: "Every team as Excel", querystring: z.strictObject({ department: uuid.optional().describe("所属单位") }) } },
    async (req, reply) => reply.header("content-type", XLSX).header("content-disposition", 'attachment; filename="service-teams.xlsx"').send(await svc.exportTeams(deps, contextOf(req), req.query.department)),
  );
  r.get("/api/outreach/leaders", { config: { access: "outreach.teams.manage" }, schema: { tags, summary: "Accounts with the team leader role, for a team's leader" } }, async (req) => svc.leaderAccounts(deps, contextOf(req)));
  r.get("/api/outreach/teams/mine", { config: { access: "outreach.events.log" }, schema: { tags, summary: "The active teams the signed-in leader leads" } }, async (req) => svc.myTeams(deps, contextOf(req)));
  r.get("/api/outreach/teams/:id", { config: { access: "outreach.teams.read" }, schema: { tags, summary: "A team with its members (audited)", params: z.object({ id: uuid.describe("服务队 ID") }) } }, async (req) =>
    svc.getTeam(deps, contextOf(req), req.params.id),
  );
  r.post("/api/outreach/teams", { config: { access: "outreach.teams.manage" }, schema: { tags, summary: "A new team with its members", body: z.strictObject(team) } }, async (req, reply) =>
    reply.code(201).send(await svc.createTeam(deps, contextOf(req), req.body)),
  );
  r.patch(
    "/api/outreach/teams/:id",
    {
      config: { access: "outreach.teams.manage" },
      schema: { tags, summary: "Change a team (members replace the list when given)", params: z.object({ id: uuid.describe("服务队 ID") }), body: z.strictObject({ ...team, departmentId: team.departmentId.optional(), name: team.name.optional(), members: team.members.optional() }) },
    },
    async (req) => svc.updateTeam(deps, contextOf(req), req.params.id, req.body),
  );

  const eventQuery = {
    // A real calendar day each, from no later than to (period below).
    from: calendarDate.optional().describe("开始日期"),
    to: calendarDate.optional().describe("结束日期"),
    department: uuid.optional().describe("所属单位"),
    team: uuid.optional().describe("服务队"),
    status: z.enum(["submitted", "confirmed", "returned"], { error: "须为 submitted、confirmed、returned 之一" }).optional().describe("状态"),
  };
  /** An event filter's period: from no later than to, or the from is named. */
  const period = (q: { from?: string; to?: string }) => !q.from || !q.to || q.from <= q.to;
  const periodError = { path: ["from"], message: "不能晚于结束日期" };
  const eventBody = {
    date: date("服务日期"),
    placeCode: z.string().max(12).describe("服务地点"),
    address: z.string().max(200).nullish().describe("详细地点"),
    activity: z.string().max(1000).describe("服务内容"),
    problemsSolved: z.number({ error: "须为整数" }).describe("解决问题数"),
    peopleServed: z.number({ error: "须为整数" }).describe("服务人次"),
  };
  r.get(
    "/api/outreach/events",
    {
      config: { access: "outreach.events.read" },
      schema: {
        tags,
        summary: "Outreach events, newest first, a page after the cursor `after`; total counted up to 1000 on the first page (the filter's sums: GET /api/outreach/events/totals)",
        querystring: z.strictObject({ ...eventQuery, limit: z.coerce.number().int().min(1).max(200).default(50).describe("条数"), after: afterParam }).refine(period, periodError),
      },
    },
    async (req) => svc.listEvents(deps, contextOf(req), { from: req.query.from, to: req.query.to, departmentId: req.query.department, teamId: req.query.team, status: req.query.status, limit: req.query.limit, after: req.query.after }),
  );
  r.get(
    "/api/outreach/events/totals",
    { config: { access: "outreach.events.read" }, schema: { tags, summary: "The totals of a filter's events: how many, problems solved, people served", querystring: z.strictObject(eventQuery).refine(period, periodError) } },
    async (req) => svc.eventTotals(deps, contextOf(req), { from: req.query.from, to: req.query.to, departmentId: req.query.department, teamId: req.query.team, status: req.query.status }),
  );
  r.get(
    "/api/outreach/events/export.xlsx",
    { config: { access: "outreach.events.read" }, schema: { tags, summary: "The events of a filter as Excel, every row", querystring: z.strictObject(eventQuery).refine(period, periodError) } },
    async (req, reply) =>
      reply
        .header("content-type", XLSX)
        .header("content-disposition", 'attachment; filename="outreach-events.xlsx"')
        .send(await svc.exportEvents(deps, contextOf(req), { from: req.query.from, to: req.query.to, departmentId: req.query.department, teamId: req.query.team, status: req.query.status })),
  );
  r.get("/api/outreach/events/:id", { config: { access: "outreach.events.read" }, schema: { tags, summary: "An event with its photos", params: z.object({ id: uuid.describe("活动 ID") }) } }, async (req) =>
    svc.getEvent(deps, contextOf(req), req.params.id),
  );
  r.post(
    "/api/outreach/events",
    {
      config: { access: "outreach.events.log" },
      schema: { tags, summary: "The team leader logs an event (the same clientId again answers with the event already logged)", body: z.strictObject({ teamId: uuid.describe("服务队"), clientId: z.string().min(8).max(64).describe("客户端编号"), ...eventBody }) },
    },
    async (req, reply) => {
      const r = await svc.logEvent(deps, contextOf(req), req.body);
      return reply.code(r.replayed ? 200 : 201).send({ ...r.event, replayed: r.replayed });
    },
  );
  r.put(
    "/api/outreach/events/:id",
    { config: { access: "outreach.events.log" }, schema: { tags, summary: "The leader corrects an event not yet confirmed (a returned one is submitted again)", params: z.object({ id: uuid.describe("活动 ID") }), body: z.strictObject({ ...eventBody, revision: z.number().int().describe("版本") }) } },
    async (req) => svc.editEvent(deps, contextOf(req), req.params.id, req.body),
  );
  r.post(
    "/api/outreach/events/:id/decision",
    {
      config: { access: "outreach.events.confirm" },
      schema: {
        tags,
        summary: "A supervisor confirms an event or returns it with the reason",
        params: z.object({ id: uuid.describe("活动 ID") }),
        body: z.strictObject({ decision: z.enum(["confirm", "return"], { error: "须为 confirm（确认）或 return（退回）" }).describe("审核结果"), reason: z.string().max(400).nullish().describe("退回原因"), revision: z.number().int().optional().describe("版本") }),
      },
    },
    async (req) => svc.decideEvent(deps, contextOf(req), req.params.id, req.body),
  );
  r.post(
    "/api/outreach/events/:id/photos",
    { config: { access: "outreach.events.log" }, schema: { tags, summary: "A photo of the event (multipart: file; JPG or PNG); the same bytes again answer with the photo kept (200)", consumes: ["multipart/form-data"], params: z.object({ id: uuid.describe("活动 ID") }) } },
    async (req, reply) => {
      if (!req.isMultipart()) throw AppError.validation([{ path: "file", message: "活动照片：请以 multipart/form-data 上传" }]);
      let upload: { fileName: string; bytes: Buffer } | undefined;
      for await (const part of req.parts()) if (part.type === "file") upload = { fileName: part.filename, bytes: await part.toBuffer() };
      if (!upload) throw AppError.validation([{ path: "file", message: "活动照片：必填" }]);
      // A file name is text like any other field: a NUL or control character in it is refused.
      assertText(upload.fileName, "file", "文件名");
      const photo = await svc.addEventPhoto(deps, contextOf(req), req.params.id, upload);
      // The same bytes again: the photo already kept, 200 (nothing new made).
      return reply.code(photo.replayed ? 200 : 201).send(photo);
    },
  );
  r.get("/api/outreach/photos/:id", { config: { access: "outreach.events.read" }, schema: { tags, summary: "An event photo", params: z.object({ id: uuid.describe("照片 ID") }) } }, async (req, reply) => {
    const p = await svc.eventPhoto(deps, contextOf(req), req.params.id);
    return reply.header("content-type", p.contentType).header("cache-control", "private, max-age=3600").send(p.bytes);
  });
}
