import type { FieldError } from "../errors.js";
import { placeProblem } from "../hotline/tickets.js";

/**
 * Real-name SMS subscribers (农民信箱-style): a mobile, a name, a village, a role and product
 * tags. One set of rules for the staff form, the Excel/CSV import and the API. Pure: no I/O.
 */

export const SUBSCRIBER_ROLES = [
  { code: "farmer", zh: "农户", en: "Farmer" },
  { code: "buyer", zh: "收购商", en: "Buyer" },
  { code: "coop", zh: "合作社", en: "Co-operative" },
] as const;
export type SubscriberRole = (typeof SUBSCRIBER_ROLES)[number]["code"];

export const CONSENT_METHODS = [
  { code: "paper", zh: "纸质登记表", en: "Paper form" },
  { code: "phone", zh: "电话确认", en: "By phone" },
  { code: "web", zh: "网上登记", en: "Online" },
  { code: "import", zh: "名单导入（已有书面同意）", en: "Imported list (consent on file)" },
] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number]["code"];

/** Product tags from a cell or a field: split on commas, 、, semicolons or spaces; trimmed, distinct. */
export function parseTags(raw: string | readonly string[] | null | undefined): string[] {
  const items = Array.isArray(raw) ? raw : String(raw ?? "").split(/[,，、;；\s]+/u);
  return [...new Set(items.map((t) => t.normalize("NFKC").trim()).filter(Boolean))];
}

export interface SubscriberInput {
  phone: string;
  name: string;
  villageCode: string;
  role: string;
  tags: string[];
}

/** The role code for a code or its Chinese/English name (imports carry 农户, 收购商 …). */
export function roleCode(raw: string): SubscriberRole | null {
  const v = raw.trim().toLowerCase();
  return SUBSCRIBER_ROLES.find((r) => r.code === v || r.zh === raw.trim() || r.en.toLowerCase() === v)?.code ?? null;
}

/** Problems of a subscriber, each naming its field (zh-CN). SMS go to mobiles only. */
export function subscriberProblems(s: SubscriberInput): FieldError[] {
  const out: FieldError[] = [];
  const phone = (s.phone ?? "").replace(/[\s-]/g, "").replace(/^\+?86(?=1\d{10}$)/, "");
  if (!/^1[3-9]\d{9}$/.test(phone)) out.push({ path: "phone", message: "手机号：须为 11 位手机号码" });
  const name = (s.name ?? "").trim();
  if ([...name].length < 2 || [...name].length > 20) out.push({ path: "name", message: "姓名：须为 2–20 个字（实名）" });
  if (!s.villageCode) out.push({ path: "villageCode", message: "所在村（社区）：请按村名选择" });
  else {
    const p = placeProblem(s.villageCode, "villageCode");
    if (p) out.push(p);
  }
  if (!roleCode(s.role ?? "")) out.push({ path: "role", message: `身份：须为 ${SUBSCRIBER_ROLES.map((r) => r.zh).join("、")} 之一` });
  if (!s.tags?.length) out.push({ path: "tags", message: "关注品种：至少 1 个" });
  else if (s.tags.length > 20) out.push({ path: "tags", message: "关注品种：最多 20 个" });
  else if (s.tags.some((t) => [...t].length > 20)) out.push({ path: "tags", message: "关注品种：每个不超过 20 个字" });
  return out;
}

/** The mobile as stored: 11 digits. */
export function subscriberPhone(raw: string): string {
  return raw.replace(/[\s-]/g, "").replace(/^\+?86(?=1\d{10}$)/, "");
}
