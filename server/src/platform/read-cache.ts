import { sql } from "kysely";
import type { Database } from "../db/database.js";
import { localWrites, type ReadTopic } from "../db/write-watch.js";
import { nowIso } from "./clock.js";
import type { PushHub } from "./push.js";

export type { ReadTopic };

/** A value, and when it was read from the records (still true now: any change since would have dropped it). */
export interface Cached<T> {
  value: T;
  asOf: string;
}

interface Entry {
  version: string;
  asOf: string;
  value: Promise<unknown>;
}

/** Entries kept at most (distinct periods asked for); the oldest go first. */
const MAX_ENTRIES = 200;

/**
 * Reads that many ask for and few change (the public figures, the supervisors' figures), kept per
 * instance and invalidated exactly (issue 18):
 * - SQLite: the triggers that change a topic's records add one to the counter `read:<topic>` in the
 *   same transaction; each read asks for that counter (one primary-key lookup) and a value read at
 *   another count is read again. One connection serves the process, so no read runs between a
 *   change and its commit: a value is never older than the last commit.
 * - PostgreSQL: the triggers NOTIFY on the push channel, which PostgreSQL delivers to every
 *   instance when the transaction commits; each message starts a new version here. While the
 *   listener is away (epoch null) nothing is cached, and a value from before a lost connection is
 *   never used again (the epoch is part of the version). So that a request sees its own change at
 *   once (the NOTIFY reaches this instance a moment after the commit), this instance's own writes to
 *   the watched tables start a new version too, when the statement has run (db/write-watch.ts).
 * Concurrent reads of a missing value share one reading. A failed reading is not kept.
 */
export class ReadCache {
  private entries = new Map<string, Entry>();
  private generations = new Map<ReadTopic, number>();

  constructor(
    private db: Database,
    private kind: "sqlite" | "postgres",
    private hub: PushHub,
  ) {
    if (kind === "postgres") hub.subscribe("read-cache", (m) => this.bump(m.event as ReadTopic));
  }

  private bump(topic: ReadTopic): void {
    this.generations.set(topic, (this.generations.get(topic) ?? 0) + 1);
  }

  /** The value of `key` under `topic`, read by `read` when the records changed since it was last read. */
  async get<T>(topic: ReadTopic, key: string, read: () => Promise<T>): Promise<Cached<T>> {
    const version = await this.version(topic);
    if (version === null) return { value: await read(), asOf: nowIso() };
    const id = `${topic}\u0000${key}`;
    const hit = this.entries.get(id);
    if (hit && hit.version === version) return { value: (await hit.value) as T, asOf: hit.asOf };
    const entry: Entry = { version, asOf: nowIso(), value: read() };
    this.entries.delete(id);
    this.entries.set(id, entry);
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    try {
      return { value: (await entry.value) as T, asOf: entry.asOf };
    } catch (err) {
      if (this.entries.get(id) === entry) this.entries.delete(id);
      throw err;
    }
  }

  private async version(topic: ReadTopic): Promise<string | null> {
    if (this.kind === "sqlite") {
      const r = await sql<{ value: number }>`SELECT value FROM counters WHERE key = ${`read:${topic}`}`.execute(this.db);
      return r.rows[0] ? String(r.rows[0].value) : null;
    }
    const epoch = this.hub.epoch;
    return epoch === null ? null : `${epoch}.${this.generations.get(topic) ?? 0}.${localWrites.get(topic) ?? 0}`;
  }
}

