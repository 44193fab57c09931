import { randomUUID } from "node:crypto";
import { DEPARTMENT_ROLES, passwordProblems, type FieldError, type Role } from "@yichuang/core";
import type { Database } from "../db/database.js";
import type { IdentityDeps } from "./deps.js";
import { audit } from "../audit/audit.service.js";
import { findDepartment, findWindow } from "../org/org.repository.js";
import { AppError } from "../shared/errors.js";
import type { RequestContext } from "../shared/request-context.js";
import { requireActor } from "../shared/request-context.js";
import { nowIso } from "../platform/clock.js";
import * as repo from "./identity.repository.js";
import { hashPassword, verifyPassword } from "./passwords.js";
import { currentLimits, liftSubject } from "./attempts.service.js";
import { authorize } from "./policy.js";

/** A user as the API shows it (never the password hash). */
export function presentUser(u: repo.UserRecord) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    roles: u.roles,
    departmentId: u.department_id,
    staffNo: u.staff_no,
    phone: u.phone,
    email: u.email,
    locale: u.locale,
    departmentHead: u.department_head === 1,
    homeWindowId: u.home_window_id,
    hasPhoto: u.photo_sha256 !== null,
    disabled: u.disabled === 1,
    lockedUntil: u.locked_until && u.locked_until > nowIso() ? u.locked_until : null,
    lastLoginAt: u.last_login_at,
    createdAt: u.created_at,
  };
}

/** The API shape of a user. */
export type UserView = ReturnType<typeof presentUser>;

/** Fields of a new account. */
export interface CreateUserInput {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  departmentId?: string | null;
  staffNo?: string | null;
  phone?: string | null;
  email?: string | null;
  locale?: "zh-CN" | "en";
  departmentHead?: boolean;
  homeWindowId?: string | null;
}

/** A home window must be an active window of the user's department. */
async function checkHomeWindow(db: Database, windowId: string | null | undefined, departmentId: string | null): Promise<FieldError[]> {
  if (!windowId) return [];
  const w = await findWindow(db, windowId);
  if (!w || w.active !== 1) return [{ path: "homeWindowId", message: "常驻窗口：窗口不存在或已停用" }];
  if (w.department_id !== departmentId) return [{ path: "homeWindowId", message: "常驻窗口：须是本人所属部门的窗口" }];
  return [];
}

async function checkDepartment(db: Database, roles: readonly Role[], departmentId: string | null | undefined): Promise<FieldError[]> {
  const problems: FieldError[] = [];
  if (departmentId) {
    if (!(await findDepartment(db, departmentId))) problems.push({ path: "departmentId", message: "所属部门：部门不存在" });
  } else if (roles.some((r) => DEPARTMENT_ROLES.includes(r))) {
    problems.push({ path: "departmentId", message: "所属部门：窗口工作人员和部门审核人员必须指定部门" });
  }
  return problems;
}

/** Creates an account (admin). */
export async function createUser(deps: IdentityDeps, ctx: RequestContext, input: CreateUserInput): Promise<UserView> {
  const { db } = deps;
  authorize(requireActor(ctx), "users.manage");
  const username = input.username.trim().toLowerCase();
  const problems = [
    ...passwordProblems(input.password, username).map((m) => ({ path: "password", message: `密码：${m}` })),
    ...(await checkDepartment(db, input.roles, input.departmentId)),
    ...(input.departmentHead && !input.departmentId ? [{ path: "departmentHead", message: "部门负责人：须先指定所属部门" }] : []),
    ...(await checkHomeWindow(db, input.homeWindowId, input.departmentId ?? null)),
  ];
  if (problems.length) throw AppError.validation(problems);
  if (await repo.findUserByUsername(db, username)) {
    throw AppError.conflict("用户名已被使用", [{ path: "username", message: "用户名：已被使用" }]);
  }
  if (input.staffNo && (await repo.staffNoTaken(db, input.staffNo))) throw staffNoConflict();
  const now = nowIso();
  const id = randomUUID();
  const hash = await hashPassword(input.password);
  await db.transaction().execute(async (trx) => {
    await repo.insertUser(
      trx,
      {
        id,
        username,
        display_name: input.displayName.trim(),
        password_hash: hash,
        department_id: input.departmentId ?? null,
        staff_no: input.staffNo ?? null,
        phone: input.phone ?? null,
        email: input.email ?? null,
        locale: input.locale ?? "zh-CN",
        department_head: input.departmentHead ? 1 : 0,
        home_window_id: input.homeWindowId ?? null,
        photo_sha256: null,
        photo_type: null,
        disabled: 0,
        failed_logins: 0,
        locked_until: null,
        last_login_at: null,
        created_at: now,
        updated_at: now,
      },
      input.roles,
    );
    await audit(trx, ctx, { action: "create", entity: "user", entityId: id, detail: { username, roles: input.roles } });
  });
  return presentUser((await repo.findUserById(db, id))!);
}

