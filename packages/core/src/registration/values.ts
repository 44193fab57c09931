import { idNumberProblem, isRealDate } from "../validators/id-number.js";
import { isValidOrgCode, usccProblem } from "../validators/uscc.js";
import { findDivision } from "./divisions.js";
import type { DataElement } from "./model.js";

/**
 * Value checks for every element type. Each returns a zh-CN problem (without
 * the field label; the caller prefixes it) or null. Pure: the same code runs
 * in the browser as the founder types and on the server when storing.
 */

/** A code list: options with zh/en names. */
export interface CodeList {
  title: { zh: string; en: string };
  options: { code: string; zh: string; en: string }[];
}

/** Lookups a value check may need. */
export interface ValueContext {
  codeLists: Record<string, CodeList>;
  /** True when `code` is a GB/T 4754-2017 class (小类). */
  isIndustry: (code: string) => boolean;
  /** The value of another element (e.g. the ID type of an ID number), in the same row for repeating blocks. */
  sibling: (key: string) => unknown;
  /** Today in Asia/Shanghai, YYYY-MM-DD, from the caller's clock. */
  today: string;
}

/** Code of 居民身份证 in the id_type code list: GB 11643 applies. */
export const RESIDENT_ID_TYPE = "10";

/** Code of 营业执照 in the investor certificate list: the number is a USCC. */
export const BUSINESS_LICENCE_TYPE = "L01";

/** Largest registered capital accepted, in 万元 (one trillion yuan): larger is a typing error. */
export const MAX_CAPITAL_WAN = 100_000_000;

/** An address value. */
export interface AddressValue {
  division: string;
  detail: string;
  postcode?: string;
}

/** A money value in 万元. */
export interface MoneyValue {
  amount: number;
  currency: string;
}

/** An operating term. */
export type TermValue = { kind: "years"; years: number } | { kind: "indefinite" };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function textProblem(v: unknown, e: Pick<DataElement, "minLength" | "maxLength">, multiline: boolean): string | null {
  if (typeof v !== "string") return "应为文本";
  if (CONTROL.test(v) || (!multiline && /[\r\n]/.test(v))) return "含有不允许的控制字符或换行";
  const len = [...v.trim()].length;
  if (len === 0) return "不能为空";
  if (e.minLength !== undefined && len < e.minLength) return `至少 ${e.minLength} 个字`;
  const max = e.maxLength ?? (multiline ? 2000 : 200);
  if (len > max) return `最多 ${max} 个字，实际 ${len} 个`;
  return null;
}

function codeProblem(v: unknown, e: DataElement, ctx: ValueContext): string | null {
  const list = e.codeList ? ctx.codeLists[e.codeList] : undefined;
  if (!list) return `代码表 ${e.codeList ?? "（未指定）"} 不存在`;
  if (typeof v !== "string") return "应为代码";
  if (!list.options.some((o) => o.code === v)) return `不是“${list.title.zh}”中的代码：${v}`;
  return null;
}

