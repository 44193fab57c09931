import { describe, expect, it } from "vitest";
import { z } from "zod";
import { toFieldErrors, useZhCnValidationMessages } from "./validation.js";

useZhCnValidationMessages();

const schema = z.strictObject({
  name: z.string().min(2).max(5).describe("企业名称"),
  capital: z.number().min(0).describe("注册资本"),
  email: z.email().optional().describe("电子邮箱"),
  kind: z.enum(["a", "b"]).describe("类型"),
  shareholders: z.array(z.object({ name: z.string().min(1).describe("股东姓名") })).min(1).describe("股东"),
});

function messages(input: unknown) {
  const r = schema.safeParse(input);
  if (r.success) return [];
  return toFieldErrors(schema, r.error.issues);
}

describe("zh-CN field errors", () => {
  it("names each field by its label and says what is wrong", () => {
    const errs = messages({ name: "x", capital: -1, email: "bad", kind: "c", shareholders: [{ name: "" }], extra: 1 });
    expect(errs).toEqual([
      { path: "name", message: "企业名称：至少 2 个字符" },
      { path: "capital", message: "注册资本：不能小于 0" },
      { path: "email", message: "电子邮箱：格式不正确，应为电子邮箱" },
      { path: "kind", message: "类型：取值无效，应为：a、b" },
      { path: "shareholders.0.name", message: "股东姓名（第 1 项）：不能为空" },
      { path: "", message: "请求内容：包含不允许的字段：extra" },
    ]);
  });

  it("says 必填 for a missing field and 应为数字 for a wrong type", () => {
    const errs = messages({ name: "abcdef", capital: "1", kind: "a", shareholders: [] });
    expect(errs).toEqual([
      { path: "name", message: "企业名称：最多 5 个字符" },
      { path: "capital", message: "注册资本：应为数字" },
      { path: "shareholders", message: "股东：至少 1 项" },
    ]);
    expect(messages({})[0]).toEqual({ path: "name", message: "企业名称：必填" });
  });

  it("names an unlabelled item of a list by the list's label, e.g. a comma-separated filter", () => {
    const s = z.object({
      status: z
        .string()
        .optional()
        .transform((v) => (v ? v.split(",") : undefined))
        .pipe(z.array(z.enum(["open", "closed"], { error: "须为 open、closed" })).optional())
        .describe("状态"),
      members: z.array(z.object({ phone: z.string().min(5) })).describe("队员"),
    });
    const r = s.safeParse({ status: "open,bogus", members: [{ phone: "1" }] });
    expect(toFieldErrors(s, r.error!.issues)).toEqual([
      { path: "status.1", message: "状态（第 2 项）：须为 open、closed" },
      // A field inside an item keeps its path when it has no label: the list's would hide which field.
      { path: "members.0.phone", message: "members.0.phone：至少 5 个字符" },
    ]);
  });

  it("keeps a message written in the schema", () => {
    const s = z.object({ code: z.string().regex(/^\d{6}$/, "应为 6 位数字").describe("邮政编码") });
    const r = s.safeParse({ code: "12" });
    expect(toFieldErrors(s, r.error!.issues)).toEqual([{ path: "code", message: "邮政编码：应为 6 位数字" }]);
  });
});
