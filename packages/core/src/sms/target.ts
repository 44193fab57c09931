import type { FieldError } from "../errors.js";
import { findPlace } from "../hotline/places.js";
import { SUBSCRIBER_ROLES } from "./subscribers.js";

/**
 * Who a broadcast goes to: subscribers holding any of the product tags, living in any of the
 * regions (a county, town or village code: the code prefix), in any of the roles. Every part is
 * required, so a broadcast never goes to everyone by an empty filter. Pure: no I/O.
 */
export interface BroadcastTarget {
  tags: string[];
  regions: string[];
  roles: string[];
}

const ROLE_CODES: readonly string[] = SUBSCRIBER_ROLES.map((r) => r.code);

/** Problems of a target, each naming its field (zh-CN). */
export function targetProblems(t: BroadcastTarget): FieldError[] {
  const out: FieldError[] = [];
  if (!t.tags?.length) out.push({ path: "target.tags", message: "品种：至少选择 1 个" });
  else if (t.tags.length > 50) out.push({ path: "target.tags", message: "品种：最多 50 个" });
  if (!t.regions?.length) out.push({ path: "target.regions", message: "地区：至少选择 1 个" });
  else {
    const bad = t.regions.find((r) => !/^\d{6}(\d{3}(\d{3})?)?$/.test(r) || !findPlace(r));
    if (bad !== undefined) out.push({ path: "target.regions", message: `地区：区划代码 ${bad} 不存在（须为县、乡镇或村的代码）` });
  }
  if (!t.roles?.length) out.push({ path: "target.roles", message: "身份：至少选择 1 个" });
  else if (t.roles.some((r) => !ROLE_CODES.includes(r))) out.push({ path: "target.roles", message: `身份：须为 ${SUBSCRIBER_ROLES.map((r) => r.zh).join("、")}` });
  return out;
}

/** Regions with those inside another removed (330402 covers 330402103215), sorted. */
export function normaliseRegions(regions: readonly string[]): string[] {
  const sorted = [...new Set(regions)].sort();
  return sorted.filter((r) => !sorted.some((o) => o !== r && r.startsWith(o)));
}
