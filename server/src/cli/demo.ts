import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { FileStore } from "../platform/files.js";
import { ConfigError, loadConfig } from "../config.js";
import { migrateToLatest, openDatabase } from "../db/database.js";
import { ensureRegistrationData } from "../registration/registration.service.js";
import { generateDemo } from "../demo/generate.js";
import { elapsedMs } from "../platform/clock.js";

/**
 * `npm run demo:generate [-- --seed=N --today=YYYY-MM-DD --scale=X --reset]`: the Jiaxing demo with
 * a year of generated activity into the configured database (DATA_DIR's SQLite file, or
 * DATABASE_URL), the same as the first start does. Deterministic: the same seed and day give the
 * same records. Refuses a database that holds data unless --reset, which empties it first.
 */
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
try {
  const config = loadConfig(process.env);
  const today = arg("today");
  const seed = arg("seed");
  const scale = arg("scale");
  if (today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new ConfigError(["--today：须为 YYYY-MM-DD"]);
  if (seed !== undefined && !/^\d+$/.test(seed)) throw new ConfigError(["--seed：须为非负整数"]);
  if (scale !== undefined && !(Number(scale) > 0 && Number(scale) <= 10)) throw new ConfigError(["--scale：须为 0–10 之间的数（1 为文章的规模）"]);
  if (process.argv.includes("--reset")) {
    if (config.database.kind === "sqlite") {
      for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${config.database.file}${suffix}`, { force: true });
    } else {
      const db = openDatabase(config.database);
      await sql`DROP SCHEMA public CASCADE`.execute(db);
      await sql`CREATE SCHEMA public`.execute(db);
      await db.destroy();
    }
    fs.rmSync(path.join(config.dataDir, "files"), { recursive: true, force: true });
  }
  const db = openDatabase(config.database);
  await migrateToLatest(db);
  await ensureRegistrationData(db);
  const started = elapsedMs();
  const demo = await generateDemo(db, config, new FileStore(path.join(config.dataDir, "files")), { today, seed: seed === undefined ? undefined : Number(seed), scale: scale === undefined ? undefined : Number(scale) });
  await db.destroy();
  if (!demo) {
    console.error("数据库中已有数据，未生成演示数据；要清空后重新生成，请加 --reset / the database holds data: add --reset to empty it first");
    process.exit(2);
  }
  console.log(JSON.stringify({ seconds: Math.round((elapsedMs() - started) / 100) / 10, ...demo }, null, 2));
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}
