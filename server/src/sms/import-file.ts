import { createRequire } from "node:module";
import { setImmediate as yieldToOthers } from "node:timers/promises";
import type ExcelJS from "exceljs";
import { runOnThread } from "../platform/threads.js";
import iconv from "iconv-lite";
import { AppError } from "../shared/errors.js";
import { unneutralise } from "../shared/excel.js";
import { textProblem } from "../shared/http.js";

const require = createRequire(import.meta.url);

/**
 * Reads a subscriber list: an Excel workbook (.xlsx, the first sheet) or a CSV file (UTF-8, with or
 * without BOM, or GB18030 as Excel saves CSV on Chinese Windows). The first row holds the column
 * names; each later row is returned with its row number in the file, cells as trimmed text.
 */

/** Columns of the list, by the names a clerk's sheet may use. */
export const IMPORT_COLUMNS = {
  phone: ["手机号", "手机", "手机号码", "电话", "phone", "mobile"],
  name: ["姓名", "名字", "name"],
  villageCode: ["村（社区）代码", "村代码", "区划代码", "村社区代码", "village_code", "villagecode"],
  role: ["身份", "类别", "角色", "role"],
  tags: ["关注品种", "品种", "产品标签", "标签", "tags"],
  /** Optional: when the person gave consent (YYYY-MM-DD), as the export writes it; without it, the import's time. */
  consentAt: ["同意时间", "同意日期", "consent_at", "consentat"],
} as const;
/** Columns a list may leave out. */
const OPTIONAL: ReadonlySet<string> = new Set(["consentAt"]);
export type ImportColumn = keyof typeof IMPORT_COLUMNS;

/** Column labels for messages and the export. */
export const COLUMN_LABEL: Record<ImportColumn, string> = { phone: "手机号", name: "姓名", villageCode: "村（社区）代码", role: "身份", tags: "关注品种", consentAt: "同意时间" };

export interface ImportRow {
  row: number;
  cells: Partial<Record<ImportColumn, string>>;
}

const norm = (s: string) => s.normalize("NFKC").replace(/\s+/g, "").toLowerCase();

function mapHeader(header: string[]): Map<number, ImportColumn> {
  const map = new Map<number, ImportColumn>();
  header.forEach((h, i) => {
    const k = (Object.keys(IMPORT_COLUMNS) as ImportColumn[]).find((c) => IMPORT_COLUMNS[c].some((n) => norm(n) === norm(h)));
    if (k) map.set(i, k);
  });
  const missing = (Object.keys(IMPORT_COLUMNS) as ImportColumn[]).filter((c) => !OPTIONAL.has(c) && ![...map.values()].includes(c));
  if (missing.length) throw AppError.validation([{ path: "file", message: `文件：第 1 行缺少列 ${missing.map((c) => `“${COLUMN_LABEL[c]}”`).join("、")}` }]);
  return map;
}

/** RFC 4180 CSV: quoted fields with commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) row.push(field), rows.push(row);
  return rows;
}

/** UTF-8 when the bytes are valid UTF-8 (BOM dropped), else GB18030. */
function decodeText(bytes: Buffer): string {
  const utf8 = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  const valid = !utf8.includes("\uFFFD");
  return (valid ? utf8 : iconv.decode(bytes, "gb18030")).replace(/^\uFEFF/, "");
}

/** Memory a workbook's thread may use (a 200,000-row list needs well under it). */
const WORKBOOK_MEMORY_MB = 1024;

/**
 * The first sheet of a workbook as text cells, read on a worker thread (exceljs held the server's thread
 * ~0.5 s for a list of 60,000 rows; there the server answers others meanwhile). A sheet of more than
 * `maxRows` rows with data is refused there, before its cells are copied back. Anything the workbook
 * makes exceljs throw is "invalid". `cellText` is this module's own function, its source given to the
 * thread: it must stay self-contained (no other function or import of this module), and code coverage
 * instrumentation would break it.
 */
