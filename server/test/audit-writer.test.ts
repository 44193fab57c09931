import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditWriter } from "../src/audit/audit-writer.js";
import type { AuditEntry } from "../src/audit/audit.repository.js";
import type { Database } from "../src/db/database.js";
import { startTestApp, type TestApp } from "./helpers/harness.js";

// Issue 18: audit entries of reads are written in batches (group commit), each read answered only once its entry is stored.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const entry = (i: number, action = "bench.read"): AuditEntry => ({ actorId: null, actorName: null, action, entity: "audit-writer-test", entityId: String(i), ip: "127.0.0.1", userAgent: "test", at: `2026-12-07T08:00:${String(i % 60).padStart(2, "0")}.000Z` });
const stored = async () => Number((await t.db.selectFrom("audit_log").select((eb) => eb.fn.countAll().as("n")).where("entity", "=", "audit-writer-test").executeTakeFirstOrThrow()).n);

/** The database, counting the transactions begun through it. */
function counting(db: Database) {
  const c = { transactions: 0 };
  const proxy = new Proxy(db, {
    get(target, prop) {
      if (prop === "transaction") c.transactions++;
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { db: proxy, c };
}

describe("the audit writer", () => {
  it("stores every entry before its read is answered, many of them in one transaction", async () => {
    const { db, c } = counting(t.db);
    const w = new AuditWriter(db);
    const before = await stored();
    const seen: number[] = [];
    await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        await w.write(entry(i));
        // Answered only once stored: the row is there when the write resolves.
        const n = Number((await t.db.selectFrom("audit_log").select((eb) => eb.fn.countAll().as("n")).where("entity", "=", "audit-writer-test").where("entity_id", "=", String(i)).executeTakeFirstOrThrow()).n);
        seen.push(n);
      }),
    );
    expect(seen).toHaveLength(200);
    expect(seen.every((n) => n === 1)).toBe(true);
    expect(await stored()).toBe(before + 200);
    expect(c.transactions).toBeGreaterThanOrEqual(1);
    expect(c.transactions).toBeLessThan(20);
    // Alone, an entry is written at once in a transaction of its own.
    await w.write(entry(1000));
    expect(c.transactions).toBeGreaterThanOrEqual(2);
    expect(await stored()).toBe(before + 201);
  });

  it("fails the reads of a batch that cannot be stored, and goes on with the next", async () => {
    const w = new AuditWriter(t.db);
    const before = await stored();
    const results = await Promise.allSettled([w.write(entry(2000)), w.write({ ...entry(2001), action: null as unknown as string })]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(await stored()).toBe(before);
    await w.write(entry(2002));
    expect(await stored()).toBe(before + 1);
  });

  it("audits every read of personal data through the API, each once", async () => {
    const op = await t.login("operator");
    const before = Number((await t.db.selectFrom("audit_log").select((eb) => eb.fn.countAll().as("n")).where("action", "=", "sms.subscribers.read").executeTakeFirstOrThrow()).n);
    const answers = await Promise.all(Array.from({ length: 30 }, () => op.get("/api/sms/subscribers?limit=5")));
    expect(answers.map((a) => a.statusCode).every((s) => s === 200)).toBe(true);
    const after = Number((await t.db.selectFrom("audit_log").select((eb) => eb.fn.countAll().as("n")).where("action", "=", "sms.subscribers.read").executeTakeFirstOrThrow()).n);
    expect(after - before).toBe(30);
  });
});
