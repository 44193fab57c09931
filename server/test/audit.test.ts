import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./helpers/harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe("#audit.search", () => {
  it("finds entries by actor, action, entity and date, newest first, with where they came from", async () => {
    const admin = await t.login("admin");
    const created = await admin.post("/api/admin/users", {
      username: "audited.one",
      displayName: "审计对象",
      password: "Audit#Pass2026",
      roles: ["applicant"],
      phone: "13800000000",
    }, { "user-agent": "AuditTest/1.0" });
    const id = created.json().id;
    await admin.get(`/api/admin/users/${id}`);
    const sup = await t.login("supervisor");

    const byEntity = (await sup.get(`/api/audit?entity=user&entityId=${id}`)).json();
    expect(byEntity.items.map((i: { action: string }) => i.action)).toEqual(["read", "create"]);
    expect(byEntity.items[1].userAgent).toBe("AuditTest/1.0");

    const byActor = (await sup.get("/api/audit?actor=系统管理员&action=create")).json();
    expect(byActor.total).toBeGreaterThanOrEqual(1);
    expect(byActor.items.every((i: { actorName: string }) => i.actorName.includes("系统管理员"))).toBe(true);

    const logins = (await sup.get("/api/audit?action=login&limit=2")).json();
    expect(logins.items).toHaveLength(2);
    expect(logins.total).toBeGreaterThanOrEqual(2);
    expect(logins.items[0].at >= logins.items[1].at).toBe(true);

    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
    expect((await sup.get(`/api/audit?from=${today}&to=${today}&entityId=${id}`)).json().total).toBe(2);
    expect((await sup.get(`/api/audit?from=2020-01-01&to=2020-01-31&entityId=${id}`)).json().total).toBe(0);
  });

  it("refuses a bad date filter with the field named", async () => {
    const sup = await t.login("supervisor");
    const res = await sup.get("/api/audit?from=yesterday");
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ path: "querystring.from" });
    expect(res.json().error.fields[0].message).toMatch(/^开始时间：格式不正确/);
    // Days and instants that do not exist are refused too, not rolled over or failed on.
    for (const bad of ["2026-02-31", "2026-13-01T00:00:00Z", "2026-02-31T08:00:00+08:00", "2026-11-01T25:00:00Z"]) {
      const r = await sup.get(`/api/audit?to=${encodeURIComponent(bad)}`);
      expect(r.statusCode, bad).toBe(400);
      expect(r.json().error.fields[0].path).toBe("querystring.to");
    }
    expect((await sup.get(`/api/audit?from=${encodeURIComponent("2026-11-01T08:00:00+08:00")}`)).statusCode).toBe(200);
  });
});
