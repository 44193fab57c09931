import { createHash, randomBytes, randomUUID } from "node:crypto";
import { ErrorCode } from "@yichuang/core";
import type { IdentityDeps } from "./deps.js";
import { audit } from "../audit/audit.service.js";
import { AppError } from "../shared/errors.js";
import type { RequestContext } from "../shared/request-context.js";
import { addMinutes, nowIso, clock } from "../platform/clock.js";
import * as repo from "./identity.repository.js";
import { verifyDummy, verifyPassword } from "./passwords.js";
import type { Actor } from "./policy.js";

/** SHA-256 of a session token: the database keeps only this. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** What a successful login returns: the cookie token (never stored) and the session. */
export interface LoginResult {
  token: string;
  csrfToken: string;
  user: repo.UserRecord;
}

/**
 * Checks a username and password. Rate-limits failures per IP across instances
 * (counted in the database), locks an account after repeated wrong passwords,
 * and starts a database-stored session on success.
 */
export async function login(deps: IdentityDeps, ctx: RequestContext, input: { username: string; password: string }): Promise<LoginResult> {
  const { db, config } = deps;
  const now = nowIso();
  const since = addMinutes(now, -config.login.rateWindowMinutes);
  const failures = await repo.countFailed(db, { ip: ctx.ip }, since);
  if (failures >= config.login.rateLimit) {
    throw new AppError(ErrorCode.RATE_LIMITED, `登录尝试过于频繁，请 ${config.login.rateWindowMinutes} 分钟后再试`, undefined, {
      retryAfterSeconds: config.login.rateWindowMinutes * 60,
    });
  }
  const username = input.username.trim().toLowerCase();
  const user = await repo.findUserByUsername(db, username);
  const fail = async (extra: { userId?: string; reason: string }) => {
    await db.transaction().execute(async (trx) => {
      await repo.insertLoginAttempt(trx, { id: randomUUID(), at: now, ip: ctx.ip, username, success: false });
      await audit(trx, ctx, { action: "login.failed", entity: "user", entityId: extra.userId ?? null, detail: { username, reason: extra.reason } });
    });
  };

  if (!user) {
    await verifyDummy(input.password);
    await fail({ reason: "unknown_user" });
    throw new AppError(ErrorCode.INVALID_CREDENTIALS, "用户名或密码错误");
  }
  if (user.locked_until && user.locked_until > now) {
    await fail({ userId: user.id, reason: "locked" });
    throw lockedError(user.locked_until);
  }
  if (!(await verifyPassword(user.password_hash, input.password))) {
    let lockedUntil: string | null = null;
    await db.transaction().execute(async (trx) => {
      const count = await repo.incrementFailedLogins(trx, user.id, now);
      if (count >= config.login.lockoutThreshold) {
        lockedUntil = addMinutes(now, config.login.lockoutMinutes);
        await repo.updateUser(trx, user.id, { locked_until: lockedUntil, failed_logins: 0, updated_at: now });
        await audit(trx, ctx, { action: "account.locked", entity: "user", entityId: user.id, detail: { until: lockedUntil } });
      }
    });
    await fail({ userId: user.id, reason: "wrong_password" });
    if (lockedUntil) throw lockedError(lockedUntil);
    throw new AppError(ErrorCode.INVALID_CREDENTIALS, "用户名或密码错误");
  }
  if (user.disabled) {
    await fail({ userId: user.id, reason: "disabled" });
    throw new AppError(ErrorCode.ACCOUNT_DISABLED, "该账号已停用，请联系系统管理员");
  }

  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  await db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, user.id, { failed_logins: 0, locked_until: null, last_login_at: now, updated_at: now });
    await repo.insertSession(trx, {
      id: hashToken(token),
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: addMinutes(now, config.session.idleMinutes),
      absolute_expires_at: addMinutes(now, config.session.maxHours * 60),
      ip: ctx.ip,
      user_agent: ctx.userAgent,
    });
    await repo.insertLoginAttempt(trx, { id: randomUUID(), at: now, ip: ctx.ip, username, success: true });
    await audit(trx, { ...ctx, actor: { userId: user.id, username: user.username, displayName: user.display_name } as Actor }, {
      action: "login",
      entity: "session",
      entityId: null,
    });
  });
  // Housekeeping on the login path keeps the tables small without a scheduler.
  await repo.deleteExpiredSessions(db, now);
  await repo.pruneLoginAttempts(db, addMinutes(now, -Math.max(config.login.rateWindowMinutes, 24 * 60)));
  return { token, csrfToken, user: (await repo.findUserById(db, user.id))! };
}

function lockedError(until: string): AppError {
  return new AppError(ErrorCode.ACCOUNT_LOCKED, "密码错误次数过多，账号已临时锁定，请稍后再试或联系系统管理员", undefined, {
    lockedUntil: until,
  });
}

/** Session lookups whose idle expiry is refreshed at most this often, to spare writes. */
const TOUCH_EVERY_MINUTES = 5;

/** The signed-in user behind a session cookie. */
export interface ResolvedSession {
  actor: Actor;
  user: repo.UserRecord;
}

/**
 * The actor of a session cookie token, or null when the token is unknown,
 * expired or its user disabled. Served from this instance's cache while fresh.
 */
export async function resolveSession(deps: IdentityDeps, token: string): Promise<ResolvedSession | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const nowMs = clock.nowMs();
  const now = new Date(nowMs).toISOString();
  // Keyed by the token itself: a hit costs no hashing. The database keeps only hashes.
  const cached = deps.sessions.get(token, nowMs);
  if (cached && cached.expiresAt > now) return cached;
  const id = hashToken(token);

  const found = await repo.findSessionWithUser(deps.db, id);
  if (!found) return null;
  const { session: s, user } = found;
  if (s.expires_at <= now || s.absolute_expires_at <= now || user.disabled) {
    await repo.deleteSession(deps.db, id);
    deps.sessions.delete(token);
    return null;
  }
  let expiresAt = s.expires_at;
  if (addMinutes(s.last_seen_at, TOUCH_EVERY_MINUTES) <= now) {
    const idle = addMinutes(now, deps.config.session.idleMinutes);
    expiresAt = idle < s.absolute_expires_at ? idle : s.absolute_expires_at;
    await repo.touchSession(deps.db, id, now, expiresAt);
  }
  const actor: Actor = {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    roles: user.roles,
    departmentId: user.department_id,
    sessionId: id,
    csrfToken: s.csrf_token,
    locale: user.locale,
  };
  deps.sessions.set(token, { actor, user, expiresAt }, nowMs);
  return { actor, user };
}

/** Ends the caller's session. */
export async function logout(deps: IdentityDeps, ctx: RequestContext): Promise<void> {
  if (!ctx.actor) return;
  await deps.db.transaction().execute(async (trx) => {
    await repo.deleteSession(trx, ctx.actor!.sessionId);
    await audit(trx, ctx, { action: "logout", entity: "session" });
  });
  deps.sessions.deleteSession(ctx.actor.sessionId);
}
