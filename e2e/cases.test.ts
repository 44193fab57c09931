import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isValidUscc, sampleApplication } from "@yichuang/core";
import type { Browser, Page } from "playwright-core";
import { PDFParse } from "pdf-parse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPage, signIn, startServer, type E2EServer } from "./harness.js";

let server: E2EServer;
let browser: Browser;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yc-e2e-files-"));
const pdfFile = path.join(dir, "material.pdf");
const pngFile = path.join(dir, "scan.png");
const textFile = path.join(dir, "notes.txt");
beforeAll(async () => {
  fs.writeFileSync(pdfFile, "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
  fs.writeFileSync(pngFile, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
  fs.writeFileSync(textFile, "not a scan");
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function as(username: string, name: string): Promise<Page> {
  const { page } = await newPage(browser, name);
  await signIn(page, server.url, username);
  await page.getByRole("button", { name: "退出登录" }).waitFor();
  return page;
}

async function csrf(page: Page): Promise<string> {
  return (await (await page.request.get(`${server.url}/api/auth/me`)).json()).csrfToken;
}

describe("registration case journey", () => {
  it("materials, single-window acceptance, a supplement round with one notice, parallel approval, the licence", async () => {
    // The founder's form (its filling is the registration journey's test) and materials through the UI.
    const founder = await as("founder", "case-founder");
    const token = await csrf(founder);
    const created = await (await founder.request.post(`${server.url}/api/applications`, { headers: { "x-csrf-token": token }, data: { serviceItem: "QY-SL-LLC" } })).json();
    expect((await founder.request.put(`${server.url}/api/applications/${created.id}`, { headers: { "x-csrf-token": token }, data: { data: sampleApplication(7), revision: 1 } })).status()).toBe(200);
    await founder.goto(`${server.url}/applications/${created.id}`);
    await founder.getByTestId("materials-card").waitFor();
    await founder.getByTestId("upload-M02").setInputFiles(textFile);
    expect(await founder.getByTestId("upload-M02-error").textContent()).toContain("只接受 PDF、JPG、PNG");
    for (const [code, file] of [["M02", pdfFile], ["M03", pngFile], ["M04", pdfFile], ["M05", pdfFile], ["M06", pngFile], ["M07", pdfFile]] as const) {
      await founder.getByTestId(`upload-${code}`).setInputFiles(file);
      await founder.getByTestId("materials-card").getByTestId(`material-file-${code}`).first().waitFor();
    }
    await founder.getByRole("button", { name: "提交申请" }).click();
    await founder.getByTestId("case-link").click();
    await founder.locator('[data-testid="case-tracking"][data-status="submitted"]').waitFor();
    const caseId = founder.url().split("/").pop()!;

    // The single window sees the checklist on one screen and accepts.
    const clerk = await as("clerk", "case-clerk");
    await clerk.goto(`${server.url}/window/cases/${caseId}`);
    await clerk.getByTestId("window-case").waitFor();
    await clerk.getByTestId("checklist-M05").waitFor();
    await clerk.getByRole("button", { name: "受理" }).click();
    await clerk.locator('[data-testid="window-case"][data-status="in_review"]').waitFor();

    // 质监 asks for a supplement while 工商 approves; then 国税 and 地税 approve (统计 approved by its rule).
    const qts = await as("reviewer", "case-qts");
    await qts.goto(`${server.url}/tasks/${caseId}`);
    await qts.getByTestId("task-view").waitFor();
    await qts.getByRole("button", { name: "要求补正" }).click();
    const modal = qts.getByTestId("supplement-modal");
    await modal.getByTestId("notice-item-M05").getByRole("checkbox").check();
    await modal.getByLabel("M05 的补正内容").fill("住所使用证明复印件不清晰，请补交清晰的复印件");
    await modal.getByRole("button", { name: "提交补正要求" }).click();
    await qts.locator('[data-testid="task-view"][data-task-status="awaiting_supplement"]').waitFor();
    for (const user of ["reviewer.amr", "reviewer.ntax", "reviewer.ltax"]) {
      const page = await as(user, `case-${user}`);
      await page.goto(`${server.url}/tasks/${caseId}`);
      await page.getByTestId("task-view").waitFor();
      await page.getByRole("button", { name: "同意", exact: true }).click();
      await page.locator('[data-testid="task-view"][data-task-status="approved"]').waitFor();
    }

    // The founder gets one notice, supplements, and the clock restarts.
    await founder.goto(`${server.url}/cases/${caseId}`);
    await founder.locator('[data-testid="case-tracking"][data-status="awaiting_supplement"]').waitFor();
    expect(await founder.getByTestId("supplement-notice").textContent()).toContain("住所使用证明复印件不清晰");
    const notices = await server.db.selectFrom("supplement_notices").selectAll().where("case_id", "=", caseId).execute();
    expect(notices).toHaveLength(1);
    await founder.getByTestId("supplement-upload-M05").setInputFiles(pdfFile);
    await founder.getByTestId("supplement-notice").getByTestId("material-file-M05").waitFor();
    await founder.getByRole("button", { name: "提交补正" }).click();
    await founder.locator('[data-testid="case-tracking"][data-status="in_review"]').waitFor();

    await qts.goto(`${server.url}/tasks/${caseId}`);
    await qts.getByRole("button", { name: "同意", exact: true }).click();
    await qts.locator('[data-testid="task-view"][data-task-status="approved"]').waitFor();

    // Completed: the licence PDF, downloaded and read back.
    await founder.goto(`${server.url}/cases/${caseId}`);
    await founder.locator('[data-testid="case-tracking"][data-status="completed"]').waitFor();
    const [download] = await Promise.all([founder.waitForEvent("download"), founder.getByRole("link", { name: "下载营业执照" }).click()]);
    const text = (await new PDFParse({ data: new Uint8Array(fs.readFileSync((await download.path())!)) }).getText()).text;
    const kase = await server.db.selectFrom("cases").selectAll().where("id", "=", caseId).executeTakeFirstOrThrow();
    expect(isValidUscc(kase.uscc!)).toBe(true);
    expect(text).toContain("营 业 执 照");
    expect(text).toContain(kase.uscc!);
    expect(text).toContain(sampleApplication(7).values.name as string);

    // The supervisor's board showed the case's tasks along the way; now none is open.
    const sup = await as("supervisor", "case-supervisor");
    const loaded = sup.waitForResponse((r) => r.url().includes("/api/supervision/board") && r.status() === 200);
    await sup.goto(`${server.url}/supervision`);
    await loaded;
    await sup.getByTestId("supervision-board").locator(".ant-table").first().waitFor();
    expect(await sup.getByTestId("supervision-board").textContent()).not.toContain(kase.number);
  });
});

describe("lists paged by cursor (issue 18)", () => {
  it("the board, the inbox, a department's tasks and the audit log page forward and back, with the first page's total (“1,000+” past the cap)", async () => {
    const { buildCases } = await import("../server/src/testing/factories.js");
    const founder = await server.db.selectFrom("users").select("id").where("username", "=", "founder").executeTakeFirstOrThrow();
    await buildCases(server.db, { applicantId: founder.id, count: 30, openTasks: true, seedFrom: 700_000 });
    const admin = await server.db.selectFrom("users").select(["id", "display_name"]).where("username", "=", "admin").executeTakeFirstOrThrow();
    const entries = Array.from({ length: 1005 }, (_, k) => ({
      id: `00000000-0000-4000-8000-${String(k).padStart(12, "0")}`,
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, k)).toISOString(),
      actor_id: admin.id,
      actor_name: `${admin.display_name}（admin）`,
      action: "read",
      entity: "user",
      entity_id: null,
      ip: "10.0.0.7",
      user_agent: "e2e",
      detail: null,
    }));
    for (let i = 0; i < entries.length; i += 200) await server.db.insertInto("audit_log").values(entries.slice(i, i + 200)).execute();

    /** The first cell of each row of the table in `scope`. */
    const firstCells = async (page: Page, scope: string) => {
      await page.getByTestId(scope).locator(".ant-table-tbody tr.ant-table-row").first().waitFor();
      return page.getByTestId(scope).locator(".ant-table-tbody tr.ant-table-row td:first-child").allTextContents();
    };
    /** Next, then previous: another page, then the first again. */
    const pagesThrough = async (page: Page, scope: string, pager: string) => {
      const first = await firstCells(page, scope);
      expect(first.length).toBe(20);
      const next = page.waitForResponse((r) => r.url().includes("after=") && r.status() === 200);
      await page.getByTestId(pager).getByTestId("pager-next").click();
      await next;
      await expect.poll(async () => (await firstCells(page, scope))[0]).not.toBe(first[0]);
      const second = await firstCells(page, scope);
      expect(second.filter((c) => first.includes(c))).toEqual([]);
      expect(await page.getByTestId(pager).getByTestId("pager-page").textContent()).toBe("2");
      await page.getByTestId(pager).getByTestId("pager-previous").click();
      await expect.poll(async () => (await firstCells(page, scope))[0]).toBe(first[0]);
    };

    const sup = await as("supervisor", "paging-supervisor");
    await sup.goto(`${server.url}/supervision?department=QTS`);
    await pagesThrough(sup, "supervision-board", "board-pager");
    expect(await sup.getByTestId("board-pager").getByTestId("pager-total").textContent()).toMatch(/^共 \d+ 条$/);

    await sup.goto(`${server.url}/audit`);
    await sup.getByTestId("audit-pager").getByTestId("pager-total").waitFor();
    expect(await sup.getByTestId("audit-pager").getByTestId("pager-total").textContent()).toBe("共 1,000+ 条");
    const times = async () => sup.getByTestId("audit-page").locator(".ant-table-tbody tr.ant-table-row td:first-child").allTextContents();
    const page1 = await times();
    await sup.getByTestId("audit-pager").getByTestId("pager-next").click();
    await expect.poll(async () => (await times())[0]).not.toBe(page1[0]);
    // Still the first page's total on the second page.
    expect(await sup.getByTestId("audit-pager").getByTestId("pager-total").textContent()).toBe("共 1,000+ 条");

    const clerk = await as("clerk", "paging-clerk");
    await clerk.goto(`${server.url}/window`);
    await pagesThrough(clerk, "window-inbox", "inbox-pager");

    const amr = await as("reviewer.amr", "paging-amr");
    await amr.goto(`${server.url}/tasks`);
    await pagesThrough(amr, "tasks-page", "tasks-pager");
  });
});
