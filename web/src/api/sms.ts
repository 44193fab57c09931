import type { CursorPageInfo } from "./types";
import { api } from "./client";

// SMS broadcast: subscribers, imports, notices, broadcasts.

export type SubscriberRole = "farmer" | "buyer" | "coop";

export interface Subscriber {
  id: string;
  phone: string;
  name: string;
  villageCode: string;
  village: string | null;
  role: SubscriberRole;
  tags: string[];
  optedOutAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ImportStatus {
  id: string;
  fileName: string;
  status: "processing" | "done" | "failed";
  total: number;
  done: number;
  imported: number;
  updated: number;
  rejected: number;
  errors: { row: number; field: string; message: string }[];
  createdAt: string;
  finishedAt: string | null;
}

export interface Notice {
  id: string;
  /** The message the notice suggests (the server composes it). */
  suggestedBody: string;
  ticketId: string | null;
  kind: "supply" | "demand";
  product: string;
  quantity: string | null;
  unit: string | null;
  price: string | null;
  villageCode: string | null;
  place: string | null;
  contactPhone: string;
  owner: { name: string | null; phone: string };
  text: string;
  validUntil: string | null;
  status: "draft" | "verified" | "rejected" | "broadcast";
  author: string | null;
  authorId: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  rejectReason: string | null;
  ownerToldAt: string | null;
  createdAt: string;
}

export interface Target {
  tags: string[];
  regions: string[];
  roles: string[];
}

export interface Preview {
  text: string;
  chars: number;
  parts: string[];
  audience: number;
  messages: number;
  sample: { name: string; phone: string; villageCode: string; role: SubscriberRole }[];
  target: Target;
}

export type OutboxState = "queued" | "sending" | "sent" | "delivered" | "failed" | "cancelled" | "skipped";

export interface Broadcast {
  id: string;
  noticeId: string | null;
  body: string;
  text: string;
  parts: number;
  target: Target;
  audience: number;
  status: "draft" | "approved" | "sending" | "done" | "cancelled";
  sendAt: string | null;
  createdBy: string;
  createdAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  cancelledAt: string | null;
  finishedAt: string | null;
  nextDueAt: string | null;
  counts: Record<OutboxState, number>;
  report: { sent: number; delivered: number; failed: number; optedOut: number; replies: number; skipped: number };
  optedOut: number;
  replies: number;
}

export const listSubscribers = (q: { q?: string; tag?: string; region?: string; role?: string; limit?: number; after?: string }) =>
  api<CursorPageInfo & { items: Subscriber[] }>("/api/sms/subscribers", { query: { ...q } });
export const addSubscriber = (body: { phone: string; name: string; villageCode: string; role: string; tags: string[]; consent: { method: string; givenAt?: string | null; note?: string | null } }) =>
  api<Subscriber>("/api/sms/subscribers", { method: "POST", body });
export interface SubscriberDetail extends Subscriber {
  optOut: { at: string; source: "reply" | "staff"; detail: string | null } | null;
  consents: { id: string; givenAt: string; method: string; recordedBy: string; recordedByName: string | null; note: string | null; createdAt: string }[];
}
export const getSubscriber = (id: string) => api<SubscriberDetail>(`/api/sms/subscribers/${encodeURIComponent(id)}`);
export const editSubscriber = (id: string, body: { name?: string; villageCode?: string; role?: string; tags?: string[] }) => api<SubscriberDetail>(`/api/sms/subscribers/${encodeURIComponent(id)}`, { method: "PATCH", body });
export const optOutSubscriber = (id: string, reason: string) => api<Subscriber>(`/api/sms/subscribers/${encodeURIComponent(id)}/opt-out`, { method: "POST", body: { reason } });
export const startImport = (file: File, consentMethod: string) => {
  const body = new FormData();
  body.append("consentMethod", consentMethod);
  body.append("file", file);
  return api<{ id: string; total: number }>("/api/sms/imports", { method: "POST", body });
};
export const getImport = (id: string) => api<ImportStatus>(`/api/sms/imports/${encodeURIComponent(id)}`);

export const listNotices = (q: { status?: string; limit?: number; after?: string }) => api<CursorPageInfo & { items: Notice[] }>("/api/sms/notices", { query: { ...q } });
export const addNotice = (body: Record<string, unknown>) => api<Notice>("/api/sms/notices", { method: "POST", body });
export const markOwnerTold = (id: string, note?: string | null) => api<Notice>(`/api/sms/notices/${encodeURIComponent(id)}/owner-told`, { method: "POST", body: { note: note ?? null } });
export const decideNotice = (id: string, body: { decision: "approve" | "reject"; reason?: string | null }) => api<Notice>(`/api/sms/notices/${encodeURIComponent(id)}/decision`, { method: "POST", body });
export const getNotice = (id: string) => api<Notice>(`/api/sms/notices/${encodeURIComponent(id)}`);

export const previewBroadcast = (body: { body: string; target: Target }) => api<Preview>("/api/sms/broadcasts/preview", { method: "POST", body });
export const createBroadcast = (body: { noticeId?: string | null; body: string; target: Target; sendAt?: string | null }) => api<Broadcast>("/api/sms/broadcasts", { method: "POST", body });
export interface SmsSettings {
  signature: string;
  hours: { from: string; to: string };
  dailyCap: number;
}
export const smsSettings = () => api<SmsSettings>("/api/sms/settings");
export const listBroadcasts = (q: { limit?: number; after?: string }) => api<CursorPageInfo & { items: Broadcast[] }>("/api/sms/broadcasts", { query: { ...q } });
export const getBroadcast = (id: string) => api<Broadcast>(`/api/sms/broadcasts/${encodeURIComponent(id)}`);
export const approveBroadcast = (id: string) => api<Broadcast>(`/api/sms/broadcasts/${encodeURIComponent(id)}/approve`, { method: "POST" });
export const cancelBroadcast = (id: string) => api<Broadcast>(`/api/sms/broadcasts/${encodeURIComponent(id)}/cancel`, { method: "POST" });
export const monthlyReport = (year: number) =>
  api<{ year: number; months: MonthFigures[]; total: Omit<MonthFigures, "month"> }>("/api/sms/reports/monthly", { query: { year } });

/** One month of the report: broadcast messages and parts sent, how many of them were delivered and failed, notifications sent. */
export interface MonthFigures {
  month: string;
  messages: number;
  parts: number;
  delivered: number;
  failed: number;
  notifications: number;
}
