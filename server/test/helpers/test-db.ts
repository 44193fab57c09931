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

/** Runs one statement on TEST_DATABASE_URL's server (create or drop a database). */
async function onServer(base: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/**
 * Creates a fresh database: a new SQLite file in a temp folder, or a new
 * PostgreSQL database on TEST_DATABASE_URL's server, dropped afterwards.
 */
export async function createTestDatabase(env: Record<string, string> = {}, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yc-test-"));
  const settings: Record<string, string> = { ...env, DATA_DIR: dataDir, LOG_LEVEL: "silent" };
  let drop = async () => {};
  if (TEST_DB_KIND === "postgres") {
    const base = process.env.TEST_DATABASE_URL;
    if (!base) throw new Error("TEST_DATABASE_URL is not set: the PostgreSQL suite cannot run");
    const name = `yc_test_${process.pid}_${randomBytes(4).toString("hex")}`;
    await onServer(base, `CREATE DATABASE ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    settings.DATABASE_URL = url.toString();
    drop = () => onServer(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const config = loadConfig(settings);
  const handles: Database[] = [];
  const open = () => {
    const h = openDatabase(config.database, { poolSize: 5 });
    handles.push(h);
    return h;
  };
  const db = open();
  if (options.migrate ?? true) await migrateToLatest(db);
  return {
    db,
    config,
    reopen: open,
    async destroy() {
      for (const h of handles) await h.destroy();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
