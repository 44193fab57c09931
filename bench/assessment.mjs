// Assessment's benchmark (service stars): closing a quarter over 10 million ratings given to
// 2,000 clerks at 300 windows, on SQLite and, when TEST_DATABASE_URL or BENCH_DATABASE_URL is
// set, PostgreSQL (target: close < 2 s on each engine).
//  1. generation: the demo centre (the server's seed), 300 windows across AMR/QTS/NTAX/LTAX/STATS,
//     2,000 clerks (clerk i at window i % 300), then a quarter (2026-Q3, 92 days) of completed
//     transactions, each rated once (plus ~10 % left unrated), inserted with the triggers on so
//     the per-day counters (clerk_day_stats) are kept as the rows arrive. Uneven volumes per
//     clerk (some under the 50 ratings a ranking needs), bad-review rates of 0–1 % and 1–6 %
//     neutral ratings per clerk, levels from a hash of the sequence number (deterministic).
//     On PostgreSQL the triggers append counter changes (clerk_day_deltas), folded after the load
//     as the server's job folds them.
//     Cached between runs: SQLite in bench/.cache/assessment-g<version>-n<ratings>/, PostgreSQL
//     in the database yc_bench_assessment (its bench_meta table names the generator version).
//  2. POST /api/assessment/quarters/2026-Q3/close as the demo supervisor, timed at the client
//     (and the `milliseconds` the server reports), --runs times (the quarter deleted between runs
//     with the repository's deleteQuarter) → median and max
//  3. GET …/check (a recompute from the counters compared with the frozen result), then the
//     same ranking from the raw records (checkQuarter with fromRecords): time and identical?
//  4. where the time goes: each of the close's queries alone, counters vs raw records
// Options: --ratings=N (default 10000000), --runs=R closes (default 5), --only=sqlite|postgres,
// --sqlite-gen=cte|loop (how SQLite rows are generated; default cte), --pg-jobs=J (parallel
// connections generating on PostgreSQL; default 2), --regenerate (ignore the cache).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import pg from "pg";
import { freePort, root, startProcess, waitReady } from "./lib/procs.mjs";
import { login, probeHealthz, withServer } from "./lib/server.mjs";
import { cachedDatabase, recordGeneration } from "./lib/pgcache.mjs";

const arg = (name, dflt) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? dflt);
const opt = (name, dflt) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? dflt;
const RATINGS = arg("ratings", 10_000_000);
const RUNS = arg("runs", 5);
const ONLY = opt("only", undefined); // sqlite | postgres
const SQLITE_GEN = opt("sqlite-gen", "cte"); // cte | loop
const PG_JOBS = arg("pg-jobs", 2);
const REGENERATE = process.argv.includes("--regenerate");
/** Bump when the generated data changes: cached databases of another version are regenerated. */
const GENERATOR = 1;
/** PostgreSQL's generation: 2 since its triggers append counter changes (clerk_day_deltas) that a job folds. */
const PG_GENERATOR = 2;
const CLERKS = 2000;
const WINDOWS = 300;
const DEPTS = ["AMR", "QTS", "NTAX", "LTAX", "STATS"];
const QUARTER = "2026-Q3";
const FROM = "2026-07-01";
const TO = "2026-09-30";
const DAYS = 92;
const MIN_RATED = 50; // the default scheme's minimum

const dist = (p) => path.join(root, "server", "dist", p);
const { loadConfig } = await import(dist("config.js"));
const { openDatabase } = await import(dist("db/database.js"));
const repo = await import(dist("assessment/assessment.repository.js"));
const svc = await import(dist("assessment/assessment.service.js"));
const { DEMO_WINDOW_SERVICES } = await import(dist("demo/jiaxing.js"));
const { DEFAULT_STAR_SCHEME, parseQuarter } = await import("@yichuang/core");

