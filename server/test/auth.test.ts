import { randomUUID } from "node:crypto";
import { ReadCache } from "../src/platform/read-cache.js";
import type { PushHub } from "../src/platform/push.js";
import { TEST_DB_KIND } from "./helpers/test-db.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import { buildApp } from "../src/app.js";
import { hashToken } from "../src/identity/auth.service.js";
import { checkBudget, recordFailure } from "../src/identity/attempts.service.js";
import { clock } from "../src/platform/clock.js";
import { Client, sessionCookieOf, startTestApp, type TestApp } from "./helpers/harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_LIMIT: "8" });
});
afterAll(async () => t?.close());
afterEach(() => clock.reset());

const RIGHT = "Jiaxing@2026";
const login = (username: string, password: string, ip: string) =>
  t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password }, remoteAddress: ip });
const userId = async (username: string) => (await t.db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirstOrThrow()).id;

/**
 * The lock-out tests run the server's clock at whole seconds from a day weeks ago (each test its own
 * day): waits count in whole seconds, so a history replayed at the same seconds gives the same answers,
 * and nothing the other tests do at the real time falls in these windows.
 */
const BASE = Math.floor(Date.now() / 1000) * 1000 - 40 * 86_400_000;
const at = (day: number, second: number) => clock.setTo(new Date(BASE + day * 86_400_000 + second * 1000));

/** Status, Retry-After and body: what a client can tell apart. */
const answer = (res: LightMyRequestResponse) => ({ status: res.statusCode, retryAfter: res.headers["retry-after"] ?? null, body: res.json() });

/** `count` failed logins of `username`, each from an address of its own (so no address or pair waits), in batches (the next step of a test sets the clock minutes later). */
async function failFromManyAddresses(username: string, count: number, net: string) {
  for (let i = 0; i < count; i += 10) {
    const batch = Array.from({ length: Math.min(10, count - i) }, (_, k) => login(username, "wrong-Pass-1", `${net}.${Math.floor((i + k) / 200)}.${((i + k) % 200) + 1}`));
    for (const res of await Promise.all(batch)) expect(res.statusCode).toBe(401);
  }
}

