import { sql } from "kysely";
import { countersNow, type Database } from "../db/database.js";
import { localWrites, type WatchedTable } from "../db/write-watch.js";
import type { PushHub } from "./push.js";
import { markKept } from "../shared/http.js";


interface Entry {
  version: string;
  value: Promise<unknown>;
}

/** Entries kept at most (periods, quarters, cards and links asked for); the least recently read go first. */
const MAX_ENTRIES = 2_000;

/**
 * Reads that many ask for and few change (the public figures, the supervisors' figures), kept per
 * instance and invalidated exactly (issue 18):
 * A cached read names the tables it reads (db/write-watch.ts WATCHED_TABLES); a change of any of them
 * drops it:
 * - SQLite: triggers add one to the counter `read:<table>` in the changing transaction; each read asks
 *   for its tables' counters and a value read at other counts is read again. The counters are read
 *   again only when this connection has run a statement that may write, or another process has
 *   committed to the file (its data version, looked at once per turn of the event loop: db/database.ts
 *   countersNow). One connection serves the process, so no read runs between a change and its commit:
 *   a value is never older than this process's last commit, nor than another process's commit made
 *   before the current turn. (So a kept read never reads off the server's thread, db/database.ts
 *   readOffThread: that connection's snapshot may be a commit behind the version read here.)
 * - PostgreSQL: statement triggers NOTIFY on the push channel naming the table, which PostgreSQL
 *   delivers to every instance when the transaction commits; each message starts a new version here. While the
 *   listener is away (epoch null) nothing is cached, and a value from before a lost connection is
 *   never used again (the epoch is part of the version). So that a request sees its own change at
 *   once (the NOTIFY reaches this instance a moment after the commit), this instance's own writes to
 *   the watched tables start a new version too, when the statement has run (db/write-watch.ts).
 * Concurrent reads of a missing value share one reading. A failed reading is not kept. A kept value is
 * one object for every request that reads it: nobody changes it, and a route answering with it as a
 * whole has it serialised once (shared/http.ts serialisedOnce).
 */
export class ReadCache {
  private entries = new Map<string, Entry>();
  private generations = new Map<string, number>();

  constructor(
    private db: Database,
    private kind: "sqlite" | "postgres",
    private hub: PushHub,
    /** Entries kept at most (the least recently read go first). */
    private maxEntries = MAX_ENTRIES,
  ) {
    if (kind === "postgres") hub.subscribe("read-cache", (m) => this.generations.set(m.event, (this.generations.get(m.event) ?? 0) + 1));
  }

  /**
   * The value of `key`, read by `read` from `tables`, read again when any of them changed since; a value
   * `keep` refuses is answered but not kept (a look-up of a record that does not exist: asking for many
   * such keys fills nothing).
   */
  async get<T>(tables: readonly WatchedTable[], key: string, read: () => Promise<T>, keep?: (value: T) => boolean): Promise<T> {
    const version = await this.version(tables);
    if (version === null) return read();
    const id = `${tables.join(",")}\u0000${key}`;
    const hit = this.entries.get(id);
    if (hit && hit.version === version) {
      this.entries.delete(id);
      this.entries.set(id, hit);
      return (await hit.value) as T;
    }
    const entry: Entry = { version, value: read().then(markKept) };
    this.entries.delete(id);
    this.entries.set(id, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    try {
      const value = (await entry.value) as T;
      if (keep && !keep(value) && this.entries.get(id) === entry) this.entries.delete(id);
      return value;
    } catch (err) {
      if (this.entries.get(id) === entry) this.entries.delete(id);
      throw err;
    }
  }

  private async version(tables: readonly WatchedTable[]): Promise<string | null> {
    if (this.kind === "sqlite") {
      // Read straight from the connection (no statement at all when nothing changed) when no transaction is open on it; else through
      // Kysely, after that transaction: the counts are always committed ones, read before the value.
      const now = countersNow(this.db, "read:");
      if (now) {
        const values = tables.map((t) => now.get(`read:${t}`));
        return values.includes(undefined) ? null : values.join(",");
      }
      const keys = tables.map((t) => `read:${t}`);
      const r = await sql<{ key: string; value: number }>`SELECT key, value FROM counters WHERE key IN (${sql.join(keys)})`.execute(this.db);
      const read = new Map(r.rows.map((row) => [row.key, row.value]));
      return keys.every((k) => read.has(k)) ? keys.map((k) => read.get(k)).join(",") : null;
    }
    const epoch = this.hub.epoch;
    return epoch === null ? null : `${epoch}:${tables.map((t) => `${this.generations.get(t) ?? 0}.${localWrites.get(t) ?? 0}`).join(",")}`;
  }
}

const stamped = new WeakMap<object, { asOf: string; body: object }>();
/**
 * A kept value with the time it holds for (`asOf`, to the whole second: the value was read again on
 * any change, so it holds at that time): one object per value and second, so it too is kept and
 * serialised once however many ask within the second.
 */
export function keptAsOf<T extends object>(value: T, now: string): T & { asOf: string } {
  const asOf = new Date(Math.floor(Date.parse(now) / 1000) * 1000).toISOString();
  const last = stamped.get(value);
  if (last?.asOf === asOf) return last.body as T & { asOf: string };
  const body = markKept({ ...value, asOf });
  stamped.set(value, { asOf, body });
  return body;
}
