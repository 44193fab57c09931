import { JIAXING_FORMS, sampleApplication } from "@yichuang/core";
import ExcelJS from "exceljs";
import { PDFParse } from "pdf-parse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser, FACTORY_PASSWORD } from "../src/testing/factories.js";
import { startTestApp, type TestApp } from "./helpers/harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const ITEM = "QY-SL-LLC";

async function submitted(username = "founder") {
  const c = await t.login(username, username === "founder" ? undefined : FACTORY_PASSWORD);
  const draft = (await c.post("/api/applications", { serviceItem: ITEM })).json();
  const res = await c.post(`/api/applications/${draft.id}/submit`, { data: sampleApplication(), revision: draft.revision });
  expect(res.statusCode).toBe(200);
  return { client: c, app: res.json() };
}

describe("#service-items open data", () => {
  it("lists the service items and serves the unified form with its reduction report, without login", async () => {
    const items = (await t.anonymous().get("/api/service-items")).json();
    expect(items).toEqual([{ code: ITEM, name: "有限责任公司设立登记（一表制）", nameEn: "Limited company set-up (one form)" }]);
    const res = await t.anonymous().get(`/api/service-items/${ITEM}/form`);
    expect(res.statusCode).toBe(200);
    const { report, sections, forms } = res.json();
    expect(report.legacyFieldCount).toBe(253);
    expect(report.distinctElementCount).toBe(124);
    expect(report.askedFieldCount).toBeLessThanOrEqual(52);
    expect(report.departments.map((d: { department: string }) => d.department)).toEqual(["AMR", "QTS", "NTAX", "LTAX", "STATS"]);
    expect(forms).toHaveLength(5);
    expect(sections[0].block.key).toBe("company");
    expect((await t.anonymous().get("/api/service-items/NOPE/form")).statusCode).toBe(404);
  });
});

describe("#service-items guide", () => {
  it("serves the guide without login: materials, each department's legal and promised working days, fees", async () => {
    const res = await t.anonymous().get(`/api/service-items/${ITEM}/guide`);
    expect(res.statusCode).toBe(200);
    const g = res.json();
    expect(g.materials.filter((m: { mandatory: boolean }) => m.mandatory)).toHaveLength(7);
    expect(g.departments.map((d: { department: string; promisedDays: number }) => [d.department, d.promisedDays])).toEqual([
      ["AMR", 2],
      ["QTS", 1],
      ["NTAX", 1],
      ["LTAX", 1],
      ["STATS", 1],
    ]);
    expect(g.timeLimits).toEqual({ promisedDays: 2, legalDays: 30, sequentialLegalDays: 95 });
    expect(g.fees.every((f: { amountYuan: number }) => f.amountYuan === 0)).toBe(true);
    expect((await t.anonymous().get("/api/service-items/NOPE/guide")).statusCode).toBe(404);
  });
});

