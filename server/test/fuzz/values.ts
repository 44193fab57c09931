/**
 * The bad inputs the fuzz suite draws from: strings that are not text, impossible dates, SQL, FTS
 * and LIKE metacharacters, path traversal, prototype keys, numbers out of range, huge strings.
 */

/** 100,000 characters: far above every field's limit, below the 1 MB body limit. */
export const HUGE = "a".repeat(100_000);
/** 50,000 CJK characters (150 KB of UTF-8). */
export const HUGE_CJK = "水".repeat(50_000);

/** Not text: C0 controls other than tab, CR and LF, and lone UTF-16 surrogates. */
export const NOT_TEXT = ["\u0000", "a\u0000b", "水稻\u0000", "\u0001", "\u0007\u0008", "\u000b\u000c", "\u001b[31m", "\u001f", "\uD800", "x\uDC00y", "\uDBFF", "\uDFFF\uD800"];

/** Dates no calendar has, and dates in other shapes. */
export const BAD_DATES = [
  "2026-02-31",
  "2026-13-01",
  "0000-00-00",
  "2026-00-10",
  "2026-04-31",
  "2025-02-29",
  "9999-99-99",
  "-001-01-01",
  "+275760-09-13",
  "2026-1-1",
  "20260101",
  "2026/01/01",
  "2026-02-31T25:61:00Z",
  "2026-06-01T00:00:00+99:00",
  "1970-01-01",
  "9999-12-31",
  "2100-01-01",
  "1899-12-31",
  "garbage",
  "Invalid Date",
  "now",
];

/** Characters that mean something to SQL, to full-text search (FTS5, tsquery) and to LIKE. */
export const SQL_FTS = [
  "' OR 1=1 --",
  "'; DROP TABLE users; --",
  "\" OR \"\"=\"",
  '"',
  "'",
  "*",
  "NEAR(",
  "NEAR(水稻 虾, 2)",
  "AND",
  "OR",
  "NOT",
  "水稻 AND",
  "OR 水稻",
  "a:b",
  "title:水稻",
  "^水稻",
  "(",
  ")",
  "()",
  "{",
  "-",
  "+",
  "%",
  "_",
  "%_%",
  "\\",
  "\\%",
  "a\\",
  "!",
  "&",
  "|",
  "<->",
  "水稻 & !虾",
  "'水稻':*",
  ":*",
  "$1",
  "?",
  ";",
  "/*",
  "--",
  "1; SELECT pg_sleep(1)",
  "\u3000",
  "\uFEFF",
  "\u200B",
  "🙂🌾",
  "𠀀𪚥",
  "é",
];

/** Path traversal, encoded and not. */
export const TRAVERSAL = ["../../etc/passwd", "..\\..\\windows\\win.ini", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "....//....//etc/passwd", "/etc/passwd", "..", ".", "~", "file:///etc/passwd", "C:\\boot.ini", "a/../../b"];

/** Keys that reach an object's prototype when merged carelessly. */
export const PROTO_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"];

/** Other strings a form never sends. */
export const ODD = ["", " ", "  \t ", "\n", "\r\n", "\t", "null", "undefined", "true", "false", "[]", "{}", "NaN", "-0", "0x10", "1e308", "-1", "9007199254740993", "Infinity", "<script>alert(1)</script>", "=HYPERLINK(\"http://evil.example\",\"x\")", "@SUM(1)", "+86 139 0573 0101", "\u202Eevil"];

/** Numbers out of every range, and numbers as strings. */
export const BAD_NUMBERS: unknown[] = [-1, 0, -0.5, 1.5, 1e308, -1e308, 2 ** 53 + 2, -(2 ** 53) - 2, 2 ** 31, 1e-300, "NaN", "Infinity", "-Infinity", "1e308", "12abc", "", " 1", "0x1F", "1_000"];

/** Values of every JSON type, to put where another type belongs. */
export const ANY_TYPE: unknown[] = [null, true, false, 0, -1, 1.5, 1e308, "", "x", "2026-01-01", [], [null], [1, "a"], {}, { a: 1 }, [[[]]], { "": "" }];

