import { randomUUID } from "node:crypto";
import { setImmediate as yieldToRequests } from "node:timers/promises";
import type { WorkingCalendar } from "@yichuang/core";
import type { FastifyBaseLogger } from "fastify";
import { SCAN_START, type ScanCursor } from "../../db/batch.js";
import type { Database } from "../../db/database.js";
import type { DeadlineChangeTable } from "../../db/schema.js";
import { clock, nowIso } from "../clock.js";
import { notify } from "../notify.js";
import type { CalendarService } from "./calendar.service.js";
import * as repo from "./calendar.repository.js";

/** A due date that moved when an item was counted again on a newer calendar. */
export interface MovedDeadline {
  /** review_task | rectification | hotline_ticket */
  kind: string;
  itemId: string;
  /** The case or ticket whose history shows the change. */
  parentId: string;
  /** zh-CN, e.g. 办件 JX2027-000012 质监审批期限 */
  label: string;
  field: string;
  before: string | null;
  after: string | null;
  provisional: boolean;
  /** Who holds the item and is told. */
  holders: string[];
}

/**
 * A domain's stored deadlines, counted again on a newer calendar. Each domain owns its rows: it reads
 * the next `limit` open items after `cursor` (one range of its partial calendar index), counts each
 * on `calendar`, writes those whose dates or 预计 flag changed (with the calendar's revision, and only
 * if the row is still as read), records what moved in its own history, and says where it stopped
 * (null at the end). Rows whose dates stay are not written: most of them, after most changes.
 */
export interface DeadlineSource {
  name: string;
  recount(db: Database, calendar: WorkingCalendar, cursor: ScanCursor, limit: number, context: { reason: string }): Promise<{ read: number; moved: MovedDeadline[]; cursor: ScanCursor | null }>;
}

/** Items read per transaction by default: small enough that requests between batches wait milliseconds. */
const RECOUNT_BATCH = 500;
/** How long a claim on a recount holds without being renewed (a batch renews it). */
const LEASE_MS = 60_000;

/**
 * Recounts every open deadline after a calendar change (a year entered, a closure): one instance
 * claims the latest revision not yet recounted (a lease in `calendar_revisions`, renewed batch by
 * batch, taken over if its holder dies), reads every open item once, batch by batch, yielding to
 * requests between batches, and writes those that changed. A newer change meanwhile restarts it on
 * the newer calendar. Done, every revision up to it is marked recounted and the holders of the
 * deadlines that moved are told, one notification each. A deadline written by a request meanwhile
 * was counted on the calendar in force at its commit (`CalendarService.forWrite`), so none is missed.
 */
export class DeadlineRecount {
  readonly #db: Database;
  readonly #calendar: CalendarService;
  readonly #sources: readonly DeadlineSource[];
  readonly #log: FastifyBaseLogger | undefined;
  readonly #batch: number;
  readonly #parallel: boolean;
  readonly #worker = randomUUID();
  #running: Promise<{ read: number; moved: number }> | null = null;
  #again = false;

  /** `parallel`: the sources are scanned side by side, each on its own connection (PostgreSQL); SQLite has one. */
  constructor(deps: { db: Database; calendar: CalendarService; sources: readonly DeadlineSource[]; log?: FastifyBaseLogger; batch?: number; parallel?: boolean }) {
    this.#db = deps.db;
    this.#calendar = deps.calendar;
    this.#sources = deps.sources;
    this.#log = deps.log;
    this.#batch = deps.batch ?? RECOUNT_BATCH;
    this.#parallel = deps.parallel ?? false;
  }