describe("#applications the founder's form", () => {
  it("saves a draft, resumes it from another device, and refuses a stale save", async () => {
    const phone = await t.login("founder");
    const draft = (await phone.post("/api/applications", { serviceItem: ITEM })).json();
    expect(draft).toMatchObject({ status: "draft", revision: 1 });
    expect(draft.number).toMatch(/^\d{4}-QY-\d{6}$/);
    const partial = { values: { name: "嘉兴草稿有限公司", tel: "0573-82345678" }, rows: {}, answers: {} };
    const saved = await phone.put(`/api/applications/${draft.id}`, { data: partial, revision: 1 });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().revision).toBe(2);

    const laptop = await t.login("founder");
    const resumed = (await laptop.get(`/api/applications/${draft.id}`)).json();
    expect(resumed.application.data.values.name).toBe("嘉兴草稿有限公司");
    expect(resumed.form.report.askedFieldCount).toBeLessThanOrEqual(52);

    const stale = await laptop.put(`/api/applications/${draft.id}`, { data: partial, revision: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.fields).toEqual([{ path: "revision", message: "版本：已过期" }]);
  });

  it("numbers drafts started at the same moment uniquely and in sequence", async () => {
    const c = await t.login("founder");
    const created = await Promise.all(Array.from({ length: 20 }, () => c.post("/api/applications", { serviceItem: ITEM })));
    expect(created.every((r) => r.statusCode === 201)).toBe(true);
    const numbers = created.map((r) => Number(r.json().number.split("-")[2])).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(20);
    expect(numbers.at(-1)! - numbers[0]!).toBe(19);
  });

  it("refuses an invalid value in a draft with the field named, and changes nothing", async () => {
    const c = await t.login("founder");
    const draft = (await c.post("/api/applications", { serviceItem: ITEM })).json();
    const bad = await c.put(`/api/applications/${draft.id}`, {
      data: { values: { lr_idtype: "10", lr_idno: "11010519491231002x", regcap: { amount: -1, currency: "CNY" } }, rows: {}, answers: {} },
      revision: 1,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([
      { path: "data.values.regcap", message: "注册资本：金额必须大于 0" },
      { path: "data.values.lr_idno", message: "法定代表人身份证件号码：末位 X 应为大写" },
    ]);
    const after = (await c.get(`/api/applications/${draft.id}`)).json().application;
    expect(after.revision).toBe(1);
    expect(after.data.values).toEqual({});
  });

  it("stores an application only when every field is valid", async () => {
    const c = await t.login("founder");
    const draft = (await c.post("/api/applications", { serviceItem: ITEM })).json();
    const incomplete = sampleApplication();
    delete incomplete.values.scope;
    const refused = await c.post(`/api/applications/${draft.id}/submit`, { data: incomplete, revision: 1 });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields).toEqual([{ path: "data.values.scope", message: "经营范围：必填" }]);
    expect((await c.get(`/api/applications/${draft.id}`)).json().application.status).toBe("draft");
    const ok = await c.post(`/api/applications/${draft.id}/submit`, { data: sampleApplication(), revision: 1 });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: "submitted" });
    expect(ok.json().submittedAt).toBeTruthy();
    const again = await c.put(`/api/applications/${draft.id}`, { data: sampleApplication(), revision: 2 });
    expect(again.statusCode).toBe(409);
  });

  it("refuses a body of the wrong shape", async () => {
    const c = await t.login("founder");
    const draft = (await c.post("/api/applications", { serviceItem: ITEM })).json();
    const res = await c.put(`/api/applications/${draft.id}`, { data: { values: [] }, revision: 1 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.map((f: { path: string }) => f.path)).toEqual(["data.values", "data.rows", "data.answers"]);
  });

  it("offers people the founder entered before instead of retyping them", async () => {
    const other = await buildUser(t.db, { roles: ["applicant"], displayName: "新申请人" });
    const { client } = await submitted(other.username);
    const people = (await client.get("/api/applications/known-people")).json();
    expect(people.map((p: { name: string }) => p.name).sort()).toEqual(["郭宇楠", "钱晓梅"]);
    expect(people[0]).toHaveProperty("idNumber");
  });

  it("hides another applicant's application", async () => {
    const { app } = await submitted();
    const stranger = await buildUser(t.db, { roles: ["applicant"] });
    const c = await t.login(stranger.username, FACTORY_PASSWORD);
    expect((await c.get(`/api/applications/${app.id}`)).statusCode).toBe(404);
  });
});

describe("#applications department views", () => {
  it("gives each department exactly its own form's fields, filled", async () => {
    const { app } = await submitted();
    const qts = await t.login("reviewer");
    const res = await qts.get(`/api/applications/${app.id}/forms/QTS`);
    expect(res.statusCode).toBe(200);
    const view = res.json();
    const qtsForm = JIAXING_FORMS.find((f) => f.department === "QTS")!;
    expect(view.fields.map((f: { element: string }) => f.element)).toEqual(qtsForm.fields.map((f) => f.element));
    const byLabel = Object.fromEntries(view.fields.map((f: { label: string; display: string }) => [f.label, f.display]));
    expect(byLabel["机构名称"]).toBe("嘉兴一窗水产有限公司");
    expect(JSON.stringify(view)).not.toContain("钱晓梅"); // the CFO is on the tax forms, not on 质监's
    const post = view.fields.find((f: { element: string }) => f.element === "dom_post");
    expect(post?.display ?? "314000").toBe("314000");
  });

  it("refuses a department any other department's form, and audits each read", async () => {
    const { app } = await submitted();
    const qts = await t.login("reviewer");
    const res = await qts.get(`/api/applications/${app.id}/forms/NTAX`);
    expect(res.statusCode).toBe(403);
    const amr = await t.login("reviewer.amr");
    const own = await amr.get(`/api/applications/${app.id}/forms/AMR`);
    expect(own.json().fields).toHaveLength(55);
    const sup = await t.login("supervisor");
    for (const d of ["AMR", "QTS", "NTAX", "LTAX", "STATS"]) expect((await sup.get(`/api/applications/${app.id}/forms/${d}`)).statusCode).toBe(200);
    const reads = await t.db.selectFrom("audit_log").selectAll().where("entity", "=", "application").where("entity_id", "=", app.id).where("action", "=", "read").execute();
    // The refused read is not a read; the reviewer's own and the supervisor's five are.
    expect(reads.map((r) => JSON.parse(r.detail!).department).sort()).toEqual(["AMR", "AMR", "LTAX", "NTAX", "QTS", "STATS"]);
    const founder = await t.login("founder");
    expect((await founder.get(`/api/applications/${app.id}/forms/AMR`)).statusCode).toBe(403);
  });
});

