import { addDays } from "../calendar/calendar.js";
import { isCalendarDate, normalizePhone } from "../hotline/tickets.js";
import { findPlace } from "../hotline/places.js";
import type { FieldError } from "../errors.js";

/**
 * Service teams (机关服务队): a government office's named team (红盾服务队, 健康120服务品牌队,
 * 110品牌队 …) with members, going out to people. Each outreach event (走访服务) is logged by the
 * team's leader, usually from a phone at the place, and confirmed by a supervisor before it counts.
 */

/** Statuses of an outreach event: logged → confirmed (counts in the figures) or returned (with a reason, to be corrected). */
export const OUTREACH_STATUSES = ["submitted", "confirmed", "returned"] as const;
export type OutreachStatus = (typeof OUTREACH_STATUSES)[number];

/** How far back a leader may log an event (a late entry after a busy month, not a year's backlog). */
export const OUTREACH_BACKDATE_DAYS = 60;

/** What a leader enters for one outreach event. */
export interface OutreachEventInput {
  date: string;
  /** A county (6), town (9) or village (12) code where it happened. */
  placeCode: string;
  address?: string | null;
  activity: string;
  problemsSolved: number;
  peopleServed: number;
}

/** The area a centre serves, from its GB/T 2260 division (330400 → prefix 3304, 嘉兴市). */
export interface ServiceArea {
  prefix: string;
  name: string;
}

/** The area of a division code: its code without the trailing 00 pairs, named by the place it is (null for an unknown code). */
export function serviceAreaOf(division: string): ServiceArea | null {
  if (!/^\d{6}$/.test(division)) return null;
  const prefix = division.replace(/(00){1,2}$/, "");
  const depth = prefix.length / 2 - 1; // 0 province, 1 city, 2 county
  if (depth === 2) {
    const county = findPlace(prefix);
    return county ? { prefix, name: county.name } : null;
  }
  // A province or city has no place of its own here: name it from the first county under it.
  const rest = 6 - prefix.length;
  for (let i = 1; i < 10 ** rest; i++) {
    const county = findPlace(`${prefix}${String(i).padStart(rest, "0")}`);
    if (county) return { prefix, name: county.path[depth]! };
  }
  return null;
}

const chars = (s: string | null | undefined) => [...(s ?? "").trim()].length;
const count = (n: unknown) => typeof n === "number" && Number.isInteger(n);

/**
 * Problems of an outreach event as entered, each naming its field (zh-CN); `today` in Asia/Shanghai.
 * With `area`, the place must lie within it (the centre's division: its teams serve its own people).
 */
export function outreachEventProblems(e: OutreachEventInput, today: string, area?: ServiceArea | null): FieldError[] {
  const out: FieldError[] = [];
  if (!isCalendarDate(e.date ?? "")) out.push({ path: "date", message: "服务日期：须为 YYYY-MM-DD 格式的有效日期" });
  else if (e.date > today) out.push({ path: "date", message: "服务日期：不能晚于今天" });
  else if (e.date < addDays(today, -OUTREACH_BACKDATE_DAYS)) out.push({ path: "date", message: `服务日期：只能补录 ${OUTREACH_BACKDATE_DAYS} 天内的活动` });
  if (!e.placeCode) out.push({ path: "placeCode", message: "服务地点：请选择区县、乡镇或村（社区）" });
  else if (!/^\d{6}(\d{3}(\d{3})?)?$/.test(e.placeCode)) out.push({ path: "placeCode", message: "服务地点：须为 6 位区县、9 位乡镇或 12 位村（社区）区划代码" });
  else if (!findPlace(e.placeCode)) out.push({ path: "placeCode", message: `服务地点：区划代码 ${e.placeCode} 不存在` });
  else if (area && !e.placeCode.startsWith(area.prefix)) out.push({ path: "placeCode", message: `服务地点：须在${area.name}范围内（${findPlace(e.placeCode)!.fullName}不在本中心服务范围）` });
  if (chars(e.address) > 100) out.push({ path: "address", message: "详细地点：不能超过 100 个字" });
  if (chars(e.activity) < 4) out.push({ path: "activity", message: "服务内容：请至少写 4 个字" });
  else if (chars(e.activity) > 500) out.push({ path: "activity", message: "服务内容：不能超过 500 个字" });
  if (!count(e.problemsSolved) || e.problemsSolved < 0) out.push({ path: "problemsSolved", message: "解决问题数：须为不小于 0 的整数" });
  else if (e.problemsSolved > 10_000) out.push({ path: "problemsSolved", message: "解决问题数：一次活动不能超过 10000 个" });
  if (!count(e.peopleServed) || e.peopleServed < 1) out.push({ path: "peopleServed", message: "服务人次：须为不小于 1 的整数" });
  else if (e.peopleServed > 100_000) out.push({ path: "peopleServed", message: "服务人次：一次活动不能超过 100000 人次" });
  return out;
}

/** A team as its manager enters it. */
export interface ServiceTeamInput {
  name: string;
  /** The office's service brand the team belongs to (红盾, 健康120 …), if any. */
  brand?: string | null;
  foundedOn?: string | null;
}

/** Problems of a team's name, brand and founding date (zh-CN, naming the field). */
export function serviceTeamProblems(t: ServiceTeamInput, today: string): FieldError[] {
  const out: FieldError[] = [];
  if (chars(t.name) < 2 || chars(t.name) > 40) out.push({ path: "name", message: "服务队名称：须为 2–40 个字" });
  if (chars(t.brand) > 20) out.push({ path: "brand", message: "服务品牌：不能超过 20 个字" });
  if (t.foundedOn) {
    if (!isCalendarDate(t.foundedOn)) out.push({ path: "foundedOn", message: "成立日期：须为 YYYY-MM-DD 格式的有效日期" });
    else if (t.foundedOn > today) out.push({ path: "foundedOn", message: "成立日期：不能晚于今天" });
  }
  return out;
}

/** A member of a team (a person, with an account only when they sign in, as the leader does). */
export interface TeamMemberInput {
  name: string;
  phone?: string | null;
  position?: string | null;
}

/** Problems of one member (zh-CN); `path` prefixes the field, e.g. members.3. */
export function teamMemberProblems(m: TeamMemberInput, path: string): FieldError[] {
  const out: FieldError[] = [];
  if (chars(m.name) < 2 || chars(m.name) > 20) out.push({ path: `${path}.name`, message: "队员姓名：须为 2–20 个字" });
  if (m.phone && !normalizePhone(m.phone)) out.push({ path: `${path}.phone`, message: "队员电话：须为 11 位手机号或带区号的固定电话" });
  if (chars(m.position) > 20) out.push({ path: `${path}.position`, message: "职务：不能超过 20 个字" });
  return out;
}