const cacheRoot = path.join(root, "bench", ".cache");
const results = {
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, node ${process.version}`,
  date: new Date().toISOString(),
  ratings: RATINGS,
  clerks: CLERKS,
  windows: WINDOWS,
  quarter: QUARTER,
  target: "close < 2 s on each engine",
  // The machine is shared: the load when the run started.
  loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const r1 = (x) => Math.round(x * 10) / 10;
const dayOf = (d) => new Date(Date.UTC(2026, 6, 1 + d)).toISOString().slice(0, 10);
const pad = (x, n) => String(x).padStart(n, "0");
const frac = (x) => x - Math.floor(x);

// ---- the plan: who gets how many ratings, at what rates (JS mirrors of the SQL below) ----

/** 0 ≤ u < 1,000,000 from clerk c's j-th rating: the level's dice (same integers as the SQL). */
const dice = (c, j) => Math.floor(((Math.imul(c * 1000003 + j, 2654435761) >>> 0) * 1_000_000) / 4294967296);
const levelOf = (k, u) => (u < k.bad ? 1 + (u % 2) : u < k.bad + k.neutral ? 3 : u % 5 === 0 ? 4 : 5);
/** First j of day d for a clerk with n rows spread evenly over the quarter. */
const firstOfDay = (d, n) => Math.floor((d * n + DAYS - 1) / DAYS);

function plan(ratings) {
  const clerks = [];
  for (let c = 0; c < CLERKS; c++) {
    const w = c % WINDOWS;
    // One clerk in 40 serves part-time: 10–49 ratings, under the scheme's minimum.
    const tiny = c % 40 === 3;
    clerks.push({
      c,
      clerkId: `b0000000-0000-4000-8000-${pad(c, 12)}`,
      windowNo: w,
      dept: DEPTS[w % DEPTS.length],
      tiny,
      n: tiny ? 10 + ((c * 13) % 40) : 0,
      weight: tiny ? 0 : 0.25 + 1.75 * frac(c * 0.6180339887),
      bad: (c * 7919) % 10001, // per million: 0–1 %
      neutral: 10000 + ((c * 104729) % 50001), // per million: 1–6 %
      unratedShare: 0.05 + 0.1 * frac(c * 0.41421356),
    });
  }
  const tinyTotal = clerks.reduce((s, k) => s + k.n, 0);
  const rest = ratings - tinyTotal;
  if (rest < CLERKS) throw new Error(`--ratings=${ratings} is too few (at least ${tinyTotal + CLERKS})`);
  const weights = clerks.reduce((s, k) => s + k.weight, 0);
  let given = 0;
  for (const k of clerks) if (!k.tiny) given += k.n = Math.floor((rest * k.weight) / weights);
  for (let i = 0; given < rest; i = (i + 1) % CLERKS) if (!clerks[i].tiny) (clerks[i].n++, given++);
  for (const k of clerks) k.u = Math.round(k.n * k.unratedShare);
  let good = 0;
  let bad = 0;
  for (const k of clerks) {
    for (let j = 0; j < k.n; j++) {
      const l = levelOf(k, dice(k.c, j));
      if (l >= 4) good++;
      else if (l <= 2) bad++;
    }
  }
  const unrated = clerks.reduce((s, k) => s + k.u, 0);
  return {
    clerks,
    totals: { ratings, unrated, completed: ratings + unrated, good, bad, clerksUnderMinimum: clerks.filter((k) => k.n < MIN_RATED).length },
    maxPerDay: Math.max(...clerks.map((k) => Math.ceil(Math.max(k.n, k.u) / DAYS) + 1)),
  };
}

// ---- generation ----

/** Inserts the windows and clerks (through the server's own handle: either engine). */
async function insertStaff(db, p) {
  const deps = await db.selectFrom("departments").select(["id", "code"]).where("code", "in", DEPTS).execute();
  const deptId = new Map(deps.map((d) => [d.code, d.id]));
  const now = new Date().toISOString();
  const windows = Array.from({ length: WINDOWS }, (_, w) => ({
    id: `b1000000-0000-4000-8000-${pad(w, 12)}`,
    department_id: deptId.get(DEPTS[w % DEPTS.length]),
    number: `S${pad(w + 1, 3)}`,
    name_zh: `测评窗口 S${pad(w + 1, 3)}`,
    name_en: `Bench window S${pad(w + 1, 3)}`,
    active: 1,
    created_at: now,
    updated_at: now,
  }));
  for (let i = 0; i < windows.length; i += 100) await db.insertInto("windows").values(windows.slice(i, i + 100)).execute();
  for (const k of p.clerks) {
    k.windowId = windows[k.windowNo].id;
    k.departmentId = deptId.get(k.dept);
    const s = DEMO_WINDOW_SERVICES.find((x) => x.department === k.dept && x.kind === "consultation");
    k.serviceCode = s.code;
    k.serviceName = s.nameZh;
  }
  const users = p.clerks.map((k) => ({
    id: k.clerkId,
    username: `bench.c${pad(k.c, 4)}`,
    display_name: `测评人员${pad(k.c, 4)}`,
    password_hash: "bench:never-signs-in",
    department_id: k.departmentId,
    staff_no: `BC${pad(k.c, 4)}`,
    home_window_id: k.windowId,
    created_at: now,
    updated_at: now,
  }));
  for (let i = 0; i < users.length; i += 200) {
    await db.insertInto("users").values(users.slice(i, i + 200)).execute();
    await db.insertInto("user_roles").values(users.slice(i, i + 200).map((u) => ({ user_id: u.id, role: "clerk" }))).execute();
  }
}

/**
 * The day's rows as SQL for one engine. Three statements per day (rated transactions, unrated
 * transactions, their ratings), each inserting ~n/92 rows of every clerk from the temp table
 * bench_clerks; ids are deterministic text ("bt"/"bu"/"br", day, clerk, sequence number).
 */
function daySql(engine) {
  const PGx = engine === "postgres";
  const P = PGx ? { d: "$1::bigint", day: "$2::text", pre: "$3::text", pre2: "$4::text" } : { d: "CAST(@d AS INTEGER)", day: "@day", pre: "@pre", pre2: "@pre2" };
  const lp = (e, n) => (PGx ? `lpad((${e})::text, ${n}, '0')` : `printf('%0${n}d', ${e})`);
  const ts = (s) => `${P.day} || 'T' || ${lp(`(${s}) / 3600`, 2)} || ':' || ${lp(`(${s}) / 60 % 60`, 2)} || ':' || ${lp(`(${s}) % 60`, 2)} || '.000Z'`;
  const lo = (n) => `(${P.d} * c.${n} + ${DAYS - 1}) / ${DAYS}`;
  const hi = (n) => `((${P.d} + 1) * c.${n} + ${DAYS - 1}) / ${DAYS}`;
  // x: one row per clerk and sequence number j of the day, with the time of day s (seconds, UTC
  // 01:00–08:47, the same Shanghai date) and the level's dice.
  const rows = (n) =>
    PGx
      ? `(SELECT c.*, g.j, 3600 + (g.j * 7919) % 28000 AS s, ((c.c * 1000003 + g.j) * 2654435761) % 4294967296 * 1000000 / 4294967296 AS dice
          FROM bench_clerks c CROSS JOIN LATERAL generate_series(${lo(n)}, ${hi(n)} - 1) AS g(j)) x`
      : `(SELECT c.*, ${lo(n)} + t.k AS j, 3600 + ((${lo(n)} + t.k) * 7919) % 28000 AS s,
            ((c.c * 1000003 + ${lo(n)} + t.k) * 2654435761) % 4294967296 * 1000000 / 4294967296 AS dice
          FROM bench_clerks c JOIN t ON t.k < ${hi(n)} - ${lo(n)}) x`;
  const cte = PGx ? "" : `WITH RECURSIVE t(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM t WHERE k < CAST(@maxk AS INTEGER)) `;
  const order = PGx ? "" : " ORDER BY x.c, x.j";
  const id = (pre) => `${pre} || ${lp("x.c", 4)} || ${lp("x.j", 7)}`;
  const tx = (n, pre) =>
    `${cte}INSERT INTO service_transactions (id, window_id, department_id, clerk_id, service_code, service_name, kind, status, started_at, ended_at, ended_date, created_at)
     SELECT ${id(pre)}, x.window_id, x.department_id, x.clerk_id, x.service_code, x.service_name, 'consultation', 'completed', ${ts("x.s")}, ${ts("x.s + 300")}, ${P.day}, ${ts("x.s")}
     FROM ${rows(n)}${order}`;
  const level = `CASE WHEN x.dice < x.bad THEN 1 + x.dice % 2 WHEN x.dice < x.bad + x.neutral THEN 3 WHEN x.dice % 5 = 0 THEN 4 ELSE 5 END`;
  const ev = `${cte}INSERT INTO evaluations (id, target, transaction_id, case_id, case_key, channel, level, reasons, comment, service_code, window_id, clerk_id, department_id, citizen_user_id, device_id, card_id, client_id, status, answered_at, created_at, created_date)
     SELECT ${id(P.pre2)}, 'transaction', ${id(P.pre)}, NULL, NULL, 'evaluator', ${level}, '[]', NULL, x.service_code, x.window_id, x.clerk_id, x.department_id, NULL, NULL, NULL, NULL, 'valid', ${ts("x.s + 320")}, ${ts("x.s + 320")}, ${P.day}
     FROM ${rows("n")}${order}`;
  return { ratedTx: tx("n", P.pre), unratedTx: tx("u", P.pre), ratings: ev };
}

const CLERK_COLUMNS = ["c", "clerk_id", "window_id", "department_id", "service_code", "service_name", "n", "u", "bad", "neutral"];
const clerkRow = (k) => [k.c, k.clerkId, k.windowId, k.departmentId, k.serviceCode, k.serviceName, k.n, k.u, k.bad, k.neutral];

async function counts(db) {
  const n = async (t) => Number((await db.selectFrom(t).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
  // The quarter's counters as every reader sees them: the day counters plus changes not yet folded.
  const sums = { completed: 0, rated: 0, good: 0, bad: 0 };
  for (const r of await repo.countersFromDayStats(db, FROM, TO)) for (const k of Object.keys(sums)) sums[k] += r[k];
  return {
    evaluations: await n("evaluations"),
    service_transactions: await n("service_transactions"),
    clerk_day_stats: await n("clerk_day_stats"),
    quarterCounters: sums,
  };
}

/** Starts the server once on an empty database: migrations and the demo seed (the supervisor). */
async function seedOnce(env) {
  const port = await freePort();
  const server = startProcess(process.execPath, ["server/dist/main.js"], { ...env, PORT: String(port), LOG_LEVEL: "warn", HOST: "127.0.0.1", DEMO_DATA: "true" });
  try {
    await waitReady(port, 120_000);
  } catch (err) {
    console.error(server.output().slice(-3000));
    throw err;
  } finally {
    await server.stop();
  }
}

/** SQLite: the cached folder for this generator and size, generated first when missing. */
async function prepareSqlite() {
  const name = `assessment-g${GENERATOR}-n${RATINGS}`;
  const dir = path.join(cacheRoot, name);
  const marker = path.join(dir, "generated.json");
  // Folders of other generator versions are stale: remove them (only ours, only in bench/.cache).
  if (fs.existsSync(cacheRoot)) {
    for (const f of fs.readdirSync(cacheRoot)) {
      if (/^assessment-g\d+-n\d+(\.tmp)?$/.test(f) && !f.startsWith(`assessment-g${GENERATOR}-`)) fs.rmSync(path.join(cacheRoot, f), { recursive: true, force: true });
    }
  }
  if (!REGENERATE && fs.existsSync(marker)) {
    const gen = JSON.parse(fs.readFileSync(marker, "utf8"));
    console.log(`SQLite: cached ${path.relative(root, dir)} (generated in ${gen.seconds} s by ${gen.method})`);
    return { dir, generation: { ...gen, cached: true } };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const tmp = `${dir}.tmp`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const env = { DATA_DIR: tmp, DATABASE_URL: "" };
  await seedOnce(env);
  const p = plan(RATINGS);
  const db = openDatabase(loadConfig(env).database);
  await insertStaff(db, p);
  const before = await counts(db);
  await db.destroy();

  console.log(`SQLite: generating ${RATINGS} ratings (${SQLITE_GEN}) …`);
  const file = new SQLite(path.join(tmp, "yichuang.sqlite"));
  // Built in a .tmp folder renamed when complete, so a crash here leaves no half cache behind.
  file.pragma("journal_mode = OFF");
  file.pragma("synchronous = OFF");
  file.pragma("cache_size = -2000000");
  file.pragma("temp_store = MEMORY");
  const t0 = performance.now();
  file.exec(`CREATE TEMP TABLE bench_clerks (c INTEGER PRIMARY KEY, clerk_id TEXT, window_id TEXT, department_id TEXT, service_code TEXT, service_name TEXT, n INTEGER, u INTEGER, bad INTEGER, neutral INTEGER)`);
  const insClerk = file.prepare(`INSERT INTO bench_clerks VALUES (${CLERK_COLUMNS.map(() => "?").join(", ")})`);
  file.transaction(() => p.clerks.forEach((k) => insClerk.run(clerkRow(k))))();
  if (SQLITE_GEN === "loop") {
    const txStmt = file.prepare(
      `INSERT INTO service_transactions (id, window_id, department_id, clerk_id, service_code, service_name, kind, status, started_at, ended_at, ended_date, created_at) VALUES (?, ?, ?, ?, ?, ?, 'consultation', 'completed', ?, ?, ?, ?)`,
    );
    const evStmt = file.prepare(
      `INSERT INTO evaluations (id, target, transaction_id, channel, level, reasons, service_code, window_id, clerk_id, department_id, status, answered_at, created_at, created_date) VALUES (?, 'transaction', ?, 'evaluator', ?, '[]', ?, ?, ?, ?, 'valid', ?, ?, ?)`,
    );
    const hms = (s) => `${pad(Math.floor(s / 3600), 2)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}.000Z`;
    for (let d = 0; d < DAYS; d++) {
      const day = dayOf(d);
      const dd = pad(d, 2);
      file.transaction(() => {
        for (const [n, pre] of [["n", "bt"], ["u", "bu"]]) {
          for (const k of p.clerks) {
            for (let j = firstOfDay(d, k[n]); j < firstOfDay(d + 1, k[n]); j++) {
              const s = 3600 + ((j * 7919) % 28000);
              txStmt.run(`${pre}${dd}${pad(k.c, 4)}${pad(j, 7)}`, k.windowId, k.departmentId, k.clerkId, k.serviceCode, k.serviceName, `${day}T${hms(s)}`, `${day}T${hms(s + 300)}`, day, `${day}T${hms(s)}`);
            }
          }
        }
        for (const k of p.clerks) {
          for (let j = firstOfDay(d, k.n); j < firstOfDay(d + 1, k.n); j++) {
            const s = 3600 + ((j * 7919) % 28000);
            const at = `${day}T${hms(s + 320)}`;
            evStmt.run(`br${dd}${pad(k.c, 4)}${pad(j, 7)}`, `bt${dd}${pad(k.c, 4)}${pad(j, 7)}`, levelOf(k, dice(k.c, j)), k.serviceCode, k.windowId, k.clerkId, k.departmentId, at, at, day);
          }
        }
      })();
    }
  } else {
    const s = daySql("sqlite");
    const stmts = [s.ratedTx, s.unratedTx, s.ratings].map((x) => file.prepare(x));
    for (let d = 0; d < DAYS; d++) {
      const params = { d, day: dayOf(d), pre: `bt${pad(d, 2)}`, maxk: p.maxPerDay };
      file.transaction(() => {
        stmts[0].run(params);
        stmts[1].run({ ...params, pre: `bu${pad(d, 2)}` });
        stmts[2].run({ ...params, pre2: `br${pad(d, 2)}` });
      })();
      if (d % 23 === 22) console.log(`  day ${d + 1}/${DAYS}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
  }
  const seconds = r1((performance.now() - t0) / 1000);
  file.pragma("journal_mode = WAL");
  file.close();
  const db2 = openDatabase(loadConfig(env).database);
  const after = await counts(db2);
  await db2.destroy();
  const generation = { generator: GENERATOR, method: SQLITE_GEN === "loop" ? "prepared INSERT per row in one transaction per day" : "INSERT … SELECT from a recursive CTE, one per table and day", seconds, before, after, plan: p.totals, fileMB: Math.round(fs.statSync(path.join(tmp, "yichuang.sqlite")).size / 1e6) };
  verifyGeneration("SQLite", generation);
  fs.writeFileSync(path.join(tmp, "generated.json"), JSON.stringify(generation, null, 2) + "\n");
  fs.renameSync(tmp, dir);
  return { dir, generation: { ...generation, cached: false } };
}

