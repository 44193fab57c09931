import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPage, pick, signIn, startServer, type E2EServer } from "./harness.js";

let server: E2EServer;
let browser: Browser;
beforeAll(async () => {
  // Ten failures lock a username here (100 in production) and no waits or address limit get in the way,
  // so the lock-out journey fits in a test; no other journey fails a login.
  server = await startServer({ LOCKOUT_THRESHOLD: "10", LOGIN_THROTTLE_AFTER: "20", LOGIN_RATE_LIMIT: "100" });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Picks an option of the antd Select labelled `label` inside `scope`. */
async function choose(page: Page, scope: ReturnType<Page["getByRole"]>, label: string, option: string) {
  await pick(page, scope.getByLabel(label, { exact: true }), option);
  // Close a multiple select's list by clicking the dialog's title (Escape would close the dialog).
  await scope.locator(".ant-modal-title").click();
}

describe("administration journey", () => {
  it("opens the entry page at / and sends a visitor to sign in", async () => {
    const { page } = await newPage(browser, "entry");
    const res = await page.goto(`${server.url}/`);
    expect(res?.status()).toBe(200);
    await page.waitForURL(/\/login/);
  });

  it("an admin creates a window clerk, who signs in; the supervisor finds it in the audit log", async () => {
    const { page } = await newPage(browser, "admin-create-user");
    await signIn(page, server.url, "admin");
    await page.getByTestId("home-admin").waitFor();
    await page.goto(`${server.url}/admin/users`);
    await page.getByRole("button", { name: "新建用户" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("用户名", { exact: true }).fill("e2e.clerk");
    await dialog.getByLabel("初始密码", { exact: true }).fill("E2e#Clerk2026");
    await dialog.getByLabel("姓名", { exact: true }).fill("测试窗口员");
    await choose(page, dialog, "角色", "窗口工作人员");
    await choose(page, dialog, "部门", "地方税务局（地税）");
    await dialog.getByRole("button", { name: "新建" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("cell", { name: "e2e.clerk" }).waitFor();
    await page.getByRole("button", { name: "退出登录" }).click();
    await page.waitForURL(/\/login/);

    await signIn(page, server.url, "e2e.clerk", "E2e#Clerk2026");
    await page.getByTestId("home-clerk").waitFor();
    await page.getByTestId("home-clerk").getByText("测试窗口员").first().waitFor();
    await page.getByRole("button", { name: "退出登录" }).click();
    await page.waitForURL(/\/login/);

    await signIn(page, server.url, "supervisor");
    await page.getByTestId("home-supervisor").waitFor();
    await page.goto(`${server.url}/audit`);
    await page.getByRole("cell", { name: /系统管理员/ }).first().waitFor();
    const text = await page.locator("table").first().textContent();
    expect(text).toContain("e2e.clerk");
  });

  it("an admin adds a window service (field errors shown on their fields), and the clerk's desk offers it", async () => {
    const { page } = await newPage(browser, "admin-window-service");
    await signIn(page, server.url, "admin");
    await page.getByTestId("home-admin").waitFor();
    await page.goto(`${server.url}/admin/org`);
    await page.getByTestId("window-service-create").click();
    const dialog = page.getByRole("dialog");
    await choose(page, dialog, "所属部门", "市场监管局");
    await dialog.getByLabel("事项编码", { exact: true }).fill("amr-zx");
    await dialog.getByLabel("中文名称", { exact: true }).fill("重复的事项");
    await dialog.getByLabel("英文名称", { exact: true }).fill("Duplicate");
    await dialog.getByRole("button", { name: "新 建" }).or(dialog.getByRole("button", { name: "新建" })).click();
    await dialog.getByText("事项编码：已存在").waitFor();
    await dialog.getByLabel("事项编码", { exact: true }).fill("AMR-DA");
    await dialog.getByLabel("中文名称", { exact: true }).fill("企业档案查询");
    await dialog.getByLabel("英文名称", { exact: true }).fill("Company file enquiry");
    await dialog.getByRole("button", { name: "新 建" }).or(dialog.getByRole("button", { name: "新建" })).click();
    await page.getByTestId("window-services").getByText("企业档案查询").waitFor();

    const clerk = await newPage(browser, "clerk-desk-service");
    await signIn(clerk.page, server.url, "clerk");
    await clerk.page.getByTestId("home-clerk").waitFor();
    await clerk.page.goto(`${server.url}/desk`);
    await clerk.page.getByText("企业档案查询").first().waitFor();
  });

  it("a username locked by failed logins shows on the users page, and the admin's 解锁 lets its owner in", async () => {
    const attempt = (password: string) =>
      fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "leader", password }) });
    for (let i = 0; i < 10; i++) expect((await attempt("wrong-Pass-1")).status).toBe(401);
    expect((await attempt("Jiaxing@2026")).status).toBe(423);

    const { page } = await newPage(browser, "admin-unlock");
    await signIn(page, server.url, "admin");
    await page.getByTestId("home-admin").waitFor();
    await page.goto(`${server.url}/admin/users`);
    const locks = page.getByTestId("login-locks");
    await locks.getByText("已锁定的用户名").waitFor();
    await locks.getByText("沈国华").waitFor();
    const row = page.getByRole("row").filter({ has: page.getByRole("cell", { name: "leader", exact: true }) });
    await row.getByText(/已锁定至/).waitFor();
    await row.getByRole("button", { name: /解\s*锁/ }).click();
    await page.getByText("已解锁：沈国华").waitFor();
    await locks.waitFor({ state: "detached" });
    expect(await row.getByText(/已锁定至/).count()).toBe(0);
    expect((await attempt("Jiaxing@2026")).status).toBe(200);
  });
});
