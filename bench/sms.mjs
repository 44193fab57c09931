// SMS broadcast's benchmarks (issue 8):
//  1. a broadcast to ~200,000 of 1,000,000 subscribers, on SQLite and, when TEST_DATABASE_URL or
//     BENCH_DATABASE_URL is set, PostgreSQL (target: targeting and writing the outbox < 10 s on each).
//     Generation: the server's own migrations and demo (a server started once on an empty
//     database), then --subscribers (default 1,000,000) subscribers made by set-based SQL
//     (a recursive CTE on SQLite, generate_series on PostgreSQL; 100,000 per statement) from a
//     seeded integer hash of the sequence number, the same arithmetic on both engines, so both
//     hold the same people: a unique mobile (18 prefixes, a permutation of the sequence number,
//     never the demo's 1395731xxxx), a Chinese name, one of Jiaxing's 1,202 villages and
//     communities (every 3304… code of core's zhejiang-places.json, uniform), role 60 % farmer /
//     25 % buyer / 15 % coop, 1–3 product tags (45 / 35 / 20 %) drawn from 40 products with Zipf
//     weights (水稻 in ~23 % of draws, 土鸡 in ~0.6 %), the tags JSON and its sms_subscriber_tags
//     rows (from the JSON: json_each / jsonb_array_elements_text), and ~1 % of the numbers opted
//     out (sms_opt_outs). No consent rows (targeting does not read them).
//     Cached: SQLite in bench/.cache/sms-g<version>-n<subscribers>/ (not ANALYZEd: the server never
//     runs ANALYZE), PostgreSQL in the database yc_bench_sms (VACUUM (ANALYZE) after the load, as
//     autovacuum would), named by its bench_meta row.
//     Then, through the server (HTTP, cookie and CSRF token), with the sending hours set to exclude
//     the run (so the server's outbox worker sends nothing meanwhile):
//       - POST /api/sms/broadcasts/preview as operator (audience count and 5 sample rows), --runs times
//       - POST /api/sms/broadcasts as operator (the draft; counts the audience again)
//       - POST /api/sms/broadcasts/:id/approve as supervisor (the outbox written in its transaction:
//         writeOutbox's INSERT … SELECT), each approval on a fresh broadcast, the previous
//         broadcast's outbox rows deleted between runs (and VACUUM sms_outbox on PostgreSQL),
//         --runs times → median and max; the outbox rows counted after each (= the audience,
//         none opted out).
//     Meanwhile GET /healthz (no database) every 20 ms: its slowest answer shows how long the
//     server's event loop stalled (better-sqlite3 runs statements synchronously).
//     And in this process on the same database: countAudience, sampleAudience, writeOutbox alone
//     (in a transaction rolled back), progressOf (the approval's answer), and the plans
//     (EXPLAIN QUERY PLAN; EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL, the INSERT rolled back).
//  2. SMPP sending: SmppGateway (window 10, ratePerSecond 100000 so the rate limit should not be what
//     is measured) against a test SMSC from the `smpp` package (answers bind_transceiver and
//     submit_sm at once with a message id) in a child process, beside a bare loop of the `smpp`
//     client alone (connect, bind_transceiver, submit_sm with at most 10 outstanding) in the same
//     run, the same count of the same message (target: the gateway ≥ 80 % of the bare loop).
//     The gateway is driven as the outbox worker drives it (10 lanes each awaiting send). Short
//     ASCII and short Chinese (UCS-2) messages, --rounds rounds alternating the order → medians.
//     Diagnostics: the client's CPU share, the gateway's timers shorter than 1 ms (its rate
//     limiter's waits), the gateway with ratePerSecond Infinity (no rate limiter) and at 2,000/s
//     (the limiter still limits), and one round with the SMSC in this process.
// Options: --subscribers=N (default 1000000), --runs=R approvals (default 3), --only=sqlite|postgres|smpp,
// --messages=N per SMPP loop (default 100000), --duration=S (SMPP loops run S seconds instead of a
// count), --rounds=R SMPP rounds (default 5), --pg-jobs=J (default 2), --regenerate.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import smpp from "smpp";

const arg = (name, dflt) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? dflt);
const opt = (name, dflt) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? dflt;
const thisFile = fileURLToPath(import.meta.url);

// ---- the test SMSC (also run alone: `node bench/sms.mjs --smsc-child` prints "SMSC <port>") ----

