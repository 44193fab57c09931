import { isRealDate } from "../validators/id-number.js";
import { isWeekend, sortedDays, weekdayOf, weekdayZh, type ScheduleDay } from "./schedule.js";

/**
 * Reading the State Council's annual notice (国务院办公厅关于YYYY年部分节假日安排的通知) as pasted
 * by the centre: its numbered clauses ("二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、
 * 周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。") become the year's holidays and make-up
 * working days, checked as they are read: each stated weekday against the real calendar, each
 * "共N天" against its range, each date inside the year. Whatever is not understood is kept and
 * shown, never guessed: the result is `complete` only when every clause was read in full. Pure.
 */

/** One numbered clause of the notice and what was read from it. */
export interface NoticeClause {
  /** The clause's number as written (一 → 1). */
  index: number;
  /** The clause as written. */
  text: string;
  /** The festival(s) before the colon ("中秋节、国庆节"), or null when the clause names none. */
  festival: string | null;
  status: "understood" | "partial" | "not_understood";
  days: ScheduleDay[];
  /** Pieces of the clause's text not understood. */
  unparsed: string[];
}

/** What a notice says, and what could not be read from it. */
export interface NoticeParse {
  year: number | null;
  /** Every day understood, in date order (a day named twice is listed once). */
  days: ScheduleDay[];
  clauses: NoticeClause[];
  /** In zh-CN; path "text" or "year"; `clause` is the index (in `clauses`) of the clause it is about. */
  problems: { path: string; message: string; clause?: number }[];
  /** A year, at least one clause, every clause understood, no problem. */
  complete: boolean;
}

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const WEEKDAY_CHARS: Record<string, number> = { 日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };
const WEEKDAY_NAMES = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"] as const;

/** 一 … 九十九 as a number, or null. */
function chineseNumber(s: string): number | null {
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(s);
  if (!m || s === "") return null;
  if (!m[2]) return m[1] && !m[3] ? CN_DIGITS[m[1]]! : null;
  return (m[1] ? CN_DIGITS[m[1]]! : 1) * 10 + (m[3] ? CN_DIGITS[m[3]]! : 0);
}

/** Full-width digits, ASCII brackets and punctuation to the notice's usual forms; spaces out. */
function normalize(s: string): string {
  return s
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/\(/g, "（")
    .replace(/\)/g, "）")
    .replace(/:/g, "：")
    .replace(/,/g, "，")
    .replace(/;/g, "；")
    .replace(/[ \t\u3000\u00a0]+/g, "");
}

/** A date as written: year (when written), month (when written), day, and its bracket. */
interface WrittenDate {
  year: number | null;
  month: number | null;
  day: number;
  /** The weekday the bracket states (0 Sunday), if any. */
  weekday: number | null;
  /** Bracket parts neither a weekday nor a lunar date. */
  unknown: string[];
  /** The text as written. */
  raw: string;
  end: number;
}

const DATE_RE = /(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:（([^（）]*)）)?/y;

/** A date at `at` in `s`; `needMonth` when the month may not be left out (a range's first day). */
function readDate(s: string, at: number, needMonth: boolean): WrittenDate | null {
  DATE_RE.lastIndex = at;
  const m = DATE_RE.exec(s);
  if (!m) return null;
  if (needMonth && !m[2]) return null;
  let weekday: number | null = null;
  const unknown: string[] = [];
  for (const part of (m[4] ?? "").split(/[、，]/).filter(Boolean)) {
    const w = /^(?:周|星期)([日天一二三四五六])$/.exec(part);
    if (w) weekday = WEEKDAY_CHARS[w[1]!]!;
    else if (/^(?:农历|除夕|正月|腊月|初[一二三四五六七八九十])/.test(part)) continue;
    else unknown.push(part);
  }
  return {
    year: m[1] ? Number(m[1]) : null,
    month: m[2] ? Number(m[2]) : null,
    day: Number(m[3]),
    weekday,
    unknown,
    raw: m[0],
    end: at + m[0].length,
  };
}

