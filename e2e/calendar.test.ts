import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sampleApplication } from "@yichuang/core";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clock } from "../server/src/platform/clock.js";
import { e2eSuite, pick } from "./harness.js";

/**
 * The working calendar the centre keeps (issue 16) in the browser, with the server's one clock moved
 * to 2026-12-30, 2026-12-31, 2027-01-04 and across the 2027 Spring Festival, before and after the
 * 2027 schedule is entered. The server runs in this process, so `clock` is its clock; the browser's
 * own clock stays real and the app follows the server's (x-yc-now). The 2027 notice is the server
 * tests' fixture in the State Council's format, not the real 2027 schedule: 元旦 1–3 January, 春节
 * 5–13 February, make-up working day Saturday 20 February.
 *
 * The tests run in order and share the server (run alone with -t, a later one misses what the
 * earlier ones set up): the year end (no 2027 schedule), a garbled notice (nothing saved), the notice
 * entered across the Spring Festival, a closure, a 12316 ticket across 2027/2028, the page on a phone.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const NOTICE_2027 = fs.readFileSync(path.join(root, "server", "test", "fixtures", "notice-2027-test.txt"), "utf8");
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const MATERIALS = ["M02", "M03", "M04", "M05", "M06", "M07"];

// The clock is set before the server starts (its seed and first reads see 2026-12-30) and reset after.
beforeAll(() => clock.setTo("2026-12-30T09:00:00+08:00"));
const e2e = e2eSuite();
afterAll(() => clock.reset());

/** Moves the server's clock to a local time in Asia/Shanghai. Sessions idle out over days: sign in again after. */
const at = (local: string) => clock.setTo(`${local}+08:00`);
/** Waits for the background recount a calendar change starts. */
const recounted = () => e2e.server.app.workingCalendar.recount.run();
const url = (p: string) => `${e2e.server.url}${p}`;

async function csrf(page: Page): Promise<string> {
  return (await (await page.request.get(url("/api/auth/me"))).json()).csrfToken;
}

let filed = 0;
/** The founder files an application with its materials through the API (the form's filling is the registration journey's test); returns the case. */
async function fileCase(founder: Page): Promise<{ id: string; number: string }> {
  filed += 1;
  const headers = { "x-csrf-token": await csrf(founder) };
  const draft = await founder.request.post(url("/api/applications"), { headers, data: { serviceItem: "QY-SL-LLC" } });
  expect(draft.status(), await draft.text()).toBe(201);
  const { id } = await draft.json();
  for (const code of MATERIALS) {
    const res = await founder.request.post(url(`/api/applications/${id}/materials`), { headers, multipart: { materialCode: code, file: { name: `${code}.pdf`, mimeType: "application/pdf", buffer: PDF } } });
    expect(res.status(), await res.text()).toBe(201);
  }
  const submitted = await founder.request.post(url(`/api/applications/${id}/submit`), { headers, data: { data: sampleApplication(20 + filed), revision: 1 } });
  expect(submitted.status(), await submitted.text()).toBe(200);
  const mine: { id: string; number: string; applicationId: string }[] = await (await founder.request.get(url("/api/cases/mine"))).json();
  const kase = mine.find((c) => c.applicationId === id);
  expect(kase).toBeTruthy();
  return { id: kase!.id, number: kase!.number };
}

/** The single window accepts the case on its page (受理); the clerk's page then shows the AMR deadline. */
async function accept(clerk: Page, caseId: string): Promise<void> {
  await clerk.goto(url(`/window/cases/${caseId}`));
  await clerk.locator('[data-testid="window-case"][data-status="submitted"]').waitFor();
  await clerk.getByRole("button", { name: "受理" }).click();
  await clerk.locator('[data-testid="window-case"][data-status="in_review"]').waitFor();
}

/** The AMR (工商) deadline a case page shows, and whether it carries 预计. */
async function amrDeadline(page: Page): Promise<{ date: string | null; provisional: boolean }> {
  const cell = page.getByTestId("deadline-AMR");
  await cell.waitFor();
  return { date: await cell.textContent(), provisional: (await page.getByTestId("provisional-AMR").count()) > 0 };
}

/** Opens a case's tracking page (the founder's) and reads its AMR deadline. */
async function openCase(page: Page, caseId: string) {
  await page.goto(url(`/cases/${caseId}`));
  await page.getByTestId("case-tracking").waitFor();
  return amrDeadline(page);
}

