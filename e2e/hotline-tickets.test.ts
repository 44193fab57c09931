import { randomUUID } from "node:crypto";
import path from "node:path";
import fs from "node:fs";
import os from "node:os";
import { describe, expect, it } from "vitest";
import { e2eSuite, holdsFocus, newPage, pick, tabTo } from "./harness.js";
import { shanghaiToday } from "../server/src/platform/clock.js";

// 钱忠龙 (seeds, crops, plant protection) is on duty today whatever the date: an override set before the browser starts.
const e2e = e2eSuite({}, async (server) => {
  const [expert, supervisor] = await Promise.all(["expert", "supervisor"].map((u) => server.db.selectFrom("users").select("id").where("username", "=", u).executeTakeFirstOrThrow()));
  const centre = await server.db.selectFrom("centres").select("id").where("kind", "=", "farm").executeTakeFirstOrThrow();
  const today = shanghaiToday();
  await server.db
    .insertInto("duty_overrides")
    .values({ id: randomUUID(), centre_id: centre.id, from_date: today, to_date: today, expert_id: expert.id, reason: "端到端测试：钱忠龙坐诊", cancelled_at: null, created_by: supervisor.id, created_at: new Date().toISOString() })
    .execute();
});
const as = e2e.as;

// A 1×1 PNG, the photo taken at the pond.
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082", "hex");

