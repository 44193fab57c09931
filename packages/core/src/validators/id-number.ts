/** 公民身份号码 (GB 11643-1999, ISO 7064 MOD 11-2). */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

/** Province-level prefixes of GB/T 2260 that can begin an ID number. */
const PROVINCES = new Set([
  "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
  "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
  "71", "81", "82", "83",
]);

/** The check character for the first 17 digits. */
export function idNumberCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/**
 * Why an ID number is invalid (zh-CN), or null when valid. `today` (YYYY-MM-DD,
 * Asia/Shanghai) bounds the birth date; 15-digit numbers and lower-case x are refused.
 */
export function idNumberProblem(id: string, today: string): string | null {
  if (/^\d{15}$/.test(id)) return "不接受 15 位旧号码，请填写 18 位身份证号";
  if (id.length !== 18) return `应为 18 位，实际 ${id.length} 位`;
  if (id[17] === "x") return "末位 X 应为大写";
  if (!/^\d{17}[\dX]$/.test(id)) return "应为 17 位数字加 1 位数字或 X";
  if (!PROVINCES.has(id.slice(0, 2))) return `前 6 位地址码 ${id.slice(0, 6)} 不是有效的行政区划`;
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isRealDate(birth)) return `出生日期 ${birth} 不存在`;
  if (birth < "1900-01-01") return `出生日期 ${birth} 早于 1900 年`;
  if (birth > today) return `出生日期 ${birth} 晚于今天`;
  if (idNumberCheckChar(id.slice(0, 17)) !== id[17]) return "校验码（第 18 位）错误";
  return null;
}

/** True when `id` is a valid 18-character 公民身份号码. */
export function isValidIdNumber(id: string, today: string): boolean {
  return idNumberProblem(id, today) === null;
}

/** Birth date (YYYY-MM-DD), sex and address division of a valid ID number. */
export function parseIdNumber(id: string, today: string) {
  if (idNumberProblem(id, today) !== null) return null;
  return {
    divisionCode: id.slice(0, 6),
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    sex: Number(id[16]) % 2 === 1 ? ("male" as const) : ("female" as const),
  };
}

/** True when YYYY-MM-DD names a day of the Gregorian calendar. */
export function isRealDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** Today's date in Asia/Shanghai as YYYY-MM-DD, whatever the machine's zone. */
export function todayInShanghai(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
