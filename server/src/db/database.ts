import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect, sql, type Compilable, type MigrationResultSet, type SqliteDatabase } from "kysely";
import pg from "pg";
import type { Config } from "../config.js";
import { migrations } from "./migrations/index.js";
import { WatchingPostgresDialect } from "./write-watch.js";
import type { DB } from "./schema.js";
import { elapsedMs } from "../platform/clock.js";

/** The database handle passed to repositories. */
export type Database = Kysely<DB>;

/** Which engine a handle talks to; repositories rarely need it. */
export type DatabaseKind = Config["database"]["kind"];

/**
 * SQL texts run as named prepared statements on PostgreSQL: parsed and planned once per
 * connection instead of on every call (a fifth of the evaluator's rating insert). Only for the
 * hottest statements that return no rows, so a later schema change cannot alter a cached
 * result type; see `preparePostgres`.
 */
const PREPARED = new Map<string, string>();

/** Marks a statement (its exact SQL text) to run prepared on PostgreSQL. */
export function preparePostgres(sqlText: string): void {
  if (!PREPARED.has(sqlText)) PREPARED.set(sqlText, `yc_${PREPARED.size + 1}`);
}

/** Routes marked statements through pg's named prepared statements on each pooled client. */
function withPreparedStatements(pool: pg.Pool): pg.Pool {
  const patched = new WeakSet<object>();
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  Object.assign(pool, {
    connect: async () => {
      const client = await connect();
      if (!patched.has(client)) {
        patched.add(client);
        // A connection that breaks while checked out (the server went away mid-transaction) makes pg emit
        // 'error' on the client besides failing its query; unheard, that event would end the process.
        // The query's own error reaches the request (503), and the pool drops the broken client on release.
        client.on("error", () => {});
        const query = client.query.bind(client) as (...args: unknown[]) => unknown;
        Object.assign(client, {
          query: (...args: unknown[]) => {
            const name = typeof args[0] === "string" ? PREPARED.get(args[0]) : undefined;
            return name ? query({ name, text: args[0], values: args[1] }) : query(...args);
          },
        });
      }
      return client;
    },
  });
  return pool;
}

/** Opens the configured database: SQLite (WAL) by default, PostgreSQL when a URL is set. */
export function openDatabase(database: Config["database"], options: { poolSize?: number } = {}): Database {
  if (database.kind === "postgres") {
    // A server that does not answer a connection within 5 s is away: the request is answered 503, not held.
    const pool = new pg.Pool({ connectionString: database.url, max: options.poolSize ?? 10, connectionTimeoutMillis: 5000 });
    // An idle connection the server ends (restart, failover, a dropped database) must not
    // crash the process: the pool replaces it on next use. Said once a minute at most (a lost
    // server breaks every idle connection at once).
    let saidAt = -Infinity;
    pool.on("error", (err: Error & { code?: string }) => {
      if (err.code === "57P01" || elapsedMs() - saidAt < 60_000) return;
      saidAt = elapsedMs();
      console.error(`PostgreSQL idle connection error: ${err.message}`);
    });
    return new Kysely<DB>({ dialect: new WatchingPostgresDialect({ pool: withPreparedStatements(pool) }) });
  }
  fs.mkdirSync(path.dirname(database.file), { recursive: true });
  const file = new SQLite(database.file);
  file.pragma("journal_mode = WAL");
  file.pragma("synchronous = NORMAL");
  file.pragma("foreign_keys = ON");
  file.pragma("busy_timeout = 5000");
  // The WAL is truncated back to this size after a checkpoint has emptied it.
  file.pragma("journal_size_limit = 67108864");
  const stopCheckpoints = startCheckpointer(file, database.file);
  // How many statements that may write (readonly false: INSERT, UPDATE, DELETE, DDL, a trigger's work
  // with them) this connection has been given to run: Kysely prepares each statement right before it runs it.
  let writes = 0;
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(file, (stmt) => stmt.readonly || writes++) }) });
  // The checkpointer closes its connection first, so this one is the last to close and
  // removes the WAL files before destroy() returns.
  const destroy = db.destroy.bind(db);
  const reader = new OffThreadReader(database.file);
  const opened = Object.assign(db, {
    destroy: async () => {
      await reader.stop();
      await stopCheckpoints();
      await destroy();
    },
  });
  offThread.set(opened, reader);
  // Prepared at first use: the table exists once the migrations have run.
  let counters: SQLite.Statement | undefined;
  // What the counters were when last read, and how to know nothing changed since: the statements that
  // may write given to this connection (counted in JS, above: no call into SQLite) and the file's data
  // version (another connection's commit: another process writing to the file). Both unchanged: no
  // counter can have moved, the last read stands. The data version costs a read transaction (≈ 2–4 µs,
  // a request's largest cost on a kept read): it is read once per turn of the event loop, so another
  // process's commit is seen from the next turn on (as on PostgreSQL another instance's is when its
  // NOTIFY arrives), this process's own writes at once.
  let version: SQLite.Statement | undefined;
  let versionThisTurn: unknown;
  const dataVersion = () => {
    if (versionThisTurn === undefined) {
      versionThisTurn = (version ??= file.prepare("PRAGMA data_version").pluck()).get();
      setImmediate(() => (versionThisTurn = undefined));
    }
    return versionThisTurn;
  };
  const last = new Map<string, { writes: number; version: unknown; counts: Map<string, number> }>();
  readCounterRange.set(opened, (from, to) => {
    // Inside a transaction the connection would show its uncommitted counts: a rollback could then let a
    // value read meanwhile pass for a later commit's. The caller waits its turn instead.
    if (file.inTransaction) return undefined;
    const now = { writes, version: dataVersion() };
    const kept = last.get(from);
    if (kept && kept.writes === now.writes && kept.version === now.version) return kept.counts;
    const rows = (counters ??= file.prepare("SELECT key, value FROM counters WHERE key >= ? AND key < ?")).all(from, to) as { key: string; value: number }[];
    const counts = new Map(rows.map((r) => [r.key, r.value]));
    last.set(from, { ...now, counts });
    return counts;
  });
  return opened;
}

