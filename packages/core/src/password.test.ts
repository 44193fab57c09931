import { describe, expect, it } from "vitest";
import { passwordProblems } from "./password.js";

describe("passwordProblems", () => {
  it("accepts the demo password and a strong one", () => {
    expect(passwordProblems("Jiaxing@2026")).toEqual([]);
    expect(passwordProblems("correct-Horse-7")).toEqual([]);
  });

  it("lists every problem in zh-CN", () => {
    expect(passwordProblems("abc")).toEqual(["密码至少 10 个字符", "密码须包含大写字母、小写字母、数字、符号中的至少三类"]);
    expect(passwordProblems("zhangmin#2026X", "zhangmin")).toEqual(["密码不得包含用户名"]);
    expect(passwordProblems("A1!".padEnd(129, "a"))).toEqual(["密码最多 128 个字符"]);
  });
});
