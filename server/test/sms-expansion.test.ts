import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPANSION_CHUNK, expandUnfinished } from "../src/sms/broadcasts.service.js";
import { startTestApp, type Client, type TestApp } from "./helpers/harness.js";
import { TEST_DB_KIND } from "./helpers/test-db.js";

// Issue 18: on SQLite a broadcast to more recipients than one chunk has its outbox written in chunks
// after the approval (no request waits behind a 200,000-row statement); PostgreSQL writes them all in
// the approval's transaction. Either way every recipient gets exactly one row.

let t: TestApp;
let operator: Client;
let supervisor: Client;
const COUNT = EXPANSION_CHUNK * 2 + 345;
const target = { tags: ["生猪"], regions: ["330402"], roles: ["buyer"] };

beforeAll(async () => {
  t = await startTestApp();
  [operator, supervisor] = await Promise.all([t.login("operator"), t.login("supervisor")]);
  const at = new Date().toISOString();
  const rows = Array.from({ length: COUNT }, (_, i) => ({ id: randomUUID(), phone: `1375730${String(i).padStart(4, "0")}`, name: `收购商${i}`, village_code: "330402103215", role: "buyer" as const, tags: '["生猪"]', created_by: null, created_at: at, updated_at: at }));
  for (let i = 0; i < rows.length; i += 200) {
    await t.db.insertInto("sms_subscribers").values(rows.slice(i, i + 200)).execute();
    await t.db.insertInto("sms_subscriber_tags").values(rows.slice(i, i + 200).map((r) => ({ tag: "生猪", subscriber_id: r.id }))).execute();
  }
  await t.db.insertInto("sms_opt_outs").values({ phone: "13757300007", at, source: "reply", detail: "R" }).execute();
});
afterAll(async () => t?.close());

const rowsOf = async (id: string) => (await t.db.selectFrom("sms_outbox").select("phone").where("broadcast_id", "=", id).execute()).map((r) => r.phone);
const broadcast = (id: string) => t.db.selectFrom("sms_broadcasts").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
async function settled(id: string) {
  for (let i = 0; i < 500 && (await broadcast(id)).expanding === 1; i++) await new Promise((r) => setTimeout(r, 20));
  return broadcast(id);
}
async function approved(body: string) {
  const made = await operator.post("/api/sms/broadcasts", { body, target });
  expect(made.statusCode).toBe(201);
  const ok = await supervisor.post(`/api/sms/broadcasts/${made.json().id}/approve`);
  expect(ok.statusCode).toBe(200);
  expect(ok.json()).toMatchObject({ status: "approved", audience: COUNT - 1 });
  return made.json().id as string;
}

describe("a broadcast to more recipients than one chunk", () => {
  it("gives every recipient exactly one outbox row, the opted-out none, and is not finished before the last chunk", async () => {
    const id = await approved("生猪收购：每公斤16元，联系13857312288");
    const b = await settled(id);
    expect(b.expanding).toBe(0);
    expect(b.audience).toBe(COUNT - 1);
    const phones = await rowsOf(id);
    expect(phones).toHaveLength(COUNT - 1);
    expect(new Set(phones).size).toBe(COUNT - 1);
    expect(phones).not.toContain("13757300007");
    // SQLite went through the subscribers in phone order, a scan's worth per chunk (PostgreSQL wrote them at the approval).
    if (TEST_DB_KIND === "sqlite") expect(b.expanded_after).not.toBeNull();
    else expect(b.expanded_after).toBeNull();
  });

  it("resumes after a restart where the last chunk ended, writing nothing twice", async () => {
    if (TEST_DB_KIND !== "sqlite") return;
    const id = await approved("生猪收购：每公斤16.5元，联系13857312288");
    await settled(id);
    // As if the process had died after the first chunk: the rows after it gone, the cursor where it was.
    const cut = `1375730${String(EXPANSION_CHUNK).padStart(4, "0")}`;
    await t.db.deleteFrom("sms_outbox").where("broadcast_id", "=", id).where("phone", ">", cut).execute();
    await t.db.updateTable("sms_broadcasts").set({ expanding: 1, expanded_after: cut }).where("id", "=", id).execute();
    expect(await t.db.selectFrom("sms_broadcasts").select("status").where("id", "=", id).executeTakeFirstOrThrow()).toMatchObject({ status: "approved" });
    expect(await expandUnfinished({ db: t.db, config: t.tdb.config })).toBe(1);
    const phones = await rowsOf(id);
    expect(phones).toHaveLength(COUNT - 1);
    expect(new Set(phones).size).toBe(COUNT - 1);
    expect((await broadcast(id)).expanding).toBe(0);
  });

  it("stops writing when cancelled meanwhile; what was written is cancelled", async () => {
    if (TEST_DB_KIND !== "sqlite") return;
    const id = await approved("生猪收购：每公斤17元，联系13857312288");
    await settled(id);
    // Cancelled while only the first chunk was written.
    const cut = `1375730${String(EXPANSION_CHUNK).padStart(4, "0")}`;
    await t.db.deleteFrom("sms_outbox").where("broadcast_id", "=", id).where("phone", ">", cut).execute();
    await t.db.updateTable("sms_broadcasts").set({ expanding: 1, expanded_after: cut }).where("id", "=", id).execute();
    expect((await supervisor.post(`/api/sms/broadcasts/${id}/cancel`)).statusCode).toBe(200);
    expect(await expandUnfinished({ db: t.db, config: t.tdb.config })).toBe(1);
    const b = await broadcast(id);
    expect(b).toMatchObject({ status: "cancelled", expanding: 0 });
    const states = await t.db.selectFrom("sms_outbox").select("state").where("broadcast_id", "=", id).execute();
    expect(states).toHaveLength(EXPANSION_CHUNK);
    expect(states.every((s) => s.state === "cancelled")).toBe(true);
  });
});
