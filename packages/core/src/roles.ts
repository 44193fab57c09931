/** The roles of Yichuang users. A user holds one or more. */
export const ROLES = [
  "applicant",
  "clerk",
  "reviewer",
  "operator",
  "expert",
  "supervisor",
  "team_leader",
  "leader",
  "admin",
] as const;

/** One role. */
export type Role = (typeof ROLES)[number];

/** Display names per role, zh-CN first. */
export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  applicant: { zh: "办事群众/企业申请人", en: "Applicant" },
  clerk: { zh: "窗口工作人员", en: "Window clerk" },
  reviewer: { zh: "部门审核人员", en: "Department reviewer" },
  operator: { zh: "热线话务员", en: "Hotline operator" },
  expert: { zh: "农技专家", en: "Agricultural expert" },
  supervisor: { zh: "督查人员", en: "Supervisor" },
  team_leader: { zh: "服务队队长", en: "Service team leader" },
  leader: { zh: "中心领导", en: "Centre leader" },
  admin: { zh: "系统管理员", en: "Administrator" },
};

/** Roles whose work is tied to one department; they must have a department. */
export const DEPARTMENT_ROLES: readonly Role[] = ["clerk", "reviewer"];

/** True when `value` is a known role. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
