import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { PDFParse } from "pdf-parse";
import { describe, expect, it } from "vitest";
import { FileStore } from "../server/src/platform/files.js";
import { seedDemoYear } from "../server/src/demo/year.js";
import { e2eSuite, offScreenControls, pick } from "./harness.js";
import { shanghaiToday } from "../server/src/platform/clock.js";

/**
 * The centre's service teams and its dashboard in the browser, over a generated year (scale 0.05):
 * a team leader logs an event on a phone with a photo, a supervisor confirms it, the dashboard
 * counts it; the leader reads the figures, follows one to its records, exports Excel and PDF and
 * they read back with the page's numbers.
 */
const today = shanghaiToday();
// Figures counted on every request here (the product reuses them for 30 s): a confirmation shows at once.
const e2e = e2eSuite({ DASHBOARD_CACHE_SECONDS: "0" }, (server) => seedDemoYear(server.db, server.config, new FileStore(path.join(server.config.dataDir, "files")), { today, seed: 11, scale: 0.05 }));
const as = e2e.as;

/** A figure's value as the page shows it (its data-value). */
const figure = async (page: import("playwright-core").Page, id: string) => Number(await page.getByTestId(`fig-${id}`).getAttribute("data-value"));

/** A small real PNG (a 2×2 image). */
const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000002000000020806000000f478d4fa0000001649444154789c63f8cfc0f01f0418fe833018fe0300fa1b0ff5ffd1a8610000000049454e44ae426082", "hex");

