import type { CalendarDay, DayChange, DaySource, NoticeParse, ScheduleDay } from "@yichuang/core";
import { api } from "./client";

// The centre's working calendar (issue 16): each year's holidays and make-up working days (the
// centre's entry, else the chinese-days data, else an estimate from the rules), its closures, the
// versions administrators saved, and the warning while a year is missing.

export type { CalendarDay, DayChange, DayKind, DaySource, NoticeClause, NoticeParse, ScheduleDay } from "@yichuang/core";

/** The warning administrators see while a year's schedule is missing (zh-CN message). */
export interface CalendarWarning {
  year: number;
  /** True when the missing year is this one (else it is next year, from October). */
  current: boolean;
  message: string;
}

/** Where a year's days come from and who entered the version in force. */
export interface CalendarYearSummary {
  year: number;
  source: DaySource;
  /** zh-CN label of the source, as the server words it. */
  sourceLabel: string;
  version: number | null;
  enteredAt: string | null;
  enteredBy: string | null;
}

/** One change of the calendar (a year saved, a closure added or lifted) and the recount it caused. */
export interface CalendarRevision {
  revision: number;
  /** zh-CN, e.g. "2027 年节假日安排（第 1 版）". */
  reason: string;
  at: string;
  recomputedAt: string | null;
  notifiedAt: string | null;
  /** Deadlines that moved. */
  moved: number;
}

/** GET /api/calendar/overview. */
export interface CalendarOverview {
  today: string;
  revision: number;
  warning: CalendarWarning | null;
  years: CalendarYearSummary[];
  revisions: CalendarRevision[];
}

/** GET /api/calendar/status: the revision, and for administrators the warning. */
export interface CalendarStatus {
  revision: number;
  warning: CalendarWarning | null;
}

/** GET /api/calendar/years/:year: every day of a year. */
export interface CalendarYearView extends CalendarYearSummary {
  /** True when the chinese-days package holds the year. */
  packageHolds: boolean;
  revision: number;
  days: CalendarDay[];
}

/** A day the centre closed (台风停工 …). */
export interface Closure {
  id: string;
  date: string;
  reason: string;
  createdAt: string;
  createdBy: string | null;
  liftedAt: string | null;
  liftedBy: string | null;
  liftReason: string | null;
}

/** What is in force for a year before a save: version 0 when the centre never entered it. */
export interface CurrentYear {
  source: DaySource;
  sourceLabel: string;
  version: number;
}

/** POST /api/admin/calendar/preview/notice: what the pasted notice says and what a save would change. */
export interface NoticePreview {
  year: number | null;
  parse: NoticeParse;
  current: CurrentYear | null;
  changes: DayChange[];
  days: CalendarDay[];
}

/** What an .ics file gives for one year. */
export interface IcsImport {
  days: ScheduleDay[];
  closures: { date: string; reason: string }[];
  skipped: { date: string; summary: string; reason: string }[];
  problems: { path: string; message: string }[];
}

/** POST /api/admin/calendar/preview/ics. */
export interface IcsPreview {
  year: number;
  import: IcsImport;
  current: CurrentYear;
  changes: DayChange[];
  days: CalendarDay[];
}

export type VersionSource = "notice" | "manual" | "ics";

/** One saved version of a year, as listed. */
export interface YearVersionRow {
  year: number;
  version: number;
  source: VersionSource;
  fileName: string | null;
  note: string | null;
  createdAt: string;
  createdBy: string | null;
  holidays: number;
  makeupDays: number;
  /** Days that differ from the version before. */
  changed: number;
}

/** One saved version whole. */
export interface YearVersion {
  year: number;
  version: number;
  source: VersionSource;
  /** The pasted notice, the .ics file's text, or the basis given with a manual entry. */
  sourceText: string | null;
  fileName: string | null;
  note: string | null;
  createdAt: string;
  createdBy: string | null;
  days: ScheduleDay[];
  /** Against the version before (or the package / the estimate for version 1). */
  changes: DayChange[];
}

/** A save of a year: from a pasted notice, by hand, or from an .ics file. */
export type SaveYearBody =
  | { source: "notice"; text: string; expectedVersion: number; note?: string }
  | { source: "manual"; days: ScheduleDay[]; expectedVersion: number; note?: string; text?: string }
  | { source: "ics"; fileName: string; content: string; expectedVersion: number; note?: string };

/** POST /api/admin/calendar/years/:year/versions → 201. */
export interface SavedYear {
  year: number;
  version: number;
  revision: number;
  view: CalendarYearView;
}

/** A due date moved by a calendar change, in a case's or ticket's history. */
export interface DeadlineChange {
  at: string;
  revision: number;
  /** zh-CN, e.g. "办件 JX2027-000012 质监局审批期限". */
  label: string;
  /** deadline_date, response_due, solution_due, verify_due, fix_due … */
  field: string;
  before: string | null;
  after: string | null;
  provisional: boolean;
}

const year = (y: number) => `/api/calendar/years/${encodeURIComponent(String(y))}`;
const adminYear = (y: number) => `/api/admin/calendar/years/${encodeURIComponent(String(y))}/versions`;

export const getCalendarOverview = () => api<CalendarOverview>("/api/calendar/overview");
export const getCalendarStatus = () => api<CalendarStatus>("/api/calendar/status");
export const getCalendarYear = (y: number) => api<CalendarYearView>(year(y));
export const listClosures = (q: { from?: string; to?: string; includeLifted?: boolean } = {}) =>
  api<Closure[]>("/api/calendar/closures", { query: { from: q.from, to: q.to, includeLifted: q.includeLifted ? "true" : "false" } });
export const addClosure = (body: { date: string; reason: string }) => api<Closure>("/api/calendar/closures", { method: "POST", body });
export const liftClosure = (id: string, body: { reason: string }) =>
  api<{ id: string; date: string; liftedAt: string }>(`/api/calendar/closures/${encodeURIComponent(id)}/lift`, { method: "POST", body });

export const previewNotice = (body: { text: string; year?: number }) => api<NoticePreview>("/api/admin/calendar/preview/notice", { method: "POST", body });
export const previewIcs = (body: { year: number; fileName: string; content: string }) => api<IcsPreview>("/api/admin/calendar/preview/ics", { method: "POST", body });
export const saveYear = (y: number, body: SaveYearBody) => api<SavedYear>(adminYear(y), { method: "POST", body });
export const listYearVersions = (y: number) => api<YearVersionRow[]>(adminYear(y));
export const getYearVersion = (y: number, version: number) => api<YearVersion>(`${adminYear(y)}/${encodeURIComponent(String(version))}`);

/** The public subscription feed (iCalendar), relative to the site. */
export const CALENDAR_FEED_PATH = "/calendar.ics";
