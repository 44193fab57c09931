import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPage, pick, signIn, startServer, type E2EServer } from "./harness.js";

// A valid 1×1 PNG: the staff photo the evaluator shows.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A signed-in page of `username` on `server`. */
async function as(server: E2EServer, username: string, name: string): Promise<Page> {
  const { page } = await newPage(browser, name);
  await signIn(page, server.url, username);
  await page.getByRole("button", { name: "退出登录" }).waitFor();
  return page;
}

async function csrf(server: E2EServer, page: Page): Promise<string> {
  return (await (await page.request.get(`${server.url}/api/auth/me`)).json()).csrfToken;
}

async function windowId(server: E2EServer, number: string): Promise<string> {
  return (await server.db.selectFrom("windows").select("id").where("number", "=", number).executeTakeFirstOrThrow()).id;
}

/**
 * A pairing code for the window's evaluator through the API (the admin page has its own test):
 * registers one, or, as a window keeps one evaluator, re-pairs the one it has.
 */
async function issueCode(server: E2EServer, admin: Page, number = "A01"): Promise<string> {
  const headers = { "x-csrf-token": await csrf(server, admin) };
  const devices = (await (await admin.request.get(`${server.url}/api/admin/evaluators`)).json()) as { id: string; windowNumber: string; state: string }[];
  const existing = devices.find((d) => d.windowNumber === number && d.state !== "revoked");
  const res = existing
    ? await admin.request.post(`${server.url}/api/admin/evaluators/${existing.id}/pairing-code`, { headers })
    : await admin.request.post(`${server.url}/api/admin/evaluators`, { headers, data: { windowId: await windowId(server, number), label: `${number} e2e` } });
  expect(res.status()).toBe(existing ? 200 : 201);
  return (await res.json()).pairingCode;
}

/** The evaluator kiosk in its own context (a device cookie of its own), paired with `code`. */
async function pairedEvaluator(server: E2EServer, code: string, name: string): Promise<{ page: Page; context: BrowserContext }> {
  const kiosk = await newPage(browser, name);
  await kiosk.page.goto(`${server.url}/evaluator`);
  await kiosk.page.locator('[data-testid="evaluator-page"][data-screen="pairing"]').waitFor();
  await kiosk.page.getByTestId("evaluator-pair-code").fill(code);
  await kiosk.page.getByTestId("evaluator-pair").click();
  await kiosk.page.locator('[data-testid="evaluator-page"][data-screen="idle"]').waitFor();
  return kiosk;
}

/** The clerk starts and completes one consultation on /desk (already open); returns the transaction id. */
async function serveConsultation(clerk: Page): Promise<string> {
  await clerk.getByTestId("desk-start-AMR-ZX").click();
  const current = clerk.getByTestId("desk-current");
  await current.waitFor();
  const id = (await current.getAttribute("data-transaction-id"))!;
  await clerk.getByTestId("desk-complete").click();
  await clerk.getByTestId("desk-completed").waitFor();
  await clerk.locator(`[data-testid="desk-row-${id}"][data-status="completed"]`).waitFor();
  return id;
}

async function openDesk(server: E2EServer, clerk: Page): Promise<void> {
  await clerk.goto(`${server.url}/desk`);
  await clerk.getByTestId("desk-shift").waitFor();
}

/** The prompt of transaction `id` on the kiosk. */
const promptOf = (kiosk: Page, id: string) => kiosk.locator(`[data-testid="evaluator-prompt"][data-transaction-id="${id}"]`);

const evaluationsOf = (server: E2EServer, transactionId: string) => server.db.selectFrom("evaluations").selectAll().where("transaction_id", "=", transactionId).execute();

