import { randomUUID } from "node:crypto";
import {
  PACKAGE_CALENDAR,
  SCHEDULE_YEAR_MAX,
  SCHEDULE_YEAR_MIN,
  WorkingCalendar,
  addDays,
  calendarIcs,
  diffYearDays,
  isRealDate,
  missingScheduleYear,
  packageSchedule,
  parseCalendarIcs,
  parseHolidayNotice,
  scheduleProblems,
  sortedDays,
  type CalendarDay,
  type DayChange,
  type NoticeParse,
  type ScheduleDay,
  type YearSchedule,
} from "@yichuang/core";
import type { FastifyBaseLogger } from "fastify";
import { audit } from "../../audit/audit.service.js";
import type { Database, DatabaseKind } from "../../db/database.js";
import { usersWithRole } from "../../identity/identity.repository.js";
import { authorize } from "../../identity/policy.js";
import { AppError } from "../../shared/errors.js";
import { requireActor, type RequestContext } from "../../shared/request-context.js";
import { clock, elapsedMs, nowIso, shanghaiToday } from "../clock.js";
import { notify } from "../notify.js";
import * as repo from "./calendar.repository.js";

/**
 * The centre's working calendar, one for the whole product (issue 16). Domains ask
 * `CalendarService.get()` for the `WorkingCalendar` in force and count every working-day limit on
 * it; administrators enter each year from the State Council's notice (pasted text, by hand, or an
 * .ics file), every save a new version; the centre's closures lie over it. Each change takes a new
 * revision, and the open deadlines counted on an earlier one are recounted (recount.ts).
 */
export class CalendarService {
  readonly #db: Database;
  readonly #kind: DatabaseKind;
  readonly #checkEveryMs: number;
  readonly #log: FastifyBaseLogger | undefined;
  /** Since when the calendar in memory has been kept because the database could not be asked. */
  #keptSince: number | null = null;
  #cached: WorkingCalendar | null = null;
  #checkedAt = 0;
  #loading: Promise<WorkingCalendar> | null = null;
  readonly #listeners = new Set<(calendar: WorkingCalendar) => void>();

  /** `checkEveryMs`: how long this instance trusts the calendar it read before asking the database whether it changed. */
  constructor(db: Database, opts: { kind?: DatabaseKind; checkEveryMs?: number; log?: FastifyBaseLogger } = {}) {
    this.#db = db;
    this.#kind = opts.kind ?? "sqlite";
    this.#checkEveryMs = opts.checkEveryMs ?? 5_000;
    this.#log = opts.log;
  }

