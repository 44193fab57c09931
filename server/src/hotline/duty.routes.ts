import { EXPERT_SPECIALTIES } from "@yichuang/core";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { calendarDate } from "../shared/schemas.js";
import { contextOf } from "../shared/request-context.js";
import * as duty from "./duty.service.js";

const date = calendarDate;
const rotation = (label: string) =>
  z.strictObject({
    members: z.array(z.uuid().describe("专家")).max(50).describe(`${label}成员`),
    start: date.describe(`${label}起始日`),
  });

/** 12316 duty: the board, the roster, overrides, experts' specialties. */
export async function dutyRoutes(app: FastifyInstance, deps: duty.DutyDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["hotline"];
  r.get(
    "/api/hotline/duty",
    {
      config: { access: "hotline.duty.read" },
      schema: {
        tags,
        summary: "Who is on duty now and next, the schedule, the roster and overrides, the experts",
        querystring: z.strictObject({
          centre: z.string().max(40).optional().describe("中心"),
          from: date.optional().describe("开始日期"),
          days: z.coerce.number().int().min(1).max(92).optional().describe("天数"),
        }),
      },
    },
    async (req) => duty.dutyBoard(deps, contextOf(req), req.query),
  );
  r.put(
    "/api/hotline/duty/roster",
    {
      config: { access: "hotline.duty.manage" },
      schema: {
        tags,
        summary: "Set the roster: working-day rotation, optional holiday rotation (revision: the one read; 0 for the first)",
        body: z.strictObject({
          centre: z.string().max(40).optional().describe("中心"),
          working: rotation("工作日轮值"),
          holiday: rotation("节假日轮值").nullable().describe("节假日轮值"),
          revision: z.number().int().min(0).describe("版本"),
        }),
      },
    },
    async (req) => duty.saveRoster(deps, contextOf(req), req.body),
  );
  r.post(
    "/api/hotline/duty/overrides",
    {
      config: { access: "hotline.duty.manage" },
      schema: {
        tags,
        summary: "An override for a swap or leave (wins over the rotations)",
        body: z.strictObject({
          centre: z.string().max(40).optional().describe("中心"),
          from: date.describe("开始日期"),
          to: date.describe("结束日期"),
          expertId: z.uuid().describe("值班专家"),
          reason: z.string().max(200).describe("原因"),
        }),
      },
    },
    async (req, reply) => reply.code(201).send(await duty.addOverride(deps, contextOf(req), req.body)),
  );
  r.delete(
    "/api/hotline/duty/overrides/:id",
    { config: { access: "hotline.duty.manage" }, schema: { tags, summary: "Cancel an override", params: z.object({ id: z.uuid().describe("调班 ID") }) } },
    async (req, reply) => {
      await duty.cancelOverride(deps, contextOf(req), req.params.id);
      return reply.code(204).send();
    },
  );
  r.put(
    "/api/hotline/experts/:id/specialties",
    {
      config: { access: "hotline.duty.manage" },
      schema: {
        tags,
        summary: `Set an expert's specialties (${EXPERT_SPECIALTIES.map((s) => s.code).join(", ")})`,
        params: z.object({ id: z.uuid().describe("专家 ID") }),
        body: z.strictObject({ specialties: z.array(z.string().max(40)).max(20).describe("专长") }),
      },
    },
    async (req) => duty.setSpecialties(deps, contextOf(req), req.params.id, req.body.specialties),
  );
}