/** No load error on the page (LoadError is an error alert). */
async function noLoadError(page: Page) {
  expect(await page.locator(".ant-alert-error").count()).toBe(0);
}

// Shared between the journeys, in order.
let yearEndCase: { id: string; number: string };
let newYearsEveCase: { id: string; number: string };

describe("#calendar the turn of 2026/2027 without the 2027 schedule", () => {
  it("2026-12-30: the administrator is warned on every page; a case accepted is due 2027-01-04, 预计 on every view", async () => {
    // The administrator is warned on every page that 2027 is missing.
    at("2026-12-30T09:00:00");
    const admin = await e2e.as("admin", "calendar-admin-1230");
    for (const p of ["/", "/admin/users", "/admin/org", "/audit", "/admin/calendar"]) {
      await admin.goto(url(p));
      await admin.locator('[data-testid="calendar-warning"][data-year="2027"]').waitFor();
    }
    // Away from the calendar the banner links to it; the calendar opens on 2027 (from October), estimated.
    await admin.locator('[data-testid="calendar-year"][data-year="2027"][data-source="estimate"]').waitFor();
    await admin.goto(url("/admin/users"));
    await admin.getByTestId("calendar-warning-link").click();
    await admin.waitForURL(/\/admin\/calendar/);
    // The grid's today is the server's 2026-12-30, not the browser's date.
    await pick(admin, admin.getByTestId("calendar-year-select"), "2026 年");
    await admin.locator('[data-testid="calendar-year"][data-year="2026"][data-source="package"]').waitFor();
    expect(await admin.getByTestId("day-2026-12-30").evaluate((el) => getComputedStyle(el).outlineStyle)).toBe("solid");

    // A case accepted on 2026-12-30: 12-31 works, 2027-01-01 is 元旦 by the rules, then the weekend: due Monday 01-04, 预计.
    const founder = await e2e.as("founder", "calendar-founder-1230");
    const clerk = await e2e.as("clerk", "calendar-clerk-1230");
    yearEndCase = await fileCase(founder);
    await accept(clerk, yearEndCase.id);
    expect(await amrDeadline(clerk)).toEqual({ date: "2027-01-04", provisional: true });
    expect(await openCase(founder, yearEndCase.id)).toEqual({ date: "2027-01-04", provisional: true });
    // The tag explains itself to keyboard and screen-reader users.
    expect(await founder.getByTestId("provisional-AMR").getAttribute("aria-label")).toMatch(/^预计：/);
    const supervisor = await e2e.as("supervisor", "calendar-supervisor-1230");
    await supervisor.goto(url("/supervision?department=AMR"));
    await supervisor.getByTestId(`provisional-${yearEndCase.number}-AMR`).waitFor();
    await noLoadError(supervisor);
  });

  it("2026-12-31: a case accepted is due 2027-01-05, 预计", async () => {
    at("2026-12-31T10:00:00");
    const founder = await e2e.as("founder", "calendar-founder-1231");
    const clerk = await e2e.as("clerk", "calendar-clerk-1231");
    newYearsEveCase = await fileCase(founder);
    await accept(clerk, newYearsEveCase.id);
    expect(await amrDeadline(clerk)).toEqual({ date: "2027-01-05", provisional: true });
    expect(await openCase(founder, newYearsEveCase.id)).toEqual({ date: "2027-01-05", provisional: true });
  });

  it("2027-01-04: the board, the clerk's inbox, the founder's list and the department's tasks open, 预计 where deadlines show", async () => {
    at("2027-01-04T09:30:00");
    const second = newYearsEveCase;
    const sup = await e2e.as("supervisor", "calendar-supervisor-0104");
    const board = sup.waitForResponse((r) => r.url().includes("/api/supervision/board") && r.status() === 200);
    await sup.goto(url("/supervision?department=AMR"));
    await board;
    await sup.getByTestId(`provisional-${yearEndCase.number}-AMR`).waitFor();
    await sup.getByTestId(`provisional-${second.number}-AMR`).waitFor();
    // "Today" on the board is the server's.
    expect(await sup.getByTestId("supervision-board").textContent()).toContain("2027-01-04");
    await noLoadError(sup);

    const clerk04 = await e2e.as("clerk", "calendar-clerk-0104");
    await clerk04.goto(url("/window"));
    await clerk04.getByTestId("window-inbox").getByText(second.number).waitFor();
    await noLoadError(clerk04);
    // The inbox lists no deadlines; the case the clerk opens from it shows 预计.
    await clerk04.goto(url(`/window/cases/${yearEndCase.id}`));
    expect(await amrDeadline(clerk04)).toEqual({ date: "2027-01-04", provisional: true });

    const founder04 = await e2e.as("founder", "calendar-founder-0104");
    await founder04.goto(url("/applications"));
    await founder04.getByTestId("my-cases").getByText(yearEndCase.number).waitFor();
    await founder04.getByTestId("my-cases").getByText(second.number).waitFor();
    await noLoadError(founder04);
    expect(await openCase(founder04, second.id)).toEqual({ date: "2027-01-05", provisional: true });

    const amr = await e2e.as("reviewer.amr", "calendar-reviewer-0104");
    await amr.goto(url("/tasks"));
    await amr.getByTestId(`provisional-${yearEndCase.number}`).waitFor();
    await amr.getByTestId(`provisional-${second.number}`).waitFor();
    await noLoadError(amr);
    await amr.goto(url(`/tasks/${yearEndCase.id}`));
    expect(await amrDeadline(amr)).toEqual({ date: "2027-01-04", provisional: true });

    // In 2027 itself the warning is about this year.
    const admin04 = await e2e.as("admin", "calendar-admin-0104");
    await admin04.locator('[data-testid="calendar-warning"][data-year="2027"]').waitFor();
  });
});

