import { api } from "./client";

// 12316: the duty board, the roster, overrides, experts' specialties.

export interface DutyTurn {
  date: string;
  expertId: string | null;
  expertName: string | null;
  layer: "override" | "working" | "holiday" | "none";
  workingDay: boolean;
  estimated: boolean;
  reason: string | null;
}

export interface Rotation {
  members: string[];
  start: string;
}

export interface DutyBoard {
  centre: { id: string; name: string; nameEn: string };
  today: string;
  now: DutyTurn | null;
  next: DutyTurn | null;
  schedule: DutyTurn[];
  roster: { working: Rotation; holiday: Rotation | null; revision: number; updatedAt: string } | null;
  overrides: { id: string; from: string; to: string; expertId: string; expertName: string | null; reason: string }[];
  experts: { id: string; name: string; staffNo: string | null; specialties: string[] }[];
}

export const getDutyBoard = (q: { from?: string; days?: number } = {}) => api<DutyBoard>("/api/hotline/duty", { query: { ...q } });
export const saveRoster = (body: { working: Rotation; holiday: Rotation | null; revision: number }) => api<DutyBoard>("/api/hotline/duty/roster", { method: "PUT", body });
export const addOverride = (body: { from: string; to: string; expertId: string; reason: string }) => api<{ id: string }>("/api/hotline/duty/overrides", { method: "POST", body });
export const cancelOverride = (id: string) => api<void>(`/api/hotline/duty/overrides/${encodeURIComponent(id)}`, { method: "DELETE" });