/** PostgreSQL: the dedicated database, generated first when its marker is not this generator's. */
async function preparePostgres(pgBase) {
  const name = RATINGS === 10_000_000 ? "yc_bench_assessment" : `yc_bench_assessment_n${RATINGS}`;
  const want = `generator ${PG_GENERATOR}, ratings ${RATINGS}`;
  const cache = await cachedDatabase(pgBase, name, want, REGENERATE);
  const url = new URL(cache.url);
  if (cache.generation) {
    console.log(`PostgreSQL: cached database ${name} (generated in ${cache.generation.seconds} s)`);
    return { url: url.toString(), generation: { ...cache.generation, cached: true } };
  }
  const env = { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "yc-bench-assess-")), DATABASE_URL: url.toString() };
  try {
    await seedOnce(env);
  } finally {
    fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
  }
  const p = plan(RATINGS);
  const db = openDatabase(loadConfig(env).database);
  await insertStaff(db, p);
  const before = await counts(db);

  console.log(`PostgreSQL: generating ${RATINGS} ratings (${PG_JOBS} connections) …`);
  const s = daySql("postgres");
  const t0 = performance.now();
  let done = 0;
  await Promise.all(
    Array.from({ length: PG_JOBS }, async (_, job) => {
      const c = new pg.Client({ connectionString: url.toString() });
      await c.connect();
      try {
        await c.query("SET synchronous_commit = off");
        await c.query(`CREATE TEMP TABLE bench_clerks (c bigint PRIMARY KEY, clerk_id text, window_id text, department_id text, service_code text, service_name text, n bigint, u bigint, bad bigint, neutral bigint)`);
        await c.query(
          `INSERT INTO bench_clerks SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[])`,
          CLERK_COLUMNS.map((_, i) => p.clerks.map((k) => clerkRow(k)[i])),
        );
        await c.query("ANALYZE bench_clerks");
        for (let d = job; d < DAYS; d += PG_JOBS) {
          const day = dayOf(d);
          await c.query(s.ratedTx, [d, day, `bt${pad(d, 2)}`]);
          await c.query(s.unratedTx, [d, day, `bu${pad(d, 2)}`]);
          await c.query(s.ratings, [d, day, `bt${pad(d, 2)}`, `br${pad(d, 2)}`]);
          if (++done % 23 === 0) console.log(`  day ${done}/${DAYS}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
        }
      } finally {
        await c.end();
      }
    }),
  );
  const insertSeconds = r1((performance.now() - t0) / 1000);
  // The counter changes the triggers appended, folded as the server's job folds them (bigger batches).
  const f0 = performance.now();
  let folded = 0;
  for (let n; (n = await repo.foldDayDeltas(db, "postgres", 500_000)) > 0; ) folded += n;
  const fold = { changes: folded, seconds: r1((performance.now() - f0) / 1000) };
  console.log(`PostgreSQL: folded ${folded} counter changes in ${fold.seconds} s`);
  // What autovacuum would have done by the quarter's end: statistics and the visibility map.
  const c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  const v0 = performance.now();
  await c.query("SET maintenance_work_mem = '512MB'");
  for (const t of ["service_transactions", "evaluations", "clerk_day_stats", "clerk_day_deltas"]) await c.query(`VACUUM (ANALYZE) ${t}`);
  const vacuumSeconds = r1((performance.now() - v0) / 1000);
  const seconds = r1((performance.now() - t0) / 1000);
  const after = await counts(db);
  await db.destroy();
  const size = (await c.query("SELECT pg_database_size(current_database()) AS b")).rows[0].b;
  const generation = {
    generator: PG_GENERATOR,
    marker: want,
    method: `INSERT … SELECT FROM generate_series, one per table and day, ${PG_JOBS} connections (the triggers append counter changes); the changes folded into the day counters; then VACUUM (ANALYZE)`,
    seconds,
    insertSeconds,
    fold,
    vacuumSeconds,
    before,
    after,
    plan: p.totals,
    databaseMB: Math.round(Number(size) / 1e6),
  };
  verifyGeneration("PostgreSQL", generation);
  await recordGeneration(c, generation);
  await c.end();
  return { url: url.toString(), generation: { ...generation, cached: false } };
}

/** The rows and the triggers' counters must add up to the plan. */
function verifyGeneration(label, g) {
  const want = {
    evaluations: g.before.evaluations + g.plan.ratings,
    service_transactions: g.before.service_transactions + g.plan.completed,
    completed: g.before.quarterCounters.completed + g.plan.completed,
    rated: g.before.quarterCounters.rated + g.plan.ratings,
    good: g.before.quarterCounters.good + g.plan.good,
    bad: g.before.quarterCounters.bad + g.plan.bad,
  };
  const got = { evaluations: g.after.evaluations, service_transactions: g.after.service_transactions, ...g.after.quarterCounters };
  for (const k of Object.keys(want)) if (want[k] !== got[k]) throw new Error(`${label}: generated ${k} ${got[k]}, planned ${want[k]}`);
  console.log(
    `${label}: generated in ${g.seconds} s — evaluations ${g.after.evaluations}, service_transactions ${g.after.service_transactions}, clerk_day_stats ${g.after.clerk_day_stats} (counters: ${JSON.stringify(g.after.quarterCounters)})`,
  );
}

// ---- measuring ----



/** Milliseconds of `f` (and its value). */
async function timed(f) {
  const t0 = performance.now();
  const value = await f();
  return { ms: r1(performance.now() - t0), value };
}

/**
 * What real quarters also hold, at scale: one bad review in ten set aside on appeal (the triggers
 * take the rating and its transaction out of the counters), and a closed follow-up ticket for every
 * other bad review, one in ten verified a day late. Once per database (found by the set-aside rows).
 */
async function extras(label, db, kind) {
  const set = await db.selectFrom("evaluations").select("id").where("status", "=", "set_aside").where("created_date", ">=", FROM).where("created_date", "<=", TO).limit(1).executeTakeFirst();
  if (set) return { cached: true };
  const t0 = performance.now();
  const last = kind === "postgres" ? sql`right(id, 1)` : sql`substr(id, -1)`;
  const plus = (col, days) => (kind === "postgres" ? sql`to_char(${sql.ref(col)}::date + ${sql.lit(days)}, 'YYYY-MM-DD')` : sql`date(${sql.ref(col)}, ${`+${days} day`})`);
  const aside = await sql`UPDATE evaluations SET status = 'set_aside'
    WHERE level <= 2 AND transaction_id IS NOT NULL AND created_date >= ${FROM} AND created_date <= ${TO} AND ${last} = '7'`.execute(db);
  let folded = 0;
  for (let n; (n = await repo.foldDayDeltas(db, kind, 500_000)) > 0; ) folded += n;
  const tickets = await sql`INSERT INTO rectification_tickets (id, number, evaluation_id, department_id, clerk_id, window_id, status, opened_date, verify_due, fix_due,
      verified_at, verified_by, contact_result, fixed_at, fixed_by, fix_level, fix_rated_at, closed_at, created_at, updated_at)
    SELECT 'bt-' || e.id, 'BT-' || e.id, e.id, e.department_id, e.clerk_id, e.window_id, 'closed', e.created_date, e.created_date, ${plus("e.created_date", 7)},
      CASE WHEN ${last} = '3' THEN ${plus("e.created_date", 1)} || 'T02:00:00.000Z' ELSE e.created_date || 'T06:00:00.000Z' END, e.clerk_id, 'contacted',
      ${plus("e.created_date", 3)} || 'T06:00:00.000Z', e.clerk_id, 5, ${plus("e.created_date", 4)} || 'T06:00:00.000Z', ${plus("e.created_date", 4)} || 'T06:00:00.000Z',
      e.created_at, e.created_at
    FROM evaluations e
    WHERE e.level <= 2 AND e.status = 'valid' AND e.transaction_id IS NOT NULL AND e.created_date >= ${FROM} AND e.created_date <= ${TO}
      AND NOT EXISTS (SELECT 1 FROM rectification_tickets k WHERE k.evaluation_id = e.id)`.execute(db);
  const out = { setAside: Number(aside.numAffectedRows ?? 0), countersFolded: folded, tickets: Number(tickets.numAffectedRows ?? 0), seconds: r1((performance.now() - t0) / 1000) };
  console.log(`${label}: ${out.setAside} bad reviews set aside, ${out.tickets} follow-up tickets added in ${out.seconds} s`);
  return out;
}

async function measure(label, env, generation) {
  const out = { generation };
  await withServer(env, async (base, db) => {
    out.extras = await extras(label, db, env.DATABASE_URL ? "postgres" : "sqlite");
    const sup = await login(base, "supervisor");
    const supervisor = await db.selectFrom("users").select(["id", "display_name"]).where("username", "=", "supervisor").executeTakeFirstOrThrow();
    const ctx = {
      actor: { userId: supervisor.id, username: "supervisor", displayName: supervisor.display_name, roles: ["supervisor"], departmentId: null, sessionId: "bench", csrfToken: "bench", locale: "zh-CN" },
      ip: "127.0.0.1",
      userAgent: "bench/assessment",
    };
    const deps = { db, config: loadConfig(env) };

    // 1. closing, --runs times
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      await repo.deleteQuarter(db, QUARTER);
      // Meanwhile GET /healthz every 20 ms: its slowest answer is how long the server stood still (issue 18: ≤ 200 ms).
      const probe = probeHealthz(base, 20);
      const t0 = performance.now();
      const res = await fetch(`${base}/api/assessment/quarters/${QUARTER}/close`, { method: "POST", headers: sup });
      const body = await res.json();
      const clientMs = r1(performance.now() - t0);
      const healthzMaxMs = r1(Math.max(...(await probe.stop())));
      if (res.status !== 201) throw new Error(`${label}: close ${res.status} ${JSON.stringify(body)}`);
      runs.push({ clientMs, serverMs: body.milliseconds, healthzMaxMs, clerks: body.clerks, windows: body.windows, stars: body.stars });
      console.log(`${label}: close ${i + 1}/${RUNS}: ${clientMs} ms at the client, ${body.milliseconds} ms in the server (${body.clerks} clerks, ${body.windows} windows, ${body.stars} stars); meanwhile GET /healthz ≤ ${healthzMaxMs} ms`);
    }
    const eligible = await db
      .selectFrom("assessment_standings")
      .select(["eligible", (eb) => eb.fn.countAll().as("n")])
      .where("quarter", "=", QUARTER)
      .where("kind", "=", "clerk")
      .groupBy("eligible")
      .execute();
    const clientMs = runs.map((r) => r.clientMs);
    out.close = {
      medianMs: r1(median(clientMs)),
      maxMs: Math.max(...clientMs),
      serverMedianMs: median(runs.map((r) => r.serverMs)),
      serverMaxMs: Math.max(...runs.map((r) => r.serverMs)),
      underTarget: Math.max(...clientMs) < 2000,
      healthzMaxMs: Math.max(...runs.map((r) => r.healthzMaxMs)),
      clerks: runs[0].clerks,
      clerksEligible: Number(eligible.find((e) => Number(e.eligible) === 1)?.n ?? 0),
      clerksIneligible: Number(eligible.find((e) => Number(e.eligible) === 0)?.n ?? 0),
      windows: runs[0].windows,
      stars: runs[0].stars,
      runs,
    };

    // 2. the check over HTTP (recomputed from the counters) and from the raw records
    const checkProbe = probeHealthz(base, 20);
    const http = await timed(async () => {
      const res = await fetch(`${base}/api/assessment/quarters/${QUARTER}/check`, { headers: sup });
      if (res.status !== 200) throw new Error(`${label}: check ${res.status} ${await res.text()}`);
      return res.json();
    });
    const checkHealthzMaxMs = r1(Math.max(...(await checkProbe.stop())));
    out.checkFromCounters = { via: "GET /api/assessment/quarters/2026-Q3/check", ms: http.ms, healthzMaxMs: checkHealthzMaxMs, identical: http.value.identical, compared: http.value.compared, differenceCount: http.value.differenceCount };
    console.log(`${label}: check from the counters: ${http.ms} ms, identical ${http.value.identical} (${http.value.compared} standings); meanwhile GET /healthz ≤ ${checkHealthzMaxMs} ms`);
    const raw = await timed(() => svc.checkQuarter(deps, ctx, QUARTER, { fromRecords: true }));
    out.checkFromRecords = {
      via: "checkQuarter(…, { fromRecords: true }) in the benchmark's process",
      ms: raw.ms,
      identical: raw.value.identical,
      compared: raw.value.compared,
      differenceCount: raw.value.differenceCount,
      differences: raw.value.differences.slice(0, 5),
    };
    console.log(`${label}: check from the raw records: ${raw.ms} ms, identical ${raw.value.identical} (${raw.value.differenceCount} differences)`);
    if (!http.value.identical || !raw.value.identical) throw new Error(`${label}: the frozen result differs from a recompute (counters: ${http.value.differenceCount}, records: ${raw.value.differenceCount})`);

    // 3. where the time goes: each of the close's inputs alone (median of 3), counters vs records
    const q = parseQuarter(QUARTER);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const parts = {
      clerksOf: () => repo.clerksOf(db, FROM, TO),
      windowsOf: () => repo.windowsOf(db, FROM, TO),
      countersFromDayStats: () => repo.countersFromDayStats(db, FROM, TO),
      caseOutcomes: () => repo.caseOutcomes(db, FROM, TO),
      followUps: () => repo.followUps(db, FROM, TO, today),
      "quarterInputs (all of the above, as the close runs them)": () => svc.quarterInputs(db, q, today),
      starStreaks: () => repo.starStreaks(db, "2026-Q2"),
    };
    const breakdown = {};
    for (const [k, f] of Object.entries(parts)) {
      const ms = [];
      for (let i = 0; i < 3; i++) ms.push((await timed(f)).ms);
      breakdown[k] = median(ms);
    }
    const inputs = await svc.quarterInputs(db, q, today);
    breakdown.rankInputs = (await timed(async () => svc.rankInputs(inputs, DEFAULT_STAR_SCHEME))).ms;
    const counters = await timed(() => repo.countersFromRecords(db, FROM, TO));
    breakdown["countersFromRecords (the raw scan the counters save)"] = counters.ms;
    out.breakdownMs = breakdown;
    const sum = (rows, k) => rows.reduce((s, r) => s + r[k], 0);
    const fromDayStats = await repo.countersFromDayStats(db, FROM, TO);
    out.countersAgree = ["completed", "rated", "good", "bad"].every((k) => sum(fromDayStats, k) === sum(counters.value, k)) && fromDayStats.length === counters.value.length;
    console.log(`${label}: breakdown ${JSON.stringify(breakdown)}`);
  });
  return out;
}

// ---- run ----

if (ONLY !== "postgres") {
  const { dir, generation } = await prepareSqlite();
  results.SQLite = await measure("SQLite", { DATA_DIR: dir, DATABASE_URL: "" }, generation);
}
const pgBase = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
if (ONLY !== "sqlite") {
  if (pgBase) {
    const { url, generation } = await preparePostgres(pgBase);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yc-bench-assess-"));
    try {
      results.PostgreSQL = await measure("PostgreSQL", { DATA_DIR: dataDir, DATABASE_URL: url }, generation);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  } else {
    results.PostgreSQL = "not run: set TEST_DATABASE_URL or BENCH_DATABASE_URL";
  }
}

console.log(`\nClosing ${QUARTER} over ${RATINGS.toLocaleString("en")} ratings (${CLERKS} clerks, ${WINDOWS} windows); target < 2000 ms`);
for (const engine of ["SQLite", "PostgreSQL"]) {
  const r = results[engine];
  if (!r) continue;
  if (typeof r === "string") {
    console.log(`  ${engine}: ${r}`);
    continue;
  }
  const g = r.generation;
  console.log(`  ${engine}`);
  console.log(`    generation      ${g.cached ? "cached; was " : ""}${g.seconds} s — ${g.after.evaluations} evaluations, ${g.after.service_transactions} transactions, ${g.after.clerk_day_stats} clerk_day_stats rows`);
  console.log(`    close           median ${r.close.medianMs} ms, max ${r.close.maxMs} ms (server: median ${r.close.serverMedianMs} ms, max ${r.close.serverMaxMs} ms) ${r.close.underTarget ? "✓" : "✗ over target"}; the server stood still ≤ ${r.close.healthzMaxMs} ms (GET /healthz) ${r.close.healthzMaxMs <= 200 ? "✓" : "✗ over 200 ms"}`);
  console.log(`                    ${r.close.clerks} clerks (${r.close.clerksEligible} eligible), ${r.close.windows} windows, ${r.close.stars} stars`);
  console.log(`    check counters  ${r.checkFromCounters.ms} ms, identical: ${r.checkFromCounters.identical}`);
  console.log(`    check raw       ${r.checkFromRecords.ms} ms, identical: ${r.checkFromRecords.identical} (counters alone ${r.breakdownMs.countersFromDayStats} ms vs raw ${r.breakdownMs["countersFromRecords (the raw scan the counters save)"]} ms)`);
}
fs.mkdirSync(path.join(root, "bench", "results"), { recursive: true });
fs.writeFileSync(path.join(root, "bench", "results", "assessment.json"), JSON.stringify(results, null, 2) + "\n");
