import net from "node:net";
import path from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.js";
import { openDatabase, type Database } from "../src/db/database.js";
import { DEMO_PASSWORD } from "../src/demo/jiaxing.js";
import { seedDemo } from "../src/demo/seed.js";
import { FileStore } from "../src/platform/files.js";
import { startJobs } from "../src/platform/jobs.js";
import { sendSms } from "../src/platform/notify.js";
import { backoffMs, isDatabaseUnavailable } from "../src/platform/outage.js";
import { ensureRegistrationData } from "../src/registration/registration.service.js";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "./helpers/test-db.js";
import type { FastifyInstance } from "fastify";

describe("what counts as the database being away", () => {
  it("socket errors, PostgreSQL's connection SQLSTATEs, pg's broken-connection messages and SQLite's busy/I/O codes", () => {
    const err = (code: string, message = "x") => Object.assign(new Error(message), { code });
    for (const code of ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "08006", "08001", "57P01", "57P03", "53300", "SQLITE_BUSY", "SQLITE_IOERR_SHORT_READ", "SQLITE_CANTOPEN", "SQLITE_FULL"]) {
      expect(isDatabaseUnavailable(err(code)), code).toBe(true);
    }
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("wrapped", { cause: err("ECONNREFUSED") }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([err("ECONNREFUSED")], "all refused"))).toBe(true);
    // A query the database refused is the request's fault or a bug, never an outage.
    for (const code of ["23505", "22P02", "42601", "SQLITE_CONSTRAINT_UNIQUE", "SQLITE_ERROR"]) {
      expect(isDatabaseUnavailable(err(code)), code).toBe(false);
    }
    expect(isDatabaseUnavailable(new TypeError("cannot read properties of undefined"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });

  it("jobs wait longer each time, at most a minute", () => {
    expect([0, 1, 2, 3, 7, 20].map((n) => backoffMs(n))).toEqual([0, 1000, 2000, 4000, 60_000, 60_000]);
  });
});

/** A TCP proxy in front of PostgreSQL that the test stops (every connection cut) and starts again on the same port. */
class Proxy {
  #server: net.Server | null = null;
  #sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target);
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on("close", () => this.#sockets.delete(s));
        s.on("error", () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.#server = server;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    for (const s of this.#sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Log lines the app wrote, parsed. */
function captureLog() {
  const lines: { level: number; msg: string; [k: string]: unknown }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split("\n")) if (l.trim()) lines.push(JSON.parse(l) as (typeof lines)[number]);
      done();
    },
  });
  return { lines, stream };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const start = performance.now();
  while (performance.now() - start < timeoutMs) {
    if (await check().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(TEST_DB_KIND !== "postgres")("a lost PostgreSQL: 503 with Retry-After, jobs quiet, everything back by itself", () => {
  let tdb: TestDatabase;
  let proxy: Proxy;
  let db: Database;
  let app: FastifyInstance;
  let stopJobs: () => void;
  const log = captureLog();

  beforeAll(async () => {
    tdb = await createTestDatabase();
    await ensureRegistrationData(tdb.db);
    await seedDemo(tdb.db);
    if (tdb.config.database.kind !== "postgres") throw new Error("postgres only");
    const url = new URL(tdb.config.database.url);
    proxy = new Proxy({ host: url.hostname, port: Number(url.port || 5432) });
    await proxy.start();
    url.hostname = "127.0.0.1";
    url.port = String(proxy.port);
    const config = { ...tdb.config, database: { kind: "postgres" as const, url: url.toString() } };
    db = openDatabase(config.database, { poolSize: 4 });
    app = await buildApp({ config, db, logger: { level: "info", stream: log.stream } });
    await app.ready();
    stopJobs = startJobs(
      { db, config, files: new FileStore(path.join(config.dataDir, "files")), calendar: app.workingCalendar.service, recount: app.workingCalendar.recount, outage: app.databaseOutage },
      app.log,
    );
  });

  afterAll(async () => {
    stopJobs?.();
    await app?.close();
    await db?.destroy();
    await proxy?.stop();
    await tdb?.destroy();
  });

  const login = () => app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "admin", password: DEMO_PASSWORD } });

  it("answers 503 with Retry-After while the database is away, logs the outage once, and resumes when it returns", async () => {
    expect((await login()).statusCode).toBe(200);
    const before = log.lines.length;

    await proxy.stop();
    const during = [await login(), await app.inject({ method: "GET", url: "/api/service-items" }), await login()];
    for (const res of during) {
      expect(res.statusCode).toBe(503);
      expect(res.headers["retry-after"]).toBe("10");
      expect(res.json().error.code).toBe("UNAVAILABLE");
      expect(res.json().error.message).toContain("数据库");
    }
    const ready = await app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(503);
    expect(ready.headers["retry-after"]).toBe("10");
    // The jobs' rounds (counter folding every 2 s, the SMS outbox every second, the push listener) wait meanwhile.
    await sleep(7000);
    expect((await login()).statusCode).toBe(503);
    const outageLines = log.lines.slice(before);
    expect(outageLines.filter((l) => l.level >= 50), JSON.stringify(outageLines.filter((l) => l.level >= 50))).toEqual([]);
    const warnings = outageLines.filter((l) => l.level === 40);
    // One line for the outage (requests and jobs alike), at most one for the push listener and one for the calendar.
    expect(warnings.filter((l) => l.msg.includes("database unreachable"))).toHaveLength(1);
    expect(warnings.length, JSON.stringify(warnings.map((l) => l.msg))).toBeLessThanOrEqual(3);
    expect(app.databaseOutage.active).toBe(true);

    await proxy.start();
    await until("a login after the database came back", async () => (await login()).statusCode === 200);
    await until("the outage to end", async () => !app.databaseOutage.active);
    expect(log.lines.some((l) => l.msg.includes("database reachable again"))).toBe(true);

    // The jobs resumed: an SMS queued now is sent by this instance's outbox worker.
    await sendSms(tdb.db, { phone: "13900001234", body: "数据库恢复后的测试短信", purpose: "test" });
    await until("the outbox worker to send the queued SMS", async () => {
      const row = await tdb.db.selectFrom("sms_outbox").select("state").where("phone", "=", "13900001234").executeTakeFirst();
      return row?.state === "sent" || row?.state === "delivered";
    });
  }, 60_000);
});
