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

/** A sheet of rows under bold headers, with a bold totals row when given (its first cell says 合计). */
export function addSheet(wb: ExcelJS.Workbook, name: string, columns: readonly SheetColumn[], rows: readonly Record<string, unknown>[], totals?: Record<string, unknown>): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name.slice(0, 31));
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  if (totals) ws.addRow({ [columns[0]!.key]: "合计", ...totals }).font = { bold: true };
  return ws;
}

/** The workbook's bytes. */
export async function xlsxBytes(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}
