import { ROLES } from "@yichuang/core";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { IdentityDeps } from "./deps.js";
import { contextOf } from "../shared/request-context.js";
import * as auth from "./auth.service.js";
import { clearSessionCookie, setSessionCookie } from "./session.plugin.js";
import * as users from "./users.service.js";

const role = z.enum(ROLES).describe("角色");
const uuid = z.uuid();
const phone = z
  .string()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, "格式不正确，应为 11 位手机号或带区号的固定电话")
  .describe("联系电话");
const email = z.email().max(254).describe("电子邮箱");
const username = z
  .string()
  .min(3)
  .max(32)
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, "只能包含字母、数字、下划线、点和连字符，并以字母开头")
  .describe("用户名");

const userView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(role),
  departmentId: z.string().nullable(),
  staffNo: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  locale: z.enum(["zh-CN", "en"]),
  departmentHead: z.boolean(),
  homeWindowId: z.string().nullable(),
  hasPhoto: z.boolean(),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});

const session = z.object({ user: userView, csrfToken: z.string() });

/** Login, logout, the current user, and the admin's user management. */
export async function identityRoutes(app: FastifyInstance, deps: IdentityDeps) {
  const { config } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    "/api/auth/login",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "Sign in with username and password; sets the session cookie",
        body: z.strictObject({
          username: z.string().min(1).max(64).describe("用户名"),
          password: z.string().min(1).max(256).describe("密码"),
        }),
        response: { 200: session },
      },
    },
    async (req, reply) => {
      const result = await auth.login(deps, contextOf(req), req.body);
      setSessionCookie(reply, config, result.token);
      return { user: users.presentUser(result.user), csrfToken: result.csrfToken };
    },
  );

  r.post(
    "/api/auth/logout",
    { config: { access: "self" }, schema: { tags: ["auth"], summary: "End the current session" } },
    async (req, reply) => {
      await auth.logout(deps, contextOf(req));
      clearSessionCookie(reply, config);
      return reply.status(204).send();
    },
  );

  r.get(
    "/api/auth/me",
    { config: { access: "self" }, schema: { tags: ["auth"], summary: "The signed-in user and the CSRF token", response: { 200: session } } },
    async (req) => ({ user: users.presentUser(req.user!), csrfToken: req.actor!.csrfToken }),
  );

  r.get(
    "/api/auth/session",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "Who is signed in on this browser, if anyone: 200 either way (a public page asks without an error in the console); the user and CSRF token, or nulls",
        response: { 200: z.object({ user: userView.nullable(), csrfToken: z.string().nullable() }) },
      },
    },
    async (req) => (req.user && req.actor ? { user: users.presentUser(req.user), csrfToken: req.actor.csrfToken } : { user: null, csrfToken: null }),
  );

  r.post(
    "/api/auth/password",
    {
      config: { access: "self" },
      schema: {
        tags: ["auth"],
        summary: "Change the caller's password; other sessions end",
        body: z.strictObject({
          currentPassword: z.string().min(1).max(256).describe("当前密码"),
          newPassword: z.string().min(1).max(256).describe("新密码"),
        }),
      },
    },
    async (req, reply) => {
      await users.changeOwnPassword(deps, contextOf(req), req.body);
      return reply.status(204).send();
    },
  );

  r.get(
    "/api/admin/users",
    {
      config: { access: "users.manage" },
      schema: {
        tags: ["admin"],
        summary: "Search accounts (audited: holds personal data)",
        querystring: z.strictObject({
          q: z.string().max(64).optional().describe("关键字"),
          role: role.optional(),
          departmentId: uuid.optional().describe("部门"),
          limit: z.coerce.number().int().min(1).max(200).default(50).describe("每页条数"),
          offset: z.coerce.number().int().min(0).default(0).describe("偏移"),
        }),
        response: { 200: z.object({ total: z.number(), items: z.array(userView) }) },
      },
    },
    async (req) => users.listUsers(deps, contextOf(req), req.query),
  );

  r.get(
    "/api/admin/users/:id",
    {
      config: { access: "users.manage" },
      schema: { tags: ["admin"], summary: "One account (audited)", params: z.object({ id: uuid.describe("用户 ID") }), response: { 200: userView } },
    },
    async (req) => users.getUser(deps, contextOf(req), req.params.id),
  );

  r.post(
    "/api/admin/users",
    {
      config: { access: "users.manage" },
      schema: {
        tags: ["admin"],
        summary: "Create an account",
        body: z.strictObject({
          username,
          displayName: z.string().trim().min(1).max(50).describe("姓名"),
          password: z.string().min(1).max(128).describe("初始密码"),
          roles: z.array(role).min(1).max(ROLES.length).describe("角色"),
          departmentId: uuid.nullable().optional().describe("所属部门"),
          staffNo: z.string().trim().min(1).max(20).nullable().optional().describe("工号"),
          phone: phone.nullable().optional(),
          email: email.nullable().optional(),
          locale: z.enum(["zh-CN", "en"]).optional().describe("界面语言"),
          departmentHead: z.boolean().optional().describe("部门负责人"),
          homeWindowId: uuid.nullable().optional().describe("常驻窗口"),
        }),
        response: { 201: userView },
      },
    },
    async (req, reply) => reply.status(201).send(await users.createUser(deps, contextOf(req), req.body)),
  );

  r.patch(
    "/api/admin/users/:id",
    {
      config: { access: "users.manage" },
      schema: {
        tags: ["admin"],
        summary: "Edit, disable, unlock an account or reset its password",
        params: z.object({ id: uuid.describe("用户 ID") }),
        body: z.strictObject({
          displayName: z.string().trim().min(1).max(50).optional().describe("姓名"),
          roles: z.array(role).min(1).max(ROLES.length).optional().describe("角色"),
          departmentId: uuid.nullable().optional().describe("所属部门"),
          staffNo: z.string().trim().min(1).max(20).nullable().optional().describe("工号"),
          phone: phone.nullable().optional(),
          email: email.nullable().optional(),
          locale: z.enum(["zh-CN", "en"]).optional().describe("界面语言"),
          departmentHead: z.boolean().optional().describe("部门负责人"),
          homeWindowId: uuid.nullable().optional().describe("常驻窗口"),
          disabled: z.boolean().optional().describe("停用"),
          unlock: z.literal(true).optional().describe("解除锁定"),
          password: z.string().min(1).max(128).optional().describe("新密码"),
        }),
        response: { 200: userView },
      },
    },
    async (req) => users.updateUser(deps, contextOf(req), req.params.id, req.body),
  );

  r.post(
    "/api/admin/users/:id/unlock",
    {
      config: { access: "logins.locks" },
      schema: {
        tags: ["admin"],
        summary: "Lift an account's lock after failed logins, and every address's wait on its username (audited)",
        params: z.object({ id: uuid.describe("用户 ID") }),
        response: { 200: userView },
      },
    },
    async (req) => users.unlockUser(deps, contextOf(req), req.params.id),
  );

  const account = { username: z.string(), userId: z.string().nullable(), displayName: z.string().nullable() };
  r.get(
    "/api/admin/login-locks",
    {
      config: { access: "logins.locks" },
      schema: {
        tags: ["admin"],
        summary: "What holds logins back now: locked usernames, throttled username and address pairs, addresses over their budget (audited)",
        response: {
          200: z.object({
            threshold: z.number(),
            windowMinutes: z.number(),
            accounts: z.array(
              z.object({
                ...account,
                failures: z.number(),
                addresses: z.number(),
                firstFailureAt: z.string(),
                lastFailureAt: z.string(),
                lockedUntil: z.string(),
              }),
            ),
            pairs: z.array(z.object({ ...account, ip: z.string(), failures: z.number(), lastFailureAt: z.string(), waitUntil: z.string() })),
            addresses: z.array(z.object({ ip: z.string(), failures: z.number(), lastFailureAt: z.string(), until: z.string() })),
          }),
        },
      },
    },
    async (req) => users.listLoginLocks(deps, contextOf(req)),
  );

  r.get(
    "/api/departments/:id/members",
    {
      config: { access: "department.members.read" },
      schema: {
        tags: ["org"],
        summary: "Active staff of a department (clerks and reviewers: own department only)",
        params: z.object({ id: uuid.describe("部门 ID") }),
        response: {
          200: z.array(z.object({ id: z.string(), displayName: z.string(), staffNo: z.string().nullable(), roles: z.array(role) })),
        },
      },
    },
    async (req) => users.listDepartmentMembers(deps, contextOf(req), req.params.id),
  );
}
