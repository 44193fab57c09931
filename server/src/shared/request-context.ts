import type { FastifyRequest } from "fastify";
import type { Actor } from "../identity/policy.js";
import { AppError } from "./errors.js";
import { ErrorCode } from "@yichuang/core";

/** Who is asking and from where: passed from routes to services for authorization and audit. */
export interface RequestContext {
  actor: Actor | null;
  ip: string;
  userAgent: string | null;
}

/** The context of a request. */
export function contextOf(req: FastifyRequest): RequestContext {
  // Kept in the audit log: control characters (a client may send any bytes) are dropped.
  return { actor: req.actor, ip: req.ip, userAgent: req.headers["user-agent"]?.slice(0, 300).replace(/[\u0000-\u001F\u007F]/g, "") ?? null };
}

/** The signed-in actor of a context; 401 when there is none. */
export function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw new AppError(ErrorCode.UNAUTHENTICATED, "请先登录");
  return ctx.actor;
}
