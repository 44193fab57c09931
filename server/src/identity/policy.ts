import type { Role } from "@yichuang/core";
import { AppError } from "../shared/errors.js";

/**
 * Who may do what: the single place role and department scoping is decided.
 * Each action lists the roles that may perform it and whether a department-bound
 * role is limited to its own department. Routes name an action; services call
 * `authorize` with the resource when scoping depends on the record.
 */
export const POLICY = {
  /** Manage user accounts (create, edit, disable, unlock, reset passwords). */
  "users.manage": { roles: ["admin"], scoped: false },
  /** See what holds logins back (locked usernames, throttled username and address pairs, addresses over their budget) and lift an account's lock. */
  "logins.locks": { roles: ["admin"], scoped: false },
  /** Manage centres' departments and windows. */
  "org.manage": { roles: ["admin"], scoped: false },
  /** Search the audit log. */
  "audit.read": { roles: ["supervisor", "admin"], scoped: false },
  /** List a department's staff (department staff only for their own department). */
  "department.members.read": { roles: ["clerk", "reviewer", "operator", "expert", "supervisor", "admin"], scoped: true },
  /** Fill in and submit one's own applications. */
  "applications.own": { roles: ["applicant"], scoped: false },
  /** Read a department's form of an application (reviewers and clerks: their own department's form only). */
  "department.forms.read": { roles: ["clerk", "reviewer", "supervisor", "admin"], scoped: true },
  /** Upload new versions of departments' form definitions. */
  "forms.manage": { roles: ["admin"], scoped: false },
  /** Accept cases at the single window and send one-time supplement notices (the single window is AMR's). */
  "cases.accept": { roles: ["clerk", "admin"], scoped: true },
  /** Decide a department's review task (reviewers: their own department's tasks only). */
  "tasks.decide": { roles: ["reviewer"], scoped: true },
  /** See cases and tasks across departments (staff; department staff see their department's tasks). */
  "cases.read": { roles: ["clerk", "reviewer", "supervisor", "admin"], scoped: true },
  /** The electronic supervision board across all departments. */
  "supervision.read": { roles: ["supervisor", "admin"], scoped: false },
  /** Switch a department's auto-approval rules. */
  "rules.manage": { roles: ["reviewer", "admin"], scoped: true },
  /** Serve at a window: sign in to one of the department's windows, record transactions, hand out supervision cards. */
  "desk.serve": { roles: ["clerk"], scoped: true },
  /** Pair and revoke the evaluators at the windows. */
  "devices.manage": { roles: ["admin"], scoped: false },
  /** Print batches of supervision cards. */
  "cards.manage": { roles: ["supervisor", "admin"], scoped: false },
  /** Follow up bad reviews of the department: verify, fix, appeal (clerks and reviewers: own department). */
  "evaluation.rectify": { roles: ["clerk", "reviewer", "supervisor"], scoped: true },
  /** Decide appeals against reviews (set aside a mistaken or malicious one). */
  "evaluation.appeals.decide": { roles: ["supervisor"], scoped: false },
  /** Evaluation figures (reviewers: their own department's). */
  "evaluation.figures": { roles: ["reviewer", "supervisor", "leader", "admin"], scoped: true },
  /** Rate one's own completed cases and transactions online (网上评价). */
  "evaluation.own": { roles: ["applicant"], scoped: false },
  /** Set the service-star scheme and close quarters (服务明星评选). */
  "assessment.manage": { roles: ["supervisor"], scoped: false },
  /** Everyone's quarterly standings, their explanations and the Excel export. */
  "assessment.read": { roles: ["supervisor", "leader", "admin"], scoped: false },
  /** A clerk's own quarterly standing and why. */
  "assessment.own": { roles: ["clerk"], scoped: false },
  /** The 12316 duty board: who is on duty now and next, the schedule, the experts. */
  "hotline.duty.read": { roles: ["operator", "expert", "supervisor", "admin"], scoped: false },
  /** Set the duty roster, overrides for swaps and leave, experts' specialties. */
  "hotline.duty.manage": { roles: ["supervisor", "admin"], scoped: false },
  /** Log 12316 calls, look up callers by phone. */
  "hotline.tickets.log": { roles: ["operator", "supervisor"], scoped: false },
  /** Read 12316 tickets (the detail is audited: it holds the caller's phone). */
  "hotline.tickets.read": { roles: ["operator", "expert", "supervisor", "admin"], scoped: false },
  /** Answer, transfer, dispatch visits, record findings, close (the holder of the ticket or a supervisor). */
  "hotline.tickets.handle": { roles: ["expert", "supervisor"], scoped: false },
  /** Call or message the farmer back and record their satisfaction. */
  "hotline.tickets.callback": { roles: ["operator", "supervisor"], scoped: false },
  /** Search the 12316 knowledge base. */
  "hotline.knowledge.read": { roles: ["operator", "expert", "supervisor", "admin"], scoped: false },
  /** Write knowledge-base entries by hand. */
  "hotline.knowledge.write": { roles: ["operator", "expert", "supervisor"], scoped: false },
  /** Correct or retire knowledge-base entries. */
  "hotline.knowledge.manage": { roles: ["expert", "supervisor"], scoped: false },
  /** Read SMS subscribers (phones masked in lists; reads audited). */
  "sms.subscribers.read": { roles: ["operator", "supervisor", "admin"], scoped: false },
  /** Add, correct, import, export subscribers; opt numbers out. */
  "sms.subscribers.manage": { roles: ["operator", "supervisor"], scoped: false },
  /** Read supply/demand notices. */
  "sms.notices.read": { roles: ["operator", "expert", "supervisor", "admin"], scoped: false },
  /** Enter supply/demand notices for their owners. */
  "sms.notices.write": { roles: ["operator", "supervisor"], scoped: false },
  /** Verify a notice someone else entered (approve or reject). */
  "sms.notices.verify": { roles: ["operator", "supervisor"], scoped: false },
  /** Read broadcasts and their progress. */
  "sms.broadcasts.read": { roles: ["operator", "supervisor", "admin"], scoped: false },
  /** Preview, draft and cancel broadcasts. */
  "sms.broadcasts.write": { roles: ["operator", "supervisor"], scoped: false },
  /** Approve a broadcast someone else drafted (the outbox is written then). */
  "sms.broadcasts.approve": { roles: ["operator", "supervisor"], scoped: false },
  /** Service teams and their members (team leaders: the teams they lead). */
  "outreach.teams.read": { roles: ["team_leader", "leader", "supervisor", "admin"], scoped: false },
  /** Set up teams, their members and leaders. */
  "outreach.teams.manage": { roles: ["supervisor", "admin"], scoped: false },
  /** Outreach events (team leaders: their own teams'). */
  "outreach.events.read": { roles: ["team_leader", "leader", "supervisor", "admin"], scoped: false },
  /** A team's leader logs and corrects its events, with photos. */
  "outreach.events.log": { roles: ["team_leader"], scoped: false },
  /** Confirm an outreach event (it counts from then on) or return it with the reason. */
  "outreach.events.confirm": { roles: ["supervisor"], scoped: false },
  /** The centre's dashboard: figures from the records, their records, Excel and PDF. */
  "dashboard.read": { roles: ["leader", "supervisor", "admin"], scoped: false },
  /** Enter the centre's baseline for process length and speed. */
  "dashboard.baseline.set": { roles: ["leader", "supervisor"], scoped: false },
  /** The working calendar: each year's working days, holidays, make-up days and closures (staff). */
  "calendar.read": { roles: ["clerk", "reviewer", "operator", "expert", "supervisor", "team_leader", "leader", "admin"], scoped: false },
  /** Enter a year's holidays and make-up working days (from the State Council's notice, by hand, from an .ics file). */
  "calendar.manage": { roles: ["admin"], scoped: false },
  /** Close the centre on a day (台风停工) or lift a closure. */
  "calendar.closures": { roles: ["admin", "leader"], scoped: false },
  /** Issue keys to Open311 clients. */
  "open311.manage": { roles: ["admin"], scoped: false },
  /** Any signed-in user: own profile, own password. */
  "self": { roles: ["applicant", "clerk", "reviewer", "operator", "expert", "supervisor", "team_leader", "leader", "admin"], scoped: false },
} as const satisfies Record<string, { roles: readonly Role[]; scoped: boolean }>;

