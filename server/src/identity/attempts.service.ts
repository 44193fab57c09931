import { randomUUID } from "node:crypto";
import type { ReadCache } from "../platform/read-cache.js";
import { ErrorCode } from "@yichuang/core";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import { AppError } from "../shared/errors.js";
import { clock, elapsedMs } from "../platform/clock.js";
import * as repo from "./attempts.repository.js";
import type { AttemptKind } from "./attempts.repository.js";

export type { AttemptKind } from "./attempts.repository.js";

/**
 * Budgets of guessed secrets (NIST SP 800-63B §5.2.2), shared by every instance through
 * `login_attempts`. Each kind (logins, evaluator pairing codes, 12316 progress look-ups) is counted
 * apart, so one never spends another's budget. Within a kind, failures count three ways:
 * - per address, over every subject: one address cannot spray many accounts or numbers;
 * - per subject, over every address: a username locks after `LOCKOUT_THRESHOLD` failures (until they
 *   age out of the window or an administrator lifts it), a ticket number waits;
 * - per (subject, address) pair, for logins: after a few failures each next try waits 1 s, 2 s, 4 s …
 *   so an attacker slows only their own pair, never the real user at another address.
 * The answers depend on the subject as typed, never on whether an account has that name.
 * Waits count from the whole second a failure happened in, so one history always gives one answer.
 */

/** What the budgets need. */
export interface AttemptDeps {
  db: Database;
  config: Pick<Config, "login">;
  /**
   * Where given, a try that nothing holds back is kept so (per kind, address and subject) until any try
   * is recorded: asked again, it is let through without counting. Exact: with no new try, failures only
   * leave their windows as time passes. A refusal is never kept (it ends with time).
   */
  cleared?: ReadCache;
}

/** A try: the kind of secret, the address it comes from, and what it names (a username, a ticket number) if anything. */
export interface AttemptKey {
  kind: AttemptKind;
  ip: string;
  subject?: string;
}

/** The budgets of one kind. */
export interface Budgets {
  /** Failures from one address (every subject) within `minutes`. */
  address: { limit: number; minutes: number };
  /** Failures of one subject (every address) within `minutes`; `locks`: answered as a lock an administrator may lift. */
  subject?: { limit: number; minutes: number; locks: boolean };
  /** Failures of one subject from one address within `minutes`: after `after` of them, waits doubling from 1 s to `maxSeconds`. */
  pair?: { after: number; maxSeconds: number; minutes: number };
}

/** The budgets of `kind` under these settings. */
export function budgetsOf(config: Pick<Config, "login">, kind: AttemptKind): Budgets {
  const l = config.login;
  switch (kind) {
    case "login":
      return {
        address: { limit: l.rateLimit, minutes: l.rateWindowMinutes },
        subject: { limit: l.lockoutThreshold, minutes: l.lockoutMinutes, locks: true },
        pair: { after: l.throttleAfter, maxSeconds: l.throttleMaxSeconds, minutes: l.lockoutMinutes },
      };
    case "evaluator.pairing":
      return { address: { limit: l.pairingLimit, minutes: l.rateWindowMinutes } };
    case "hotline.lookup":
      return {
        address: { limit: l.lookupLimitPerAddress, minutes: l.rateWindowMinutes },
        subject: { limit: l.lookupLimitPerNumber, minutes: l.rateWindowMinutes, locks: false },
      };
  }
}

/** The wait after `failures` failures of one pair: none before `after`, then 1 s doubling up to `maxSeconds`. */
export function pairWaitSeconds(failures: number, pair: NonNullable<Budgets["pair"]>): number {
  if (failures < pair.after) return 0;
  return Math.min(2 ** Math.min(failures - pair.after, 30), pair.maxSeconds);
}

/** Which budget holds a try back, and until when. */
export interface Refusal {
  budget: "address" | "subject" | "pair";
  until: string;
  retryAfterSeconds: number;
}

const MINUTE = 60_000;
const floorSecond = (iso: string) => Math.floor(Date.parse(iso) / 1000) * 1000;
const isoAt = (ms: number) => new Date(ms).toISOString();
/** The last `minutes` up to the end of the current second (tries stamped later, by a clock set back, count for nothing). */
const lastMinutes = (minutes: number, nowMs: number): repo.Span => ({ since: isoAt(nowMs - minutes * MINUTE), until: isoAt(floorSecond(isoAt(nowMs)) + 1000) });

function refusal(budget: Refusal["budget"], untilMs: number, nowMs: number): Refusal | null {
  if (untilMs <= nowMs) return null;
  return { budget, until: isoAt(untilMs), retryAfterSeconds: Math.max(1, Math.ceil((untilMs - nowMs) / 1000)) };
}

