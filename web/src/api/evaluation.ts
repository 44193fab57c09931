import type { BadReviewReason, Rating, TicketStatus } from "@yichuang/core";
import type { DeadlineChange } from "./calendar";
import { api } from "./client";
import type { Light } from "./types";

// 好差评: the online column, the public pages (cards, fix links, figures), the follow-up
// of bad reviews, figures and supervision cards. One typed function per endpoint.

/** A rating as a citizen gives it: reasons only for 不满意 / 非常不满意. */
export interface RatingInput {
  level: Rating;
  reasons?: BadReviewReason[];
  comment?: string | null;
}

/** The rating of a fix: a level and an optional comment. */
export interface FixRatingInput {
  level: Rating;
  comment?: string | null;
}

// ---- the online column (网上评价专栏) ----

/** One of the founder's cases, rated as a whole (一事一评) once completed. */
export interface OwnCase {
  id: string;
  number: string;
  serviceItem: string;
  serviceName: string;
  serviceNameEn: string;
  status: string;
  completedAt: string | null;
  rating: Rating | null;
  ratedAt: string | null;
}

/** A completed window transaction of the founder's. */
export interface OwnTransaction {
  id: string;
  serviceName: string;
  serviceNameEn: string;
  kind: string;
  endedAt: string | null;
  caseNumber: string | null;
  windowNumber: string;
  clerkName: string;
  clerkStaffNo: string | null;
  rating: Rating | null;
  channel: "evaluator" | "card" | "online" | null;
  ratedAt: string | null;
}

/** A fix of one of the founder's bad reviews. */
export interface OwnFix {
  ticketId: string;
  number: string;
  fixNote: string | null;
  fixedAt: string | null;
  originalLevel: Rating;
  fixRating: Rating | null;
  awaitingRating: boolean;
}

export interface OwnEvaluables {
  cases: OwnCase[];
  transactions: OwnTransaction[];
  fixes: OwnFix[];
}

export const getOwnEvaluables = () => api<OwnEvaluables>("/api/evaluations/mine");

export const rateOwnCase = (caseId: string, body: RatingInput) =>
  api<{ id: string }>(`/api/evaluations/cases/${encodeURIComponent(caseId)}`, { method: "POST", body });

export const rateOwnTransaction = (transactionId: string, body: RatingInput) =>
  api<{ id: string }>(`/api/evaluations/transactions/${encodeURIComponent(transactionId)}`, { method: "POST", body });

export const rateOwnFix = (ticketId: string, body: FixRatingInput) =>
  api<{ id: string; fixRating: Rating }>(`/api/evaluations/fixes/${encodeURIComponent(ticketId)}`, { method: "POST", body });

// ---- public: figures, cards, fix links ----

/** A department's or window's published rates (fractions 0–1, null where nothing was counted). */
export interface PublicFigureRow {
  key: string;
  label: string;
  labelEn: string;
  /** Ratings of whole cases accepted here (一事一评), apart from the transactions. */
  caseRated: number;
  caseGood: number;
  completed: number;
  rated: number;
  good: number;
  bad: number;
  activeGoodRate: number | null;
  goodRate: number | null;
  unratedRate: number | null;
}

export interface PublicFigures {
  from: string;
  to: string;
  /** When the figures were counted (every rating committed before is in them). */
  asOf: string;
  departments: PublicFigureRow[];
  windows: PublicFigureRow[];
}

/** A period of days, YYYY-MM-DD; the server's default is this quarter. */
export interface Period {
  from?: string;
  to?: string;
}

export const getPublicFigures = (period: Period) => api<PublicFigures>("/api/public/evaluation/figures", { query: { ...period } });

/** ready: can be rated; unbound: not handed out yet; used: rated with this card; rated: rated another way; in_progress: not completed. */
export type CardState = "ready" | "unbound" | "used" | "rated" | "in_progress";

export interface CardInfo {
  code: string;
  state: CardState;
  transaction: {
    serviceName: string;
    serviceNameEn: string;
    windowNumber: string;
    windowName: string;
    windowNameEn: string;
    department: string;
    departmentEn: string;
    clerkName: string;
    clerkStaffNo: string | null;
    endedAt: string | null;
  } | null;
}

export const getCardInfo = (code: string) => api<CardInfo>(`/api/public/cards/${encodeURIComponent(code)}`);

export const rateByCard = (code: string, body: RatingInput) =>
  api<{ id: string }>(`/api/public/cards/${encodeURIComponent(code)}/rating`, { method: "POST", body });

/** A fix as the SMS link shows it (no personal data). */
export interface PublicFix {
  number: string;
  serviceName: string;
  department: string;
  fixNote: string | null;
  fixedAt: string | null;
}

export const getFixByToken = (token: string) => api<PublicFix>(`/api/public/fixes/${encodeURIComponent(token)}`);

export const rateFixByToken = (token: string, body: FixRatingInput) =>
  api<{ id: string; fixRating: Rating }>(`/api/public/fixes/${encodeURIComponent(token)}/rating`, { method: "POST", body });

// ---- follow-up of bad reviews (差评整改) ----

