import type { FieldError } from "../errors.js";
import { HOTLINE_CATEGORIES, EXPERT_SPECIALTIES } from "./categories.js";
import { findPlace } from "./places.js";
import { isRealDate } from "../validators/id-number.js";

/**
 * 12316 tickets: what a logged call must hold, and which step may follow which.
 * open (with the duty expert) → transferred (with a specialist) → visit (an expert on site)
 * → closed; answering by phone closes from open or transferred. Waiting for the farmer is a
 * flag, not a state: the solution clock stands still until the farmer is back. Pure: no I/O.
 */

export type HotlineTicketStatus = "open" | "transferred" | "visit" | "closed";
export type TicketAction = "answer" | "transfer" | "dispatch" | "record_visit" | "close" | "wait" | "resume" | "callback";
export type TicketChannel = "phone" | "web" | "open311";

export const TICKET_STATUSES: readonly { code: HotlineTicketStatus; zh: string; en: string }[] = [
  { code: "open", zh: "待坐诊专家处理", en: "With the duty expert" },
  { code: "transferred", zh: "已转专家", en: "With a specialist" },
  { code: "visit", zh: "上门服务中", en: "On-site visit" },
  { code: "closed", zh: "已办结", en: "Closed" },
];

export const SATISFACTION_LEVELS = [
  { code: "satisfied", zh: "满意", en: "Satisfied" },
  { code: "basic", zh: "基本满意", en: "Fairly satisfied" },
  { code: "unsatisfied", zh: "不满意", en: "Unsatisfied" },
  { code: "unreachable", zh: "未联系上", en: "Could not be reached" },
] as const;
export type Satisfaction = (typeof SATISFACTION_LEVELS)[number]["code"];

/**
 * A mainland mobile (11 digits) or a landline with its area code (0573-82345678), however it
 * was written: spaces, hyphens, brackets, full-width digits, +86 / 0086. The area code is split
 * off by the numbering plan (010 and 02x have three digits, all others four), not by where a
 * hyphen was typed, so 01082001234 is 010-82001234.
 */
export function normalizePhone(raw: string): string | null {
  let s = raw.normalize("NFKC").replace(/[\s()\-]/g, "");
  const intl = /^(?:\+|00)86/.exec(s);
  if (intl) {
    s = s.slice(intl[0].length);
    if (/^[2-9]/.test(s)) s = `0${s}`; // +86 573 82001234: the area code without its trunk 0
  } else s = s.replace(/^86(?=1\d{10}$)/, "");
  if (/^1[3-9]\d{9}$/.test(s)) return s;
  const m = /^(010|02\d|0[3-9]\d\d)([2-9]\d{6,7})$/.exec(s);
  return m ? `${m[1]}-${m[2]}` : null;
}

/** What a ticket needs when it is logged. */
export interface TicketInput {
  phone: string;
  name?: string | null;
  villageCode?: string | null;
  category: string;
  product?: string | null;
  text: string;
}

const CATEGORY_CODES: readonly string[] = HOTLINE_CATEGORIES.map((c) => c.code);
const SPECIALTY_CODES: readonly string[] = EXPERT_SPECIALTIES.map((c) => c.code);

/** The village (or town) a code names, with a zh-CN problem when it does not name one. */
export function placeProblem(code: string | null | undefined, path: string, label = "所在村（社区）"): FieldError | null {
  if (code === null || code === undefined || code === "") return null;
  if (!/^\d{9}(\d{3})?$/.test(code)) return { path, message: `${label}：须为 9 位乡镇或 12 位村（社区）区划代码` };
  return findPlace(code) ? null : { path, message: `${label}：区划代码 ${code} 不存在` };
}

/** Problems of a ticket as logged, each naming its field (zh-CN); `villageRequired` for calls. */
export function ticketInputProblems(input: TicketInput, opts: { villageRequired: boolean } = { villageRequired: true }): FieldError[] {
  const out: FieldError[] = [];
  if (!normalizePhone(input.phone ?? "")) out.push({ path: "phone", message: "来电号码：须为 11 位手机号或带区号的固定电话" });
  if (input.name && [...input.name.trim()].length > 20) out.push({ path: "name", message: "姓名：不能超过 20 个字" });
  if (opts.villageRequired && !input.villageCode) out.push({ path: "villageCode", message: "所在村（社区）：请按村名选择" });
  const place = placeProblem(input.villageCode, "villageCode");
  if (place) out.push(place);
  if (!CATEGORY_CODES.includes(input.category)) out.push({ path: "category", message: `问题类别：须为 ${HOTLINE_CATEGORIES.map((c) => c.zh).join("、")} 之一` });
  if (input.product && [...input.product.trim()].length > 40) out.push({ path: "product", message: "品种/产品：不能超过 40 个字" });
  const text = (input.text ?? "").trim();
  if ([...text].length < 2) out.push({ path: "text", message: "问题描述：请至少写 2 个字" });
  else if ([...text].length > 2000) out.push({ path: "text", message: "问题描述：不能超过 2000 字" });
  return out;
}

