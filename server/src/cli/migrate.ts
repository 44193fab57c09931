import { ConfigError, loadConfig } from "../config.js";
import { migrateToLatest, openDatabase } from "../db/database.js";

/** `npm run migrate`: brings the configured database to the latest schema and lists what ran. */
try {
  const config = loadConfig(process.env);
  const db = openDatabase(config.database);
  const result = await migrateToLatest(db);
  const ran = result.results ?? [];
  console.log(ran.length ? ran.map((r) => `${r.status}: ${r.migrationName}`).join("\n") : "数据库已是最新结构 / already up to date");
  await db.destroy();
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}
