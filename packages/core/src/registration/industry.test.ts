import { describe, expect, it } from "vitest";
import { INDUSTRY_COUNTS, findIndustry, industryPath, isIndustryClass, searchIndustries } from "./industry.js";

describe("GB/T 4754-2017 table", () => {
  it("holds the whole classification", () => {
    expect(INDUSTRY_COUNTS).toEqual([20, 97, 473, 1381]);
  });

  it("knows classes and their ancestors", () => {
    expect(isIndustryClass("0111")).toBe(true);
    expect(isIndustryClass("011")).toBe(false);
    expect(isIndustryClass("0199")).toBe(false);
    expect(industryPath("0412").map((e) => e.code)).toEqual(["A", "04", "041", "0412"]);
    expect(findIndustry("6421")?.name).toBe("互联网搜索服务");
    expect(findIndustry("T")?.name).toBeDefined();
  });

  it("searches classes by name or code", () => {
    expect(searchIndustries("稻谷").map((e) => e.code)).toEqual(expect.arrayContaining(["0111", "1311"]));
    expect(searchIndustries("0411").map((e) => e.code)).toEqual(["0411"]);
  });
});
