import path from "node:path";
import { fileURLToPath } from "node:url";
import { ROLE_LABELS } from "@yichuang/core";
import { buildApp } from "./app.js";
import { FileStore } from "./platform/files.js";
import { startJobs } from "./platform/jobs.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { migrateToLatest, openDatabase } from "./db/database.js";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "./demo/jiaxing.js";
import { generateDemo } from "./demo/generate.js";
import { DEMO_OPEN311_KEY } from "./demo/hotline.js";
import { ensureRegistrationData } from "./registration/registration.service.js";
import { applyClockSetting, clock, elapsedMs } from "./platform/clock.js";

const here = path.dirname(fileURLToPath(import.meta.url));

function readConfig(): Config {
  try {
    return loadConfig(process.env, { webDist: path.resolve(here, "../../web/dist") });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`一窗 Yichuang cannot start: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}

/** Starts the server: migrate, seed the demo centre on an empty database, listen, print how to sign in. */
async function main(): Promise<void> {
  const config = readConfig();
  applyClockSetting(config);
  const db = openDatabase(config.database);
  await migrateToLatest(db);
  await ensureRegistrationData(db);
  // An empty database gets the Jiaxing centre with a year of activity behind it (the same as `npm run demo:generate`).
  const started = elapsedMs();
  const demo = config.demoData ? await generateDemo(db, config, new FileStore(path.join(config.dataDir, "files"))) : null;
  const seeded = demo !== null;
  const app = await buildApp({ config, db });
  await app.listen({ port: config.port, host: config.host });
  const stopJobs = startJobs({ db, config, files: new FileStore(path.join(config.dataDir, "files")), calendar: app.workingCalendar.service, recount: app.workingCalendar.recount, outage: app.databaseOutage }, app.log);

  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  const where = config.database.kind === "sqlite" ? config.database.file : "PostgreSQL (DATABASE_URL)";
  const lines = [
    "",
    `  一窗 Yichuang 已启动 / is running:  http://${host === "127.0.0.1" ? "localhost" : host}:${port}`,
    `  数据库 / database: ${where}${seeded ? "（已载入嘉兴演示数据 / demo data loaded）" : ""}`,
    ...(clock.shifted ? [`  时钟 / clock: ${clock.now().toISOString()}（CLOCK_START，非本机时间 / not the machine's time）`] : []),
    `  接口文档 / API docs: http://${host === "127.0.0.1" ? "localhost" : host}:${port}/docs`,
    `  窗口评价器 / window evaluator: http://${host === "127.0.0.1" ? "localhost" : host}:${port}/evaluator（配对码由管理员在“评价器管理”发放 / pairing code from the admin's Evaluators page）`,
    `  网上评价专栏 / online evaluation: http://${host === "127.0.0.1" ? "localhost" : host}:${port}/evaluation`,
    `  服务明星光荣榜 / service stars: http://${host === "127.0.0.1" ? "localhost" : host}:${port}/stars`,
  ];
  if (demo) {
    const y = demo.year;
    lines.push(`  统计看板 / dashboard: http://${host === "127.0.0.1" ? "localhost" : host}:${port}/dashboard（中心领导 leader 登录 / sign in as leader）`);
    lines.push(`  演示数据 / demo year ${y.from} – ${y.to}（${Math.round((elapsedMs() - started) / 100) / 10} s）: ${y.teams} 支服务队、${y.events.confirmed} 次走访（解决问题 ${y.events.problemsSolved}、服务 ${y.events.peopleServed} 人次）、${y.cases.completed} 件企业设立办结、${y.tickets} 个 12316 工单、${y.broadcasts} 次短信群发（${y.messages} 条）`);
    lines.push(`  12316 演示 / hotline demo: ${demo.tickets} 个今日来电工单、${demo.knowledge} 条知识库条目、${demo.subscribers + y.subscribers} 名短信订阅用户 / tickets, knowledge entries, SMS subscribers`);
    lines.push(`  Open311 GeoReport v2: http://${host === "127.0.0.1" ? "localhost" : host}:${port}/open311/v2/services.json（演示 api_key / demo api_key: ${DEMO_OPEN311_KEY}）`);
    lines.push(`  演示历史 / demo history: ${demo.transactions} 笔窗口业务及评价，已评定 / quarters closed: ${demo.closed.join("、")}`);
  }
  if (config.demoData) {
    lines.push("", `  演示账号 / demo accounts (密码 / password: ${DEMO_PASSWORD})`);
    for (const a of DEMO_ACCOUNTS) {
      const role = a.roles.map((r) => ROLE_LABELS[r].zh).join("、");
      lines.push(`    ${a.username.padEnd(16)} ${a.displayName.padEnd(6, "　")} ${role} — ${a.note}`);
    }
  }
  console.log(lines.join("\n") + "\n");

  const stop = async (signal: string) => {
    app.log.info({ signal }, "shutting down");
    stopJobs();
    await app.close();
    await db.destroy();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((err) => {
  console.error("一窗 Yichuang failed to start:", err);
  process.exit(1);
});
