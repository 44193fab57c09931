import type { DashboardData } from "@yichuang/core";
import { api, withQuery } from "./client";

// The centre leaders' dashboard and the records behind it.

export interface DashboardQuery {
  from: string;
  to: string;
  department?: string;
}

export type RecordKind = "cases" | "events" | "teams" | "tickets" | "broadcasts";

export interface RecordTable {
  kind: RecordKind;
  title: { zh: string; en: string };
  /** valuesEn: the English of the column's coded values (zh-CN cell → English). */
  columns: { key: string; zh: string; en: string; width: number; valuesEn?: Record<string, string> }[];
  rows: Record<string, string | number | null>[];
  total: number;
  totals?: Record<string, number>;
}

export const getDashboard = (q: DashboardQuery) => api<DashboardData>("/api/dashboard", { query: { ...q } });
export const dashboardExcelUrl = (q: DashboardQuery) => withQuery("/api/dashboard/export.xlsx", { ...q });
export const dashboardPdfUrl = (q: DashboardQuery) => withQuery("/api/dashboard/report.pdf", { ...q });
export const getRecords = (kind: RecordKind, q: DashboardQuery & { limit: number; offset: number }) => api<RecordTable>(`/api/dashboard/records/${kind}`, { query: { ...q } });
export const recordsExcelUrl = (kind: RecordKind, q: DashboardQuery) => withQuery(`/api/dashboard/records/${kind}/export.xlsx`, { ...q });
export const setBaseline = (body: { steps: number; workingDays: number; note?: string | null }) => api<{ steps: number; workingDays: number; note: string | null; setAt: string; setBy: string | null }>("/api/dashboard/baseline", { method: "PUT", body });