describe("service teams and the dashboard", () => {
  it("a team leader logs an event on a phone with a photo; a supervisor confirms it; the dashboard counts it", async () => {
    const leader = await as("leader", "dash-leader");
    await leader.goto(`${e2e.server.url}/dashboard`);
    await leader.getByTestId("dashboard-figures").waitFor();
    const before = { events: await figure(leader, "events"), people: await figure(leader, "people"), pending: await figure(leader, "pending") };

    // On the phone: the leader of 嘉兴市红盾服务队 logs what the team did at a village today.
    const phone = await as("teamlead", "dash-phone", { phone: true });
    await phone.getByTestId("home-log").click();
    await phone.getByTestId("log-event-page").waitFor();
    await phone.getByTestId("log-team-name").getByText("嘉兴市红盾服务队", { exact: true }).waitFor();
    await pick(phone, phone.getByTestId("log-place"), "新丰镇 竹林村委会", { search: "竹林村" });
    await phone.getByTestId("log-activity").fill("上门指导竹林村农家乐办理食品经营许可，检查后厨");
    await phone.getByTestId("log-problems").fill("4");
    await phone.getByTestId("log-people").fill("27");
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "yc-photo-")), "现场.png");
    fs.writeFileSync(file, PNG);
    await phone.getByTestId("log-event-page").locator('input[type="file"]').setInputFiles(file);
    await phone.locator(".ant-upload-list-item").first().waitFor();
    // A page that fits the phone: nothing wider than the screen, every control on it.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await offScreenControls(phone)).toEqual([]);
    await phone.getByTestId("log-submit").click();
    await phone.getByTestId("log-recent").getByText("上门指导竹林村农家乐办理食品经营许可，检查后厨").waitFor();
    await phone.getByTestId("log-recent").getByTestId("log-status").first().getByText("待确认").waitFor();
    const logged = await e2e.server.db.selectFrom("outreach_events").selectAll().where("activity", "=", "上门指导竹林村农家乐办理食品经营许可，检查后厨").execute();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ status: "submitted", problems_solved: 4, people_served: 27, place_code: "330402103215", event_date: today });
    expect(await e2e.server.db.selectFrom("outreach_event_photos").select("id").where("event_id", "=", logged[0]!.id).execute()).toHaveLength(1);

    // Not counted yet: pending.
    await leader.reload();
    await leader.getByTestId("dashboard-figures").waitFor();
    expect(await figure(leader, "pending")).toBe(before.pending + 1);
    expect(await figure(leader, "events")).toBe(before.events);

    // The supervisor checks the event, with its photo, and confirms it.
    const supervisor = await as("supervisor", "dash-supervisor");
    await supervisor.getByRole("menuitem", { name: "走访服务活动" }).click();
    await supervisor.getByTestId("events-status").getByText("待确认").click();
    await supervisor.getByTestId("events-table").getByText("上门指导竹林村农家乐办理食品经营许可，检查后厨").click();
    const drawer = supervisor.getByTestId("event-drawer");
    await drawer.getByTestId("event-photos").locator("img").waitFor();
    await drawer.getByTestId("event-confirm").click();
    await drawer.getByTestId("event-status").getByText("已确认").waitFor();

    await leader.reload();
    await leader.getByTestId("dashboard-figures").waitFor();
    expect(await figure(leader, "events")).toBe(before.events + 1);
    expect(await figure(leader, "people")).toBe(before.people + 27);
    expect(await figure(leader, "pending")).toBe(before.pending);
    await phone.reload();
    await phone.getByTestId("log-recent").getByTestId("log-status").first().getByText("已确认").waitFor();
  });

  it("shows the figures beside the article's, follows a figure to its records, exports Excel and PDF that read back the same", async () => {
    const leader = await as("leader", "dash-exports");
    await leader.getByTestId("home-dashboard").click();
    await leader.getByTestId("dashboard-figures").waitFor();
    const from = await leader.getByTestId("dashboard-figures").getAttribute("data-from");
    const fig = { teams: await figure(leader, "teams"), events: await figure(leader, "events"), problems: await figure(leader, "problems"), people: await figure(leader, "people"), cases: await figure(leader, "cases"), calls: await figure(leader, "calls") };
    // The page's figures are the records' (counted here from the database).
    const confirmed = await e2e.server.db.selectFrom("outreach_events").selectAll().where("status", "=", "confirmed").where("event_date", ">=", from!).execute();
    expect(fig.events).toBe(confirmed.length);
    expect(fig.people).toBe(confirmed.reduce((a, e) => a + e.people_served, 0));
    expect(fig.cases).toBe((await e2e.server.db.selectFrom("cases").select("id").where("status", "=", "completed").where("completed_date", ">=", from!).execute()).length);
    await leader.getByTestId("fig-teams").getByText("文章：212 支").waitFor();
    await leader.getByTestId("fig-unifiedFields").getByText("52").first().waitFor();
    for (const chart of ["chart-caseDays", "chart-outreachMonths", "chart-hotlineResolution", "chart-evaluationMonths"]) await leader.getByTestId(chart).locator("svg").first().waitFor();

    // A department: its own figures; the hotline is not its work.
    await pick(leader, leader.getByTestId("dashboard-department"), "市场监管局（工商）", { search: "市场监管" });
    await leader.getByText("12316 热线是为农服务中心的业务，所选部门不适用").waitFor();
    await leader.getByTestId("fig-cases").getByText("本部门办结的审查任务").waitFor();
    await leader.getByTestId("dashboard-department").locator(".ant-select-clear").click({ force: true });
    await leader.getByTestId("fig-calls").waitFor();

    // The records behind a figure.
    await leader.getByTestId("records-events").click();
    await leader.getByTestId("records-page").getByText(`共 ${fig.events} 条`, { exact: false }).waitFor();
    const [records] = await Promise.all([leader.waitForEvent("download"), leader.getByTestId("records-excel").click()]);
    const rwb = new ExcelJS.Workbook();
    await rwb.xlsx.readFile(await records.path());
    expect(rwb.worksheets[0]!.rowCount).toBe(fig.events + 2);
    await leader.goBack();
    await leader.getByTestId("dashboard-figures").waitFor();

    // The dashboard to Excel: the overview beside the article's figures.
    const [excel] = await Promise.all([leader.waitForEvent("download"), leader.getByTestId("dashboard-excel").click()]);
    expect(excel.suggestedFilename()).toMatch(/^dashboard-.*\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await excel.path());
    const rows = new Map<string, unknown[]>();
    wb.getWorksheet("概览")!.eachRow((r) => rows.set(String(r.getCell(2).value), r.values as unknown[]));
    expect(rows.get("服务队")!.slice(3, 6)).toEqual([fig.teams, "支", 212]);
    expect(rows.get("走访服务活动（已确认）")!.slice(3, 6)).toEqual([fig.events, "次", 3200]);
    expect(rows.get("服务群众")![3]).toBe(fig.people);
    expect(rows.get("来电及网上咨询")![3]).toBe(fig.calls);

    // …and to a printable PDF with its charts and Chinese text.
    const [pdf] = await Promise.all([leader.waitForEvent("download"), leader.getByTestId("dashboard-pdf").click()]);
    const parser = new PDFParse({ data: new Uint8Array(fs.readFileSync(await pdf.path())) });
    const { text } = await parser.getText();
    await parser.destroy();
    for (const s of ["统计看板报告", "机关服务队", `${fig.people} 人次`, `${fig.events} 次`, "办件时限（工作日）", "机关服务队走访（按月）", "12316 来电处理方式"]) expect(text).toContain(s);
  });

  it("a photo that fails after the event is saved says so; the retry sends only that photo; a big camera photo is scaled down", async () => {
    const phone = await as("teamlead", "dash-phone-retry", { phone: true });
    await phone.goto(`${e2e.server.url}/outreach/log`);
    await phone.getByTestId("log-team-name").waitFor();
    await pick(phone, phone.getByTestId("log-place"), "新丰镇 竹林村委会", { search: "竹林村" });
    await phone.getByTestId("log-activity").fill("竹林村农家乐回访，复查后厨整改情况");
    await phone.getByTestId("log-people").fill("9");
    // A camera-sized photo (3600 × 2400, noisy so it is big), made by the browser itself, and a small one.
    const big = Buffer.from(
      await phone.evaluate(() => {
        const c = document.createElement("canvas");
        c.width = 3600;
        c.height = 2400;
        const ctx = c.getContext("2d")!;
        const img = ctx.createImageData(c.width, c.height);
        for (let i = 0; i < img.data.length; i += 4) (img.data[i] = (i * 7919) % 251), (img.data[i + 1] = (i * 104729) % 241), (img.data[i + 2] = (i * 31) % 239), (img.data[i + 3] = 255);
        ctx.putImageData(img, 0, 0);
        return c.toDataURL("image/png").split(",")[1]!;
      }),
      "base64",
    );
    expect(big.length).toBeGreaterThan(5 * 1024 * 1024);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yc-photo-"));
    fs.writeFileSync(path.join(dir, "大图.png"), big);
    fs.writeFileSync(path.join(dir, "小图.png"), PNG);
    await phone.getByTestId("log-event-page").locator('input[type="file"]').setInputFiles([path.join(dir, "大图.png"), path.join(dir, "小图.png")]);
    await phone.locator(".ant-upload-list-item").nth(1).waitFor();
    // The second photo's upload fails once (the connection drops).
    const sent: number[] = [];
    let dropped = false;
    await phone.route("**/api/outreach/events/*/photos", async (route) => {
      sent.push(route.request().postDataBuffer()?.length ?? 0);
      if (sent.length === 2 && !dropped) {
        dropped = true;
        return route.abort("connectionreset");
      }
      return route.continue();
    });
    await phone.getByTestId("log-submit").click();
    await phone.getByTestId("log-saved-partly").waitFor();
    await phone.getByTestId("log-saved-partly").getByText(/已上传 1 张照片，还有 1 张未上传/).waitFor();
    // Saved: it is in the list already.
    await phone.getByTestId("log-recent").getByText("竹林村农家乐回访，复查后厨整改情况").waitFor();
    const [event] = await e2e.server.db.selectFrom("outreach_events").select("id").where("activity", "=", "竹林村农家乐回访，复查后厨整改情况").execute();
    const photos = () => e2e.server.db.selectFrom("outreach_event_photos").selectAll().where("event_id", "=", event!.id).execute();
    expect(await photos()).toHaveLength(1);
    // The retry sends only the photo that did not go.
    await phone.getByTestId("log-submit").click();
    await phone.getByTestId("log-saved-partly").waitFor({ state: "detached" });
    expect(sent).toHaveLength(3);
    const kept = await photos();
    expect(kept).toHaveLength(2);
    expect(await e2e.server.db.selectFrom("outreach_events").select("id").where("activity", "=", "竹林村农家乐回访，复查后厨整改情况").execute()).toHaveLength(1);
    // The big one went as a JPEG no longer than 2560 px, far smaller than taken.
    const scaled = kept.find((p) => p.file_name === "大图.jpg")!;
    expect(scaled).toMatchObject({ content_type: "image/jpeg" });
    expect(scaled.size).toBeLessThan(big.length / 2);
    const bytes = new FileStore(path.join(e2e.server.config.dataDir, "files")).read(scaled.sha256);
    // JPEG SOF0/SOF2 header: height and width.
    let i = 2;
    while (i < bytes.length && !(bytes[i] === 0xff && (bytes[i + 1] === 0xc0 || bytes[i + 1] === 0xc2))) i += 2 + bytes.readUInt16BE(i + 2);
    expect([bytes.readUInt16BE(i + 7), bytes.readUInt16BE(i + 5)]).toEqual([2560, 1707]);
  });

  it("keeps the department on every link, says it on the records, reads coded values in English, and fits a phone", async () => {
    const leader = await as("leader", "dash-scope");
    const amr = (await e2e.server.db.selectFrom("departments").select("id").where("code", "=", "AMR").executeTakeFirstOrThrow()).id;
    const from = `${today.slice(0, 4)}-01-01`;
    await leader.goto(`${e2e.server.url}/dashboard?from=${from}&to=${today}&department=${amr}`);
    await leader.getByTestId("dashboard-figures").waitFor();
    expect(await leader.getByTestId("records-evaluation").getAttribute("href")).toContain(`department=${amr}`);
    // The mean days: two decimals on the figure and on the chart's label alike.
    const mean = await leader.getByTestId("fig-averageDays").getAttribute("data-value");
    if (mean) {
      const shown = Number(mean).toFixed(2);
      await leader.getByTestId("fig-averageDays").getByText(shown.split(".")[0]!).first().waitFor();
      await leader.getByTestId("chart-caseDays").locator("svg text").filter({ hasText: shown }).first().waitFor();
    }
    await leader.getByTestId("records-teams").click();
    await leader.getByTestId("records-scope").getByText("市场监管局（工商）", { exact: false }).waitFor();
    await leader.getByTestId("records-table").getByText("在册").first().waitFor();
    await leader.getByRole("button", { name: "English" }).click();
    await leader.getByTestId("records-table").getByText("On the register").first().waitFor();
    expect(await leader.getByTestId("records-table").getByText("在册", { exact: true }).count()).toBe(0);
    await leader.getByTestId("records-scope").getByText("Market Regulation", { exact: false }).waitFor();

    // On a phone the menu is a button in the header (it covers nothing) that opens a drawer.
    const phone = await as("leader", "dash-scope-phone", { phone: true });
    await phone.goto(`${e2e.server.url}/dashboard`);
    await phone.getByTestId("dashboard-intro").waitFor();
    expect(await phone.locator(".ant-layout-sider, .ant-layout-sider-zero-width-trigger").count()).toBe(0);
    const button = await phone.getByTestId("menu-button").boundingBox();
    const intro = await phone.getByTestId("dashboard-intro").boundingBox();
    const title = await phone.getByTestId("dashboard-head").locator("h1, h2, h3, h4").first().boundingBox();
    expect(button).not.toBeNull();
    for (const box of [intro!, title!]) {
      const overlaps = button!.x < box.x + box.width && box.x < button!.x + button!.width && button!.y < box.y + box.height && box.y < button!.y + button!.height;
      expect(overlaps).toBe(false);
    }
    expect(await phone.getByTestId("menu-button").getAttribute("aria-expanded")).toBe("false");
    await phone.getByTestId("menu-button").click();
    await phone.getByRole("menuitem", { name: "走访服务活动" }).click();
    await phone.waitForURL(`${e2e.server.url}/outreach/events`);
    // The drawer closes on the way.
    await expect.poll(() => phone.getByTestId("menu-button").getAttribute("aria-expanded")).toBe("false");
    expect(await phone.locator("main").count()).toBe(1);
  });

  it("a leader enters the centre's baseline; a wrong one is refused on its field", async () => {
    const leader = await as("leader", "dash-baseline");
    await leader.goto(`${e2e.server.url}/dashboard`);
    await leader.getByTestId("dashboard-figures").waitFor();
    await leader.getByTestId("baseline-edit").click();
    const modal = leader.getByTestId("baseline-modal");
    // A note too long for the server: refused on its field, nothing saved.
    await modal.getByTestId("baseline-steps").fill("6");
    await modal.getByTestId("baseline-days").fill("12");
    await modal.getByTestId("baseline-note").evaluate((el: HTMLTextAreaElement) => el.removeAttribute("maxlength"));
    await modal.getByTestId("baseline-note").fill("依".repeat(201));
    await modal.getByRole("button", { name: /保\s*存/ }).click();
    await modal.getByText("依据说明：不能超过 200 个字").waitFor();
    expect(await e2e.server.db.selectFrom("dashboard_baselines").select("id").execute()).toHaveLength(1);
    await modal.getByTestId("baseline-steps").fill("6");
    await modal.getByTestId("baseline-days").fill("12");
    await modal.getByTestId("baseline-note").fill("2013 年工作总结");
    await modal.getByRole("button", { name: /保\s*存/ }).click();
    await leader.getByTestId("baseline").getByText(/6 个、12 个工作日（2013 年工作总结），沈国华/).waitFor();
    const d = await (await leader.request.get(`${e2e.server.url}/api/dashboard?from=${today.slice(0, 4)}-01-01&to=${today}`)).json();
    expect(d.process.baseline).toMatchObject({ steps: 6, workingDays: 12 });
  });

  it("a supervisor sets up a team with its leader and members", async () => {
    const supervisor = await as("supervisor", "dash-team");
    await supervisor.getByRole("menuitem", { name: "机关服务队" }).click();
    await supervisor.getByTestId("team-add").click();
    await pick(supervisor, supervisor.getByTestId("team-department"), "市司法局", { search: "司法" });
    await supervisor.getByTestId("team-name").fill("南湖区法律服务队第二分队");
    await pick(supervisor, supervisor.getByTestId("team-leader"), "周红英", { search: "周红英" });
    await supervisor.getByTestId("team-add-member").click();
    await supervisor.getByPlaceholder("姓名").last().fill("陆律师");
    await supervisor.getByPlaceholder("电话").last().fill("139057399");
    await supervisor.locator(".ant-modal-footer .ant-btn-primary").click();
    // A wrong phone is named on its row; corrected, the team is made.
    await supervisor.getByText("队员电话：须为 11 位手机号或带区号的固定电话").waitFor();
    await supervisor.getByPlaceholder("电话").last().fill("13905739999");
    await supervisor.locator(".ant-modal-footer .ant-btn-primary").click();
    await supervisor.getByTestId("teams-table").getByText("南湖区法律服务队第二分队").click();
    await supervisor.getByTestId("team-members").getByText("陆律师").waitFor();
    await supervisor.getByTestId("team-members").getByText("13905739999").waitFor();
    expect(await e2e.server.db.selectFrom("service_teams").select("leader_user_id").where("name", "=", "南湖区法律服务队第二分队").executeTakeFirst()).toBeDefined();
  });
});
