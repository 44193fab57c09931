import fs from "node:fs";
import { sampleApplication } from "@yichuang/core";
import ExcelJS from "exceljs";
import type { Browser, Locator, Page } from "playwright-core";
import { PDFParse } from "pdf-parse";
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

const S = sampleApplication();
const v = S.values as Record<string, any>;

/** Types into a searchable select and takes the first match. */
async function pick(page: Page, select: Locator, search: string) {
  await select.click();
  if (search) await select.pressSequentially(search, { delay: 15 });
  await page.waitForTimeout(250);
  await page.keyboard.press("Enter");
  await page.waitForTimeout(100);
}

async function date(page: Page, input: Locator, value: string) {
  await input.click();
  await input.fill(value);
  await page.keyboard.press("Enter");
  await page.waitForTimeout(100);
}

describe("one-form registration journey", () => {
  it("the public sees the unified form and its figures without signing in", async () => {
    const { page } = await newPage(browser, "open-form");
    await page.goto(`${server.url}/forms/QY-SL-LLC`);
    const root = page.getByTestId("open-form");
    // The section renders at once; its figures arrive with the data.
    await root.getByText("253", { exact: true }).first().waitFor();
    const text = await root.textContent();
    expect(text).toContain("253");
    expect(text).toContain("52");
  });

  it("the public reads the service guide from the login page: materials and time limits", async () => {
    const { page } = await newPage(browser, "guide");
    await page.goto(`${server.url}/login`);
    await page.getByTestId("guide-link").click();
    const guide = page.getByTestId("service-guide");
    await guide.waitFor();
    await guide.getByText("公司章程").waitFor();
    const text = await guide.textContent();
    expect(text).toContain("住所使用证明");
    expect(text).toContain("承诺时限");
  });

  it("a founder fills the one form, validated as typed, saves, submits; 质监 sees its own form and exports it", async () => {
    const { page } = await newPage(browser, "founder-form");
    const L = (label: string, scope: Page | Locator = page) => scope.getByLabel(label, { exact: true });
    const field = (k: string) => page.getByTestId(`field-${k}`);
    await signIn(page, server.url, "founder");
    await page.getByTestId("home-applicant").waitFor();
    await page.goto(`${server.url}/applications`);
    await page.getByRole("button", { name: "新建企业设立申请" }).click();
    const form = page.getByTestId("founder-form");
    await form.waitFor();
    await page.getByTestId("form-figures").getByText(/52/).first().waitFor();

    await L("名称").fill(v.name);
    await pick(page, L("住所（注册地址）"), "南湖区");
    await field("dom_addr").getByLabel("详细地址").fill(v.dom_addr.detail);
    await pick(page, L("生产经营地址"), "平湖市");
    await field("op_addr").getByLabel("详细地址").fill(v.op_addr.detail);
    await L("联系电话（单位）").fill(v.tel);
    await L("注册资本").fill("100");
    await pick(page, L("公司类型"), "自然人投资或控股");
    await L("经营范围").fill(v.scope);
    await field("term").getByRole("radio", { name: "长期" }).check();
    await L("申请执照副本数量").fill("1");
    await L("从业人数").fill("8");
    await L("其中外籍人数").fill("0");
    await L("电子邮箱（单位）").fill(v.email);
    await field("secret").getByRole("radio", { name: "否" }).check();
    await pick(page, L("国标行业"), "0412");

    // A wrong check digit is flagged as typed, with the core validator's message.
    await L("法定代表人姓名").fill(v.lr_name);
    await L("法定代表人移动电话").fill(v.lr_mob);
    await L("法定代表人身份证件号码").fill(`${v.lr_idno.slice(0, 17)}${v.lr_idno[17] === "0" ? "1" : "0"}`);
    await field("lr_id").getByText("校验码（第 18 位）错误").waitFor();
    await L("法定代表人身份证件号码").fill(v.lr_idno);
    await pick(page, L("法定代表人职务"), "执行董事兼经理");

    // Save a draft half way, then go on.
    await page.getByRole("button", { name: "保存草稿" }).click();
    await page.getByTestId("save-status").getByText(/已保存/).waitFor();

    const dsj0 = page.getByTestId("row-dsj-0");
    await pick(page, dsj0.getByLabel("选择已填写的人员"), "");
    await pick(page, L("董事/监事/经理职务", dsj0), "执行董事兼经理");
    await page.getByRole("button", { name: /添加一行（董事、监事、经理）/ }).click();
    const dsj1 = page.getByTestId("row-dsj-1");
    await L("董事/监事/经理姓名", dsj1).fill(S.rows.dsj![1]!.dsj_name as string);
    await L("董事/监事/经理身份证件号码", dsj1).fill(S.rows.dsj![1]!.dsj_idno as string);
    const pos = L("董事/监事/经理职务", dsj1);
    await pos.click();
    await pos.pressSequentially("监事");
    await page.waitForTimeout(250);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");

    const sh0 = page.getByTestId("row-sh-0");
    await pick(page, sh0.getByLabel("选择已填写的人员"), "郭宇楠");
    await date(page, L("出资时间", sh0), "2046-12-31");
    await pick(page, L("出资方式", sh0), "货币");
    await L("认缴出资额", sh0).fill("60");
    await page.getByRole("button", { name: /添加一行（股东/ }).click();
    const sh1 = page.getByTestId("row-sh-1");
    await pick(page, sh1.getByLabel("选择已填写的人员"), "张跃荣");
    await date(page, L("出资时间", sh1), "2046-12-31");
    await pick(page, L("出资方式", sh1), "货币");
    await L("认缴出资额", sh1).fill("40");

    await L("财务负责人姓名").fill(v.cfo_name);
    await L("财务负责人移动电话").fill(v.cfo_mob);
    await L("财务负责人身份证件号码").fill(v.cfo_idno);
    await pick(page, page.getByTestId("section-ll").getByLabel("选择已填写的人员"), "郭宇楠");
    await pick(page, page.getByTestId("section-bsr").getByLabel("选择已填写的人员"), "钱晓梅");
    await pick(page, page.getByTestId("section-agent").getByLabel("选择已填写的人员"), "郭宇楠");
    for (const g of await field("mandate_powers").getByRole("radiogroup").all()) await g.getByRole("radio", { name: "同意", exact: true }).check();
    await date(page, L("委托有效期限自"), v.mandate_from);
    await date(page, L("委托有效期限至"), v.mandate_to);
    await pick(page, L("适用会计制度"), "小企业会计准则");

    await page.getByRole("button", { name: "提交申请" }).click();
    await page.locator('[data-testid="founder-form"][data-status="submitted"]').waitFor({ timeout: 15_000 });

    // The stored application is what was typed.
    const stored = await server.db.selectFrom("applications").selectAll().where("status", "=", "submitted").executeTakeFirstOrThrow();
    const data = JSON.parse(stored.data);
    expect(data.values.name).toBe(v.name);
    expect(data.rows.sh.map((r: { sh_name: string }) => r.sh_name)).toEqual(["郭宇楠", "张跃荣"]);
    await page.getByRole("button", { name: "退出登录" }).click();
    await page.waitForURL(/\/login/);

    // 质监 sees its own form, filled, and exports it.
    await signIn(page, server.url, "reviewer");
    await page.getByTestId("home-reviewer").waitFor();
    await page.goto(`${server.url}/registrations/${stored.id}`);
    const view = page.locator('[data-testid="department-view"][data-department="QTS"]');
    await view.waitFor();
    expect(await view.textContent()).toContain(v.name);
    expect(await view.textContent()).not.toContain(v.cfo_name);

    const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /导出 Excel/ }).click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet("QTS")!;
    const cells: string[] = [];
    sheet.eachRow((r) => cells.push(...(r.values as unknown[]).map(String)));
    expect(cells).toContain(v.name);

    const pdf = await page.request.get(`${server.url}/api/applications/${stored.id}/forms/QTS.pdf`);
    expect(pdf.status()).toBe(200);
    const text = (await new PDFParse({ data: new Uint8Array(await pdf.body()) }).getText()).text;
    expect(text).toContain(v.name);
  });
});