describe("#calendar a notice the parser cannot read in full", () => {
  it("shows what was and was not understood, the problems on their clauses, keeps the save closed and saves nothing", async () => {
    at("2027-01-04T10:00:00");
    const admin = await e2e.as("admin", "calendar-admin-garbled");
    await admin.goto(url("/admin/calendar"));
    const garbled = NOTICE_2027.replace("2月5日（农历腊月二十九、周五）至13日", "农历腊月二十九起连休九日，至13日").replace("三、清明节：4月3日（周六）", "三、清明节：4月3日（周一）");
    await admin.getByTestId("notice-text").fill(garbled);
    await admin.getByTestId("notice-parse").click();
    await admin.locator('[data-testid="notice-preview"][data-complete="false"]').waitFor();
    await admin.getByTestId("notice-summary").getByText("未能完整识别").waitFor();

    // 春节 partly understood, the pieces not understood highlighted in the clause and listed under it.
    const spring = admin.getByTestId("notice-clause-2");
    expect(await spring.getAttribute("data-status")).toBe("partial");
    expect(await spring.locator('mark[data-unparsed="true"]').allTextContents()).toContain("农历腊月二十九起连休九日");
    expect(await admin.getByTestId("notice-clause-unparsed-2").textContent()).toContain("农历腊月二十九起连休九日");
    expect(await admin.getByTestId("notice-clause-problems-2").textContent()).toContain("第二项（春节）：未能识别");
    // 清明: read, but its weekday is wrong: the problem is on the clause, which is marked.
    const qingming = admin.getByTestId("notice-clause-3");
    expect(await qingming.getAttribute("data-status")).toBe("understood");
    expect(await qingming.getAttribute("data-problem")).toBe("true");
    expect(await admin.getByTestId("notice-clause-problems-3").textContent()).toMatch(/4月3日 写的是周一.*周六/);
    expect(await admin.getByTestId("notice-clause-1").getAttribute("data-problem")).toBeNull();
    // Problems about a clause are not repeated in the general list (here there is none else).
    expect(await admin.getByTestId("notice-problems").count()).toBe(0);
    expect(await admin.getByTestId("notice-save").isDisabled()).toBe(true);

    // Nothing was saved: no version of 2027, the year still estimated, the banner still there.
    await admin.getByRole("tab", { name: "历史版本" }).click();
    await admin.getByTestId("calendar-versions").getByText("2027 年尚无本中心录入的版本。").waitFor();
    expect(await admin.locator('[data-testid^="version-row-"]').count()).toBe(0);
    expect(await (await admin.request.get(url("/api/admin/calendar/years/2027/versions"))).json()).toEqual([]);
    expect(await admin.getByTestId("calendar-year").getAttribute("data-source")).toBe("estimate");
    await admin.locator('[data-testid="calendar-warning"][data-year="2027"]').waitFor();
  });
});