/** When a subject's lock lifts (its `limit`-th newest failure leaves the window), or null when it is not locked. */
async function subjectLockedUntil(db: Database, kind: AttemptKind, subject: string, b: NonNullable<Budgets["subject"]>, nowMs: number): Promise<number | null> {
  const nth = await repo.nthFailureOfSubject(db, kind, subject, lastMinutes(b.minutes, nowMs), b.limit);
  return nth === null ? null : floorSecond(nth) + b.minutes * MINUTE;
}

/** Null when the try may be checked now; else the budget that holds it back (address, then subject, then pair). */
export async function refusalOf(deps: AttemptDeps, key: AttemptKey, nowMs = clock.nowMs()): Promise<Refusal | null> {
  if (!deps.cleared) return countedRefusal(deps, key, nowMs);
  const kept = await deps.cleared.get(["login_attempts"], JSON.stringify([key.kind, key.ip, key.subject ?? ""]), async () => ({ at: nowMs, refusal: await countedRefusal(deps, key, nowMs) }), (v) => v.refusal === null);
  // (Cleared at a later time than now: a clock set back counts afresh.)
  return kept.at <= nowMs ? kept.refusal : countedRefusal(deps, key, nowMs);
}

async function countedRefusal(deps: AttemptDeps, key: AttemptKey, nowMs: number): Promise<Refusal | null> {
  const { db } = deps;
  const b = budgetsOf(deps.config, key.kind);
  const subject = key.subject ?? "";
  const spent = await repo.nthFailureFromAddress(db, key.kind, key.ip, lastMinutes(b.address.minutes, nowMs), b.address.limit);
  const byAddress = spent === null ? null : refusal("address", floorSecond(spent) + b.address.minutes * MINUTE, nowMs);
  if (byAddress) return byAddress;
  if (b.subject) {
    const until = await subjectLockedUntil(db, key.kind, subject, b.subject, nowMs);
    const bySubject = until === null ? null : refusal("subject", until, nowMs);
    if (bySubject) return bySubject;
  }
  if (b.pair) {
    const { count, last } = await repo.pairFailures(db, key.kind, subject, key.ip, lastMinutes(b.pair.minutes, nowMs));
    const wait = pairWaitSeconds(count, b.pair);
    if (wait > 0 && last) return refusal("pair", floorSecond(last) + wait * 1000, nowMs);
  }
  return null;
}