  /** The calendar in force: read once, then re-read when its revision moved (another instance's change). */
  get(): Promise<WorkingCalendar> {
    if (this.#cached && elapsedMs() - this.#checkedAt < this.#checkEveryMs) return Promise.resolve(this.#cached);
    this.#loading ??= this.#refresh().finally(() => {
      this.#loading = null;
    });
    return this.#loading;
  }

  /**
   * The calendar in force for a transaction that writes deadlines (`trx`): its revision is read, and
   * on PostgreSQL held, in that transaction, so no change of the calendar commits in between; a newer
   * one than this instance knows is read through `trx` (on SQLite the only connection is the
   * transaction's).
   */
  async forWrite(trx: Database): Promise<WorkingCalendar> {
    const revision = await repo.revisionForWrite(trx, this.#kind);
    if (this.#cached?.revision === revision) return this.#cached;
    return this.#adopt(await loadCalendar(trx, revision));
  }

  /** Keeps a calendar read from the database as this instance's, telling the listeners when it is newer. */
  #adopt(calendar: WorkingCalendar): WorkingCalendar {
    const newer = !this.#cached || this.#cached.revision < calendar.revision;
    if (!newer && this.#cached) return this.#cached;
    this.#cached = calendar;
    this.#checkedAt = elapsedMs();
    for (const l of this.#listeners) l(calendar);
    return calendar;
  }

  /** Forgets the calendar: the next `get()` reads it again. */
  invalidate(): void {
    this.#checkedAt = -Infinity;
  }

  /** Called with each newer calendar this instance reads (the recount starts from it). */
  onChange(listener: (calendar: WorkingCalendar) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async #refresh(): Promise<WorkingCalendar> {
    try {
      const revision = await repo.currentRevision(this.#db);
      this.#keptSince = null;
      if (this.#cached && this.#cached.revision === revision) {
        this.#checkedAt = elapsedMs();
        return this.#cached;
      }
      // A change committed between the revision and the layers is read (again) next time.
      const calendar = this.#adopt(await loadCalendar(this.#db, revision));
      this.#checkedAt = elapsedMs();
      return calendar;
    } catch (err) {
      // The database is away: keep counting on the calendar we have, if any.
      if (this.#cached) {
        // Said once per outage (a request that needs the calendar may come every millisecond).
        if (this.#keptSince === null) this.#log?.warn({ err }, "calendar: could not check for changes, keeping the one in memory");
        this.#keptSince ??= elapsedMs();
        return this.#cached;
      }
      throw err;
    }
  }
}

/** The centre's layers as stored (the latest version of each year entered, the closures in force), as `revision`. */
async function loadCalendar(db: Database, revision: number): Promise<WorkingCalendar> {
  // One after the other: on SQLite `db` may be a transaction's only connection.
  const years = await repo.latestYears(db);
  const closures = await repo.activeClosures(db);
  return new WorkingCalendar({ years, closures }, revision);
}

/** The calendar in force in a database, read once (demo generation and tools that run without an app). */
export function readCalendar(db: Database): Promise<WorkingCalendar> {
  return new CalendarService(db).get();
}

/** What the calendar's use cases need. */
export interface CalendarDeps {
  db: Database;
  calendar: CalendarService;
}

/** The days of a year as `schedule` would put them in force, over the closures in force. */
function yearWith(current: WorkingCalendar, schedule: YearSchedule): readonly CalendarDay[] {
  return new WorkingCalendar({ years: [schedule], closures: current.closures() }).yearDays(schedule.year);
}

/** What a version of a year changed against the one before (or, for the first, the package's data or the estimate). */
function versionChanges(year: number, days: readonly ScheduleDay[], before: readonly ScheduleDay[] | null): DayChange[] {
  const was = before ? new WorkingCalendar({ years: [{ year, days: before }] }) : PACKAGE_CALENDAR;
  return diffYearDays(was.yearDays(year), new WorkingCalendar({ years: [{ year, days }] }).yearDays(year));
}

/** Who saved a version: name and username. */
const savedBy = (r: { created_by: string; created_by_name: string | null; created_by_username: string | null }) => (r.created_by_name ? `${r.created_by_name}（${r.created_by_username}）` : r.created_by);

const sourceNames = { centre: "本中心录入", package: "内置数据（chinese-days）", estimate: "按规则估算" } as const;

/** The year's source described in zh-CN. */
function sourceLabel(calendar: WorkingCalendar, year: number): string {
  return sourceNames[calendar.yearSource(year)];
}

/** A year for the calendar page: every day with its kind and source, the version in force, the closures. */
export async function yearView(deps: CalendarDeps, ctx: RequestContext, year: number) {
  authorize(requireActor(ctx), "calendar.read");
  const calendar = await deps.calendar.get();
  const latest = (await repo.yearVersions(deps.db, year))[0];
  return {
    year,
    source: calendar.yearSource(year),
    sourceLabel: sourceLabel(calendar, year),
    version: latest ? Number(latest.version) : null,
    enteredAt: latest?.created_at ?? null,
    enteredBy: latest?.created_by_name ?? null,
    packageHolds: packageSchedule(year) !== null,
    revision: calendar.revision,
    days: calendar.yearDays(year).map(presentDay),
  };
}

/** One day: working or not, its kind, festival or closure, and where that comes from (centre, package, estimate). */
export async function dayView(deps: CalendarDeps, ctx: RequestContext, date: string) {
  authorize(requireActor(ctx), "calendar.read");
  const calendar = await deps.calendar.get();
  const day = calendar.day(date);
  return { ...presentDay(day), provisional: day.source === "estimate", revision: calendar.revision };
}

const presentDay = (d: CalendarDay) => ({ date: d.date, working: d.working, kind: d.kind, source: d.source, name: d.name, closure: d.closure });

/** The years around today with where each comes from, and the warning if one is missing. */
export async function overview(deps: CalendarDeps, ctx: RequestContext) {
  authorize(requireActor(ctx), "calendar.read");
  const calendar = await deps.calendar.get();
  const today = shanghaiToday();
  const thisYear = Number(today.slice(0, 4));
  const entered = await repo.enteredYears(deps.db);
  const years = new Set<number>([thisYear - 1, thisYear, thisYear + 1, ...entered.map((e) => Number(e.year))]);
  const revisions = await repo.recentRevisions(deps.db, 10);
  return {
    today,
    revision: calendar.revision,
    warning: warningOf(calendar, today),
    years: [...years]
      .sort((a, b) => a - b)
      .map((year) => {
        const e = entered.find((x) => Number(x.year) === year);
        return { year, source: calendar.yearSource(year), sourceLabel: sourceLabel(calendar, year), version: e ? Number(e.version) : null, enteredAt: e?.created_at ?? null, enteredBy: e?.created_by_name ?? null };
      }),
    revisions: revisions.map((r) => ({ revision: Number(r.revision), reason: r.reason, at: r.created_at, recomputedAt: r.recomputed_at, notifiedAt: r.notified_at, moved: Number(r.moved) })),
  };
}

/** The warning administrators see (banner, notification, /readyz), or null. */
export function warningOf(calendar: WorkingCalendar, today: string): { year: number; current: boolean; message: string } | null {
  const missing = missingScheduleYear(calendar, today);
  if (!missing) return null;
  return {
    ...missing,
    message: missing.current
      ? `${missing.year} 年的法定节假日和调休安排尚未录入，本年度的办理期限正按规则估算（预计）。请在「工作日历」中粘贴国务院办公厅通知全文录入。`
      : `${missing.year} 年的法定节假日和调休安排尚未录入，跨年的办理期限暂按规则估算（预计）。国务院办公厅通知发布后，请在「工作日历」中粘贴全文录入。`,
  };
}

/** The calendar's state for the banner: only administrators are shown the warning. */
export async function calendarStatus(deps: CalendarDeps, ctx: RequestContext) {
  const actor = requireActor(ctx);
  const calendar = await deps.calendar.get();
  const warning = actor.roles.includes("admin") ? warningOf(calendar, shanghaiToday()) : null;
  return { revision: calendar.revision, warning };
}

/** The year a save is for, checked. */
function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < SCHEDULE_YEAR_MIN || year > SCHEDULE_YEAR_MAX) throw AppError.validation([{ path: "year", message: `年份：须为 ${SCHEDULE_YEAR_MIN}–${SCHEDULE_YEAR_MAX} 之间的整数` }]);
}

/** What a save of `schedule` would change, and the year it would put in force. */
async function previewOf(deps: CalendarDeps, schedule: YearSchedule) {
  const calendar = await deps.calendar.get();
  const next = yearWith(calendar, schedule);
  const version = await repo.latestVersion(deps.db, schedule.year);
  return {
    current: { source: calendar.yearSource(schedule.year), sourceLabel: sourceLabel(calendar, schedule.year), version },
    changes: diffYearDays(calendar.yearDays(schedule.year), next),
    days: next.map(presentDay),
  };
}

/** Parses a pasted State Council notice and shows, day by day, what a save would put in force. Saves nothing. */
export async function previewNotice(deps: CalendarDeps, ctx: RequestContext, input: { text: string; year?: number }) {
  authorize(requireActor(ctx), "calendar.manage");
  if (input.year !== undefined) checkYear(input.year);
  const parse = parseHolidayNotice(input.text, input.year);
  const year = parse.year ?? input.year ?? null;
  const preview = year !== null ? await previewOf(deps, { year, days: parse.days }) : null;
  return { year, parse, ...(preview ?? { current: null, changes: [], days: [] }) };
}

/** Reads an .ics file's days of `year` and shows what a save would put in force. Saves nothing. */
export async function previewIcs(deps: CalendarDeps, ctx: RequestContext, input: { year: number; fileName: string; content: string }) {
  authorize(requireActor(ctx), "calendar.manage");
  checkYear(input.year);
  const parsed = readIcs(input.year, input.content);
  return { year: input.year, import: parsed, ...(await previewOf(deps, { year: input.year, days: parsed.days })) };
}

/** The .ics file's days of a year; a file that is not iCalendar, or holds nothing of the year, refused naming the field. */
function readIcs(year: number, content: string) {
  const parsed = parseCalendarIcs(content, year);
  if (parsed.problems.length) throw AppError.validation(parsed.problems);
  return parsed;
}

/** A save of a year: from a pasted notice, by hand, or from an .ics file. */
export type SaveYearInput =
  | { source: "notice"; text: string; expectedVersion: number; note?: string }
  | { source: "manual"; days: ScheduleDay[]; expectedVersion: number; note?: string; text?: string }
  | { source: "ics"; fileName: string; content: string; expectedVersion: number; note?: string };

/**
 * Saves a new version of a year and puts it in force: a notice must be understood whole (else
 * nothing is saved and the problems say what was not), days set by hand must be sound, a file must be
 * iCalendar. `expectedVersion` is the version the administrator compared against: another save in
 * between is refused (409), so nobody overwrites a version they have not seen. Audited; the open
 * deadlines are then recounted.
 */
export async function saveYear(deps: CalendarDeps, ctx: RequestContext, year: number, input: SaveYearInput) {
  const actor = requireActor(ctx);
  authorize(actor, "calendar.manage");
  checkYear(year);
  let days: ScheduleDay[];
  let sourceText: string | null = null;
  let fileName: string | null = null;
  if (input.source === "notice") {
    const parse: NoticeParse = parseHolidayNotice(input.text, year);
    if (!parse.complete) {
      const problems = parse.problems.length ? parse.problems : [{ path: "text", message: "通知全文：未能完整识别，请核对后再保存" }];
      throw AppError.validation(problems.map((p) => ({ path: p.path === "year" ? "year" : "text", message: p.message })));
    }
    days = parse.days;
    sourceText = input.text;
  } else if (input.source === "ics") {
    days = readIcs(year, input.content).days;
    sourceText = input.content;
    fileName = input.fileName;
  } else {
    days = input.days;
    sourceText = input.text?.trim() || null;
  }
  const schedule: YearSchedule = { year, days: sortedDays(days) };
  const problems = scheduleProblems(schedule);
  if (problems.length) throw AppError.validation(problems);
  const at = nowIso();
  const saved = await deps.db.transaction().execute(async (trx) => {
    const latest = await repo.latestVersion(trx, year);
    if (latest !== input.expectedVersion) {
      throw AppError.conflict(latest ? `${year} 年的安排已有第 ${latest} 版（您核对的是${input.expectedVersion ? `第 ${input.expectedVersion} 版` : "未录入时的数据"}），请重新预览差异后再保存` : `${year} 年尚未录入，请按未录入重新预览后保存`);
    }
    if (latest) {
      const current = await repo.findYearVersion(trx, year, latest);
      if (current && sameDays(JSON.parse(current.days) as ScheduleDay[], schedule.days)) {
        throw AppError.validation([{ path: "days", message: `放假和调休安排：与现行的第 ${latest} 版相同，无需保存` }]);
      }
    }
    const version = latest + 1;
    await repo.insertYearVersion(trx, {
      year,
      version,
      days: JSON.stringify(schedule.days),
      source: input.source,
      source_text: sourceText,
      file_name: fileName,
      note: input.note?.trim() || null,
      created_by: actor.userId,
      created_at: at,
    });
    const revision = await repo.nextRevision(trx, `${year} 年节假日安排（第 ${version} 版）`, actor.userId, at);
    await audit(trx, ctx, {
      action: "calendar.year.save",
      entity: "calendar_year",
      entityId: `${year}`,
      detail: { version, source: input.source, revision, holidays: schedule.days.filter((d) => d.kind === "holiday").length, makeup: schedule.days.filter((d) => d.kind === "makeup").length, fileName },
    });
    return { version, revision };
  });
  deps.calendar.invalidate();
  await deps.calendar.get();
  return { year, version: saved.version, revision: saved.revision, view: await yearView(deps, ctx, year) };
}

const dayKeys = (days: readonly ScheduleDay[]) => sortedDays(days).map((d) => `${d.date}|${d.kind}|${d.name}`).join(",");
const sameDays = (a: readonly ScheduleDay[], b: readonly ScheduleDay[]) => dayKeys(a) === dayKeys(b);

/** Every version of a year, newest first, with what each changed against the one before. */
export async function listVersions(deps: CalendarDeps, ctx: RequestContext, year: number) {
  authorize(requireActor(ctx), "calendar.manage");
  checkYear(year);
  const rows = await repo.yearVersions(deps.db, year);
  const daysOf = rows.map((r) => JSON.parse(r.days) as ScheduleDay[]);
  return rows.map((r, i) => {
    const days = daysOf[i]!;
    return {
      year,
      version: Number(r.version),
      source: r.source,
      fileName: r.file_name,
      note: r.note,
      createdAt: r.created_at,
      createdBy: savedBy(r),
      holidays: days.filter((d) => d.kind === "holiday").length,
      makeupDays: days.filter((d) => d.kind === "makeup").length,
      changed: versionChanges(year, days, daysOf[i + 1] ?? null).length,
    };
  });
}

/** One version whole: its days, the text or file it came from, and its difference from the version before (or the package/estimate). */
export async function getVersion(deps: CalendarDeps, ctx: RequestContext, year: number, version: number) {
  authorize(requireActor(ctx), "calendar.manage");
  checkYear(year);
  const row = await repo.findYearVersion(deps.db, year, version);
  if (!row) throw AppError.notFound(`${year} 年第 ${version} 版节假日安排`);
  const days = JSON.parse(row.days) as ScheduleDay[];
  const previous = version > 1 ? await repo.findYearVersion(deps.db, year, version - 1) : undefined;
  const changes = versionChanges(year, days, previous ? (JSON.parse(previous.days) as ScheduleDay[]) : null);
  return {
    year,
    version,
    source: row.source,
    sourceText: row.source_text,
    fileName: row.file_name,
    note: row.note,
    createdAt: row.created_at,
    createdBy: savedBy(row),
    days,
    changes,
  };
}

/** Closures to list: those in force by default, from a day on. */
export async function closures(deps: CalendarDeps, ctx: RequestContext, q: { from?: string; to?: string; includeLifted: boolean }) {
  authorize(requireActor(ctx), "calendar.read");
  const rows = await repo.listClosures(deps.db, q);
  return rows.map((c) => ({
    id: c.id,
    date: c.date,
    reason: c.reason,
    createdAt: c.created_at,
    createdBy: c.created_by_name,
    liftedAt: c.lifted_at,
    liftedBy: c.lifted_by_name,
    liftReason: c.lift_reason,
  }));
}

/** How far back a closure may still be entered (a typhoon day recorded afterwards). */
const CLOSURE_BACK_DAYS = 30;

/** Closes the centre on a day (台风停工 …): a rest day for every deadline from now on; audited; open deadlines are recounted. */
export async function addClosure(deps: CalendarDeps, ctx: RequestContext, input: { date: string; reason: string }) {
  const actor = requireActor(ctx);
  authorize(actor, "calendar.closures");
  const today = shanghaiToday();
  const reason = input.reason.trim();
  const problems = [];
  if (!isRealDate(input.date)) problems.push({ path: "date", message: "闭馆日期：须为 YYYY-MM-DD 格式的有效日期" });
  else if (input.date < addDays(today, -CLOSURE_BACK_DAYS)) problems.push({ path: "date", message: `闭馆日期：不能早于 ${addDays(today, -CLOSURE_BACK_DAYS)}（${CLOSURE_BACK_DAYS} 天前）` });
  else if (input.date > addDays(today, 366)) problems.push({ path: "date", message: `闭馆日期：不能晚于 ${addDays(today, 366)}` });
  if ([...reason].length < 2) problems.push({ path: "reason", message: "闭馆原因：至少 2 个字" });
  if (problems.length) throw AppError.validation(problems);
  const at = nowIso();
  const id = randomUUID();
  await deps.db.transaction().execute(async (trx) => {
    const ok = await repo.insertClosure(trx, { id, date: input.date, reason, created_by: actor.userId, created_at: at, lifted_at: null, lifted_by: null, lift_reason: null });
    if (!ok) throw AppError.conflict(`${input.date} 已设为闭馆日`, [{ path: "date", message: `闭馆日期：${input.date} 已设为闭馆日` }]);
    const revision = await repo.nextRevision(trx, `闭馆 ${input.date}（${reason}）`, actor.userId, at);
    await audit(trx, ctx, { action: "calendar.closure.add", entity: "calendar_closure", entityId: id, detail: { date: input.date, reason, revision } });
  });
  deps.calendar.invalidate();
  await deps.calendar.get();
  return (await closures(deps, ctx, { from: input.date, to: input.date, includeLifted: false }))[0]!;
}

/** Lifts a closure (the day works again, e.g. the typhoon turned away): audited; open deadlines are recounted. */
export async function liftClosure(deps: CalendarDeps, ctx: RequestContext, id: string, input: { reason: string }) {
  const actor = requireActor(ctx);
  authorize(actor, "calendar.closures");
  const reason = input.reason.trim();
  if ([...reason].length < 2) throw AppError.validation([{ path: "reason", message: "取消原因：至少 2 个字" }]);
  const closure = await repo.findClosure(deps.db, id);
  if (!closure) throw AppError.notFound("闭馆日");
  const at = nowIso();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.liftClosure(trx, id, actor.userId, at, reason))) throw AppError.conflict(`${closure.date} 的闭馆已取消`);
    const revision = await repo.nextRevision(trx, `取消闭馆 ${closure.date}（${reason}）`, actor.userId, at);
    await audit(trx, ctx, { action: "calendar.closure.lift", entity: "calendar_closure", entityId: id, detail: { date: closure.date, reason, revision } });
  });
  deps.calendar.invalidate();
  await deps.calendar.get();
  return { id, date: closure.date, liftedAt: at };
}