/** One group of dates with what happens on them ("2月14日（周六）、2月28日（周六）上班"). */
interface Group {
  items: { from: WrittenDate; to: WrittenDate | null }[];
  kind: ScheduleDay["kind"];
  /** The number of days the text states (共N天, 放假N天). */
  count: number | null;
  raw: string;
  end: number;
}

const ACTION_RE = /(放假调休|放假|补休|上班)/y;
const COUNT_RE = /(?:，?共)?(\d+)天/y;
const RANGE_SEP_RE = /(?:至|到|—|－|-|~|～)/y;

/** A group at `at`, or null when the text there is not one. */
function readGroup(s: string, at: number): Group | null {
  const items: Group["items"] = [];
  let j = at;
  for (;;) {
    const from = readDate(s, j, true);
    if (!from) return null;
    j = from.end;
    let to: WrittenDate | null = null;
    RANGE_SEP_RE.lastIndex = j;
    const sep = RANGE_SEP_RE.exec(s);
    if (sep) {
      to = readDate(s, j + sep[0].length, false);
      if (!to) return null;
      j = to.end;
    }
    items.push({ from, to });
    if (s[j] === "、" && readDate(s, j + 1, true)) {
      j++;
      continue;
    }
    break;
  }
  ACTION_RE.lastIndex = j;
  const action = ACTION_RE.exec(s);
  if (!action) return null;
  j += action[0].length;
  COUNT_RE.lastIndex = j;
  const count = COUNT_RE.exec(s);
  if (count) j += count[0].length;
  return { items, kind: action[1] === "上班" ? "makeup" : "holiday", count: count ? Number(count[1]) : null, raw: s.slice(at, j), end: j };
}

/** Words that add no day: the weekend is already off, nothing is moved. */
const NO_DAY_RE = /(?:与周末连休|不调休|不补休)/y;
/** Sentences of advice, not of schedule ("鼓励各单位…安排职工在除夕休息", "节假日期间，各地区…"), and the signature when run on. */
const ADVISORY_RE = /^(?:鼓励|节假日期间|国务院办公厅)/;
/** A clause: "一、元旦：…". */
const CLAUSE_START_RE = /([一二三四五六七八九十]{1,3})、/g;

const pad = (n: number) => String(n).padStart(2, "0");
const DAY_MS = 86_400_000;
const addDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
const mdZh = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** "第二项（春节）" of a clause, for messages. */
function clauseLabel(numeral: string, festival: string | null): string {
  return festival ? `第${numeral}项（${festival}）` : `第${numeral}项`;
}

interface ClauseRead {
  clause: NoticeClause;
  problems: string[];
}

