import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { failStalledImports, saveSubscriber } from "../src/sms/subscribers.repository.js";
import { type Client, startTestApp, type TestApp } from "./helpers/harness.js";

let t: TestApp;
let operator: Client;
const VILLAGE = "330402103215"; // 南湖区新丰镇竹林村
const TOWN = "330402103"; // 新丰镇

beforeAll(async () => {
  t = await startTestApp();
  operator = await t.login("operator");
});
afterAll(async () => t?.close());

const count = async (table: "sms_subscribers" | "sms_subscriber_tags" | "sms_consents" | "sms_imports") =>
  Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

function multipart(fileName: string, bytes: Buffer, fields: Record<string, string>) {
  const boundary = "----yc-sms-import";
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${fileName}"\r\ncontent-type: application/octet-stream\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

async function upload(fileName: string, bytes: Buffer, consentMethod = "import") {
  const m = multipart(fileName, bytes, { consentMethod });
  return operator.inject({ method: "POST", url: "/api/sms/imports", payload: m.payload, headers: m.headers });
}

async function finished(id: string) {
  // A few thousand rows on a loaded machine's PostgreSQL take seconds: wait on a deadline, not a count of polls.
  for (const end = Date.now() + 60_000; Date.now() < end; ) {
    const s = (await operator.get(`/api/sms/imports/${id}`)).json();
    if (s.status !== "processing") return s;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("import did not finish within 60 s");
}

async function xlsx(rows: (string | number)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("名单");
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe("SMS subscribers", () => {
  it("adds a real-name subscriber with the record of their consent; a known phone is refused; the list masks phones and is audited", async () => {
    const added = await operator.post("/api/sms/subscribers", { phone: "138 5731 2288", name: "沈阿根", villageCode: VILLAGE, role: "farmer", tags: ["南美白对虾", "水稻"], consent: { method: "paper", note: "村委会登记表" } });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ phone: "13857312288", name: "沈阿根", role: "farmer", tags: ["南美白对虾", "水稻"], village: "浙江省嘉兴市南湖区新丰镇竹林村委会", consents: [{ method: "paper", note: "村委会登记表" }] });
    expect(added.json().consents[0].recordedBy).toBeTruthy();
    const again = await operator.post("/api/sms/subscribers", { phone: "13857312288", name: "沈阿根", villageCode: VILLAGE, role: "farmer", tags: ["水稻"], consent: { method: "phone" } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.fields).toEqual([{ path: "phone", message: "手机号：13857312288 已登记" }]);

    const before = { s: await count("sms_subscribers"), c: await count("sms_consents") };
    const bad = await operator.post("/api/sms/subscribers", { phone: "0573-82001234", name: "王", villageCode: "330402999999", role: "boss", tags: [], consent: { method: "rumour" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path)).toEqual(["phone", "name", "villageCode", "role", "tags", "consent.method"]);
    expect(bad.json().error.fields[0].message).toBe("手机号：须为 11 位手机号码");
    expect({ s: await count("sms_subscribers"), c: await count("sms_consents") }).toEqual(before);

    const list = (await operator.get(`/api/sms/subscribers?tag=${encodeURIComponent("水稻")}&region=${TOWN}&role=farmer`)).json();
    expect(list.items.map((s: { phone: string }) => s.phone)).toEqual(["138****2288"]);
    expect((await operator.get(`/api/sms/subscribers?tag=${encodeURIComponent("湖羊")}`)).json().total).toBe(0);
    expect((await operator.get(`/api/sms/subscribers?region=330421`)).json().total).toBe(0);
    const audited = await t.db.selectFrom("audit_log").select("action").where("action", "like", "sms.subscriber%").execute();
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(["sms.subscriber.add", "sms.subscribers.read"]));
    // Approval-centre clerks have nothing to do here.
    expect((await (await t.login("clerk")).get("/api/sms/subscribers")).statusCode).toBe(403);
  });

  it("imports an Excel list: good rows whole with a consent each, bad rows reported by row and column and not imported at all", async () => {
    const before = { s: await count("sms_subscribers"), c: await count("sms_consents") };
    const file = await xlsx([
      ["手机号", "姓名", "村（社区）代码", "身份", "关注品种"],
      ["13957300001", "吴建国", VILLAGE, "农户", "湖羊、水稻"],
      ["13957300002", "钱小妹", VILLAGE, "收购商", "南美白对虾"],
      ["12345", "坏号码", VILLAGE, "农户", "水稻"], // row 4: bad phone
      ["13957300004", "周三", "330402999999", "农户", "水稻"], // row 5: unknown village
      ["13957300005", "李四", VILLAGE, "老板", ""], // row 6: bad role and no tags
      ["13957300001", "吴建国", VILLAGE, "农户", "湖羊"], // row 7: repeats row 2
      [],
      ["13857312288", "沈阿根", VILLAGE, "合作社", "南美白对虾；甲鱼"], // row 9: known: updated
    ]);
    const started = await upload("名单.xlsx", file);
    expect(started.statusCode).toBe(202);
    const s = await finished(started.json().id);
    expect(s).toMatchObject({ status: "done", total: 7, done: 7, imported: 2, updated: 1, rejected: 4 });
    expect(s.errors).toEqual([
      { row: 4, field: "手机号", message: "手机号：须为 11 位手机号码" },
      { row: 5, field: "村（社区）代码", message: "所在村（社区）：区划代码 330402999999 不存在" },
      { row: 6, field: "身份", message: "身份：须为 农户、收购商、合作社 之一" },
      { row: 6, field: "关注品种", message: "关注品种：至少 1 个" },
      { row: 7, field: "手机号", message: "手机号：与第 2 行重复" },
    ]);
    expect(await count("sms_subscribers")).toBe(before.s + 2);
    // A consent each for the two new subscribers; the known one's consent is on record already.
    expect(await count("sms_consents")).toBe(before.c + 2);
    expect(await t.db.selectFrom("sms_subscribers").select("id").where("phone", "in", ["13957300004", "13957300005"]).execute()).toEqual([]);
    const shen = (await operator.get(`/api/sms/subscribers?q=13857312288`)).json().items[0];
    expect(shen).toMatchObject({ role: "coop", tags: ["南美白对虾", "甲鱼"] });
    // The report as Excel, read back.
    const report = await operator.get(`/api/sms/imports/${s.id}/errors.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).text).toBe("名单.xlsx：共 7 行，新增 2，更新 1，未导入 4 行");
    expect([ws.getRow(3).getCell(1).value, ws.getRow(3).getCell(2).text]).toEqual([4, "手机号"]);
  });

  it("takes the consent date from the list when it has one; records a new consent only when it is later, never for a number that opted out", async () => {
    await t.db.insertInto("sms_opt_outs").values({ phone: "13857312288", at: new Date().toISOString(), source: "reply", detail: "R" }).onConflict((oc) => oc.doNothing()).execute();
    const consents = async (phone: string) => (await t.db.selectFrom("sms_consents as c").innerJoin("sms_subscribers as s", "s.id", "c.subscriber_id").select("c.given_at").where("s.phone", "=", phone).orderBy("c.given_at").execute()).map((c) => c.given_at);
    const before = { wu: await consents("13957300001"), shen: await consents("13857312288") };
    const csv = Buffer.from(
      [
        "手机号,姓名,村（社区）代码,身份,关注品种,同意时间",
        `13957300061,新用户甲,${VILLAGE},农户,水稻,2026-03-05`,
        `13957300001,吴建国,${VILLAGE},农户,湖羊,2099-01-01`, // in the future: refused
        `13857312288,沈阿根,${VILLAGE},合作社,南美白对虾,2026-11-30`, // opted out: data kept, no consent
        `13957300062,新用户乙,${VILLAGE},农户,水稻,2026-02-30`, // no such day
        `13957300063,新用户丙,${VILLAGE},农户,水稻,`, // none: the import's time
      ].join("\n"),
    );
    const s = await finished((await upload("名单.csv", csv)).json().id);
    expect(s).toMatchObject({ status: "done", imported: 2, updated: 1, rejected: 2 });
    expect(s.errors).toEqual([
      { row: 3, field: "同意时间", message: "同意时间：2099-01-01 晚于今天" },
      { row: 5, field: "同意时间", message: "同意时间：2026-02-30 不是有效日期（YYYY-MM-DD）" },
    ]);
    expect(await consents("13957300061")).toEqual(["2026-03-04T16:00:00.000Z"]);
    expect((await consents("13957300063")).length).toBe(1);
    expect({ wu: await consents("13957300001"), shen: await consents("13857312288") }).toEqual(before);
    // A later consent of a known, subscribed number is recorded beside the earlier one.
    const later = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const again = await finished((await upload("名单.csv", Buffer.from(`手机号,姓名,村（社区）代码,身份,关注品种,同意时间\n13957300061,新用户甲,${VILLAGE},农户,水稻,${later}\n`))).json().id);
    expect(again).toMatchObject({ updated: 1, rejected: 0 });
    expect((await consents("13957300061")).length).toBe(2);
  });

  it("imports a CSV saved by Excel in GB18030, and refuses an unreadable file or one without the columns, starting nothing", async () => {
    const csv = iconv.encode(`手机号,姓名,村（社区）代码,身份,关注品种\r\n13957300021,"陆阿大",${VILLAGE},农户,"葡萄,草莓"\r\n`, "gb18030");
    const s = await finished((await upload("名单.csv", csv, "paper")).json().id);
    expect(s).toMatchObject({ status: "done", imported: 1, rejected: 0 });
    expect((await operator.get(`/api/sms/subscribers?q=${encodeURIComponent("陆阿大")}`)).json().items[0].tags).toEqual(["葡萄", "草莓"]);

    const imports = await count("sms_imports");
    const noColumn = await upload("名单.csv", Buffer.from("手机号,姓名\n13957300031,张三\n"));
    expect(noColumn.statusCode).toBe(400);
    expect(noColumn.json().error.fields).toEqual([{ path: "file", message: "文件：第 1 行缺少列 “村（社区）代码”、“身份”、“关注品种”" }]);
    const notExcel = await upload("名单.xlsx", Buffer.from("not a workbook"));
    expect(notExcel.json().error.fields).toEqual([{ path: "file", message: "文件：不是有效的 Excel（.xlsx）文件" }]);
    // A zip that is no workbook is read on the workbook thread and refused alike.
    const brokenZip = await upload("名单.xlsx", Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]));
    expect(brokenZip.statusCode).toBe(400);
    expect(brokenZip.json().error.fields).toEqual([{ path: "file", message: "文件：不是有效的 Excel（.xlsx）文件" }]);
    const pdf = await upload("名单.pdf", Buffer.from("%PDF-1.4"));
    expect(pdf.json().error.fields[0].message).toBe("文件：须为 Excel（.xlsx）或 CSV 文件");
    const noConsent = await upload("名单.csv", csv, "hearsay");
    expect(noConsent.json().error.fields[0].path).toBe("consentMethod");
    expect(await count("sms_imports")).toBe(imports);
  });

  it("imports in the background: the server answers others meanwhile and the progress moves batch by batch", async () => {
    const rows = ["手机号,姓名,村（社区）代码,身份,关注品种"];
    for (let i = 0; i < 3000; i++) rows.push(`139${String(57400000 + i)},用户${i},${VILLAGE},农户,水稻`);
    const started = await upload("大名单.csv", Buffer.from(rows.join("\n")));
    expect(started.statusCode).toBe(202);
    const id = started.json().id;
    // Each poll is answered while the import runs (SQLite's queries run on the server's own thread).
    const seen: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const s = (await operator.get(`/api/sms/imports/${id}`)).json();
      seen.push(s.done);
      if (s.status !== "processing") break;
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(seen.at(-1)).toBe(3000);
    expect(seen.some((d) => d > 0 && d < 3000)).toBe(true);
    expect((await finished(id)).imported).toBe(3000);
  }, 90_000);

  it("exports every subscriber to Excel in the import's columns, and the export imports again unchanged", async () => {
    const res = await operator.get("/api/sms/subscribers/export.xlsx");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as string[]).slice(1, 6)).toEqual(["手机号", "姓名", "村（社区）代码", "所在村（社区）", "身份"]);
    const total = await count("sms_subscribers");
    expect(ws.rowCount).toBe(total + 1);
    const again = await finished((await upload("export.xlsx", res.rawPayload)).json().id);
    expect(again).toMatchObject({ status: "done", imported: 0, updated: total, rejected: 0 });
    expect(await count("sms_subscribers")).toBe(total);
  }, 90_000);

  it("opts a number out at the subscriber's request", async () => {
    const id = (await operator.get(`/api/sms/subscribers?q=13957300002`)).json().items[0].id;
    const out = await operator.post(`/api/sms/subscribers/${id}/opt-out`, { reason: "电话要求不再接收" });
    expect(out.json().optOut).toMatchObject({ source: "staff", detail: "电话要求不再接收" });
    expect((await operator.get(`/api/sms/subscribers?q=13957300002`)).json().items[0].optedOutAt).not.toBeNull();
  });

  it("an import cut off by a restart is marked failed with where it stopped; the rows it wrote stay", async () => {
    const at = new Date(Date.now() - 20 * 60_000).toISOString();
    const id = "5e0c3b1e-0000-4000-8000-000000000001";
    const base = { file_name: "名单.xlsx", total: 2000, imported: 500, updated: 0, consent_method: "paper", created_by: (await t.db.selectFrom("users").select("id").where("username", "=", "operator").executeTakeFirstOrThrow()).id, finished_at: null };
    await t.db.insertInto("sms_imports").values({ ...base, id, status: "processing", done: 500, errors: "[]", created_at: at, updated_at: at }).execute();
    // Another one still moving (its last batch a moment ago) is left alone.
    const live = "5e0c3b1e-0000-4000-8000-000000000002";
    await t.db.insertInto("sms_imports").values({ ...base, id: live, status: "processing", done: 100, errors: "[]", created_at: at, updated_at: new Date().toISOString() }).execute();
    expect(await failStalledImports(t.db, new Date(Date.now() - 5 * 60_000).toISOString(), new Date().toISOString())).toBe(1);
    const report = (await operator.get(`/api/sms/imports/${id}`)).json();
    expect(report).toMatchObject({ status: "failed", done: 500, imported: 500 });
    expect(report.errors.at(-1).message).toBe("导入中断（服务重启）：已处理 500 / 2000 行，已导入的行保留，其余未导入，请重新导入");
    expect((await operator.get(`/api/sms/imports/${live}`)).json().status).toBe("processing");
  });

  it("exports text a spreadsheet would take for a formula as text: a leading apostrophe, never a formula (subscribers and the import report)", async () => {
    // However it was stored (an old list, another system), a name beginning with = is written as text.
    const at = new Date().toISOString();
    await saveSubscriber(t.db, { id: randomUUID(), phone: "13957309901", name: '=HYPERLINK("http://x","y")', village_code: VILLAGE, role: "buyer", tags: JSON.stringify(["+加州鲈", "水产"]), created_by: null, created_at: at, updated_at: at }, true);
    const added = await operator.post("/api/sms/subscribers", { phone: "13957309902", name: "@王建国", villageCode: VILLAGE, role: "农户", tags: ["-湖羊"], consent: { method: "paper" } });
    expect(added.statusCode).toBe(201);
    const res = await operator.get("/api/sms/subscribers/export.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rowOf = (phone: string) => {
      let found: ExcelJS.Row | undefined;
      ws.eachRow((r) => {
        if (r.getCell(1).text === phone) found = r;
      });
      return found!;
    };
    const formula = rowOf("13957309901");
    expect(formula.getCell(2).value).toBe(`'=HYPERLINK("http://x","y")`);
    expect(formula.getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(formula.getCell(2).formula).toBeUndefined();
    expect(formula.getCell(6).value).toBe("'+加州鲈、水产");
    const at2 = rowOf("13957309902");
    expect([at2.getCell(2).value, at2.getCell(6).value]).toEqual(["'@王建国", "'-湖羊"]);
    // Plain text is left as it is.
    expect(rowOf("13957300001").getCell(2).value).toBe("吴建国");

    // The import report quotes the file's name: as text too.
    const s = await finished((await upload("=1+1.csv", Buffer.from(`手机号,姓名,村（社区）代码,身份,关注品种\n12345,坏号码,${VILLAGE},农户,水稻\n`))).json().id);
    expect(s).toMatchObject({ status: "done", rejected: 1 });
    const report = new ExcelJS.Workbook();
    await report.xlsx.load((await operator.get(`/api/sms/imports/${s.id}/errors.xlsx`)).rawPayload as unknown as ArrayBuffer);
    const title = report.worksheets[0]!.getRow(1).getCell(1);
    expect(title.value).toBe("'=1+1.csv：共 1 行，新增 0，更新 0，未导入 1 行");
    expect(title.type).toBe(ExcelJS.ValueType.String);
  });
});
