/**
 * 统一社会信用代码 (GB 32100-2015) and the organisation code inside it (GB 11714-1997).
 */

/** The 31 characters of a USCC, in value order (no I, O, S, V, Z). */
export const USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** Registering departments (first character) and their organisation kinds (second character). */
export const USCC_REGISTRARS: Record<string, { zh: string; kinds: Record<string, string> }> = {
  "1": { zh: "机构编制", kinds: { "1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他" } },
  "5": { zh: "民政", kinds: { "1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他" } },
  "9": { zh: "工商", kinds: { "1": "企业", "2": "个体工商户", "3": "农民专业合作社" } },
  Y: { zh: "其他", kinds: {} },
};

/** The GB 11714 check character of an 8-character organisation code body, or null if a character is invalid. */
export function orgCodeCheckChar(body: string): string | null {
  if (!/^[0-9A-Z]{8}$/.test(body)) return null;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body.charCodeAt(i);
    const value = ch <= 57 ? ch - 48 : ch - 55; // 0–9, then A=10 … Z=35
    sum += value * ORG_WEIGHTS[i]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? "X" : c === 11 ? "0" : String(c);
}

/** True when a 9-character organisation code (GB 11714, without hyphen) has a correct check character. */
export function isValidOrgCode(code: string): boolean {
  return code.length === 9 && orgCodeCheckChar(code.slice(0, 8)) === code[8];
}

/** The GB 32100 check character for the first 17 characters, or null if one is outside the charset. */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARSET.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31]!;
}

/**
 * Why a USCC is invalid (zh-CN), or null when it is valid: length, characters
 * (I O S V Z and lower case are not used), the inner organisation-code check
 * character, and the final check character.
 */
export function usccProblem(code: string): string | null {
  if (code.length !== 18) return `应为 18 位，实际 ${code.length} 位`;
  if (/[a-z]/.test(code)) return "字母应为大写";
  const bad = [...code].filter((c) => !USCC_CHARSET.includes(c));
  if (bad.length) return `含有不允许的字符：${[...new Set(bad)].join("、")}（不使用 I、O、S、V、Z）`;
  if (!/^\d{6}$/.test(code.slice(2, 8))) return "第 3–8 位应为行政区划代码（6 位数字）";
  const org = code.slice(8, 17);
  if (!isValidOrgCode(org)) return `第 9–17 位组织机构代码 ${org.slice(0, 8)}-${org[8]} 的校验码错误`;
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) return "校验码（第 18 位）错误";
  return null;
}

/** True when `code` is a valid 统一社会信用代码: both check characters correct. */
export function isValidUscc(code: string): boolean {
  return usccProblem(code) === null;
}

/** The parts of a valid USCC. */
export function parseUscc(code: string) {
  if (!isValidUscc(code)) return null;
  const registrar = USCC_REGISTRARS[code[0]!];
  return {
    registrar: code[0]!,
    registrarName: registrar?.zh ?? null,
    kind: code[1]!,
    kindName: registrar?.kinds[code[1]!] ?? null,
    divisionCode: code.slice(2, 8),
    orgCode: `${code.slice(8, 16)}-${code[16]}`,
    checkChar: code[17]!,
  };
}

/**
 * A new enterprise's 统一社会信用代码: registrar 9 (工商), kind 1 (enterprise), the
 * registering centre's division, and an organisation code "MA" + six characters
 * from `sequence` (base 31 over the USCC charset), with both check characters.
 */
export function makeEnterpriseUscc(division: string, sequence: number): string {
  if (!/^\d{6}$/.test(division)) throw new RangeError(`行政区划代码应为 6 位数字：${division}`);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence >= 31 ** 6) throw new RangeError(`序号超出范围：${sequence}`);
  let body = "";
  for (let n = sequence, i = 0; i < 6; i++, n = Math.floor(n / 31)) body = USCC_CHARSET[n % 31] + body;
  const org = `MA${body}`;
  const first17 = `91${division}${org}${orgCodeCheckChar(org)}`;
  return first17 + usccCheckChar(first17)!;
}
