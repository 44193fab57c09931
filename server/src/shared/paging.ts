import { sql, type SelectQueryBuilder } from "kysely";
import { z } from "zod";
import type { Database } from "../db/database.js";
import type { DB } from "../db/schema.js";
import { AppError } from "./errors.js";
import { textProblem } from "./http.js";

/**
 * Lists at any size (issue 18): a page is read after a cursor (keyset: the sort keys of the last row
 * the client saw), never by skipping rows, and its total is counted only up to TOTAL_CAP rows (so a
 * page costs the same with 4,000 rows or 400,000); past the cap the answer says the total is at
 * least that many (`totalExact: false`, shown as “1,000+ 条”).
 */
export const TOTAL_CAP = 1000;

/** What a page of a list answers besides its items. */
export interface PageInfo {
  /** The rows matching the filter, counted up to TOTAL_CAP; null on a page after the first (the client keeps the first page's). */
  total: number | null;
  /** False when there are more than `total` rows (the count stopped at the cap); null when not counted. */
  totalExact: boolean | null;
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** A page's PageInfo: its cursor, and the capped total when counted (the first page), else null. */
export function pageInfo(total: { total: number; totalExact: boolean } | null, nextCursor: string | null): PageInfo {
  return { total: total?.total ?? null, totalExact: total?.totalExact ?? null, nextCursor };
}

/** The response schema's fields of PageInfo, to spread into a list's zod schema. */
export const pageInfoSchema = {
  total: z.number().int().nullable().describe("条数（至多数到 1000；第一页之后为空）"),
  totalExact: z.boolean().nullable().describe("条数是否精确；否则为“至少”（第一页之后为空）"),
  nextCursor: z.string().nullable().describe("下一页的游标"),
};

/** The `after` query parameter: an opaque cursor from an earlier page. */
export const afterParam = z.string().max(400).optional().describe("游标（上一页的 nextCursor）");

/** The cursor after `keys` (the sort keys of a page's last row). */
export function encodeCursor(keys: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(keys), "utf8").toString("base64url");
}

/** The sort keys in a cursor, checked against their expected types ("s" string, "n" number, "s?" string or null); 400 naming the field otherwise. */
export function decodeCursor(cursor: string, types: readonly ("s" | "n" | "s?")[], field = "after"): (string | number | null)[] {
  let keys: unknown;
  try {
    keys = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    keys = null;
  }
  const ok =
    Array.isArray(keys) &&
    // Keys go to the database as they are: text is text here too (shared/http.ts's rule).
    keys.every((k) => typeof k !== "string" || textProblem(k) === null) &&
    keys.length === types.length &&
    keys.every((k, i) => (types[i] === "n" ? typeof k === "number" && Number.isFinite(k) : typeof k === "string" || (types[i] === "s?" && k === null)));
  if (!ok) throw AppError.validation([{ path: `querystring.${field}`, message: "游标：无效，请从第一页重新查询" }]);
  return keys as (string | number | null)[];
}

/**
 * The rows of `filtered` (a query with its FROM and WHERE, nothing selected yet) counted up to `cap`:
 * the database stops after cap + 1 rows of the index it walks.
 */
export async function cappedTotal(db: Database, filtered: SelectQueryBuilder<DB, any, {}>, cap = TOTAL_CAP): Promise<{ total: number; totalExact: boolean }> {
  const r = await db
    .selectFrom(filtered.select(sql<number>`1`.as("one")).limit(cap + 1).as("capped"))
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .executeTakeFirstOrThrow();
  const n = Number(r.n);
  return { total: Math.min(n, cap), totalExact: n <= cap };
}

/**
 * The page of `rows` (read with limit + 1 to see whether more follow): the first `limit` rows, and
 * the cursor after the last of them when more follow.
 */
export function pageOf<T>(rows: T[], limit: number, keysOf: (row: T) => (string | number | null)[]): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: encodeCursor(keysOf(page[page.length - 1]!)) };
}
