import { createHash } from "node:crypto";
import fs from "node:fs";
import fc from "fast-check";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { pathSweep, requestArb, validBodyArb, type Draft } from "./fuzz/generate.js";
import { ChangeGuard, describeChanges } from "./fuzz/guard.js";
import { fillPath, operationsOf, type Operation } from "./fuzz/operations.js";
import { importsIdle, ROLE_ACCOUNTS, rolesFor, startWorld, type LogLine, type World } from "./fuzz/world.js";
import { TEST_DB_KIND } from "./helpers/test-db.js";

/**
 * The fuzz suite (issue 17): every operation of the app's OpenAPI document, with requests
 * fast-check generates from the operation's schema and then breaks (fields missing or extra, wrong
 * types, null, huge strings, NUL and other control characters, lone surrogates, impossible dates,
 * SQL/FTS/LIKE metacharacters, path traversal, `__proto__`, numbers out of range, bodies that are no
 * object, wrong content types, bad multipart bodies, bad path parameters of every kind), sent
 * anonymously and as a role the route's access allows, on a database with real records whose ids
 * the generator uses. No answer may be a 5xx, and a rejected write (4xx) may change no table.
 *
 * Deterministic: FUZZ_SEED (default below) fixes every request; FUZZ_RUNS sets the requests per
 * operation and sender; FUZZ_OPS (a regular expression on "METHOD /path") narrows the run;
 * FUZZ_VERBOSE=1 prints the answers per operation; FUZZ_REPORT=file writes every failure as JSON.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 17_2026);
const RUNS = Number(process.env.FUZZ_RUNS ?? 15);
const ANONYMOUS_RUNS = Math.max(1, Math.ceil(RUNS / 5));
const ONLY = process.env.FUZZ_OPS ? new RegExp(process.env.FUZZ_OPS) : null;
const VERBOSE = process.env.FUZZ_VERBOSE === "1";

/**
 * Tables a rejected request of an operation may write, because the product means it to:
 * - a failed login is counted (login_attempts: the throttle), audited (login.failed, account.locked)
 *   and may lock the account (users.locked_until): counting failures is the point of the rejection;
 * - a wrong pairing code is counted against the address's budget (login_attempts) like a failed login;
 * - the tries' change counter moves with them (counters `read:login_attempts`: a try kept as cleared is counted again).
 * Nothing else: not the audit log (a refusal is not audited), not sessions (their sliding expiry is
 * left out of the comparison in guard.ts), not jobs (none run in the test app).
 */
const WRITES_ON_REJECTION: Record<string, readonly string[]> = {
  "POST /api/auth/login": ["login_attempts", "audit_log", "users", "counters"],
  "POST /api/evaluator/pair": ["login_attempts", "counters"],
};

/** The server-sent event stream never ends: only its refusals are fuzzed (anonymously). */
const STREAMS = new Set(["GET /api/evaluator/events"]);

/** Reads in flight at once. */
const READ_CONCURRENCY = 4;

/** Addresses anonymous requests come from (per-address budgets must not stop the fuzz at the door). */
const IPS = Array.from({ length: 64 }, (_, i) => `10.77.${Math.floor(i / 8)}.${(i % 8) + 1}`);

interface Failure {
  kind: "5xx" | "rejected write changed data" | "rejected upload left a file" | "no answer" | "error logged outside a request";
  engine: string;
  op: string;
  as: string;
  method: string;
  url: string;
  label: string;
  body: string;
  status: number | null;
  message: string;
  log: string;
  changed?: string;
}

let w: World;
beforeAll(async () => {
  w = await startWorld();
}, 180_000);
afterAll(async () => w?.t.close());

const seedOf = (key: string) => (SEED ^ createHash("sha1").update(key).digest().readUInt32BE(0)) >>> 0;