describe("#calendar across the 2027 Spring Festival", () => {
  it("a deadline counted on the estimate moves when the notice is entered: recorded, told, firm; the banner goes", async () => {
    // 2027-02-04 (Thursday), no schedule: 除夕 to 初三 (6–9 February by the rules) off, the two working days are 5 and 10 February.
    at("2027-02-04T09:00:00");
    const founder = await e2e.as("founder", "calendar-founder-0204");
    const clerk = await e2e.as("clerk", "calendar-clerk-0204");
    const festival = await fileCase(founder);
    await accept(clerk, festival.id);
    expect(await amrDeadline(clerk)).toEqual({ date: "2027-02-10", provisional: true });
    expect(await openCase(founder, festival.id)).toEqual({ date: "2027-02-10", provisional: true });
    expect(await founder.getByTestId("deadline-changes").count()).toBe(0);

    // The administrator pastes the notice: every clause understood, the difference day by day.
    const admin = await e2e.as("admin", "calendar-admin-0204");
    await admin.locator('[data-testid="calendar-warning"][data-year="2027"]').waitFor();
    await admin.goto(url("/admin/calendar"));
    await admin.locator('[data-testid="calendar-year"][data-year="2027"][data-source="estimate"]').waitFor();
    await admin.getByTestId("notice-text").fill(NOTICE_2027);
    await admin.getByTestId("notice-parse").click();
    await admin.locator('[data-testid="notice-preview"][data-complete="true"]').waitFor();
    for (let n = 1; n <= 7; n++) expect(await admin.getByTestId(`notice-clause-${n}`).getAttribute("data-status"), `clause ${n}`).toBe("understood");
    expect(await admin.locator('[data-testid^="notice-clause-"][data-problem="true"]').count()).toBe(0);
    expect(await admin.getByTestId("notice-changes-2027-02-20").textContent()).toMatch(/休息日.*调休上班/);
    expect(await admin.getByTestId("notice-changes-2027-02-10").textContent()).toMatch(/工作日.*放假.*春节/);
    expect(await admin.getByTestId("notice-changes-current").textContent()).toContain("第 1 版");
    await admin.getByTestId("notice-save").click();
    await admin.locator('[data-testid="calendar-saved"][data-version="1"]').waitFor();
    await recounted();

    // The year is the centre's now: the banner is gone (here and on other pages), the grid shows the notice's days.
    await admin.locator('[data-testid="calendar-year"][data-year="2027"][data-source="centre"]').waitFor();
    await admin.getByTestId("calendar-warning").waitFor({ state: "detached" });
    const holiday = admin.getByTestId("day-2027-02-10");
    expect(await holiday.getAttribute("data-kind")).toBe("holiday");
    expect(await holiday.getAttribute("aria-label")).toContain("春节");
    expect(await admin.getByTestId("day-2027-02-20").getAttribute("data-kind")).toBe("makeup");
    expect(await admin.getByTestId("day-2027-02-20").getAttribute("data-working")).toBe("true");
    expect(await admin.getByTestId("day-2027-01-04").getAttribute("data-kind")).toBe("workday");
    await admin.getByRole("tab", { name: "历史版本" }).click();
    await admin.getByTestId("version-row-1").waitFor();
    await admin.goto(url("/admin/users"));
    await admin.getByRole("cell", { name: "founder", exact: true }).waitFor();
    expect(await admin.getByTestId("calendar-warning").count()).toBe(0);

    // The founder's case: due 2027-02-16, firm, the move recorded; the founder was told.
    await expect.poll(async () => (await openCase(founder, festival.id)), { timeout: 15_000 }).toEqual({ date: "2027-02-16", provisional: false });
    const changes = founder.getByTestId("deadline-changes");
    await changes.waitFor();
    expect(await changes.textContent()).toMatch(/2027-02-10\s*→\s*2027-02-16/);
    await founder.getByTestId("notifications-bell").click();
    await founder.getByTestId("notifications").getByText("办理期限已随工作日历调整").first().waitFor();
    expect(await founder.getByTestId("notifications").textContent()).toContain("2027-02-10 → 2027-02-16");

    // With the schedule: the year-end case's 2027-01-04 stands and is firm; a case accepted now is due 02-16 at once.
    expect(await openCase(founder, yearEndCase.id)).toEqual({ date: "2027-01-04", provisional: false });
    const after = await fileCase(founder);
    await accept(clerk, after.id);
    expect(await amrDeadline(clerk)).toEqual({ date: "2027-02-16", provisional: false });
    const supervisor = await e2e.as("supervisor", "calendar-supervisor-0204");
    await supervisor.goto(url("/supervision?department=AMR"));
    await supervisor.getByTestId("supervision-board").getByText(after.number).waitFor();
    expect(await supervisor.locator('[data-testid^="provisional-"]').count()).toBe(0);
  });
});