/** True when `code` is one of the experts' specialties. */
export function isSpecialty(code: string): boolean {
  return SPECIALTY_CODES.includes(code);
}

const FROM: Record<TicketAction, readonly HotlineTicketStatus[]> = {
  answer: ["open", "transferred"],
  transfer: ["open", "transferred"],
  dispatch: ["open", "transferred"],
  record_visit: ["visit"],
  close: ["visit"],
  wait: ["open", "transferred", "visit"],
  resume: ["open", "transferred", "visit"],
  callback: ["closed"],
};

const ACTION_ZH: Record<TicketAction, string> = {
  answer: "答复",
  transfer: "转专家",
  dispatch: "派专家上门",
  record_visit: "记录上门情况",
  close: "办结",
  wait: "等待农户",
  resume: "恢复处理",
  callback: "回访",
};

/**
 * Why `action` may not be taken on a ticket in `status` (zh-CN), or null when it may.
 * `waiting`: the ticket waits for the farmer; `visitRecorded`: the visit's findings are in;
 * `calledBack`: the farmer was already called back.
 */
export function ticketActionProblem(
  status: HotlineTicketStatus,
  action: TicketAction,
  s: { waiting: boolean; visitRecorded?: boolean; calledBack?: boolean } = { waiting: false },
): string | null {
  const label = TICKET_STATUSES.find((x) => x.code === status)?.zh ?? status;
  if (status === "closed" && action !== "callback") return `工单已办结，不能再${ACTION_ZH[action]}`;
  if (!FROM[action].includes(status)) return `工单当前状态为“${label}”，不能${ACTION_ZH[action]}`;
  if (action === "wait" && s.waiting) return "工单已在等待农户";
  if (action === "resume" && !s.waiting) return "工单没有在等待农户";
  if (action === "close" && !s.visitRecorded) return "请先记录上门服务的发现和建议，再办结";
  if (action === "callback" && s.calledBack) return "该工单已回访，不能重复回访";
  return null;
}

/** The actions open on a ticket now (for buttons). */
export function ticketActions(status: HotlineTicketStatus, s: { waiting: boolean; visitRecorded?: boolean; calledBack?: boolean }): TicketAction[] {
  return (Object.keys(FROM) as TicketAction[]).filter((a) => ticketActionProblem(status, a, s) === null);
}

/** The category's service levels (working minutes), the centre's own when set. */
export function categoryLimits(category: string, own?: Partial<Record<string, { responseMinutes: number; solutionMinutes: number }>>) {
  const c = HOTLINE_CATEGORIES.find((x) => x.code === category) ?? HOTLINE_CATEGORIES.at(-1)!;
  return own?.[category] ?? { responseMinutes: c.responseMinutes, solutionMinutes: c.solutionMinutes };
}

/** A ticket number: 12316-<year>-<6 digits>. */
export function ticketNumber(year: number, seq: number): string {
  return `12316-${year}-${String(seq).padStart(6, "0")}`;
}

/** The longest limits a centre may set: a response within a working day, a solution within 30 working days. */
export const MAX_RESPONSE_MINUTES = 450;
export const MAX_SOLUTION_MINUTES = 30 * 450;

/** Problems of a centre's limits for a category (working minutes), each naming its field (zh-CN). */
export function categoryLimitProblems(l: { responseMinutes: number; solutionMinutes: number }): FieldError[] {
  const out: FieldError[] = [];
  const whole = (v: number) => Number.isInteger(v);
  if (!whole(l.responseMinutes) || l.responseMinutes < 5 || l.responseMinutes > MAX_RESPONSE_MINUTES)
    out.push({ path: "responseMinutes", message: `响应时限：须为 5–${MAX_RESPONSE_MINUTES} 之间的整数（工作分钟）` });
  if (!whole(l.solutionMinutes) || l.solutionMinutes < 30 || l.solutionMinutes > MAX_SOLUTION_MINUTES)
    out.push({ path: "solutionMinutes", message: `解决时限：须为 30–${MAX_SOLUTION_MINUTES} 之间的整数（工作分钟）` });
  else if (!out.length && l.solutionMinutes < l.responseMinutes) out.push({ path: "solutionMinutes", message: "解决时限：不能短于响应时限" });
  return out;
}

/** True when `date` is a real calendar date written YYYY-MM-DD (2026-02-30 and 2026-12-45 are not): the validators' one check. */
export const isCalendarDate = isRealDate;
