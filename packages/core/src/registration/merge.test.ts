import { describe, expect, it } from "vitest";
import { JIAXING_DICTIONARY, JIAXING_FORMS } from "./jiaxing-forms.js";
import { MergeError, mergeForms } from "./merge.js";

describe("mergeForms on the five Jiaxing forms", () => {
  const unified = mergeForms(JIAXING_FORMS, JIAXING_DICTIONARY);
  const { report } = unified;

  it("sums the legacy forms to at least the article's 147 fields", () => {
    expect(report.departments.map((d) => [d.department, d.legacyFieldCount])).toEqual([
      ["AMR", 55],
      ["QTS", 30],
      ["NTAX", 70],
      ["LTAX", 70],
      ["STATS", 28],
    ]);
    expect(report.legacyFieldCount).toBe(253);
    expect(report.legacyFieldCount).toBeGreaterThanOrEqual(147);
  });

  it("counts the repeats the research found: 质监 11 of 30, 国税 32 of 70, 地税 all 70, 统计 14 of 28", () => {
    expect(report.departments.map((d) => d.repeatedFieldCount)).toEqual([2, 11, 32, 70, 14]);
  });

  it("asks a standard new limited company at most 52 fields", () => {
    expect(report.askedFieldCount).toBeLessThanOrEqual(52);
    expect(report.distinctElementCount).toBe(124);
  });

  it("never asks a derived, issued or department-filled element", () => {
    const asked = new Set(unified.sections.flatMap((s) => s.controls.flatMap((c) => c.elements.map((e) => e.key))));
    for (const p of unified.plans) if (p.origin !== "applicant") expect(asked.has(p.element.key), p.element.key).toBe(false);
    for (const k of ["dom_post", "sh_ratio", "namecheck", "regno", "orgcode", "tin", "djzclx", "products"]) expect(asked.has(k), k).toBe(false);
  });

  it("asks each element once", () => {
    const keys = unified.sections.flatMap((s) => s.controls.flatMap((c) => c.elements.map((e) => e.key)));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("keeps conditional blocks out of the count until they apply", () => {
    const branch = mergeForms(JIAXING_FORMS, JIAXING_DICTIONARY, { hasBranches: true });
    expect(branch.report.askedFieldCount).toBeGreaterThan(report.askedFieldCount);
    const section = unified.sections.find((s) => s.block.key === "branch");
    expect(section?.when).toEqual(["hasBranches"]);
  });

  it("orders sections as a founder reads them: company first, issued data never", () => {
    expect(unified.sections[0]!.block.key).toBe("company");
    expect(unified.sections.map((s) => s.block.key)).not.toContain("issued");
  });

  it("shows the ID type and number as one control", () => {
    const lr = unified.sections.find((s) => s.block.key === "lr")!;
    expect(lr.controls.find((c) => c.key === "lr_id")!.elements.map((e) => e.key).sort()).toEqual(["lr_idno", "lr_idtype"]);
  });

  it("refuses forms that refer to unknown elements, naming each", () => {
    const bad = { ...JIAXING_FORMS[0]!, fields: [{ no: 1, label: "x", section: "s", element: "nope", source: "applicant" as const }] };
    expect(() => mergeForms([bad], JIAXING_DICTIONARY)).toThrow(MergeError);
    expect(() => mergeForms([bad], JIAXING_DICTIONARY)).toThrow(/引用了不存在的数据元 nope/);
  });
});
