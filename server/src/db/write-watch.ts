import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from "kysely";

/**
 * The tables whose changes cached reads follow (platform/read-cache.ts), with the columns whose
 * update matters (null: any). The triggers of migrations 2026120712, 2026120716, 2026120717 and 2026120718 (their WATCHED) count the same.
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
  audit_log: null,
  knowledge_entries: null,
  window_shifts: null,
  login_attempts: null,
} as const satisfies Record<string, readonly string[] | null>;

export type WatchedTable = keyof typeof WATCHED_TABLES;

/** Per table, how many writes to it this process has run (PostgreSQL handles). */
export const localWrites = new Map<WatchedTable, number>();

/**
 * Counts this process's INSERT, UPDATE (of a watched column) and DELETE statements on the watched
 * tables once they have run, so a cache of this process reads again after its own change at once,
 * without waiting for the change's NOTIFY to come back (installed on every PostgreSQL handle by
 * openDatabase). Statements written as raw SQL are not seen here; their NOTIFY still comes.
 */
export const writeWatch: KyselyPlugin = (() => {
  const pending = new WeakMap<object, WatchedTable>();
  return {
    transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
      const table = writtenTable(node);
      if (table) pending.set(queryId, table);
      return node;
    },
    async transformResult({ queryId, result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      const table = pending.get(queryId);
      if (table) localWrites.set(table, (localWrites.get(table) ?? 0) + 1);
      return result;
    },
  };
})();

type Named = { kind: string; table?: { identifier: { name: string } }; node?: Named };
const nameOf = (n: Named | undefined): string | undefined => (n?.kind === "AliasNode" ? nameOf(n.node) : n?.kind === "TableNode" ? n.table?.identifier.name : undefined);
const watched = (name: string | undefined): name is WatchedTable => name !== undefined && Object.hasOwn(WATCHED_TABLES, name);

/** The watched table an INSERT, UPDATE (of a watched column) or DELETE writes, if the node is one. */
function writtenTable(node: RootOperationNode): WatchedTable | undefined {
  const n = node as unknown as { kind: string; into?: Named; table?: Named; from?: { froms: Named[] }; updates?: { column: { column: { name: string } } }[] };
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
    return !columns || n.updates?.some((u) => columns.includes(u.column.column.name)) ? name : undefined;
  }
  return undefined;
}