/** The due dates of a case or ticket that moved with the calendar, oldest first. */
export async function deadlineHistory(db: Database, parentId: string) {
  return (await repo.changesOf(db, parentId)).map((c) => ({
    at: c.at,
    revision: Number(c.revision),
    label: c.label,
    field: c.field,
    before: c.before,
    after: c.after,
    provisional: c.provisional === 1,
  }));
}

/** Years the public feed covers around today. */
const FEED_YEARS_BACK = 1;
const FEED_YEARS_AHEAD = 1;

/** The centre's holidays, make-up working days and closures as iCalendar, for staff's phones and Outlook (public). */
export async function calendarFeed(deps: CalendarDeps): Promise<string> {
  const calendar = await deps.calendar.get();
  const year = Number(shanghaiToday().slice(0, 4));
  const days: CalendarDay[] = [];
  for (let y = year - FEED_YEARS_BACK; y <= year + FEED_YEARS_AHEAD; y++) {
    // An estimated year is not published: the feed says only what is known.
    for (const d of calendar.yearDays(y)) if (d.closure || (d.source !== "estimate" && (d.kind === "holiday" || d.kind === "makeup"))) days.push(d);
  }
  return calendarIcs({ name: "嘉兴市行政审批服务中心工作日历", description: "法定节假日、调休上班日和闭馆日", days, generatedAt: clock.now() });
}

/**
 * Once a working day, while a year's schedule is missing, tells every administrator (one
 * instance does it: the day is claimed in the database). Returns true when it told them.
 */
export async function warnAdministrators(deps: CalendarDeps): Promise<boolean> {
  const calendar = await deps.calendar.get();
  const today = shanghaiToday();
  const warning = warningOf(calendar, today);
  if (!warning || !calendar.isWorkingDay(today)) return false;
  return deps.db.transaction().execute(async (trx) => {
    if (!(await repo.claimWarningDay(trx, today, warning.year, nowIso()))) return false;
    for (const userId of await usersWithRole(trx, "admin")) {
      await notify(trx, { userId, title: `${warning.year} 年节假日安排尚未录入`, body: warning.message });
    }
    return true;
  });
}
