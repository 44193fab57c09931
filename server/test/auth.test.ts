import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.js";
import { hashToken } from "../src/identity/auth.service.js";
import { Client, sessionCookieOf, startTestApp, type TestApp } from "./helpers/harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ LOCKOUT_THRESHOLD: "3", LOGIN_RATE_LIMIT: "8" });
});
afterAll(async () => t?.close());

const failuresOf = async (username: string) =>
  (await t.db.selectFrom("users").select(["failed_logins", "locked_until"]).where("username", "=", username).executeTakeFirstOrThrow());

describe("#auth.login", () => {
  it("signs in, sets an httpOnly SameSite session cookie and returns the CSRF token", async () => {
    const res = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "Clerk", password: "Jiaxing@2026" } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === "yc_session")!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Lax");
    expect(cookie.path).toBe("/");
    const body = res.json();
    expect(body.user.username).toBe("clerk");
    expect(body.user.roles).toEqual(["clerk"]);
    expect(body.user).not.toHaveProperty("passwordHash");
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
    // Only the token's hash is stored.
    const stored = await t.db.selectFrom("sessions").select("id").where("id", "=", hashToken(cookie.value)).executeTakeFirst();
    expect(stored).toBeDefined();
    const raw = await t.db.selectFrom("sessions").select("id").where("id", "=", cookie.value).executeTakeFirst();
    expect(raw).toBeUndefined();
  });

  it("refuses a wrong password with one message for both cases and counts the failure", async () => {
    const before = await failuresOf("operator");
    const wrong = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "operator", password: "nope-nope-1" }, remoteAddress: "10.0.0.1" });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error).toMatchObject({ code: "INVALID_CREDENTIALS", message: "用户名或密码错误" });
    expect(wrong.cookies.find((c) => c.name === "yc_session")).toBeUndefined();
    expect((await failuresOf("operator")).failed_logins).toBe(before.failed_logins + 1);
    const unknown = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "nobody", password: "whatever-1" }, remoteAddress: "10.0.0.1" });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error).toEqual(wrong.json().error);
    const audit = await t.db.selectFrom("audit_log").selectAll().where("action", "=", "login.failed").execute();
    expect(audit.map((a) => JSON.parse(a.detail!).reason)).toEqual(expect.arrayContaining(["wrong_password", "unknown_user"]));
  });

  it("locks the account after repeated wrong passwords, refuses the right one while locked, and an admin unlocks it", async () => {
    const ip = "10.0.0.2";
    const attempt = (password: string) =>
      t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "expert.fish", password }, remoteAddress: ip });
    expect((await attempt("wrong-pass-1")).statusCode).toBe(401);
    expect((await attempt("wrong-pass-2")).statusCode).toBe(401);
    const third = await attempt("wrong-pass-3");
    expect(third.statusCode).toBe(423);
    expect(third.json().error.code).toBe("ACCOUNT_LOCKED");
    expect(third.json().error.lockedUntil).toMatch(/^\d{4}-/);
    const right = await attempt("Jiaxing@2026");
    expect(right.statusCode).toBe(423);
    expect(sessionCookieOf(right)).toBeNull();

    const admin = await t.login("admin");
    const user = await t.db.selectFrom("users").select("id").where("username", "=", "expert.fish").executeTakeFirstOrThrow();
    const listed = (await admin.get(`/api/admin/users/${user.id}`)).json();
    expect(listed.lockedUntil).not.toBeNull();
    const unlocked = await admin.patch(`/api/admin/users/${user.id}`, { unlock: true });
    expect(unlocked.statusCode).toBe(200);
    expect(unlocked.json().lockedUntil).toBeNull();
    expect((await attempt("Jiaxing@2026")).statusCode).toBe(200);
  });

  it("refuses a disabled account and ends its sessions", async () => {
    const admin = await t.login("admin");
    const reviewer = await t.login("reviewer.stats");
    const id = (await reviewer.get("/api/auth/me")).json().user.id;
    expect((await admin.patch(`/api/admin/users/${id}`, { disabled: true })).statusCode).toBe(200);
    expect((await reviewer.get("/api/auth/me")).statusCode).toBe(401);
    const res = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "reviewer.stats", password: "Jiaxing@2026" }, remoteAddress: "10.0.0.3" });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe("ACCOUNT_DISABLED");
    await admin.patch(`/api/admin/users/${id}`, { disabled: false });
  });

  it("rate-limits failed logins per address across accounts with 429 and Retry-After", async () => {
    const ip = "10.9.9.9";
    const codes: number[] = [];
    for (let i = 0; i < 9; i++) {
      const res = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: `ghost${i}`, password: "x-wrong-1" }, remoteAddress: ip });
      codes.push(res.statusCode);
      if (res.statusCode === 429) {
        expect(res.json().error.code).toBe("RATE_LIMITED");
        expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
      }
    }
    expect(codes.slice(0, 8).every((c) => c === 401)).toBe(true);
    expect(codes[8]).toBe(429);
    // Another address is not affected.
    const other = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "founder", password: "Jiaxing@2026" }, remoteAddress: "10.9.9.10" });
    expect(other.statusCode).toBe(200);
  });

  it("rejects a login body of the wrong shape with the fields named", async () => {
    const res = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { user: "admin", password: 12 } });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.fields.map((f: { path: string }) => f.path).sort();
    expect(paths).toEqual(["body", "password", "username"]);
    expect(res.json().error.fields.find((f: { path: string }) => f.path === "username").message).toBe("用户名：必填");
  });
});

