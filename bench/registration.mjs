// The one-form registration's benchmarks (issue 3):
//  1. mergeForms on the five demo forms: time per call (target < 5 ms)
//  2. validate and store a complete application (POST …/submit) through HTTP at 20
//     connections, on SQLite and, when TEST_DATABASE_URL or BENCH_DATABASE_URL is set, PostgreSQL
// Options: --applications=N submitted per engine (default 6000).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { JIAXING_DICTIONARY, JIAXING_FORMS, mergeForms, sampleApplication } from "@yichuang/core";
import { freePort, root, startProcess, waitReady } from "./lib/procs.mjs";

const arg = (name, dflt) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? dflt);
const results = { machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, node ${process.version}`, date: new Date().toISOString() };

// 1. mergeForms
{
  for (let i = 0; i < 50; i++) mergeForms(JIAXING_FORMS, JIAXING_DICTIONARY); // warm-up
  const times = [];
  for (let i = 0; i < 500; i++) {
    const t0 = performance.now();
    mergeForms(JIAXING_FORMS, JIAXING_DICTIONARY);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  results["mergeForms (5 forms, 253 fields), per call"] = {
    calls: times.length,
    medianMs: +times[times.length >> 1].toFixed(3),
    p99Ms: +times[Math.floor(times.length * 0.99)].toFixed(3),
  };
}

async function submitBench(label, env) {
  const port = await freePort();
  const server = startProcess(process.execPath, ["server/dist/main.js"], { ...env, PORT: String(port), LOG_LEVEL: "warn", HOST: "127.0.0.1" });
  try {
    await waitReady(port, 60_000);
    const base = `http://127.0.0.1:${port}`;
    const login = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "founder", password: "Jiaxing@2026" }),
    });
    const cookie = login.headers.get("set-cookie").split(";")[0];
    const { csrfToken } = await login.json();
    const headers = { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" };
    // Enough drafts for the run: each is submitted once.
    const drafts = [];
    const need = arg("applications", 6000);
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (drafts.length < need) {
          const res = await fetch(`${base}/api/applications`, { method: "POST", headers, body: JSON.stringify({ serviceItem: "QY-SL-LLC" }) });
          if (res.status !== 201) throw new Error(`${label}: creating a draft answered ${res.status} ${await res.text()}`);
          drafts.push((await res.json()).id);
        }
      }),
    );
    let next = 0;
    const body = JSON.stringify({ data: sampleApplication(), revision: 1 });
    const r = await autocannon({
      url: base,
      connections: 20,
      amount: drafts.length,
      requests: [
        {
          method: "POST",
          headers,
          setupRequest: (req) => ({ ...req, path: `/api/applications/${drafts[next++ % drafts.length]}/submit`, body }),
        },
      ],
    });
    if (r.errors || r.non2xx) throw new Error(`${label}: ${r.errors} errors, ${r.non2xx} non-2xx answers`);
    results[`submit a complete application, ${label} (20 connections)`] = {
      applicationsPerSec: Math.round(r.requests.total / (r.duration || 1)),
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      total: r.requests.total,
    };
  } finally {
    await server.stop();
  }
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yc-bench-reg-"));
try {
  await submitBench("SQLite", { DATA_DIR: dataDir });
  const pgBase = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (pgBase) {
    const name = `yc_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: pgBase });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(pgBase);
    url.pathname = `/${name}`;
    try {
      await submitBench("PostgreSQL", { DATA_DIR: dataDir, DATABASE_URL: url.toString() });
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  } else {
    results["submit on PostgreSQL"] = "not run: set TEST_DATABASE_URL or BENCH_DATABASE_URL";
  }
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}

console.log(JSON.stringify(results, null, 2));
fs.mkdirSync(path.join(root, "bench", "results"), { recursive: true });
fs.writeFileSync(path.join(root, "bench", "results", "registration.json"), JSON.stringify(results, null, 2) + "\n");
