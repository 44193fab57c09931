/**
 * The auto-approval rules the server knows and the departments each may be
 * switched on for (mirrors AUTO_RULES in @yichuang/core, whose tests would pull
 * the industry table into this page). Labels are in the dictionaries under autoRules.rules.
 */
export const AUTO_RULE_DEPARTMENTS: Readonly<Record<string, readonly string[]>> = {
  "industry-valid": ["STATS"],
  "standard-company": ["QTS", "NTAX", "LTAX"],
  "no-tax-agent": ["NTAX", "LTAX"],
};

/** The rules a department may switch on, in a stable order. */
export function rulesFor(department: string): string[] {
  return Object.entries(AUTO_RULE_DEPARTMENTS)
    .filter(([, departments]) => departments.includes(department))
    .map(([rule]) => rule);
}

/** The departments of the parallel review (the company set-up guide's order). */
export const REVIEW_DEPARTMENTS = ["AMR", "QTS", "NTAX", "LTAX", "STATS"] as const;
