import { sql, type ExpressionBuilder } from "kysely";
import type { Database } from "../db/database.js";
import type { DB } from "../db/schema.js";

/** Kinds of guessed secrets; each is counted apart, with budgets of its own. */
export type AttemptKind = "login" | "evaluator.pairing" | "hotline.lookup";

/** The address of a reset that restarts every address's count of a subject (an administrator's lift). */
export const EVERY_ADDRESS = "*";

/** One checked try. */
export interface Attempt {
  kind: AttemptKind;
  ip: string;
  /** What was tried: a username (lower case), a ticket number; '' when nothing is named. */
  subject: string;
}

/** Records a try: a failure (counted) or a success (restarts the subject's and the pair's counts). */
export async function insertAttempt(db: Database, a: Attempt & { id: string; at: string; success: boolean }): Promise<void> {
  await db.insertInto("login_attempts").values({ id: a.id, kind: a.kind, at: a.at, ip: a.ip, subject: a.subject, success: a.success ? 1 : 0 }).execute();
}

type Eb = ExpressionBuilder<DB, "login_attempts">;

/** A span of time, both ends excluded: tries stamped at `until` or later (a clock set back) count for nothing. */
export interface Span {
  since: string;
  until: string;
}

/** The latest reset of a subject (a success from any address), or of the pair when `ip` is given (a success from it or an administrator's lift). */
function lastReset(eb: Eb, kind: string, subject: string, until: string, ip?: string) {
  let q = eb
    .selectFrom("login_attempts as r")
    .select((r) => r.fn.max("r.at").as("m"))
    .where("r.kind", "=", kind)
    .where("r.subject", "=", subject)
    .where("r.success", "=", 1)
    .where("r.at", "<", until);
  if (ip !== undefined) q = q.where("r.ip", "in", [ip, EVERY_ADDRESS]);
  return eb.fn.coalesce(q, sql.lit(""));
}

/**
 * When the `n`-th newest failure of `kind` from `ip` within the span happened, or null when there are
 * fewer: the address's budget of n is spent until that time plus the window.
 */
export async function nthFailureFromAddress(db: Database, kind: AttemptKind, ip: string, span: Span, n: number): Promise<string | null> {
  const row = await db
    .selectFrom("login_attempts")
    .select("at")
    .where("kind", "=", kind)
    .where("ip", "=", ip)
    .where("success", "=", 0)
    .where("at", ">", span.since)
    .where("at", "<", span.until)
    .orderBy("at", "desc")
    .limit(1)
    .offset(n - 1)
    .executeTakeFirst();
  return row?.at ?? null;
}

/** The `n`-th newest failure of `subject` (every address) within the span and since its last reset, or null when there are fewer. */
export async function nthFailureOfSubject(db: Database, kind: AttemptKind, subject: string, span: Span, n: number): Promise<string | null> {
  const row = await db
    .selectFrom("login_attempts")
    .select("at")
    .where("kind", "=", kind)
    .where("subject", "=", subject)
    .where("success", "=", 0)
    .where("at", ">", span.since)
    .where("at", "<", span.until)
    .where((eb) => eb("at", ">", lastReset(eb, kind, subject, span.until)))
    .orderBy("at", "desc")
    .limit(1)
    .offset(n - 1)
    .executeTakeFirst();
  return row?.at ?? null;
}

/** Failures of `subject` from `ip` within the span and since the pair's last reset: how many, and the newest. */
export async function pairFailures(db: Database, kind: AttemptKind, subject: string, ip: string, span: Span): Promise<{ count: number; last: string | null }> {
  const row = await db
    .selectFrom("login_attempts")
    .select((eb) => [eb.fn.countAll<number | string>().as("n"), eb.fn.max("at").as("last")])
    .where("kind", "=", kind)
    .where("subject", "=", subject)
    .where("ip", "=", ip)
    .where("success", "=", 0)
    .where("at", ">", span.since)
    .where("at", "<", span.until)
    .where((eb) => eb("at", ">", lastReset(eb, kind, subject, span.until, ip)))
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), last: row.last ?? null };
}

