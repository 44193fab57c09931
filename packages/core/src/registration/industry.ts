import table from "../../data/gbt4754-2017.json" with { type: "json" };

/**
 * GB/T 4754-2017 国民经济行业分类 (with amendment No. 1 as published), shipped
 * as our own data file: 20 门类, 97 大类, 473 中类, 1381 小类. Provenance and
 * checks: data/gbt4754-2017.SOURCE.md.
 */

/** One entry of the classification. */
export interface IndustryEntry {
  code: string;
  level: 1 | 2 | 3 | 4;
  name: string;
  parent: string | null;
}

const entries = table as IndustryEntry[];
const byCode = new Map(entries.map((e) => [e.code, e]));

/** The entry with this code at any level, or undefined. */
export function findIndustry(code: string): IndustryEntry | undefined {
  return byCode.get(code);
}

/** True when `code` is a 小类 (4-digit class) of GB/T 4754-2017: the level a registration records. */
export function isIndustryClass(code: string): boolean {
  return byCode.get(code)?.level === 4;
}

/** The class and its ancestors, from 门类 down, e.g. [A 农、林、牧、渔业, 01 农业, 011 谷物种植, 0111 稻谷种植]. */
export function industryPath(code: string): IndustryEntry[] {
  const path: IndustryEntry[] = [];
  for (let e = byCode.get(code); e; e = e.parent ? byCode.get(e.parent) : undefined) path.unshift(e);
  return path;
}

/** Classes (小类) whose code starts with or whose name contains `text`, at most `limit`. */
export function searchIndustries(text: string, limit = 20): IndustryEntry[] {
  const q = text.trim();
  if (!q) return [];
  const out: IndustryEntry[] = [];
  for (const e of entries) {
    if (e.level === 4 && (e.code.startsWith(q) || e.name.includes(q))) out.push(e);
    if (out.length >= limit) break;
  }
  return out;
}

/** Counts per level: 门类, 大类, 中类, 小类. */
export const INDUSTRY_COUNTS = [1, 2, 3, 4].map((l) => entries.filter((e) => e.level === l).length) as [number, number, number, number];