function startSmsc() {
  const server = smpp.createServer((session) => {
    session.socket.setNoDelay(true);
    let ids = 0;
    session.on("error", () => {}); // the client dropping the connection
    session.on("bind_transceiver", (pdu) => session.send(pdu.response({ system_id: "BENCHSMSC" })));
    session.on("submit_sm", (pdu) => session.send(pdu.response({ message_id: (++ids).toString(16) })));
    session.on("enquire_link", (pdu) => session.send(pdu.response()));
    session.on("unbind", (pdu) => {
      session.send(pdu.response());
      session.close();
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

if (process.argv.includes("--smsc-child")) {
  const server = await startSmsc();
  console.log(`SMSC ${server.address().port}`);
  process.on("SIGTERM", () => process.exit(0));
} else {
  await main();
}

async function main() {
  const { CompiledQuery, sql } = await import("kysely");
  const { default: SQLite } = await import("better-sqlite3");
  const { default: pg } = await import("pg");
  const { freePort, root, sleep, startProcess, waitReady } = await import("./lib/procs.mjs");
  const { login: signIn, probeHealthz, withServer } = await import("./lib/server.mjs");
  const { cachedDatabase, recordGeneration } = await import("./lib/pgcache.mjs");

  const SUBSCRIBERS = arg("subscribers", 1_000_000);
  const RUNS = arg("runs", 3);
  const ONLY = opt("only", undefined); // sqlite | postgres | smpp
  const MESSAGES = arg("messages", 100_000);
  const DURATION = arg("duration", 0); // seconds; 0: MESSAGES per loop
  const ROUNDS = arg("rounds", 5);
  const PG_JOBS = arg("pg-jobs", 2);
  const REGENERATE = process.argv.includes("--regenerate");
  /** Bump when the generated data change: caches of another version are regenerated. */
  const GENERATOR = 1;
  const CHUNK = 100_000;
  const TARGET_MS = 10_000;
  const WINDOW = 10;
  const HIGH_RATE = 100_000;

  const dist = (p) => path.join(root, "server", "dist", p);
  const { loadConfig } = await import(dist("config.js"));
  const { openDatabase } = await import(dist("db/database.js"));
  const repo = await import(dist("sms/broadcasts.repository.js"));
  const { SmppGateway } = await import(dist("sms/smpp-gateway.js"));
  const { composeSms, segmentSms, nextSendingTime } = await import(path.join(root, "packages", "core", "dist", "index.js"));

  const cacheRoot = path.join(root, "bench", ".cache");
  const results = {
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, node ${process.version}`,
    date: new Date().toISOString(),
    // The machine is shared: the load when the run started.
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
    subscribers: SUBSCRIBERS,
    targets: { broadcast: `preview, draft and approval (outbox written) of a ~200,000-recipient broadcast < ${TARGET_MS / 1000} s on each engine`, smpp: "gateway ≥ 80 % of the bare smpp loop's messages/s" },
  };
  const r1 = (x) => Math.round(x * 10) / 10;
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const pad = (x, n) => String(x).padStart(n, "0");

  // ---- the subscribers: vocabularies and the generating SQL ----

  // Jiaxing's villages and communities: every 3304… code of core's place data.
  const DIVISIONS = JSON.parse(fs.readFileSync(path.join(root, "packages", "core", "data", "divisions", "zhejiang-places.json"), "utf8"));
  const VILLAGES = DIVISIONS.villages.filter(([c]) => c.startsWith("3304")).map(([c]) => c);
  // 40 products, most frequent first (Zipf weights 1/rank): 10,000 buckets, each a product.
  const PRODUCTS = [
    "水稻", "小麦", "葡萄", "生猪", "南美白对虾", "草莓", "湖羊", "油菜", "西瓜", "番茄", "加州鲈", "甲鱼", "黄瓜", "桃", "梨", "青虾", "河蟹", "大豆", "玉米", "蛋鸡",
    "芦笋", "茭白", "杭白菊", "蘑菇", "甜瓜", "青菜", "莲藕", "毛豆", "黄颡鱼", "鸭", "柑橘", "茶叶", "蚕桑", "花卉苗木", "生姜", "山药", "芋艿", "菱角", "香菇", "土鸡",
  ];
  const BUCKETS = 10_000;
  const bucketTags = (() => {
    const cum = [];
    let total = 0;
    for (let i = 0; i < PRODUCTS.length; i++) cum.push((total += 1 / (i + 1)));
    return Array.from({ length: BUCKETS }, (_, b) => PRODUCTS[cum.findIndex((c) => c >= ((b + 0.5) / BUCKETS) * total)]);
  })();
  const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡沈钱顾陆姚金曹蒋朱戴褚屠俞";
  const GIVEN = "建国平华明芳英林军红伟丽强敏杰秀兰海燕春梅小龙金根阿大国庆雪芳永林秀珍卫东桂英志刚伟明红霞";
  const GIVEN_PAIRS = GIVEN.length / 2;
  // Mobile prefixes (never 139: the demo's 1395731xxxx).
  const PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "150", "151", "152", "158", "159", "182", "187", "188", "177", "199"];
  const ID_PREFIX = "c5000000-0000-4000-8000-";
  const CREATED_AT = "2026-06-01T02:00:00.000Z";
  const OPTED_OUT_AT = "2026-10-15T03:00:00.000Z";

  /**
   * The generating statements for one engine, each over the sequence numbers [lo, hi): the same
   * integer arithmetic on both (64-bit, no overflow: every product stays under 2^63), so both
   * engines hold the same subscribers. hash(f): field f's 32-bit hash of the sequence number.
   */
  function generationSql(engine) {
    const PG = engine === "postgres";
    const M = 4294967296;
    const K = [2654435761, 2246822519, 3266489917, 668265263, 374761393, 1597334677, 3812015801, 2869860233, 1103515245, 3735928559];
    const S = [17, 1234567, 7654321, 99991, 31337, 2718281, 3141592, 1618033, 4242424, 8675309];
    const hash = (f) => {
      const a = `((x.i * ${K[f]} + ${S[f]}) % ${M})`;
      const b = `(((${a} + (${a} >> 13)) * 1274126177) % ${M})`;
      return `((${b} + (${b} >> 16)) % ${M})`;
    };
    const pick = (f, n) => `(${hash(f)} * ${n} / ${M})`;
    const p = PG ? { lo: "$1::bigint", hi: "$2::bigint", by: "$3::text" } : { lo: "CAST(@lo AS INTEGER)", hi: "CAST(@hi AS INTEGER)", by: "@by" };
    const lpad = (e, n) => (PG ? `lpad(CAST(${e} AS TEXT), ${n}, '0')` : `printf('%0${n}d', ${e})`);
    const seq = PG ? `generate_series(${p.lo}, ${p.hi} - 1) AS x(i)` : "seq x";
    const cte = PG ? "" : `WITH RECURSIVE seq(i) AS (SELECT ${p.lo} UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < ${p.hi}) `;
    const phone = `substr('${PREFIXES.join("")}', CAST(1 + 3 * (x.i % ${PREFIXES.length}) AS INTEGER), 3) || ${lpad(`(x.i * 387420489) % 100000000`, 8)}`;
    const q = (s) => `'"' || ${s} || '"'`;
    const subscribers = `${cte}INSERT INTO sms_subscribers (id, phone, name, village_code, role, tags, created_by, created_at, updated_at)
      SELECT '${ID_PREFIX}' || ${lpad("y.i", 12)}, y.phone,
        substr('${SURNAMES}', CAST(1 + y.sur AS INTEGER), 1) || substr('${GIVEN}', CAST(1 + 2 * y.giv AS INTEGER), 2),
        v.code,
        CASE WHEN y.ru < 60 THEN 'farmer' WHEN y.ru < 85 THEN 'buyer' ELSE 'coop' END,
        '[' || ${q("t1.tag")}
          || CASE WHEN y.nu >= 45 AND t2.tag <> t1.tag THEN ',' || ${q("t2.tag")} ELSE '' END
          || CASE WHEN y.nu >= 80 AND t3.tag <> t1.tag AND t3.tag <> t2.tag THEN ',' || ${q("t3.tag")} ELSE '' END || ']',
        ${p.by}, '${CREATED_AT}', '${CREATED_AT}'
      FROM (SELECT x.i, ${phone} AS phone, ${pick(0, VILLAGES.length)} AS vk, ${pick(1, 100)} AS ru, ${pick(2, 100)} AS nu,
              ${pick(3, BUCKETS)} AS k1, ${pick(4, BUCKETS)} AS k2, ${pick(5, BUCKETS)} AS k3,
              ${pick(6, [...SURNAMES].length)} AS sur, ${pick(7, GIVEN_PAIRS)} AS giv
            FROM ${seq}) y
      CROSS JOIN bench_villages v CROSS JOIN bench_tags t1 CROSS JOIN bench_tags t2 CROSS JOIN bench_tags t3
      WHERE v.k = y.vk AND t1.b = y.k1 AND t2.b = y.k2 AND t3.b = y.k3`;
    const range = PG ? "s.id >= $1 AND s.id < $2" : "s.id >= @from AND s.id < @to";
    const tags = PG
      ? `INSERT INTO sms_subscriber_tags (tag, subscriber_id) SELECT t.tag, s.id FROM sms_subscribers s CROSS JOIN LATERAL jsonb_array_elements_text(s.tags::jsonb) AS t(tag) WHERE ${range}`
      : `INSERT INTO sms_subscriber_tags (tag, subscriber_id) SELECT j.value, s.id FROM sms_subscribers s, json_each(s.tags) j WHERE ${range}`;
    // ~1 % opted out (one in a hundred by hash), by reply.
    const optOuts = `${cte}INSERT INTO sms_opt_outs (phone, at, source, detail) SELECT ${phone}, '${OPTED_OUT_AT}', 'reply', 'R' FROM ${seq} WHERE ${pick(8, 10000)} < 100`;
    return { subscribers, tags, optOuts };
  }
  const idOf = (i) => `${ID_PREFIX}${pad(i, 12)}`;
  const chunks = () => Array.from({ length: Math.ceil(SUBSCRIBERS / CHUNK) }, (_, k) => [k * CHUNK, Math.min(SUBSCRIBERS, (k + 1) * CHUNK)]);

  /** What was generated, counted (the demo's 60 subscribers included). */
  async function census(q) {
    const one = async (text) => Number((await q(text))[0].n);
    const roles = await q("SELECT role, count(*) AS n FROM sms_subscribers GROUP BY role ORDER BY role");
    const topTags = await q("SELECT tag, count(*) AS n FROM sms_subscriber_tags GROUP BY tag ORDER BY count(*) DESC, tag LIMIT 8");
    const counties = await q("SELECT substr(village_code, 1, 6) AS county, count(*) AS n FROM sms_subscribers GROUP BY substr(village_code, 1, 6) ORDER BY county");
    const subscribers = await one("SELECT count(*) AS n FROM sms_subscribers");
    const tagRows = await one("SELECT count(*) AS n FROM sms_subscriber_tags");
    return {
      subscribers,
      tagRows,
      tagsPerSubscriber: Math.round((tagRows / subscribers) * 100) / 100,
      optOuts: await one("SELECT count(*) AS n FROM sms_opt_outs"),
      subscribersOptedOut: await one("SELECT count(*) AS n FROM sms_subscribers s WHERE EXISTS (SELECT 1 FROM sms_opt_outs o WHERE o.phone = s.phone)"),
      villages: await one("SELECT count(DISTINCT village_code) AS n FROM sms_subscribers"),
      roles: Object.fromEntries(roles.map((r) => [r.role, Number(r.n)])),
      counties: Object.fromEntries(counties.map((r) => [r.county, Number(r.n)])),
      topTags: Object.fromEntries(topTags.map((r) => [r.tag, Number(r.n)])),
    };
  }

  /** Starts the server once on an empty database: migrations and the demo (operator, supervisor, 60 subscribers). */
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
    const name = `sms-g${GENERATOR}-n${SUBSCRIBERS}`;
    const dir = path.join(cacheRoot, name);
    const marker = path.join(dir, "generated.json");
    if (fs.existsSync(cacheRoot)) {
      for (const f of fs.readdirSync(cacheRoot)) {
        if (/^sms-g\d+-n\d+(\.tmp)?$/.test(f) && !f.startsWith(`sms-g${GENERATOR}-`)) fs.rmSync(path.join(cacheRoot, f), { recursive: true, force: true });
      }
    }
    if (!REGENERATE && fs.existsSync(marker)) {
      const gen = JSON.parse(fs.readFileSync(marker, "utf8"));
      console.log(`SQLite: cached ${path.relative(root, dir)} (generated in ${gen.seconds} s)`);
      return { dir, generation: { ...gen, cached: true } };
    }
    fs.rmSync(dir, { recursive: true, force: true });
    const tmp = `${dir}.tmp`;
    fs.rmSync(tmp, { recursive: true, force: true });
    await seedOnce({ DATA_DIR: tmp, DATABASE_URL: "" });
    console.log(`SQLite: generating ${SUBSCRIBERS} subscribers …`);
    const file = new SQLite(path.join(tmp, "yichuang.sqlite"));
    // Built in a .tmp folder renamed when complete, so a crash here leaves no half cache behind.
    file.pragma("journal_mode = OFF");
    file.pragma("synchronous = OFF");
    file.pragma("cache_size = -2000000");
    file.pragma("temp_store = MEMORY");
    const by = file.prepare("SELECT id FROM users WHERE username = 'operator'").get().id;
    const t0 = performance.now();
    file.exec("CREATE TEMP TABLE bench_villages (k INTEGER PRIMARY KEY, code TEXT NOT NULL); CREATE TEMP TABLE bench_tags (b INTEGER PRIMARY KEY, tag TEXT NOT NULL)");
    file.transaction(() => {
      const v = file.prepare("INSERT INTO bench_villages VALUES (?, ?)");
      VILLAGES.forEach((c, k) => v.run(k, c));
      const t = file.prepare("INSERT INTO bench_tags VALUES (?, ?)");
      bucketTags.forEach((tag, b) => t.run(b, tag));
    })();
    const s = generationSql("sqlite");
    const stmts = { subscribers: file.prepare(s.subscribers), tags: file.prepare(s.tags), optOuts: file.prepare(s.optOuts) };
    const seconds = { subscribers: 0, tags: 0, optOuts: 0 };
    for (const [lo, hi] of chunks()) {
      file.transaction(() => {
        let t = performance.now();
        stmts.subscribers.run({ lo, hi, by });
        seconds.subscribers += performance.now() - t;
        t = performance.now();
        stmts.tags.run({ from: idOf(lo), to: idOf(hi) });
        seconds.tags += performance.now() - t;
        t = performance.now();
        stmts.optOuts.run({ lo, hi });
        seconds.optOuts += performance.now() - t;
      })();
      console.log(`  ${hi}/${SUBSCRIBERS}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    const total = r1((performance.now() - t0) / 1000);
    file.pragma("journal_mode = WAL");
    const counted = await census(async (text) => file.prepare(text).all());
    file.close();
    const generation = {
      generator: GENERATOR,
      method: `INSERT … SELECT from a recursive CTE, ${CHUNK} subscribers per statement (then their tags from the JSON by json_each, and the opted-out numbers), one transaction per chunk; journal off while generating; no ANALYZE`,
      seconds: total,
      secondsByStatement: Object.fromEntries(Object.entries(seconds).map(([k, v]) => [k, r1(v / 1000)])),
      census: counted,
      fileMB: Math.round(fs.statSync(path.join(tmp, "yichuang.sqlite")).size / 1e6),
    };
    console.log(`SQLite: generated in ${total} s: ${JSON.stringify(counted)}`);
    fs.writeFileSync(path.join(tmp, "generated.json"), JSON.stringify(generation, null, 2) + "\n");
    fs.renameSync(tmp, dir);
    return { dir, generation: { ...generation, cached: false } };
  }

  /** PostgreSQL: the dedicated database, generated first when its marker is not this generator's. */
  async function preparePostgres(pgBase) {
    const name = SUBSCRIBERS === 1_000_000 ? "yc_bench_sms" : `yc_bench_sms_n${SUBSCRIBERS}`;
    const want = `generator ${GENERATOR}, subscribers ${SUBSCRIBERS}`;
    const cache = await cachedDatabase(pgBase, name, want, REGENERATE);
    const url = new URL(cache.url);
    if (cache.generation) {
      console.log(`PostgreSQL: cached database ${name} (generated in ${cache.generation.seconds} s)`);
      return { url: url.toString(), generation: { ...cache.generation, cached: true } };
    }
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yc-bench-sms-"));
    try {
      await seedOnce({ DATA_DIR: dataDir, DATABASE_URL: url.toString() });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    console.log(`PostgreSQL: generating ${SUBSCRIBERS} subscribers (${PG_JOBS} connections) …`);
    const s = generationSql("postgres");
    const todo = chunks();
    const seconds = { subscribers: 0, tags: 0, optOuts: 0 };
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: PG_JOBS }, async () => {
        const c = new pg.Client({ connectionString: url.toString() });
        await c.connect();
        try {
          await c.query("SET synchronous_commit = off");
          const by = (await c.query("SELECT id FROM users WHERE username = 'operator'")).rows[0].id;
          await c.query("CREATE TEMP TABLE bench_villages (k int PRIMARY KEY, code text NOT NULL)");
          await c.query("CREATE TEMP TABLE bench_tags (b int PRIMARY KEY, tag text NOT NULL)");
          await c.query("INSERT INTO bench_villages SELECT * FROM unnest($1::int[], $2::text[])", [VILLAGES.map((_, k) => k), VILLAGES]);
          await c.query("INSERT INTO bench_tags SELECT * FROM unnest($1::int[], $2::text[])", [bucketTags.map((_, b) => b), bucketTags]);
          await c.query("ANALYZE bench_villages; ANALYZE bench_tags");
          for (let next; (next = todo.shift()); ) {
            const [lo, hi] = next;
            await c.query("BEGIN");
            let t = performance.now();
            await c.query(s.subscribers, [lo, hi, by]);
            seconds.subscribers += performance.now() - t;
            t = performance.now();
            await c.query(s.tags, [idOf(lo), idOf(hi)]);
            seconds.tags += performance.now() - t;
            t = performance.now();
            await c.query(s.optOuts, [lo, hi]);
            seconds.optOuts += performance.now() - t;
            await c.query("COMMIT");
            console.log(`  ${lo}–${hi}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
          }
        } finally {
          await c.end();
        }
      }),
    );
    const insertSeconds = r1((performance.now() - t0) / 1000);
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    const v0 = performance.now();
    await c.query("SET maintenance_work_mem = '512MB'");
    for (const t of ["sms_subscribers", "sms_subscriber_tags", "sms_opt_outs"]) await c.query(`VACUUM (ANALYZE) ${t}`);
    const vacuumSeconds = r1((performance.now() - v0) / 1000);
    const total = r1((performance.now() - t0) / 1000);
    const counted = await census(async (text) => (await c.query(text)).rows);
    const size = (await c.query("SELECT pg_database_size(current_database()) AS b")).rows[0].b;
    const generation = {
      generator: GENERATOR,
      marker: want,
      method: `INSERT … SELECT FROM generate_series, ${CHUNK} subscribers per statement (then their tags from the JSON by jsonb_array_elements_text, and the opted-out numbers), one transaction per chunk, ${PG_JOBS} connections; then VACUUM (ANALYZE)`,
      seconds: total,
      insertSeconds,
      // Summed over the connections (they run side by side).
      secondsByStatement: Object.fromEntries(Object.entries(seconds).map(([k, v]) => [k, r1(v / 1000)])),
      vacuumSeconds,
      census: counted,
      databaseMB: Math.round(Number(size) / 1e6),
    };
    console.log(`PostgreSQL: generated in ${total} s (VACUUM (ANALYZE) ${vacuumSeconds} s): ${JSON.stringify(counted)}`);
    await recordGeneration(c, generation);
    await c.end();
    return { url: url.toString(), generation: { ...generation, cached: false } };
  }

  // ---- 1. the broadcast: preview, draft, approval (outbox) ----

  // Rice and wheat (the commonest products), 海宁市, 桐乡市 and 海盐县, farmers and co-operatives.
  const TARGET = { tags: ["水稻", "小麦", "油菜"], regions: ["330481", "330483", "330424"], roles: ["farmer", "coop"] };
  const BODY = "求购水稻500吨、小麦200吨、油菜籽50吨，价格面议，地点嘉兴市南湖区新丰镇粮食收购点，联系电话13957310001，有效期至12月20日";

  /**
   * Sending hours that exclude the whole run (an hour three hours from now in Shanghai), so the
   * server's outbox worker claims nothing while the approvals are timed.
   */
  function quietHours() {
    const h = (new Date(Date.now() + 8 * 3600_000).getUTCHours() + 3) % 24;
    return { SMS_HOURS_FROM: `${pad(h, 2)}:00`, SMS_HOURS_TO: `${pad(h, 2)}:59` };
  }

  async function timed(f) {
    const t0 = performance.now();
    const value = await f();
    return { ms: r1(performance.now() - t0), value };
  }

  /** The compiled statement of `kind` (e.g. InsertQueryNode) that `f` runs on `db` (captured, not run). */
  async function captured(db, kind, f) {
    let node;
    const stop = new Error("captured");
    const spy = db.withPlugin({
      // Subqueries pass through here too (an INSERT's SELECT first): the statement is the first of its kind.
      transformQuery: (a) => {
        if (a.node.kind !== kind) return a.node;
        node = a.node;
        throw stop;
      },
      transformResult: async (a) => a.result,
    });
    try {
      await f(spy);
    } catch (e) {
      if (e !== stop) throw e;
    }
    return db.getExecutor().compileQuery(node, { queryId: "bench-plan" });
  }

  const broadcastRow = (id, at, userId) => ({
    id,
    notice_id: null,
    body: BODY,
    text: composeSms("嘉兴12316", BODY),
    parts: segmentSms(composeSms("嘉兴12316", BODY)).length,
    target: JSON.stringify(TARGET),
    audience: 0,
    status: "approved",
    send_at: null,
    created_by: userId,
    created_at: at,
    approved_by: userId,
    approved_at: at,
    cancelled_by: null,
    cancelled_at: null,
    finished_at: null,
    expanding: 0,
    expanded_after: null,
  });

  /** Runs `f(trx)` in a transaction that is rolled back. */
  async function rolledBack(db, f) {
    const rollback = new Error("rollback");
    let value;
    try {
      await db.transaction().execute(async (trx) => {
        value = await f(trx);
        throw rollback;
      });
    } catch (e) {
      if (e !== rollback) throw e;
    }
    return value;
  }

  async function measure(label, env, generation) {
    const out = { generation, target: TARGET, body: BODY };
    const kind = env.DATABASE_URL ? "postgres" : "sqlite";
    const hours = quietHours();
    out.sendingHoursDuringRun = `${hours.SMS_HOURS_FROM}–${hours.SMS_HOURS_TO} Asia/Shanghai (the outbox worker idle)`;
    await withServer({ ...env, ...hours }, async (base, db) => {
      const pgc = kind === "postgres" ? new pg.Client({ connectionString: env.DATABASE_URL }) : null;
      await pgc?.connect();
      try {
        const operator = { ...(await signIn(base, "operator")), "content-type": "application/json" };
        const supervisor = await signIn(base, "supervisor");
        const post = async (p, headers, body, want) => {
          const t0 = performance.now();
          const res = await fetch(`${base}${p}`, { method: "POST", headers, body: body === undefined ? undefined : JSON.stringify(body) });
          const json = await res.json();
          const ms = r1(performance.now() - t0);
          if (res.status !== want) throw new Error(`${label}: POST ${p}: ${res.status} ${JSON.stringify(json)}`);
          return { ms, json };
        };
        /**
         * Runs `f` while GET /healthz (no database) and GET /readyz (a database read) go to the server every
         * 20 ms: the slowest answers are how long the event loop stalled and how long a request waited for
         * the database behind the work.
         */
        const probed = async (f) => {
          const probe = probeHealthz(base, 20);
          const dbProbe = probeHealthz(base, 20, "/readyz");
          const value = await f().catch(async (err) => {
            await probe.stop();
            await dbProbe.stop();
            throw err;
          });
          return { ...value, healthzMaxMs: r1(Math.max(0, ...(await probe.stop()))), readyzMaxMs: r1(Math.max(0, ...(await dbProbe.stop()))) };
        };
        /** Until the broadcast's recipients are all written (SQLite writes a large audience in chunks after the approval). */
        const written = async (id) => {
          for (;;) {
            const b = await db.selectFrom("sms_broadcasts").select("expanding").where("id", "=", id).executeTakeFirstOrThrow();
            if (b.expanding === 0) return;
            await new Promise((r) => setTimeout(r, 20));
          }
        };
        // Any outbox rows of an earlier (interrupted) run go first.
        await db.deleteFrom("sms_outbox").execute();

        // a. preview, --runs times
        const previews = [];
        const previewStalls = [];
        for (let i = 0; i < RUNS; i++) {
          const r = await probed(() => post("/api/sms/broadcasts/preview", operator, { body: BODY, target: TARGET }, 200));
          previews.push(r.ms);
          previewStalls.push(r.healthzMaxMs);
          out.audience = r.json.audience;
          out.text = r.json.text;
          out.parts = r.json.parts.length;
          console.log(`${label}: preview ${i + 1}/${RUNS}: ${r.ms} ms, audience ${r.json.audience} (${r.json.parts.length} parts, ${r.json.messages} messages)`);
        }
        out.preview = { medianMs: median(previews), maxMs: Math.max(...previews), runs: previews, healthzMaxMs: previewStalls };

        // b. draft (operator) and approval (supervisor), --runs times on fresh broadcasts
        const runs = [];
        let previous = null;
        for (let i = 0; i < RUNS; i++) {
          let cleanup = null;
          if (previous) {
            const c0 = performance.now();
            await db.deleteFrom("sms_outbox").where("broadcast_id", "=", previous).execute();
            // What autovacuum would do after such a delete; outside the timing.
            if (pgc) await pgc.query("VACUUM sms_outbox");
            cleanup = r1(performance.now() - c0);
          }
          const draft = await post("/api/sms/broadcasts", operator, { body: BODY, target: TARGET }, 201);
          const id = draft.json.id;
          let answeredMs = 0;
          const approve = await probed(async () => {
            const a = await post(`/api/sms/broadcasts/${id}/approve`, { ...supervisor }, undefined, 200);
            answeredMs = a.ms;
            const t1 = performance.now();
            await written(id);
            return { ...a, ms: r1(a.ms + performance.now() - t1) };
          });
          const queued = Number((await db.selectFrom("sms_outbox").select((eb) => eb.fn.countAll().as("n")).where("broadcast_id", "=", id).where("state", "=", "queued").executeTakeFirstOrThrow()).n);
          const rows = Number((await db.selectFrom("sms_outbox").select((eb) => eb.fn.countAll().as("n")).where("broadcast_id", "=", id).executeTakeFirstOrThrow()).n);
          const optedOut = Number(
            (
              await db
                .selectFrom("sms_outbox as o")
                .innerJoin("sms_opt_outs as x", "x.phone", "o.phone")
                .select((eb) => eb.fn.countAll().as("n"))
                .where("o.broadcast_id", "=", id)
                .executeTakeFirstOrThrow()
            ).n,
          );
          const run = {
            draftMs: draft.ms,
            approveMs: approve.ms,
            approveAnsweredMs: answeredMs,
            totalMs: r1(draft.ms + approve.ms),
            draftAudience: draft.json.audience,
            approvedAudience: approve.json.audience,
            queued,
            outboxRows: rows,
            outboxRowsOptedOut: optedOut,
            status: approve.json.status,
            healthzMaxMsDuringApproval: approve.healthzMaxMs,
            readyzMaxMsDuringApproval: approve.readyzMaxMs,
            cleanupBeforeMs: cleanup,
          };
          runs.push(run);
          const ok = rows === out.audience && rows === draft.json.audience && rows === approve.json.audience && run.queued === rows && optedOut === 0;
          console.log(`${label}: run ${i + 1}/${RUNS}: draft ${draft.ms} ms, approve answered in ${answeredMs} ms, every recipient written in ${approve.ms} ms → ${rows} outbox rows (audience ${draft.json.audience}, ${optedOut} opted out) ${ok ? "✓" : "✗"}; meanwhile GET /healthz ≤ ${approve.healthzMaxMs} ms, GET /readyz (database) ≤ ${approve.readyzMaxMs} ms`);
          if (!ok) {
            console.error(`${label}: ✗ the outbox does not match the audience: ${JSON.stringify(run)}`);
            process.exitCode = 1;
          }
          previous = id;
        }
        const approveMs = runs.map((r) => r.approveMs);
        const draftMs = runs.map((r) => r.draftMs);
        out.draft = { medianMs: median(draftMs), maxMs: Math.max(...draftMs) };
        out.approve = { medianMs: median(approveMs), maxMs: Math.max(...approveMs), answeredMedianMs: median(runs.map((r) => r.approveAnsweredMs)), healthzMaxMs: Math.max(...runs.map((r) => r.healthzMaxMsDuringApproval)), readyzMaxMs: Math.max(...runs.map((r) => r.readyzMaxMsDuringApproval)) };
        out.flow = { via: "preview + draft + approve (medians)", ms: r1(out.preview.medianMs + out.draft.medianMs + out.approve.medianMs) };
        out.outboxMatchesAudience = runs.every((r) => r.outboxRows === out.audience && r.queued === r.outboxRows && r.outboxRowsOptedOut === 0);
        out.runs = runs;
        out.meetsTarget = { approve: out.approve.maxMs < TARGET_MS, flow: out.flow.ms < TARGET_MS };

        // c. in this process: each query alone (median of 3), the outbox INSERT rolled back
        const user = await db.selectFrom("users").select("id").where("username", "=", "supervisor").executeTakeFirstOrThrow();
        const at = new Date().toISOString();
        const due = nextSendingTime(at, { from: hours.SMS_HOURS_FROM, to: hours.SMS_HOURS_TO }).toISOString();
        const b = broadcastRow("b5000000-0000-4000-8000-000000000001", at, user.id);
        const parts = {
          countAudience: () => repo.countAudience(db, TARGET),
          "sampleAudience (5)": () => repo.sampleAudience(db, TARGET, 5),
          "writeOutbox (rolled back)": () =>
            rolledBack(db, async (trx) => {
              await repo.insertBroadcast(trx, b);
              const t0 = performance.now();
              const n = await repo.writeOutbox(trx, { id: b.id, text: b.text, parts: b.parts, notBefore: due, at }, TARGET);
              return { n, ms: performance.now() - t0 };
            }),
          "progressOf (the approval's answer)": () => repo.progressOf(db, [previous]),
        };
        const breakdown = {};
        for (const [k, f] of Object.entries(parts)) {
          const ms = [];
          for (let i = 0; i < 3; i++) {
            const r = await timed(f);
            ms.push(typeof r.value?.ms === "number" ? r1(r.value.ms) : r.ms);
            if (typeof r.value?.n === "number" && r.value.n !== out.audience) throw new Error(`${label}: writeOutbox wrote ${r.value.n}, audience ${out.audience}`);
          }
          breakdown[k] = median(ms);
        }
        if (pgc) await pgc.query("VACUUM sms_outbox");
        out.breakdownMs = breakdown;
        console.log(`${label}: alone ${JSON.stringify(breakdown)}`);

        // d. the plans
        const count = await captured(db, "SelectQueryNode", (spy) => repo.countAudience(spy, TARGET));
        const insert = await captured(db, "InsertQueryNode", (spy) => repo.writeOutbox(spy, { id: b.id, text: b.text, parts: b.parts, notBefore: due, at }, TARGET));
        out.sql = { countAudience: count.sql, writeOutbox: insert.sql };
        const plan = async (explain, c, trx = db) => (await trx.executeQuery(CompiledQuery.raw(explain + c.sql, [...c.parameters]))).rows.map((r) => r["QUERY PLAN"] ?? `${"  ".repeat(r.parent ? 1 : 0)}${r.detail}`);
        if (kind === "postgres") {
          out.plans = {
            countAudience: await plan("EXPLAIN (ANALYZE, BUFFERS) ", count),
            "writeOutbox (rolled back)": await rolledBack(db, async (trx) => {
              await repo.insertBroadcast(trx, b);
              return plan("EXPLAIN (ANALYZE, BUFFERS) ", insert, trx);
            }),
          };
          await pgc.query("VACUUM sms_outbox");
        } else {
          out.plans = { countAudience: await plan("EXPLAIN QUERY PLAN ", count), writeOutbox: await plan("EXPLAIN QUERY PLAN ", insert) };
          out.sqliteStat1 = Number((await sql`SELECT count(*) AS n FROM sqlite_master WHERE name = 'sqlite_stat1'`.execute(db)).rows[0].n) > 0;
        }
        for (const [k, lines] of Object.entries(out.plans)) console.log(`${label}: plan of ${k}:\n    ${lines.join("\n    ")}`);
        await db.deleteFrom("sms_outbox").execute();
      } finally {
        await pgc?.end();
      }
    });
    return out;
  }

  // ---- 2. SMPP: the gateway beside the bare client ----

  const SENDER = "106900012316";
  const TEXTS = {
    ascii: "JX12316: buying rice 500 t at Xinfeng, call 13957310001. Reply R",
    ucs2: "【嘉兴12316】求购水稻500吨，新丰镇收购点，电话13957310001。拒收请回复R",
  };
  for (const [k, t] of Object.entries(TEXTS)) if (segmentSms(t).length !== 1) throw new Error(`the ${k} text is not one part`);
  const phoneOf = (i) => `1380000${pad(i % 10000, 4)}`;

  /** The SMSC in a child process; its port. */
  async function smscChild() {
    const p = startProcess(process.execPath, [thisFile, "--smsc-child"], {});
    const deadline = Date.now() + 10_000;
    let m;
    while (!(m = /SMSC (\d+)/.exec(p.output())) && Date.now() < deadline) await sleep(10);
    if (!m) throw new Error(`test SMSC did not start: ${p.output()}`);
    return { port: Number(m[1]), stop: p.stop };
  }

  /** One loop's figures from its start, end, count and CPU use. */
  const figures = (t0, cpu0, n, errors) => {
    const s = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    return { messages: n, seconds: Math.round(s * 1000) / 1000, perSecond: Math.round(n / s), cpuShare: Math.round(((cpu.user + cpu.system) / 1e6 / s) * 100) / 100, errors };
  };
  const more = (t0, n) => (DURATION ? performance.now() - t0 < DURATION * 1000 : n < MESSAGES);

  /** The `smpp` client alone: bind_transceiver, then submit_sm with at most WINDOW outstanding. */
  async function bareLoop(port, kind) {
    const session = smpp.connect({ host: "127.0.0.1", port });
    await new Promise((resolve, reject) => {
      session.on("connect", resolve);
      session.on("error", reject);
    });
    session.socket.setNoDelay(true); // as the gateway does
    const bound = await new Promise((resolve) => session.bind_transceiver({ system_id: "bench", password: "bench", system_type: "", interface_version: 0x34 }, resolve));
    if (bound.command_status !== 0) throw new Error(`bare bind: ${bound.command_status}`);
    const ascii = kind === "ascii";
    const body = ascii ? Buffer.from(TEXTS.ascii, "latin1") : Buffer.from(TEXTS.ucs2, "utf16le").swap16();
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let sent = 0;
    let done = 0;
    let errors = 0;
    const result = await new Promise((resolve) => {
      const submit = () => {
        const i = sent++;
        session.submit_sm(
          {
            source_addr_ton: 0,
            source_addr_npi: 0,
            source_addr: SENDER,
            dest_addr_ton: 0,
            dest_addr_npi: 1,
            destination_addr: phoneOf(i),
            esm_class: 0,
            registered_delivery: 0x01,
            data_coding: ascii ? 0 : 8,
            short_message: body,
          },
          (resp) => {
            done++;
            if (resp.command_status !== 0) errors++;
            if (more(t0, sent)) submit();
            else if (done === sent) resolve(figures(t0, cpu0, done, errors));
          },
        );
      };
      for (let i = 0; i < WINDOW && more(t0, sent); i++) submit();
    });
    await new Promise((resolve) => session.unbind({}, () => resolve()));
    session.destroy();
    return result;
  }

  /**
   * The gateway as the outbox worker drives it: 10 lanes, each awaiting send() before the next.
   * Counts the timers the gateway sets meanwhile (those under 1 ms are its rate limiter's waits).
   */
  async function gatewayLoop(port, kind, { rate = HIGH_RATE, Gateway = SmppGateway, hook = false } = {}) {
    const gw = await Gateway.connect({ host: "127.0.0.1", port, systemId: "bench", password: "bench", sourceAddr: SENDER, window: WINDOW, ratePerSecond: rate });
    const real = globalThis.setTimeout;
    const timers = { all: 0, underOneMs: 0 };
    globalThis.setTimeout = function (fn, ms, ...rest) {
      timers.all++;
      if (ms < 1) timers.underOneMs++;
      return real(fn, ms, ...rest);
    };
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let n = 0;
    let errors = 0;
    try {
      await Promise.all(
        Array.from({ length: WINDOW }, async () => {
          while (more(t0, n)) {
            const i = n++;
            try {
              await gw.send({ to: phoneOf(i), text: TEXTS[kind], reference: `bench:${i}`, ...(hook ? { beforeSubmit: async () => {} } : {}) });
            } catch {
              errors++;
            }
          }
        }),
      );
    } finally {
      globalThis.setTimeout = real;
    }
    const r = { ...figures(t0, cpu0, n, errors), timers };
    await gw.close();
    return r;
  }

  async function smppBench() {
    const out = { window: WINDOW, ratePerSecond: HIGH_RATE, loop: DURATION ? `${DURATION} s per loop` : `${MESSAGES} messages per loop`, texts: TEXTS, rounds: ROUNDS };
    const smsc = await smscChild();
    try {
      // Warm-up (JIT, connections): a loop of each, unrecorded.
      for (const kind of ["ascii", "ucs2"]) {
        await bareLoop(smsc.port, kind);
        await gatewayLoop(smsc.port, kind, { rate: Infinity });
      }
      const runs = { ascii: { bare: [], gateway: [] }, ucs2: { bare: [], gateway: [] } };
      for (let r = 0; r < ROUNDS; r++) {
        for (const kind of ["ascii", "ucs2"]) {
          // Alternate which goes first, so drift in the machine's load favours neither.
          const order = r % 2 ? ["gateway", "bare"] : ["bare", "gateway"];
          for (const who of order) {
            const x = who === "bare" ? await bareLoop(smsc.port, kind) : await gatewayLoop(smsc.port, kind);
            runs[kind][who].push(x);
            console.log(`SMPP (SMSC in a child process) round ${r + 1}/${ROUNDS} ${kind} ${who}: ${x.perSecond} msg/s (${x.messages} in ${x.seconds} s, client CPU ${Math.round(x.cpuShare * 100)} %${x.timers ? `, ${x.timers.underOneMs} timers < 1 ms` : ""})`);
          }
        }
      }
      out.childSmsc = {};
      for (const kind of ["ascii", "ucs2"]) {
        const bare = median(runs[kind].bare.map((x) => x.perSecond));
        const gateway = median(runs[kind].gateway.map((x) => x.perSecond));
        out.childSmsc[kind] = { bareMsgsPerSec: bare, gatewayMsgsPerSec: gateway, ratio: Math.round((gateway / bare) * 1000) / 1000, meetsTarget: gateway >= 0.8 * bare, runs: runs[kind] };
      }
      // Diagnostic (short loops, so --rounds rounds → medians): the gateway without its rate
      // limiter (ratePerSecond Infinity): what the limiter costs at ratePerSecond 100000.
      // And with a beforeSubmit hook (an async no-op), as the outbox worker sends: its cost alone.
      const diag = { bareAscii: [], rateInfinityAscii: [], hookAscii: [] };
      for (let r = 0; r < ROUNDS; r++) {
        diag.bareAscii.push(await bareLoop(smsc.port, "ascii"));
        diag.rateInfinityAscii.push(await gatewayLoop(smsc.port, "ascii", { rate: Infinity }));
        diag.hookAscii.push(await gatewayLoop(smsc.port, "ascii", { hook: true }));
      }
      const med = (xs) => median(xs.map((x) => x.perSecond));
      out.diagnostics = {
        bare: { ascii: med(diag.bareAscii) },
        rateInfinity: { ascii: med(diag.rateInfinityAscii), ratio: Math.round((med(diag.rateInfinityAscii) / med(diag.bareAscii)) * 1000) / 1000 },
        beforeSubmitHook: { ascii: med(diag.hookAscii), ratio: Math.round((med(diag.hookAscii) / med(diag.bareAscii)) * 1000) / 1000 },
        runs: diag,
      };
      console.log(`SMPP diagnostics: ratePerSecond Infinity: gateway ${out.diagnostics.rateInfinity.ascii} msg/s beside bare ${out.diagnostics.bare.ascii} msg/s (medians of ${ROUNDS})`);
      // The limiter still limits: 2,000/s asked.
      const limited = await gatewayLoop(smsc.port, "ascii", { rate: 2000 });
      out.diagnostics.at2000PerSecondAsked = limited.perSecond;
      console.log(`SMPP diagnostics: ratePerSecond 2000 → ${limited.perSecond} msg/s`);
    } finally {
      await smsc.stop();
    }
    // One round with the SMSC in this process (sharing the client's event loop).
    const server = await startSmsc();
    try {
      const port = server.address().port;
      const bare = await bareLoop(port, "ascii");
      const gateway = await gatewayLoop(port, "ascii");
      const unlimited = await gatewayLoop(port, "ascii", { rate: Infinity });
      out.inProcessSmsc = { ascii: { bareMsgsPerSec: bare.perSecond, gatewayMsgsPerSec: gateway.perSecond, ratio: Math.round((gateway.perSecond / bare.perSecond) * 1000) / 1000, gatewayRateInfinityMsgsPerSec: unlimited.perSecond } };
      console.log(`SMPP (SMSC in this process) ascii: bare ${bare.perSecond} msg/s, gateway ${gateway.perSecond} msg/s, gateway without rate limit ${unlimited.perSecond} msg/s`);
    } finally {
      for (const s of server.sessions.slice()) s.destroy();
      await new Promise((resolve) => server.close(() => resolve()));
    }
    return out;
  }

  // ---- run ----

  if (!ONLY || ONLY === "sqlite") {
    const { dir, generation } = await prepareSqlite();
    results.SQLite = await measure("SQLite", { DATA_DIR: dir, DATABASE_URL: "" }, generation);
  }
  const pgBase = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!ONLY || ONLY === "postgres") {
    if (pgBase) {
      const { url, generation } = await preparePostgres(pgBase);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yc-bench-sms-"));
      try {
        results.PostgreSQL = await measure("PostgreSQL", { DATA_DIR: dataDir, DATABASE_URL: url }, generation);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    } else {
      results.PostgreSQL = "not run: set TEST_DATABASE_URL or BENCH_DATABASE_URL";
    }
  }
  if (!ONLY || ONLY === "smpp") results.smpp = await smppBench();

  console.log(`\nSMS broadcast over ${SUBSCRIBERS.toLocaleString("en")} subscribers (target < ${TARGET_MS} ms); SMPP gateway vs the bare client (target ≥ 80 %)`);
  for (const engine of ["SQLite", "PostgreSQL"]) {
    const r = results[engine];
    if (!r) continue;
    if (typeof r === "string") {
      console.log(`  ${engine}: ${r}`);
      continue;
    }
    const g = r.generation;
    console.log(`  ${engine}`);
    console.log(`    generation    ${g.cached ? "cached; was " : ""}${g.seconds} s — ${g.census.subscribers} subscribers, ${g.census.tagRows} tag rows, ${g.census.optOuts} opted out`);
    console.log(`    target        ${JSON.stringify(r.target)} → ${r.audience} recipients, ${r.parts} parts each`);
    console.log(`    preview       median ${r.preview.medianMs} ms, max ${r.preview.maxMs} ms`);
    console.log(`    draft         median ${r.draft.medianMs} ms, max ${r.draft.maxMs} ms`);
    console.log(`    approve       median ${r.approve.medianMs} ms, max ${r.approve.maxMs} ms ${r.meetsTarget.approve ? "✓" : "✗ over target"} (outbox = audience: ${r.outboxMatchesAudience ? "✓" : "✗"})`);
    console.log(`    whole flow    ${r.flow.ms} ms ${r.meetsTarget.flow ? "✓" : "✗ over target"}`);
    console.log(`    /healthz      slowest answer during a preview ${Math.max(...r.preview.healthzMaxMs)} ms, during an approval ${r.approve.healthzMaxMs} ms (the server's event loop meanwhile); /readyz (a database read) during an approval ${r.approve.readyzMaxMs} ms`);
    console.log(`    alone         ${Object.entries(r.breakdownMs).map(([k, v]) => `${k} ${v} ms`).join("; ")}`);
  }
  const s = results.smpp;
  if (s) {
    for (const kind of ["ascii", "ucs2"]) {
      const x = s.childSmsc[kind];
      console.log(`  SMPP ${kind.padEnd(5)}    bare ${x.bareMsgsPerSec} msg/s, gateway ${x.gatewayMsgsPerSec} msg/s → ${Math.round(x.ratio * 100)} % ${x.meetsTarget ? "✓" : "✗ under target"}`);
    }
    const d = s.diagnostics;
    console.log(`    no rate limit (ratePerSecond Infinity): gateway ${d.rateInfinity.ascii} msg/s → ${Math.round(d.rateInfinity.ratio * 100)} % of bare (${d.bare.ascii})`);
    console.log(`    with a beforeSubmit hook (async no-op, as the outbox worker sends): gateway ${d.beforeSubmitHook.ascii} msg/s → ${Math.round(d.beforeSubmitHook.ratio * 100)} % of bare`);
    console.log(`    ratePerSecond 2000 asked → ${d.at2000PerSecondAsked} msg/s (the limiter still limits)`);
    console.log(`    SMSC in this process: bare ${s.inProcessSmsc.ascii.bareMsgsPerSec}, gateway ${s.inProcessSmsc.ascii.gatewayMsgsPerSec} msg/s (${Math.round(s.inProcessSmsc.ascii.ratio * 100)} %)`);
  }
  fs.mkdirSync(path.join(root, "bench", "results"), { recursive: true });
  fs.writeFileSync(path.join(root, "bench", "results", "sms.json"), JSON.stringify(results, null, 2) + "\n");
}