/** The problem with `value` as a value of element `e`, or null when it is valid. Empty values are the caller's business. */
export function valueProblem(e: DataElement, value: unknown, ctx: ValueContext): string | null {
  const today = ctx.today;
  switch (e.type) {
    case "text":
      return textProblem(value, e, false);
    case "longtext":
      return textProblem(value, e, true);
    case "enum":
      return codeProblem(value, e, ctx);
    case "multienum": {
      if (!Array.isArray(value)) return "应为代码列表";
      if (new Set(value).size !== value.length) return "有重复的选项";
      for (const v of value) {
        const p = codeProblem(v, e, ctx);
        if (p) return p;
      }
      return null;
    }
    case "boolean":
      return typeof value === "boolean" ? null : "应为是或否";
    case "integer": {
      if (typeof value !== "number" || !Number.isInteger(value)) return "应为整数";
      const min = e.min ?? 0;
      if (value < min) return `不能小于 ${min}`;
      if (e.max !== undefined && value > e.max) return `不能大于 ${e.max}`;
      return null;
    }
    case "percent": {
      if (typeof value !== "number" || !Number.isFinite(value)) return "应为数字";
      if (value < 0 || value > 100) return "应在 0 到 100 之间";
      if (Math.round(value * 100) !== value * 100) return "最多两位小数";
      return null;
    }
    case "date": {
      if (typeof value !== "string" || !isRealDate(value)) return "应为有效日期（YYYY-MM-DD）";
      if (value < "1900-01-01") return "日期早于 1900 年";
      if (e.notFuture && value > today) return "日期不能晚于今天";
      return null;
    }
    case "money": {
      if (!isObject(value)) return "应为金额";
      const { amount, currency } = value;
      if (typeof amount !== "number" || !Number.isFinite(amount)) return "金额应为数字（万元）";
      if (amount <= 0) return "金额必须大于 0";
      if (amount > (e.max ?? MAX_CAPITAL_WAN)) return `金额过大（超过 ${(e.max ?? MAX_CAPITAL_WAN).toLocaleString("zh-CN")} 万元），请核对单位是否为万元`;
      if (Math.round(amount * 1e6) !== amount * 1e6) return "金额最多六位小数（万元，精确到分）";
      if (typeof currency !== "string" || !/^[A-Z]{3}$/.test(currency)) return "币种应为三位字母代码（如 CNY）";
      const list = ctx.codeLists.currency;
      if (list && !list.options.some((o) => o.code === currency)) return `不支持的币种：${currency}`;
      return null;
    }
    case "mobile":
      return typeof value === "string" && /^1[3-9]\d{9}$/.test(value) ? null : "应为 11 位手机号码";
    case "landline":
      return typeof value === "string" && /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/.test(value)
        ? null
        : "应为带区号的固定电话，如 0573-82345678";
    case "email":
      return typeof value === "string" && value.length <= 254 && /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/.test(value) ? null : "电子邮箱格式不正确";
    case "url":
      return typeof value === "string" && /^https?:\/\/[^\s/$.?#].[^\s]*$/i.test(value) && value.length <= 200 ? null : "网址应以 http:// 或 https:// 开头";
    case "postcode":
      return typeof value === "string" && /^[1-8]\d{5}$/.test(value) ? null : "应为 6 位邮政编码";
    case "uscc":
      return typeof value === "string" ? usccProblem(value) : "应为文本";
    case "orgcode": {
      if (typeof value !== "string") return "应为文本";
      const v = value.replace("-", "");
      return /^[0-9A-Z]{8}[0-9X]$/.test(v) && isValidOrgCode(v) ? null : "组织机构代码格式或校验码错误";
    }
    case "tin": {
      if (typeof value !== "string") return "应为文本";
      if (value.length === 18) return usccProblem(value);
      return /^[0-9A-Z]{15}$|^[0-9A-Z]{20}$/.test(value) ? null : "应为 15、18 或 20 位纳税人识别号";
    }
    case "idNumber": {
      if (typeof value !== "string") return "应为文本";
      const idType = e.idTypeElement ? ctx.sibling(e.idTypeElement) : RESIDENT_ID_TYPE;
      if (idType === RESIDENT_ID_TYPE || idType === undefined) return idNumberProblem(value, today);
      // A company shareholder's business licence carries its 统一社会信用代码.
      if (idType === BUSINESS_LICENCE_TYPE) return usccProblem(value);
      return /^[0-9A-Za-z()（）-]{5,30}$/.test(value) ? null : "证件号码应为 5–30 位字母或数字";
    }
    case "division":
      return typeof value === "string" && findDivision(value) ? null : `不是有效的县级行政区划代码（GB/T 2260）：${String(value)}`;
    case "industry":
      return typeof value === "string" && /^\d{4}$/.test(value) && ctx.isIndustry(value)
        ? null
        : `不是《国民经济行业分类》（GB/T 4754-2017）的小类代码：${String(value)}`;
    case "address": {
      if (!isObject(value)) return "应为地址（行政区划和详细地址）";
      if (typeof value.division !== "string" || !findDivision(value.division)) {
        return `行政区划代码无效：${String(value.division ?? "（未选择）")}`;
      }
      const detail = textProblem(value.detail, { minLength: 2, maxLength: 120 }, false);
      if (detail) return `详细地址${detail}`;
      if (value.postcode !== undefined && (typeof value.postcode !== "string" || !/^[1-8]\d{5}$/.test(value.postcode))) {
        return "邮政编码应为 6 位数字";
      }
      return null;
    }
    case "term": {
      if (!isObject(value)) return "应选择经营期限";
      if (value.kind === "indefinite") return null;
      if (value.kind !== "years") return "经营期限应为若干年或长期";
      return typeof value.years === "number" && Number.isInteger(value.years) && value.years >= 1 && value.years <= 100
        ? null
        : "经营年限应为 1–100 的整数";
    }
  }
}