/** Staff numbers are unique: a second account with the same one is refused on the field. */
const staffNoConflict = () => AppError.conflict("工号已被其他账号使用", [{ path: "staffNo", message: "工号：已被其他账号使用" }]);

/** Changes to an account (admin); every field optional. */
export interface UpdateUserInput {
  displayName?: string;
  roles?: Role[];
  departmentId?: string | null;
  staffNo?: string | null;
  phone?: string | null;
  email?: string | null;
  locale?: "zh-CN" | "en";
  departmentHead?: boolean;
  homeWindowId?: string | null;
  disabled?: boolean;
  unlock?: boolean;
  password?: string;
}

/** Updates an account (admin). Disabling or resetting the password ends its sessions. */
export async function updateUser(deps: IdentityDeps, ctx: RequestContext, id: string, input: UpdateUserInput): Promise<UserView> {
  const { db } = deps;
  const actor = requireActor(ctx);
  authorize(actor, "users.manage");
  const user = await repo.findUserById(db, id);
  if (!user) throw AppError.notFound("用户");
  const roles = input.roles ?? user.roles;
  const departmentId = input.departmentId === undefined ? user.department_id : input.departmentId;
  const problems = [
    ...(input.password !== undefined
      ? passwordProblems(input.password, user.username).map((m) => ({ path: "password", message: `密码：${m}` }))
      : []),
    ...(input.roles !== undefined || input.departmentId !== undefined ? await checkDepartment(db, roles, departmentId) : []),
  ];
  if (input.departmentHead === true && !departmentId) {
    problems.push({ path: "departmentHead", message: "部门负责人：须先指定所属部门" });
  }
  const homeWindowId = input.homeWindowId !== undefined ? input.homeWindowId : input.departmentId !== undefined && departmentId !== user.department_id ? null : user.home_window_id;
  problems.push(...(await checkHomeWindow(db, homeWindowId, departmentId)));
  if (id === actor.userId && (input.disabled === true || (input.roles && !input.roles.includes("admin")))) {
    problems.push({ path: input.disabled ? "disabled" : "roles", message: "不能停用自己的账号或移除自己的管理员角色" });
  }
  if (problems.length) throw AppError.validation(problems);
  if (input.staffNo && (await repo.staffNoTaken(db, input.staffNo, id))) throw staffNoConflict();
  const now = nowIso();
  const patch: Parameters<typeof repo.updateUser>[2] = { updated_at: now };
  if (input.displayName !== undefined) patch.display_name = input.displayName.trim();
  if (input.departmentId !== undefined) patch.department_id = input.departmentId;
  if (input.staffNo !== undefined) patch.staff_no = input.staffNo;
  if (input.phone !== undefined) patch.phone = input.phone;
  if (input.email !== undefined) patch.email = input.email;
  if (input.locale !== undefined) patch.locale = input.locale;
  if (input.disabled !== undefined) patch.disabled = input.disabled ? 1 : 0;
  if (input.departmentHead !== undefined) patch.department_head = input.departmentHead ? 1 : 0;
  if (homeWindowId !== user.home_window_id) patch.home_window_id = homeWindowId;
  if (input.unlock) {
    patch.locked_until = null;
    patch.failed_logins = 0;
  }
  if (input.password !== undefined) patch.password_hash = await hashPassword(input.password);
  await db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, id, patch);
    if (input.unlock) await liftSubject({ db: trx, config: deps.config }, "login", user.username);
    if (input.roles) await repo.replaceRoles(trx, id, input.roles);
    if (input.disabled || input.password !== undefined) await repo.deleteUserSessions(trx, id);
    const changed = Object.keys(input).filter((k) => k !== "password");
    await audit(trx, ctx, {
      action: "update",
      entity: "user",
      entityId: id,
      detail: { changed: input.password !== undefined ? [...changed, "password"] : changed },
    });
  });
  deps.sessions.deleteUser(id);
  return presentUser((await repo.findUserById(db, id))!);
}

/**
 * Lifts an account's lock after too many failed logins, and every address's wait on its username:
 * its counts start again (admin; audited).
 */
export async function unlockUser(deps: IdentityDeps, ctx: RequestContext, id: string): Promise<UserView> {
  const { db } = deps;
  authorize(requireActor(ctx), "logins.locks");
  const user = await repo.findUserById(db, id);
  if (!user) throw AppError.notFound("用户");
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await liftSubject({ db: trx, config: deps.config }, "login", user.username);
    await repo.updateUser(trx, id, { locked_until: null, failed_logins: 0, updated_at: now });
    await audit(trx, ctx, {
      action: "account.unlock",
      entity: "user",
      entityId: id,
      detail: { username: user.username, lockedUntil: user.locked_until && user.locked_until > now ? user.locked_until : null },
    });
  });
  return presentUser((await repo.findUserById(db, id))!);
}

