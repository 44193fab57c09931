import { sql } from "kysely";
import type { Database } from "../../src/db/database.js";

/**
 * Columns a request may change without changing the data: a session's `last_seen_at`/`expires_at`
 * are touched by any signed-in request (sliding expiry, at most every few minutes), rejected ones
 * included; an evaluator's `last_seen_at` likewise by any request of the device. An update that
 * changes nothing else is no change.
 */
const IGNORED_COLUMNS: Record<string, readonly string[]> = {
  sessions: ["last_seen_at", "expires_at"],
  evaluator_devices: ["last_seen_at"],
};

/** One row a request inserted, updated (to other values) or deleted. */
export interface RowChange {
  table: string;
  op: "INSERT" | "UPDATE" | "DELETE";
  /** The columns an update changed, or a few of the row's values. */
  detail: string;
}

/**
 * What a request changed in the database, row by row. Triggers written into the test's own
 * database (never into the product's migrations) copy every row a statement inserts, updates or
 * deletes, before and after, into `fuzz_touched`, inside the statement's transaction: a write that
 * is rolled back leaves no copy. That is the checksum of every table taken before and after each
 * request, at the cost of one query per write instead of reading every table twice, and it names
 * the rows. An update that leaves a row as it was (but for the columns above) is no change.
 */
export class ChangeGuard {
  readonly tables: string[] = [];
  /** Something may have been written since the log was last read (reads audit, set-up signs in). */
  #dirty = true;

  constructor(
    readonly db: Database,
    readonly kind: "sqlite" | "postgres",
  ) {}

  /** Creates the log table and a trigger on every table of the schema. */
  async install(): Promise<void> {
    const db = this.db;
    if (this.kind === "postgres") {
      const rows = (await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(db)).rows;
      this.tables.push(...rows.map((r) => r.table_name).filter((t) => !t.startsWith("kysely_")));
      await sql`create unlogged table fuzz_touched (tbl text not null, op text not null, old_row text, new_row text)`.execute(db);
      await sql`create function fuzz_touch() returns trigger language plpgsql as $$ begin
          insert into fuzz_touched values (TG_TABLE_NAME, TG_OP, case when TG_OP <> 'INSERT' then to_jsonb(OLD)::text end, case when TG_OP <> 'DELETE' then to_jsonb(NEW)::text end);
          return null; end $$`.execute(db);
      for (const t of this.tables) await sql.raw(`create trigger fuzz_touch after insert or update or delete on "${t}" for each row execute function fuzz_touch()`).execute(db);
    } else {
      const all = (await sql<{ name: string; sql: string | null }>`select name, sql from sqlite_master where type = 'table'`.execute(db)).rows;
      // FTS5 tables are virtual (no triggers) and their shadow tables are the engine's; the base table's triggers maintain them.
      const virtual = all.filter((t) => /^create virtual/i.test(t.sql ?? "")).map((t) => t.name);
      const tables = all.filter((t) => !virtual.some((v) => t.name === v || t.name.startsWith(`${v}_`)) && !/^(sqlite_|kysely_)/.test(t.name)).map((t) => t.name);
      this.tables.push(...tables);
      await sql`create table fuzz_touched (tbl text not null, op text not null, old_row text, new_row text)`.execute(db);
      for (const t of tables) {
        const cols = (await sql<{ name: string }>`select name from pragma_table_info(${t})`.execute(db)).rows.map((c) => c.name);
        const image = (row: "OLD" | "NEW") => `json_object(${cols.map((c) => `'${c}', ${row}."${c}"`).join(", ")})`;
        await sql.raw(`create trigger "fuzz_insert_${t}" after insert on "${t}" begin insert into fuzz_touched values ('${t}', 'INSERT', null, ${image("NEW")}); end`).execute(db);
        await sql.raw(`create trigger "fuzz_update_${t}" after update on "${t}" begin insert into fuzz_touched values ('${t}', 'UPDATE', ${image("OLD")}, ${image("NEW")}); end`).execute(db);
        await sql.raw(`create trigger "fuzz_delete_${t}" after delete on "${t}" begin insert into fuzz_touched values ('${t}', 'DELETE', ${image("OLD")}, null); end`).execute(db);
      }
    }
    await this.#read();
  }

  /** Marks that something besides a guarded write ran (a read, a sign-in): the next `before()` clears its notes. */
  markDirty(): void {
    this.#dirty = true;
  }

  /** Before a write: forgets what was written before it. */
  async before(): Promise<void> {
    if (this.#dirty) await this.#read();
    this.#dirty = false;
  }

  /** After a write: the rows it changed (empty when it changed nothing). */
  async after(): Promise<RowChange[]> {
    const rows = await this.#read();
    const out: RowChange[] = [];
    for (const r of rows) {
      const ignored = IGNORED_COLUMNS[r.tbl] ?? [];
      const old = r.old_row ? (JSON.parse(r.old_row) as Record<string, unknown>) : null;
      const now = r.new_row ? (JSON.parse(r.new_row) as Record<string, unknown>) : null;
      if (r.op === "UPDATE" && old && now) {
        const diff = Object.keys(now).filter((k) => !ignored.includes(k) && JSON.stringify(now[k]) !== JSON.stringify(old[k]));
        if (diff.length) out.push({ table: r.tbl, op: "UPDATE", detail: diff.join(",") });
      } else {
        const row = (now ?? old ?? {}) as Record<string, unknown>;
        const show = ["action", "status", "kind", "subject", "username"].filter((k) => k in row).map((k) => `${k}=${String(row[k]).slice(0, 40)}`);
        out.push({ table: r.tbl, op: r.op as RowChange["op"], detail: show.join(",") });
      }
    }
    return out;
  }

  async #read() {
    return (await sql<{ tbl: string; op: string; old_row: string | null; new_row: string | null }>`delete from fuzz_touched returning tbl, op, old_row, new_row`.execute(this.db)).rows;
  }
}

/** Changes summed up per table and kind: "audit_log INSERT(action=login.failed)×2". */
export function describeChanges(changes: RowChange[]): string {
  const counts = new Map<string, number>();
  for (const c of changes) {
    const key = `${c.table} ${c.op}${c.detail ? `(${c.detail})` : ""}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()].map(([k, n]) => (n > 1 ? `${k}×${n}` : k)).join(", ");
}
