#!/usr/bin/env node
// The public pages on a village's phone (issue 19): Lighthouse 12.2.3 (the last that runs on Node 20)
// with its mobile defaults (Slow 4G and 4× CPU slowdown, simulated) in Debian's Chromium
// (CHROME_PATH, default /usr/bin/chromium), against the built product (server/dist and web/dist) on a
// fresh SQLite demo. For each public page: performance, LCP, bytes transferred on a first load,
// accessibility and best practices; and what a repeat visit transfers (the same page opened again in the
// same browser profile: the hashed bundles come from the cache, only the HTML and the API travel).
// Targets: performance ≥ 95, accessibility 100, best practices ≥ 95, LCP ≤ 2.0 s, first load ≤ 200 kB.
// Then the staff pages' first load (issue 19: ≤ 600 kB): each signed in as its user, opened with an empty
// cache at a laptop's size, every byte the page takes off the network until it is idle.
// Options: --pages=/login,/12316 (default every public page), --runs=N (median of N, default 1),
// --staff=only|none (only the staff table, or none of it).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { chromium } from "playwright-core";
import { withServer } from "./lib/server.mjs";

const opt = (name, dflt) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? dflt;
const RUNS = Number(opt("runs", 1));
const CHROME = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const PUBLIC = ["/login", "/12316", "/stars", "/evaluation", "/evaluator", "/rate/card"];
const STAFF_MODE = opt("staff", "yes");
const PAGES = STAFF_MODE === "only" ? [] : (opt("pages", undefined)?.split(",") ?? PUBLIC);
/** Staff pages, each as the demo user who works there. */
const STAFF = [
  ["clerk", "/desk"],
  ["clerk", "/window"],
  ["reviewer.amr", "/tasks"],
  ["operator", "/hotline/tickets"],
  ["operator", "/sms/broadcasts"],
  ["supervisor", "/supervision"],
  ["supervisor", "/assessment"],
  ["teamlead", "/outreach/log"],
  ["founder", "/applications"],
  ["leader", "/dashboard"],
];
const kB = (n) => Math.round(n / 1024);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * A fresh context of `browser` whose page records what each load takes off the network: `load(url)` opens
 * the URL, waits until the network is idle and gives [path, bytes] per request (0 for one the cache answered).
 */
async function measuredPage(browser, contextOptions) {
  const context = await browser.newContext({ locale: "zh-CN", ...contextOptions });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const urls = new Map();
  let sizes = new Map();
  cdp.on("Network.requestWillBeSent", (e) => urls.set(e.requestId, new URL(e.request.url).pathname));
  cdp.on("Network.loadingFinished", (e) => sizes.set(e.requestId, e.encodedDataLength));
  return {
    context,
    async load(url) {
      sizes = new Map();
      await page.goto(url, { waitUntil: "networkidle" });
      return [...sizes].map(([id, n]) => [urls.get(id), n]);
    },
  };
}
const sum = (transfers) => transfers.reduce((a, [, n]) => a + n, 0);

/** What a public page transfers when opened again in the same profile (the repeat visit), on a phone. */
async function repeatVisit(browser, url) {
  const m = await measuredPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  try {
    await m.load(url);
    const travelled = (await m.load(url)).filter(([, n]) => n > 0);
    return { repeat: sum(travelled), repeatFiles: travelled.map(([file, n]) => `${file} ${n} B`) };
  } finally {
    await m.context.close();
  }
}

