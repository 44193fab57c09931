import { randomBytes } from "node:crypto";
import { PACKAGE_CALENDAR, formatCardCode, makeCardCode, rectificationDeadlines } from "@yichuang/core";
import { request, type APIRequestContext, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { holdsFocus, launchBrowser, newPage, offScreenControls, signIn, startServer, tabTo, type E2EServer } from "./harness.js";
import { shanghaiToday } from "../server/src/platform/clock.js";

let server: E2EServer;
let browser: Browser;
const sessions: APIRequestContext[] = [];
beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const s of sessions) await s.dispose();
  await browser?.close();
  await server?.close();
});

/** A browser page signed in as `username`. */
async function as(username: string, name: string): Promise<Page> {
  const { page } = await newPage(browser, name);
  await signIn(page, server.url, username);
  await page.getByRole("button", { name: "退出登录" }).waitFor();
  return page;
}

/** A page nobody signed in on: the citizen's phone. */
async function citizenPage(name: string): Promise<Page> {
  return (await newPage(browser, name)).page;
}

/** An API session (no browser) for preparing data: POSTs carry its CSRF token. */
async function apiAs(username: string) {
  const ctx = await request.newContext({ baseURL: server.url });
  sessions.push(ctx);
  const login = await ctx.post("/api/auth/login", { data: { username, password: "Jiaxing@2026" } });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return {
    get: async (path: string) => {
      const res = await ctx.get(path);
      return { status: res.status(), body: await res.json() };
    },
    post: async (path: string, data: unknown = {}) => {
      const res = await ctx.post(path, { data, headers: { "x-csrf-token": csrfToken } });
      return { status: res.status(), body: res.status() === 204 ? null : await res.json() };
    },
  };
}
type Api = Awaited<ReturnType<typeof apiAs>>;

/** The clerk (AMR, home window A01) serves a citizen at the desk and completes it; the transaction's id. */
async function completedTransaction(clerk: Api, citizen: { name: string; phone?: string }): Promise<string> {
  const started = await clerk.post("/api/desk/transactions", { serviceCode: "AMR-ZX", citizenName: citizen.name, citizenPhone: citizen.phone ?? null });
  expect(started.status).toBe(201);
  const open = (started.body.transactions as { id: string; status: string }[]).find((x) => x.status === "open")!;
  expect((await clerk.post(`/api/desk/transactions/${open.id}/complete`)).status).toBe(200);
  return open.id;
}

/** A new batch of cards printed by the supervisor; their codes. */
async function printCards(size: number): Promise<string[]> {
  const supervisor = await apiAs("supervisor");
  const batch = await supervisor.post("/api/cards/batches", { size, note: "e2e" });
  expect(batch.status).toBe(201);
  const cards = await server.db.selectFrom("supervision_cards").select("code").where("batch_id", "=", batch.body.id).orderBy("seq").execute();
  return cards.map((c) => c.code);
}

/** A bad review through a card handed out by the clerk; the ticket it opened. */
async function badReview(level: 1 | 2, citizen: { name: string; phone: string }) {
  const clerk = await apiAs("clerk");
  const [code] = await printCards(1);
  const transactionId = await completedTransaction(clerk, citizen);
  expect((await clerk.post("/api/desk/cards", { code, transactionId })).status).toBe(200);
  const citizenApi = await request.newContext({ baseURL: server.url });
  sessions.push(citizenApi);
  expect((await citizenApi.post(`/api/public/cards/${code}/rating`, { data: { level, reasons: ["attitude"] } })).status()).toBe(201);
  const ticket = await ticketOf(transactionId);
  await afterCitizenLeft(ticket.id);
  return { ...ticket, transactionId };
}

async function ticketOf(transactionId: string) {
  return server.db
    .selectFrom("rectification_tickets as k")
    .innerJoin("evaluations as e", "e.id", "k.evaluation_id")
    .selectAll("k")
    .select("e.status as evaluation_status")
    .where("e.transaction_id", "=", transactionId)
    .executeTakeFirstOrThrow();
}