/** Deletes tries older than `before`: no window reaches back that far. */
export async function pruneAttempts(db: Database, before: string): Promise<void> {
  await db.deleteFrom("login_attempts").where("at", "<", before).execute();
}

/** A subject's failures within the span and since its last reset, as the administrators' list shows them. */
export interface SubjectFailures {
  subject: string;
  failures: number;
  first: string;
  last: string;
  addresses: number;
}

/** Subjects with at least `min` failures within the span and since their last reset, newest first. */
export async function subjectsWithFailures(db: Database, kind: AttemptKind, span: Span, min: number, limit: number): Promise<SubjectFailures[]> {
  const rows = await db
    .selectFrom("login_attempts as f")
    .select((eb) => [
      "f.subject",
      eb.fn.countAll<number | string>().as("n"),
      eb.fn.min("f.at").as("first"),
      eb.fn.max("f.at").as("last"),
      eb.fn.count<number | string>("f.ip").distinct().as("addresses"),
    ])
    .where("f.kind", "=", kind)
    .where("f.success", "=", 0)
    .where("f.at", ">", span.since)
    .where("f.at", "<", span.until)
    .where((eb) =>
      eb(
        "f.at",
        ">",
        eb.fn.coalesce(
          eb.selectFrom("login_attempts as r").select((r) => r.fn.max("r.at").as("m")).whereRef("r.kind", "=", "f.kind").whereRef("r.subject", "=", "f.subject").where("r.success", "=", 1).where("r.at", "<", span.until),
          sql.lit(""),
        ),
      ),
    )
    .groupBy("f.subject")
    .having((eb) => eb.fn.countAll(), ">=", min)
    .orderBy("last", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ subject: r.subject, failures: Number(r.n), first: r.first, last: r.last, addresses: Number(r.addresses) }));
}

/** A (subject, address) pair's failures since its last reset. */
export interface PairFailures {
  subject: string;
  ip: string;
  failures: number;
  last: string;
}

/** Pairs with at least `min` failures within the span and since their last reset, newest first. */
export async function pairsWithFailures(db: Database, kind: AttemptKind, span: Span, min: number, limit: number): Promise<PairFailures[]> {
  const rows = await db
    .selectFrom("login_attempts as f")
    .select((eb) => ["f.subject", "f.ip", eb.fn.countAll<number | string>().as("n"), eb.fn.max("f.at").as("last")])
    .where("f.kind", "=", kind)
    .where("f.success", "=", 0)
    .where("f.at", ">", span.since)
    .where("f.at", "<", span.until)
    .where((eb) =>
      eb(
        "f.at",
        ">",
        eb.fn.coalesce(
          eb
            .selectFrom("login_attempts as r")
            .select((r) => r.fn.max("r.at").as("m"))
            .whereRef("r.kind", "=", "f.kind")
            .whereRef("r.subject", "=", "f.subject")
            .where("r.success", "=", 1)
            .where("r.at", "<", span.until)
            .where((r) => r.or([r("r.ip", "=", r.ref("f.ip")), r("r.ip", "=", EVERY_ADDRESS)])),
          sql.lit(""),
        ),
      ),
    )
    .groupBy(["f.subject", "f.ip"])
    .having((eb) => eb.fn.countAll(), ">=", min)
    .orderBy("last", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ subject: r.subject, ip: r.ip, failures: Number(r.n), last: r.last }));
}

/** Addresses with at least `min` failures of `kind` within the span, newest first. */
export async function addressesWithFailures(db: Database, kind: AttemptKind, span: Span, min: number, limit: number): Promise<{ ip: string; failures: number; last: string }[]> {
  const rows = await db
    .selectFrom("login_attempts")
    .select((eb) => ["ip", eb.fn.countAll<number | string>().as("n"), eb.fn.max("at").as("last")])
    .where("kind", "=", kind)
    .where("success", "=", 0)
    .where("at", ">", span.since)
    .where("at", "<", span.until)
    .groupBy("ip")
    .having((eb) => eb.fn.countAll(), ">=", min)
    .orderBy("last", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ip: r.ip, failures: Number(r.n), last: r.last }));
}
