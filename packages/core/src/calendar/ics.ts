import ICAL from "ical.js";
import { isRealDate } from "../validators/id-number.js";
import type { CalendarDay } from "./calendar.js";
import { sortedDays, type ScheduleDay } from "./schedule.js";

/**
 * The working calendar as iCalendar (RFC 5545), both ways: published so staff and applicants can
 * subscribe to the centre's holidays, make-up working days and closures in any calendar app; and
 * read from an .ics file (the centre's own export, or a third party's holiday calendar such as
 * chinese-days') to fill in a year's schedule. All-day events only, dates in Asia/Shanghai. Pure:
 * text in, text or data out.
 */

const PRODID = "-//Yichuang//Working Calendar//ZH";
const DAY_MS = 86_400_000;
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);

type EventKind = "holiday" | "makeup" | "closure";

const CATEGORY: Record<EventKind, string> = { holiday: "HOLIDAY", makeup: "WORKDAY", closure: "CLOSURE" };

/** The event's title: 春节（放假）, 春节（调休上班）, 闭馆：台风停工. */
function summaryOf(kind: EventKind, name: string): string {
  if (kind === "closure") return `闭馆：${name}`;
  const what = kind === "holiday" ? "放假" : "调休上班";
  return name ? `${name}（${what}）` : what;
}

/** TEXT escaping (RFC 5545 §3.3.11) for the X- properties ical.js writes as they are. */
const escapeText = (s: string) => s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");

/**
 * Lines of at most 75 octets (RFC 5545 §3.1), continuation lines starting with a space, never
 * splitting a character. ical.js folds too, but lets a continuation line reach 76 octets with
 * its leading space, so its output is unfolded and folded again here.
 */
function fold(line: string): string {
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const cp = ch.codePointAt(0)!;
    const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; // UTF-8 octets
    if (octets + n > limit) {
      parts.push(current);
      current = "";
      octets = 0;
      limit = 74; // the leading space takes one octet
    }
    current += ch;
    octets += n;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

/** Publishes the calendar's holidays, make-up working days and closures as an .ics feed, one all-day event per run of days, so calendar apps can subscribe to it. */
export function calendarIcs(input: { name: string; description?: string; days: readonly CalendarDay[]; generatedAt: Date }): string {
  // Runs of consecutive days of the same kind and name.
  const entries: { date: string; kind: EventKind; name: string }[] = [];
  for (const d of [...input.days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))) {
    if (d.kind === "holiday" || d.kind === "makeup") entries.push({ date: d.date, kind: d.kind, name: d.name ?? "" });
    if (d.closure !== null) entries.push({ date: d.date, kind: "closure", name: d.closure });
  }
  const runs: { start: string; end: string; kind: EventKind; name: string }[] = [];
  const open = new Map<string, (typeof runs)[number]>();
  for (const e of entries) {
    const key = `${e.kind}\u0000${e.name}`;
    const run = open.get(key);
    if (run && addDays(run.end, 1) === e.date) run.end = e.date;
    else if (!run || run.end !== e.date) {
      const fresh = { start: e.date, end: e.date, kind: e.kind, name: e.name };
      runs.push(fresh);
      open.set(key, fresh);
    }
  }

  const cal = new ICAL.Component(["vcalendar", [], []]);
  cal.addPropertyWithValue("version", "2.0");
  cal.addPropertyWithValue("prodid", PRODID);
  cal.addPropertyWithValue("calscale", "GREGORIAN");
  cal.addPropertyWithValue("method", "PUBLISH");
  cal.addPropertyWithValue("x-wr-calname", escapeText(input.name));
  if (input.description) cal.addPropertyWithValue("x-wr-caldesc", escapeText(input.description));
  cal.addPropertyWithValue("x-wr-timezone", "Asia/Shanghai");
  const stamp = ICAL.Time.fromJSDate(input.generatedAt, true);
  for (const r of runs) {
    const ev = new ICAL.Component("vevent");
    ev.addPropertyWithValue("uid", `${r.start}-${r.kind}@yichuang`);
    ev.addPropertyWithValue("dtstamp", stamp);
    ev.addPropertyWithValue("dtstart", ICAL.Time.fromDateString(r.start));
    ev.addPropertyWithValue("dtend", ICAL.Time.fromDateString(addDays(r.end, 1)));
    ev.addPropertyWithValue("summary", summaryOf(r.kind, r.name));
    ev.addPropertyWithValue("categories", CATEGORY[r.kind]);
    ev.addPropertyWithValue("x-yichuang-kind", r.kind);
    ev.addPropertyWithValue("transp", "TRANSPARENT");
    cal.addSubcomponent(ev);
  }
  const lines = cal.toString().replace(/\r\n[ \t]/g, "").split("\r\n");
  return `${lines.map(fold).join("\r\n")}\r\n`;
}

