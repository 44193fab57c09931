import type { Role } from "@yichuang/core";

/**
 * Order in which a user's roles decide their home page: the broadest duty
 * first, so an admin who is also a clerk lands on administration.
 */
export const HOME_ROLE_ORDER: readonly Role[] = ["admin", "leader", "supervisor", "reviewer", "clerk", "operator", "expert", "team_leader", "applicant"];

/** The role whose home page the user sees. */
export function primaryRole(roles: readonly Role[]): Role {
  return HOME_ROLE_ORDER.find((r) => roles.includes(r)) ?? "applicant";
}

/**
 * Roles allowed on each restricted page; mirrors the server's policy so the
 * menu hides what the API would refuse anyway.
 */
export const PAGE_ROLES = {
  adminUsers: ["admin"],
  adminOrg: ["admin"],
  audit: ["supervisor", "admin"],
  /** The founder's own applications (the one-form registration). */
  applications: ["applicant"],
  /** Submitted applications, each department reading its own legacy form. */
  registrations: ["clerk", "reviewer", "supervisor", "admin"],
  adminForms: ["admin"],
  /** A case's tracking page: its founder, and staff who may read cases. */
  cases: ["applicant", "clerk", "reviewer", "supervisor", "admin"],
  /** The single window's inbox and desk (AMR's clerks; the server refuses other departments' clerks). */
  window: ["clerk", "admin"],
  /** A department's parallel review tasks: its reviewers decide, supervisors and admins read. */
  tasks: ["reviewer", "supervisor", "admin"],
  /** The electronic supervision board. */
  supervision: ["supervisor", "admin"],
  /** The window desk: clerks record transactions and hand out supervision cards. */
  desk: ["clerk"],
  /** Pairing the evaluators at the windows. */
  evaluators: ["admin"],
  /** Printing supervision cards. */
  cards: ["supervisor", "admin"],
  /** Following up bad reviews: the department's clerks and reviewers, supervisors across departments. */
  rectifications: ["clerk", "reviewer", "supervisor"],
  /** Evaluation figures: reviewers for their department, supervisors and admins for all. */
  evaluationFigures: ["reviewer", "supervisor", "leader", "admin"],
  /** The 12316 duty board (supervisors and admins also edit the roster). */
  duty: ["operator", "expert", "supervisor", "admin"],
  /** 12316 tickets: operators log calls and call back, experts handle, supervisors oversee, admins read. */
  hotlineTickets: ["operator", "expert", "supervisor", "admin"],
  /** SMS subscribers, notices to verify, broadcasts (admins read). */
  sms: ["operator", "supervisor", "admin"],
  /** The 12316 knowledge base. */
  knowledge: ["operator", "expert", "supervisor", "admin"],
  /** Service-star assessment: everyone's standings, the scheme (supervisors change it and close quarters). */
  assessment: ["supervisor", "leader", "admin"],
  /** A clerk's own quarterly standing. */
  myAssessment: ["clerk"],
  /** The centre leaders' dashboard and the records behind it. */
  dashboard: ["leader", "supervisor", "admin"],
  /** Service teams and their outreach events (team leaders: their own). */
  outreach: ["team_leader", "leader", "supervisor", "admin"],
  /** A team leader logs an outreach event (the phone form). */
  logEvent: ["team_leader"],
  /** The founder's online evaluation column. */
  myEvaluations: ["applicant"],
  /** The working calendar: staff read each year and the closures; admins enter years, leaders and admins close days. */
  calendar: ["clerk", "reviewer", "operator", "expert", "supervisor", "team_leader", "leader", "admin"],
} as const satisfies Record<string, readonly Role[]>;

/** Roles that enter a year of the working calendar (the notice, by hand, an .ics file) and read its versions. */
export const CALENDAR_MANAGE_ROLES: readonly Role[] = ["admin"];

/** Roles that close the centre on a day (台风停工) and lift closures. */
export const CALENDAR_CLOSURE_ROLES: readonly Role[] = ["admin", "leader"];

/** True when the user holds at least one of `allowed`. */
export function hasAnyRole(roles: readonly Role[], allowed: readonly Role[]): boolean {
  return roles.some((r) => allowed.includes(r));
}

/** Roles that see every department's form of an application (the others see only their own department's). */
export const ALL_DEPARTMENTS_ROLES: readonly Role[] = ["supervisor", "admin"];