/** Strings an attacker sends where text belongs (text rule aside). */
export const NASTY_TEXT = [...SQL_FTS, ...TRAVERSAL, ...PROTO_KEYS, ...ODD, ...BAD_DATES];

/** Every bad string, text rule included. */
export const NASTY = [...NOT_TEXT, ...NASTY_TEXT];

/** Whole JSON bodies that are no object (sent as text with application/json). */
export const BAD_BODY_TEXTS = [
  "null",
  "[]",
  "{}",
  '"x"',
  "123",
  "true",
  "{",
  '{"a":1,}',
  "{'a':1}",
  "\u0000",
  '{"a":"\u0000"}',
  "\uFEFF{}",
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"admin":true}}}',
  "[" .repeat(5000) + "]".repeat(5000),
  '{"a":' .repeat(3000) + "1" + "}".repeat(3000),
  "NaN",
  "1e999",
  '"\\ud800"',
  '{"\\u0000":1}',
];

/** Content types a JSON route does not take (or takes oddly). */
export const BAD_CONTENT_TYPES = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "application/xml",
  "multipart/form-data",
  "multipart/form-data; boundary=x",
  "application/json; charset=utf-16",
  "application/json; charset=latin1",
  "application/vnd.api+json",
  "image/png",
  "*/*",
  "",
  "application/json\u0000",
];

/** Raw query strings that are not what a browser sends. */
export const BAD_QUERIES = ["%", "%zz", "%00", "a=%00", "=&=", "&&&", "q=%ED%A0%80", "q=%FF%FE", "__proto__[admin]=1", "constructor[prototype][admin]=1", "q[]=1&q[]=2", "q[a]=1", "limit=1&limit=2", `q=${"a".repeat(20_000)}`, "q=%2e%2e%2f", ";q=1", "q=1;limit=2"];

/** Path parameter values (already encoded for the URL) that are no id. */
export const BAD_PATH_SEGMENTS = [
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "%00",
  "a%00b",
  "%ED%A0%80",
  "%FF",
  "%",
  "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
  "..%2F..%2Fetc%2Fpasswd",
  "..",
  "__proto__",
  "constructor",
  "-1",
  "0",
  "1e308",
  "NaN",
  "%27%20OR%201%3D1%20--",
  "%22",
  "*",
  "NEAR(",
  "%25",
  "_",
  "%5C",
  "%20",
  "%E6%B0%B4%E7%A8%BB",
  "x".repeat(300),
  "2026-02-31",
  "0000-00-00",
  "2026-13-01",
  "%3Cscript%3E",
];

/** One path parameter value of each kind, for the sweep of every path parameter (numbers and dates where the parameter is one). */
export const PATH_SWEEP = ["00000000-0000-0000-0000-000000000000", "%00", "%ED%A0%80", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "__proto__", "%27%20OR%201%3D1%20--", "x".repeat(300)];
export const PATH_SWEEP_NUMBER = ["-1", "1e308", "NaN"];
export const PATH_SWEEP_DATE = ["2026-02-31", "0000-00-00"];

/** Encodes a string for a URL: lone surrogates as their (invalid) UTF-8 bytes, which encodeURIComponent refuses. */
export function encodeLoose(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += `%${(0xe0 | (c >> 12)).toString(16).toUpperCase()}%${(0x80 | ((c >> 6) & 0x3f)).toString(16).toUpperCase()}%${(0x80 | (c & 0x3f)).toString(16).toUpperCase()}`;
    } else {
      out += encodeURIComponent(s[i]!);
    }
  }
  return out;
}

/** JSON text of a value; keys such as `__proto__` set with defineProperty are kept as own keys. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v));
}

/** Sets an own, enumerable property (even `__proto__`) without touching the prototype. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
}

/** A date `days` after `iso` (YYYY-MM-DD). */
export function addDaysIso(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The smallest PNG (1×1) and PDF the uploads take. */
export const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000" + "1f15c4890000000d49444154789c6300010000050001" + "0d0a2db40000000049454e44ae426082", "hex");
export const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