describe("window desk and evaluator (好差评)", () => {
  let server: E2EServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("an admin registers an evaluator for A01, the kiosk pairs; a consultation in two clicks is rated once on the kiosk", async () => {
    const admin = await as(server, "admin", "desk-admin");
    const clerkId = (await server.db.selectFrom("users").select("id").where("username", "=", "clerk").executeTakeFirstOrThrow()).id;
    const put = await admin.request.put(`${server.url}/api/admin/users/${clerkId}/photo`, { headers: { "x-csrf-token": await csrf(server, admin), "content-type": "image/png" }, data: PNG });
    expect(put.status()).toBe(200);

    await admin.goto(`${server.url}/admin/evaluators`);
    await admin.getByTestId("evaluators-page").waitFor();
    await admin.getByTestId("evaluators-register").click();
    const dialog = admin.getByRole("dialog", { name: "为窗口登记评价器" });
    await pick(admin, dialog.getByLabel("窗口", { exact: true }), "A01");
    expect(await dialog.getByLabel("设备名称").inputValue()).toBe("A01 窗口评价器");
    await dialog.getByRole("button", { name: "新建" }).click();
    const code = (await admin.getByTestId("pairing-code").getAttribute("data-code"))!;
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    expect(await admin.getByRole("dialog", { name: "配对码" }).textContent()).toContain(`${server.url}/evaluator`);
    await admin.getByTestId("pairing-code-close").click();
    await admin.locator('[data-testid^="evaluator-row-"][data-state="pairing"]').waitFor();

    // The kiosk: the code as read aloud, in two groups.
    const { page: kiosk } = await newPage(browser, "desk-kiosk");
    await kiosk.goto(`${server.url}/evaluator`);
    await kiosk.locator('[data-testid="evaluator-page"][data-screen="pairing"]').waitFor();
    await kiosk.getByTestId("evaluator-pair-code").fill(`${code.slice(0, 4)} ${code.slice(4)}`.toLowerCase());
    await kiosk.getByTestId("evaluator-pair").click();
    await kiosk.getByTestId("evaluator-idle").waitFor();
    expect(await kiosk.getByTestId("evaluator-idle").textContent()).toContain("A01");

    // The clerk signs in at A01 (the home window is proposed) and serves.
    const clerk = await as(server, "clerk", "desk-clerk");
    await openDesk(server, clerk);
    await clerk.getByTestId("desk-sign-in").click();
    await clerk.getByTestId("desk-window").getByText("A01").waitFor();
    await clerk.getByTestId("desk-register").getByText("登记办事人").click();
    await clerk.getByLabel("办事人姓名").fill("李先生");
    const id = await serveConsultation(clerk);
    expect(await clerk.getByTestId("desk-completed").textContent()).toContain("评价器已邀请办事人评价");
    expect(await clerk.getByTestId(`desk-row-${id}`).textContent()).toContain("李先生");

    // Within a couple of seconds the kiosk asks, showing who served and their staff number.
    await promptOf(kiosk, id).waitFor({ timeout: 3000 });
    expect(await kiosk.getByTestId("evaluator-clerk").textContent()).toBe("张敏");
    expect(await kiosk.getByTestId("evaluator-staff-no").textContent()).toContain("JX1001");
    await kiosk.getByTestId("evaluator-photo").waitFor();
    expect(await kiosk.getByTestId("evaluator-photo").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    await kiosk.getByTestId("evaluator-countdown").waitFor();
    await kiosk.getByTestId("evaluator-level-5").click();
    await kiosk.getByTestId("evaluator-thanks").waitFor();
    await kiosk.getByTestId("evaluator-idle").waitFor({ timeout: 8000 });

    const rows = await evaluationsOf(server, id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ level: 5, channel: "evaluator", status: "valid" });
    expect(await server.db.selectFrom("rectification_tickets").selectAll().where("evaluation_id", "=", rows[0]!.id).execute()).toHaveLength(0);

    // The desk never shows a rating.
    await clerk.reload();
    await clerk.getByTestId(`desk-row-${id}`).waitFor();
    const deskText = (await clerk.getByTestId("desk-page").textContent()) ?? "";
    expect(deskText).not.toMatch(/满意|好评|差评/);
    await admin.reload();
    await admin.locator('[data-testid^="evaluator-row-"][data-state="paired"]').waitFor();
  });

  it("a bad rating with reasons opens a rectification ticket", async () => {
    const admin = await as(server, "admin", "bad-admin");
    const { page: kiosk } = await pairedEvaluator(server, await issueCode(server, admin), "bad-kiosk");
    const clerk = await as(server, "clerk", "bad-clerk");
    await openDesk(server, clerk);
    const id = await serveConsultation(clerk);

    await promptOf(kiosk, id).waitFor({ timeout: 3000 });
    await kiosk.getByTestId("evaluator-level-1").click();
    await kiosk.getByTestId("evaluator-reasons").waitFor();
    await kiosk.getByTestId("evaluator-reason-waiting").click();
    await kiosk.getByTestId("evaluator-reason-unclear").click();
    await kiosk.getByTestId("evaluator-reason-other").click();
    await kiosk.getByTestId("evaluator-reason-other").click();
    expect(await kiosk.getByTestId("evaluator-reason-waiting").getAttribute("aria-pressed")).toBe("true");
    expect(await kiosk.getByTestId("evaluator-reason-other").getAttribute("aria-pressed")).toBe("false");
    await kiosk.getByTestId("evaluator-comment").fill("排队太久，材料要求没有一次说清");
    await kiosk.getByTestId("evaluator-submit").click();
    await kiosk.getByTestId("evaluator-thanks").waitFor();

    await expect.poll(async () => (await evaluationsOf(server, id)).length).toBe(1);
    const [e] = await evaluationsOf(server, id);
    expect(e!.level).toBe(1);
    expect(JSON.parse(e!.reasons).sort()).toEqual(["unclear", "waiting"]);
    expect(e!.comment).toBe("排队太久，材料要求没有一次说清");
    const tickets = await server.db.selectFrom("rectification_tickets").selectAll().where("evaluation_id", "=", e!.id).execute();
    expect(tickets).toHaveLength(1);
    expect(tickets[0]!.status).toBe("open");
  });

  it("offline: a rating taken without network is kept and lands exactly once when the network is back", async () => {
    const admin = await as(server, "admin", "offline-admin");
    const kiosk = await pairedEvaluator(server, await issueCode(server, admin), "offline-kiosk");
    const clerk = await as(server, "clerk", "offline-clerk");
    await openDesk(server, clerk);
    const id = await serveConsultation(clerk);
    await promptOf(kiosk.page, id).waitFor({ timeout: 3000 });

    await kiosk.context.setOffline(true);
    await kiosk.page.getByTestId("evaluator-level-4").click();
    await kiosk.page.getByTestId("evaluator-thanks").waitFor();
    await kiosk.page.getByTestId("evaluator-pending").waitFor();
    await kiosk.page.getByTestId("evaluator-offline").waitFor();
    const outbox = await kiosk.page.evaluate(() => JSON.parse(localStorage.getItem("yc.evaluator.outbox") ?? "[]"));
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ transactionId: id, level: 4 });
    expect(await evaluationsOf(server, id)).toHaveLength(0);

    await kiosk.context.setOffline(false);
    await expect.poll(async () => (await evaluationsOf(server, id)).length, { timeout: 10_000 }).toBe(1);
    await kiosk.page.getByTestId("evaluator-pending").waitFor({ state: "detached" });
    await kiosk.page.getByTestId("evaluator-offline").waitFor({ state: "detached" });
    expect(await kiosk.page.evaluate(() => localStorage.getItem("yc.evaluator.outbox"))).toBeNull();
    const [e] = await evaluationsOf(server, id);
    expect(e).toMatchObject({ level: 4, client_id: outbox[0].clientId, channel: "evaluator" });

    // A repeated delivery of the same rating is answered as a replay, not stored twice.
    const again = await kiosk.page.evaluate(
      async ({ item }) => {
        const me = await (await fetch("/api/evaluator/me")).json();
        const res = await fetch("/api/evaluator/ratings", { method: "POST", headers: { "content-type": "application/json", "x-csrf-token": me.csrfToken }, body: JSON.stringify(item) });
        return { status: res.status, body: await res.json() };
      },
      { item: outbox[0] },
    );
    expect(again).toMatchObject({ status: 200, body: { replayed: true } });
    expect(await evaluationsOf(server, id)).toHaveLength(1);
  });

  it("a supervision card handed out at the desk shows in today's transactions; a wrong or used code is refused in Chinese", async () => {
    const sup = await as(server, "supervisor", "card-supervisor");
    const res = await sup.request.post(`${server.url}/api/cards/batches`, { headers: { "x-csrf-token": await csrf(server, sup) }, data: { size: 2 } });
    expect(res.status()).toBe(201);
    const batch = await res.json();
    const [card] = await server.db.selectFrom("supervision_cards").select("code").where("batch_id", "=", batch.id).orderBy("seq").execute();
    const code = card!.code;

    const clerk = await as(server, "clerk", "card-clerk");
    await openDesk(server, clerk);
    const first = await serveConsultation(clerk);
    await clerk.getByTestId(`desk-card-${first}`).click();
    const dialog = clerk.getByRole("dialog", { name: "发放服务监督卡" });
    const input = dialog.getByLabel("监督卡编号");
    // A mistyped check character is caught before sending.
    await input.fill(`${code.slice(0, 11)}${code[11] === "2" ? "3" : "2"}`);
    await dialog.getByRole("button", { name: "发放" }).click();
    await dialog.getByText("编号有误").waitFor();
    // Typed as printed, in groups with dashes and in lower case.
    await input.fill(code.match(/.{4}/g)!.join("-").toLowerCase());
    await dialog.getByRole("button", { name: "发放" }).click();
    await dialog.waitFor({ state: "hidden" });
    await clerk.getByTestId(`desk-row-${first}`).getByTestId("desk-card-code").getByText(code).waitFor();
    const bound = await server.db.selectFrom("supervision_cards").selectAll().where("code", "=", code).executeTakeFirstOrThrow();
    expect(bound.transaction_id).toBe(first);

    // The same card for another transaction: the server's message.
    const second = await serveConsultation(clerk);
    await clerk.getByTestId(`desk-card-${second}`).click();
    await dialog.getByLabel("监督卡编号").fill(code);
    await dialog.getByRole("button", { name: "发放" }).click();
    await dialog.getByText("该监督卡已发放或已使用，请换一张").waitFor();
  });

  it("the admin sets a clerk's home window and uploads a staff photo on the users page", async () => {
    const admin = await as(server, "admin", "users-admin");
    await admin.goto(`${server.url}/admin/users`);
    await admin.getByRole("cell", { name: "jiangfan" }).waitFor();
    await admin.getByRole("row", { name: /jiangfan/ }).getByRole("button", { name: "编辑" }).click();
    const drawer = admin.getByRole("dialog", { name: "编辑用户：江帆" });
    await drawer.getByTestId("staff-photo").waitFor();
    // 江帆's home window is D02 of the local tax bureau; move him to D01.
    expect(await drawer.locator(".ant-form-item", { hasText: "常驻窗口" }).textContent()).toContain("D02");
    await pick(admin, drawer.getByLabel("常驻窗口"), "D01");
    await drawer.locator('input[type="file"]').setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: PNG });
    await drawer.getByTestId("staff-photo").locator("img").waitFor();
    await drawer.getByRole("button", { name: "保存" }).click();
    await drawer.waitFor({ state: "hidden" });
    const user = await server.db.selectFrom("users").selectAll().where("username", "=", "jiangfan").executeTakeFirstOrThrow();
    expect(user.home_window_id).toBe(await windowId(server, "D01"));
    expect(user.photo_type).toBe("image/png");
  });
});

describe("an unanswered prompt", () => {
  let server: E2EServer;
  beforeAll(async () => {
    server = await startServer({ EVALUATOR_PROMPT_SECONDS: "10" });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("returns the kiosk to idle when the prompt expires and leaves the transaction unrated", async () => {
    const admin = await as(server, "admin", "expire-admin");
    const { page: kiosk } = await pairedEvaluator(server, await issueCode(server, admin), "expire-kiosk");
    const clerk = await as(server, "clerk", "expire-clerk");
    await openDesk(server, clerk);
    const id = await serveConsultation(clerk);

    await promptOf(kiosk, id).waitFor({ timeout: 3000 });
    expect(await kiosk.getByTestId("evaluator-countdown").textContent()).toMatch(/\d+ 秒后自动返回/);
    await kiosk.getByTestId("evaluator-idle").waitFor({ timeout: 13_000 });
    expect(await evaluationsOf(server, id)).toHaveLength(0);
    // The server agrees: nothing is pending any more.
    const me = await kiosk.evaluate(async () => (await fetch("/api/evaluator/me")).json());
    expect(me.prompt).toBeNull();
    expect(await kiosk.evaluate(() => localStorage.getItem("yc.evaluator.outbox"))).toBeNull();
  });
});
