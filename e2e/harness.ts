import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { AxeBuilder } from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, onTestFinished } from "vitest";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../server/src/app.js";
import { loadConfig, type Config } from "../server/src/config.js";
import { migrateToLatest, openDatabase, type Database } from "../server/src/db/database.js";
import { seedDemo } from "../server/src/demo/seed.js";
import { ensureRegistrationData } from "../server/src/registration/registration.service.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Where failed tests leave their screenshots. */
export const SCREENSHOT_DIR = path.join(root, "test-results", "screenshots");

/** The product served from a fresh SQLite database with the demo centre, as `npm start` serves it. */
export interface E2EServer {
  url: string;
  app: FastifyInstance;
  db: Database;
  config: Config;
  close(): Promise<void>;
}

/**
 * Starts the server with the built web app on a free port; `env` adds settings as the
 * environment would (e.g. EVALUATOR_PROMPT_SECONDS). E2E_WEB_DIST serves another build.
 */
export async function startServer(env: Record<string, string> = {}): Promise<E2EServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yc-e2e-"));
  const webDist = process.env.E2E_WEB_DIST || path.join(root, "web", "dist");
  if (!fs.existsSync(path.join(webDist, "index.html"))) throw new Error("web/dist is missing: run npm run build");
  const config = loadConfig({ ...env, DATA_DIR: dataDir, LOG_LEVEL: "silent", PORT: "0", WEB_DIST: webDist });
  const db = openDatabase(config.database);
  await migrateToLatest(db);
  await ensureRegistrationData(db);
  await seedDemo(db);
  const app = await buildApp({ config, db, logger: false });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    db,
    config,
    async close() {
      await app.close();
      await db.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Launches Debian's Chromium headless with the flags this closed network needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

/**
 * Records every Content-Security-Policy violation in the context's pages: the browser's
 * securitypolicyviolation event (what was blocked, by which directive, from where) and its console line.
 */
async function watchCsp(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeBinding("__ycCspViolation", (_source, text: string) => void violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const where = e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}` : "";
      const sample = e.sample ? ` (${e.sample})` : "";
      void (window as unknown as { __ycCspViolation(text: string): Promise<void> }).__ycCspViolation(
        `${e.effectiveDirective} blocked ${e.blockedURI || "inline"}${sample}${where} on ${document.location.pathname}`,
      );
    });
  });
  context.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  return violations;
}

/** What axe reports at these impacts fails a test (issue 19: zero serious or critical violations). */
const AXE_FAILING = new Set(["serious", "critical"]);
/** The rules of WCAG 2.1 A and AA, and axe's best practices. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
/** Pages (route shapes) already checked in this test file: each is checked once per file, plus each test's last state. */
const axeChecked = new Set<string>();

/** A route's shape: ids, codes and tokens in the path become ":x", so /cases/12 and /cases/13 are one page. */
function routeShape(url: string): string {
  const { pathname } = new URL(url);
  return pathname
    .split("/")
    .map((part) => (/\d/.test(part) && part.length > 2 ? ":x" : part))
    .join("/");
}

/**
 * Runs axe on every page a test shows (each route once per file, when its content has settled) and on
 * the page as the test leaves it; `settle()` waits for the checks and gives their serious and critical
 * violations, one line each.
 */
function watchAccessibility(page: Page): { settle(): Promise<string[]> } {
  const found = new Map<string, string>();
  let chain: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const check = async (final: boolean) => {
    for (let attempt = 0; attempt < 3 && !page.isClosed(); attempt++) {
      try {
        // A route already checked in this file is not waited for either (checked again after the wait: a redirect).
        if (!final && axeChecked.has(routeShape(page.url()))) return;
        // Wait until the DOM has been quiet for 300 ms (data loaded, lazy pages shown), at most 5 s.
        await page.evaluate(
          () =>
            new Promise<void>((resolve) => {
              let quiet: ReturnType<typeof setTimeout> = setTimeout(done, 300);
              const cap = setTimeout(done, 5_000);
              const observer = new MutationObserver(() => {
                clearTimeout(quiet);
                quiet = setTimeout(done, 300);
              });
              observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
              function done() {
                observer.disconnect();
                clearTimeout(quiet);
                clearTimeout(cap);
                resolve();
              }
            }),
        );
        const shape = routeShape(page.url());
        if (!final && axeChecked.has(shape)) return;
        axeChecked.add(shape);
        // Legacy mode runs axe inside the page: the default would open a blank page in the test's context.
        const results = await new AxeBuilder({ page }).setLegacyMode(true).withTags(AXE_TAGS).analyze();
        for (const v of results.violations) {
          if (!AXE_FAILING.has(v.impact ?? "")) continue;
          for (const node of v.nodes) {
            const key = `${v.id} ${node.target.join(" ")}`;
            if (!found.has(key)) found.set(key, `${v.impact} ${v.id} on ${shape}: ${v.help} — ${node.target.join(" ")} ${node.failureSummary?.replace(/\s+/g, " ") ?? ""}`);
          }
        }
        return;
      } catch {
        // The page navigated or closed while being checked: the next navigation checks again.
        if (!final) return;
      }
    }
  };
  const queue = (final: boolean) => (chain = chain.then(() => check(final)));
  page.on("framenavigated", (frame) => {
    if (frame !== page.mainFrame() || frame.url().startsWith("about:")) return;
    clearTimeout(timer);
    timer = setTimeout(() => void queue(false), 200);
  });
  return {
    async settle() {
      clearTimeout(timer);
      if (!page.isClosed() && !page.url().startsWith("about:")) await queue(true);
      await chain;
      return [...found.values()];
    },
  };
}

/**
 * A new page in a fresh context, closed when the current test finishes; when the
 * test failed, its screenshot is kept under test-results/screenshots first. The pages
 * run under the server's Content-Security-Policy: any violation fails the test.
 */
export async function newPage(browser: Browser, name: string, options: { locale?: string; phone?: boolean } = {}): Promise<{ page: Page; context: BrowserContext }> {
  // A phone: the size of a common one, touch, the mobile viewport meta honoured.
  const device = options.phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : { viewport: { width: 1400, height: 900 } };
  // Reduced motion: the product then turns antd's animations off, so axe never sees a half-faded element.
  const context = await browser.newContext({ ...device, locale: options.locale ?? "zh-CN", timezoneId: "Asia/Shanghai", acceptDownloads: true, reducedMotion: "reduce" });
  const violations = await watchCsp(context);
  const page = await context.newPage();
  const accessibility = watchAccessibility(page);
  onTestFinished(async ({ task }) => {
    const inaccessible = task.result?.state === "fail" ? [] : await accessibility.settle();
    const seen = [...violations];
    if ((task.result?.state === "fail" || seen.length > 0) && !page.isClosed()) {
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, "_")}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      console.error(`screenshot of the failed test: ${file}`);
    }
    await context.close().catch(() => undefined);
    if (seen.length > 0) throw new Error(`Content-Security-Policy violations in ${name}:\n${seen.join("\n")}`);
    if (inaccessible.length > 0) throw new Error(`Accessibility (axe, serious or critical) in ${name}:\n${inaccessible.join("\n")}`);
  });
  return { page, context };
}

/** Signs in through the login page. */
export async function signIn(page: Page, baseUrl: string, username: string, password = "Jiaxing@2026"): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: /登\s*录/ }).click();
}

/**
 * Picks `option` in an antd Select — `select` is its root (a data-testid) or its input (a label) —
 * typing `search` first when given, and picks again until the select shows `shows` (default: the
 * option's text). On a loaded machine the option list animates open and a click can land before the
 * option is there. A select already showing the choice is left alone, so a multiple select's tag is
 * never toggled off; its list stays open for the caller to close.
 */
export async function pick(page: Page, select: Locator, option: string, o: { search?: string; shows?: string } = {}): Promise<void> {
  const isInput = (await select.evaluate((el) => el.tagName)) === "INPUT";
  const root = isInput ? select.locator("xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' ant-select ')][1]") : select;
  const input = isInput ? select : select.locator("input").first();
  const shows = o.shows ?? option;
  const shown = async () => (await root.innerText()).includes(shows);
  await expect
    .poll(
      async () => {
        if (await shown()) return true;
        await root.click({ timeout: 5_000 });
        if (o.search !== undefined) await input.fill(o.search, { timeout: 5_000 });
        await page.locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: option }).first().click({ timeout: 5_000 });
        return shown();
      },
      { timeout: 30_000, interval: 200 },
    )
    .toBe(true);
}

/**
 * One test file's server (with `setup` run on its database first) and browser, started before
 * its tests and closed after; `as(username, name)` is a page signed in through the login page.
 */
export function e2eSuite(env: Record<string, string> = {}, setup?: (server: E2EServer) => Promise<unknown>) {
  let server: E2EServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startServer(env);
    await setup?.(server);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const suite = {
    get server(): E2EServer {
      if (!server) throw new Error("e2eSuite: the server starts in beforeAll");
      return server;
    },
    get browser(): Browser {
      if (!browser) throw new Error("e2eSuite: the browser starts in beforeAll");
      return browser;
    },
    /** A page signed in as `username`, its home loaded (on a phone-sized screen with `phone`). */
    async as(username: string, name: string, options: { phone?: boolean } = {}): Promise<Page> {
      const { page } = await newPage(suite.browser, name, options);
      await signIn(page, suite.server.url, username);
      await page.getByRole("button", { name: "退出登录" }).waitFor();
      return page;
    },
  };
  return suite;
}

/**
 * A phone page fits its screen: the page does not scroll sideways, and every visible control
 * (button, link, field, radio, checkbox) lies within the screen's width, unless it sits inside
 * a region that scrolls sideways on its own (a wide table's body). Gives the controls off-screen.
 */
export async function offScreenControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width) out.push(`the page is ${document.documentElement.scrollWidth} px wide on a ${width} px screen`);
    const scrolls = (el: Element | null): boolean => {
      for (let e = el?.parentElement; e; e = e.parentElement) {
        const o = getComputedStyle(e).overflowX;
        if ((o === "auto" || o === "scroll") && e.scrollWidth > e.clientWidth) return true;
      }
      return false;
    };
    for (const el of document.querySelectorAll("button, a[href], input:not([type=hidden]), textarea, select, [role=radio], [role=checkbox], [role=button]")) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === "hidden") continue;
      if (el instanceof HTMLInputElement && el.type === "file") continue;
      if (el.closest("[aria-hidden=true], .ant-drawer:not(.ant-drawer-open)")) continue;
      if ((box.left < -1 || box.right > width + 1) && !scrolls(el)) {
        const name = (el.getAttribute("aria-label") || el.textContent || el.getAttribute("data-testid") || el.tagName).trim().slice(0, 40);
        out.push(`${el.tagName.toLowerCase()} "${name}" at ${Math.round(box.left)}–${Math.round(box.right)} px`);
      }
    }
    return out;
  });
}

/** The text shown smaller than `min` px (visible text only), a sample of each. */
export async function smallText(page: Page, min: number): Promise<string[]> {
  return page.evaluate((min) => {
    const out = new Map<string, string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const el = node.parentElement;
      if (!text || !el || el.closest("[aria-hidden=true], script, style, noscript, svg")) continue;
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (box.width === 0 || box.height === 0 || style.visibility === "hidden" || style.display === "none") continue;
      const size = parseFloat(style.fontSize);
      if (size < min) out.set(`${size}px ${text.slice(0, 20)}`, `${size}px "${text.slice(0, 30)}" in <${el.tagName.toLowerCase()} class="${el.className}">`);
    }
    return [...out.values()];
  }, min);
}

/** Whether the keyboard focus is on `target` or inside it. */
export function holdsFocus(target: Locator): Promise<boolean> {
  return target.evaluate((el) => el.contains(document.activeElement));
}

/** Presses Tab until the focus is on (or inside) `target`, at most `max` times; fails otherwise. */
export async function tabTo(page: Page, target: Locator, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await holdsFocus(target)) return;
  }
  throw new Error(`Tab did not reach ${target} in ${max} presses`);
}