/** "30 秒", "5 分钟", "24 小时": a wait in words. */
export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} 秒`;
  if (seconds < 3600) return `${Math.ceil(seconds / 60)} 分钟`;
  return `${Math.ceil(seconds / 3600)} 小时`;
}

/** The answer to a held-back try: 429 with Retry-After, or for a locked username 423 with `lockedUntil`; the same whatever the subject. */
export function refusalError(kind: AttemptKind, r: Refusal): AppError {
  const wait = formatWait(r.retryAfterSeconds);
  const extra = { retryAfterSeconds: r.retryAfterSeconds };
  switch (kind) {
    case "login":
      if (r.budget === "subject") {
        return new AppError(ErrorCode.ACCOUNT_LOCKED, `登录失败次数过多，该账号已暂停登录，请 ${wait}后再试或联系系统管理员解锁`, undefined, { ...extra, lockedUntil: r.until });
      }
      return new AppError(ErrorCode.RATE_LIMITED, `登录失败次数过多，请 ${wait}后再试`, undefined, extra);
    case "evaluator.pairing":
      return new AppError(ErrorCode.RATE_LIMITED, `配对码错误次数过多，请 ${wait}后再试`, undefined, extra);
    case "hotline.lookup":
      return new AppError(ErrorCode.RATE_LIMITED, `查询次数过多，请 ${wait}后再试，或拨打12316查询`, undefined, extra);
  }
}

/** Throws the kind's refusal (429, or 423 for a locked username) when a budget holds this try back; call before checking the secret. */
export async function checkBudget(deps: AttemptDeps, key: AttemptKey, nowMs = clock.nowMs()): Promise<void> {
  const r = await refusalOf(deps, key, nowMs);
  if (r) throw refusalError(key.kind, r);
}

/**
 * Counts a failed try, stamped `nowMs` (when it came in; default now). Returns when the subject's
 * lock lifts if this failure locked it (for logins: the caller audits it), else null. Pass a
 * transaction as `deps.db` to record it with the audit entry.
 */
export async function recordFailure(deps: AttemptDeps, key: AttemptKey, nowMs = clock.nowMs()): Promise<{ lockedUntil: string | null }> {
  const at = isoAt(nowMs);
  await repo.insertAttempt(deps.db, { id: randomUUID(), kind: key.kind, ip: key.ip, subject: key.subject ?? "", at, success: false });
  await pruneNow(deps, nowMs);
  const b = budgetsOf(deps.config, key.kind).subject;
  if (!b?.locks) return { lockedUntil: null };
  const until = await subjectLockedUntil(deps.db, key.kind, key.subject ?? "", b, nowMs);
  return { lockedUntil: until === null ? null : isoAt(until) };
}

/** Counts a successful try, stamped `nowMs` (default now): the subject's count and this address's pair start again. */
export async function recordSuccess(deps: AttemptDeps, key: AttemptKey, nowMs = clock.nowMs()): Promise<void> {
  await repo.insertAttempt(deps.db, { id: randomUUID(), kind: key.kind, ip: key.ip, subject: key.subject ?? "", at: isoAt(nowMs), success: true });
  await pruneNow(deps, nowMs);
}

/** Lifts a subject's lock and every address's wait on it (an administrator's unlock): its counts start again. */
export async function liftSubject(deps: AttemptDeps, kind: AttemptKind, subject: string): Promise<void> {
  await repo.insertAttempt(deps.db, { id: randomUUID(), kind, ip: repo.EVERY_ADDRESS, subject, at: isoAt(clock.nowMs()), success: true });
}

/** How often an instance prunes the table, on the monotonic timer. */
const PRUNE_EVERY_MS = 60_000;
let prunedAt = Number.NEGATIVE_INFINITY;

/** The longest window any budget looks back over, in minutes (at least a day). */
export function retentionMinutes(config: Pick<Config, "login">): number {
  const l = config.login;
  return Math.max(l.rateWindowMinutes, l.lockoutMinutes, 24 * 60);
}

/** Deletes tries older than every window, at most once a minute per instance (on the recording path, so no scheduler is needed). */
async function pruneNow(deps: AttemptDeps, nowMs: number): Promise<void> {
  const t = elapsedMs();
  if (t - prunedAt < PRUNE_EVERY_MS) return;
  prunedAt = t;
  await repo.pruneAttempts(deps.db, isoAt(nowMs - retentionMinutes(deps.config) * MINUTE));
}

/** A locked subject, for administrators. */
export interface SubjectLock {
  subject: string;
  failures: number;
  addresses: number;
  firstFailureAt: string;
  lastFailureAt: string;
  lockedUntil: string;
}

/** A (subject, address) pair in the growing waits, for administrators. */
export interface PairThrottle {
  subject: string;
  ip: string;
  failures: number;
  lastFailureAt: string;
  /** The next try is checked from this time on (in the past: it may try now, and waits longer after its next failure). */
  waitUntil: string;
}

/** An address whose budget is spent. */
export interface AddressLimit {
  ip: string;
  failures: number;
  lastFailureAt: string;
  until: string;
}

/** Rows of each list at most. */
const LIST_LIMIT = 200;

/** What holds back tries of `kind` now: locked subjects, pairs in the growing waits, addresses over their budget. */
export async function currentLimits(deps: AttemptDeps, kind: AttemptKind): Promise<{ subjects: SubjectLock[]; pairs: PairThrottle[]; addresses: AddressLimit[] }> {
  const { db } = deps;
  const nowMs = clock.nowMs();
  const b = budgetsOf(deps.config, kind);
  const subjects: SubjectLock[] = [];
  if (b.subject) {
    for (const s of await repo.subjectsWithFailures(db, kind, lastMinutes(b.subject.minutes, nowMs), b.subject.limit, LIST_LIMIT)) {
      const until = await subjectLockedUntil(db, kind, s.subject, b.subject, nowMs);
      if (until !== null && until > nowMs) {
        subjects.push({ subject: s.subject, failures: s.failures, addresses: s.addresses, firstFailureAt: s.first, lastFailureAt: s.last, lockedUntil: isoAt(until) });
      }
    }
  }
  const pairs: PairThrottle[] = [];
  if (b.pair) {
    for (const p of await repo.pairsWithFailures(db, kind, lastMinutes(b.pair.minutes, nowMs), b.pair.after, LIST_LIMIT)) {
      const waitUntil = floorSecond(p.last) + pairWaitSeconds(p.failures, b.pair) * 1000;
      pairs.push({ subject: p.subject, ip: p.ip, failures: p.failures, lastFailureAt: p.last, waitUntil: isoAt(waitUntil) });
    }
  }
  const addresses: AddressLimit[] = [];
  const span = lastMinutes(b.address.minutes, nowMs);
  for (const a of await repo.addressesWithFailures(db, kind, span, b.address.limit, LIST_LIMIT)) {
    const nth = await repo.nthFailureFromAddress(db, kind, a.ip, span, b.address.limit);
    const until = nth === null ? 0 : floorSecond(nth) + b.address.minutes * MINUTE;
    if (until > nowMs) addresses.push({ ip: a.ip, failures: a.failures, lastFailureAt: a.last, until: isoAt(until) });
  }
  return { subjects, pairs, addresses };
}
