// Per-request cost of reads in-process (app.inject) on a copy of a bench database, and with TIMING=1 the
// time of each SQL statement per request: node bench/profile-reads.mjs DATA_DIR user@/path [...] (user "-": anonymous).
// With TIMING the app runs on a timing handle (db.withPlugin): SQLite's direct counter reads are off, so kept reads are read each time.
import fs from "node:fs";
import path from "node:path";
import os from "node:os";
import { root } from "./lib/procs.mjs";
const dist = (p) => path.join(root, "server", "dist", p);
const { loadConfig } = await import(dist("config.js"));
const { openDatabase, migrateToLatest } = await import(dist("db/database.js"));
const { buildApp } = await import(dist("app.js"));
const src = process.argv[2];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prof-"));
fs.copyFileSync(path.join(src, "yichuang.sqlite"), path.join(dir, "yichuang.sqlite"));
const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: "warn" });
const db = openDatabase(config.database);
await migrateToLatest(db);
const timings = new Map();
const starts = new WeakMap();
const nodes = new WeakMap();
const timing = {
  transformQuery: ({ node, queryId }) => (starts.set(queryId, performance.now()), nodes.set(queryId, node), node),
  transformResult: async ({ queryId, result }) => {
    const sql = db.getExecutor().compileQuery(nodes.get(queryId), queryId).sql.slice(0, 160);
    const t = timings.get(sql) ?? { n: 0, ms: 0 };
    t.n++; t.ms += performance.now() - starts.get(queryId);
    timings.set(sql, t);
    return result;
  },
};
const app = await buildApp({ config, db: process.env.TIMING ? db.withPlugin(timing) : db, logger: false });
await app.ready();
const login = async (u) => { const r = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username: u, password: "Jiaxing@2026" } }); return r.headers["set-cookie"].toString().split(";")[0]; };
const paths = process.argv.slice(3);
for (const spec of paths) {
  const [user, url] = spec.split("@");
  const cookie = user === "-" ? undefined : await login(user);
  const headers = cookie ? { cookie } : {};
  const first = await app.inject({ url, headers });
  if (first.statusCode !== 200) { console.log(spec, first.statusCode, first.body.slice(0, 200)); continue; }
  for (let i = 0; i < 200; i++) await app.inject({ url, headers });
  const n = Number(process.env.N ?? 1000); const t0 = performance.now();
  for (let i = 0; i < n; i++) await app.inject({ url, headers });
  console.log(`${((performance.now() - t0) / n * 1000).toFixed(0)} µs  ${spec}  (${first.body.length} bytes)`);
  if (process.env.TIMING) {
    // Every request above: the first, the 200 to warm up, the n measured.
    const asked = n + 201;
    for (const [sql, t] of [...timings].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8)) console.log(`   ${(t.ms / asked * 1000).toFixed(0)} µs/req  ×${(t.n / asked).toFixed(1)}  ${sql}`);
    timings.clear();
  }
}
await app.close(); await db.destroy(); fs.rmSync(dir, { recursive: true, force: true });