describe("#calendar a closure", () => {
  it("the leader closes a day: an open deadline over it moves on, recorded; lifting the closure moves it back", async () => {
    // Monday 2027-03-01: a case accepted now is due Wednesday 03-03.
    at("2027-03-01T09:00:00");
    const founder = await e2e.as("founder", "calendar-founder-0301");
    const clerk = await e2e.as("clerk", "calendar-clerk-0301");
    const kase = await fileCase(founder);
    await accept(clerk, kase.id);
    expect(await amrDeadline(clerk)).toEqual({ date: "2027-03-03", provisional: false });

    const leader = await e2e.as("leader", "calendar-leader-0301");
    await leader.goto(url("/admin/calendar"));
    await leader.locator('[data-testid="calendar-year"][data-year="2027"]').waitFor();
    // Leaders close days but do not enter years.
    expect(await leader.getByTestId("calendar-entry").count()).toBe(0);
    // A reason is required, named on its field.
    await leader.getByTestId("closure-date").click();
    await leader.getByTestId("closure-date").fill("2027-03-02");
    await leader.keyboard.press("Enter");
    await leader.getByTestId("closure-add").click();
    await leader.getByText("闭馆原因：必填").waitFor();
    await leader.getByTestId("closure-reason").fill("台风“梅花”停工");
    await leader.getByTestId("closure-add").click();
    await leader.getByTestId("closure-row-2027-03-02").waitFor();
    await recounted();
    const closed = leader.getByTestId("day-2027-03-02");
    await expect.poll(() => closed.getAttribute("data-closed")).toBe("true");
    expect(await closed.getAttribute("data-working")).toBe("false");
    expect(await closed.getAttribute("aria-label")).toContain("台风“梅花”停工");

    await expect.poll(async () => (await openCase(founder, kase.id)).date, { timeout: 15_000 }).toBe("2027-03-04");
    expect(await founder.getByTestId("deadline-changes").textContent()).toMatch(/2027-03-03\s*→\s*2027-03-04/);
    await founder.getByTestId("notifications-bell").click();
    await founder.getByTestId("notifications").getByText("闭馆 2027-03-02", { exact: false }).first().waitFor();

    // Lifted (with a reason): the deadline is back to 03-03, both moves in the record.
    await leader.getByTestId("closure-lift-2027-03-02").click();
    await leader.getByTestId("lift-reason").fill("台风转向，照常上班");
    await leader.getByTestId("lift-confirm").click();
    await leader.getByTestId("closure-row-2027-03-02").waitFor({ state: "detached" });
    await recounted();
    await expect.poll(() => leader.getByTestId("day-2027-03-02").getAttribute("data-closed")).toBeNull();
    await leader.getByTestId("closures-include-lifted").click();
    expect(await leader.locator('[data-testid="closure-row-2027-03-02"]').getAttribute("data-lifted")).toBe("true");

    await expect.poll(async () => (await openCase(founder, kase.id)).date, { timeout: 15_000 }).toBe("2027-03-03");
    expect(await founder.getByTestId("deadline-changes").textContent()).toMatch(/2027-03-04\s*→\s*2027-03-03/);
  });
});

