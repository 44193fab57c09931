import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./helpers/harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe("role and department scoping", () => {
  it("lets a clerk list the own department's staff but not another department's", async () => {
    const clerk = await t.login("clerk");
    const own = await clerk.get(`/api/departments/${t.dept.AMR}/members`);
    expect(own.statusCode).toBe(200);
    expect(own.json().map((m: { displayName: string }) => m.displayName).sort()).toEqual(["何明", "周红英", "张敏", "徐丽", "王珂"]);
    expect(own.json()[0]).not.toHaveProperty("phone");
    const other = await clerk.get(`/api/departments/${t.dept.QTS}/members`);
    expect(other.statusCode).toBe(403);
    expect(other.json().error).toEqual({ code: "FORBIDDEN", message: "您无权访问其他部门的数据" });
  });

  it("lets supervisors and admins see every department", async () => {
    for (const who of ["supervisor", "admin"]) {
      const c = await t.login(who);
      expect((await c.get(`/api/departments/${t.dept.QTS}/members`)).statusCode).toBe(200);
    }
  });

  it("keeps clerks, reviewers, operators, experts and applicants out of admin and audit routes, changing nothing", async () => {
    const before = await t.db.selectFrom("departments").select("id").execute();
    for (const who of ["clerk", "reviewer", "operator", "expert", "founder"]) {
      const c = await t.login(who);
      const list = await c.get("/api/admin/users");
      expect(list.statusCode, who).toBe(403);
      expect(list.json().error.code).toBe("FORBIDDEN");
      const write = await c.post("/api/admin/departments", { centreId: "x", code: "EVIL", nameZh: "x", nameEn: "x" });
      expect(write.statusCode, who).toBe(403);
      expect((await c.get("/api/audit")).statusCode, who).toBe(403);
      expect((await c.get("/api/admin/login-locks")).statusCode, who).toBe(403);
    }
    expect(await t.db.selectFrom("departments").select("id").execute()).toHaveLength(before.length);
  });

  it("answers 401 to anonymous calls of protected routes, before reading the body", async () => {
    const anon = t.anonymous();
    for (const [method, url] of [["GET", "/api/admin/users"], ["GET", "/api/audit"], ["GET", "/api/auth/me"], ["POST", "/api/admin/windows"], ["GET", "/api/admin/login-locks"]] as const) {
      const res = await anon.inject({ method, url, payload: method === "POST" ? "{not json" : undefined, headers: { "content-type": "application/json" } });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().error).toEqual({ code: "UNAUTHENTICATED", message: "请先登录" });
    }
  });

  it("records the denied requests nowhere as changes", async () => {
    const changes = await t.db.selectFrom("audit_log").select("action").where("action", "in", ["create", "update"]).execute();
    expect(changes).toHaveLength(0);
  });
});

describe("bad request bodies", () => {
  it("refuses a body of the wrong shape with 400 and changes nothing", async () => {
    const admin = await t.login("admin");
    const res = await admin.post("/api/admin/windows", [1, 2, 3]);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("VALIDATION_FAILED");
    const bad = await admin.inject({ method: "POST", url: "/api/admin/windows", payload: "{\"a\":", headers: { "content-type": "application/json" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([{ path: "body", message: "请求体：不是有效的 JSON" }]);
  });

  it("refuses a body over the size limit with 413 and changes nothing", async () => {
    const admin = await t.login("admin");
    const before = await t.db.selectFrom("windows").select("id").execute();
    const res = await admin.post("/api/admin/windows", {
      departmentId: t.dept.AMR,
      number: "Z99",
      nameZh: "大".repeat(600_000),
      nameEn: "x",
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toEqual({ code: "PAYLOAD_TOO_LARGE", message: "请求内容超过大小限制（最大 1 MB）" });
    expect(await t.db.selectFrom("windows").select("id").execute()).toHaveLength(before.length);
  });

  it("refuses a form-encoded body with 415", async () => {
    const admin = await t.login("admin");
    const res = await admin.inject({ method: "POST", url: "/api/admin/windows", payload: "a=1", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });
});