/** Read one clause's body: its groups, the words that add nothing, and what is left over. */
function readClause(numeral: string, text: string, year: number | null): ClauseRead {
  const index = chineseNumber(numeral) ?? 0;
  const afterNumber = normalize(text.slice(numeral.length + 1));
  const colon = afterNumber.indexOf("：");
  const label = colon >= 0 ? afterNumber.slice(0, colon) : "";
  const festival = colon > 0 && label.length <= 20 && !/\d/.test(label) ? label : null;
  const body = festival !== null || colon === 0 ? afterNumber.slice(colon + 1) : afterNumber;
  const where = clauseLabel(numeral, festival);
  const name = festival ?? "";
  const days: ScheduleDay[] = [];
  const unparsed: string[] = [];
  /** Pieces not understood at all (a bad date has its own problem). */
  const unrecognized: string[] = [];
  const problems: string[] = [];
  let understoodPieces = 0;

  /** A written date in the notice's year, or null with a problem (and the piece left unparsed). */
  const resolve = (d: WrittenDate, month: number | null, year: number): string | null => {
    const m = d.month ?? month;
    if (m === null) return null;
    if (d.year !== null && d.year !== year) {
      problems.push(`${where}：${d.raw} 不在 ${year} 年内（通知中的日期都应在 ${year} 年）`);
      return null;
    }
    const date = `${year}-${pad(m)}-${pad(d.day)}`;
    if (!isRealDate(date)) {
      problems.push(`${where}：${m}月${d.day}日 不是 ${year} 年的有效日期`);
      return null;
    }
    if (d.weekday !== null && weekdayOf(date) !== d.weekday) {
      problems.push(`${where}：${m}月${d.day}日 写的是${WEEKDAY_NAMES[d.weekday]}，但 ${year} 年的这一天是${weekdayZh(date)}（日期、星期或年份有误）`);
    }
    return date;
  };

  const sentences = body
    .split(/[。；]/)
    .filter((x) => x !== "");
  for (const sentence of sentences) {
    if (ADVISORY_RE.test(sentence)) continue;
    let i = 0;
    while (i < sentence.length) {
      if (sentence[i] === "，" || sentence[i] === "、") {
        i++;
        continue;
      }
      const g = readGroup(sentence, i);
      if (g) {
        const groupDays: string[] = [];
        const spans: string[] = [];
        let bad = 0;
        for (const { from, to } of g.items) {
          const unknown = [...from.unknown, ...(to?.unknown ?? [])].map((u) => `（${u}）`);
          unparsed.push(...unknown);
          unrecognized.push(...unknown);
          if (year === null) continue; // read, but no date can be named without the year
          const a = resolve(from, null, year);
          const b = to ? resolve(to, from.month, year) : a;
          if (a !== null && b !== null && b < a) problems.push(`${where}：${mdZh(a)}至${mdZh(b)} 的结束日期早于开始日期`);
          if (a === null || b === null || b < a) {
            bad++;
            unparsed.push(to ? `${from.raw}至${to.raw}` : from.raw);
            continue;
          }
          spans.push(a === b ? mdZh(a) : `${mdZh(a)}至${mdZh(b)}`);
          for (let d = a; d <= b; d = addDay(d)) groupDays.push(d);
        }
        if (bad < g.items.length) understoodPieces++;
        if (bad === 0 && g.count !== null && groupDays.length !== g.count) {
          problems.push(`${where}：写明共 ${g.count} 天，但 ${spans.join("、")} 是 ${groupDays.length} 天`);
        }
        for (const date of groupDays) {
          if (g.kind === "makeup" && !isWeekend(date)) {
            problems.push(`${where}：${mdZh(date)} 是${weekdayZh(date)}，调休上班日应为周六或周日`);
          }
          days.push({ date, kind: g.kind, name });
        }
        i = g.end;
        continue;
      }
      NO_DAY_RE.lastIndex = i;
      const noDay = NO_DAY_RE.exec(sentence);
      if (noDay) {
        understoodPieces++;
        i += noDay[0].length;
        continue;
      }
      // Not understood: up to the next comma (with a "共N天" that follows it).
      let j = sentence.indexOf("，", i);
      if (j < 0) j = sentence.length;
      const tail = /^，共\d+天/.exec(sentence.slice(j));
      if (tail) j += tail[0].length;
      unparsed.push(sentence.slice(i, j));
      unrecognized.push(sentence.slice(i, j));
      i = j;
    }
  }
  if (unrecognized.length) {
    problems.push(`${where}：未能识别“${unrecognized.join("”“")}”`);
  }
  if (understoodPieces === 0 && unparsed.length === 0) {
    problems.push(`${where}：没有写明放假或上班的日期`);
  }
  const status: NoticeClause["status"] =
    unparsed.length === 0 && understoodPieces > 0 ? "understood" : understoodPieces > 0 ? "partial" : "not_understood";
  return { clause: { index, text: text.trim(), festival, status, days, unparsed }, problems };
}

/** Paragraphs outside the clauses that still look like schedule content (a garbled clause number). */
const LOOKS_LIKE_SCHEDULE_RE = /\d{1,2}月\d{1,2}日.*(?:放假|上班|补休)/;
const ADDRESS_OR_INTRO_RE = /^(?:各省|经国务院批准|现将|国务院办公厅)|通知如下/;

