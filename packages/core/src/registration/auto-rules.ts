import { evaluateConditions, type ApplicationData } from "./application.js";
import { isIndustryClass } from "./industry.js";

/**
 * Rules a department may switch on to approve a standard case automatically at
 * acceptance, so a clean case can complete the same day. Each is a pure test of
 * the application.
 */
export const AUTO_RULES: Record<string, { zh: string; en: string; departments: string[]; test: (data: ApplicationData) => boolean }> = {
  "industry-valid": {
    zh: "国标行业代码有效时自动办理统计登记",
    en: "Statistics registration when the industry code is a valid GB/T 4754 class",
    departments: ["STATS"],
    test: (d) => typeof d.values.industry === "string" && isIndustryClass(d.values.industry),
  },
  "standard-company": {
    zh: "标准有限责任公司（境内投资、非分支机构）自动办理",
    en: "A standard limited company (domestic investors, not a branch)",
    departments: ["QTS", "NTAX", "LTAX"],
    test: (d) => {
      const c = evaluateConditions(d);
      return String(d.values.enttype ?? "").startsWith("11") && !c.hasForeignInvestor && !c.isBranch;
    },
  },
  "no-tax-agent": {
    zh: "无税务代理、无代扣代缴义务的标准公司自动确认税务登记",
    en: "No tax agent and no withholding duty",
    departments: ["NTAX", "LTAX"],
    test: (d) => {
      const c = evaluateConditions(d);
      return !c.usesTaxAgent && !c.hasWithholdingDuty;
    },
  },
};

/** True when every rule switched on for the department holds (and at least one is on). */
export function autoApproves(rules: readonly string[], data: ApplicationData): boolean {
  const known = rules.filter((r) => AUTO_RULES[r]);
  return known.length > 0 && known.every((r) => AUTO_RULES[r]!.test(data));
}
