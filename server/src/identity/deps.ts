import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import type { SessionCache } from "./session-cache.js";

/** What the identity services need: the database, the settings and this instance's session cache. */
export interface IdentityDeps {
  db: Database;
  config: Config;
  sessions: SessionCache;
}