/**
 * What holds logins back now (admin): usernames locked by too many failures, (username, address)
 * pairs in their growing waits, addresses over their budget; with the account when one has the
 * username. The read is audited: it shows who failed from where.
 */
export async function listLoginLocks(deps: IdentityDeps, ctx: RequestContext) {
  const { db } = deps;
  authorize(requireActor(ctx), "logins.locks");
  const limits = await currentLimits(deps, "login");
  const names = [...new Set([...limits.subjects.map((s) => s.subject), ...limits.pairs.map((p) => p.subject)])];
  const accounts = new Map((await repo.usersByUsernames(db, names)).map((u) => [u.username, u]));
  const account = (username: string) => {
    const u = accounts.get(username);
    return { username, userId: u?.id ?? null, displayName: u?.display_name ?? null };
  };
  const result = {
    threshold: deps.config.login.lockoutThreshold,
    windowMinutes: deps.config.login.lockoutMinutes,
    accounts: limits.subjects.map((s) => ({
      ...account(s.subject),
      failures: s.failures,
      addresses: s.addresses,
      firstFailureAt: s.firstFailureAt,
      lastFailureAt: s.lastFailureAt,
      lockedUntil: s.lockedUntil,
    })),
    pairs: limits.pairs.map((p) => ({ ...account(p.subject), ip: p.ip, failures: p.failures, lastFailureAt: p.lastFailureAt, waitUntil: p.waitUntil })),
    addresses: limits.addresses.map((a) => ({ ip: a.ip, failures: a.failures, lastFailureAt: a.lastFailureAt, until: a.until })),
  };
  await audit(db, ctx, {
    action: "list",
    entity: "login_lock",
    detail: { accounts: result.accounts.length, pairs: result.pairs.length, addresses: result.addresses.length },
  });
  return result;
}

/** One account with personal data (admin); the read is audited. */
export async function getUser(deps: IdentityDeps, ctx: RequestContext, id: string): Promise<UserView> {
  const { db } = deps;
  authorize(requireActor(ctx), "users.manage");
  const user = await repo.findUserById(db, id);
  if (!user) throw AppError.notFound("用户");
  await audit(db, ctx, { action: "read", entity: "user", entityId: id });
  return presentUser(user);
}

/** The admin user list; holds personal data, so the read is audited with its filter. */
export async function listUsers(deps: IdentityDeps, ctx: RequestContext, q: repo.UserQuery) {
  const { db } = deps;
  authorize(requireActor(ctx), "users.manage");
  const { rows, total } = await repo.listUsers(db, q);
  await audit(db, ctx, {
    action: "list",
    entity: "user",
    detail: { filter: { q: q.q, role: q.role, departmentId: q.departmentId }, offset: q.offset, returned: rows.length },
  });
  return { total, items: rows.map(presentUser) };
}

/** The signed-in user's own account. */
export async function getOwnProfile(deps: IdentityDeps, ctx: RequestContext): Promise<UserView> {
  const { db } = deps;
  const actor = requireActor(ctx);
  const user = await repo.findUserById(db, actor.userId);
  if (!user) throw AppError.notFound("用户");
  return presentUser(user);
}

/** Changes the caller's own password after checking the current one; other sessions end. */
export async function changeOwnPassword(deps: IdentityDeps, ctx: RequestContext, input: { currentPassword: string; newPassword: string }) {
  const { db } = deps;
  const actor = requireActor(ctx);
  const user = await repo.findUserById(db, actor.userId);
  if (!user) throw AppError.notFound("用户");
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw AppError.validation([{ path: "currentPassword", message: "当前密码：不正确" }]);
  }
  const problems = passwordProblems(input.newPassword, user.username);
  if (problems.length) throw AppError.validation(problems.map((m) => ({ path: "newPassword", message: `新密码：${m}` })));
  const hash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, user.id, { password_hash: hash, updated_at: nowIso() });
    await trx.deleteFrom("sessions").where("user_id", "=", user.id).where("id", "!=", actor.sessionId).execute();
    await audit(trx, ctx, { action: "password.change", entity: "user", entityId: user.id });
  });
  deps.sessions.deleteUser(user.id);
}

/** Staff of one department; clerks and reviewers see only their own department's. */
export async function listDepartmentMembers(deps: IdentityDeps, ctx: RequestContext, departmentId: string) {
  const { db } = deps;
  const actor = requireActor(ctx);
  authorize(actor, "department.members.read", { departmentId });
  if (!(await findDepartment(db, departmentId))) throw AppError.notFound("部门");
  const { rows } = await repo.listUsers(db, { departmentId, limit: 500, offset: 0 });
  // Colleagues see names, roles and staff numbers; no personal contact data, so no audit entry.
  return rows
    .filter((u) => !u.disabled)
    .map((u) => ({ id: u.id, displayName: u.display_name, staffNo: u.staff_no, roles: u.roles }));
}