/** Bytes a staff page takes off the network on a first load (empty cache), signed in as `username`. */
async function staffFirstLoad(browser, base, username, pagePath) {
  const m = await measuredPage(browser, { viewport: { width: 1400, height: 900 } });
  try {
    const signedIn = await m.context.request.post(`${base}/api/auth/login`, { data: { username, password: "Jiaxing@2026" } });
    if (!signedIn.ok()) throw new Error(`${username} could not sign in: ${signedIn.status()}`);
    const transfers = await m.load(`${base}${pagePath}`);
    return { total: sum(transfers), assets: sum(transfers.filter(([file]) => file?.startsWith("/assets/"))) };
  } finally {
    await m.context.close();
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yc-bench-web-"));
const rows = [];
const staffRows = [];
await withServer({ DATA_DIR: dir }, async (base) => {
  const browser = await chromium.launch({ executablePath: CHROME, args: ["--no-sandbox"] });
  // Lighthouse drives a Chromium of its own (chrome-launcher), started only when public pages are measured.
  const chrome = PAGES.length ? await chromeLauncher.launch({ chromePath: CHROME, chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"] }) : null;
  try {
    for (const p of PAGES) {
      const url = `${base}${p}`;
      const runs = [];
      for (let i = 0; i < RUNS; i++) {
        const r = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility", "best-practices"] });
        const lhr = r.lhr;
        runs.push({
          performance: Math.round(lhr.categories.performance.score * 100),
          accessibility: Math.round(lhr.categories.accessibility.score * 100),
          bestPractices: Math.round(lhr.categories["best-practices"].score * 100),
          lcpMs: Math.round(lhr.audits["largest-contentful-paint"].numericValue),
          transferred: lhr.audits["total-byte-weight"].numericValue,
          failing: Object.values(lhr.audits)
            .filter((a) => a.score !== null && a.score < 1 && ["accessibility", "best-practices"].some((c) => lhr.categories[c].auditRefs.some((ref) => ref.id === a.id && ref.weight > 0)))
            .map((a) => a.id),
        });
      }
      const visit = await repeatVisit(browser, url);
      const pick = (k) => median(runs.map((r) => r[k]));
      rows.push({ page: p, performance: pick("performance"), lcpMs: pick("lcpMs"), transferredKB: kB(pick("transferred")), accessibility: pick("accessibility"), bestPractices: pick("bestPractices"), repeatKB: kB(visit.repeat), repeatFiles: visit.repeatFiles, failing: runs[0].failing });
      console.error(`${p}: done`);
    }
    if (STAFF_MODE !== "none") {
      for (const [user, pagePath] of STAFF) {
        const { total, assets } = await staffFirstLoad(browser, base, user, pagePath);
        staffRows.push({ user, page: pagePath, totalKB: kB(total), assetsKB: kB(assets) });
        console.error(`${pagePath}: done`);
      }
    }
  } finally {
    await chrome?.kill();
    await browser.close();
  }
});
fs.rmSync(dir, { recursive: true, force: true });

const ok = (r) => r.performance >= 95 && r.accessibility === 100 && r.bestPractices >= 95 && r.lcpMs <= 2000 && r.transferredKB <= 200;
console.log(`\nLighthouse ${"12.2.3"} mobile (Slow 4G, 4× CPU), ${RUNS} run(s) per page, median`);
console.log("| page | performance | LCP | first load | accessibility | best practices | repeat visit | target |");
console.log("|---|---|---|---|---|---|---|---|");
for (const r of rows) console.log(`| ${r.page} | ${r.performance} | ${(r.lcpMs / 1000).toFixed(1)} s | ${r.transferredKB} kB | ${r.accessibility} | ${r.bestPractices} | ${r.repeatKB} kB | ${ok(r) ? "met" : "MISSED"} |`);
for (const r of rows) {
  if (r.failing.length) console.log(`  ${r.page}: failing audits ${r.failing.join(", ")}`);
  console.log(`  ${r.page}: a repeat visit transfers ${r.repeatFiles.join(", ")}`);
}
if (staffRows.length) {
  console.log("\nStaff pages, first load signed in (empty cache, 1400 × 900; target ≤ 600 kB)");
  console.log("| page | user | first load | of which bundles and styles | target |");
  console.log("|---|---|---|---|---|");
  for (const r of staffRows) console.log(`| ${r.page} | ${r.user} | ${r.totalKB} kB | ${r.assetsKB} kB | ${r.totalKB <= 600 ? "met" : "MISSED"} |`);
}
fs.mkdirSync(path.join(path.dirname(new URL(import.meta.url).pathname), "results"), { recursive: true });
fs.writeFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), "results", "web.json"), JSON.stringify({ rows, staffRows }, null, 2));