/** What an .ics file gives for one year. */
export interface IcsImport {
  /** Holidays and make-up working days in the year, in date order. */
  days: ScheduleDay[];
  closures: { date: string; reason: string }[];
  /** Events outside the year, or not understood: not problems, shown so nothing goes unseen. */
  skipped: { date: string; summary: string; reason: string }[];
  /** In zh-CN; path "file". */
  problems: { path: string; message: string }[];
}

const MAKEUP_WORDS = /调休上班|补班|上班|班/;
const HOLIDAY_WORDS = /补休|放假|假期|休/;
const CLOSURE_WORDS = /闭馆|停工/;
const ALL_WORDS = /[（(]?(?:调休上班|补班|上班|补休|放假|假期|休|班)[）)]?/g;

/** The kind a word in a title or description names, or null. */
function kindOfWords(text: string): EventKind | null {
  if (MAKEUP_WORDS.test(text)) return "makeup";
  if (HOLIDAY_WORDS.test(text)) return "holiday";
  if (CLOSURE_WORDS.test(text)) return "closure";
  return null;
}

/** The festival part of a title: "春节(休)" → 春节, "春节（放假）" → 春节, "国庆节 调休上班" → 国庆节. */
function festivalOf(summary: string): string {
  const bracket = /^(.*?)\s*[（(][^（）()]*[）)]\s*$/.exec(summary);
  const base = bracket ? bracket[1]! : summary.replace(ALL_WORDS, "");
  return base.replace(/^[\s:：\-—·]+|[\s:：\-—·]+$/g, "");
}

/** The reason of a closure: "闭馆：台风停工" → 台风停工. */
function closureReason(summary: string): string {
  const m = /^(?:闭馆|停工)\s*[：:]\s*(.+)$/.exec(summary.trim());
  return m ? m[1]!.trim() : summary.trim();
}

/** What an event is: from X-YICHUANG-KIND, then CATEGORIES, then its title's words, then its description's. */
function classify(ev: ICAL.Component, summary: string): { kind: EventKind; name: string } | null {
  const own = String(ev.getFirstPropertyValue("x-yichuang-kind") ?? "").trim().toLowerCase();
  let kind: EventKind | null = own === "holiday" || own === "makeup" || own === "closure" ? own : null;
  if (!kind) {
    const categories = ev.getAllProperties("categories").flatMap((p) => p.getValues().map((v) => String(v).trim().toUpperCase()));
    if (categories.includes("CLOSURE")) kind = "closure";
    else if (categories.includes("WORKDAY") || categories.includes("MAKEUP")) kind = "makeup";
    else if (categories.includes("HOLIDAY")) kind = "holiday";
  }
  if (!kind) {
    const s = summary.trim();
    const bracket = /[（(]([^（）()]*)[）)]\s*$/.exec(s);
    kind = /^(?:闭馆|停工)/.test(s) ? "closure" : (bracket && kindOfWords(bracket[1]!)) || kindOfWords(s);
  }
  if (!kind) kind = kindOfWords(String(ev.getFirstPropertyValue("description") ?? ""));
  if (!kind) return null;
  return { kind, name: kind === "closure" ? closureReason(summary) : festivalOf(summary) };
}

/** A DATE value, or a DATE-TIME at local midnight (a whole day written as a time): `YYYY-MM-DD`, else null. */
function dayOf(prop: ICAL.Property | null): string | null {
  if (!prop) return null;
  const raw = prop.jCal[3];
  if (typeof raw !== "string") return null;
  if (prop.type === "date") return isRealDate(raw) ? raw : null;
  if (prop.type === "date-time") {
    const m = /^(\d{4}-\d{2}-\d{2})T00:00:00$/.exec(raw);
    return m && isRealDate(m[1]!) ? m[1]! : null;
  }
  return null;
}

