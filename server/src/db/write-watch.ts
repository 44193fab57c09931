import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from "kysely";

/** What a cached read depends on (platform/read-cache.ts); the triggers of migration 2026120712 watch the same tables. */
export type ReadTopic = "evaluation";

const TOPIC_TABLES: Record<string, ReadTopic> = { service_transactions: "evaluation", evaluations: "evaluation", departments: "evaluation", windows: "evaluation" };

/** Per topic, how many writes to its tables this process has run (PostgreSQL handles). */
export const localWrites = new Map<ReadTopic, number>();

/**
 * Counts this process's INSERT, UPDATE and DELETE statements on a topic's tables once they have
 * run, so a cache of this process reads again after its own change at once, without waiting for
 * the change's NOTIFY to come back (installed on every PostgreSQL handle by openDatabase).
 */
export const writeWatch: KyselyPlugin = (() => {
  const pending = new WeakMap<object, ReadTopic>();
  return {
    transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
      const table = writtenTable(node);
      const topic = table ? TOPIC_TABLES[table] : undefined;
      if (topic) pending.set(queryId, topic);
      return node;
    },
    async transformResult({ queryId, result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      const topic = pending.get(queryId);
      if (topic) localWrites.set(topic, (localWrites.get(topic) ?? 0) + 1);
      return result;
    },
  };
})();

type Named = { kind: string; table?: { identifier: { name: string } }; node?: Named };
const nameOf = (n: Named | undefined): string | undefined => (n?.kind === "AliasNode" ? nameOf(n.node) : n?.kind === "TableNode" ? n.table?.identifier.name : undefined);

/** The table an INSERT, UPDATE or DELETE writes, if the node is one. */
function writtenTable(node: RootOperationNode): string | undefined {
  const n = node as unknown as { kind: string; into?: Named; table?: Named; from?: { froms: Named[] } };
  if (n.kind === "InsertQueryNode") return nameOf(n.into);
  if (n.kind === "UpdateQueryNode") return nameOf(n.table);
  if (n.kind === "DeleteQueryNode") return nameOf(n.from?.froms[0]);
  return undefined;
}
