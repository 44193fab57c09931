import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import type { PushHub } from "../platform/push.js";
import type { FileStore } from "../cases/files.js";

/** What the evaluation services need. */
export interface EvaluationDeps {
  db: Database;
  config: Config;
  push: PushHub;
  files: FileStore;
}
