import type { CursorPageInfo } from "./types";
import type { DeadlineChange } from "./calendar";
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

// 12316 tickets, callers, the knowledge base, supply/demand drafts, places.

export type TicketStatus = "open" | "transferred" | "visit" | "closed";
export type TicketAction = "answer" | "transfer" | "dispatch" | "record_visit" | "close" | "wait" | "resume" | "callback";
export type Light = "green" | "yellow" | "red";

export interface SlaClock {
  limitMinutes: number;
  dueAt: string | null;
  usedMinutes: number;
  met: boolean;
  breached: boolean;
  light: Light;
  /** This clock's due time was counted over a year the calendar only estimates (预计). */
  provisional?: boolean;
}
export interface Clocks {
  response: SlaClock;
  solution: SlaClock;
  paused: boolean;
  /** A due time was counted over a year only estimated (预计). */
  provisional?: boolean;
}

export interface Place {
  code: string;
  level: "county" | "town" | "village";
  name: string;
  countyCode: string;
  path: string[];
  fullName: string;
}

export interface TicketRow {
  id: string;
  number: string;
  channel: "phone" | "web" | "open311";
  callerName: string | null;
  callerPhone: string;
  village: string | null;
  category: string;
  product: string | null;
  text: string;
  status: TicketStatus;
  waiting: boolean;
  assigneeId: string | null;
  assigneeName: string | null;
  specialty: string | null;
  createdAt: string;
  solvedAt: string | null;
  satisfaction: string | null;
  calledBack: boolean;
  light: Light;
  clocks: Clocks;
  /** The due times cross into a year whose holidays are not entered yet (预计). */
  dueProvisional?: boolean;
}

export interface TicketDetail {
  id: string;
  number: string;
  channel: TicketRow["channel"];
  caller: { id: string; name: string | null; phone: string };
  villageCode: string | null;
  village: Place | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  category: string;
  product: string | null;
  text: string;
  specialty: string | null;
  status: TicketStatus;
  waiting: boolean;
  assignee: { id: string; name: string } | null;
  respondedAt: string | null;
  solvedAt: string | null;
  resolution: "phone" | "specialist" | "visit" | null;
  answer: string | null;
  callback: { at: string; method: "phone" | "sms"; satisfaction: string; note: string | null } | null;
  knowledgeId: string | null;
  createdAt: string;
  revision: number;
  clocks: Clocks;
  /** The due times cross into a year whose holidays are not entered yet (预计). */
  dueProvisional?: boolean;
  /** Due times moved by calendar changes, oldest first. */
  deadlineChanges?: DeadlineChange[];
  light: Light;
  pauses: { from: string; to: string | null; reason: string }[];
  events: { id: string; kind: string; at: string; actorName: string | null; detail: Record<string, unknown> }[];
  visits: {
    id: string;
    expertId: string;
    expertName: string;
    date: string;
    villageCode: string;
    village: string | null;
    address: string | null;
    status: "planned" | "done";
    findings: string | null;
    advice: string | null;
    recordedAt: string | null;
    photos: { id: string; fileName: string; contentType: string; size: number; url: string }[];
  }[];
  notices: { id: string; kind: "supply" | "demand"; product: string; quantity: string | null; price: string | null; status: string }[];
  history: { id: string; number: string; category: string; product: string | null; text: string; status: TicketStatus; createdAt: string }[];
  actions: TicketAction[];
}

export interface CallerLookup {
  phone: string;
  caller: { id: string; name: string | null; villageCode: string | null; village: Place | null; calls: number; lastCallAt: string | null; since: string } | null;
  tickets: { id: string; number: string; channel: string; category: string; product: string | null; text: string; status: TicketStatus; resolution: string | null; answer: string | null; satisfaction: string | null; createdAt: string; solvedAt: string | null }[];
}

export interface KnowledgeEntry {
  id: string;
  ticketId: string | null;
  title: string;
  category: string;
  specialty: string | null;
  product: string | null;
  question: string;
  answer: string;
  uses: number;
  createdAt: string;
}

export interface NewTicket {
  phone: string;
  name?: string | null;
  villageCode?: string | null;
  category: string;
  product?: string | null;
  text: string;
  notice?: { kind: "supply" | "demand"; product: string; quantity?: string | null; unit?: string | null; price?: string | null } | null;
}

