import { EventEmitter } from "node:events";
import pg from "pg";
import { elapsedMs } from "./clock.js";
import { backoffMs } from "./outage.js";

/** A message for the subscribers of a topic (e.g. `window:<id>`). */
export interface PushMessage {
  topic: string;
  event: string;
  data: unknown;
}

/**
 * Server push across instances. Subscribers (an evaluator's event stream) listen on
 * a topic in their instance; `publish` reaches every instance's subscribers.
 * - In one process (SQLite, one instance): an in-process emitter.
 * - On PostgreSQL: NOTIFY on a channel every instance LISTENs to on one dedicated
 *   connection, so a transaction completed on instance A prompts the evaluator
 *   connected to instance B. Messages are small (ids and names, well under 8 kB).
 */
export interface PushHub {
  publish(message: PushMessage): Promise<void>;
  subscribe(topic: string, fn: (m: PushMessage) => void): () => void;
  /** Subscribers connected to this instance. */
  readonly subscribers: number;
  /**
   * Counts the hub's connections to the other instances: it changes whenever messages may have been
   * missed (a listener lost and found again); null while no message from another instance can arrive.
   */
  readonly epoch: number | null;
  close(): Promise<void>;
}

class LocalHub implements PushHub {
  protected emitter = new EventEmitter();
  subscribers = 0;
  /** One process: every message is heard. */
  get epoch(): number | null {
    return 0;
  }
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  async publish(m: PushMessage): Promise<void> {
    this.deliver(m);
  }
  protected deliver(m: PushMessage): void {
    this.emitter.emit(m.topic, m);
  }
  subscribe(topic: string, fn: (m: PushMessage) => void): () => void {
    this.emitter.on(topic, fn);
    this.subscribers++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.subscribers--;
      this.emitter.off(topic, fn);
    };
  }
  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

const CHANNEL = "yc_push";

class PostgresHub extends LocalHub {
  private listener: pg.Client | null = null;
  private publisher: pg.Pool;
  private closed = false;
  private connections = 0;

  override get epoch(): number | null {
    return this.listener ? this.connections : null;
  }

  constructor(
    private url: string,
    private log: (msg: string) => void,
  ) {
    super();
    this.publisher = new pg.Pool({ connectionString: url, max: 2 });
    this.publisher.on("error", () => {});
    void this.listen();
  }

  /** Failed connection attempts in a row, and when the last one was logged (once a minute while the database is away). */
  private failures = 0;
  private loggedAt = -Infinity;

  private async listen(): Promise<void> {
    while (!this.closed) {
      // TCP keep-alive: a connection that silently died (the kept reads follow this listener) ends in an error, not never.
      const client = new pg.Client({ connectionString: this.url, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
      try {
        await client.connect();
        client.on("notification", (n) => {
          if (n.channel !== CHANNEL || !n.payload) return;
          try {
            this.deliver(JSON.parse(n.payload) as PushMessage);
          } catch {
            // not ours
          }
        });
        client.on("error", (err) => {
          this.log(`push listener lost its connection: ${err.message}`);
          this.listener = null;
          client.end().catch(() => {});
          if (!this.closed) setTimeout(() => void this.listen(), 1000);
        });
        await client.query(`LISTEN ${CHANNEL}`);
        this.listener = client;
        this.connections++;
        if (this.failures > 0) this.log(`push listener connected again after ${this.failures} failed attempts`);
        this.failures = 0;
        return;
      } catch (err) {
        await client.end().catch(() => {});
        if (this.closed) return;
        this.failures++;
        if (elapsedMs() - this.loggedAt >= 60_000) {
          this.log(`push listener cannot connect: ${(err as Error).message}; retrying (attempt ${this.failures})`);
          this.loggedAt = elapsedMs();
        }
        // 1 s, 2 s, 4 s … at most 30 s between attempts while the database is away.
        await new Promise((r) => setTimeout(r, backoffMs(this.failures, 1000, 30_000)).unref());
      }
    }
  }

  /**
   * Never fails the caller: the change behind a message has committed already, and a
   * subscriber that missed it finds the state again when it (re)connects. Without the
   * database, this instance's own subscribers still hear it.
   */
  override async publish(m: PushMessage): Promise<void> {
    try {
      await this.publisher.query("select pg_notify($1, $2)", [CHANNEL, JSON.stringify(m)]);
      if (!this.listener) this.deliver(m);
    } catch (err) {
      this.log(`push: NOTIFY failed (${(err as Error).message}); delivering on this instance only`);
      this.deliver(m);
    }
  }

  override async close(): Promise<void> {
    this.closed = true;
    await this.listener?.end().catch(() => {});
    await this.publisher.end().catch(() => {});
    await super.close();
  }
}

/** The hub for a database: PostgreSQL's NOTIFY when several instances may share it, in-process otherwise. */
export function createPushHub(database: { kind: "sqlite" } | { kind: "postgres"; url: string }, log: (msg: string) => void = () => {}): PushHub {
  return database.kind === "postgres" ? new PostgresHub(database.url, log) : new LocalHub();
}
