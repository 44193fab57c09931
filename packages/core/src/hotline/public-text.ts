/** Mobile and landline numbers (spaces, dashes, +86 allowed), and any run of 7 or more digits (a local number, an ID number). */
const PHONE_LIKE = /(?<!\d)(?:\+?86[\s-]?)?(?:1[3-9]\d(?:[\s-]?\d){8}|0\d{2,3}[\s-]?\d{7,8}|\d{7,}[Xx]?)(?!\d)/g;
const EMAIL_LIKE = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
/** How an answer may address the farmer by surname: 沈师傅, 钱女士. */
const HONORIFICS = "先生|女士|小姐|师傅|老师|大爷|大伯|大叔|阿姨|大姐|大哥|老板|同志";
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * An expert's answer as the public may read it (Open311's status_notes): the expert writes to the farmer,
 * and may greet them by name or give a number to call; phone and ID-like numbers, e-mail addresses and
 * the caller's name (whole, given name, surname with an honorific) are masked with ＊. It masks more than
 * needed on purpose (an agency's own number too).
 */
export function withoutPersonalData(text: string, names: readonly (string | null)[]): string {
  let out = text.replace(EMAIL_LIKE, "＊").replace(PHONE_LIKE, "＊＊＊");
  for (const raw of names) {
    const name = raw?.replace(/\s+/g, "") ?? "";
    if (name.length < 2) continue;
    const given = name.length >= 3 ? [name.slice(1)] : [];
    for (const part of [name, ...given]) out = out.split(part).join("＊＊");
    out = out.replace(new RegExp(`${escapeRegExp(name[0]!)}(${HONORIFICS})`, "g"), "＊$1");
  }
  return out;
}
