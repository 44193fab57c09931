import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addSheet, neutraliseWorkbook, safeCell, unneutralise, workbook, xlsxBytes } from "../src/shared/excel.js";
import { textProblem } from "../src/shared/http.js";
import { readImportFile } from "../src/sms/import-file.js";
import { multipart, PDF } from "./helpers/cases.js";
import { startTestApp, type TestApp } from "./helpers/harness.js";

const VILLAGE = "330402103";

/** Row counts of the tables a refused request could have written to. */
async function counts(t: TestApp) {
  const tables = ["hotline_tickets", "hotline_callers", "users", "departments", "audit_log", "case_materials", "sms_subscribers"] as const;
  const out: Record<string, number> = {};
  for (const table of tables) {
    const r = await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    out[table] = Number(r.n);
  }
  return out;
}

describe("text is text: control characters and lone surrogates refused at the edge, naming the field", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("knows text from what is not", () => {
    expect(textProblem("水稻\t稻瘟病\r\n怎么防治？😀")).toBeNull();
    expect(textProblem("a\u0000b")).toBe("不能包含控制字符（U+0000）");
    expect(textProblem("\u001b[31m")).toBe("不能包含控制字符（U+001B）");
    expect(textProblem("\u000b")).toBe("不能包含控制字符（U+000B）");
    expect(textProblem("x\uD800")).toContain("代理项");
    expect(textProblem("\uDC00x")).toContain("代理项");
    expect(textProblem("\u007f\u0085")).toBeNull(); // DEL and C1 are not C0: left to each field's own rules
  });

  it("a NUL in a path parameter, a query or a body answers 400 naming the field, on anonymous routes too", async () => {
    const anon = t.anonymous();
    const before = await counts(t);

    const param = await anon.get("/api/service-items/%00/form");
    expect(param.statusCode).toBe(400);
    expect(param.json().error).toMatchObject({ code: "VALIDATION_FAILED", fields: [{ path: "params.code", message: expect.stringContaining("不能包含控制字符（U+0000）") }] });

    const login = await anon.post("/api/auth/login", { username: "admin\u0000", password: "whatever-123" });
    expect(login.statusCode).toBe(400);
    expect(login.json().error.fields[0]).toMatchObject({ path: "username", message: expect.stringMatching(/^用户名：不能包含控制字符/) });

    const question = await anon.post("/api/public/hotline/requests", { phone: "13957300088", villageCode: VILLAGE, category: "other", text: "虾塘\u0000浮头" });
    expect(question.statusCode).toBe(400);
    expect(question.json().error.fields[0].path).toBe("text");
    expect(question.json().error.message).toContain("不能包含控制字符");

    const surrogate = await anon.post("/api/public/hotline/requests", { phone: "13957300088", villageCode: VILLAGE, category: "other", text: "虾塘\uD800浮头" });
    expect(surrogate.statusCode).toBe(400);
    expect(surrogate.json().error.message).toContain("代理项");

    // A path the router cannot decode answers in the same body, in zh-CN.
    for (const url of ["/api/service-items/%FF/form", `/api/service-items/${"x".repeat(200)}/form`]) {
      const bad = await anon.get(url);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error).toMatchObject({ code: "VALIDATION_FAILED", fields: [{ path: "params" }] });
    }

    const admin = await t.login("admin");
    const list = await admin.get("/api/admin/users?q=%00");
    expect(list.statusCode).toBe(400);
    expect(list.json().error.fields[0].path).toBe("querystring.q");

    // A key of a body object is text too.
    const key = await admin.post("/api/admin/users", { ["user\u0000name"]: "x" });
    expect(key.statusCode).toBe(400);
    expect(key.json().error.message).toContain("字段名");

    // Tabs and line breaks are text: the same question goes in.
    const ok = await anon.post("/api/public/hotline/requests", { phone: "13957300088", villageCode: VILLAGE, category: "other", text: "虾塘\t浮头\r\n怎么办" });
    expect(ok.statusCode).toBe(201);
    const after = await counts(t);
    // Only the accepted question (its ticket, caller and audit) changed anything.
    expect({ ...after, hotline_tickets: after.hotline_tickets - 1, hotline_callers: before.hotline_callers, audit_log: before.audit_log }).toEqual(before);
  });

  it("a control character in an uploaded file's name or a multipart field answers 400", async () => {
    const founder = await t.login("founder");
    const app = await founder.post("/api/applications", { serviceItem: "QY-SL-LLC" });
    if (app.statusCode !== 201) return expect.fail(`application: ${app.statusCode} ${app.body}`);
    const before = await counts(t);
    for (const name of ["章程\u0000.pdf", "章程\u001b[31m.pdf"]) {
      const m = multipart("M02", name, PDF);
      const res = await founder.inject({ method: "POST", url: `/api/applications/${app.json().id}/materials`, payload: m.payload, headers: m.headers });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields[0]).toMatchObject({ path: "file", message: expect.stringMatching(/^文件名：不能包含控制字符/) });
    }
    const field = multipart("M0\u00002", "章程.pdf", PDF);
    const bad = await founder.inject({ method: "POST", url: `/api/applications/${app.json().id}/materials`, payload: field.payload, headers: field.headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0]).toMatchObject({ path: "materialCode", message: expect.stringMatching(/^材料：不能包含控制字符/) });
    expect(await counts(t)).toEqual(before);
  });
});

describe("spreadsheets: user text never becomes a formula, and an export imports again unchanged", () => {
  it("neutralises text starting with = + - @ tab or CR, and reverses it on import", () => {
    for (const bad of ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]) {
      expect(safeCell(bad)).toBe(`'${bad}`);
      expect(unneutralise(safeCell(bad) as string)).toBe(bad);
    }
    for (const fine of ["王五", "13957300088", "'quoted", "a=b", 42, null]) expect(safeCell(fine)).toBe(fine);
    expect(unneutralise("'quoted")).toBe("'quoted");
  });

  it("every workbook written through xlsxBytes has its text cells neutralised", async () => {
    const wb = workbook();
    addSheet(wb, "名单", [{ key: "name", header: "姓名", width: 10 }], [{ name: '=HYPERLINK("http://x","y")' }]);
    wb.addWorksheet("其他").addRow(["@cmd", 3, "普通"]);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await xlsxBytes(wb)) as unknown as ArrayBuffer);
    const cell = back.getWorksheet("名单")!.getCell("A2");
    expect(cell.value).toBe(`'=HYPERLINK("http://x","y")`);
    expect(cell.formula).toBeUndefined();
    expect(back.getWorksheet("其他")!.getRow(1).values).toEqual([undefined, "'@cmd", 3, "普通"]);
    // Idempotent.
    neutraliseWorkbook(back);
    expect(back.getWorksheet("名单")!.getCell("A2").value).toBe(`'=HYPERLINK("http://x","y")`);
  });

  it("the import reads a neutralised cell as entered, and refuses a control character naming row and column", async () => {
    const csv = (rows: string[]) => Buffer.from(["手机号码,姓名,村代码,角色,关注品种", ...rows.map((r) => `${r},水稻`)].join("\r\n"), "utf8");
    const rows = await readImportFile("list.csv", csv([`13957300001,'=SUM(A1),${VILLAGE},farmer`]), 10);
    expect(rows[0]!.cells).toMatchObject({ name: "=SUM(A1)" });
    await expect(readImportFile("list.csv", csv([`13957300001,王\u0000五,${VILLAGE},farmer`]), 10)).rejects.toMatchObject({
      status: 400,
      fields: [{ path: "file", message: "文件：第 2 行「姓名」列不能包含控制字符（U+0000）" }],
    });
  });
});
