import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Fastify from "fastify";
import { sql } from "kysely";
import { SessionCache } from "../src/identity/session-cache.js";
import { sessionPlugin } from "../src/identity/session.plugin.js";
import { isReachable, openDatabase } from "../src/db/database.js";
import { TEST_DB_KIND } from "./helpers/test-db.js";
import { startTestApp, type TestApp } from "./helpers/harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe("platform", () => {
  it("answers /healthz and /readyz", async () => {
    expect((await t.anonymous().get("/healthz")).json()).toEqual({ status: "ok" });
    const ready = await t.anonymous().get("/readyz");
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: "ready", checks: { database: { status: "ok" }, calendar: { revision: 1 } } });
    expect(await isReachable(t.db)).toBe(true);
  });

  it("answers unknown API routes with a 404 JSON error", async () => {
    const res = await t.anonymous().get("/api/does/not/exist");
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toMatch(/application\/json/);
    expect(res.json()).toEqual({ error: { code: "NOT_FOUND", message: "接口不存在：GET /api/does/not/exist" } });
  });

  it("never sends a stack trace: an unexpected error becomes INTERNAL", async () => {
    // A database that is gone: the failure a bug or an outage produces.
    const broken = t.tdb.reopen();
    await isReachable(broken);
    await broken.destroy();
    const { buildApp } = await import("../src/app.js");
    const app2 = await buildApp({ config: t.tdb.config, db: broken, logger: false });
    const failed = await app2.inject({ method: "POST", url: "/api/auth/login", payload: { username: "admin", password: "Jiaxing@2026" } });
    expect(failed.statusCode).toBe(500);
    expect(failed.json()).toEqual({
      error: { code: "INTERNAL", message: "服务器内部错误，请稍后再试；如持续出现请联系系统管理员" },
    });
    expect(failed.body).not.toMatch(/at .*\.(ts|js):\d+/);
    const notReady = await app2.inject({ method: "GET", url: "/readyz" });
    expect(notReady.statusCode).toBe(503);
    await app2.close();
  });

  it("serves the OpenAPI document and the docs page", async () => {
    const spec = (await t.anonymous().get("/docs/json")).json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(["/api/auth/login", "/api/admin/users", "/api/audit", "/api/org"]));
    expect(spec.paths["/api/auth/login"].post.requestBody.content["application/json"].schema.required).toEqual(["username", "password"]);
    const page = await t.anonymous().get("/docs/");
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/text\/html/);
  });

  it("refuses to start when an /api route declares no access", async () => {
    const app = Fastify();
    await app.register(sessionPlugin, { db: t.db, config: t.tdb.config, sessions: new SessionCache(0) });
    await app.after();
    expect(() => app.get("/api/forgotten", async () => "oops")).toThrow(/declares no access/);
    await app.close();
  });
});

describe.runIf(TEST_DB_KIND === "sqlite")("#platform SQLite checkpoints", () => {
  it("checkpoints the WAL on a worker thread, never on the request's connection", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yc-ckpt-"));
    const file = path.join(dir, "x.sqlite");
    const db = openDatabase({ kind: "sqlite", file });
    try {
      expect((await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db)).rows[0]!.wal_autocheckpoint).toBe(0);
      await sql`create table t (id integer primary key, v text)`.execute(db);
      const before = fs.statSync(file).size;
      for (let i = 0; i < 200; i++) await sql`insert into t (v) values (${"x".repeat(1000)})`.execute(db);
      // 200 kB sit in the WAL; within a second the worker has copied them into the database file.
      await new Promise((r) => setTimeout(r, 1200));
      expect(fs.statSync(file).size).toBeGreaterThan(before + 150_000);
    } finally {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
