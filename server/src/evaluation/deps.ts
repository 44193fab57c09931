import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import type { PushHub } from "../platform/push.js";
import type { ReadCache } from "../platform/read-cache.js";
import type { FileStore } from "../platform/files.js";
import type { CalendarService } from "../platform/calendar/calendar.service.js";

/** What the evaluation services need. */
export interface EvaluationDeps {
  db: Database;
  config: Config;
  push: PushHub;
  files: FileStore;
  /** The centre's working calendar: follow-up deadlines are counted on it. */
  calendar: CalendarService;
  /** Figures kept per instance, invalidated exactly by the database's triggers. */
  reads: ReadCache;
}
