import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { LogGateway } from "../server/src/sms/gateway.js";
import { OutboxWorker } from "../server/src/sms/outbox.worker.js";
import { e2eSuite, pick } from "./harness.js";
import { loadConfig } from "../server/src/config.js";

// Twelve buyers in 南湖区 who follow 加州鲈, and three farmers who should not get the offer.
const e2e = e2eSuite({}, async (server) => {
  const at = new Date().toISOString();
  for (let i = 0; i < 15; i++) {
    const id = randomUUID();
    const role = i < 12 ? "buyer" : "farmer";
    await server.db.insertInto("sms_subscribers").values({ id, phone: `1385732${String(i).padStart(4, "0")}`, name: `收购商${i}`, village_code: "330402103215", role, tags: JSON.stringify(["加州鲈"]), created_by: null, created_at: at, updated_at: at }).execute();
    await server.db.insertInto("sms_subscriber_tags").values({ tag: "加州鲈", subscriber_id: id }).execute();
  }
});
const as = e2e.as;

describe("supply/demand SMS broadcast", () => {
  it("from a 12316 call to a verified notice, a targeted broadcast approved by a second person, its progress and delivery report", async () => {
    // The operator takes the call: a supply notice drafted with the caller as owner.
    const operator = await as("operator", "sms-operator");
    await operator.goto(`${e2e.server.url}/hotline/tickets`);
    await operator.getByTestId("new-call").click();
    await operator.getByTestId("call-phone").fill("13857312288");
    await operator.getByTestId("call-name").click();
    await operator.getByTestId("call-name").fill("沈阿根");
    await pick(operator, operator.getByTestId("call-village"), "新丰镇 竹林村委会", { search: "竹林村" });
    await operator.getByTestId("call-category").getByText("供求信息").click();
    await operator.getByTestId("call-product").fill("加州鲈");
    await operator.getByTestId("call-text").fill("有 1000 公斤加州鲈要卖，价格面议");
    await operator.getByLabel("供应", { exact: true }).check();
    await operator.getByLabel("供求品种").fill("加州鲈");
    await operator.getByLabel("数量").fill("1000");
    await operator.getByLabel("单位").fill("公斤");
    await operator.getByLabel("价格").fill("面议");
    await operator.getByTestId("call-submit").click();
    await operator.getByTestId("ticket-page").waitFor();

    // The operator may not verify their own draft: the supervisor does, then composes the broadcast.
    const supervisor = await as("supervisor", "sms-supervisor");
    await supervisor.getByRole("menuitem", { name: "供求信息审核" }).click();
    await supervisor.getByTestId("notices-table").getByText("有 1000 公斤加州鲈要卖，价格面议").waitFor();
    await supervisor.getByTestId("approve-加州鲈").click();
    await supervisor.getByTestId("notice-status").getByText("已通过").click();
    await supervisor.getByTestId("broadcast-加州鲈").click();
    await supervisor.getByTestId("composer").waitFor();
    await expect.poll(() => supervisor.getByTestId("broadcast-body").inputValue()).toContain("供应加州鲈1000");
    // The rules in force, from the settings; a field's error goes once the field is changed.
    await supervisor.getByTestId("broadcasts-intro").getByText(/08:00–21:00.*最多 3 条/).waitFor();
    await supervisor.getByTestId("broadcast-tags").locator(".ant-select-selection-item-remove").first().click();
    await supervisor.getByTestId("broadcast-preview").click();
    const tagError = supervisor.getByText(/^品种：/);
    await tagError.waitFor();
    await supervisor.getByTestId("broadcast-tags").click();
    await supervisor.keyboard.type("加州鲈");
    await supervisor.keyboard.press("Enter");
    await tagError.waitFor({ state: "detached" });
    await supervisor.getByTestId("broadcast-preview").click();
    await supervisor.getByTestId("preview-audience").getByText("12").waitFor();
    const text = (await supervisor.getByTestId("preview-text").textContent()) ?? "";
    expect(text).toMatch(/^【嘉兴12316】供应加州鲈1000.*拒收请回复R$/);
    await supervisor.getByTestId("preview-length").getByText(new RegExp(`^${text.length} 字，分 ${text.length > 70 ? 2 : 1} 条$`)).waitFor();
    await supervisor.getByTestId("broadcast-create").click();
    await supervisor.getByTestId("broadcast-status").getByText("待审批").waitFor();
    // Its author cannot approve it.
    await supervisor.getByTestId("broadcast-approve").waitFor({ state: "detached" });

    await operator.getByRole("menuitem", { name: "短信群发" }).click();
    await operator.getByTestId("broadcast-approve").click();
    await operator.getByTestId("broadcast-status").getByText(/已审批|发送中/).waitFor();

    // The outbox is sent (the embedded gateway) inside the allowed hours; the page follows live.
    // The e2e server runs on SQLite; the worker needs only its SMS settings (the defaults) and the engine.
    const worker = new OutboxWorker({ db: e2e.server.db, config: loadConfig({ DATA_DIR: "/tmp/unused" }) }, new LogGateway());
    const rows = await e2e.server.db.selectFrom("sms_outbox").selectAll().where("broadcast_id", "is not", null).execute();
    expect(rows).toHaveLength(12);
    const due = new Date(Math.max(Date.now(), ...rows.map((r) => Date.parse(r.not_before))));
    while ((await worker.runOnce(due)) > 0);
    await operator.getByTestId("broadcast-status").getByText("已发完").waitFor({ timeout: 10_000 });
    await operator.getByTestId("broadcast-progress").getByText(/已发出 12/).waitFor();
    // Receipts come back: three messages delivered (every part of each).
    for (const r of await e2e.server.db.selectFrom("sms_outbox").select("message_ids").where("broadcast_id", "is not", null).orderBy("id").limit(3).execute()) {
      for (const messageId of JSON.parse(r.message_ids!) as string[]) await worker.applyReceipt({ messageId, state: "delivered", stat: "DELIVRD", errorCode: null, at: new Date().toISOString() });
    }
    await operator.reload();
    await operator.getByTestId("broadcast-progress").getByText(/已发出 12 · 已送达 3/).waitFor();
    // The month's report counts the messages and their parts.
    const parts = text.length > 70 ? 2 : 1;
    await operator.getByTestId("sms-monthly").locator(".ant-table-summary").getByText(String(12 * parts)).waitFor();
  });

  it("imports a subscriber list with a progress bar; a bad row is reported by row and column and not imported", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("名单");
    ws.addRow(["手机号", "姓名", "村（社区）代码", "身份", "关注品种"]);
    ws.addRow(["13957390001", "陆建国", "330402103215", "收购商", "加州鲈、南美白对虾"]);
    ws.addRow(["139573900", "号码不全", "330402103215", "农户", "水稻"]);
    ws.addRow(["13957390003", "顾美英", "330402103215", "合作社", "葡萄"]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "yc-import-")), "订阅名单.xlsx");
    fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));

    const operator = await as("operator", "sms-import");
    await operator.getByRole("menuitem", { name: "短信订阅用户" }).click();
    await operator.getByTestId("subscribers-import").click();
    await operator.getByTestId("import-modal").locator('input[type="file"]').setInputFiles(file);
    await operator.getByTestId("import-start").click();
    await operator.locator('[data-testid="import-status"][data-status="done"]').waitFor();
    await operator.getByTestId("import-status").getByText("导入完成：新增 2，更新 0，未导入 1 行").waitFor();
    await operator.getByTestId("import-errors").getByText("手机号：须为 11 位手机号码").waitFor();
    expect(await operator.getByTestId("import-errors").locator("tbody tr.ant-table-row td").first().textContent()).toBe("3");
    await operator.getByTestId("import-modal").getByRole("button", { name: /Close|关闭/ }).click();
    await operator.getByTestId("subscribers-table").getByText("顾美英").waitFor();
    expect(await e2e.server.db.selectFrom("sms_subscribers").select("id").where("phone", "=", "139573900").execute()).toEqual([]);
    expect(await e2e.server.db.selectFrom("sms_subscribers").select("phone").where("phone", "in", ["13957390001", "13957390003"]).execute()).toHaveLength(2);
    // Her record in full: the consent the import recorded (how, by whom, which row), and a correction.
    await operator.getByTestId("subscribers-table").getByText("顾美英").click();
    const drawer = operator.getByTestId("subscriber-drawer");
    await drawer.getByTestId("subscriber-consents").getByText("名单导入（已有书面同意）").waitFor();
    await drawer.getByTestId("subscriber-consents").getByText("顾晓燕").waitFor();
    await drawer.getByTestId("subscriber-consents").getByText("导入第 4 行").waitFor();
    await drawer.getByTestId("subscriber-edit").click();
    await drawer.getByLabel("姓名").fill("顾美瑛");
    await drawer.getByTestId("subscriber-save").click();
    await drawer.getByText("顾美瑛 13957390003").waitFor();
    await operator.getByTestId("subscribers-table").getByText("顾美瑛").waitFor();
  });
});
