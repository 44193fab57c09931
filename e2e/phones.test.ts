import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sampleApplication } from "@yichuang/core";
import { afterAll, describe, expect, it } from "vitest";
import { e2eSuite, newPage, offScreenControls, smallText } from "./harness.js";

// Issue 19: the public pages and the founder's pages on a 390 × 844 phone, and the 长辈版 (larger text) mode.
const e2e = e2eSuite();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yc-e2e-phone-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("public pages on a phone", () => {
  it("长辈版: one switch makes every text at least 18 px on every public page, kept in the browser; nothing leaves the screen", async () => {
    const { page } = await newPage(e2e.browser, "large-text", { phone: true });
    await page.goto(`${e2e.server.url}/12316`);
    await page.getByTestId("ask-page").waitFor();
    const normal = Number.parseFloat(await page.getByTestId("ask-phone").evaluate((el) => getComputedStyle(el).fontSize));
    expect(normal).toBeLessThan(18);
    const toggle = page.getByTestId("large-text-switch");
    expect(await toggle.getAttribute("aria-pressed")).toBe("false");
    // On a phone the switch shows its icon only, and keeps its name for screen readers.
    expect(await toggle.getAttribute("aria-label")).toBe("长辈版");
    await toggle.click();
    await expect.poll(() => toggle.getAttribute("aria-pressed")).toBe("true");

    const pages: [string, string][] = [
      ["/12316", "ask-page"],
      ["/evaluation", "public-figures"],
      ["/stars", "stars-board"],
      ["/rate/card", "card-rating"],
      ["/guides/QY-SL-LLC", "service-guide"],
    ];
    for (const [url, testId] of pages) {
      await page.goto(`${e2e.server.url}${url}`);
      await page.getByTestId(testId).waitFor();
      // Kept across pages and reloads: the switch shows it on.
      await expect.poll(() => page.getByTestId("large-text-switch").getAttribute("aria-pressed")).toBe("true");
      await page.waitForLoadState("networkidle");
      expect(await smallText(page, 18), url).toEqual([]);
      expect(await offScreenControls(page), url).toEqual([]);
    }
    // The login page has the switch too.
    await page.goto(`${e2e.server.url}/login`);
    await page.getByLabel("用户名").waitFor();
    expect(await smallText(page, 18)).toEqual([]);
    expect(await offScreenControls(page)).toEqual([]);

    // Off again: back to the normal size, kept.
    await page.getByTestId("large-text-switch").click();
    await page.goto(`${e2e.server.url}/12316`);
    await page.getByTestId("ask-phone").waitFor();
    expect(Number.parseFloat(await page.getByTestId("ask-phone").evaluate((el) => getComputedStyle(el).fontSize))).toBe(normal);
  });

  it("the 12316 form, the progress look-up and the public figures fit a phone in the normal size", async () => {
    const { page } = await newPage(e2e.browser, "phone-public", { phone: true });
    for (const [url, testId] of [
      ["/12316", "ask-page"],
      ["/evaluation", "public-figures"],
      ["/stars", "stars-board"],
      ["/rate/card", "card-rating"],
      ["/login", "guide-link"],
    ] as const) {
      await page.goto(`${e2e.server.url}${url}`);
      await page.getByTestId(testId).waitFor();
      await page.waitForLoadState("networkidle");
      expect(await offScreenControls(page), url).toEqual([]);
    }
  });
});

describe("the founder on a phone", () => {
  it("the form's materials are blocks with their buttons on screen; a photo from the camera is uploaded; the case page fits", async () => {
    const founder = await e2e.as("founder", "phone-founder", { phone: true });
    const csrf = (await (await founder.request.get(`${e2e.server.url}/api/auth/session`)).json()).csrfToken as string;
    const created = await (await founder.request.post(`${e2e.server.url}/api/applications`, { headers: { "x-csrf-token": csrf }, data: { serviceItem: "QY-SL-LLC" } })).json();
    expect((await founder.request.put(`${e2e.server.url}/api/applications/${created.id}`, { headers: { "x-csrf-token": csrf }, data: { data: sampleApplication(11), revision: 1 } })).status()).toBe(200);
    await founder.goto(`${e2e.server.url}/applications/${created.id}`);
    const list = founder.getByTestId("materials-list");
    await list.waitFor();
    // No table to scroll: each material's upload and camera buttons are on the screen.
    expect(await founder.getByTestId("materials-card").locator("table").count()).toBe(0);
    const block = founder.getByTestId("material-M02");
    await block.getByRole("button", { name: "上传", exact: true }).waitFor();
    await block.getByRole("button", { name: "拍照上传" }).waitFor();
    // The camera button opens the back camera for a photo of the paper.
    expect(await founder.getByTestId("upload-M02-camera").getAttribute("capture")).toBe("environment");
    expect(await founder.getByTestId("upload-M02-camera").getAttribute("accept")).toBe("image/jpeg,image/png");
    expect(await offScreenControls(founder)).toEqual([]);

    const photo = path.join(dir, "身份证明.png");
    fs.writeFileSync(photo, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    await founder.getByTestId("upload-M02-camera").setInputFiles(photo);
    await block.getByTestId("material-file-M02").first().waitFor();
    expect(await block.getByRole("button", { name: "再传一份" }).count()).toBe(1);
    const stored = await e2e.server.db.selectFrom("case_materials").select(["material_code", "file_name"]).where("application_id", "=", created.id).execute();
    expect(stored).toEqual([{ material_code: "M02", file_name: "身份证明.png" }]);

    // The whole form page fits: its sections, the save and submit buttons.
    expect(await offScreenControls(founder)).toEqual([]);
    // One main landmark on the page (the frame's), not one inside another.
    expect(await founder.locator("main").count()).toBe(1);

    // The other materials from the phone's file picker, then submitted: the case page fits the phone too.
    const pdf = path.join(dir, "材料.pdf");
    fs.writeFileSync(pdf, "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    for (const code of ["M03", "M04", "M05", "M06", "M07"]) {
      await founder.getByTestId(`upload-${code}`).setInputFiles(pdf);
      await founder.getByTestId(`material-${code}`).getByTestId(`material-file-${code}`).first().waitFor();
    }
    await founder.getByRole("button", { name: "提交申请" }).click();
    await founder.getByTestId("case-link").click();
    await founder.locator('[data-testid="case-tracking"][data-status="submitted"]').waitFor();
    await founder.waitForLoadState("networkidle");
    expect(await offScreenControls(founder)).toEqual([]);
    expect(await founder.locator("main").count()).toBe(1);
  });
});
