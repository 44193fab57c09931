import { describe, expect, it } from "vitest";
import { e2eSuite, newPage } from "./harness.js";

const e2e = e2eSuite();

// Issue 19, bad input: a page's bundle that does not load never leaves a blank page.
describe("a page whose bundle does not load", () => {
  it("an old tab after a deploy (its hashed file gone) reloads itself once and shows the page", async () => {
    const { page } = await newPage(e2e.browser, "chunk-deploy");
    // The first ask for the 12316 page's bundle finds nothing, as after a deploy; the reloaded page gets it.
    let refused = 0;
    await page.route(/\/assets\/AskPage-[^/]+\.js$/, async (route) => (refused++ === 0 ? route.fulfill({ status: 404, body: "not found" }) : route.continue()));
    let loads = 0;
    page.on("load", () => loads++);
    await page.goto(`${e2e.server.url}/12316`);
    await page.getByTestId("ask-page").waitFor();
    expect(refused).toBe(2);
    expect(loads).toBe(2);
  });

  it("a network that drops it: after the one reload, a zh-CN message with 重试, which loads the page", async () => {
    const { page } = await newPage(e2e.browser, "chunk-network");
    let offline = true;
    await page.route(/\/assets\/AskPage-[^/]+\.js$/, async (route) => (offline ? route.abort("internetdisconnected") : route.continue()));
    await page.goto(`${e2e.server.url}/12316`);
    await page.getByText("页面没有加载成功").waitFor();
    await page.getByText("网络不稳定，或网站刚刚更新。请检查网络后点“重试”。").waitFor();
    // No loop: the tab reloaded once, then said so.
    await page.waitForTimeout(500);
    await page.getByText("页面没有加载成功").waitFor();
    offline = false;
    await page.getByRole("button", { name: /重\s*试/ }).click();
    await page.getByTestId("ask-page").waitFor();
    await expect(page.getByText("页面没有加载成功").count()).resolves.toBe(0);
  });
});