describe("12316 tickets", () => {
  it("an operator logs a call; the duty expert transfers it; the specialist visits, records findings with a photo and closes; the farmer's satisfaction is recorded", async () => {
    // The operator takes the call: a returning caller is recognised later; this one is new.
    const operator = await as("operator", "ticket-operator");
    await operator.getByRole("menuitem", { name: "12316 工单" }).click();
    await operator.getByTestId("tickets-page").waitFor();
    await operator.getByTestId("new-call").click();
    await operator.getByTestId("call-phone").fill("13857312288");
    await operator.getByTestId("call-name").click(); // the phone field's blur looks the caller up
    await operator.getByTestId("caller-card").getByText("新来电，尚无记录").waitFor();
    await operator.getByTestId("call-name").fill("沈阿根");
    await pick(operator, operator.getByTestId("call-village"), "新丰镇 竹林村委会", { search: "竹林村" });
    await operator.getByTestId("call-product").fill("南美白对虾");
    await operator.getByTestId("call-text").fill("虾塘里的对虾这两天浮头，早上死了几十只，水有点发绿。");
    await operator.getByTestId("call-submit").click();
    await operator.getByTestId("ticket-page").waitFor();
    await expect.poll(() => operator.getByTestId("ticket-assignee").textContent()).toBe("钱忠龙");
    await operator.getByTestId("ticket-status").getByText("待坐诊专家处理").waitFor();
    const number = ((await operator.locator("h1").filter({ hasText: "12316-" }).first().textContent()) ?? "").match(/12316-\d{4}-\d{6}/)?.[0];
    expect(number).toBeTruthy();
    // Operators neither answer nor transfer.
    await operator.getByTestId("action-transfer").waitFor({ state: "detached" });

    // The duty expert transfers it to the aquaculture specialist.
    const duty = await as("expert", "ticket-duty-expert");
    await duty.getByRole("menuitem", { name: "12316 工单" }).click();
    await duty.getByTestId(`ticket-row-${number}`).click();
    await duty.getByTestId("action-transfer").click();
    await pick(duty, duty.getByTestId("transfer-specialty"), "水产养殖");
    await pick(duty, duty.getByTestId("transfer-expert"), "陆建华");
    await duty.getByTestId("transfer-note").fill("对虾浮头，请水产专家看看");
    await duty.getByRole("button", { name: /保\s*存/ }).click();
    await duty.getByTestId("ticket-status").getByText("已转专家").waitFor();
    await expect.poll(() => duty.getByTestId("ticket-assignee").textContent()).toBe("陆建华");
    await duty.getByTestId("action-answer").waitFor({ state: "detached" });

    // The specialist finds it among theirs, sends themselves on site, records what they found with a photo, and closes.
    const fish = await as("expert.fish", "ticket-specialist");
    await fish.getByRole("menuitem", { name: "12316 工单" }).click();
    await fish.getByTestId(`ticket-row-${number}`).click();
    await fish.getByTestId("ticket-timeline").getByText("对虾浮头，请水产专家看看").waitFor();
    await fish.getByTestId("action-dispatch").click();
    await fish.getByTestId("dispatch-address").fill("竹林村 3 组虾塘");
    await fish.getByRole("button", { name: /保\s*存/ }).click();
    await fish.getByTestId("ticket-status").getByText("上门服务中").waitFor();
    await fish.getByTestId("ticket-visits").getByText("浙江省嘉兴市南湖区新丰镇竹林村委会竹林村 3 组虾塘").waitFor();
    await fish.getByTestId("action-record_visit").click();
    await fish.getByTestId("visit-findings").fill("水体蓝藻偏多，溶氧不足，夜间增氧机未开");
    await fish.getByTestId("visit-advice").fill("每亩泼洒过硫酸氢钾复合盐 0.5 kg 改底，夜间全开增氧机，三天内少投饵");
    const photo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "yc-photo-")), "pond.png");
    fs.writeFileSync(photo, PNG);
    await fish.locator('input[type="file"]').setInputFiles(photo);
    await fish.getByTestId("visit-photo-list").getByText("pond.png").waitFor();
    await fish.getByRole("button", { name: /保\s*存/ }).click();
    await fish.getByTestId("visit-photos").locator("img").waitFor();
    await fish.getByTestId("action-close").click();
    await fish.getByRole("button", { name: /保\s*存/ }).click();
    await fish.getByTestId("ticket-status").getByText("已办结").waitFor();
    await fish.getByTestId("ticket-answer").getByText(/过硫酸氢钾复合盐/).waitFor();

    // The operator calls the farmer back and records their satisfaction.
    await operator.reload();
    await operator.getByTestId("ticket-status").getByText("已办结").waitFor();
    await operator.getByTestId("action-callback").click();
    await operator.getByTestId("callback-satisfaction").getByText("满意", { exact: true }).click();
    await operator.getByTestId("callback-note").fill("虾塘已不浮头");
    await operator.getByRole("button", { name: /保\s*存/ }).click();
    await operator.getByTestId("ticket-callback").getByText(/满意 · 电话/).waitFor();
    await operator.getByTestId("action-callback").waitFor({ state: "detached" });
    const kinds = await operator.getByTestId("ticket-timeline").locator(".ant-timeline-item strong").allTextContents();
    expect(kinds).toEqual(["登记", "转专家", "派专家上门", "记录上门情况", "办结", "回访"]);

    // The caller calls again: recognised by phone, with this ticket in their history.
    await operator.getByRole("menuitem", { name: "12316 工单" }).click();
    await operator.getByTestId("new-call").click();
    await operator.getByTestId("call-phone").fill("138 5731 2288");
    await operator.getByTestId("call-name").click();
    await operator.getByTestId("caller-card").getByText("老来电：沈阿根，第 2 次来电").waitFor();
    await operator.getByTestId("caller-history").getByText(number!).waitFor();
    await expect.poll(() => operator.getByTestId("call-name").inputValue()).toBe("沈阿根");

    // The answer is in the knowledge base, found by two characters of it.
    await operator.goto(`${e2e.server.url}/hotline/knowledge`);
    await operator.getByTestId("knowledge-search").locator("input").fill("增氧");
    await operator.getByTestId("knowledge-search").locator("input").press("Enter");
    await operator.getByTestId("knowledge-entry").first().getByRole("heading", { name: /南美白对虾/ }).waitFor();
    await operator.getByTestId("knowledge-entry").first().locator("mark").getByText("增氧").first().waitFor();
  });

  it("an unknown village is refused on its field and nothing is logged", async () => {
    const operator = await as("operator", "ticket-bad-input");
    await operator.goto(`${e2e.server.url}/hotline/tickets`);
    const before = Number((await e2e.server.db.selectFrom("hotline_tickets").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    await operator.getByTestId("new-call").click();
    await operator.getByTestId("call-phone").fill("12345");
    await operator.getByTestId("call-name").click();
    await operator.getByText("来电号码：须为 11 位手机号或带区号的固定电话").waitFor();
    await operator.getByTestId("call-submit").click();
    await operator.getByText("所在村（社区）：请按村名选择").waitFor();
    await operator.getByText("问题描述：必填").waitFor();
    const after = Number((await e2e.server.db.selectFrom("hotline_tickets").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    expect(after).toBe(before);
  });

  it("a farmer asks from the web without an account and follows the ticket by its number", async () => {
    const { page } = await newPage(e2e.browser, "ticket-web-farmer");
    await page.goto(`${e2e.server.url}/login`);
    await page.getByTestId("ask-link").click();
    await page.getByTestId("ask-page").waitFor();
    await page.getByTestId("ask-phone").fill("13957300009");
    await page.getByTestId("ask-name").fill("钱小妹");
    await pick(page, page.getByTestId("ask-village"), "新丰镇 竹林村委会", { search: "竹林村" });
    await page.getByText("政策咨询").click();
    await page.getByTestId("ask-text").fill("种粮大户补贴今年怎么申请？");
    await page.getByTestId("ask-submit").click();
    const done = (await page.getByTestId("ask-done").textContent()) ?? "";
    const number = done.match(/12316-\d{4}-\d{6}/)?.[0];
    expect(number).toBeTruthy();
    const row = await e2e.server.db.selectFrom("hotline_tickets").select(["channel", "category", "caller_phone"]).where("number", "=", number!).executeTakeFirstOrThrow();
    expect(row).toEqual({ channel: "web", category: "policy", caller_phone: "13957300009" });
    // A wrong last four digits finds nothing; the right ones show the progress.
    await page.getByTestId("ask-lookup-number").fill(number!);
    await page.getByTestId("ask-lookup-phone4").fill("1234");
    await page.getByTestId("ask-lookup").click();
    await page.getByText("该工单号与号码后四位对应的工单不存在").waitFor();
    await page.getByTestId("ask-lookup-phone4").fill("0009");
    await page.getByTestId("ask-lookup").click();
    await page.getByTestId("ask-found").getByText("待坐诊专家处理").waitFor();
    await page.getByTestId("ask-found").getByText("种粮大户补贴今年怎么申请？").waitFor();
    // The public view never shows the caller's phone.
    expect(await page.getByTestId("ask-found").textContent()).not.toContain("13957300009");
  });

  it("keyboard only: a farmer asks 12316 and looks up the progress without a mouse", async () => {
    const { page } = await newPage(e2e.browser, "ticket-web-keyboard");
    await page.goto(`${e2e.server.url}/12316`);
    await page.getByTestId("ask-page").waitFor();
    const keys = page.keyboard;
    await tabTo(page, page.getByTestId("ask-phone"));
    await keys.type("13957300029");
    await keys.press("Tab");
    await keys.type("沈阿婆");
    // The village: typed, the first match chosen with Enter.
    await keys.press("Tab");
    await keys.type("竹林村");
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: "新丰镇 竹林村委会" }).first().waitFor();
    await keys.press("Enter");
    await page.getByTestId("ask-village").getByText("新丰镇 竹林村委会").waitFor();
    // The category: Tab reaches the chosen one, arrow keys move the choice within the group.
    await tabTo(page, page.getByRole("radio", { name: "生产技术问题" }), 5);
    await keys.press("ArrowRight");
    await keys.press("ArrowRight");
    await expect.poll(() => page.getByRole("radio", { name: "政策咨询" }).isChecked()).toBe(true);
    await tabTo(page, page.getByTestId("ask-text"), 5);
    await keys.type("鸡不吃食，怎么办？");
    await tabTo(page, page.getByTestId("ask-submit"), 5);
    await keys.press("Enter");
    // The result takes the focus, so the number is read out.
    const done = page.getByTestId("ask-done");
    await done.waitFor();
    expect(await holdsFocus(done)).toBe(true);
    const number = ((await done.textContent()) ?? "").match(/12316-\d{4}-\d{6}/)?.[0];
    const row = await e2e.server.db.selectFrom("hotline_tickets").select(["category", "village_code", "caller_phone", "text"]).where("number", "=", number!).executeTakeFirstOrThrow();
    expect(row).toEqual({ category: "policy", village_code: "330402103215", caller_phone: "13957300029", text: "鸡不吃食，怎么办？" });

    // The progress look-up, by keyboard: the number, the last four digits, Enter.
    await tabTo(page, page.getByTestId("ask-lookup-number"));
    await keys.type(number!);
    await keys.press("Tab");
    await keys.type("0029");
    await keys.press("Enter");
    await page.getByTestId("ask-found").getByText("鸡不吃食，怎么办？").waitFor();
  });

  it("a farmer's offer from the web becomes a draft notice; one that came without its offer is drafted on the ticket", async () => {
    const { page } = await newPage(e2e.browser, "ticket-web-offer");
    await page.goto(`${e2e.server.url}/12316`);
    await page.getByTestId("ask-page").waitFor();
    await page.getByTestId("ask-phone").fill("13957300019");
    await page.getByTestId("ask-name").fill("褚阿三");
    await pick(page, page.getByTestId("ask-village"), "新丰镇 竹林村委会", { search: "竹林村" });
    await page.getByText("供求信息", { exact: true }).first().click();
    await page.getByText("供应", { exact: true }).click();
    await page.getByLabel("供求品种").fill("黄桃");
    await page.getByLabel("数量").fill("2");
    await page.getByLabel("单位").fill("吨");
    await page.getByTestId("ask-text").fill("家里 2 吨黄桃想卖");
    await page.getByTestId("ask-submit").click();
    const number = ((await page.getByTestId("ask-done").textContent()) ?? "").match(/12316-\d{4}-\d{6}/)?.[0];
    const offered = await e2e.server.db.selectFrom("supply_demand_notices as n").innerJoin("hotline_tickets as t", "t.id", "n.ticket_id").select(["n.product", "n.quantity", "n.unit", "n.status", "n.contact_phone"]).where("t.number", "=", number!).executeTakeFirstOrThrow();
    expect(offered).toEqual({ product: "黄桃", quantity: "2", unit: "吨", status: "draft", contact_phone: "13957300019" });

    // A question sent without its offer (as an Open311 app or an older form would): the operator drafts it on the ticket.
    const res = await fetch(`${e2e.server.url}/api/public/hotline/requests`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ phone: "13957300018", villageCode: "330402103215", category: "supply_demand", product: "湖羊", text: "想买 50 头湖羊" }) });
    expect(res.status).toBe(201);
    const bareNumber = ((await res.json()) as { number: string }).number;
    const ticketId = (await e2e.server.db.selectFrom("hotline_tickets").select("id").where("number", "=", bareNumber).executeTakeFirstOrThrow()).id;
    const operator = await as("operator", "ticket-draft-notice");
    await operator.goto(`${e2e.server.url}/hotline/tickets/${ticketId}`);
    await operator.getByTestId("action-notice").click();
    const dialog = operator.getByRole("dialog");
    await dialog.getByText("需求", { exact: true }).click();
    await dialog.getByLabel("供求品种").fill("湖羊");
    await dialog.getByLabel("数量").fill("50");
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await dialog.getByText("单位：填写数量时须有单位（如 公斤、头、亩）").waitFor();
    await dialog.getByLabel("单位").fill("头");
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await expect.poll(async () => await e2e.server.db.selectFrom("supply_demand_notices").select(["product", "unit", "kind", "status"]).where("ticket_id", "=", ticketId).execute()).toEqual([{ product: "湖羊", unit: "头", kind: "demand", status: "draft" }]);
    await expect.poll(async () => operator.getByTestId("action-notice").count()).toBe(0);
  });

  it("a supervisor sets a category's limits; a limit shorter than the response is refused on its row", async () => {
    const supervisor = await as("supervisor", "ticket-limits");
    await supervisor.goto(`${e2e.server.url}/hotline/tickets`);
    await supervisor.getByTestId("limits-open").click();
    const modal = supervisor.getByTestId("limits-modal");
    await modal.getByTestId("limit-response-market").waitFor();
    await modal.getByTestId("limit-response-market").fill("60");
    await modal.getByTestId("limit-solution-market").fill("45");
    await modal.getByTestId("limit-save-market").click();
    await modal.getByText("解决时限：不能短于响应时限").waitFor();
    await modal.getByTestId("limit-solution-market").fill("900");
    await modal.getByTestId("limit-save-market").click();
    await modal.getByText("本中心设置").waitFor();
    const row = await e2e.server.db.selectFrom("hotline_category_limits").select(["response_minutes", "solution_minutes"]).where("category", "=", "market").executeTakeFirstOrThrow();
    expect(row).toEqual({ response_minutes: 60, solution_minutes: 900 });
  });
});