/**
 * The citizen has left the window: a ticket reaches its clerk only some minutes after the
 * review (RECTIFY_CLERK_DELAY_MINUTES), so the tests move its creation back an hour.
 */
async function afterCitizenLeft(ticketId: string): Promise<void> {
  const earlier = new Date(Date.now() - 3600_000).toISOString();
  await server.db.updateTable("rectification_tickets").set({ created_at: earlier }).where("id", "=", ticketId).execute();
}

async function departmentId(code: string): Promise<string> {
  return (await server.db.selectFrom("departments").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
}

/** Picks a radio option as a person does: by clicking its label (antd hides the input itself). */
async function choose(page: Page, option: { name: string; exact?: boolean }): Promise<void> {
  const radio = page.getByRole("radio", option);
  await radio.locator("xpath=ancestor::label[1]").click();
  // React renders the choice on its next frame: on a busy machine the check lags the click.
  await expect.poll(() => radio.isChecked(), { timeout: 5_000 }).toBe(true);
}

const countEvaluations = async () => Number((await server.db.selectFrom("evaluations").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
const rate = (r: number | null) => (r === null ? "—" : `${(r * 100).toFixed(1)}%`);

describe("好差评 in the browser", () => {
  it("a supervision card: printed, handed out with a completed transaction, rated once by the citizen", async () => {
    // The supervisor prints a batch on the cards page.
    const sup = await as("supervisor", "card-supervisor");
    await sup.goto(`${server.url}/cards`);
    await sup.getByTestId("card-batches").waitFor();
    await sup.getByTestId("batch-new").click();
    await sup.getByLabel("张数").fill("8");
    await sup.getByLabel("备注").fill("e2e 大厅 A 区");
    await sup.getByRole("button", { name: "生成" }).click();
    await sup.getByText("e2e 大厅 A 区").waitFor();
    const batch = await server.db.selectFrom("card_batches").selectAll().where("note", "=", "e2e 大厅 A 区").executeTakeFirstOrThrow();
    expect(batch.size).toBe(8);
    const row = sup.locator(`tr[data-row-key="${batch.id}"]`);
    expect(await row.textContent()).toContain(batch.number);
    const href = await row.getByTestId(`batch-pdf-${batch.number}`).getAttribute("href");
    expect(href).toBe(`/api/cards/batches/${batch.id}/pdf`);
    const pdf = await sup.request.get(`${server.url}${href}`);
    expect([pdf.status(), pdf.headers()["content-type"]]).toEqual([200, "application/pdf"]);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
    const codes = (await server.db.selectFrom("supervision_cards").select("code").where("batch_id", "=", batch.id).orderBy("seq").execute()).map((c) => c.code);
    expect(codes).toHaveLength(8);

    // The clerk completes a transaction and hands out the first card with it.
    const clerk = await apiAs("clerk");
    const transactionId = await completedTransaction(clerk, { name: "李群众", phone: "13900001111" });
    const code = codes[0]!;
    expect((await clerk.post("/api/desk/cards", { code, transactionId })).status).toBe(200);

    // The citizen types the code as printed (groups, lower case); a mistyped one is caught first.
    const citizen = await citizenPage("card-citizen");
    await citizen.goto(`${server.url}/rate/card`);
    await citizen.getByTestId("card-code-input").fill("ABCD-EFGH");
    await citizen.getByTestId("card-code-go").click();
    expect(await citizen.getByTestId("card-code-problem").textContent()).toContain("卡号应为 12 位");
    await citizen.getByTestId("card-code-input").fill(formatCardCode(code).toLowerCase());
    await citizen.getByTestId("card-code-go").click();
    await citizen.waitForURL(`${server.url}/rate/card/${code}`);
    await citizen.locator('[data-testid="card-info"][data-state="ready"]').waitFor();
    const info = (await citizen.getByTestId("card-info").textContent())!;
    for (const s of ["企业登记咨询", "A01", "张敏", "JX1001", "市场监管局（工商）"]) expect(info).toContain(s);

    await choose(citizen, { name: "非常满意" });
    await citizen.getByTestId("rating-form-comment").fill("窗口服务热情，一次讲清楚");
    await citizen.getByTestId("rating-form-submit").click();
    await citizen.getByTestId("card-thanks").waitFor();
    const rated = await server.db.selectFrom("evaluations").selectAll().where("transaction_id", "=", transactionId).executeTakeFirstOrThrow();
    expect([rated.channel, rated.level, rated.comment, rated.status]).toEqual(["card", 5, "窗口服务热情，一次讲清楚", "valid"]);

    // The same code now shows it is used, and a second rating is refused with nothing changed.
    await citizen.reload();
    await citizen.locator('[data-testid="card-info"][data-state="used"]').waitFor();
    expect(await citizen.getByTestId("card-state").textContent()).toContain("该监督卡已使用");
    const cardBefore = await server.db.selectFrom("supervision_cards").selectAll().where("code", "=", code).executeTakeFirstOrThrow();
    const before = await countEvaluations();
    const again = await citizen.request.post(`${server.url}/api/public/cards/${code}/rating`, { data: { level: 1, reasons: ["attitude"] } });
    expect(again.status()).toBe(409);
    expect((await again.json()).error.message).toBe("该监督卡已使用过，一张卡只能评价一次");
    expect(await countEvaluations()).toBe(before);
    expect(await server.db.selectFrom("supervision_cards").selectAll().where("code", "=", code).executeTakeFirstOrThrow()).toEqual(cardBefore);
    expect(await server.db.selectFrom("rectification_tickets").selectAll().where("evaluation_id", "=", rated.id).execute()).toHaveLength(0);

    // The batch counts one card handed out and used.
    await sup.reload();
    await row.getByTestId("batch-used").waitFor();
    expect(await row.getByTestId("batch-bound").textContent()).toBe("1");
    expect(await row.getByTestId("batch-used").textContent()).toBe("1");
  });

  it("keyboard only: a citizen rates a card as a bad review with reasons, without a mouse; the card's page fits a phone", async () => {
    const clerkApi = await apiAs("clerk");
    const [code] = await printCards(1);
    const transactionId = await completedTransaction(clerkApi, { name: "孙群众", phone: "13900005555" });
    expect((await clerkApi.post("/api/desk/cards", { code, transactionId })).status).toBe(200);

    // Opened by its QR code on a phone: every control on the screen.
    const phone = (await newPage(browser, "card-phone", { phone: true })).page;
    await phone.goto(`${server.url}/rate/card/${code}`);
    await phone.locator('[data-testid="card-info"][data-state="ready"]').waitFor();
    expect(await offScreenControls(phone)).toEqual([]);
    await phone.close();

    const citizen = await citizenPage("card-keyboard");
    await citizen.goto(`${server.url}/rate/card/${code}`);
    await citizen.locator('[data-testid="card-info"][data-state="ready"]').waitFor();
    const keys = citizen.keyboard;
    // Into the levels (the first, 非常满意, takes the focus), then arrow keys down to 不满意.
    await tabTo(citizen, citizen.getByTestId("rating-form").getByRole("radio").first());
    for (let i = 0; i < 3; i++) await keys.press("ArrowRight");
    await expect.poll(() => citizen.getByRole("radio", { name: "不满意", exact: true }).isChecked()).toBe(true);
    // The reasons are toggle buttons: Tab to one, Space switches it on.
    await tabTo(citizen, citizen.getByTestId("reason-waiting"), 10);
    await keys.press("Space");
    await expect.poll(() => citizen.getByTestId("reason-waiting").getAttribute("aria-pressed")).toBe("true");
    await tabTo(citizen, citizen.getByTestId("rating-form-comment"), 10);
    await keys.type("等了四十分钟");
    await tabTo(citizen, citizen.getByTestId("rating-form-submit"), 5);
    await keys.press("Enter");
    const thanks = citizen.getByTestId("card-thanks");
    await thanks.waitFor();
    expect(await holdsFocus(thanks)).toBe(true);
    const rated = await server.db.selectFrom("evaluations").selectAll().where("transaction_id", "=", transactionId).executeTakeFirstOrThrow();
    expect([rated.channel, rated.level, rated.comment]).toEqual(["card", 2, "等了四十分钟"]);
    expect(JSON.parse(String(rated.reasons))).toEqual(["waiting"]);
  });

  it("a bad review is verified, fixed and the fix rated through the SMS link; deadlines are the working-day dates", async () => {
    const clerkApi = await apiAs("clerk");
    const [code] = await printCards(1);
    const transactionId = await completedTransaction(clerkApi, { name: "王群众", phone: "13900002222" });
    expect((await clerkApi.post("/api/desk/cards", { code, transactionId })).status).toBe(200);

    // The citizen gives 非常不满意 with reasons on the card's page.
    const citizen = await citizenPage("fix-citizen");
    await citizen.goto(`${server.url}/rate/card/${code}`);
    await citizen.locator('[data-testid="card-info"][data-state="ready"]').waitFor();
    await choose(citizen, { name: "非常不满意" });
    await citizen.getByTestId("reason-attitude").click();
    await citizen.getByTestId("reason-waiting").click();
    await citizen.getByTestId("rating-form-comment").fill("排队一个多小时，窗口态度冷淡");
    await citizen.getByTestId("rating-form-submit").click();
    await citizen.getByTestId("card-thanks").waitFor();

    const ticket = await ticketOf(transactionId);
    await afterCitizenLeft(ticket.id);
    const expected = rectificationDeadlines(PACKAGE_CALENDAR, shanghaiToday());
    expect(ticket.opened_date).toBe(shanghaiToday());
    expect([ticket.verify_due, ticket.fix_due]).toEqual([expected.verifyDue, expected.fixDue]);

    // The clerk finds it in the list with the verify deadline, and opens it.
    const clerk = await as("clerk", "fix-clerk");
    await clerk.goto(`${server.url}/rectifications`);
    await clerk.getByTestId(`ticket-link-${ticket.number}`).waitFor();
    expect(await clerk.getByTestId(`due-${ticket.number}`).textContent()).toBe(expected.verifyDue);
    const listRow = clerk.locator(`tr[data-row-key="${ticket.id}"]`);
    for (const s of ["待核实", "非常不满意", "服务态度不好", "等候时间长", "张敏"]) expect(await listRow.textContent()).toContain(s);
    await clerk.getByTestId(`ticket-link-${ticket.number}`).click();
    await clerk.locator('[data-testid="ticket"][data-status="open"]').waitFor();
    expect(await clerk.getByTestId("verify-due").textContent()).toBe(expected.verifyDue);
    expect(await clerk.getByTestId("fix-due").textContent()).toBe(expected.fixDue);
    expect(await clerk.getByTestId("current-step").textContent()).toContain(`核实并联系，须于 ${expected.verifyDue} 前完成`);
    expect(await clerk.getByTestId("ticket-citizen").textContent()).toContain("13900002222");

    // Step 1: verified, the citizen contacted.
    await choose(clerk, { name: "已联系" });
    await clerk.getByLabel("核实情况").fill("已电话联系王先生，核实当日取号排队时间过长");
    await clerk.getByRole("button", { name: "提交核实结果" }).click();
    await clerk.locator('[data-testid="ticket"][data-status="verified"]').waitFor();
    expect(await clerk.getByTestId("current-step").textContent()).toContain(`整改，须于 ${expected.fixDue} 前完成`);
    expect(await clerk.getByTestId("verify-done").textContent()).toContain("已联系");

    // Step 2: the fix; the citizen (known by phone only) gets an SMS with a link.
    await clerk.getByLabel("整改情况").fill("增开咨询窗口，高峰时段弹性排班，并已向王先生致歉");
    await clerk.getByRole("button", { name: "提交整改结果" }).click();
    await clerk.locator('[data-testid="ticket"][data-status="fixed"]').waitFor();
    const sms = await server.db.selectFrom("sms_messages").selectAll().where("related_id", "=", ticket.id).where("purpose", "=", "rectify.fix").executeTakeFirstOrThrow();
    expect(sms.phone).toBe("13900002222");
    const token = /\/rate\/fix\/([A-Za-z0-9_-]+)/.exec(sms.text)![1]!;

    // The SMS link opens on a phone: the page fits it.
    const phone = (await newPage(browser, "fix-phone", { phone: true })).page;
    await phone.goto(`${server.url}/rate/fix/${token}`);
    await phone.getByTestId("fix-note").waitFor();
    await phone.getByTestId("fix-form-submit").waitFor({ state: "attached" }).catch(() => undefined);
    expect(await offScreenControls(phone)).toEqual([]);
    await phone.close();

    // Step 3: the citizen rates the fix through the link.
    await citizen.goto(`${server.url}/rate/fix/${token}`);
    await citizen.getByTestId("fix-note").waitFor();
    expect(await citizen.getByTestId("fix-note").textContent()).toBe("增开咨询窗口，高峰时段弹性排班，并已向王先生致歉");
    await choose(citizen, { name: "满意", exact: true });
    await citizen.getByTestId("fix-form-submit").click();
    await citizen.getByTestId("fix-thanks").waitFor();
    const closed = await server.db.selectFrom("rectification_tickets").selectAll().where("id", "=", ticket.id).executeTakeFirstOrThrow();
    expect([closed.status, closed.fix_level, closed.contact_result]).toEqual(["closed", 4, "contacted"]);

    // The link works once; the clerk sees the ticket closed with the citizen's rating.
    await citizen.reload();
    expect(await citizen.getByTestId("fix-error").textContent()).toContain("该整改评价链接已使用或已失效");
    await clerk.reload();
    await clerk.locator('[data-testid="ticket"][data-status="closed"]').waitFor();
    expect(await clerk.getByTestId("fix-rating-done").textContent()).toContain("满意");
  });

  it("an appeal upheld by the supervisor sets the review aside and the figures no longer count it", async () => {
    const ticket = await badReview(2, { name: "赵群众", phone: "13900003333" });
    const amr = await departmentId("AMR");
    const supervisorApi = await apiAs("supervisor");
    const badOf = async () => ((await supervisorApi.get("/api/evaluation/figures?by=department")).body.rows as { key: string; bad: number }[]).find((r) => r.key === amr)!.bad;
    const badBefore = await badOf();

    // The clerk appeals.
    const clerk = await as("clerk", "appeal-clerk");
    await clerk.goto(`${server.url}/rectifications/${ticket.id}`);
    await clerk.locator('[data-testid="ticket"][data-status="open"]').waitFor();
    await clerk.getByTestId("appeal-open").click();
    await clerk.getByLabel("申诉理由").fill("监控录像显示该群众当日未到本窗口办理，属误评");
    await clerk.getByRole("button", { name: "提交申诉" }).click();
    await clerk.getByTestId("step-appeal").getByText("申诉审核中").waitFor();

    // The supervisor sees the appeal and upholds it with a reason.
    const sup = await as("supervisor", "appeal-supervisor");
    await sup.goto(`${server.url}/rectifications/${ticket.id}`);
    await sup.getByTestId("appeal-decision-form").waitFor();
    expect(await sup.getByTestId("appeal").textContent()).toContain("监控录像显示该群众当日未到本窗口办理");
    await choose(sup, { name: "采纳（撤销该差评）" });
    await sup.getByLabel("审核意见").fill("经调阅录像，情况属实，予以撤销");
    await sup.getByRole("button", { name: "提交审核意见" }).click();
    await sup.locator('[data-testid="ticket"][data-status="set_aside"]').waitFor();
    expect(await sup.getByTestId("appeal-decision").textContent()).toContain("经调阅录像，情况属实，予以撤销");

    const after = await ticketOf(ticket.transactionId);
    expect([after.status, after.appeal_decision, after.evaluation_status]).toEqual(["set_aside", "upheld", "set_aside"]);

    // The figures page counts one bad review fewer for the department.
    expect(await badOf()).toBe(badBefore - 1);
    await sup.goto(`${server.url}/evaluation/figures`);
    const amrRow = sup.locator(`[data-testid="figures-table"] tr[data-row-key="${amr}"]`);
    await amrRow.waitFor();
    expect(await amrRow.getByTestId("fig-bad").textContent()).toBe(String(badBefore - 1));
    expect(await sup.getByTestId("figures-total").textContent()).toContain("合计");
    expect(await sup.getByTestId("rates-legend").textContent()).toContain("默认好评");
  });

  it("the public column shows each department's rates without signing in, and opens a card by its code", async () => {
    const page = await citizenPage("public-figures");
    await page.goto(`${server.url}/evaluation`);
    const amr = await departmentId("AMR");
    const row = page.locator(`[data-testid="public-departments"] tr[data-row-key="${amr}"]`);
    await row.waitFor();
    expect(new URL(page.url()).pathname).toBe("/evaluation");
    const figures = await (await page.request.get(`${server.url}/api/public/evaluation/figures`)).json();
    const f = (figures.departments as { key: string; label: string; completed: number; activeGoodRate: number | null; goodRate: number | null; unratedRate: number | null }[]).find((d) => d.key === amr)!;
    expect(f.completed).toBeGreaterThan(0);
    expect(await row.textContent()).toContain("市场监管局（工商）");
    expect(await row.getByTestId("active-good-rate").textContent()).toBe(rate(f.activeGoodRate));
    expect(await row.getByTestId("good-rate").textContent()).toBe(rate(f.goodRate));
    expect(await row.getByTestId("unrated-rate").textContent()).toBe(rate(f.unratedRate));
    expect(await page.getByTestId("rates-legend").textContent()).toContain("超过 7 天仍未评价的事项计为默认好评");
    expect(await page.getByTestId("public-windows").textContent()).toContain("A01");

    // A well-formed code that was never printed: the server's answer in Chinese.
    const unknown = makeCardCode(randomBytes(11));
    await page.getByTestId("card-code-input").fill(unknown);
    await page.getByTestId("card-code-go").click();
    await page.waitForURL(`${server.url}/rate/card/${unknown}`);
    expect(await page.getByTestId("card-error").textContent()).toContain("监督卡不存在");
  });

  it("the founder rates a completed transaction in the online column, and a second rating is refused with the reason", async () => {
    const clerkApi = await apiAs("clerk");
    const transactionId = await completedTransaction(clerkApi, { name: "郭宇楠" });
    const founderId = (await server.db.selectFrom("users").select("id").where("username", "=", "founder").executeTakeFirstOrThrow()).id;
    await server.db.updateTable("service_transactions").set({ citizen_user_id: founderId }).where("id", "=", transactionId).execute();

    // Two tabs: the second still shows the transaction unrated when the first rates it.
    const first = await as("founder", "online-first");
    const second = await as("founder", "online-second");
    for (const p of [first, second]) {
      await p.goto(`${server.url}/evaluations/mine`);
      await p.getByTestId(`rate-tx-${transactionId}`).waitFor();
    }
    await first.getByTestId(`rate-tx-${transactionId}`).click();
    expect(await first.getByTestId("rating-target").textContent()).toContain("企业登记咨询");
    await choose(first, { name: "满意", exact: true });
    await first.getByTestId("rating-form-submit").click();
    await first.getByTestId(`tx-rated-${transactionId}`).waitFor();
    expect(await first.getByTestId(`tx-rated-${transactionId}`).textContent()).toContain("网上评价");

    await second.getByTestId(`rate-tx-${transactionId}`).click();
    await choose(second, { name: "基本满意" });
    await second.getByTestId("rating-form-submit").click();
    await second.getByTestId("rating-form-error").waitFor();
    expect(await second.getByTestId("rating-form-error").textContent()).toContain("该笔业务已评价，不能重复评价（一次一评）");
    const stored = await server.db.selectFrom("evaluations").selectAll().where("transaction_id", "=", transactionId).execute();
    expect(stored.map((e) => [e.level, e.channel, e.citizen_user_id])).toEqual([[4, "online", founderId]]);
  });

  it("the founder rates the fix of their own bad review in the online column", async () => {
    const clerkApi = await apiAs("clerk");
    const transactionId = await completedTransaction(clerkApi, { name: "郭宇楠" });
    const founderId = (await server.db.selectFrom("users").select("id").where("username", "=", "founder").executeTakeFirstOrThrow()).id;
    await server.db.updateTable("service_transactions").set({ citizen_user_id: founderId }).where("id", "=", transactionId).execute();
    const founderApi = await apiAs("founder");
    expect((await founderApi.post(`/api/evaluations/transactions/${transactionId}`, { level: 2, reasons: ["unclear"] })).status).toBe(201);
    const ticket = await ticketOf(transactionId);
    await afterCitizenLeft(ticket.id);
    expect((await clerkApi.post(`/api/rectifications/${ticket.id}/verify`, { contactResult: "contacted", note: "已电话联系郭先生说明材料要求" })).status).toBe(200);
    expect((await clerkApi.post(`/api/rectifications/${ticket.id}/fix`, { note: "已编写一次性告知清单并放在窗口" })).status).toBe(200);

    const founder = await as("founder", "online-fix");
    await founder.goto(`${server.url}/evaluations/mine`);
    const fixes = founder.getByTestId("mine-fixes");
    await fixes.getByTestId(`rate-fix-${ticket.id}`).waitFor();
    expect(await fixes.textContent()).toContain("已编写一次性告知清单并放在窗口");
    await fixes.getByTestId(`rate-fix-${ticket.id}`).click();
    // A fix is rated by its level (and a comment); no reasons are asked.
    await choose(founder, { name: "非常不满意" });
    expect(await founder.getByTestId("rating-form-reasons").count()).toBe(0);
    await choose(founder, { name: "非常满意" });
    await founder.getByTestId("rating-form-submit").click();
    await fixes.getByTestId(`fix-rated-${ticket.id}`).waitFor();
    const closed = await server.db.selectFrom("rectification_tickets").selectAll().where("id", "=", ticket.id).executeTakeFirstOrThrow();
    expect([closed.status, closed.fix_level]).toEqual(["closed", 5]);
  });

  it("the supervision board lists overdue follow-ups in red, linking to the ticket", async () => {
    const ticket = await badReview(1, { name: "钱群众", phone: "13900004444" });
    // Opened last week and never verified: overdue.
    await server.db.updateTable("rectification_tickets").set({ verify_due: "2026-01-05", opened_date: "2026-01-02" }).where("id", "=", ticket.id).execute();

    const sup = await as("supervisor", "overdue-board");
    await sup.goto(`${server.url}/supervision`);
    const panel = sup.getByTestId("overdue-tickets");
    await panel.getByText(ticket.number).waitFor();
    expect(await panel.getByTestId("overdue-AMR").textContent()).toMatch(/市场监管局（工商）：\d+ 件/);
    await panel.getByRole("link", { name: ticket.number }).click();
    await sup.locator('[data-testid="ticket"][data-status="open"]').waitFor();
    expect(await sup.getByTestId("current-step").textContent()).toContain("已逾期：核实并联系应于 2026-01-05 前完成");
  });
});
