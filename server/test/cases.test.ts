import { isValidUscc, sampleApplication } from "@yichuang/core";
import { PDFParse } from "pdf-parse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifyOverdueTasks } from "../src/cases/cases.service.js";
import { FileStore } from "../src/platform/files.js";
import { TEST_DB_KIND } from "./helpers/test-db.js";
import { startTestApp, type TestApp } from "./helpers/harness.js";
import { PDF, submittedCase as submitCase, upload } from "./helpers/cases.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const submittedCase = (materials?: string[]) => submitCase(t, materials);

const taskOf = (kase: { tasks: { department: string; id: string }[] }, d: string) => kase.tasks.find((x) => x.department === d)!;

describe("#cases materials", () => {
  it("accepts PDF, JPG and PNG by content, and refuses a wrong type or size with the field named, storing nothing", async () => {
    const founder = await t.login("founder");
    const draft = (await founder.post("/api/applications", { serviceItem: "QY-SL-LLC" })).json();
    expect((await upload(founder, draft.id, "M02")).statusCode).toBe(201);
    expect((await upload(founder, draft.id, "M03", PNG, "id.png", "image/png")).statusCode).toBe(201);
    const fake = await upload(founder, draft.id, "M04", Buffer.from("MZ this is an exe"), "scan.pdf");
    expect(fake.statusCode).toBe(400);
    expect(fake.json().error.fields).toEqual([{ path: "file", message: "文件：只接受 PDF、JPG、PNG 格式（按文件内容识别）" }]);
    const big = await upload(founder, draft.id, "M04", Buffer.concat([PDF, Buffer.alloc(11 * 1024 * 1024)]));
    expect(big.statusCode).toBe(400);
    expect(big.json().error.fields[0]).toEqual({ path: "file", message: "文件：超过大小限制（最大 10 MB）" });
    const unknown = await upload(founder, draft.id, "M99");
    expect(unknown.json().error.fields[0].path).toBe("materialCode");
    const listed = (await founder.get(`/api/applications/${draft.id}/materials`)).json();
    expect(listed.map((m: { materialCode: string }) => m.materialCode)).toEqual(["M02", "M03"]);
  });
});