export interface TicketQuery {
  status?: string;
  mine?: boolean;
  overdue?: boolean;
  q?: string;
  limit?: number;
  /** The nextCursor of the page before. */
  after?: string;
}

const ticketUrl = (id: string, tail = "") => `/api/hotline/tickets/${encodeURIComponent(id)}${tail}`;
export const searchPlaces = (q: string, within = "3304") => api<Place[]>("/api/places", { query: { q, within, limit: 15 } });
export const lookupCaller = (phone: string) => api<CallerLookup>(`/api/hotline/callers/${encodeURIComponent(phone)}`);
export const logCall = (body: NewTicket) => api<TicketDetail>("/api/hotline/tickets", { method: "POST", body });
export const listTickets = (q: TicketQuery) =>
  api<CursorPageInfo & { items: TicketRow[] }>("/api/hotline/tickets", { query: { ...q, mine: q.mine ? "1" : undefined, overdue: q.overdue ? "1" : undefined } });
export const getTicket = (id: string) => api<TicketDetail>(ticketUrl(id));
export const answerTicket = (id: string, body: { answer: string; knowledgeId?: string | null; publish?: boolean }) => api<TicketDetail>(ticketUrl(id, "/answer"), { method: "POST", body });
export const transferTicket = (id: string, body: { specialty: string; expertId?: string | null; note?: string | null }) => api<TicketDetail>(ticketUrl(id, "/transfer"), { method: "POST", body });
export const dispatchVisit = (id: string, body: { expertId?: string | null; date: string; villageCode: string; address?: string | null; note?: string | null }) =>
  api<TicketDetail>(ticketUrl(id, "/dispatch"), { method: "POST", body });
export const recordVisit = (id: string, visitId: string, body: { findings: string; advice: string }) => api<TicketDetail>(ticketUrl(id, `/visits/${encodeURIComponent(visitId)}/record`), { method: "POST", body });
export const uploadVisitPhoto = (id: string, visitId: string, file: File) => {
  const body = new FormData();
  body.append("file", file);
  return api<{ id: string; url: string }>(ticketUrl(id, `/visits/${encodeURIComponent(visitId)}/photos`), { method: "POST", body });
};
export const closeTicket = (id: string, body: { summary?: string | null; publish?: boolean }) => api<TicketDetail>(ticketUrl(id, "/close"), { method: "POST", body });
export const draftTicketNotice = (id: string, body: { kind: "supply" | "demand"; product: string; quantity?: string | null; unit?: string | null; price?: string | null }) => api<TicketDetail>(ticketUrl(id, "/notice"), { method: "POST", body });
export const waitTicket = (id: string, reason: string) => api<TicketDetail>(ticketUrl(id, "/wait"), { method: "POST", body: { reason } });
export const resumeTicket = (id: string) => api<TicketDetail>(ticketUrl(id, "/resume"), { method: "POST" });
export const callbackTicket = (id: string, body: { method: "phone" | "sms"; satisfaction: string; note?: string | null }) => api<TicketDetail>(ticketUrl(id, "/callback"), { method: "POST", body });
export const getSpecialists = (specialty: string) => api<{ id: string; name: string; open: number }[]>("/api/hotline/specialists", { query: { specialty } });
export const searchKnowledge = (q: { q?: string; category?: string; specialty?: string; limit?: number }) => api<{ more: boolean; items: KnowledgeEntry[] }>("/api/hotline/knowledge", { query: { ...q } });
export const addKnowledge = (body: { title: string; category: string; specialty?: string | null; product?: string | null; question: string; answer: string }) =>
  api<{ id: string }>("/api/hotline/knowledge", { method: "POST", body });

export interface CategoryLimits {
  code: string;
  zh: string;
  en: string;
  responseMinutes: number;
  solutionMinutes: number;
  own: boolean;
  defaults: { responseMinutes: number; solutionMinutes: number };
  updatedAt: string | null;
}
export const getCategoryLimits = () => api<CategoryLimits[]>("/api/hotline/categories");
export const setCategoryLimits = (code: string, body: { responseMinutes: number; solutionMinutes: number }) => api<CategoryLimits[]>(`/api/hotline/categories/${encodeURIComponent(code)}`, { method: "PUT", body });
export const editKnowledge = (id: string, body: { title?: string; product?: string | null; specialty?: string | null; answer?: string; retired?: boolean }) =>
  api<{ id: string }>(`/api/hotline/knowledge/${encodeURIComponent(id)}`, { method: "PATCH", body });
