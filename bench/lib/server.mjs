// A benchmark's server: `node server/dist/main.js` on a free port with `env`, a database handle
// of the same configuration beside it, the server's log tail printed when the work fails.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort, root, startProcess, waitReady } from "./procs.mjs";

const dist = (p) => path.join(root, "server", "dist", p);
const { loadConfig } = await import(dist("config.js"));
const { openDatabase } = await import(dist("db/database.js"));

/** Runs `work(baseUrl, db)` against a started server, then stops both. */
export async function withServer(env, work) {
  const port = await freePort();
  const server = startProcess(process.execPath, ["server/dist/main.js"], { ...env, PORT: String(port), LOG_LEVEL: "warn", HOST: "127.0.0.1", LOGIN_RATE_LIMIT: "1000" });
  try {
    await waitReady(port, 120_000);
    const db = openDatabase(loadConfig(env).database);
    try {
      await work(`http://127.0.0.1:${port}`, db);
    } finally {
      await db.destroy();
    }
  } catch (err) {
    console.error(server.output().slice(-3000));
    throw err;
  } finally {
    await server.stop();
  }
}

/**
 * Asks GET /healthz (no database; or `path`) one at a time, `everyMs` apart, until `stop()`, which waits for
 * the probe in flight (it may be answered only after the work measured) and gives every answer's
 * latency: the longest is how long the server's event loop stood still meanwhile.
 */
export function probeHealthz(base, everyMs, path = "/healthz") {
  const waits = [];
  let on = true;
  const run = (async () => {
    while (on) {
      const s = performance.now();
      await (await fetch(`${base}${path}`)).arrayBuffer();
      waits.push(performance.now() - s);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return { stop: async () => ((on = false), await run, waits) };
}

/** Signs in; the headers a signed-in request carries (cookie and CSRF token). */
export async function login(base, username, password = "Jiaxing@2026") {
  const res = await fetch(`${base}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const { csrfToken } = await res.json();
  return { cookie: res.headers.get("set-cookie").split(";")[0], "x-csrf-token": csrfToken };
}

/**
 * Runs `work(databaseUrl, dataDir)` on a new PostgreSQL database (BENCH_DATABASE_URL or
 * TEST_DATABASE_URL names the server) and a new data folder, both removed afterwards; resolves to
 * what `work` returns, or to null when no PostgreSQL is configured.
 */
export async function onFreshPostgres(prefix, work) {
  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!base) return null;
  const name = `${prefix}_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  try {
    const url = new URL(base);
    url.pathname = `/${name}`;
    return await work(url.toString(), dir);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
