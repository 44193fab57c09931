#!/usr/bin/env node
// The foundation's benchmarks (issue 2). Needs `npm run build` first (npm install does it).
//  1. start-up: `npm start` on an existing SQLite database until /readyz answers (target < 2 s)
//  2. GET /api/auth/me with a session cookie at 50 connections on SQLite, beside a
//     bare Fastify route in the same run (target: ≥ 50% of the bare route's requests/s)
// Options: --duration=SECONDS (default 10), --runs=N start-up runs (default 5).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { freePort, root, startProcess, waitReady } from "./lib/procs.mjs";

const arg = (name, dflt) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? dflt);
const duration = arg("duration", 10);
const runs = arg("runs", 5);

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yc-bench-"));
const baseEnv = { DATA_DIR: dataDir, LOG_LEVEL: "warn", HOST: "127.0.0.1" };
const results = { machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, node ${process.version}`, date: new Date().toISOString() };

try {
  // Create the database and demo data once, so every measured start finds an existing database.
  {
    const port = await freePort();
    const p = startProcess(process.execPath, ["server/dist/main.js"], { ...baseEnv, PORT: String(port) });
    await waitReady(port, 60_000);
    await p.stop();
  }

  // 1. start-up time through `npm start` (and the bare node process, to show npm's own share).
  for (const [label, cmd, args] of [
    ["npm start", "npm", ["start", "--silent"]],
    ["node server/dist/main.js", process.execPath, ["server/dist/main.js"]],
  ]) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const port = await freePort();
      const t0 = performance.now();
      const p = startProcess(cmd, args, { ...baseEnv, PORT: String(port) });
      await waitReady(port);
      times.push(performance.now() - t0);
      await p.stop();
    }
    times.sort((a, b) => a - b);
    results[`startup: ${label}`] = { runs, medianMs: Math.round(percentile(times, 50)), maxMs: Math.round(times.at(-1)) };
  }

  // 2. authenticated GET beside a bare Fastify route.
  const appPort = await freePort();
  const app = startProcess(process.execPath, ["server/dist/main.js"], { ...baseEnv, PORT: String(appPort) });
  const barePort = await freePort();
  const bare = startProcess(process.execPath, ["bench/bare-fastify.mjs"], { PORT: String(barePort) });
  try {
    await waitReady(appPort);
    await waitReady(barePort);
    const login = await fetch(`http://127.0.0.1:${appPort}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "clerk", password: "Jiaxing@2026" }),
    });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const cookie = login.headers.get("set-cookie").split(";")[0];
    const check = await fetch(`http://127.0.0.1:${appPort}/api/auth/me`, { headers: { cookie } });
    if (check.status !== 200) throw new Error(`GET /api/auth/me answered ${check.status}`);

    const measure = async (title, url, headers) => {
      await autocannon({ url, connections: 50, duration: 2, headers }); // warm-up
      const r = await autocannon({ url, connections: 50, duration, headers });
      if (r.non2xx || r.errors) throw new Error(`${title}: ${r.non2xx} non-2xx, ${r.errors} errors`);
      return { requestsPerSec: Math.round(r.requests.average), p99Ms: r.latency.p99, p50Ms: r.latency.p50, total: r.requests.total };
    };
    // Alternate the two, twice, so drift on a shared machine hits both alike.
    const rounds = [];
    for (let i = 0; i < 2; i++) {
      rounds.push([await measure("bare", `http://127.0.0.1:${barePort}/`, {}), await measure("me", `http://127.0.0.1:${appPort}/api/auth/me`, { cookie })]);
    }
    const mean = (k) => ({
      requestsPerSec: Math.round(rounds.reduce((a, r) => a + r[k].requestsPerSec, 0) / rounds.length),
      p99Ms: Math.max(...rounds.map((r) => r[k].p99Ms)),
      p50Ms: Math.max(...rounds.map((r) => r[k].p50Ms)),
      total: rounds.reduce((a, r) => a + r[k].total, 0),
    });
    const bareR = mean(0);
    const meR = mean(1);
    results["bare Fastify GET / (50 connections)"] = bareR;
    results["GET /api/auth/me with session, SQLite (50 connections)"] = meR;
    results["authenticated / bare requests per second"] = `${Math.round((meR.requestsPerSec / bareR.requestsPerSec) * 100)}%`;
  } finally {
    await app.stop();
    await bare.stop();
  }
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}

console.log(JSON.stringify(results, null, 2));
fs.mkdirSync(path.join(root, "bench", "results"), { recursive: true });
fs.writeFileSync(path.join(root, "bench", "results", "foundation.json"), JSON.stringify(results, null, 2) + "\n");
