import { createHash, randomBytes } from "node:crypto";
import { ErrorCode } from "@yichuang/core";
import type { IdentityDeps } from "./deps.js";
import { audit } from "../audit/audit.service.js";
import { AppError } from "../shared/errors.js";
import type { RequestContext } from "../shared/request-context.js";
import { addMinutes, nowIso, clock } from "../platform/clock.js";
import { checkBudget, recordFailure, recordSuccess, type AttemptKey } from "./attempts.service.js";
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

/** The one answer to an unknown username and a wrong password. */
const invalidCredentials = () => new AppError(ErrorCode.INVALID_CREDENTIALS, "用户名或密码错误");

/**
 * Checks a username and password and starts a database-stored session on success. Before the
 * password is checked, the budgets of attempts.service hold back an address spraying accounts, a
 * username locked by too many failures, and an (username, address) pair in its growing waits.
 * Every answer depends on the username as typed, never on whether an account has it: an unknown
 * username is counted, throttled and locked like a real one, and costs the same argon2 time.
 */
export async function login(deps: IdentityDeps, ctx: RequestContext, input: { username: string; password: string }): Promise<LoginResult> {
  const { db, config } = deps;
  const username = input.username.trim().toLowerCase();
  const attempt: AttemptKey = { kind: "login", ip: ctx.ip, subject: username };
  // The try is counted at the moment it came in, not after the password hash is computed.
  const atMs = clock.nowMs();
  await checkBudget(deps, attempt, atMs);
  const now = new Date(atMs).toISOString();
  const user = await repo.findUserByUsername(db, username);
  const fail = async (reason: string, userId: string | null) => {
    await db.transaction().execute(async (trx) => {
      const { lockedUntil } = await recordFailure({ db: trx, config }, attempt, atMs);
      await audit(trx, ctx, { action: "login.failed", entity: "user", entityId: userId, detail: { username, reason } });
      if (lockedUntil) {
        // Administrators see the lock on the account; the login itself reads the attempts.
        if (userId) await repo.updateUser(trx, userId, { locked_until: lockedUntil, updated_at: now });
        await audit(trx, ctx, { action: "account.locked", entity: "user", entityId: userId, detail: { username, until: lockedUntil } });
      }
    });
  };

  const valid = user ? await verifyPassword(user.password_hash, input.password) : (await verifyDummy(input.password), false);
  if (!user || !valid) {
    await fail(user ? "wrong_password" : "unknown_user", user?.id ?? null);
    throw invalidCredentials();
  }
  if (user.disabled) {
    await fail("disabled", user.id);
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
    await recordSuccess({ db: trx, config }, attempt, atMs);
    await audit(trx, { ...ctx, actor: { userId: user.id, username: user.username, displayName: user.display_name } as Actor }, {
      action: "login",
      entity: "session",
      entityId: null,
    });
  });
  // Housekeeping on the login path keeps the table small without a scheduler.
  await repo.deleteExpiredSessions(db, now);
  return { token, csrfToken, user: (await repo.findUserById(db, user.id))! };
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