/** Each operation's `config.access`, read from the app's request log (one anonymous request each; nothing is written). */
async function probeAccess(ops: Operation[]) {
  for (const [i, op] of ops.entries()) {
    const url = fillPath(op.path, Object.fromEntries(op.pathParams.map((p) => [p.name, "x"])));
    const id = `probe-${i}`;
    if (!STREAMS.has(op.key)) await w.app.inject({ method: op.method, url, remoteAddress: "10.66.0.2", headers: { "x-fuzz-id": id } });
    const line = w.linesOf(id).find((l) => l.msg === "incoming request");
    op.access = line?.req?.access ?? (STREAMS.has(op.key) ? "device" : null);
  }
}

/** The first error the app logged for a request: its message and the first line of our code in its stack. */
function errorOf(lines: LogLine[]): string {
  const e = lines.find((l) => l.level >= 50) ?? lines.find((l) => l.level >= 40);
  if (!e) return "";
  const stack = e.err?.stack ?? "";
  const frame = stack.split("\n").find((s) => s.includes("/server/src/")) ?? stack.split("\n")[1] ?? "";
  return `${e.msg}: ${e.err?.type ?? ""} ${e.err?.message ?? ""} ${frame.trim()}`.replace(/\s+/g, " ").slice(0, 400);
}

function excerpt(payload: Draft["payload"]): string {
  if (payload === undefined) return "";
  const text = Buffer.isBuffer(payload) ? payload.subarray(0, 300).toString("latin1") : payload.slice(0, 300);
  return JSON.stringify(text).slice(1, -1).slice(0, 200);
}

function countFiles(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<null>((r) => (timer = setTimeout(() => r(null), ms)))]).finally(() => clearTimeout(timer));
}

/** Who sends an operation's requests, and how many each. */
function plan(op: Operation): { senders: string[]; runs: number }[] {
  const roles = Object.keys(ROLE_ACCOUNTS);
  const anonymous = { senders: ["anonymous"], runs: ANONYMOUS_RUNS };
  if (STREAMS.has(op.key)) return [anonymous];
  switch (op.access) {
    case "public":
      return [
        { senders: ["anonymous"], runs: RUNS },
        { senders: roles, runs: Math.ceil(RUNS / 3) },
      ];
    case "device":
      return [anonymous, { senders: ["device"], runs: RUNS }];
    case "self":
      // Logging out or changing the password would end a role's session: the throwaway account does those.
      return [anonymous, { senders: op.method === "GET" ? roles : ["self"], runs: RUNS }];
    case null:
      return [{ senders: ["anonymous"], runs: RUNS }, { senders: roles, runs: RUNS }];
    default: {
      // An action the policy does not list (a route newer than this file knows of) is tried by every role.
      const allowed = rolesFor(op.access);
      return [anonymous, { senders: allowed.length ? allowed : roles, runs: RUNS }];
    }
  }
}

