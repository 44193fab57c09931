import { PostgresDialect, type CompiledQuery, type DatabaseConnection, type Driver, type RootOperationNode } from "kysely";

/**
 * The tables whose changes cached reads follow (platform/read-cache.ts), with the columns whose
 * update matters (null: any). The triggers of migrations 2026120712, 2026120716, 2026120717, 2026120718 and 2026120719 (their WATCHED) count the same.
 */
export const WATCHED_TABLES = {
  service_transactions: null,
  evaluations: ["status"],
  departments: ["name_zh", "name_en", "centre_id", "code"],
  windows: ["number", "name_zh", "name_en", "department_id", "active"],
  centres: null,
  users: ["display_name", "staff_no", "photo_sha256", "phone", "home_window_id", "username"],
  window_services: ["name_zh", "name_en", "kind", "department_id", "active"],
  service_items: ["name_zh", "name_en"],
  assessment_quarters: null,
  assessment_standings: null,
  supervision_cards: null,
  rectification_tickets: null,
  hotline_tickets: null,
  hotline_callers: ["name", "phone"],
  hotline_pauses: null,
  sms_subscribers: null,
  sms_subscriber_tags: null,
  sms_opt_outs: null,
  supply_demand_notices: null,
  sms_broadcasts: null,
  sms_outbox: ["state", "sent_at", "not_before", "broadcast_id"],
  sms_inbound: null,
  cases: null,
  applications: null,
  case_materials: null,
  review_tasks: null,
  outreach_events: null,
  service_teams: ["name", "leader_user_id", "department_id"],
  outreach_event_photos: null,
  knowledge_entries: null,
  window_shifts: null,
  login_attempts: null,
  audit_log: null,
} as const satisfies Record<string, readonly string[] | null>;

export type WatchedTable = keyof typeof WATCHED_TABLES;

/** Per table, how many committed writes to it this process has made (PostgreSQL handles). */
export const localWrites = new Map<WatchedTable, number>();

const counted = (tables: Iterable<WatchedTable>) => {
  for (const t of tables) localWrites.set(t, (localWrites.get(t) ?? 0) + 1);
};

/**
 * The PostgreSQL dialect whose driver counts this process's INSERT, UPDATE (of a watched column) and
 * DELETE statements on the watched tables once they are committed: a statement on its own when it has
 * run, a transaction's when it commits (none when it rolls back). So a cache of this process reads again
 * after its own change at once, without waiting for the change's NOTIFY to come back, and a value read
 * while the change was not yet committed is never labelled with the change's count. Statements written
 * as raw SQL are not seen here; their NOTIFY still comes.
 */
export class WatchingPostgresDialect extends PostgresDialect {
  override createDriver(): Driver {
    return watchingDriver(super.createDriver());
  }
}

function watchingDriver(inner: Driver): Driver {
  // The driver's own connection behind each watching one, and the watched tables written in its open transaction.
  const innerOf = new WeakMap<DatabaseConnection, DatabaseConnection>();
  const open = new WeakMap<DatabaseConnection, Set<WatchedTable>>();
  const of = (c: DatabaseConnection) => innerOf.get(c) ?? c;
  return {
    init: () => inner.init(),
    destroy: () => inner.destroy(),
    async acquireConnection() {
      const connection = await inner.acquireConnection();
      const watching: DatabaseConnection = {
        async executeQuery<R>(query: CompiledQuery) {
          const result = await connection.executeQuery<R>(query);
          const table = writtenTable(query.query);
          if (table) {
            const tx = open.get(watching);
            if (tx) tx.add(table);
            else counted([table]);
          }
          return result;
        },
        streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
      };
      innerOf.set(watching, connection);
      return watching;
    },
    releaseConnection: (c) => inner.releaseConnection(of(c)),
    async beginTransaction(c, settings) {
      await inner.beginTransaction(of(c), settings);
      open.set(c, new Set());
    },
    async commitTransaction(c) {
      const written = open.get(c);
      open.delete(c);
      await inner.commitTransaction(of(c));
      if (written) counted(written);
    },
    async rollbackTransaction(c) {
      open.delete(c);
      await inner.rollbackTransaction(of(c));
    },
    savepoint: inner.savepoint && ((c, name, compile) => inner.savepoint!(of(c), name, compile)),
    rollbackToSavepoint: inner.rollbackToSavepoint && ((c, name, compile) => inner.rollbackToSavepoint!(of(c), name, compile)),
    releaseSavepoint: inner.releaseSavepoint && ((c, name, compile) => inner.releaseSavepoint!(of(c), name, compile)),
  };
}

type Named = { kind: string; table?: { identifier: { name: string } }; node?: Named };
const nameOf = (n: Named | undefined): string | undefined => (n?.kind === "AliasNode" ? nameOf(n.node) : n?.kind === "TableNode" ? n.table?.identifier.name : undefined);
const watched = (name: string | undefined): name is WatchedTable => name !== undefined && Object.hasOwn(WATCHED_TABLES, name);

/** A column set by an update: `.set({ col })` names it, `.set("col", v)` refers to it. */
type UpdatedColumn = { kind: string; column: { name: string } | { column: { name: string } } };
const columnName = (c: UpdatedColumn) => ("name" in c.column ? c.column.name : c.column.column.name);

/** The watched table an INSERT, UPDATE (of a watched column) or DELETE writes, if the node is one. */
function writtenTable(node: RootOperationNode): WatchedTable | undefined {
  const n = node as unknown as { kind: string; into?: Named; table?: Named; from?: { froms: Named[] }; updates?: { column: UpdatedColumn }[] };
  if (n.kind === "InsertQueryNode") {
    const name = nameOf(n.into);
    return watched(name) ? name : undefined;
  }
  if (n.kind === "DeleteQueryNode") {
    const name = nameOf(n.from?.froms[0]);
    return watched(name) ? name : undefined;
  }
  if (n.kind === "UpdateQueryNode") {
    const name = nameOf(n.table);
    if (!watched(name)) return undefined;
    const columns: readonly string[] | null = WATCHED_TABLES[name];
    return !columns || n.updates?.some((u) => columns.includes(columnName(u.column))) ? name : undefined;
  }
  return undefined;
}