/** Reads the State Council's annual holiday notice: its year, each numbered clause's days, and every problem found, so a pasted notice can be checked before it is saved. */
export function parseHolidayNotice(text: string, year?: number): NoticeParse {
  const problems: NoticeParse["problems"] = [];
  const normalized = normalize(text ?? "");
  const stated = /关于(\d{4})年/.exec(normalized) ?? /现将(\d{4})年/.exec(normalized);
  const statedYear = stated ? Number(stated[1]) : null;
  let noticeYear: number | null = statedYear;
  if (year !== undefined) {
    noticeYear = year;
    if (statedYear !== null && statedYear !== year) {
      problems.push({ path: "year", message: `年份：通知写的是 ${statedYear} 年，与所选的 ${year} 年不一致` });
    }
  } else if (statedYear === null) {
    problems.push({ path: "year", message: "年份：未能从通知标题或首段识别出年份（如“关于2026年部分节假日安排的通知”）" });
  }

  const clauses: NoticeClause[] = [];
  const paragraphs = (text ?? "").split(/\r?\n|\r/).map((p) => p.trim()).filter(Boolean);
  paragraphs.forEach((para, p) => {
    const starts = [...para.matchAll(CLAUSE_START_RE)].filter((m) => {
      // A clause number starts the paragraph or follows the end of a sentence.
      const at = m.index ?? 0;
      return at === 0 || /[。；]/.test(para[at - 1]!);
    });
    const before = starts.length ? para.slice(0, starts[0]!.index) : para;
    const norm = normalize(before);
    if (norm && LOOKS_LIKE_SCHEDULE_RE.test(norm) && !ADDRESS_OR_INTRO_RE.test(norm) && !ADVISORY_RE.test(norm)) {
      problems.push({ path: "text", message: `通知正文：第 ${p + 1} 段“${before.length > 30 ? `${before.slice(0, 30)}…` : before}”未能识别为编号的放假安排（应如“一、元旦：……”）` });
    }
    starts.forEach((m, k) => {
      const next = starts[k + 1];
      const clauseText = para.slice(m.index, next ? next.index : undefined);
      const read = readClause(m[1]!, clauseText, noticeYear);
      clauses.push(read.clause);
      for (const message of read.problems) problems.push({ path: "text", message, clause: clauses.length - 1 });
    });
  });

  if (clauses.length === 0) {
    problems.push({ path: "text", message: "通知正文：未识别出任何节假日安排（应有“一、元旦：1月1日放假……”这样的编号条目）" });
  }

  // Each day once: a day both off and worked, or named by two clauses, is a problem.
  const seen = new Map<string, { kind: ScheduleDay["kind"]; clause: NoticeClause }>();
  const days: ScheduleDay[] = [];
  for (const clause of clauses) {
    const numeral = /^([一二三四五六七八九十]{1,3})、/.exec(clause.text)?.[1] ?? String(clause.index);
    for (const d of clause.days) {
      const before = seen.get(d.date);
      if (!before) {
        seen.set(d.date, { kind: d.kind, clause });
        days.push(d);
        continue;
      }
      const beforeNumeral = /^([一二三四五六七八九十]{1,3})、/.exec(before.clause.text)?.[1] ?? String(before.clause.index);
      const here = clauseLabel(numeral, clause.festival);
      const there = before.clause === clause ? "本项" : clauseLabel(beforeNumeral, before.clause.festival);
      problems.push({
        path: "text",
        clause: clauses.indexOf(clause),
        message:
          before.kind === d.kind
            ? `${here}：${mdZh(d.date)} 重复出现（${there}已有）`
            : `${here}：${mdZh(d.date)} 不能既放假又上班（${there}把它定为${before.kind === "holiday" ? "放假" : "上班"}）`,
      });
    }
  }

  return {
    year: noticeYear,
    days: sortedDays(days),
    clauses,
    problems,
    complete: noticeYear !== null && clauses.length > 0 && clauses.every((c) => c.status === "understood") && problems.length === 0,
  };
}