const readCounterRange = new WeakMap<Database, (from: string, to: string) => ReadonlyMap<string, number> | undefined>();

/**
 * The committed counters whose keys start with `prefix`, read at once on SQLite's connection (no turn
 * through Kysely's queue); undefined for a handle that is not SQLite's, or while a transaction is open
 * on the connection (then read them through Kysely, which waits for it to end).
 */
export function countersNow(db: Database, prefix: string): ReadonlyMap<string, number> | undefined {
  const read = readCounterRange.get(db);
  if (!read) return undefined;
  const to = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return read(prefix, to);
}

/**
 * Reuses prepared statements by SQL text, as server drivers do: preparing costs
 * more than running a simple query, and Kysely prepares on every call.
 * Kysely runs one query at a time per connection, so a cached statement is never busy.
 * `using` sees each statement as it is handed out to run.
 */
function withStatementCache(file: SQLite.Database, using: (stmt: SQLite.Statement) => void, size = 500): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => file.close(),
    prepare(text: string) {
      let stmt = cache.get(text);
      if (!stmt) {
        stmt = file.prepare(text);
        if (cache.size >= size) cache.delete(cache.keys().next().value!);
        cache.set(text, stmt);
      }
      using(stmt);
      return stmt;
    },
  };
}

/**
 * The checkpointing thread: its own connection runs PASSIVE checkpoints (which never block
 * writers or readers) every `intervalMs`. Inline, so it runs the same from source and build.
 */
const CHECKPOINTER = `
const { parentPort, workerData } = require("node:worker_threads");
const SQLite = require(workerData.lib);
const db = new SQLite(workerData.file);
db.pragma("busy_timeout = 1000");
const checkpoint = () => { try { db.pragma("wal_checkpoint(PASSIVE)"); } catch {} };
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on("message", () => { clearInterval(timer); checkpoint(); db.close(); parentPort.close(); });
`;

/**
 * Moves WAL checkpoints off the request path. By default the commit that crosses 1,000 WAL
 * pages copies them into the database file and syncs it, on the request's thread; here a
 * worker thread checkpoints every `intervalMs` instead, and this connection never does.
 * Should the worker fail, SQLite's own auto-checkpoint comes back. Returns the stop function.
 */
function startCheckpointer(file: SQLite.Database, dbFile: string, intervalMs = 500): () => Promise<void> {
  const lib = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(CHECKPOINTER, { eval: true, workerData: { file: dbFile, lib, intervalMs } });
  file.pragma("wal_autocheckpoint = 0");
  worker.unref();
  worker.on("error", (err) => {
    console.error(`SQLite checkpointer stopped (${err.message}); the connection checkpoints by itself again`);
    if (file.open) file.pragma("wal_autocheckpoint = 1000");
  });
  let stopped: Promise<void> | null = null;
  return () =>
    (stopped ??= new Promise<void>((resolve) => {
      if (worker.threadId === -1) return resolve(); // already gone
      const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 2000);
      worker.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      worker.postMessage("stop");
    }));
}

const offThread = new WeakMap<Database, OffThreadReader>();

