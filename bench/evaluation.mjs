// Evaluation's benchmarks (issue 5), on SQLite and, when TEST_DATABASE_URL or
// BENCH_DATABASE_URL is set, PostgreSQL:
//  1. ratings through the HTTP API (POST /api/evaluator/ratings, a paired evaluator's
//     cookie and CSRF token, 1 % bad reviews that open rectification tickets) at 50
//     connections, beside a bare Fastify route inserting the same row with one prepared
//     statement, in the same run (target: ≥ 50 % of the bare route's rate; p99 < 25 ms)
//  2. push latency: 200 evaluators connected (server-sent events), their 200 clerks
//     completing transactions; time from sending "complete" to the prompt arriving at the
//     window's evaluator (target p99 < 200 ms)
// Options: --ratings=N per measured round (default 20000), --rounds=R push rounds (default 10),
// --only=ratings|push.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { freePort, root, startProcess, waitReady } from "./lib/procs.mjs";
import { login as signIn, withServer } from "./lib/server.mjs";

/** Signed-in headers for JSON requests. */
const login = async (base, username, password) => ({ ...(await signIn(base, username, password)), "content-type": "application/json" });

const arg = (name, dflt) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? dflt);
const RATINGS = arg("ratings", 20_000);
const ROUNDS = arg("rounds", 10);
const EVALUATORS = 200;
const ONLY = process.argv.find((a) => a.startsWith("--only="))?.split("=")[1]; // ratings | push
const dist = (p) => path.join(root, "server", "dist", p);
const { loadConfig } = await import(dist("config.js"));
const { openDatabase } = await import(dist("db/database.js"));
const { buildCompletedTransactions, buildWindowsWithClerks } = await import(dist("testing/factories.js"));
const results = { machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, node ${process.version}`, date: new Date().toISOString() };
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];


async function pairDevice(base, admin, windowId, label) {
  const created = await fetch(`${base}/api/admin/evaluators`, { method: "POST", headers: admin, body: JSON.stringify({ windowId, label }) });
  if (created.status !== 201) throw new Error(`register evaluator: ${created.status} ${await created.text()}`);
  const { pairingCode } = await created.json();
  const paired = await fetch(`${base}/api/evaluator/pair`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ code: pairingCode }) });
  if (paired.status !== 200) throw new Error(`pair: ${paired.status} ${await paired.text()}`);
  const { csrfToken } = await paired.json();
  return { cookie: paired.headers.get("set-cookie").split(";")[0], "x-csrf-token": csrfToken, "content-type": "application/json" };
}


/**
 * Sends `ids.length` requests at 50 connections, each with the next id. The rate is timed
 * from the start to the last answer (autocannon itself ends a run on a whole second).
 */
async function fire(url, headers, ids, body) {
  let next = 0;
  const t0 = performance.now();
  let last = t0;
  const r = await new Promise((resolve, reject) => {
    const inst = autocannon(
      { url, connections: 50, amount: ids.length, requests: [{ method: "POST", headers, setupRequest: (req) => ({ ...req, body: body(ids[next], next++) }) }] },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    inst.on("response", () => (last = performance.now()));
  });
  const seconds = (last - t0) / 1000;
  if (r.errors || r.non2xx) throw new Error(`${url}: ${r.errors} errors, ${r.non2xx} non-2xx answers`);
  return { ratingsPerSec: Math.round(r.requests.total / seconds), p50Ms: r.latency.p50, p99Ms: r.latency.p99, total: r.requests.total };
}

async function ratings(label, env, bareEnv) {
  await withServer(env, async (base, db) => {
    const admin = await login(base, "admin");
    const w = await db.selectFrom("windows").select(["id", "department_id"]).where("number", "=", "A01").executeTakeFirstOrThrow();
    const clerk = await db.selectFrom("users").select("id").where("username", "=", "clerk").executeTakeFirstOrThrow();
    const device = await pairDevice(base, admin, w.id, "bench");
    // The demo centre starts with its history: count only what the benchmark adds.
    const count = async (table) => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
    const before = { evaluations: await count("evaluations"), tickets: await count("rectification_tickets") };
    const ids = await buildCompletedTransactions(db, { windowId: w.id, departmentId: w.department_id, clerkId: clerk.id, count: RATINGS * 2 + 2000 });
    const barePort = await freePort();
    const bare = startProcess(process.execPath, ["bench/bare-rating.mjs"], { ...bareEnv, PORT: String(barePort) });
    try {
      await waitReady(barePort);
      const body = (id, i) => JSON.stringify(i % 100 === 0 ? { transactionId: id, clientId: crypto.randomUUID(), level: 1, reasons: ["slow"] } : { transactionId: id, clientId: crypto.randomUUID(), level: 3 + (i % 3) });
      const bareIds = Array.from({ length: RATINGS * 2 + 2000 }, () => crypto.randomUUID());
      // warm-up both, then alternate so drift on a shared machine hits both alike
      await fire(`http://127.0.0.1:${barePort}/ratings`, { "content-type": "application/json" }, bareIds.slice(0, 2000), body);
      await fire(`${base}/api/evaluator/ratings`, device, ids.slice(0, 2000), body);
      const rounds = [];
      for (let k = 0; k < 2; k++) {
        const from = 2000 + k * RATINGS;
        const b = await fire(`http://127.0.0.1:${barePort}/ratings`, { "content-type": "application/json" }, bareIds.slice(from, from + RATINGS), body);
        const a = await fire(`${base}/api/evaluator/ratings`, device, ids.slice(from, from + RATINGS), body);
        rounds.push({ bare: b, api: a });
      }
      const stored = { n: (await count("evaluations")) - before.evaluations };
      const tickets = { n: (await count("rectification_tickets")) - before.tickets };
      if (stored.n !== RATINGS * 2 + 2000) throw new Error(`${label}: ${stored.n} evaluations stored, expected ${RATINGS * 2 + 2000}`);
      const best = (key) => rounds.map((r) => r[key]).sort((x, y) => y.ratingsPerSec - x.ratingsPerSec)[0];
      const api = best("api");
      const b = best("bare");
      const key = `ratings via POST /api/evaluator/ratings, ${label}, 50 connections`;
      results[key] = { ...api, bareRoute: b, shareOfBare: `${Math.round((api.ratingsPerSec / b.ratingsPerSec) * 100)} %`, ticketsOpened: Number(tickets.n), rounds };
      console.log(key, JSON.stringify({ ...api, bare: b, share: results[key].shareOfBare }));
    } finally {
      await bare.stop();
    }
  });
}

