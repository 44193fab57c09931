import { sql, type Compilable } from "kysely";
import type { Database } from "../../src/db/database.js";

/**
 * The plan the database makes for `query`, one line per step. On PostgreSQL sequential scans and
 * sorts are discouraged for the question (`enable_seqscan = off`, `enable_sort = off`), as a test
 * database holds too few rows for the planner to prefer an index it would use at production size
 * (reading a handful of rows and sorting them costs less than walking an index in order): what is
 * asked is whether an index serves the query at all (filter and order), not which plan a small
 * table gets. A scan or sort no index can avoid still shows (discouraged, not forbidden).
 */
export async function planOf(db: Database, query: Compilable): Promise<string[]> {
  const c = query.compile();
  if (db.getExecutor().adapter.constructor.name.startsWith("Sqlite")) {
    const rows = await sql.raw<{ detail: string }>(`EXPLAIN QUERY PLAN ${inline(c.sql, c.parameters, "sqlite")}`).execute(db);
    return rows.rows.map((r) => r.detail);
  }
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    await sql`SET LOCAL enable_sort = off`.execute(trx);
    const rows = await sql.raw<{ "QUERY PLAN": string }>(`EXPLAIN ${inline(c.sql, c.parameters, "postgres")}`).execute(trx);
    return rows.rows.map((r) => r["QUERY PLAN"]);
  });
}

/** The SQL with its parameters written in (EXPLAIN takes no bound parameters on SQLite's side of Kysely). */
function inline(text: string, params: readonly unknown[], engine: "sqlite" | "postgres"): string {
  const lit = (v: unknown) => (v === null || v === undefined ? "NULL" : typeof v === "number" || typeof v === "bigint" ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
  if (engine === "postgres") return text.replace(/\$(\d+)/g, (_, i) => lit(params[Number(i) - 1]));
  let i = 0;
  return text.replace(/\?/g, () => lit(params[i++]));
}

/**
 * What is wrong with a plan for a paged read: a full scan of a table (SQLite "SCAN t" without an
 * index; PostgreSQL "Seq Scan"), or a sort of the rows (SQLite "USE TEMP B-TREE FOR ORDER BY";
 * PostgreSQL a "Sort" node). `allowScan` names small tables a scan of which is fine (users, departments …).
 */
export function planProblems(plan: string[], allowScan: readonly string[] = []): string[] {
  const problems: string[] = [];
  // SQLite reads a subquery in FROM (a co-routine or a materialised view) with "SCAN name": not a table.
  const subqueries = new Set(plan.map((l) => /^(?:CO-ROUTINE|MATERIALIZE) (\w+)/.exec(l.trim())?.[1]).filter((x): x is string => !!x));
  for (const line of plan) {
    const sqliteScan = /^SCAN (\w+)(?! USING (COVERING )?INDEX)/.exec(line.trim());
    if (sqliteScan && !/USING (COVERING )?INDEX/.test(line) && !allowScan.includes(sqliteScan[1]!) && !subqueries.has(sqliteScan[1]!)) problems.push(`full scan: ${line.trim()}`);
    if (/USE TEMP B-TREE FOR (ORDER BY|RIGHT PART OF ORDER BY|LAST TERM OF ORDER BY)/.test(line)) problems.push(`sort: ${line.trim()}`);
    const pgScan = /Seq Scan on (\w+)(?: (\w+))?/.exec(line);
    if (pgScan && !allowScan.includes(pgScan[1]!) && !(pgScan[2] && allowScan.includes(pgScan[2]))) problems.push(`full scan: ${line.trim()}`);
    if (/^\s*(->\s*)?(Incremental )?Sort\b/.test(line) && !/Incremental/.test(line)) problems.push(`sort: ${line.trim()}`);
  }
  return problems;
}
