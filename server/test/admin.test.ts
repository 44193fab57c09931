import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./helpers/harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const countUsers = async () => Number((await t.db.selectFrom("users").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

describe("#admin.users", () => {
  it("creates an account that can sign in, and records who did it", async () => {
    const admin = await t.login("admin");
    const body = {
      username: "Xu.Li",
      displayName: "徐丽",
      password: "Window#Clerk2026",
      roles: ["clerk"],
      departmentId: t.dept.NTAX,
      staffNo: "JX3099",
      phone: "13905730999",
      email: "xuli@example.cn",
    };
    // A staff number is one person's: 姚倩 (demo) has JX3002.
    const taken = await admin.post("/api/admin/users", { ...body, staffNo: "JX3002" });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.fields).toEqual([{ path: "staffNo", message: "工号：已被其他账号使用" }]);
    const res = await admin.post("/api/admin/users", body);
    expect(res.statusCode).toBe(201);
    const user = res.json();
    expect(user).toMatchObject({ username: "xu.li", displayName: "徐丽", roles: ["clerk"], departmentId: t.dept.NTAX, disabled: false });
    const c = await t.login("xu.li", "Window#Clerk2026");
    expect((await c.get("/api/auth/me")).json().user.staffNo).toBe("JX3099");
    expect((await admin.patch(`/api/admin/users/${user.id}`, { staffNo: "JX1001" })).statusCode).toBe(409);
    const entry = await t.db.selectFrom("audit_log").selectAll().where("entity", "=", "user").where("entity_id", "=", user.id).where("action", "=", "create").executeTakeFirstOrThrow();
    expect(entry.actor_name).toContain("admin");
    expect(entry.ip).toBe("127.0.0.1");
  });

  it("refuses bad fields with each one named in zh-CN, and creates nothing", async () => {
    const admin = await t.login("admin");
    const before = await countUsers();
    const res = await admin.post("/api/admin/users", {
      username: "1bad name",
      displayName: "",
      password: "x",
      roles: ["king"],
      phone: "12345",
      email: "not-an-email",
    });
    expect(res.statusCode).toBe(400);
    const fields = Object.fromEntries(res.json().error.fields.map((f: { path: string; message: string }) => [f.path, f.message]));
    expect(Object.keys(fields).sort()).toEqual(["displayName", "email", "phone", "roles.0", "username"]);
    expect(fields.username).toMatch(/^用户名：/);
    expect(fields.displayName).toBe("姓名：不能为空");
    expect(fields.phone).toMatch(/^联系电话：格式不正确/);
    expect(fields.email).toMatch(/^电子邮箱：格式不正确/);
    expect(fields["roles.0"]).toMatch(/^角色（第 1 项）：取值无效/);
    expect(await countUsers()).toBe(before);
  });

  it("refuses a weak password and a clerk without a department, after the shape is right", async () => {
    const admin = await t.login("admin");
    const before = await countUsers();
    const res = await admin.post("/api/admin/users", { username: "weak.one", displayName: "弱", password: "weakweakweak", roles: ["clerk"] });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(["password", "departmentId"]);
    expect(res.json().error.fields[1].message).toBe("所属部门：窗口工作人员和部门审核人员必须指定部门");
    expect(await countUsers()).toBe(before);
  });

  it("refuses a duplicate username with 409", async () => {
    const admin = await t.login("admin");
    const res = await admin.post("/api/admin/users", { username: "CLERK", displayName: "重复", password: "Strong#Pass2026", roles: ["applicant"] });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: "CONFLICT", fields: [{ path: "username", message: "用户名：已被使用" }] });
  });

  it("changes roles and department, resets a password (ending sessions), and refuses to demote oneself", async () => {
    const admin = await t.login("admin");
    const target = await t.login("reviewer.ltax");
    const me = (await target.get("/api/auth/me")).json().user;
    const changed = await admin.patch(`/api/admin/users/${me.id}`, { roles: ["reviewer", "clerk"], departmentId: t.dept.LTAX });
    expect(changed.json().roles).toEqual(["clerk", "reviewer"]);
    expect((await target.get("/api/auth/me")).statusCode).toBe(200);
    const reset = await admin.patch(`/api/admin/users/${me.id}`, { password: "Reset#Pass2026" });
    expect(reset.statusCode).toBe(200);
    expect((await target.get("/api/auth/me")).statusCode).toBe(401);
    await t.login("reviewer.ltax", "Reset#Pass2026");
    const adminId = (await admin.get("/api/auth/me")).json().user.id;
    const self = await admin.patch(`/api/admin/users/${adminId}`, { disabled: true });
    expect(self.statusCode).toBe(400);
    expect((await admin.get("/api/auth/me")).statusCode).toBe(200);
  });

  it("answers 404 for an unknown user and 400 for a malformed id", async () => {
    const admin = await t.login("admin");
    expect((await admin.get("/api/admin/users/00000000-0000-4000-8000-000000000000")).statusCode).toBe(404);
    const bad = await admin.get("/api/admin/users/not-a-uuid");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe("params.id");
  });

  it("audits every read of personal data: the list with its filter and each record", async () => {
    const admin = await t.login("admin");
    const list = await admin.get(`/api/admin/users?q=jiang&departmentId=${t.dept.LTAX}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((u: { username: string }) => u.username)).toEqual(["jiangfan"]);
    const id = list.json().items[0].id;
    await admin.get(`/api/admin/users/${id}`);
    const supervisor = await t.login("supervisor");
    const reads = (await supervisor.get(`/api/audit?entity=user&entityId=${id}&action=read`)).json();
    expect(reads.total).toBe(1);
    expect(reads.items[0]).toMatchObject({ action: "read", entity: "user", entityId: id, ip: "127.0.0.1" });
    expect(reads.items[0].actorName).toContain("admin");
    const lists = (await supervisor.get("/api/audit?entity=user&action=list")).json();
    expect(lists.items[0].detail).toMatchObject({ filter: { q: "jiang", departmentId: t.dept.LTAX }, returned: 1 });
  });
});

describe("#admin.org", () => {
  it("creates and edits departments and windows, refusing duplicates and unknown parents", async () => {
    const admin = await t.login("admin");
    const org = (await t.anonymous().get("/api/org")).json();
    const approval = org.centres.find((c: { kind: string }) => c.kind === "approval");
    expect(org.departments.map((d: { code: string }) => d.code).sort()).toEqual(["AGRI", "AMR", "LTAX", "NTAX", "QTS", "STATS"]);
    const d = await admin.post("/api/admin/departments", { centreId: approval.id, code: "HOUSING", nameZh: "住建局", nameEn: "Housing" });
    expect(d.statusCode).toBe(201);
    const dup = await admin.post("/api/admin/departments", { centreId: approval.id, code: "HOUSING", nameZh: "住建局", nameEn: "Housing" });
    expect(dup.statusCode).toBe(409);
    const badCode = await admin.post("/api/admin/departments", { centreId: approval.id, code: "lower", nameZh: "x", nameEn: "x" });
    expect(badCode.json().error.fields[0].message).toMatch(/^部门代码：/);
    const w = await admin.post("/api/admin/windows", { departmentId: d.json().id, number: "F01", nameZh: "住建窗口", nameEn: "Housing window" });
    expect(w.statusCode).toBe(201);
    const orphan = await admin.post("/api/admin/windows", { departmentId: "00000000-0000-4000-8000-000000000000", number: "F02", nameZh: "x", nameEn: "x" });
    expect(orphan.statusCode).toBe(400);
    expect(orphan.json().error.fields[0]).toEqual({ path: "departmentId", message: "所属部门：部门不存在" });
    const off = await admin.patch(`/api/admin/windows/${w.json().id}`, { active: false, nameZh: "住建窗口（暂停）" });
    expect(off.json()).toMatchObject({ active: false, nameZh: "住建窗口（暂停）" });
    const after = (await t.anonymous().get("/api/org")).json();
    expect(after.windows.find((x: { number: string }) => x.number === "F01").active).toBe(false);
  });
});
