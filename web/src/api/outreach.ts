import type { CursorPageInfo } from "./types";
import { api, withQuery } from "./client";

// Service teams (机关服务队) and their outreach events.

export interface Team {
  id: string;
  name: string;
  brand: string | null;
  foundedOn: string | null;
  active: boolean;
  department: { id: string; code: string; name: string };
  leader: { id: string; name: string | null } | null;
  members: number;
  events: number;
}

export interface TeamDetail extends Omit<Team, "members" | "events"> {
  members: { id: string; name: string; phone: string | null; position: string | null; userId: string | null }[];
}

export type EventStatus = "submitted" | "confirmed" | "returned";

export interface OutreachEvent {
  id: string;
  team: { id: string; name: string };
  department: { id: string; name: string };
  date: string;
  placeCode: string;
  place: string | null;
  address: string | null;
  activity: string;
  problemsSolved: number;
  peopleServed: number;
  status: EventStatus;
  loggedBy: string | null;
  loggedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  returnReason: string | null;
  revision: number;
  photoCount?: number;
  photos?: { id: string; fileName: string; contentType: string; size: number; url: string }[];
}

export interface EventFields {
  date: string;
  placeCode: string;
  address?: string | null;
  activity: string;
  problemsSolved: number;
  peopleServed: number;
}

export interface TeamInput {
  departmentId: string;
  name: string;
  brand?: string | null;
  foundedOn?: string | null;
  leaderUserId?: string | null;
  active?: boolean;
  members: { name: string; phone?: string | null; position?: string | null }[];
}

export interface EventQuery {
  from?: string;
  to?: string;
  department?: string;
  team?: string;
  status?: EventStatus;
}

export const listTeams = (q: { department?: string; q?: string; limit?: number; offset?: number }) => api<{ total: number; items: Team[] }>("/api/outreach/teams", { query: { ...q } });
export const getTeam = (id: string) => api<TeamDetail>(`/api/outreach/teams/${encodeURIComponent(id)}`);
export const myTeams = () => api<Team[]>("/api/outreach/teams/mine");
export const createTeam = (body: TeamInput) => api<TeamDetail>("/api/outreach/teams", { method: "POST", body });
export const updateTeam = (id: string, body: Partial<TeamInput>) => api<TeamDetail>(`/api/outreach/teams/${encodeURIComponent(id)}`, { method: "PATCH", body });
export const teamsExcelUrl = (department?: string) => withQuery("/api/outreach/teams/export.xlsx", { department });

export const listEvents = (q: EventQuery & { limit?: number; after?: string }) => api<CursorPageInfo & { items: OutreachEvent[] }>("/api/outreach/events", { query: { ...q } });
/** The totals of a filter's events (asked once per filter, not per page). */
export const eventTotals = (q: EventQuery) => api<{ events: number; problemsSolved: number; peopleServed: number }>("/api/outreach/events/totals", { query: { ...q } });
export const getEvent = (id: string) => api<OutreachEvent>(`/api/outreach/events/${encodeURIComponent(id)}`);
export const logEvent = (body: EventFields & { teamId: string; clientId: string }) => api<OutreachEvent & { replayed: boolean }>("/api/outreach/events", { method: "POST", body });
export const editEvent = (id: string, body: EventFields & { revision: number }) => api<OutreachEvent>(`/api/outreach/events/${encodeURIComponent(id)}`, { method: "PUT", body });
export const decideEvent = (id: string, body: { decision: "confirm" | "return"; reason?: string | null; revision?: number }) => api<OutreachEvent>(`/api/outreach/events/${encodeURIComponent(id)}/decision`, { method: "POST", body });
export const eventsExcelUrl = (q: EventQuery) => withQuery("/api/outreach/events/export.xlsx", { ...q });
export const addEventPhoto = (id: string, file: File) => {
  const body = new FormData();
  body.append("file", file);
  return api<{ id: string; url: string }>(`/api/outreach/events/${encodeURIComponent(id)}/photos`, { method: "POST", body });
};
export const leaderAccounts = () => api<{ id: string; name: string; username: string; department: string | null }[]>("/api/outreach/leaders");