describe("#auth.login", () => {
  it("signs in, sets an httpOnly SameSite session cookie and returns the CSRF token", async () => {
    const res = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "Clerk", password: RIGHT } });
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

  it("refuses a wrong password and an unknown username with one answer, and counts both under the name typed", async () => {
    const wrong = await login("operator", "nope-nope-1", "10.0.0.1");
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error).toEqual({ code: "INVALID_CREDENTIALS", message: "用户名或密码错误" });
    expect(wrong.cookies.find((c) => c.name === "yc_session")).toBeUndefined();
    const unknown = await login("Nobody", "whatever-1", "10.0.0.1");
    expect(answer(unknown)).toEqual(answer(wrong));
    const counted = await t.db.selectFrom("login_attempts").select(["kind", "subject", "success"]).where("ip", "=", "10.0.0.1").orderBy("subject").execute();
    expect(counted).toEqual([
      { kind: "login", subject: "nobody", success: 0 },
      { kind: "login", subject: "operator", success: 0 },
    ]);
    const audit = await t.db.selectFrom("audit_log").selectAll().where("action", "=", "login.failed").execute();
    expect(audit.map((a) => JSON.parse(a.detail!).reason)).toEqual(expect.arrayContaining(["wrong_password", "unknown_user"]));
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

describe("#auth.lock-out", () => {
  it("slows only the attacker's own address: one username from one address waits 1 s, 2 s, 4 s, 8 s; the user at another address signs in", async () => {
    const attacker = "10.20.0.1";
    const office = "10.20.0.2";
    for (let i = 0; i < 3; i++) {
      at(0, 0);
      expect((await login("operator", `guess-${i}-Aa1`, attacker)).statusCode).toBe(401);
    }
    let second = 0;
    for (const wait of [1, 2, 4, 8]) {
      // Held back before the password is checked: even the right one.
      at(0, second);
      const held = await login("operator", RIGHT, attacker);
      expect(held.statusCode).toBe(429);
      expect(held.headers["retry-after"]).toBe(String(wait));
      expect(held.json().error).toEqual({ code: "RATE_LIMITED", message: `登录失败次数过多，请 ${wait} 秒后再试`, retryAfterSeconds: wait });
      at(0, second + wait - 1);
      expect((await login("operator", "guess-x-Aa1", attacker)).statusCode).toBe(429);
      // The real user at the office is never slowed by it.
      at(0, second + wait - 1);
      expect((await login("operator", RIGHT, office)).statusCode).toBe(200);
      second += wait;
      at(0, second);
      expect((await login("operator", `guess-${second}-Aa1`, attacker)).statusCode).toBe(401);
    }
    // Held-back tries are not counted: seven failures in all, under the address's budget of eight.
    const failures = await t.db.selectFrom("login_attempts").select("id").where("ip", "=", attacker).where("success", "=", 0).execute();
    expect(failures).toHaveLength(7);
  });

  it("answers an unknown username exactly as a known one (status, Retry-After, body) in every state", async () => {
    const known = "reviewer.ltax";
    const ghost = "no.such.user";
    const ip = (side: number, n: number) => `10.4${side}.0.${n}`;
    /** The same try for both names (each from its own addresses) at the same second: the two answers must not differ. */
    const both = async (second: number, attempt: (username: string, side: number) => Promise<LightMyRequestResponse>) => {
      at(1, second);
      const a = answer(await attempt(known, 0));
      at(1, second);
      const b = answer(await attempt(ghost, 1));
      expect(b).toEqual(a);
      return a;
    };
    // Wrong password and unknown name.
    for (let i = 0; i < 3; i++) expect((await both(0, (u, side) => login(u, "wrong-Pass-1", ip(side, 1)))).status).toBe(401);
    // The pair waits.
    const waiting = await both(0, (u, side) => login(u, RIGHT, ip(side, 1)));
    expect(waiting).toMatchObject({ status: 429, retryAfter: "1" });
    // The address spent its budget on other names.
    for (let k = 0; k < 8; k++) expect((await both(1, (_, side) => login(`spray${k}`, "wrong-Pass-1", ip(side, 2)))).status).toBe(401);
    const spent = await both(2, (u, side) => login(u, RIGHT, ip(side, 2)));
    expect(spent).toMatchObject({ status: 429, retryAfter: String(15 * 60 - 1) });
    // A hundred failures lock the name, counted by the name typed.
    await failFromManyAddresses(known, 97, "10.43");
    await failFromManyAddresses(ghost, 97, "10.44");
    const locked = await both(300, (u, side) => login(u, RIGHT, ip(side, 3)));
    expect(locked).toEqual({
      status: 423,
      retryAfter: String(86_400 - 300),
      body: {
        error: {
          code: "ACCOUNT_LOCKED",
          message: "登录失败次数过多，该账号已暂停登录，请 24 小时后再试或联系系统管理员解锁",
          retryAfterSeconds: 86_400 - 300,
          lockedUntil: new Date(BASE + 2 * 86_400_000).toISOString(),
        },
      },
    });
  }, 90_000);

  it("locks a username after 100 failures from every address together; an administrator sees the lock and lifts it (audited)", async () => {
    const id = await userId("expert.fish");
    const lockedUntil = new Date(BASE + 4 * 86_400_000).toISOString();
    for (let i = 0; i < 3; i++) {
      at(3, 0);
      expect((await login("expert.fish", "wrong-Pass-1", "10.50.0.1")).statusCode).toBe(401);
    }
    at(3, 1);
    await failFromManyAddresses("expert.fish", 96, "10.51");
    at(3, 300);
    // The 100th failure locks it: refused with the right password too, from anywhere.
    expect((await login("expert.fish", "wrong-Pass-1", "10.52.0.1")).statusCode).toBe(401);
    const refused = await login("expert.fish", RIGHT, "10.52.0.2");
    expect(refused.statusCode).toBe(423);
    expect(refused.json().error).toMatchObject({ code: "ACCOUNT_LOCKED", lockedUntil });
    expect(sessionCookieOf(refused)).toBeNull();
    const lockAudit = await t.db.selectFrom("audit_log").select("detail").where("action", "=", "account.locked").where("entity_id", "=", id).execute();
    expect(lockAudit.map((a) => JSON.parse(a.detail!))).toEqual([{ username: "expert.fish", until: lockedUntil }]);

    const admin = await t.login("admin");
    expect((await admin.get(`/api/admin/users/${id}`)).json().lockedUntil).toBe(lockedUntil);
    const locks = await admin.get("/api/admin/login-locks");
    expect(locks.statusCode).toBe(200);
    expect(locks.json().accounts).toEqual([
      {
        username: "expert.fish",
        userId: id,
        displayName: "陆建华",
        failures: 100,
        addresses: 98,
        firstFailureAt: expect.stringMatching(new RegExp(`^${new Date(BASE + 3 * 86_400_000).toISOString().slice(0, 19)}`)),
        lastFailureAt: expect.any(String),
        lockedUntil,
      },
    ]);
    expect(locks.json().pairs).toContainEqual(expect.objectContaining({ username: "expert.fish", userId: id, ip: "10.50.0.1", failures: 3 }));
    const read = await t.db.selectFrom("audit_log").select("detail").where("action", "=", "list").where("entity", "=", "login_lock").execute();
    expect(read).toHaveLength(1);

    const supervisor = await t.login("supervisor");
    expect((await supervisor.get("/api/admin/login-locks")).statusCode).toBe(403);
    expect((await supervisor.post(`/api/admin/users/${id}/unlock`)).statusCode).toBe(403);
    expect((await admin.post(`/api/admin/users/${randomUUID()}/unlock`)).statusCode).toBe(404);

    at(3, 330);
    const lifted = await admin.post(`/api/admin/users/${id}/unlock`);
    expect(lifted.statusCode).toBe(200);
    expect(lifted.json().lockedUntil).toBeNull();
    const adminId = await userId("admin");
    const unlockAudit = await t.db.selectFrom("audit_log").select(["actor_id", "detail"]).where("action", "=", "account.unlock").where("entity_id", "=", id).execute();
    expect(unlockAudit.map((a) => ({ actor: a.actor_id, detail: JSON.parse(a.detail!) }))).toEqual([{ actor: adminId, detail: { username: "expert.fish", lockedUntil } }]);
    // Lifted with every address's wait on the name: even the pair that was waiting signs in.
    expect((await login("expert.fish", RIGHT, "10.50.0.1")).statusCode).toBe(200);
    const after = (await admin.get("/api/admin/login-locks")).json();
    expect(after.accounts).toEqual([]);
    expect(after.pairs.filter((p: { username: string }) => p.username === "expert.fish")).toEqual([]);
  }, 90_000);

  it("lifts the lock by itself once the failures leave LOCKOUT_MINUTES (a day), and a success starts the count again", async () => {
    at(5, 0);
    await failFromManyAddresses("shenhao", 100, "10.60");
    at(5, 300);
    expect((await login("shenhao", RIGHT, "10.61.0.1")).statusCode).toBe(423);
    at(6, -60);
    expect((await login("shenhao", RIGHT, "10.61.0.1")).statusCode).toBe(423);
    at(6, 60);
    expect((await login("shenhao", RIGHT, "10.61.0.1")).statusCode).toBe(200);
    // Counted again from zero: one more failure does not lock it.
    expect((await login("shenhao", "wrong-Pass-1", "10.61.0.2")).statusCode).toBe(401);
    expect((await login("shenhao", RIGHT, "10.61.0.3")).statusCode).toBe(200);
  }, 90_000);

  it("lifts every address's wait on a username when the administrator unlocks it from the edit form (PATCH unlock)", async () => {
    for (let i = 0; i < 3; i++) {
      at(7, 0);
      expect((await login("fangyu", "wrong-Pass-1", "10.80.0.1")).statusCode).toBe(401);
    }
    at(7, 0);
    expect((await login("fangyu", RIGHT, "10.80.0.1")).statusCode).toBe(429);
    const admin = await t.login("admin");
    const locks = (await admin.get("/api/admin/login-locks")).json();
    expect(locks).toMatchObject({ threshold: 100, windowMinutes: 1440, accounts: [], addresses: [] });
    expect(locks.pairs).toEqual([
      { username: "fangyu", userId: await userId("fangyu"), displayName: "方瑜", ip: "10.80.0.1", failures: 3, lastFailureAt: expect.any(String), waitUntil: new Date(BASE + 7 * 86_400_000 + 1000).toISOString() },
    ]);
    expect((await admin.patch(`/api/admin/users/${await userId("fangyu")}`, { unlock: true })).statusCode).toBe(200);
    at(7, 0);
    expect((await login("fangyu", RIGHT, "10.80.0.1")).statusCode).toBe(200);
  });

  it("keeps evaluator pairing codes and logins on budgets of their own", async () => {
    const admin = await t.login("admin");
    const created = (await admin.post("/api/admin/evaluators", { windowId: t.window.A02, label: "A02 评价器" })).json();
    const pair = (code: string, ip: string) => t.app.inject({ method: "POST", url: "/api/evaluator/pair", payload: { code }, remoteAddress: ip });
    // Ten wrong codes spend the address's pairing budget (PAIRING_RATE_LIMIT) …
    for (let i = 0; i < 10; i++) expect((await pair("ZZZZZZZZ", "10.70.0.1")).statusCode).toBe(400);
    const held = await pair(created.pairingCode, "10.70.0.1");
    expect(held.statusCode).toBe(429);
    expect(held.json().error.message).toBe("配对码错误次数过多，请 15 分钟后再试");
    expect(Number(held.headers["retry-after"])).toBeGreaterThan(14 * 60);
    // … and none of its login budget.
    expect((await login("yaoqian", "wrong-Pass-1", "10.70.0.1")).statusCode).toBe(401);
    expect((await login("yaoqian", RIGHT, "10.70.0.1")).statusCode).toBe(200);
    // Eight failed logins spend the login budget, and none of the pairing budget.
    for (let i = 0; i < 8; i++) expect((await login(`ghost.pair${i}`, "wrong-Pass-1", "10.70.0.2")).statusCode).toBe(401);
    expect((await login("yaoqian", RIGHT, "10.70.0.2")).statusCode).toBe(429);
    expect((await pair("ZZZZZZZZ", "10.70.0.2")).statusCode).toBe(400);
    const paired = await pair(created.pairingCode, "10.70.0.2");
    expect(paired.statusCode).toBe(200);
    const kinds = await t.db.selectFrom("login_attempts").select(["kind", "ip"]).where("ip", "in", ["10.70.0.1", "10.70.0.2"]).where("success", "=", 0).execute();
    expect(kinds.filter((k) => k.kind === "evaluator.pairing").map((k) => k.ip).sort()).toEqual([...Array(10).fill("10.70.0.1"), "10.70.0.2"]);
  });

  it("gives 12316 progress look-ups budgets of their own, per address and per number (attempts.service)", async () => {
    const deps = { db: t.db, config: t.tdb.config };
    const lookup = (n: number, ip = "10.90.0.1") => ({ kind: "hotline.lookup" as const, ip, subject: `JX12316-${n}` });
    // Twenty wrong look-ups from one address (HOTLINE_LOOKUP_ADDRESS_LIMIT) spend its look-up budget …
    for (let i = 0; i < 20; i++) {
      await checkBudget(deps, lookup(i));
      await recordFailure(deps, lookup(i));
    }
    await expect(checkBudget(deps, lookup(99))).rejects.toMatchObject({ status: 429, message: "查询次数过多，请 15 分钟后再试，或拨打12316查询" });
    // … and none of its login budget.
    expect((await login("heming", "wrong-Pass-1", "10.90.0.1")).statusCode).toBe(401);
    expect((await login("heming", RIGHT, "10.90.0.1")).statusCode).toBe(200);
    // One number takes ten wrong look-ups (HOTLINE_LOOKUP_LIMIT) from any address, then waits.
    for (let i = 0; i < 10; i++) await recordFailure(deps, lookup(7, `10.91.0.${i + 1}`));
    await expect(checkBudget(deps, lookup(7, "10.91.0.99"))).rejects.toMatchObject({ status: 429 });
    await checkBudget(deps, lookup(8, "10.91.0.99"));
  });

  it("keeps a look-up nothing holds back as cleared until a try is recorded, and holds the next one back at once", async () => {
    const hub = { epoch: 0, subscribe: () => () => {} } as unknown as PushHub;
    const deps = { db: t.db, config: t.tdb.config, cleared: new ReadCache(t.db, TEST_DB_KIND, hub) };
    const lookup = (n: number, ip = "10.92.0.1") => ({ kind: "hotline.lookup" as const, ip, subject: `JX12316-K${n}` });
    for (let i = 0; i < 20; i++) {
      // Cleared (and kept so) before each failure; the failure drops what was kept.
      await checkBudget(deps, lookup(i));
      await checkBudget(deps, lookup(i));
      await recordFailure(deps, lookup(i));
    }
    await expect(checkBudget(deps, lookup(99))).rejects.toMatchObject({ status: 429 });
    await expect(checkBudget(deps, lookup(99))).rejects.toMatchObject({ status: 429 });
    await checkBudget(deps, lookup(99, "10.92.0.2"));
    await checkBudget(deps, lookup(7, "10.93.0.99"));
    for (let i = 0; i < 10; i++) await recordFailure(deps, lookup(7, `10.93.0.${i + 1}`));
    await expect(checkBudget(deps, lookup(7, "10.93.0.99"))).rejects.toMatchObject({ status: 429 });
    await checkBudget(deps, lookup(8, "10.93.0.99"));
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

  it("GET /api/auth/session answers 200 either way: the user and CSRF token when signed in, nulls for a visitor or after logout", async () => {
    const anon = await t.anonymous().get("/api/auth/session");
    expect(anon.statusCode).toBe(200);
    expect(anon.json()).toEqual({ user: null, csrfToken: null });
    const c = await t.login("founder");
    const me = (await c.get("/api/auth/me")).json();
    const session = await c.get("/api/auth/session");
    expect(session.statusCode).toBe(200);
    expect(session.json()).toEqual(me);
    await c.post("/api/auth/logout");
    expect((await c.get("/api/auth/session")).json()).toEqual({ user: null, csrfToken: null });
    // A cookie that names no session: nulls, and the cookie cleared.
    const stale = await t.app.inject({ method: "GET", url: "/api/auth/session", headers: { cookie: "yc_session=not-a-session" } });
    expect(stale.statusCode).toBe(200);
    expect(stale.json()).toEqual({ user: null, csrfToken: null });
    expect(stale.cookies.find((x) => x.name === "yc_session")?.value).toBe("");
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
