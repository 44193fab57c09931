import { shanghaiDate } from "@yichuang/core";
import type { FileStore } from "../platform/files.js";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import { seedDemoHistory } from "./history.js";
import { seedHotlineDemo } from "./hotline.js";
import { seedDemo } from "./seed.js";
import { seedSmsDemo } from "./sms.js";
import { seedDemoYear, type YearSummary } from "./year.js";
import { shanghaiToday } from "../platform/clock.js";

/** What a generation made, for the start-up banner and `npm run demo:generate`. */
export interface DemoSummary {
  today: string;
  seed: number;
  year: YearSummary;
  transactions: number;
  closed: string[];
  tickets: number;
  knowledge: number;
  subscribers: number;
}

/**
 * The whole Jiaxing demo on an empty database: the centre (departments, windows, accounts), a year
 * of generated activity (service teams and outreach, registrations, 12316 calls and broadcasts),
 * a year of window service with its ratings and three quarters assessed, today's calls at the 12316
 * desk, SMS subscribers. The same seed and `today` give the same records. Returns null when the
 * database already had data (nothing is changed then).
 */
export async function generateDemo(db: Database, config: Config, files: FileStore, o: { today?: string; seed?: number; scale?: number } = {}): Promise<DemoSummary | null> {
  if (!(await seedDemo(db))) return null;
  const today = o.today ?? shanghaiToday();
  const seed = o.seed ?? 20_261_202;
  // The year first: its cases count in the quarters the history closes.
  const year = await seedDemoYear(db, config, files, { today, seed, scale: o.scale });
  const history = await seedDemoHistory(db, config, { today, seed: o.seed === undefined ? undefined : seed + 1, scale: o.scale });
  const hotline = await seedHotlineDemo(db, config, files);
  const subscribers = await seedSmsDemo(db);
  return { today, seed, year, transactions: history.transactions, closed: history.closed, tickets: hotline.tickets, knowledge: hotline.knowledge, subscribers };
}
