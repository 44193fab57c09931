#!/usr/bin/env node
// Reads at production load (issue 18): every staff list and figure and every public read, each at
// --connections (default 20) for --duration seconds (default 5, after a 1 s warm-up), beside a bare
// Fastify route returning 20 items of JSON measured in the same run (before and after the reads; the
// mean is the ceiling). Targets: staff reads ≥ 20 % of bare on SQLite and ≥ 10 % on PostgreSQL with
// p99 < 50 ms; public reads ≥ 50 % of bare.
// The data: `npm run demo:generate -- --scale=S` (default 1: the demo year; 10: ten times it), then
// open registration cases up to 10,000 on the supervision board, and at --scale=10 one million audit
// rows. Generated once per engine and scale and kept (SQLite in the system's temp folder, PostgreSQL in
// a database named by the scale; --regenerate makes them again); the server starts on it fresh each run.
// SQLite, and PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set.
// Options: --scale=S --duration=S --connections=N --only=sqlite|postgres --reads=name,name --regenerate
import { createHash, randomUUID } from "node:crypto";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { login, withServer } from "./lib/server.mjs";
import { freePort, root, startProcess, waitReady } from "./lib/procs.mjs";
import { cachedDatabase, recordGeneration } from "./lib/pgcache.mjs";

const opt = (name, dflt) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? dflt;
const SCALE = Number(opt("scale", 1));
const DURATION = Number(opt("duration", 5));
const CONNECTIONS = Number(opt("connections", 20));
const ONLY = opt("only", undefined);
const PICK = opt("reads", undefined)?.split(",");
const REGENERATE = process.argv.includes("--regenerate");
const OPEN_CASES = 10_000;
const AUDIT_ROWS = SCALE >= 10 ? 1_000_000 : 0;
const MARKER = `reads-v1-scale${SCALE}`;
const FIX_TOKEN = "bench-fix-token-0000000000000000";
const dist = (p) => path.join(root, "server", "dist", p);
const { buildCases } = await import(dist("testing/factories.js"));
const { loadConfig } = await import(dist("config.js"));
const { openDatabase } = await import(dist("db/database.js"));

/** The reads: who asks (null: anonymous), the path (a function of the looked-up `ids`), public or staff. */
const READS = [
  { name: "auth/me", user: "clerk", path: () => "/api/auth/me", kind: "reference" },
  { name: "hotline tickets", user: "operator", path: () => "/api/hotline/tickets?limit=20", kind: "staff" },
  { name: "hotline tickets: open", user: "operator", path: () => "/api/hotline/tickets?limit=20&status=open,transferred,visit", kind: "staff" },
  { name: "sms subscribers", user: "operator", path: () => "/api/sms/subscribers?limit=20", kind: "staff" },
  { name: "desk", user: "clerk", path: () => "/api/desk", kind: "staff" },
  { name: "evaluation figures", user: "supervisor", path: () => "/api/evaluation/figures", kind: "staff" },
  { name: "knowledge", user: "operator", path: () => `/api/hotline/knowledge?q=${encodeURIComponent("水稻 稻瘟病")}`, kind: "staff" },
  { name: "supervision board", user: "supervisor", path: () => "/api/supervision/board?limit=20", kind: "staff" },
  { name: "rectifications", user: "supervisor", path: () => "/api/rectifications?limit=20", kind: "staff" },
  { name: "sms notices", user: "operator", path: () => "/api/sms/notices?limit=20", kind: "staff" },
  { name: "sms broadcasts", user: "operator", path: () => "/api/sms/broadcasts?limit=20", kind: "staff" },
  { name: "outreach events", user: "supervisor", path: () => "/api/outreach/events?limit=20", kind: "staff" },
  { name: "cases", user: "clerk", path: () => "/api/cases?limit=20", kind: "staff" },
  { name: "department tasks", user: "reviewer.amr", path: () => "/api/departments/AMR/tasks", kind: "staff" },
  { name: "audit log", user: "supervisor", path: () => "/api/audit?limit=20", kind: "staff" },
  { name: "public stars", user: null, path: () => "/api/public/stars", kind: "public" },
  { name: "public evaluation figures", user: null, path: () => "/api/public/evaluation/figures", kind: "public" },
  { name: "card page", user: null, path: (ids) => `/api/public/cards/${ids.card}`, kind: "public" },
  { name: "fix page", user: null, path: () => `/api/public/fixes/${FIX_TOKEN}`, kind: "public" },
  { name: "12316 progress", user: null, path: (ids) => `/api/public/hotline/requests/${encodeURIComponent(ids.ticket)}?phone4=${ids.phone4}`, kind: "public" },
  // As stock HTTP clients ask (they accept gzip): the list is every public request of 90 days.
  { name: "open311 requests", user: null, path: () => "/open311/v2/requests.json", kind: "public", headers: { "accept-encoding": "gzip, deflate" } },
  { name: "open311 request", user: null, path: (ids) => `/open311/v2/requests/${encodeURIComponent(ids.open311)}.json`, kind: "public" },
].filter((r) => !PICK || PICK.includes(r.name));