/** One action of the policy. */
export type Action = keyof typeof POLICY;

/** The signed-in user as every route and service sees it. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  roles: Role[];
  departmentId: string | null;
  sessionId: string;
  csrfToken: string;
  locale: "zh-CN" | "en";
}

/** Roles that see across departments (whatever the action's scoping) and across centres. */
export const GLOBAL_ROLES: readonly Role[] = ["supervisor", "leader", "admin"];

/** True when `actor` holds a role that `action` allows (ignoring the resource). */
export function hasRoleFor(actor: Pick<Actor, "roles">, action: Action): boolean {
  const allowed: readonly Role[] = POLICY[action].roles;
  return actor.roles.some((r) => allowed.includes(r));
}

/** True when `actor` may perform `action` on a resource of `resource.departmentId`. */
export function can(actor: Pick<Actor, "roles" | "departmentId">, action: Action, resource?: { departmentId: string | null }): boolean {
  if (!hasRoleFor(actor, action)) return false;
  if (!POLICY[action].scoped || !resource) return true;
  if (actor.roles.some((r) => GLOBAL_ROLES.includes(r) && (POLICY[action].roles as readonly Role[]).includes(r))) return true;
  return resource.departmentId !== null && resource.departmentId === actor.departmentId;
}

/** Throws 403 unless `actor` may perform `action` on `resource`. */
export function authorize(actor: Pick<Actor, "roles" | "departmentId">, action: Action, resource?: { departmentId: string | null }): void {
  if (!can(actor, action, resource)) {
    throw AppError.forbidden(resource ? "您无权访问其他部门的数据" : "您的角色无权执行此操作");
  }
}