it(
  "answers bad input to every operation without a 5xx, and a rejected write changes nothing",
  async () => {
    const started = performance.now();
    const ops = operationsOf(w.app).filter((op) => !ONLY || ONLY.test(op.key));
    await probeAccess(ops);
    const guard = new ChangeGuard(w.t.db, TEST_DB_KIND);
    await guard.install();
    const failures: Failure[] = [];
    const answers = new Map<string, Map<string, number>>();
    const reached = new Set<string>();
    const timing = new Map<string, number>();
    const refusedValid = new Map<string, Set<string>>();
    const allowedSeen = new Map<string, string>();
    const oddRefusals: string[] = [];
    let guardMs = 0;
    /** Accepted writes whose changes the guard saw: none would mean the guard sees nothing. */
    let acceptedThatChanged = 0;
    let sent = 0;

    let seq = 0;
    const send = async (op: Operation, d: Draft) => {
      const write = op.method !== "GET";
      const upload = op.bodyKind === "multipart" || op.bodyKind === "image";
      const g0 = performance.now();
      if (write) await guard.before();
      else guard.markDirty();
      guardMs += performance.now() - g0;
      const filesBefore = upload ? countFiles(w.filesDir) : 0;
      const client = w.clients[d.as];
      if (!client) return;
      const id = String(++seq);
      const t0 = performance.now();
      const res: LightMyRequestResponse | null = await withTimeout(
        // From addresses of their own: the role accounts sign in from 127.0.0.1, whose login budget the fuzz never spends.
        client.inject({ method: d.method as "GET", url: d.url, headers: { ...d.headers, "x-fuzz-id": id }, payload: d.payload, remoteAddress: d.ip }),
        15_000,
      );
      timing.set(op.key, (timing.get(op.key) ?? 0) + performance.now() - t0);
      sent++;
      const lines = w.linesOf(id);
      const base = { engine: TEST_DB_KIND, op: op.key, as: d.as, method: d.method, url: d.url.slice(0, 300), label: d.label.slice(0, 300), body: excerpt(d.payload) };
      if (!res) {
        failures.push({ ...base, kind: "no answer", status: null, message: "no answer within 15 s", log: errorOf(lines) });
        return;
      }
      const status = res.statusCode;
      const byStatus = answers.get(op.key) ?? new Map<string, number>();
      const bucket = `${d.as === "anonymous" ? "anon" : "role"}:${status}`;
      byStatus.set(bucket, (byStatus.get(bucket) ?? 0) + 1);
      answers.set(op.key, byStatus);
      if (status < 300) reached.add(op.key);
      let message = "";
      try {
        const json = res.json() as { error?: { message?: string } };
        message = json.error?.message ?? "";
      } catch {
        message = res.body.slice(0, 200);
      }
      if (VERBOSE && d.label === "valid" && status >= 400 && !(d.as === "anonymous" && status === 401)) {
        const seen = refusedValid.get(op.key) ?? new Set<string>();
        if (seen.size < 3) seen.add(`${d.as} ${status} ${(message || `${res.headers["content-type"]} ${res.body.slice(0, 80)} ${d.url.slice(0, 100)}`).slice(0, 200)}`);
        refusedValid.set(op.key, seen);
      }
      if (status >= 500) failures.push({ ...base, kind: "5xx", status, message, log: errorOf(lines) });
      // Reported, not failed: a refusal that is not the app's error body (GeoReport routes answer in the spec's format).
      if (status >= 400 && !op.path.startsWith("/open311/") && !message) oddRefusals.push(`${op.key} → ${status} ${res.body.slice(0, 120)}`);
      if (write) {
        const rejected = status >= 400;
        if (!rejected) {
          // Work an accepted write leaves running: the deadline recount after a calendar change, a subscriber import.
          await w.app.workingCalendar.recount.idle();
          if (op.path === "/api/sms/imports") await importsIdle(w.t.db);
        }
        const g1 = performance.now();
        const all = await guard.after();
        const changed = all.filter((c) => !(WRITES_ON_REJECTION[op.key] ?? []).includes(c.table));
        if (VERBOSE && rejected && all.length > changed.length) allowedSeen.set(op.key, describeChanges(all.filter((c) => !changed.includes(c))).slice(0, 300));
        guardMs += performance.now() - g1;
        if (!rejected && changed.length) acceptedThatChanged++;
        if (rejected && changed.length) {
          failures.push({ ...base, kind: "rejected write changed data", status, message, log: errorOf(lines), changed: describeChanges(changed) });
        }
        if (rejected && upload && countFiles(w.filesDir) !== filesBefore) failures.push({ ...base, kind: "rejected upload left a file", status, message, log: errorOf(lines) });
      }
      // A session that ended (logout, a revoked or expired session) is signed in again.
      if (d.as !== "anonymous" && d.as !== "device" && (status === 401 || (op.key === "POST /api/auth/logout" && status < 300))) {
        const me = await client.get("/api/auth/me");
        if (me.statusCode === 401) await w.relogin(d.as);
        guard.markDirty();
      }
    };

    w.looseLines();
    for (const op of ops) {
      const seed = seedOf(op.key);
      const drafts: Draft[] = [];
      for (const [k, p] of plan(op).entries()) {
        if (p.senders.length && p.runs > 0) drafts.push(...fc.sample(requestArb(op, w.hints, p.senders, IPS), { seed: seed + k, numRuns: p.runs }));
      }
      // Every kind of bad path parameter, the rest of the request valid, as one who may call the route.
      const sweeper = plan(op).at(-1)!.senders[0];
      if (sweeper && !STREAMS.has(op.key)) drafts.push(...pathSweep(op, w.hints, sweeper, fc.sample(validBodyArb(op, w.hints), { seed, numRuns: 1 })[0]));
      // Reads go a few at a time (the database waits dominate); writes one by one, each checked for what it changed.
      const width = op.method === "GET" ? READ_CONCURRENCY : 1;
      for (let i = 0; i < drafts.length; i += width) await Promise.all(drafts.slice(i, i + width).map((d) => send(op, d)));
    }
    for (const l of w.looseLines().filter((x) => x.level >= 50)) {
      failures.push({ kind: "error logged outside a request", engine: TEST_DB_KIND, op: "(background)", as: "", method: "", url: "", label: "", body: "", status: null, message: l.msg, log: errorOf([l]) });
    }

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const fives = failures.filter((f) => f.kind === "5xx").length;
    const changes = failures.filter((f) => f.kind.startsWith("rejected")).length;
    const others = failures.length - fives - changes;
    const unreached = ops.filter((op) => !reached.has(op.key) && !STREAMS.has(op.key)).map((op) => op.key);
    console.log(
      `fuzz [${TEST_DB_KIND}]: ${sent} requests to ${ops.length} operations in ${seconds} s (FUZZ_SEED=${SEED}, FUZZ_RUNS=${RUNS}): ${fives} answers ≥ 500, ${changes} rejected writes that changed data or files${others ? `, ${others} other failures` : ""}; ${unreached.length} operations never answered 2xx; ${oddRefusals.length} refusals not in the app's error body`,
    );
    if (VERBOSE) {
      for (const op of ops) {
        const a = [...(answers.get(op.key) ?? new Map()).entries()].sort().map(([k, v]) => `${k}×${v}`).join(" ");
        console.log(`  ${op.key} [${op.access}] ${Math.round(timing.get(op.key) ?? 0)} ms: ${a}${refusedValid.has(op.key) ? `\n      valid refused: ${[...refusedValid.get(op.key)!].join(" | ")}` : ""}`);
      }
      console.log(`  never 2xx: ${unreached.join(", ")}`);
      console.log(`  change guard: ${Math.round(guardMs)} ms`);
      const odd = new Map<string, number>();
      for (const r of oddRefusals) {
        const key = r.replace(/'[^']*'/g, "'…'").replace(/\?[^ ]*/, "").slice(0, 160);
        odd.set(key, (odd.get(key) ?? 0) + 1);
      }
      for (const [k, n] of odd) console.log(`  not the app's error body (×${n}): ${k}`);
      for (const [k, v] of allowedSeen) console.log(`  written on rejection (allowed): ${k}: ${v}`);
      if (w.setupNotes.length) console.log(`  set-up notes: ${w.setupNotes.join("; ")}`);
    }
    if (process.env.FUZZ_REPORT) fs.writeFileSync(process.env.FUZZ_REPORT, JSON.stringify({ engine: TEST_DB_KIND, sent, failures, unreached, setupNotes: w.setupNotes, oddRefusals }, null, 1));
    expect(acceptedThatChanged, "accepted writes whose changes the guard saw").toBeGreaterThan(ONLY ? -1 : 10);
    expect(report(failures), "5xx answers and rejected writes that changed data").toBe("");
    // Every refusal speaks the app's error body (code, zh-CN message naming the field), Open311's spec errors aside.
    expect(oddRefusals.slice(0, 10), "refusals not in the app's error body").toEqual([]);
  },
  900_000,
);

/** Failures grouped by cause (operation, kind, error), one example each. */
function report(failures: Failure[]): string {
  const groups = new Map<string, Failure[]>();
  for (const f of failures) {
    const key = `${f.kind} | ${f.op} | ${f.log.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, "…").slice(0, 160) || f.message.slice(0, 120)} ${f.changed ?? ""}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.entries()]
    .map(([key, fs]) => {
      const f = fs[0]!;
      return `${key} (×${fs.length})\n    ${f.method} ${f.url} as ${f.as} [${f.label}] → ${f.status}: ${f.message}\n    body: ${f.body}\n    log: ${f.log}${f.changed ? `\n    changed: ${f.changed}` : ""}`;
    })
    .join("\n");
}
