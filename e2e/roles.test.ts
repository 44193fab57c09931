import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

const HOMES = [
  { username: "admin", role: "admin", heading: "系统管理" },
  { username: "supervisor", role: "supervisor", heading: "督查工作台" },
  { username: "clerk", role: "clerk", heading: "窗口工作台" },
  { username: "reviewer", role: "reviewer", heading: "部门审核工作台" },
  { username: "operator", role: "operator", heading: "12316 热线工作台" },
  { username: "expert", role: "expert", heading: "专家工作台" },
  { username: "founder", role: "applicant", heading: "办事服务" },
];

describe("each demo role signs in and sees its home page", () => {
  for (const h of HOMES) {
    it(`${h.username} → ${h.heading}`, async () => {
      const { page } = await newPage(browser, `home-${h.username}`);
      await signIn(page, server.url, h.username);
      const home = page.getByTestId(`home-${h.role}`);
      await home.waitFor({ timeout: 15_000 });
      expect(await home.getByRole("heading", { level: 1 }).textContent()).toContain(h.heading);
      expect(new URL(page.url()).pathname).toBe("/");
      expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    });
  }
});

describe("sign-in journey", () => {
  it("shows a clear error for a wrong password and stays on the login page", async () => {
    const { page } = await newPage(browser, "wrong-password");
    await signIn(page, server.url, "clerk", "not-the-password-1");
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toContain("用户名或密码错误");
    expect(new URL(page.url()).pathname).toBe("/login");
  });

  it("returns to the page first asked for, and signs out", async () => {
    const { page } = await newPage(browser, "deep-link");
    await page.goto(`${server.url}/audit`);
    await page.waitForURL(/\/login/);
    await signIn(page, server.url, "supervisor");
    await page.waitForURL(/\/audit$/);
    await page.getByRole("button", { name: /退出登录/ }).click();
    await page.waitForURL(/\/login/);
    const res = await page.request.get(`${server.url}/api/auth/me`);
    expect(res.status()).toBe(401);
  });

  it("switches the interface to English and keeps the choice", async () => {
    const { page } = await newPage(browser, "english");
    await signIn(page, server.url, "clerk");
    await page.getByTestId("home-clerk").waitFor();
    await page.getByTestId("language-switch").click();
    await page.getByRole("heading", { name: "Window desk" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page.reload();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
  });
});
