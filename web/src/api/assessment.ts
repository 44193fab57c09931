import type { Standing, StarScheme } from "@yichuang/core";
import { api } from "./client";

// 服务明星: the scheme, quarters and standings, a clerk's own standing, the public honour board.

export type SubjectKind = "clerk" | "window";
export type { Dimension, DimensionKey, Ineligibility, Standing, SubjectQuarter as SubjectCounts } from "@yichuang/core";

interface Named {
  id: string;
  name: string;
  nameEn: string;
}

export interface StandingView {
  kind: SubjectKind;
  subjectId: string;
  name: string;
  code: string | null;
  centre: Named;
  department: Named;
  window: { id: string; number: string; name: string; nameEn: string } | null;
  rank: number | null;
  rankedOf: number;
  star: boolean;
  eligible: boolean;
  streak: number;
  hasPhoto: boolean;
  standing: Standing;
}

export interface ClosedInfo {
  at: string;
  by: string | null;
  schemeVersion: number;
}

export interface QuarterPage {
  quarter: string;
  label: string;
  from: string;
  to: string;
  ended: boolean;
  closed: ClosedInfo | null;
  scheme: { version: number; scheme: StarScheme };
  total: number;
  items: StandingView[];
}

export interface QuarterSummary {
  quarter: string;
  label: string;
  from: string;
  to: string;
  ended: boolean;
  closed: boolean;
  closable: boolean;
  stars: number | null;
  schemeVersion: number | null;
}

export interface Explanation {
  quarter: string;
  label: string;
  from: string;
  to: string;
  closed: ClosedInfo | null;
  scheme: { version: number; scheme: StarScheme };
  item: StandingView;
  context: {
    eligible: number;
    stars: number;
    starLine: { rank: number | null; combined: number } | null;
    /** The one ranked just above; its name only for supervisors. */
    above: { rank: number | null; combined: number; name?: string } | null;
  };
}

export interface SchemeVersion {
  version: number;
  scheme: StarScheme;
  note: string | null;
  createdAt: string;
  createdBy?: string | null;
}

export const getSchemes = () => api<{ current: SchemeVersion; versions: SchemeVersion[] }>("/api/assessment/scheme");
export const saveScheme = (scheme: StarScheme, note: string | null) => api<{ version: number }>("/api/assessment/scheme", { method: "POST", body: { scheme, note } });

export const getQuarters = () => api<{ today: string; items: QuarterSummary[] }>("/api/assessment/quarters");
export const getQuarter = (quarter: string, q: { kind: SubjectKind; department?: string; q?: string; limit: number; offset: number }) =>
  api<QuarterPage>(`/api/assessment/quarters/${encodeURIComponent(quarter)}`, { query: { ...q } });
export const getExplanation = (quarter: string, kind: SubjectKind, id: string) =>
  api<Explanation>(`/api/assessment/quarters/${encodeURIComponent(quarter)}/${kind}/${encodeURIComponent(id)}`);
export const closeQuarter = (quarter: string) =>
  api<{ quarter: string; stars: number; clerks: number; windows: number; schemeVersion: number; milliseconds: number }>(`/api/assessment/quarters/${encodeURIComponent(quarter)}/close`, {
    method: "POST",
  });
export const checkQuarter = (quarter: string, source: "counters" | "records" = "counters") =>
  api<{ identical: boolean; compared: number; differenceCount: number; differences: { kind: SubjectKind; name: string; frozenRank: number | null; nowRank: number | null; frozenStar: boolean; nowStar: boolean }[] }>(
    `/api/assessment/quarters/${encodeURIComponent(quarter)}/check`,
    { query: { source } },
  );
export const quarterXlsxUrl = (quarter: string) => `/api/assessment/quarters/${encodeURIComponent(quarter)}/export.xlsx`;

export interface MyStanding {
  quarters: { quarter: string; label: string; closed: boolean; rank: number | null; star: boolean; streak: number }[];
  standing: Explanation | null;
  quarter: string;
  label: string;
  closed: ClosedInfo | null;
  scheme: { version: number; scheme: StarScheme };
}
export const getMyStanding = (quarter?: string) => api<MyStanding>("/api/assessment/me", { query: { quarter } });

export interface BoardStar {
  id: string;
  name: string;
  staffNo: string | null;
  centre: Named;
  department: Named;
  window: { id: string; number: string; name: string; nameEn: string } | null;
  hasPhoto: boolean;
  rank: number | null;
  streak: number;
  starQuarters: string[];
  figures: { completed: number; rated: number; good: number; goodShare: number | null };
}
export interface Board {
  quarters: { quarter: string; label: string; stars: number }[];
  quarter: string | null;
  label: string | null;
  closedAt: string | null;
  stars: BoardStar[];
}
export const getBoard = (quarter?: string) => api<Board>("/api/public/stars", { query: { quarter } });
export const staffPhotoUrl = (id: string) => `/api/staff/${encodeURIComponent(id)}/photo`;
