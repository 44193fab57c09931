import { timingSafeEqual } from "node:crypto";
import { ErrorCode } from "@yichuang/core";
import type { FastifyInstance, FastifyReply } from "fastify";
import fp from "fastify-plugin";
import type { Config } from "../config.js";
import type { IdentityDeps } from "./deps.js";
import type { UserRecord } from "./identity.repository.js";
import { AppError } from "../shared/errors.js";
import { resolveSession } from "./auth.service.js";
import { hasRoleFor, type Actor } from "./policy.js";

/** Name of the httpOnly session cookie. */
export const SESSION_COOKIE = "yc_session";
/** Header carrying the CSRF token on cookie-authenticated writes. */
export const CSRF_HEADER = "x-csrf-token";

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in user, or null. Set before any handler runs. */
    actor: Actor | null;
    /** The signed-in user's account record (as of the session lookup), or null. */
    user: UserRecord | null;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Sets the session cookie after login. */
export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: config.session.cookieSecure,
    maxAge: config.session.maxHours * 3600,
  });
}

/** Clears the session cookie. */
export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(SESSION_COOKIE, { path: "/", httpOnly: true, sameSite: "lax", secure: config.session.cookieSecure });
}

/**
 * Authentication and authorization in one hook, before the body is parsed:
 * resolves the session cookie, then enforces the route's declared access
 * (role from the policy) and the CSRF token on writes. Every /api route must
 * declare its access; one that does not stops start-up.
 */
export const sessionPlugin = fp(async (app: FastifyInstance, deps: IdentityDeps) => {
  const { config } = deps;
  app.decorateRequest("actor", null);
  app.decorateRequest("user", null);

  app.addHook("onRoute", (route) => {
    if (route.url.startsWith("/api/") && !route.config?.access) {
      throw new Error(`route ${route.method} ${route.url} declares no access: add config.access`);
    }
  });

  app.addHook("onRequest", async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      const resolved = await resolveSession(deps, token);
      if (resolved) {
        req.actor = resolved.actor;
        req.user = resolved.user;
      } else {
        clearSessionCookie(reply, config);
      }
    }
    const access = req.routeOptions.config.access;
    if (!access || access === "public" || access === "device") return;
    if (!req.actor) {
      throw new AppError(ErrorCode.UNAUTHENTICATED, token ? "登录已失效，请重新登录" : "请先登录");
    }
    if (!SAFE_METHODS.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== "string" || !sameToken(sent, req.actor.csrfToken)) {
        throw new AppError(ErrorCode.CSRF_INVALID, "安全校验失败（CSRF 令牌缺失或无效），请刷新页面后重试");
      }
    }
    if (!hasRoleFor(req.actor, access)) throw AppError.forbidden("您的角色无权访问此功能");
  });
});