export type ContactResult = "contacted" | "unreachable" | "anonymous";

/** A rectification ticket; `citizen` only on the detail (a read of personal data, audited). */
export interface Ticket {
  id: string;
  number: string;
  status: TicketStatus;
  light: Light | null;
  /** The current step's due date, null when nothing is due from staff. */
  dueDate: string | null;
  openedDate: string;
  verifyDue: string;
  fixDue: string;
  complex: boolean;
  /** The dates cross into a year whose holidays are not entered yet: estimated by the rules (预计), recounted when entered. */
  deadlinesEstimated?: boolean;
  /** Due dates moved by calendar changes, oldest first (the detail). */
  deadlineChanges?: DeadlineChange[];
  plan: string | null;
  department: { code: string; name: string; nameEn: string };
  clerk: { id: string; name: string; staffNo: string | null } | null;
  review: {
    level: Rating;
    reasons: string[];
    comment: string | null;
    channel: string;
    target: string;
    at: string;
    serviceName: string;
    windowNumber: string | null;
    caseNumber: string | null;
    transactionEndedAt: string | null;
    realName: boolean;
  };
  citizen: { name: string | null; phone: string | null; accountHolder: boolean } | null;
  verifiedAt: string | null;
  contactResult: ContactResult | null;
  verifyNote: string | null;
  fixedAt: string | null;
  fixNote: string | null;
  fixRating: Rating | null;
  fixComment: string | null;
  fixRatedAt: string | null;
  closedAt: string | null;
  appeal: {
    reason: string | null;
    at: string;
    decision: "pending" | "upheld" | "rejected" | null;
    decisionReason: string | null;
    decidedAt: string | null;
  } | null;
  revision: number;
}

export type TicketStatusFilter = "active" | "all" | TicketStatus;

export interface TicketSearch {
  status?: TicketStatusFilter;
  light?: Light;
  department?: string;
  limit: number;
  offset: number;
}

export const listTickets = (search: TicketSearch) => api<Ticket[]>("/api/rectifications", { query: { ...search } });

/** Overdue (red) tickets per department. */
export interface OverdueCount {
  department: string;
  name: string;
  nameEn: string;
  overdue: number;
}

export const getOverdueCounts = () => api<OverdueCount[]>("/api/rectifications/overdue");

export const getTicket = (id: string) => api<Ticket>(`/api/rectifications/${encodeURIComponent(id)}`);

const ticketAction = <B>(id: string, action: string, body: B) =>
  api<Ticket>(`/api/rectifications/${encodeURIComponent(id)}/${action}`, { method: "POST", body });

export const verifyTicket = (id: string, body: { contactResult: ContactResult; note: string }) => ticketAction(id, "verify", body);
export const planTicket = (id: string, body: { plan: string }) => ticketAction(id, "plan", body);
export const fixTicket = (id: string, body: { note: string }) => ticketAction(id, "fix", body);
export const appealTicket = (id: string, body: { reason: string }) => ticketAction(id, "appeal", body);
export const decideAppeal = (id: string, body: { uphold: boolean; reason: string }) => ticketAction(id, "appeal-decision", body);

// ---- figures ----

export const FIGURE_DIMENSIONS = ["department", "window", "clerk", "service", "month", "quarter"] as const;
export type FigureDimension = (typeof FIGURE_DIMENSIONS)[number];

/** Counts and rates of one row (or the total). */
export interface FigureCounts {
  completed: number;
  rated: number;
  good: number;
  bad: number;
  unrated: number;
  unratedPastDefault: number;
  goodRate: number | null;
  activeGoodRate: number | null;
  badRate: number | null;
  unratedRate: number | null;
}

/** Ratings of whole cases (一事一评), counted apart from the window transactions. */
export interface CaseRatingFigures {
  rated: number;
  good: number;
  bad: number;
  goodRate: number | null;
}

export interface FigureRow extends FigureCounts {
  key: string;
  label: string;
  labelEn: string;
  sub: string | null;
  cases: CaseRatingFigures;
}

export interface Figures {
  from: string;
  to: string;
  by: FigureDimension;
  defaultAfterDays: number;
  rows: FigureRow[];
  total: FigureCounts & { cases: CaseRatingFigures };
}

export interface FigureQuery extends Period {
  by: FigureDimension;
  /** A department's code (supervisors, admins; reviewers always see their own). */
  department?: string;
}

export const getFigures = (q: FigureQuery) => api<Figures>("/api/evaluation/figures", { query: { ...q } });

// ---- supervision cards ----

export interface CardBatch {
  id: string;
  number: string;
  size: number;
  note: string | null;
  createdAt: string;
  createdBy: string | null;
  bound: number;
  used: number;
}

export const listCardBatches = () => api<CardBatch[]>("/api/cards/batches");

export const createCardBatch = (body: { size: number; note?: string | null }) =>
  api<{ id: string; number: string; size: number }>("/api/cards/batches", { method: "POST", body });

/** The batch as a printable PDF (a plain link: the browser downloads it with the session cookie). */
export const cardBatchPdfUrl = (id: string) => `/api/cards/batches/${encodeURIComponent(id)}/pdf`;