/** How many days an all-day event lasts: DTEND (exclusive), else DURATION, else one. */
function lengthOf(ev: ICAL.Component, start: string): number | null {
  const endProp = ev.getFirstProperty("dtend");
  if (endProp) {
    const end = dayOf(endProp);
    return end === null ? null : Math.max(1, daysBetween(start, end));
  }
  const duration = ev.getFirstPropertyValue("duration");
  if (duration instanceof ICAL.Duration) {
    const seconds = duration.toSeconds();
    return seconds > 0 && seconds % 86_400 === 0 ? seconds / 86_400 : null;
  }
  return 1;
}

/** Occurrence start dates of an event up to the end of `year` (a recurring one expanded). */
function startsOf(ev: ICAL.Component, start: string, year: number): string[] {
  if (!ev.hasProperty("rrule") && !ev.hasProperty("rdate")) return [start];
  const out: string[] = [];
  const it = new ICAL.Event(ev).iterator();
  for (let n = 0, t = it.next(); t && n < 5000; t = it.next(), n++) {
    const d = t.toString().slice(0, 10);
    if (Number(d.slice(0, 4)) > year) break;
    out.push(d);
  }
  return out;
}

/** Reads a year's holidays, make-up working days and closures from an .ics file, listing what it skipped and what is wrong, so a schedule can be filled from a published calendar. */
export function parseCalendarIcs(text: string, year: number): IcsImport {
  const result: IcsImport = { days: [], closures: [], skipped: [], problems: [] };
  const notIcs = () => {
    result.problems.push({ path: "file", message: "文件：不是有效的 iCalendar（.ics）文件" });
    return result;
  };
  let roots: ICAL.Component[];
  try {
    const parsed: unknown = ICAL.parse(String(text ?? ""));
    const list = Array.isArray(parsed) && typeof parsed[0] === "string" ? [parsed] : Array.isArray(parsed) ? parsed : [];
    roots = list.map((j) => new ICAL.Component(j as unknown[]));
  } catch {
    return notIcs();
  }
  if (roots.length === 0 || roots.some((r) => r.name !== "vcalendar")) return notIcs();
  const events = roots.flatMap((r) => r.getAllSubcomponents("vevent"));
  if (events.length === 0) {
    result.problems.push({ path: "file", message: "文件：文件中没有日程" });
    return result;
  }

  const days = new Map<string, ScheduleDay>();
  const conflicts = new Set<string>();
  const closures = new Map<string, string>();
  const prefix = `${year}-`;
  for (const ev of events) {
    const summary = String(ev.getFirstPropertyValue("summary") ?? "").trim();
    const startProp = ev.getFirstProperty("dtstart");
    const start = dayOf(startProp);
    const rawStart = typeof startProp?.jCal[3] === "string" ? (startProp.jCal[3] as string).slice(0, 10) : "";
    const skip = (date: string, reason: string) => result.skipped.push({ date, summary, reason });
    if (String(ev.getFirstPropertyValue("status") ?? "").toUpperCase() === "CANCELLED") {
      skip(start ?? rawStart, "日程已取消");
      continue;
    }
    if (start === null) {
      skip(rawStart, startProp ? "不是全天日程或开始日期无效" : "缺少开始日期");
      continue;
    }
    const length = lengthOf(ev, start);
    if (length === null) {
      skip(start, "结束日期或时长无效（应为整天）");
      continue;
    }
    const what = classify(ev, summary);
    if (!what) {
      skip(start, "无法判断是放假、调休上班还是闭馆");
      continue;
    }
    let outside: string | null = null;
    for (const first of startsOf(ev, start, year)) {
      for (let k = 0; k < length; k++) {
        const date = addDays(first, k);
        if (!date.startsWith(prefix)) {
          outside ??= date;
          continue;
        }
        if (what.kind === "closure") {
          if (!closures.has(date)) closures.set(date, what.name);
          continue;
        }
        const before = days.get(date);
        if (!before) days.set(date, { date, kind: what.kind, name: what.name });
        else if (before.kind !== what.kind) conflicts.add(date);
      }
    }
    if (outside !== null) skip(outside, `不在 ${year} 年内`);
  }

  for (const date of [...conflicts].sort()) {
    days.delete(date);
    result.problems.push({ path: "file", message: `文件：${date} 既是放假日又是调休上班日` });
  }
  result.days = sortedDays([...days.values()]);
  result.closures = [...closures].map(([date, reason]) => ({ date, reason })).sort((a, b) => (a.date < b.date ? -1 : 1));
  if (result.days.length === 0 && conflicts.size === 0) {
    result.problems.push({ path: "file", message: `文件：文件中没有 ${year} 年的节假日或调休安排` });
  }
  return result;
}