describe("#calendar a 12316 ticket across the turn of 2027/2028", () => {
  it("each clock is 预计 on its own; entering 2028 moves the solution's due time, recorded on the ticket", async () => {
    // Friday 2027-12-31 16:00, 2028 not entered: the first response is due today, the solution in 2028 on the estimate.
    at("2027-12-31T16:00:00");
    const operator = await e2e.as("operator", "calendar-operator-1231");
    const call = await operator.request.post(url("/api/hotline/tickets"), {
      headers: { "x-csrf-token": await csrf(operator) },
      data: { phone: "13957300001", name: "沈农户", villageCode: "330402103215", category: "production", product: "水稻", text: "水稻叶片发黄，怎么办？" },
    });
    expect(call.status(), await call.text()).toBe(201);
    const ticket: { id: string; number: string } = await call.json();
    await operator.goto(url("/hotline/tickets"));
    await operator.getByTestId(`ticket-provisional-${ticket.number}`).waitFor();
    await operator.goto(url(`/hotline/tickets/${ticket.id}`));
    await operator.getByTestId("clock-solution-provisional").waitFor();
    expect(await operator.getByTestId("clock-response-provisional").count()).toBe(0);
    // A 900-minute limit from Friday 16:00: Monday 2028-01-03 is a working day by the rules, so due Tuesday 01-04 16:00.
    expect(await operator.getByTestId("clock-solution").textContent()).toContain("2028-01-04 16:00");

    // The 2028 notice (元旦 1–3 January: Monday 3 January is off, which the rules did not know) is entered.
    const admin = await e2e.as("admin", "calendar-admin-1231");
    await admin.locator('[data-testid="calendar-warning"][data-year="2028"]').waitFor();
    await admin.goto(url("/admin/calendar"));
    await admin.getByTestId("notice-text").fill(
      "国务院办公厅关于2028年部分节假日安排的通知\n一、元旦：1月1日（周六）至3日（周一）放假，共3天。\n二、春节：1月25日（周二）至2月2日（周三）放假调休，共9天。1月22日（周六）、2月5日（周六）上班。",
    );
    await admin.getByTestId("notice-parse").click();
    await admin.locator('[data-testid="notice-preview"][data-complete="true"]').waitFor();
    await admin.getByTestId("notice-changes-2028-01-03").waitFor();
    await admin.getByTestId("notice-save").click();
    await admin.locator('[data-testid="calendar-saved"][data-version="1"]').waitFor();
    await recounted();
    await admin.getByTestId("calendar-warning").waitFor({ state: "detached" });

    // The ticket: firm now, its solution's due time moved, recorded in the card and the timeline.
    await operator.reload();
    await operator.getByTestId("deadline-changes").waitFor();
    expect(await operator.getByTestId("deadline-changes").textContent()).toMatch(/办结时限\s*2028-01-04 16:00\s*→\s*2028-01-05 16:00/);
    expect(await operator.getByTestId("clock-solution").textContent()).toContain("2028-01-05 16:00");
    expect(await operator.getByTestId("clock-solution-provisional").count()).toBe(0);
    await operator.getByTestId("ticket-timeline").getByText("时限随工作日历调整").first().waitFor();
    await operator.goto(url("/hotline/tickets"));
    await operator.getByTestId(`ticket-due-${ticket.number}`).waitFor();
    expect(await operator.getByTestId(`ticket-provisional-${ticket.number}`).count()).toBe(0);
  });
});

describe("#calendar on a phone", () => {
  it("the calendar page fits a 390 px screen: no sideways scrolling of the page, the months readable", async () => {
    const admin = await e2e.as("admin", "calendar-admin-phone", { phone: true });
    await admin.goto(url("/admin/calendar?year=2027"));
    await admin.locator('[data-testid="calendar-year"][data-year="2027"]').waitFor();
    await admin.getByTestId("day-2027-02-10").waitFor();
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // A month's grid fits the screen's width.
    const month = await admin.getByTestId("day-month-2").boundingBox();
    expect(month!.x).toBeGreaterThanOrEqual(0);
    expect(month!.x + month!.width).toBeLessThanOrEqual(390);
    // The three ways to enter a year stay on screen (not behind the tabs' "…").
    const bar = (await admin.getByTestId("calendar-entry").locator(".ant-tabs-nav-wrap").boundingBox())!;
    for (const name of ["粘贴国务院通知录入", "导入 .ics 文件", "历史版本"]) {
      const tab = (await admin.getByRole("tab", { name }).boundingBox())!;
      expect(tab.x + tab.width, name).toBeLessThanOrEqual(bar.x + bar.width);
    }
    // The closure's reason keeps a readable width in its table (which scrolls sideways on its own).
    const reason = await admin.getByTestId("closures-table").getByRole("columnheader", { name: "闭馆原因" }).boundingBox();
    expect(reason!.width).toBeGreaterThan(120);
  });
});
