import { describe, expect, it } from "vitest";
import { evaluateConditions, resolveElement, unknownRules, validateApplication } from "./application.js";
import { JIAXING_DICTIONARY, JIAXING_FORMS } from "./jiaxing-forms.js";
import { mergeForms } from "./merge.js";
import { sampleApplication, sampleUscc } from "./sample.js";
import { isValidUscc } from "../validators/uscc.js";

const form = mergeForms(JIAXING_FORMS, JIAXING_DICTIONARY);
const today = "2026-11-27";
const check = (data = sampleApplication(), complete = true) => validateApplication(form, JIAXING_DICTIONARY, data, { complete, today });
const plan = (key: string) => form.plans.find((p) => p.element.key === key)!;

describe("validateApplication", () => {
  it("accepts the complete sample application", () => {
    expect(check()).toEqual([]);
  });

  it("names every missing required field, and accepts the same as a draft", () => {
    const data = sampleApplication();
    delete data.values.lr_mob;
    delete data.values.scope;
    data.rows.sh = [];
    const errors = check(data);
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: "values.scope", message: "经营范围：必填" },
        { path: "values.lr_mob", message: expect.stringMatching(/^法定代表人移动电话：必填$/) },
        { path: "rows.sh", message: "股东（发起人）出资：至少填写 1 行" },
      ]),
    );
    expect(check(data, false)).toEqual([]);
  });

  it("refuses bad values with the field and row named", () => {
    const data = sampleApplication();
    data.values.regcap = { amount: -5, currency: "CNY" };
    data.values.industry = "9999";
    data.values.dom_addr = { division: "999999", detail: "某路 1 号" };
    data.rows.sh![1]!.sh_idno = "11010519491231002x";
    const errors = check(data);
    expect(errors.map((e) => e.path)).toEqual(["values.dom_addr", "values.regcap", "values.industry", "rows.sh.1.sh_idno"]);
    expect(errors[1]!.message).toBe("注册资本：金额必须大于 0");
    expect(errors[2]!.message).toMatch(/^国标行业：不是《国民经济行业分类》（GB\/T 4754-2017）的小类代码：9999$/);
    expect(errors[3]!.message).toMatch(/（第 2 行）：末位 X 应为大写$/);
  });

  it("refuses absurd capital and capital that does not add up", () => {
    const absurd = sampleApplication();
    absurd.values.regcap = { amount: 5e9, currency: "CNY" };
    expect(check(absurd)[0]!.message).toMatch(/金额过大/);
    const mismatch = sampleApplication();
    mismatch.values.regcap = { amount: 120, currency: "CNY" };
    expect(check(mismatch)).toEqual([{ path: "values.regcap", message: "注册资本：120 万元，与股东认缴出资额合计 100 万元不一致" }]);
  });

  it("checks a company shareholder's licence number as a USCC", () => {
    const data = sampleApplication();
    data.rows.sh![1] = { ...data.rows.sh![1]!, sh_idtype: "L01", sh_idno: sampleUscc() };
    expect(isValidUscc(sampleUscc())).toBe(true);
    expect(check(data)).toEqual([]);
    data.rows.sh![1]!.sh_idno = "91330402710000019Z";
    expect(check(data)[0]!.path).toBe("rows.sh.1.sh_idno");
  });

  it("refuses fields that are not on the form, and conditional blocks until they apply", () => {
    const data = sampleApplication();
    data.values.regno = "330400000000001";
    data.rows.branch = [{ branch_name: "分公司" }];
    const paths = check(data).map((e) => e.path);
    expect(paths).toContain("values.regno");
    const branch = sampleApplication();
    branch.answers.hasBranches = true;
    expect(check(branch).map((e) => e.path)).toContain("rows.branch");
  });
});

describe("derivations", () => {
  const data = sampleApplication();
  it("implements every rule the forms name", () => {
    expect(unknownRules(form.plans)).toEqual([]);
  });

  it("derives what the departments need from what the founder typed", () => {
    expect(resolveElement(plan("dom_post"), data)).toEqual({ value: "314000" });
    expect(resolveElement(plan("op_post"), data)).toEqual({ value: "314200" });
    expect(resolveElement(plan("dom_div"), data)).toEqual({ value: "330402" });
    expect(resolveElement(plan("areacode"), data)).toEqual({ value: "0573" });
    expect(resolveElement(plan("sh_ratio"), data, {}, data.rows.sh![0])).toEqual({ value: 60 });
    expect(resolveElement(plan("djzclx"), data)).toEqual({ value: "173" });
    expect(resolveElement(plan("holding"), data)).toEqual({ value: "3" });
    expect(resolveElement(plan("ratio_nat"), data)).toEqual({ value: 100 });
    expect(resolveElement(plan("currency"), data)).toEqual({ value: "CNY" });
    expect(resolveElement(plan("main_act"), data)).toEqual({ value: "内陆养殖" });
    expect(resolveElement(plan("applicant"), data)).toEqual({ value: "郭宇楠、张跃荣" });
  });

  it("leaves issued values pending until the issuing step", () => {
    expect(resolveElement(plan("orgcode"), data)).toEqual({ pending: "qtsOrgCode" });
    expect(resolveElement(plan("tin"), data)).toEqual({ pending: "tinOf(dom_div,orgcode)" });
    expect(resolveElement(plan("tin"), data, { orgcode: "71526726-X" })).toEqual({ value: "33040271526726X" });
  });

  it("computes conditions from the data and the founder's answers", () => {
    const c = evaluateConditions({ ...data, values: { ...data.values, enttype: "1220" }, answers: { usesTaxAgent: true } });
    expect(c).toMatchObject({ isJointStock: true, usesTaxAgent: true, hasForeignInvestor: false });
  });
});
