import type { Database } from "../db/database.js";
import { insertAuditRows, type AuditEntry } from "./audit.repository.js";

/** Entries one batch writes at most. */
const BATCH = 500;

interface Waiting {
  entry: AuditEntry;
  done: () => void;
  failed: (err: unknown) => void;
}

/**
 * Audit entries of reads written together (group commit, issue 18). A read of personal data asks for
 * its entry and waits until the transaction holding it has committed before it answers: the entry
 * joins the next batch, which starts as soon as the one being written (if any) has committed, so
 * under load every commit carries all the entries that arrived meanwhile, and alone a read waits for
 * one small insert, as before. Guarantee: no personal data leaves the server before its audit entry is
 * committed; a crash loses only entries of reads that had not been answered (their requests fail too).
 * A batch that fails fails every read in it (the client gets the error, not the data).
 * Changes keep writing their entry in their own transaction (audit() with a transaction).
 */
export class AuditWriter {
  private queue: Waiting[] = [];
  private writing = false;

  constructor(private db: Database) {}

  write(entry: AuditEntry): Promise<void> {
    return new Promise((done, failed) => {
      this.queue.push({ entry, done, failed });
      if (!this.writing) {
        this.writing = true;
        // Let the requests of this turn of the event loop join the first batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, BATCH);
      try {
        await this.db.transaction().execute((trx) => insertAuditRows(trx, batch.map((w) => w.entry)));
        for (const w of batch) w.done();
      } catch (err) {
        for (const w of batch) w.failed(err);
      }
    }
    this.writing = false;
  }
}

const writers = new WeakMap<Database, AuditWriter>();

/** The writer of a database handle (one per handle, so entries of one process share its batches). */
export function auditWriterOf(db: Database): AuditWriter {
  let w = writers.get(db);
  if (!w) writers.set(db, (w = new AuditWriter(db)));
  return w;
}
