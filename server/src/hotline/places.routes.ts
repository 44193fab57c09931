import { findPlace, searchPlaces } from "@yichuang/core";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../shared/errors.js";

const place = z.object({
  code: z.string(),
  level: z.enum(["county", "town", "village"]),
  name: z.string(),
  countyCode: z.string(),
  path: z.array(z.string()),
  fullName: z.string(),
});

/** Places down to the village (public reference data): pick a caller's village by name, or read a code. */
export async function placesRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["places"];
  r.get(
    "/api/places",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Towns and villages whose name contains q, within a code prefix (e.g. 3304: Jiaxing), best first",
        querystring: z.strictObject({
          q: z.string().trim().min(1, "请输入地名").max(30).describe("地名"),
          within: z.string().regex(/^\d{2,9}$/, "须为 2–9 位区划代码前缀").optional().describe("区划代码前缀"),
          limit: z.coerce.number().int().min(1).max(50).default(20).describe("条数"),
        }),
        response: { 200: z.array(place) },
      },
    },
    async (req) => searchPlaces(req.query.q, { within: req.query.within, limit: req.query.limit }),
  );
  r.get(
    "/api/places/:code",
    {
      config: { access: "public" },
      schema: { tags, summary: "A county (6 digits), town (9) or village (12) by its code, with its whole path", params: z.object({ code: z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, "须为 6、9 或 12 位区划代码").describe("区划代码") }), response: { 200: place } },
    },
    async (req) => {
      const p = findPlace(req.params.code);
      if (!p) throw AppError.notFound(`区划代码 ${req.params.code} `);
      return p;
    },
  );
}
