import type { UserRecord } from "./identity.repository.js";
import type { Actor } from "./policy.js";

/** A resolved session held in memory. */
export interface CachedSession {
  actor: Actor;
  user: UserRecord;
  /** Session expiry (idle and absolute, whichever is first), ISO UTC. */
  expiresAt: string;
  /** When this entry stops being trusted, ms since epoch. */
  freshUntil: number;
}

/**
 * Per-instance cache of resolved sessions, keyed by cookie token (memory only), so an authenticated request does not
 * need the database. The database stays the source of truth: an entry is
 * trusted for `ttlMs` only, and this instance drops entries at once when it
 * ends a session or changes a user. Another instance sees such a change within
 * `ttlMs` (SESSION_CACHE_SECONDS; 0 turns the cache off).
 */
export class SessionCache {
  private readonly entries = new Map<string, CachedSession>();

  constructor(
    readonly ttlMs: number,
    private readonly max = 10_000,
  ) {}

  /** The fresh entry for a session id, if any. */
  get(token: string, nowMs: number): CachedSession | undefined {
    const e = this.entries.get(token);
    if (!e) return undefined;
    if (e.freshUntil <= nowMs) {
      this.entries.delete(token);
      return undefined;
    }
    return e;
  }

  /** Remembers a resolved session. */
  set(token: string, entry: Omit<CachedSession, "freshUntil">, nowMs: number): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { ...entry, freshUntil: nowMs + this.ttlMs });
  }

  /** Forgets the entry of a cookie token. */
  delete(token: string): void {
    this.entries.delete(token);
  }

  /** Forgets one session by its stored id (logout). */
  deleteSession(sessionId: string): void {
    for (const [token, e] of this.entries) if (e.actor.sessionId === sessionId) this.entries.delete(token);
  }

  /** Forgets every session of a user (profile, roles, password or status changed). */
  deleteUser(userId: string): void {
    for (const [token, e] of this.entries) if (e.actor.userId === userId) this.entries.delete(token);
  }
}