const pct = (n, d) => Math.round((n / d) * 1000) / 10;

/** Fills an empty database (`env`) with the demo at SCALE and the extra rows; returns what it holds. */
function generate(env) {
  const r = spawnSync(process.execPath, [dist("cli/demo.js"), `--scale=${SCALE}`], { cwd: root, env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`demo:generate failed: ${r.stderr}${r.stdout}`);
  return JSON.parse(r.stdout);
}

async function topUp(env) {
  const db = openDatabase(loadConfig(env).database);
  try {
    const founder = await db.selectFrom("users").select("id").where("username", "=", "founder").executeTakeFirstOrThrow();
    const open = Number((await db.selectFrom("cases").select((eb) => eb.fn.countAll().as("n")).where("status", "=", "in_review").executeTakeFirstOrThrow()).n);
    for (let made = open, seed = 5_000_000; made < OPEN_CASES; made += 2_000, seed += 2_000) {
      await buildCases(db, { applicantId: founder.id, count: Math.min(2_000, OPEN_CASES - made), openTasks: true, seedFrom: seed });
    }
    // A year of audit rows as staff leave them: reads of personal data and changes, by every account.
    const users = await db.selectFrom("users").select(["id", "display_name"]).execute();
    const actions = ["hotline.ticket.read", "sms.subscribers.list", "application.read", "case.accept", "desk.transaction", "rectify.verify"];
    const start = Date.parse("2026-01-01T00:00:00Z");
    for (let i = 0; i < AUDIT_ROWS; i += 5_000) {
      const rows = [];
      for (let k = i; k < Math.min(AUDIT_ROWS, i + 5_000); k++) {
        const u = users[k % users.length];
        rows.push({ id: randomUUID(), at: new Date(start + k * 30_000).toISOString(), actor_id: u.id, actor_name: u.display_name, action: actions[k % actions.length], entity: "bench", entity_id: null, ip: "10.0.0.1", user_agent: "bench", detail: null });
      }
      await db.transaction().execute(async (trx) => {
        for (let j = 0; j < rows.length; j += 500) await trx.insertInto("audit_log").values(rows.slice(j, j + 500)).execute();
      });
    }
    // A fix waiting for the citizen's rating through an SMS link whose token the benchmark knows.
    const fixed = await db.selectFrom("rectification_tickets").select("id").where("status", "in", ["fixed", "closed"]).orderBy("id").executeTakeFirstOrThrow();
    await db.updateTable("rectification_tickets").set({ status: "fixed", fix_token_hash: createHash("sha256").update(FIX_TOKEN).digest("hex"), closed_at: null, fix_level: null, fix_rated_at: null }).where("id", "=", fixed.id).execute();
    const counts = {};
    for (const t of ["service_transactions", "evaluations", "hotline_tickets", "cases", "sms_subscribers", "audit_log"]) {
      counts[t] = Number((await db.selectFrom(t).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
    }
    counts.openCases = Number((await db.selectFrom("cases").select((eb) => eb.fn.countAll().as("n")).where("status", "=", "in_review").executeTakeFirstOrThrow()).n);
    return counts;
  } finally {
    await db.destroy();
  }
}

/** The identifiers the public reads ask for. */
async function lookUp(db) {
  const card = await db.selectFrom("supervision_cards").select("code").orderBy("code").executeTakeFirst();
  const ticket = await db.selectFrom("hotline_tickets").select(["number", "caller_phone"]).where("channel", "in", ["web", "open311"]).orderBy("created_at", "desc").executeTakeFirstOrThrow();
  const open311 = await db.selectFrom("hotline_tickets").select("number").where("channel", "=", "open311").orderBy("created_at", "desc").executeTakeFirst();
  return { card: card?.code ?? null, ticket: ticket.number, phone4: ticket.caller_phone.slice(-4), open311: open311?.number ?? ticket.number };
}

async function cannon(url, headers) {
  await autocannon({ url, connections: CONNECTIONS, duration: 1, headers });
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers });
  return { rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts };
}

async function measure(label, env) {
  const rows = [];
  const barePort = await freePort();
  const bare = startProcess(process.execPath, ["bench/bare-fastify.mjs"], { PORT: String(barePort) });
  try {
    await waitReady(barePort);
    await withServer(env, async (base, db) => {
      if (env.DATABASE_URL) {
        // What autovacuum does after a bulk load: statistics, and the visibility map index-only counts need.
        const c = new pg.Client({ connectionString: env.DATABASE_URL });
        await c.connect();
        await c.query("VACUUM ANALYZE");
        await c.end();
      }
      // A batch of supervision cards (the demo year hands none out): the card page reads one.
      if (!(await db.selectFrom("supervision_cards").select("id").executeTakeFirst())) {
        const sup = await login(base, "supervisor");
        const made = await fetch(`${base}/api/cards/batches`, { method: "POST", headers: { ...sup, "content-type": "application/json" }, body: JSON.stringify({ size: 10, note: "bench" }) });
        if (made.status !== 201) throw new Error(`card batch: ${made.status} ${await made.text()}`);
      }
      const ids = await lookUp(db);
      const sessions = new Map();
      for (const r of READS) if (r.user && !sessions.has(r.user)) sessions.set(r.user, await login(base, r.user));
      const bareBefore = await cannon(`http://127.0.0.1:${barePort}/list`, {});
      for (const r of READS) {
        const p = r.path(ids);
        if (p.includes("/null")) {
          rows.push({ read: r.name, kind: r.kind, skipped: "no such record in the data" });
          continue;
        }
        const headers = { ...(r.user ? { cookie: sessions.get(r.user).cookie } : {}), ...r.headers };
        const check = await fetch(`${base}${p}`, { headers });
        if (check.status !== 200) throw new Error(`${label} ${r.name} ${p}: ${check.status} ${(await check.text()).slice(0, 300)}`);
        const m = await cannon(`${base}${p}`, headers);
        rows.push({ read: r.name, kind: r.kind, path: p, ...m });
      }
      const bareAfter = await cannon(`http://127.0.0.1:${barePort}/list`, {});
      const ceiling = Math.round((bareBefore.rps + bareAfter.rps) / 2);
      for (const row of rows) if (row.rps !== undefined) row.ofBare = pct(row.rps, ceiling);
      rows.unshift({ read: "bare Fastify, 20 items", kind: "ceiling", rps: ceiling, p99: Math.max(bareBefore.p99, bareAfter.p99), before: bareBefore.rps, after: bareAfter.rps });
    });
  } finally {
    await bare.stop();
  }
  const engine = env.DATABASE_URL ? "postgres" : "sqlite";
  const floor = { reference: 0, staff: engine === "sqlite" ? 20 : 10, public: 50 };
  for (const row of rows) {
    if (row.ofBare === undefined) continue;
    const misses = [];
    if (row.ofBare < floor[row.kind]) misses.push(`< ${floor[row.kind]} % of bare`);
    if (row.kind === "staff" && row.p99 >= 50) misses.push("p99 ≥ 50 ms");
    if (row.non2xx || row.errors) misses.push(`${row.non2xx} non-2xx, ${row.errors} errors`);
    row.target = misses.length ? `MISSED: ${misses.join("; ")}` : "met";
  }
  return rows;
}

function print(label, rows, data) {
  console.log(`\n### ${label} (scale ${SCALE}: ${Object.entries(data).map(([k, v]) => `${k} ${v.toLocaleString("en")}`).join(", ")}; ${CONNECTIONS} connections, ${DURATION} s each)`);
  console.log("| read | req/s | p50 | p99 | % of bare | target |\n|---|---|---|---|---|---|");
  for (const r of rows) {
    if (r.skipped) console.log(`| ${r.read} | — | — | — | — | skipped: ${r.skipped} |`);
    else console.log(`| ${r.read} | ${r.rps.toLocaleString("en")} | ${r.p50 ?? "—"} ms | ${r.p99} ms | ${r.ofBare ?? 100} % | ${r.target ?? ""} |`);
  }
}

const results = { scale: SCALE, duration: DURATION, connections: CONNECTIONS, machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, node ${process.version}`, date: new Date().toISOString() };
let missed = 0;

if (ONLY !== "postgres") {
  const dir = path.join(os.tmpdir(), `yc-bench-reads-s${SCALE}`);
  const stamp = path.join(dir, "bench-generation.json");
  const env = { DATA_DIR: dir };
  let data = !REGENERATE && fs.existsSync(stamp) ? JSON.parse(fs.readFileSync(stamp, "utf8")) : null;
  if (data?.marker !== MARKER) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const t0 = performance.now();
    generate(env);
    data = { marker: MARKER, seconds: Math.round((performance.now() - t0) / 1000), ...(await topUp(env)) };
    fs.writeFileSync(stamp, JSON.stringify(data));
  }
  const { marker: _m, seconds: _s, ...counts } = data;
  const rows = await measure("SQLite", env);
  print("SQLite", rows, counts);
  results.sqlite = { data: counts, rows };
  missed += rows.filter((r) => r.target?.startsWith("MISSED")).length;
}

const pgBase = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (pgBase && ONLY !== "sqlite") {
  const { url, generation } = await cachedDatabase(pgBase, `yc_bench_reads_s${String(SCALE).replace(".", "_")}`, MARKER, REGENERATE);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yc-bench-reads-pg-"));
  const env = { DATABASE_URL: url, DATA_DIR: dir };
  let data = generation;
  try {
    if (!data) {
      generate(env);
      data = { marker: MARKER, ...(await topUp(env)) };
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await recordGeneration(c, data);
      await c.end();
    }
    const { marker: _m, ...counts } = data;
    const rows = await measure("PostgreSQL", env);
    print("PostgreSQL", rows, counts);
    results.postgres = { data: counts, rows };
    missed += rows.filter((r) => r.target?.startsWith("MISSED")).length;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

fs.mkdirSync(path.join(root, "bench", "results"), { recursive: true });
fs.writeFileSync(path.join(root, "bench", "results", `reads-s${SCALE}.json`), JSON.stringify(results, null, 2) + "\n");
console.log(missed ? `\n${missed} target(s) missed` : "\nevery target met");
