import ExcelJS from "exceljs";

/** A column of a sheet: its key in the rows, its header (zh-CN) and width in characters. */
export interface SheetColumn {
  key: string;
  header: string;
  width: number;
}

/** A new workbook stamped with the product as its creator. */
export function workbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "一窗 Yichuang";
  return wb;
}

/** A sheet of rows under bold headers, with a bold totals row when given (its first cell says 合计); xlsxBytes neutralises its text. */
export function addSheet(wb: ExcelJS.Workbook, name: string, columns: readonly SheetColumn[], rows: readonly Record<string, unknown>[], totals?: Record<string, unknown>): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name.slice(0, 31));
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  if (totals) ws.addRow({ [columns[0]!.key]: "合计", ...totals }).font = { bold: true };
  return ws;
}

/** The workbook's bytes, every text cell neutralised (`safeCell`) on the way out. */
export async function xlsxBytes(wb: ExcelJS.Workbook): Promise<Buffer> {
  neutraliseWorkbook(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Every text cell of every sheet through `safeCell` (idempotent: a neutralised cell starts with an apostrophe). */
export function neutraliseWorkbook(wb: ExcelJS.Workbook): void {
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === "string") {
          const safe = safeCell(cell.value);
          if (safe !== cell.value) cell.value = safe;
        }
      }),
    ),
  );
}

/** A cell text that a spreadsheet would read as a formula (or a DDE command): it starts with one of these. */
const FORMULA_LEAD = /^[=+\-@\t\r]/;

/**
 * Neutralises user text for a spreadsheet cell (CSV/Excel formula injection, OWASP): text that starts with
 * `=`, `+`, `-`, `@`, tab or CR gets a leading apostrophe, so Excel, WPS and LibreOffice show it as text and
 * never evaluate it. Numbers, dates and other values pass unchanged. `unneutralise` reverses it on import.
 */
export function safeCell<T>(value: T): T | string {
  return typeof value === "string" && FORMULA_LEAD.test(value) ? `'${value}` : value;
}

/** The text an export wrote with `safeCell`, as it was entered (a re-imported export reads back unchanged). */
export function unneutralise(text: string): string {
  return text.startsWith("'") && FORMULA_LEAD.test(text.slice(1)) ? text.slice(1) : text;
}

/** Every string of a row through `safeCell`. */
export function safeRow<T extends Record<string, unknown> | unknown[]>(row: T): T {
  if (Array.isArray(row)) return row.map(safeCell) as T;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, safeCell(v)])) as T;
}