describe("#cases single window, parallel review, one-time supplement notice", () => {
  it("runs a case from submission to a licence code: auto-approval, a supplement round that stops the clock, completion", async () => {
    const { founder, kase } = await submittedCase();
    expect(kase.number).toMatch(/^JX\d{4}-\d{6}$/);
    expect(kase.status).toBe("submitted");

    // Only the single window (AMR clerk) accepts; a clerk of another department may not.
    const otherClerk = await t.login("jiangfan");
    expect((await otherClerk.post(`/api/cases/${kase.id}/accept`)).statusCode).toBe(403);
    const clerk = await t.login("clerk");
    const inbox = (await clerk.get("/api/cases")).json();
    const seen = inbox.items.find((c: { id: string }) => c.id === kase.id);
    // Every mandatory material is there (M08, optional, is not).
    expect(seen).toMatchObject({ number: kase.number, status: "submitted", missingMaterials: 0, applicationId: kase.applicationId, companyName: sampleApplication().values.name });
    // A case without two mandatory materials shows them missing in the inbox.
    const { kase: short } = await submittedCase(["M02", "M03", "M04", "M05"]);
    const inbox2 = (await clerk.get("/api/cases")).json();
    expect(inbox2.items.find((c: { id: string }) => c.id === short.id)).toMatchObject({ missingMaterials: 2 });
    const accepted = await clerk.post(`/api/cases/${kase.id}/accept`);
    expect(accepted.statusCode).toBe(200);
    const a = accepted.json();
    expect(a.status).toBe("in_review");
    expect(a.tasks.map((x: { department: string }) => x.department).sort()).toEqual(["AMR", "LTAX", "NTAX", "QTS", "STATS"]);
    // Statistics' rule approved the clean case at once; the others are open with their promised deadlines.
    expect(taskOf(a, "STATS")).toMatchObject({ status: "approved", auto: true });
    expect(taskOf(a, "AMR")).toMatchObject({ status: "open", promisedDays: 2, light: "green" });
    expect((await clerk.post(`/api/cases/${kase.id}/accept`)).statusCode).toBe(409);

    // 质监 asks for a supplement, 工商 approves; a reviewer cannot decide another department's task.
    const qts = await t.login("reviewer");
    expect((await qts.post(`/api/tasks/${taskOf(a, "AMR").id}/decision`, { decision: "approve" })).statusCode).toBe(403);
    const ask = await qts.post(`/api/tasks/${taskOf(a, "QTS").id}/decision`, {
      decision: "supplement",
      items: [{ materialCode: "M05", text: "住所使用证明不清晰，请重新提供" }],
    });
    expect(ask.statusCode).toBe(200);
    expect(ask.json().status).toBe("in_review"); // others still deciding: no notice yet
    const amr = await t.login("reviewer.amr");
    expect((await amr.post(`/api/tasks/${taskOf(a, "AMR").id}/decision`, { decision: "approve" })).statusCode).toBe(200);
    expect((await amr.post(`/api/tasks/${taskOf(a, "AMR").id}/decision`, { decision: "approve" })).statusCode).toBe(409);
    const ntax = await t.login("reviewer.ntax");
    await ntax.post(`/api/tasks/${taskOf(a, "NTAX").id}/decision`, { decision: "supplement", items: [{ text: "请补充办税人联系电话" }] });
    const ltax = await t.login("reviewer.ltax");
    const last = await ltax.post(`/api/tasks/${taskOf(a, "LTAX").id}/decision`, { decision: "approve" });
    // Nobody is deciding any more: everything asked goes out in one notice and the clock stops.
    const waiting = last.json();
    expect(waiting.status).toBe("awaiting_supplement");
    expect(waiting.notices).toHaveLength(1);
    expect(waiting.notices[0].items.map((i: { department: string }) => i.department).sort()).toEqual(["NTAX", "QTS"]);
    expect(waiting.pausedSince).not.toBeNull();
    const notes = (await founder.get("/api/notifications")).json();
    expect(notes.filter((n: { title: string }) => n.title === "一次性补正告知")).toHaveLength(1);
    const sms = await t.db.selectFrom("sms_messages").selectAll().where("related_id", "=", kase.id).where("purpose", "=", "case.supplement").execute();
    expect(sms).toHaveLength(1);
    expect(sms[0]!.text).toMatch(/^【嘉兴行政审批】.*住所使用证明不清晰/);

    // The founder must upload what was asked before answering.
    const early = await founder.post(`/api/cases/${kase.id}/supplement`, {});
    expect(early.statusCode).toBe(400);
    expect(early.json().error.fields[0].path).toBe("materials.M05");
    expect((await upload(founder, kase.applicationId, "M05")).statusCode).toBe(201);
    const answered = await founder.post(`/api/cases/${kase.id}/supplement`, { note: "已重新提供" });
    expect(answered.statusCode).toBe(200);
    expect(answered.json()).toMatchObject({ status: "in_review", pausedSince: null });
    expect(taskOf(answered.json(), "QTS").status).toBe("open");

    await qts.post(`/api/tasks/${taskOf(a, "QTS").id}/decision`, { decision: "approve" });
    const done = (await ntax.post(`/api/tasks/${taskOf(a, "NTAX").id}/decision`, { decision: "approve" })).json();
    expect(done.status).toBe("completed");
    expect(isValidUscc(done.uscc)).toBe(true);
    expect(done.uscc.slice(2, 8)).toBe("330400");
    expect((await qts.post(`/api/tasks/${taskOf(a, "QTS").id}/decision`, { decision: "reject", reason: "x" })).statusCode).toBe(409);
    const tracked = (await founder.get(`/api/cases/${kase.id}`)).json();
    expect(tracked.tasks.every((x: { status: string }) => x.status === "approved")).toBe(true);
    expect(tracked.workingDaysElapsed).toBe(0);

    // The business licence, read back from the PDF.
    const licence = await founder.get(`/api/cases/${kase.id}/licence.pdf`);
    expect(licence.statusCode).toBe(200);
    const text = (await new PDFParse({ data: new Uint8Array(licence.rawPayload) }).getText()).text;
    expect(text).toContain("营 业 执 照");
    expect(text).toContain(done.uscc);
    expect(text).toContain(sampleApplication().values.name as string);
    expect(text).toContain("郭宇楠");
    expect(text).toContain("嘉兴市市场监督管理局");
  });

  it("refuses acceptance while a mandatory material is missing, and sends one notice listing everything instead", async () => {
    const { founder, kase } = await submittedCase(["M02", "M03", "M04"]);
    expect((await founder.get(`/api/cases/${kase.id}/licence.pdf`)).statusCode).toBe(409);
    const clerk = await t.login("clerk");
    const refused = await clerk.post(`/api/cases/${kase.id}/accept`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields.map((f: { path: string }) => f.path)).toEqual(["materials.M05", "materials.M06", "materials.M07"]);
    expect((await t.db.selectFrom("review_tasks").selectAll().where("case_id", "=", kase.id).execute())).toHaveLength(0);
    const notice = await clerk.post(`/api/cases/${kase.id}/supplement-notice`, {
      items: [
        { materialCode: "M05", text: "请提供住所使用证明" },
        { materialCode: "M06", text: "请提供名称预先核准通知书" },
        { materialCode: "M07", text: "请提供授权委托书" },
      ],
    });
    expect(notice.statusCode).toBe(200);
    expect(notice.json().status).toBe("awaiting_supplement");
    for (const code of ["M05", "M06", "M07"]) await upload(founder, kase.applicationId, code);
    expect((await founder.post(`/api/cases/${kase.id}/supplement`, {})).json().status).toBe("submitted");
    expect((await clerk.post(`/api/cases/${kase.id}/accept`)).statusCode).toBe(200);
  });

  it("reports an overdue task to its department and the supervisors once, whichever instance sweeps", async () => {
    const { kase } = await submittedCase();
    const clerk = await t.login("clerk");
    const a = (await clerk.post(`/api/cases/${kase.id}/accept`)).json();
    await t.db.updateTable("review_tasks").set({ deadline_date: "2026-01-05", started_date: "2026-01-02" }).where("id", "=", taskOf(a, "QTS").id).execute();
    const deps = { db: t.db, config: t.tdb.config, files: new FileStore("/tmp/unused"), calendar: t.app.workingCalendar.service };
    // Two instances sweep: side by side on PostgreSQL; the embedded SQLite file has one instance.
    const other = { ...deps, db: t.tdb.reopen() };
    const counts =
      TEST_DB_KIND === "postgres"
        ? await Promise.all([notifyOverdueTasks(deps, "2026-11-27"), notifyOverdueTasks(other, "2026-11-27")])
        : [await notifyOverdueTasks(deps, "2026-11-27"), await notifyOverdueTasks(other, "2026-11-27")];
    expect(counts[0]! + counts[1]!).toBe(1);
    expect(await notifyOverdueTasks(deps, "2026-11-27")).toBe(0);
    const red = await t.db.selectFrom("notifications").selectAll().where("title", "=", "红牌：审批任务已超期").where("case_id", "=", kase.id).execute();
    const users = await t.db.selectFrom("users").select(["id", "username"]).where("id", "in", red.map((n) => n.user_id)).execute();
    expect(users.map((u) => u.username).sort()).toEqual(["reviewer", "supervisor"]);
    const sup = await t.login("supervisor");
    const board = (await sup.get("/api/supervision/board?light=red")).json();
    expect(board.items.map((i: { caseId: string; department: string }) => [i.caseId, i.department])).toContainEqual([kase.id, "QTS"]);
  });

  it("tells the department head named by the admin, not the department's other reviewers", async () => {
    const admin = await t.login("admin");
    const head = await admin.post("/api/admin/users", {
      username: "qts.head",
      displayName: "质监科长",
      password: "Head#Pass2026",
      roles: ["reviewer"],
      departmentId: t.dept.QTS,
      departmentHead: true,
    });
    expect(head.json()).toMatchObject({ departmentHead: true });
    const demoReviewer = (await admin.get(`/api/admin/users?q=reviewer&departmentId=${t.dept.QTS}`)).json().items.find((u: { username: string }) => u.username === "reviewer");
    await admin.patch(`/api/admin/users/${demoReviewer.id}`, { departmentHead: false });
    const noDept = await admin.post("/api/admin/users", { username: "nohead", displayName: "无部门", password: "Head#Pass2026", roles: ["supervisor"], departmentHead: true });
    expect(noDept.json().error.fields).toEqual([{ path: "departmentHead", message: "部门负责人：须先指定所属部门" }]);

    const { kase } = await submittedCase();
    const clerk = await t.login("clerk");
    const a = (await clerk.post(`/api/cases/${kase.id}/accept`)).json();
    await t.db.updateTable("review_tasks").set({ deadline_date: "2026-01-05" }).where("id", "=", taskOf(a, "QTS").id).execute();
    await notifyOverdueTasks({ db: t.db, config: t.tdb.config, files: new FileStore("/tmp/unused"), calendar: t.app.workingCalendar.service }, "2026-11-27");
    const red = await t.db.selectFrom("notifications").select("user_id").where("title", "=", "红牌：审批任务已超期").where("case_id", "=", kase.id).execute();
    const users = await t.db.selectFrom("users").select("username").where("id", "in", red.map((n) => n.user_id)).execute();
    expect(users.map((u) => u.username).sort()).toEqual(["qts.head", "supervisor"]);
  });

  it("shows every open task with its light on the supervision board, to supervisors only", async () => {
    const { kase } = await submittedCase();
    const clerk = await t.login("clerk");
    await clerk.post(`/api/cases/${kase.id}/accept`);
    const sup = await t.login("supervisor");
    const board = (await sup.get("/api/supervision/board?department=QTS")).json();
    expect(board.items.some((i: { caseId: string; light: string }) => i.caseId === kase.id && i.light === "green")).toBe(true);
    const red = (await sup.get("/api/supervision/board?light=red")).json();
    expect(red.items.every((i: { deadlineDate: string; light: string }) => i.deadlineDate < red.today && i.light === "red")).toBe(true);
    expect((await clerk.get("/api/supervision/board")).statusCode).toBe(403);
  });
});