  /** Starts a run unless one is going (then it runs once more after it); errors are logged. */
  kick(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    void this.run().catch((err: unknown) => this.#log?.error({ err }, "recounting deadlines after a calendar change failed"));
  }

  /** Resolves when no run is going (the app waits for it before it closes the database). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running.catch(() => undefined);
  }

  /** Recounts what is left to recount, if this instance may; returns how many items it read and how many deadlines moved. */
  run(): Promise<{ read: number; moved: number }> {
    if (this.#running) return this.#running;
    this.#running = (async () => {
      let read = 0;
      let moved = 0;
      do {
        this.#again = false;
        const r = await this.#runOnce();
        read += r.read;
        moved += r.moved;
      } while (this.#again);
      return { read, moved };
    })().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #runOnce(): Promise<{ read: number; moved: number }> {
    let read = 0;
    let moved = 0;
    for (;;) {
      const target = await repo.revisionToRecount(this.#db);
      if (!target) break;
      const lease = () => new Date(clock.nowMs() + LEASE_MS).toISOString();
      if (!(await repo.claimRecount(this.#db, target.revision, this.#worker, nowIso(), lease()))) break;
      let calendar = await this.#calendar.get();
      if (calendar.revision < target.revision) {
        this.#calendar.invalidate();
        calendar = await this.#calendar.get();
      }
      const outcome = await this.#scan(calendar, target, lease);
      read += outcome.read;
      moved += outcome.moved;
      if (outcome.superseded) {
        // A newer change came: it is recounted next, on its calendar.
        await repo.releaseRecount(this.#db, target.revision, this.#worker);
        continue;
      }
      await repo.finishRecount(this.#db, target.revision, nowIso());
      this.#log?.info({ read: outcome.read, moved: outcome.moved, revision: target.revision }, "deadlines recounted on the calendar in force");
    }
    await this.#tellHolders();
    return { read, moved };
  }

  /** Reads every open item of every source once, on `calendar`; stops early when a newer revision appears. */
  async #scan(calendar: WorkingCalendar, target: { revision: number; reason: string }, lease: () => string): Promise<{ read: number; moved: number; superseded: boolean }> {
    const context = { reason: target.reason };
    const total = { read: 0, moved: 0, superseded: false, batches: 0 };
    const scanSource = async (source: DeadlineSource) => {
      for (let cursor: ScanCursor | null = SCAN_START; cursor && !total.superseded; ) {
        const from: ScanCursor = cursor;
        const out = await this.#db.transaction().execute(async (trx) => {
          const r = await source.recount(trx, calendar, from, this.#batch, context);
          if (r.moved.length) await repo.insertDeadlineChanges(trx, r.moved.map((m) => changeRow(m, calendar.revision)));
          return r;
        });
        total.read += out.read;
        total.moved += out.moved.length;
        cursor = out.cursor;
        // Let the requests that arrived meanwhile run before the next batch.
        await yieldToRequests();
        if (++total.batches % 20 === 0) {
          const held = await repo.claimRecount(this.#db, target.revision, this.#worker, nowIso(), lease());
          if (!held || (await repo.revisionToRecount(this.#db))?.revision !== target.revision) total.superseded = true;
        }
      }
    };
    if (this.#parallel) await Promise.all(this.#sources.map(scanSource));
    else for (const source of this.#sources) await scanSource(source);
    return { read: total.read, moved: total.moved, superseded: total.superseded };
  }

  /**
   * Tells the holders of each recounted revision's moved deadlines, one notification per holder and
   * revision. The moves are read page by page, yielding to requests between pages; the claim of the
   * revision and the notifications are one transaction, so an instance that dies leaves it to another.
   */
  async #tellHolders(): Promise<void> {
    for (;;) {
      const next = await repo.revisionToNotify(this.#db);
      if (!next) return;
      const byHolder = new Map<string, { count: number; examples: string[] }>();
      let total = 0;
      for (let after = ""; ; ) {
        const page = await repo.revisionChanges(this.#db, next.revision, after, 2000);
        if (!page.length) break;
        after = page.at(-1)!.id;
        total += page.length;
        for (const c of page) {
          const line = `${c.label}：${shown(c.before)} → ${shown(c.after)}${c.provisional === 1 ? "（预计）" : ""}`;
          for (const h of JSON.parse(c.holders) as string[]) {
            const entry = byHolder.get(h) ?? { count: 0, examples: [] };
            entry.count++;
            if (entry.examples.length < 5) entry.examples.push(line);
            byHolder.set(h, entry);
          }
        }
        await yieldToRequests();
      }
      await this.#db.transaction().execute(async (trx) => {
        if (!(await repo.claimRevisionToNotify(trx, next.revision, nowIso()))) return;
        for (const [userId, e] of byHolder) {
          await notify(trx, {
            userId,
            title: "办理期限已随工作日历调整",
            body: `因${next.reason}，与您有关的 ${e.count} 项期限已调整：${e.examples.join("；")}${e.count > e.examples.length ? "等" : ""}。详见各办件、工单的“期限调整”记录。`,
          });
        }
        if (total) await trx.updateTable("calendar_revisions").set({ moved: total }).where("revision", "=", next.revision).execute();
      });
    }
  }
}

function changeRow(m: MovedDeadline, revision: number): DeadlineChangeTable {
  return {
    id: randomUUID(),
    revision,
    kind: m.kind,
    item_id: m.itemId,
    parent_id: m.parentId,
    label: m.label,
    field: m.field,
    before: m.before,
    after: m.after,
    provisional: m.provisional ? 1 : 0,
    holders: JSON.stringify([...new Set(m.holders)]),
    at: nowIso(),
  };
}

/** A stored due value as people read it: a day as is, an instant in Asia/Shanghai to the minute. */
function shown(v: string | null): string {
  if (v === null) return "暂停计时";
  if (!v.includes("T")) return v;
  return new Date(Date.parse(v) + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
}
