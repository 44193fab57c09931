import { describe, expect, it } from "vitest";
import { isValidOrgCode, isValidUscc, makeEnterpriseUscc, parseUscc, usccCheckChar, usccProblem } from "./uscc.js";

describe("isValidUscc (GB 32100-2015)", () => {
  it("accepts the public examples", () => {
    for (const c of ["914403001922038216", "9144030071526726XG", "91330100716105852F", "91310000132260250X"]) {
      expect(isValidUscc(c), c).toBe(true);
    }
  });

  it("refuses a wrong final check character", () => {
    expect(isValidUscc("914403001922038217")).toBe(false);
    expect(usccProblem("914403001922038217")).toBe("校验码（第 18 位）错误");
  });

  it("refuses characters outside the set: I O S V Z", () => {
    for (const ch of ["I", "O", "S", "V", "Z"]) {
      const code = `91330100716105852${ch}`;
      expect(isValidUscc(code), code).toBe(false);
      expect(usccProblem(code)).toContain(`不允许的字符：${ch}`);
    }
  });

  it("refuses lower case, wrong lengths and a bad inner organisation code", () => {
    expect(usccProblem("91330100716105852f")).toBe("字母应为大写");
    expect(usccProblem("9133010071610585")).toBe("应为 18 位，实际 16 位");
    // Change one digit of the organisation code and recompute the outer check: only the inner check fails.
    const first17 = "91330100716105862";
    const code = first17 + usccCheckChar(first17);
    expect(usccProblem(code)).toBe("第 9–17 位组织机构代码 71610586-2 的校验码错误");
  });

  it("checks organisation codes (GB 11714)", () => {
    expect(isValidOrgCode("71526726X")).toBe(true);
    expect(isValidOrgCode("192203821")).toBe(true);
    expect(isValidOrgCode("192203822")).toBe(false);
  });

  it("makes valid, distinct codes for new enterprises of a division", () => {
    const codes = [0, 1, 30, 31, 99_999, 31 ** 6 - 1].map((n) => makeEnterpriseUscc("330400", n));
    for (const c of codes) expect(isValidUscc(c), c).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    expect(parseUscc(codes[0]!)).toMatchObject({ registrar: "9", kind: "1", divisionCode: "330400" });
    expect(codes[0]!.slice(8, 10)).toBe("MA");
    expect(() => makeEnterpriseUscc("3304", 1)).toThrow(/6 位数字/);
  });

  it("parses the registrar, kind, division and organisation code", () => {
    expect(parseUscc("91330100716105852F")).toEqual({
      registrar: "9",
      registrarName: "工商",
      kind: "1",
      kindName: "企业",
      divisionCode: "330100",
      orgCode: "71610585-2",
      checkChar: "F",
    });
  });
});