/**
 * The rows of a long read (a count over a million subscribers): on SQLite on a worker thread with its own
 * read-only connection, so the server's thread answers other requests meanwhile (issue 18: no request
 * waits 200 ms behind another's work); it reads the last commit, as another PostgreSQL connection would.
 * On PostgreSQL, on a transaction (its own writes must be seen; a transaction's handle is not the opened
 * one) or on another handle made from the opened one (db.withPlugin), the query runs as usual. Rows come
 * as better-sqlite3 gives them, but a BLOB as a Uint8Array (not a Buffer) and an error as an Error with
 * SQLite's `code` (not a SqliteError). Not for a kept read (platform/read-cache.ts): its version is read
 * on the server's connection, which may be a commit ahead of the thread's snapshot.
 */
export async function readOffThread<O>(db: Database, query: Compilable<O>): Promise<O[]> {
  const reader = offThread.get(db);
  if (!reader) return (await db.executeQuery(query.compile())).rows;
  const compiled = query.compile();
  const rows = await reader.all(compiled.sql, compiled.parameters);
  return rows === undefined ? (await db.executeQuery(compiled)).rows : (rows as O[]);
}

/** The reader's thread: a read-only connection, statements by SQL text, one read at a time. */
const OFF_THREAD_READER = `
const { parentPort, workerData } = require("node:worker_threads");
const SQLite = require(workerData.lib);
const db = new SQLite(workerData.file, { readonly: true });
db.pragma("busy_timeout = 5000");
const statements = new Map();
parentPort.on("message", (m) => {
  if (m === "stop") { db.close(); parentPort.close(); return; }
  try {
    let stmt = statements.get(m.sql);
    if (!stmt) { if (statements.size >= 100) statements.clear(); stmt = db.prepare(m.sql); statements.set(m.sql, stmt); }
    parentPort.postMessage({ id: m.id, rows: stmt.all(m.parameters) });
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: { message: err.message, code: err.code } });
  }
});
`;

/**
 * A worker thread with its own read-only connection to the SQLite file, started at the first read and
 * keeping the process alive only while a read is waiting. A read it fails with SQLite's error. Should the
 * thread itself fail, the reads it held fail with that error (a read that killed it must not be tried on
 * the server's thread) and later reads run on the server's connection (answered undefined: the caller
 * runs the query itself).
 */
class OffThreadReader {
  private worker: Worker | null = null;
  /** The thread failed or was stopped: no other is started. */
  private done = false;
  private next = 0;
  private waiting = new Map<number, { resolve: (rows: unknown[] | undefined) => void; reject: (err: Error) => void }>();

  constructor(private file: string) {}

  all(sqlText: string, parameters: readonly unknown[]): Promise<unknown[] | undefined> {
    const worker = this.start();
    if (!worker) return Promise.resolve(undefined);
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      // Posted first: a parameter that cannot be cloned throws here, leaving nothing waiting.
      worker.postMessage({ id, sql: sqlText, parameters });
      this.waiting.set(id, { resolve, reject });
      worker.ref();
    });
  }

  private settle(id: number, settle: (w: { resolve: (rows: unknown[] | undefined) => void; reject: (err: Error) => void }) => void): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    if (this.waiting.size === 0) this.worker?.unref();
    settle(w);
  }

  private failAll(err: Error): void {
    const held = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of held) w.reject(err);
  }

  private start(): Worker | null {
    if (this.worker || this.done) return this.worker;
    const lib = createRequire(import.meta.url).resolve("better-sqlite3");
    const worker = new Worker(OFF_THREAD_READER, { eval: true, workerData: { file: this.file, lib } });
    worker.on("message", (m: { id: number; rows?: unknown[]; error?: { message: string; code?: string } }) =>
      this.settle(m.id, (w) => (m.error ? w.reject(Object.assign(new Error(m.error.message), { code: m.error.code })) : w.resolve(m.rows))),
    );
    const gone = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.done = true;
      console.error(`SQLite off-thread reader stopped (${why}); long reads run on the server's connection again`);
      this.failAll(new Error(`the off-thread reader stopped (${why})`));
      void worker.terminate();
    };
    worker.on("error", (err) => gone(err.message));
    worker.on("messageerror", (err) => gone(err.message));
    worker.on("exit", (code) => gone(`exit ${code}`));
    // Listeners first, then unref: a listener added later would hold the process again.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.done = true;
    if (!worker) return;
    this.worker = null;
    const busy = this.waiting.size > 0;
    this.failAll(new Error("the database is closing"));
    // A read still running cannot be interrupted (SQLite's statement runs on till it ends): the thread is
    // told to end and left to it, the process not held for it. An idle one closes its connection at once.
    if (busy) {
      worker.unref();
      void worker.terminate();
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 2000);
      worker.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      worker.postMessage("stop");
    });
  }
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Database): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error");
    const err = result.error instanceof Error ? result.error : new Error(String(result.error));
    err.message = `migration ${failed?.migrationName ?? "?"} failed: ${err.message}`;
    throw err;
  }
  return result;
}

/** True when the database answers a trivial query. */
export async function isReachable(db: Database): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