/** Opens an evaluator's event stream; calls onPrompt(transactionId, receivedAt). */
function stream(base, cookie, onPrompt) {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/api/evaluator/events`, { headers: { cookie } });
    req.on("response", (res) => {
      if (res.statusCode !== 200) return reject(new Error(`events: ${res.statusCode}`));
      let buf = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        const at = performance.now();
        buf += chunk;
        let i;
        while ((i = buf.indexOf("\n\n")) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (block.startsWith("event: state")) resolve(req);
          if (block.startsWith("event: prompt")) onPrompt(JSON.parse(/^data: (.*)$/m.exec(block)[1]).transactionId, at);
        }
      });
    });
    req.on("error", reject);
  });
}

async function push(label, env) {
  await withServer(env, async (base, db) => {
    const amr = await db.selectFrom("departments").select("id").where("code", "=", "AMR").executeTakeFirstOrThrow();
    const staff = await buildWindowsWithClerks(db, { departmentId: amr.id, count: EVALUATORS, prefix: "P" });
    const admin = await login(base, "admin");
    const waiting = new Map();
    const streams = [];
    for (const s of staff) {
      s.device = await pairDevice(base, admin, s.windowId, `bench ${s.number}`);
      streams.push(await stream(base, s.device.cookie, (id, at) => waiting.get(id)?.(at)));
    }
    for (let i = 0; i < staff.length; i += 8) {
      await Promise.all(staff.slice(i, i + 8).map(async (s) => (s.headers = await login(base, s.username, s.password))));
    }
    const latencies = [];
    try {
      for (let round = 0; round < ROUNDS; round++) {
        let next = 0;
        await Promise.all(
          Array.from({ length: 20 }, async () => {
            while (next < staff.length) {
              const s = staff[next++];
              const started = await fetch(`${base}/api/desk/transactions`, { method: "POST", headers: s.headers, body: JSON.stringify({ serviceCode: "AMR-ZX" }) });
              if (started.status !== 201) throw new Error(`start: ${started.status} ${await started.text()}`);
              const open = (await started.json()).transactions.find((x) => x.status === "open");
              const arrived = new Promise((resolve, reject) => {
                waiting.set(open.id, resolve);
                setTimeout(() => reject(new Error(`no prompt for ${open.id} within 5 s`)), 5000).unref();
              });
              const t0 = performance.now();
              const done = await fetch(`${base}/api/desk/transactions/${open.id}/complete`, { method: "POST", headers: s.headers });
              if (done.status !== 200) throw new Error(`complete: ${done.status} ${await done.text()}`);
              await done.arrayBuffer();
              latencies.push((await arrived) - t0);
              waiting.delete(open.id);
            }
          }),
        );
      }
    } finally {
      for (const r of streams) r.destroy();
    }
    latencies.sort((a, b) => a - b);
    const key = `push "transaction completed" → prompt at the evaluator, ${label}, ${EVALUATORS} evaluators connected`;
    results[key] = { prompts: latencies.length, p50Ms: +pct(latencies, 50).toFixed(1), p99Ms: +pct(latencies, 99).toFixed(1), maxMs: +latencies.at(-1).toFixed(1) };
    console.log(key, JSON.stringify(results[key]));
  });
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yc-bench-eval-"));
try {
  if (ONLY !== "push") await ratings("SQLite", { DATA_DIR: path.join(dataDir, "r") }, { BARE_SQLITE_FILE: path.join(dataDir, "bare.sqlite") });
  if (ONLY !== "ratings") await push("SQLite", { DATA_DIR: path.join(dataDir, "p") });
  const pgBase = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (pgBase) {
    const admin = new pg.Client({ connectionString: pgBase });
    await admin.connect();
    for (const [kind, work] of [
      ...(ONLY === "push" ? [] : [["ratings", (url) => ratings("PostgreSQL", { DATA_DIR: path.join(dataDir, "pr"), DATABASE_URL: url }, { BARE_DATABASE_URL: url })]]),
      ...(ONLY === "ratings" ? [] : [["push", (url) => push("PostgreSQL", { DATA_DIR: path.join(dataDir, "pp"), DATABASE_URL: url })]]),
    ]) {
      const name = `yc_bench_${kind}_${process.pid}`;
      await admin.query(`CREATE DATABASE ${name}`);
      const url = new URL(pgBase);
      url.pathname = `/${name}`;
      try {
        await work(url.toString());
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
    }
    await admin.end();
  } else {
    results["PostgreSQL"] = "not run: set TEST_DATABASE_URL or BENCH_DATABASE_URL";
  }
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}

console.log(JSON.stringify(results, null, 2));
fs.mkdirSync(path.join(root, "bench", "results"), { recursive: true });
fs.writeFileSync(path.join(root, "bench", "results", "evaluation.json"), JSON.stringify(results, null, 2) + "\n");
