import { describe, expect, it } from "vitest";
import { migrateToLatest } from "../src/db/database.js";
import { migrations as allMigrations } from "../src/db/migrations/index.js";
import { seedDemo } from "../src/demo/seed.js";
import { DEMO_ACCOUNTS, DEMO_STAFF } from "../src/demo/jiaxing.js";
import { TEST_DB_KIND, createTestDatabase } from "./helpers/test-db.js";

describe("several instances on one database", () => {
  it("migrates and loads the demo centre exactly once when instances start together", async () => {
    const tdb = await createTestDatabase({}, { migrate: false });
    try {
      const a = tdb.db;
      const b = tdb.reopen();
      // PostgreSQL instances start side by side; the embedded SQLite file has one instance, restarted.
      if (TEST_DB_KIND === "postgres") {
        await Promise.all([migrateToLatest(a), migrateToLatest(b)]);
        const seeded = await Promise.all([seedDemo(a), seedDemo(b)]);
        expect(seeded.filter(Boolean)).toHaveLength(1);
      } else {
        await migrateToLatest(a);
        expect(await seedDemo(a)).toBe(true);
        await migrateToLatest(b);
        expect(await seedDemo(b)).toBe(false);
      }
      const users = await a.selectFrom("users").select("username").execute();
      expect(users).toHaveLength(DEMO_ACCOUNTS.length + DEMO_STAFF.length);
      expect(await a.selectFrom("centres").select("id").execute()).toHaveLength(2);
      const migrations = await a.selectFrom("kysely_migration" as never).selectAll().execute();
      expect(migrations).toHaveLength(Object.keys(allMigrations).length);
    } finally {
      await tdb.destroy();
    }
  });
});