describe("#auth.session", () => {
  it("returns the current user with GET /api/auth/me and ends the session on logout", async () => {
    const c = await t.login("founder");
    const me = await c.get("/api/auth/me");
    expect(me.statusCode).toBe(200);
    expect(me.json().user.displayName).toBe("郭宇楠");
    const out = await c.post("/api/auth/logout");
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((x) => x.name === "yc_session")?.value).toBe("");
    const again = await c.get("/api/auth/me");
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe("UNAUTHENTICATED");
  });

  it("refuses an expired session and clears its cookie", async () => {
    const c = await t.login("supervisor");
    const token = c.cookie!.split("=")[1]!;
    await t.db.updateTable("sessions").set({ expires_at: "2020-01-01T00:00:00.000Z" }).where("id", "=", hashToken(token)).execute();
    const res = await c.get("/api/auth/me");
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toBe("登录已失效，请重新登录");
    expect(res.cookies.find((x) => x.name === "yc_session")?.value).toBe("");
    expect(await t.db.selectFrom("sessions").select("id").where("id", "=", hashToken(token)).executeTakeFirst()).toBeUndefined();
  });

  it("refuses a forged session cookie", async () => {
    for (const forged of ["yc_session=forged", `yc_session=${"A".repeat(43)}`, "yc_session="]) {
      const res = await new Client(t.app, forged).get("/api/auth/me");
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe("UNAUTHENTICATED");
    }
  });

  it("serves one session from two instances on the same database", async () => {
    const second = await buildApp({ config: t.tdb.config, db: t.tdb.reopen(), logger: false });
    try {
      const c = await t.login("reviewer.ntax");
      const res = await new Client(second, c.cookie, c.csrf).get("/api/auth/me");
      expect(res.statusCode).toBe(200);
      expect(res.json().user.username).toBe("reviewer.ntax");
      // Logging out on the second instance ends the session on the first.
      expect((await new Client(second, c.cookie, c.csrf).post("/api/auth/logout")).statusCode).toBe(204);
      expect((await c.get("/api/auth/me")).statusCode).toBe(401);
    } finally {
      await second.close();
    }
  });
});

describe("#auth.session cache", () => {
  it("ends a session at once on the instance that logs out, and on others within SESSION_CACHE_SECONDS", async () => {
    const config = { ...t.tdb.config, session: { ...t.tdb.config.session, cacheSeconds: 1 } };
    const a = await buildApp({ config, db: t.tdb.reopen(), logger: false });
    const b = await buildApp({ config, db: t.tdb.reopen(), logger: false });
    try {
      const c = await t.login("clerk");
      const onA = new Client(a, c.cookie, c.csrf);
      const onB = new Client(b, c.cookie, c.csrf);
      expect((await onA.get("/api/auth/me")).statusCode).toBe(200);
      expect((await onB.get("/api/auth/me")).statusCode).toBe(200);
      expect((await onB.post("/api/auth/logout")).statusCode).toBe(204);
      expect((await onB.get("/api/auth/me")).statusCode).toBe(401);
      // A trusted its lookup for at most one second.
      await new Promise((r) => setTimeout(r, 1100));
      expect((await onA.get("/api/auth/me")).statusCode).toBe(401);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe("#auth.csrf", () => {
  it("refuses a cookie-authenticated write without or with a forged CSRF token, and changes nothing", async () => {
    const admin = await t.login("admin");
    const body = { username: "csrf.victim", displayName: "某人", password: "Strong#Pass2026", roles: ["applicant"] };
    const missing = await admin.inject({ method: "POST", url: "/api/admin/users", payload: body, headers: { "x-csrf-token": "" } });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error.code).toBe("CSRF_INVALID");
    const forged = await admin.inject({ method: "POST", url: "/api/admin/users", payload: body, headers: { "x-csrf-token": "forged-token-value-000000000000" } });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe("CSRF_INVALID");
    const noHeader = await new Client(t.app, admin.cookie, null).post("/api/admin/users", body);
    expect(noHeader.statusCode).toBe(403);
    const other = await t.login("supervisor");
    const wrongSession = await admin.inject({ method: "POST", url: "/api/admin/users", payload: body, headers: { "x-csrf-token": other.csrf! } });
    expect(wrongSession.statusCode).toBe(403);
    expect(await t.db.selectFrom("users").select("id").where("username", "=", "csrf.victim").executeTakeFirst()).toBeUndefined();
    const ok = await admin.post("/api/admin/users", body);
    expect(ok.statusCode).toBe(201);
  });
});

describe("#auth.password", () => {
  it("changes the own password after checking the current one and ends other sessions", async () => {
    const a = await t.login("jiangfan");
    const b = await t.login("jiangfan");
    const bad = await a.post("/api/auth/password", { currentPassword: "wrong-one-1", newPassword: "New#Password2026" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0]).toEqual({ path: "currentPassword", message: "当前密码：不正确" });
    const weak = await a.post("/api/auth/password", { currentPassword: "Jiaxing@2026", newPassword: "short" });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.fields[0].path).toBe("newPassword");
    const ok = await a.post("/api/auth/password", { currentPassword: "Jiaxing@2026", newPassword: "New#Password2026" });
    expect(ok.statusCode).toBe(204);
    expect((await a.get("/api/auth/me")).statusCode).toBe(200);
    expect((await b.get("/api/auth/me")).statusCode).toBe(401);
    await expect(t.login("jiangfan")).rejects.toThrow(/401/);
    expect((await t.login("jiangfan", "New#Password2026")).cookie).toBeTruthy();
  });
});
