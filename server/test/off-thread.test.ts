import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readOffThread } from "../src/db/database.js";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "./helpers/test-db.js";

// Long reads (issue 18: no request waits 200 ms behind another's work): on SQLite they run on a worker
// thread with its own read-only connection, so the server's thread goes on meanwhile; on PostgreSQL
// (and inside a transaction) as any query.

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb?.destroy());

/** A query that counts to `n` (a recursive CTE: seconds of work for a few million). */
const countTo = (n: number) => tdb.db.selectFrom(sql<{ x: number }>`(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${n}) SELECT x FROM c)`.as("c")).select((eb) => eb.fn.countAll<number | string>().as("n"));

describe("long reads off the server's thread", () => {
  it("answer as the query would, with their parameters", async () => {
    const [r] = await readOffThread(tdb.db, countTo(1234));
    expect(Number(r!.n)).toBe(1234);
    const users = await readOffThread(tdb.db, tdb.db.selectFrom("users").select("username").where("username", "=", "nobody-at-all"));
    expect(users).toEqual([]);
  });

  it.runIf(TEST_DB_KIND === "sqlite")("SQLite: the event loop goes on while a long read runs; a read sees every commit before it", async () => {
    // The server's thread keeps its timers: ticks every 5 ms while the read counts to three million.
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(performance.now()), 5);
    const started = performance.now();
    const [r] = await readOffThread(tdb.db, countTo(3_000_000));
    const took = performance.now() - started;
    clearInterval(timer);
    expect(Number(r!.n)).toBe(3_000_000);
    // Only meaningful if the read took a while: the timer kept ticking through it (on the server's thread
    // it would not tick once), and no gap between ticks comes near the read's length (a busy machine may slow a tick).
    expect(took).toBeGreaterThan(150);
    expect(ticks.length).toBeGreaterThan(took / 50);
    const gaps = ticks.slice(1).map((t, i) => t - ticks[i]!);
    expect(Math.max(...gaps)).toBeLessThan(took / 2);

    await tdb.db.insertInto("counters").values({ key: "off-thread-test", value: 7 }).execute();
    const [c] = await readOffThread(tdb.db, tdb.db.selectFrom("counters").select("value").where("key", "=", "off-thread-test"));
    expect(c).toEqual({ value: 7 });
  });

  it("inside a transaction the read sees the transaction's own writes; an error is the database's", async () => {
    await tdb.db.transaction().execute(async (trx) => {
      await trx.insertInto("counters").values({ key: "off-thread-trx", value: 1 }).execute();
      const rows = await readOffThread(trx, trx.selectFrom("counters").select("value").where("key", "=", "off-thread-trx"));
      expect(rows).toEqual([{ value: 1 }]);
    });
    await expect(readOffThread(tdb.db, tdb.db.selectFrom(sql<{ x: number }>`no_such_table`.as("t")).selectAll())).rejects.toThrow(/no_such_table/);
  });
});
