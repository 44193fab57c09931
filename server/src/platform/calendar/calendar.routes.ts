import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { contextOf } from "../../shared/request-context.js";
import { calendarDate } from "../../shared/schemas.js";
import * as cal from "./calendar.service.js";

const year = z.coerce.number().int().min(2000).max(2100).describe("年份");
const expectedVersion = z.number().int().min(0).max(100_000).describe("核对的版本（未录入为 0）");
const note = z.string().max(500).optional().describe("备注");
/** A pasted notice: the State Council's are about 2,000 characters. */
const noticeText = z.string().trim().min(1, "请粘贴通知全文").max(20_000).describe("通知全文");
/** An .ics file's text, read by the browser. */
const icsContent = z.string().min(1, "文件为空").max(1_000_000).describe("文件");
const fileName = z.string().trim().min(1).max(200).describe("文件名");
const scheduleDay = z.strictObject({
  date: calendarDate.describe("日期"),
  kind: z.enum(["holiday", "makeup"]).describe("类型"),
  name: z.string().max(20).describe("名称"),
});

/** The working calendar: the year views and closures for staff, entering years for administrators, the public feed. */
export async function calendarRoutes(app: FastifyInstance, deps: cal.CalendarDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["calendar"];

  r.get("/api/calendar/overview", { config: { access: "calendar.read" }, schema: { tags, summary: "Years around today, where each comes from, recent revisions, the warning" } }, async (req) =>
    cal.overview(deps, contextOf(req)),
  );
  r.get("/api/calendar/status", { config: { access: "self" }, schema: { tags, summary: "The calendar revision in force and, for administrators, what is missing" } }, async (req) =>
    cal.calendarStatus(deps, contextOf(req)),
  );
  r.get(
    "/api/calendar/years/:year",
    { config: { access: "calendar.read" }, schema: { tags, summary: "Every day of a year: working or not, kind, source (centre, package, estimate), closures", params: z.strictObject({ year }) } },
    async (req) => cal.yearView(deps, contextOf(req), req.params.year),
  );
  r.get(
    "/api/calendar/days/:date",
    { config: { access: "calendar.read" }, schema: { tags, summary: "One day: working or not, its kind, festival or closure, and its source (centre, package, estimate)", params: z.strictObject({ date: calendarDate.describe("日期") }) } },
    async (req) => cal.dayView(deps, contextOf(req), req.params.date),
  );
  r.get(
    "/api/calendar/closures",
    {
      config: { access: "calendar.read" },
      schema: {
        tags,
        summary: "The centre's closures (in force; with lifted ones on request)",
        querystring: z.strictObject({
          from: calendarDate.optional().describe("开始日期"),
          to: calendarDate.optional().describe("结束日期"),
          includeLifted: z.enum(["true", "false"]).optional().describe("含已取消"),
        }),
      },
    },
    async (req) => cal.closures(deps, contextOf(req), { from: req.query.from, to: req.query.to, includeLifted: req.query.includeLifted === "true" }),
  );
  r.post(
    "/api/calendar/closures",
    {
      config: { access: "calendar.closures" },
      schema: {
        tags,
        summary: "Close the centre on a day (台风停工 …): a rest day for its deadlines; open deadlines are recounted",
        body: z.strictObject({ date: calendarDate.describe("闭馆日期"), reason: z.string().max(200).describe("闭馆原因") }),
      },
    },
    async (req, reply) => reply.code(201).send(await cal.addClosure(deps, contextOf(req), req.body)),
  );
  r.post(
    "/api/calendar/closures/:id/lift",
    {
      config: { access: "calendar.closures" },
      schema: { tags, summary: "Lift a closure (the day works again); open deadlines are recounted", params: z.strictObject({ id: z.uuid().describe("闭馆 ID") }), body: z.strictObject({ reason: z.string().max(200).describe("取消原因") }) },
    },
    async (req) => cal.liftClosure(deps, contextOf(req), req.params.id, req.body),
  );

  r.post(
    "/api/admin/calendar/preview/notice",
    {
      config: { access: "calendar.manage" },
      schema: {
        tags,
        summary: "Parse a pasted State Council holiday notice: what was understood and what not, day by day, and the difference a save would make (saves nothing)",
        body: z.strictObject({ text: noticeText, year: year.optional() }),
      },
    },
    async (req) => cal.previewNotice(deps, contextOf(req), req.body),
  );
  r.post(
    "/api/admin/calendar/preview/ics",
    {
      config: { access: "calendar.manage" },
      schema: { tags, summary: "Read an iCalendar file's holidays and make-up days of a year and the difference a save would make (saves nothing)", body: z.strictObject({ year, fileName, content: icsContent }) },
    },
    async (req) => cal.previewIcs(deps, contextOf(req), req.body),
  );
  r.post(
    "/api/admin/calendar/years/:year/versions",
    {
      config: { access: "calendar.manage" },
      schema: {
        tags,
        summary: "Save a new version of a year (from a notice, by hand or from an .ics file) and put it in force; open deadlines are recounted",
        params: z.strictObject({ year }),
        body: z.discriminatedUnion("source", [
          z.strictObject({ source: z.literal("notice"), text: noticeText, expectedVersion, note }),
          z.strictObject({ source: z.literal("manual"), days: z.array(scheduleDay).max(366).describe("放假和调休安排"), expectedVersion, note, text: z.string().max(20_000).optional().describe("依据") }),
          z.strictObject({ source: z.literal("ics"), fileName, content: icsContent, expectedVersion, note }),
        ]),
      },
    },
    async (req, reply) => reply.code(201).send(await cal.saveYear(deps, contextOf(req), req.params.year, req.body)),
  );
  r.get(
    "/api/admin/calendar/years/:year/versions",
    { config: { access: "calendar.manage" }, schema: { tags, summary: "Every version of a year, newest first", params: z.strictObject({ year }) } },
    async (req) => cal.listVersions(deps, contextOf(req), req.params.year),
  );
  r.get(
    "/api/admin/calendar/years/:year/versions/:version",
    {
      config: { access: "calendar.manage" },
      schema: { tags, summary: "One version whole: days, source text, difference from the version before", params: z.strictObject({ year, version: z.coerce.number().int().min(1).max(100_000).describe("版本") }) },
    },
    async (req) => cal.getVersion(deps, contextOf(req), req.params.year, req.params.version),
  );

  r.get(
    "/calendar.ics",
    { config: { access: "public" }, schema: { tags, summary: "The centre's holidays, make-up working days and closures as iCalendar (subscribe from a phone or Outlook)" } },
    async (_req, reply) =>
      reply
        .type("text/calendar; charset=utf-8")
        .header("content-disposition", 'inline; filename="yichuang-calendar.ics"')
        .header("cache-control", "public, max-age=3600")
        .send(await cal.calendarFeed(deps)),
  );
}