const WORKBOOK_READER = `
const { parentPort, workerData } = require("node:worker_threads");
const ExcelJS = require(workerData.exceljs);
const cellText = ${cellText.toString()};
(async () => {
  try {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(workerData.bytes));
    const ws = wb.worksheets[0];
    if (!ws) return parentPort.postMessage({ problem: "no-sheet" });
    const table = [];
    let filled = 0;
    ws.eachRow({ includeEmpty: true }, (r, n) => {
      const cells = r.values.slice(1).map(cellText);
      table[n - 1] = cells;
      if (n > 1 && cells.some((c) => c.trim())) filled++;
    });
    if (filled > workerData.maxRows) return parentPort.postMessage({ problem: "too-many", rows: filled });
    for (let i = 0; i < table.length; i++) table[i] = table[i] || [];
    parentPort.postMessage({ table });
  } catch {
    parentPort.postMessage({ problem: "invalid" });
  }
})();
`;

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object") {
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    if ("text" in v && typeof v.text === "string") return v.text;
    if ("result" in v) return String(v.result ?? "");
    if (v instanceof Date) return v.toISOString().slice(0, 10);
  }
  return String(v);
}

/** The rows of an uploaded list (at most `maxRows`). */
export async function readImportFile(fileName: string, bytes: Buffer, maxRows: number): Promise<ImportRow[]> {
  let table: string[][];
  const isZip = bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (isZip || /\.xlsx$/i.test(fileName)) {
    if (!isZip) throw AppError.validation([{ path: "file", message: "文件：不是有效的 Excel（.xlsx）文件" }]);
    const read = await runOnThread<{ table?: string[][]; problem?: "invalid" | "no-sheet" | "too-many"; rows?: number }>(WORKBOOK_READER, { exceljs: require.resolve("exceljs"), bytes, maxRows }, { resourceLimits: { maxOldGenerationSizeMb: WORKBOOK_MEMORY_MB } }).catch((err: Error & { code?: string }) => {
      // A workbook whose cells take more memory than the thread may use (a zip that unpacks to gigabytes).
      if (err.code === "ERR_WORKER_OUT_OF_MEMORY") throw AppError.validation([{ path: "file", message: "文件：内容过大，无法读取，请分成几个文件导入" }]);
      throw err;
    });
    if (read.problem === "invalid") throw AppError.validation([{ path: "file", message: "文件：不是有效的 Excel（.xlsx）文件" }]);
    if (read.problem === "too-many") throw tooMany(maxRows, read.rows!);
    if (read.problem === "no-sheet" || !read.table) throw AppError.validation([{ path: "file", message: "文件：工作簿中没有工作表" }]);
    table = read.table;
  } else if (/\.(csv|txt)$/i.test(fileName)) {
    table = parseCsv(decodeText(bytes));
  } else {
    throw AppError.validation([{ path: "file", message: "文件：须为 Excel（.xlsx）或 CSV 文件" }]);
  }
  const [header, ...body] = table;
  if (!header) throw AppError.validation([{ path: "file", message: "文件：是空的" }]);
  const map = mapHeader(header.map((h) => h.trim()));
  const rows: ImportRow[] = [];
  for (let i = 0; i < body.length; i++) {
    // Every 2,000 rows the server's thread answers others (a list of 60,000 rows is checked in ~150 ms).
    if (i > 0 && i % 2_000 === 0) await yieldToOthers();
    const cells = body[i]!;
    if (!cells.some((c) => c.trim())) continue; // blank line
    const out: ImportRow["cells"] = {};
    for (const [col, key] of map) {
      // An export of ours marks text that a spreadsheet would take for a formula with a leading apostrophe.
      const text = unneutralise((cells[col] ?? "").trim());
      // Text is text: a control character (NUL above all) refuses the file, naming the row and column.
      const problem = textProblem(text);
      if (problem) throw AppError.validation([{ path: "file", message: `文件：第 ${i + 2} 行「${header[col]?.trim() || key}」列${problem}` }]);
      out[key] = text;
    }
    rows.push({ row: i + 2, cells: out });
  }
  if (!rows.length) throw AppError.validation([{ path: "file", message: "文件：除表头外没有数据行" }]);
  if (rows.length > maxRows) throw tooMany(maxRows, rows.length);
  return rows;
}

const tooMany = (maxRows: number, rows: number) => AppError.validation([{ path: "file", message: `文件：一次最多导入 ${maxRows} 行，本文件有 ${rows} 行` }]);
