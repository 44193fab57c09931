import { describe, expect, it } from "vitest";
import { idNumberCheckChar, idNumberProblem, isRealDate, isValidIdNumber, parseIdNumber, todayInShanghai } from "./id-number.js";

const withCheck = (first17: string) => first17 + idNumberCheckChar(first17);

describe("isValidIdNumber (GB 11643-1999)", () => {
  it("accepts the standard's own example and derives birth date and sex", () => {
    expect(isValidIdNumber("11010519491231002X")).toBe(true);
    expect(parseIdNumber("11010519491231002X")).toEqual({ divisionCode: "110105", birthDate: "1949-12-31", sex: "female" });
    const male = withCheck("33040219850312001");
    expect(parseIdNumber(male)?.sex).toBe("male");
  });

  it("refuses a wrong check digit, lower-case x and 15-digit numbers", () => {
    expect(idNumberProblem("110105194912310021")).toBe("校验码（第 18 位）错误");
    expect(idNumberProblem("11010519491231002x")).toBe("末位 X 应为大写");
    expect(idNumberProblem("110105491231002")).toBe("不接受 15 位旧号码，请填写 18 位身份证号");
  });

  it("refuses impossible and future birth dates and unknown address codes", () => {
    expect(idNumberProblem(withCheck("11010519490231002"))).toBe("出生日期 1949-02-31 不存在");
    expect(idNumberProblem(withCheck("11010520990101002"), "2026-11-27")).toBe("出生日期 2099-01-01 晚于今天");
    expect(idNumberProblem(withCheck("11010518991231002"))).toBe("出生日期 1899-12-31 早于 1900 年");
    expect(idNumberProblem(withCheck("99010519491231002"))).toBe("前 6 位地址码 990105 不是有效的行政区划");
  });

  it("knows real dates and today's date in Shanghai", () => {
    expect(isRealDate("2024-02-29")).toBe(true);
    expect(isRealDate("2026-02-29")).toBe(false);
    expect(todayInShanghai(new Date("2026-11-27T17:00:00Z"))).toBe("2026-11-28");
  });
});