describe("#applications department exports", () => {
  it("exports the department's form to Excel and PDF with its Chinese text, read back from the files", async () => {
    const { app } = await submitted();
    const qts = await t.login("reviewer");
    const xlsx = await qts.get(`/api/applications/${app.id}/forms/QTS.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers["content-type"]).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("QTS")!;
    expect(ws.getCell("A1").value).toBe("组织机构代码申报表");
    const rows: string[] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map(String).join("|")));
    expect(rows.some((r) => r.includes("机构名称|嘉兴一窗水产有限公司"))).toBe(true);
    expect(rows.join("\n")).not.toContain("钱晓梅");

    const pdf = await qts.get(`/api/applications/${app.id}/forms/QTS.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    const text = (await new PDFParse({ data: new Uint8Array(pdf.rawPayload) }).getText()).text;
    expect(text).toContain("组织机构代码申报表");
    expect(text).toContain("嘉兴一窗水产有限公司");
    expect(text).toContain(app.number);

    expect((await qts.get(`/api/applications/${app.id}/forms/AMR.pdf`)).statusCode).toBe(403);
    expect((await qts.get(`/api/applications/${app.id}/forms/AMR.xlsx`)).statusCode).toBe(403);
  });
});

describe("#admin.forms versions", () => {
  const stats = JIAXING_FORMS.find((f) => f.department === "STATS")!;

  it("refuses a malformed definition with the JSON path of each problem", async () => {
    const admin = await t.login("admin");
    const bad = { ...stats, version: 2, fields: [{ ...stats.fields[0]!, source: "guess" }, { ...stats.fields[1]!, element: "no_such_element" }] };
    const res = await admin.post("/api/admin/forms", { definition: bad });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].path).toBe("definition.fields.0.source");
    const unknown = await admin.post("/api/admin/forms", { definition: { ...stats, version: 2, fields: [{ ...stats.fields[1]!, element: "no_such_element" }] } });
    expect(unknown.json().error.fields).toEqual([{ path: "definition.fields.0.element", message: expect.stringContaining("数据元 no_such_element 不存在") }]);
    const version = await admin.post("/api/admin/forms", { definition: { ...stats, version: 5 } });
    expect(version.json().error.fields).toEqual([{ path: "definition.version", message: "版本号应为 2" }]);
    expect((await admin.get("/api/admin/forms")).json()).toHaveLength(5);
  });

  it("takes a new version: the unified form follows, and earlier applications stay as they were", async () => {
    const { app: before } = await submitted();
    const admin = await t.login("admin");
    const v2 = { ...stats, version: 2, fields: stats.fields.filter((f) => f.element !== "web") };
    const res = await admin.post("/api/admin/forms", { definition: v2 });
    expect(res.statusCode).toBe(201);
    const stat = res.json().report.departments.find((d: { department: string }) => d.department === "STATS");
    expect(stat).toMatchObject({ version: 2, legacyFieldCount: stats.fields.length - 1 });
    const { app: after } = await submitted();
    const sup = await t.login("supervisor");
    expect((await sup.get(`/api/applications/${before.id}/forms/STATS`)).json().form.version).toBe(1);
    expect((await sup.get(`/api/applications/${before.id}/forms/STATS`)).json().fields).toHaveLength(stats.fields.length);
    expect((await sup.get(`/api/applications/${after.id}/forms/STATS`)).json().fields).toHaveLength(stats.fields.length - 1);
  });
});
