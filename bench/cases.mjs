// Registration cases' benchmarks (issue 4):
//  1. N cases (default 10,000) through single-window acceptance and five parallel reviews
//     (statistics approves by rule; four departments decide over HTTP), on SQLite and, when
//     TEST_DATABASE_URL or BENCH_DATABASE_URL is set, PostgreSQL: cases/s
//  2. the supervision board with M open cases (default 100,000; five tasks each): p99 (target < 200 ms)
// Options: --cases=N --open=M --concurrency=C (default 20) --duration=S (board, default 10).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { freePort, root, startProcess, waitReady } from "./lib/procs.mjs";

const arg = (name, dflt) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? dflt);
const CASES = arg("cases", 10_000);
const OPEN = arg("open", 100_000);
const CONC = arg("concurrency", 20);
const DURATION = arg("duration", 10);
const dist = (p) => path.join(root, "server", "dist", p);
const { loadConfig } = await import(dist("config.js"));
const { openDatabase } = await import(dist("db/database.js"));
const { buildCases } = await import(dist("testing/factories.js"));
const results = { machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, node ${process.version}`, date: new Date().toISOString() };

async function login(base, username) {
  const res = await fetch(`${base}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password: "Jiaxing@2026" }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  const { csrfToken } = await res.json();
  return { cookie: res.headers.get("set-cookie").split(";")[0], "x-csrf-token": csrfToken, "content-type": "application/json" };
}

async function pool(items, n, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => { while (next < items.length) await fn(items[next++]); }));
}

async function withServer(label, env, work) {
  const port = await freePort();
  const server = startProcess(process.execPath, ["server/dist/main.js"], { ...env, PORT: String(port), LOG_LEVEL: "warn", HOST: "127.0.0.1", LOGIN_RATE_LIMIT: "1000" });
  try {
    await waitReady(port, 60_000);
    const config = loadConfig(env);
    const db = openDatabase(config.database);
    try {
      await work(`http://127.0.0.1:${port}`, db);
    } finally {
      await db.destroy();
    }
  } finally {
    await server.stop();
  }
}

async function throughput(label, env) {
  await withServer(label, env, async (base, db) => {
    const founder = await db.selectFrom("users").select("id").where("username", "=", "founder").executeTakeFirstOrThrow();
    const ids = await buildCases(db, { applicantId: founder.id, count: CASES });
    const clerk = await login(base, "clerk");
    const reviewers = Object.fromEntries(await Promise.all([["AMR", "reviewer.amr"], ["QTS", "reviewer"], ["NTAX", "reviewer.ntax"], ["LTAX", "reviewer.ltax"]].map(async ([d, u]) => [d, await login(base, u)])));
    const t0 = performance.now();
    await pool(ids, CONC, async (id) => {
      const acc = await fetch(`${base}/api/cases/${id}/accept`, { method: "POST", headers: clerk });
      if (acc.status !== 200) throw new Error(`${label}: accept ${acc.status} ${await acc.text()}`);
      const kase = await acc.json();
      for (const t of kase.tasks.filter((x) => x.status === "open")) {
        const res = await fetch(`${base}/api/tasks/${t.id}/decision`, { method: "POST", headers: reviewers[t.department], body: JSON.stringify({ decision: "approve" }) });
        if (res.status !== 200) throw new Error(`${label}: decision ${res.status} ${await res.text()}`);
      }
    });
    const seconds = (performance.now() - t0) / 1000;
    const done = await db.selectFrom("cases").select((eb) => eb.fn.countAll().as("n")).where("status", "=", "completed").executeTakeFirstOrThrow();
    if (Number(done.n) !== CASES) throw new Error(`${label}: ${done.n} of ${CASES} cases completed`);
    const key = `${CASES} cases through acceptance and five parallel reviews, ${label} (${CONC} at once)`;
    results[key] = { casesPerSec: Math.round(CASES / seconds), requests: CASES * 5, seconds: +seconds.toFixed(1) };
    console.log(key, JSON.stringify(results[key]));
  });
}

async function board(label, env) {
  await withServer(label, env, async (base, db) => {
    const founder = await db.selectFrom("users").select("id").where("username", "=", "founder").executeTakeFirstOrThrow();
    const t0 = performance.now();
    for (let done = 0; done < OPEN; done += 10_000) {
      await buildCases(db, { applicantId: founder.id, count: Math.min(10_000, OPEN - done), openTasks: true, acceptedDate: "2026-11-20", seedFrom: 1_000_000 + done });
    }
    const built = (performance.now() - t0) / 1000;
    const sup = await login(base, "supervisor");
    const out = { openCases: OPEN, openTasks: OPEN * 5, buildSeconds: +built.toFixed(1) };
    console.log(label, "board data built", JSON.stringify(out));
    // One supervisor at a time gives the query's own latency; ten at once shows it under load.
    // A page 500 deep (offset 50,000) is measured alone: nobody pages that far, but it shows OFFSET's cost.
    for (const connections of [1, 10]) {
      for (const q of ["", "?light=red", "?light=yellow", "?department=QTS&light=red", ...(connections === 1 ? ["?offset=50000"] : [])]) {
        const r = await autocannon({ url: `${base}/api/supervision/board${q}`, connections, duration: DURATION, headers: { cookie: sup.cookie }, timeout: 30 });
        const key = `GET /api/supervision/board${q}, ${connections} connection${connections > 1 ? "s" : ""}`;
        out[key] = { p50Ms: r.latency.p50, p99Ms: r.latency.p99, requestsPerSec: Math.round(r.requests.average), errors: r.errors + r.non2xx };
        console.log(label, key, JSON.stringify(out[key]));
      }
    }
    results[`supervision board, ${label}`] = out;
  });
}

const pgBase = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
async function onPg(fn) {
  if (!pgBase) return;
  const name = `yc_bench_cases_${process.pid}_${Math.random().toString(16).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: pgBase });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(pgBase);
  url.pathname = `/${name}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yc-bench-cases-"));
  try {
    await fn({ DATA_DIR: dataDir, DATABASE_URL: url.toString() });
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
async function onSqlite(fn) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yc-bench-cases-"));
  try {
    await fn({ DATA_DIR: dataDir });
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await onSqlite((env) => throughput("SQLite", env));
await onPg((env) => throughput("PostgreSQL", env));
await onSqlite((env) => board("SQLite", env));
await onPg((env) => board("PostgreSQL", env));
if (!pgBase) results.postgres = "not run: set TEST_DATABASE_URL or BENCH_DATABASE_URL";

console.log(JSON.stringify(results, null, 2));
fs.mkdirSync(path.join(root, "bench", "results"), { recursive: true });
fs.writeFileSync(path.join(root, "bench", "results", "cases.json"), JSON.stringify(results, null, 2) + "\n");
