import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { loadConfig, type Config } from "../../src/config.js";
import { migrateToLatest, openDatabase, type Database } from "../../src/db/database.js";

/** The engine this test run targets: set per vitest project. */
export const TEST_DB_KIND = (process.env.YC_TEST_DB ?? "sqlite") as "sqlite" | "postgres";

/** A fresh, migrated database for one test file, and how to throw it away. */
export interface TestDatabase {
  db: Database;
  config: Config;
  /** Opens a second handle on the same database (a second instance). */
  reopen(): Database;
  destroy(): Promise<void>;
}

/**
 * Creates a fresh database: a new SQLite file in a temp folder, or a new
 * PostgreSQL database on TEST_DATABASE_URL's server, dropped afterwards.
 */
export async function createTestDatabase(env: Record<string, string> = {}, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yc-test-"));
  const handles: Database[] = [];
  if (TEST_DB_KIND === "postgres") {
    const base = process.env.TEST_DATABASE_URL;
    if (!base) throw new Error("TEST_DATABASE_URL is not set: the PostgreSQL suite cannot run");
    const name = `yc_test_${process.pid}_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    const config = loadConfig({ ...env, DATA_DIR: dataDir, DATABASE_URL: url.toString(), LOG_LEVEL: "silent" });
    const open = () => {
      const h = openDatabase(config.database, { poolSize: 5 });
      handles.push(h);
      return h;
    };
    const db = open();
    if (migrate) await migrateToLatest(db);
    return {
      db,
      config,
      reopen: open,
      async destroy() {
        for (const h of handles) await h.destroy();
        const c = new pg.Client({ connectionString: base });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const config = loadConfig({ ...env, DATA_DIR: dataDir, LOG_LEVEL: "silent" });
  const open = () => {
    const h = openDatabase(config.database);
    handles.push(h);
    return h;
  };
  const db = open();
  if (migrate) await migrateToLatest(db);
  return {
    db,
    config,
    reopen: open,
    async destroy() {
      for (const h of handles) await h.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
