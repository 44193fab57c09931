import type { FieldError } from "../errors.js";

/**
 * Text messages as Chinese carriers count them (domain.md, "Hotline and SMS"): Chinese text goes
 * in UCS-2, 70 characters for one message; a longer one is sent in parts of 67 (the other three
 * hold the concatenation header), each part billed and rate-limited as one message. Characters
 * are UTF-16 code units, as UCS-2 counts them; a surrogate pair is never split across parts.
 * Every message carries its 【signature】 and, for notices, the refusal text. Pure: no I/O.
 */

/** Code units in one message, and in each part of a longer one. */
export const SMS_SINGLE = 70;
export const SMS_PART = 67;
/** The refusal text every broadcast ends with (a reply of R opts the number out). */
export const OPT_OUT_TEXT = "拒收请回复R";

/** The parts a text is sent in: one when it fits in 70 code units, else parts of at most 67. */
export function segmentSms(text: string): string[] {
  if (text.length <= SMS_SINGLE) return [text];
  const parts: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(i + SMS_PART, text.length);
    // Keep a surrogate pair (e.g. 𠮷) whole.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    parts.push(text.slice(i, end));
    i = end;
  }
  return parts;
}

/** A message's length in code units and the parts it takes. */
export function smsLength(text: string): { chars: number; parts: number } {
  return { chars: text.length, parts: segmentSms(text).length };
}

/** The text as sent: 【signature】, the body, and the refusal text when `optOut`. */
export function composeSms(signature: string, body: string, opts: { optOut: boolean } = { optOut: true }): string {
  const sign = `【${signature.replace(/^【|】$/g, "")}】`;
  const text = body.trim();
  return opts.optOut ? `${sign}${text}${/[。！？.!?]$/.test(text) ? "" : "。"}${OPT_OUT_TEXT}` : `${sign}${text}`;
}

/** Replies that opt a number out, after normalising (full-width to half-width, upper case, no spaces or punctuation). */
const OPT_OUT_REPLIES = new Set(["R", "TD", "退订", "拒收"]);

/** True when a reply asks to stop: R, TD, 退订 or 拒收 (any case or width, spaces and punctuation ignored). */
export function isOptOutReply(text: string): boolean {
  return OPT_OUT_REPLIES.has(text.normalize("NFKC").replace(/[\s\p{P}]/gu, "").toUpperCase());
}

/** Hours messages may go out, local time of day "HH:MM" in Asia/Shanghai: from inclusive, to exclusive. */
export interface SendingHours {
  from: string;
  to: string;
}
export const DEFAULT_SENDING_HOURS: SendingHours = { from: "08:00", to: "21:00" };

const OFFSET_MS = 8 * 3_600_000;
const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Problems of configured hours (zh-CN). */
export function sendingHoursProblems(h: SendingHours): FieldError[] {
  const ok = (v: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v);
  const out: FieldError[] = [];
  if (!ok(h.from)) out.push({ path: "from", message: "允许发送开始时间：须为 HH:MM" });
  if (!ok(h.to) && h.to !== "24:00") out.push({ path: "to", message: "允许发送结束时间：须为 HH:MM" });
  if (!out.length && minuteOf(h.to) <= minuteOf(h.from)) out.push({ path: "to", message: "允许发送结束时间：须晚于开始时间" });
  return out;
}

/** True when `at` (an instant) falls inside the sending hours in Asia/Shanghai. */
export function withinSendingHours(at: Date | string, hours: SendingHours = DEFAULT_SENDING_HOURS): boolean {
  const ms = typeof at === "string" ? Date.parse(at) : at.getTime();
  const minute = Math.floor(((ms + OFFSET_MS) % 86_400_000) / 60_000);
  return minute >= minuteOf(hours.from) && minute < minuteOf(hours.to);
}

/** The first instant at or after `at` inside the sending hours (the same instant when already inside). */
export function nextSendingTime(at: Date | string, hours: SendingHours = DEFAULT_SENDING_HOURS): Date {
  const ms = typeof at === "string" ? Date.parse(at) : at.getTime();
  if (withinSendingHours(new Date(ms), hours)) return new Date(ms);
  const local = ms + OFFSET_MS;
  const dayStart = local - (local % 86_400_000);
  const minute = Math.floor((local % 86_400_000) / 60_000);
  const openToday = dayStart + minuteOf(hours.from) * 60_000;
  const next = minute < minuteOf(hours.from) ? openToday : openToday + 86_400_000;
  return new Date(next - OFFSET_MS);
}

/** The message a verified supply/demand notice suggests: what, how much, price, place, phone, until when. */
export function noticeSmsBody(n: { kind: "supply" | "demand"; product: string; quantity: string | null; unit: string | null; price: string | null; place: string | null; contactPhone: string; validUntil: string | null }): string {
  const amount = n.quantity ? `${n.quantity}${n.unit ?? ""}` : "";
  const until = n.validUntil ? `有效期至${Number(n.validUntil.slice(5, 7))}月${Number(n.validUntil.slice(8, 10))}日` : "";
  return [`${n.kind === "supply" ? "供应" : "求购"}${n.product}${amount}`, n.price ? `价格${n.price}` : "", n.place ? `地点${n.place.replace(/^浙江省/, "")}` : "", `联系电话${n.contactPhone}`, until].filter(Boolean).join("，");
}
