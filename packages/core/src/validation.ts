import { z, type ZodType } from "zod";
import type { FieldError } from "./errors.js";

type Issue = z.core.$ZodRawIssue | z.core.$ZodIssue;

const TYPE_ZH: Record<string, string> = {
  string: "文本",
  number: "数字",
  int: "整数",
  boolean: "是/否",
  array: "列表",
  object: "对象",
  date: "日期",
};

const FORMAT_ZH: Record<string, string> = {
  email: "电子邮箱",
  url: "网址",
  uuid: "UUID",
  date: "日期（YYYY-MM-DD）",
  datetime: "日期时间",
  regex: "规定格式",
};

/**
 * zh-CN messages for zod's built-in checks. Installed with `z.config` on the
 * server and in the browser so both show the same words. A message given in a
 * schema (`.min(3, "…")`) still wins.
 */
export function zhCnErrorMessage(issue: Issue): string {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "必填";
      if (issue.input === null) return "不能为空";
      return `应为${TYPE_ZH[issue.expected] ?? issue.expected}`;
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "string") return min <= 1 ? "不能为空" : `至少 ${min} 个字符`;
      if (issue.origin === "array") return `至少 ${min} 项`;
      return issue.inclusive ? `不能小于 ${min}` : `必须大于 ${min}`;
    }
    case "too_big": {
      const max = Number(issue.maximum);
      if (issue.origin === "string") return `最多 ${max} 个字符`;
      if (issue.origin === "array") return `最多 ${max} 项`;
      return issue.inclusive ? `不能大于 ${max}` : `必须小于 ${max}`;
    }
    case "invalid_format":
      return `格式不正确，应为${FORMAT_ZH[issue.format] ?? "规定格式"}`;
    case "invalid_value":
      return `取值无效，应为：${issue.values.map((v) => String(v)).join("、")}`;
    case "unrecognized_keys":
      return `包含不允许的字段：${issue.keys.join("、")}`;
    case "not_multiple_of":
      return `应为 ${String(issue.divisor)} 的倍数`;
    case "invalid_union":
      return "取值无效";
    default:
      return "取值无效";
  }
}

/** Installs the zh-CN messages as zod's default. Call once per process or page. */
export function useZhCnValidationMessages(): void {
  z.config({ localeError: (issue) => zhCnErrorMessage(issue as Issue) });
}

/** The schema found at `path` inside `schema`, unwrapping optional/default/pipe wrappers. */
function schemaAt(schema: ZodType, path: readonly PropertyKey[]): ZodType | undefined {
  let current: ZodType | undefined = schema;
  for (const key of path) {
    current = current && unwrap(current);
    if (!current) return undefined;
    const def = current._zod.def as unknown as Record<string, unknown> & { type: string };
    if (def.type === "object") current = (def.shape as Record<string, ZodType>)[String(key)];
    else if (def.type === "array") current = def.element as ZodType;
    else if (def.type === "record") current = def.valueType as ZodType;
    else if (def.type === "tuple") current = (def.items as ZodType[])[Number(key)];
    else return undefined;
  }
  return current;
}

function unwrap(schema: ZodType): ZodType {
  let s = schema;
  for (let i = 0; i < 10; i++) {
    const def = s._zod.def as unknown as Record<string, unknown> & { type: string };
    if (["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"].includes(def.type)) {
      s = def.innerType as ZodType;
    } else if (def.type === "pipe") {
      s = def.in as ZodType;
    } else {
      return s;
    }
  }
  return s;
}

/**
 * The label of the field at `path`: its `.describe()` text, else — for an item of a list
 * without a label of its own (e.g. a comma-separated filter parsed into a list) — the list's,
 * else the path itself.
 */
export function fieldLabel(schema: ZodType, path: readonly PropertyKey[]): string {
  const lastIndex = [...path].reverse().find((k) => typeof k === "number");
  const position = typeof lastIndex === "number" ? `（第 ${lastIndex + 1} 项）` : "";
  let end = path.length;
  do {
    const at = schemaAt(schema, path.slice(0, end));
    const described = at?.description ?? (at ? unwrap(at).description : undefined);
    if (described) return `${described}${position}`;
    end--;
  } while (end > 0 && typeof path[end] === "number");
  return path.length ? path.map(String).join(".") : "请求内容";
}

/** Turns zod issues into field errors whose messages name the field, e.g. "用户名：至少 3 个字符". */
export function toFieldErrors(schema: ZodType, issues: readonly z.core.$ZodIssue[], prefix = ""): FieldError[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    const full = [prefix, path].filter(Boolean).join(".");
    return { path: full || prefix || "", message: `${fieldLabel(schema, issue.path)}：${issue.message}` };
  });
}
