import fs from "node:fs";
import { previousQuarter, quarterKey, quarterOf } from "@yichuang/core";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { seedDemoHistory } from "../server/src/demo/history.js";
import { loadConfig } from "../server/src/config.js";
import { e2eSuite, newPage } from "./harness.js";
import { shanghaiToday } from "../server/src/platform/clock.js";

// A valid 1×1 PNG: 江帆's staff photo on the honour board.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

// The three quarters before today's: the demo history closes the first two, the supervisor the last.
const today = shanghaiToday();
const q3 = previousQuarter(quarterOf(today));
const q2 = previousQuarter(q3);
const q1 = previousQuarter(q2);
const label = (q: { year: number; quarter: number }) => `${q.year}年第${q.quarter}季度`;

const e2e = e2eSuite({ ASSESSMENT_LIVE_SECONDS: "0" }, (server) => seedDemoHistory(server.db, loadConfig({}), { today, close: 2 }));
const as = e2e.as;

const csrf = async (page: Page) => (await (await page.request.get(`${e2e.server.url}/api/auth/me`)).json()).csrfToken as string;

describe("service stars", () => {
  it("a supervisor sets a new scheme version, closes the quarter, checks it, reads a clerk's why and exports it to Excel", async () => {
    const page = await as("supervisor", "stars-supervisor");

    // The scheme: a negative weight is refused on its field, nothing saved; then two stars per centre as version 2.
    await page.goto(`${e2e.server.url}/assessment/scheme`);
    await page.getByTestId("scheme-form").getByText("现行第 1 版").waitFor();
    await page.getByLabel("办件量", { exact: true }).fill("-0.2");
    await page.getByTestId("save-scheme").click();
    await page.getByText("办件量权重：不能为负数").waitFor();
    await page.getByLabel("办件量", { exact: true }).fill("0.2");
    await page.getByLabel("每中心服务明星人数").fill("2");
    await page.getByLabel("修订说明").fill("每季度评选 2 名服务明星");
    await page.getByTestId("save-scheme").click();
    await page.getByText("已保存为第 2 版").waitFor();
    await page.getByTestId("scheme-versions").getByText("每季度评选 2 名服务明星").waitFor();

    // The quarter ready to close is preselected, with its standings as of now.
    await page.goto(`${e2e.server.url}/assessment`);
    await page.getByTestId("quarter-select").getByText(`${label(q3)} · 可评定`).waitFor();
    await page.getByTestId("quarter-status").getByText(/尚未评定/).waitFor();
    await page.getByTestId("close-quarter").click();
    await page.getByText(`评定 ${label(q3)}？`).waitFor();
    await page.getByRole("button", { name: /确\s*定|OK/ }).click();
    await page.getByText(new RegExp(`${label(q3)}已评定：2 名服务明星`)).waitFor();
    await page.getByTestId("quarter-status").getByText(/由 沈督查 评定 · 第 2 版评选办法/).waitFor();
    // 江帆 leads and is a star for the third quarter running.
    const first = page.getByTestId("standings").locator("tbody tr.ant-table-row").first();
    await first.getByText("江帆").waitFor();
    await first.getByText("连续 3 季度").waitFor();
    expect(await page.getByTestId("star-tag").count()).toBe(2);

    // Re-running gives the same result.
    await page.getByTestId("check-quarter").click();
    await page.getByTestId("check-result").getByText(/与冻结结果完全一致/).waitFor();
    await page.getByTestId("check-quarter-records").click();
    await page.getByTestId("check-result").getByText(/按冻结时的评选办法重新计算 \d+ 条结果，与冻结结果完全一致/).waitFor();

    // The why of a clerk below the stars: every dimension with its formula and numbers.
    await page.getByTestId("standings").getByText("徐丽").click();
    const why = page.getByTestId("standing-explanation");
    await why.waitFor();
    await why.getByTestId("formula-quality").getByText(/^威尔逊下界（好评 \d+ \/ 主动评价 \d+，z = 1\.96）$/).waitFor();
    await why.getByTestId("formula-volume").getByText(/^办件 \d+ \/ 本中心最多 \d+$/).waitFor();
    await why.getByText(/服务明星共 2 名，第 2 名的综合得分为 0\.\d{4}/).waitFor();
    await why.getByTestId("standing-rank").getByText(/参评的 \d+ 人中排第 \d+ 名/).waitFor();
    await page.keyboard.press("Escape");

    // A clerk below the minimum count is listed as not eligible, with the reason.
    await page.getByTestId("standings").getByText(/少于最少评价数 50/).first().waitFor();

    // Windows have their standing too.
    await page.getByTestId("kind-switch").getByText("窗口").click();
    await page.getByTestId("standings").getByText(/^D02 /).waitFor();

    // Excel: downloaded and read back.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-quarter").click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("工作人员")!;
    expect(String(ws.getCell("A1").value)).toContain(`${label(q3)}服务明星评选`);
    expect((ws.getRow(4).values as unknown[]).slice(1, 6)).toEqual(["嘉兴市行政审批服务中心", 1, "★ 服务明星", 3, "江帆"]);
    expect(wb.getWorksheet("评选办法")!.getCell("B1").value).toBe(2);
  });

  it("the public honour board shows each quarter's stars with photo, window, figures and consecutive quarters", async () => {
    const admin = await as("admin", "stars-admin");
    const jf = (await e2e.server.db.selectFrom("users").select("id").where("username", "=", "jiangfan").executeTakeFirstOrThrow()).id;
    const put = await admin.request.put(`${e2e.server.url}/api/admin/users/${jf}/photo`, { headers: { "x-csrf-token": await csrf(admin), "content-type": "image/png" }, data: PNG });
    expect(put.status()).toBe(200);

    const { page } = await newPage(e2e.browser, "stars-board");
    await page.goto(`${e2e.server.url}/login`);
    await page.getByTestId("stars-link").click();
    await page.getByTestId("stars-board").waitFor();
    await page.getByTestId("board-quarters").getByText(label(q3)).waitFor();
    const cards = page.getByTestId("star-card");
    await cards.first().waitFor();
    expect(await cards.count()).toBe(2);
    const jiang = cards.filter({ hasText: "江帆" });
    await jiang.getByText("第 1 名").waitFor();
    await jiang.getByText(/D02 财政地税咨询/).waitFor();
    await jiang.getByText("工号 JX4001").waitFor();
    await jiang.getByTestId("star-figures").getByText(/办件 \d+ 件 · 主动评价 \d+ 条 · 好评率 \d+\.\d\d%/).waitFor();
    await jiang.getByTestId("star-streak").getByText("连续 3 个季度获评服务明星").waitFor();
    await jiang.getByTestId("star-history").getByText(`获评季度：${label(q3)}、${label(q2)}、${label(q1)}`).waitFor();
    expect(await jiang.getByTestId("star-photo").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    // An earlier quarter: three stars under version 1 of the scheme.
    await page.getByTestId("board-quarters").getByText(label(q1)).click();
    await page.waitForURL(new RegExp(`quarter=${quarterKey(q1)}`));
    await page.getByTestId("star-card").nth(2).waitFor();
    expect(await page.getByTestId("star-card").count()).toBe(3);
    await page.getByTestId("star-card").filter({ hasText: "江帆" }).getByTestId("star-streak").waitFor({ state: "detached" });
    // English.
    await page.getByRole("button", { name: "English" }).click();
    await page.getByText("Service stars honour board").waitFor();
  });

  it("a clerk sees their own standing and why, not anyone else's", async () => {
    const page = await as("jiangfan", "stars-clerk");
    await page.getByRole("menuitem", { name: "我的服务考评" }).click();
    await page.getByTestId("my-standing").waitFor();
    // This quarter so far (provisional), then the closed one.
    await page.getByText(/尚未评定：以下为截至目前的实时排名/).waitFor();
    await page.getByTestId(`my-quarter-${quarterKey(q3)}`).click();
    const why = page.getByTestId("standing-explanation");
    await why.getByText(/在 嘉兴市行政审批服务中心 参评的 \d+ 人中排第 1 名/).waitFor();
    await why.getByTestId("formula-quality").getByText(/威尔逊下界/).waitFor();
    await why.getByTestId("combined").getByText(/综合得分 = 各项得分按实际占比加权：0\.\d{4}/).waitFor();
    await page.getByText(/由 沈督查 评定 · 第 2 版评选办法/).waitFor();
    // The same in English, every dimension rebuilt from its numbers.
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { name: "My assessment" }).waitFor();
    await why.getByTestId("formula-quality").getByText(/^Wilson lower bound \(good \d+ \/ ratings \d+, z = 1\.96\)$/).waitFor();
    await why.getByText(/^Rank 1 of \d+ eligible staff at Jiaxing Administrative Approval Service Centre$/).waitFor();
    await page.getByRole("button", { name: "中文" }).click();
    await page.getByRole("heading", { name: "我的服务考评" }).waitFor();
    // Everyone's standings are the supervisors'.
    await page.goto(`${e2e.server.url}/assessment`);
    await page.getByText(/无权|权限/).first().waitFor();
    expect((await page.request.get(`${e2e.server.url}/api/assessment/quarters/${quarterKey(q3)}`)).status()).toBe(403);
  });
});
