import { shanghaiDate } from "@yichuang/core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import { launchBrowser, newPage, signIn, startServer, type E2EServer } from "./harness.js";

let server: E2EServer;
let browser: Browser;
beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function as(username: string, name: string): Promise<Page> {
  const { page } = await newPage(browser, name);
  await signIn(page, server.url, username);
  await page.getByRole("button", { name: "退出登录" }).waitFor();
  return page;
}

describe("12316 duty board", () => {
  it("the operator sees who is on duty now and next; a supervisor's leave override takes today's turn, and cancelled gives it back", async () => {
    const operator = await as("operator", "duty-operator");
    await operator.getByRole("menuitem", { name: "坐诊值班" }).click();
    await operator.getByTestId("duty-page").waitFor();
    const before = (await operator.getByTestId("duty-now").textContent()) ?? "";
    const onDuty = /钱忠龙/.test(before) ? "钱忠龙" : "陆建华";
    const other = onDuty === "钱忠龙" ? "陆建华" : "钱忠龙";
    await operator.getByTestId("duty-next-name").waitFor();
    await operator.getByTestId("duty-schedule").locator("tbody tr.ant-table-row").nth(13).waitFor();
    // The operator reads; only supervisors and admins change the roster.
    await operator.getByTestId("add-override").waitFor({ state: "detached" });

    const supervisor = await as("supervisor", "duty-supervisor");
    await supervisor.goto(`${server.url}/hotline/duty`);
    await supervisor.getByTestId("duty-now-name").getByText(onDuty).waitFor();
    await supervisor.getByTestId("add-override").click();
    const today = shanghaiDate();
    await supervisor.getByPlaceholder("开始日期").fill(today);
    await supervisor.getByPlaceholder("结束日期").fill(today);
    await supervisor.getByPlaceholder("结束日期").press("Enter");
    await supervisor.getByLabel("值班专家").click();
    await supervisor.locator(".ant-select-item-option").filter({ hasText: other }).click();
    await supervisor.getByLabel("原因").fill(`${onDuty}请假，${other}代班`);
    await supervisor.getByRole("button", { name: /新\s*建/ }).click();
    await supervisor.getByTestId("duty-now-name").getByText(other).waitFor();
    await supervisor.getByTestId("duty-now").getByText(`调班（${onDuty}请假，${other}代班）`).waitFor();
    await supervisor.getByTestId("duty-overrides").getByText(`${onDuty}请假，${other}代班`).waitFor();

    await operator.reload();
    await operator.getByTestId("duty-now-name").getByText(other).waitFor();

    await supervisor.getByTestId("duty-overrides").getByRole("button", { name: /取消调班/ }).click();
    await supervisor.getByRole("button", { name: /确\s*定|OK/ }).click();
    await supervisor.getByTestId("duty-now-name").getByText(onDuty).waitFor();
    await supervisor.getByTestId("duty-overrides").getByText("暂无调班").waitFor();
  });
});
