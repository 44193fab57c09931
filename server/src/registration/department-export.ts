import ExcelJS from "exceljs";
import PDFDocument from "pdfkit";
import { chineseFont } from "../shared/pdf-font.js";
import { xlsxBytes } from "../shared/excel.js";

/** A department's filled form, as getDepartmentForm returns it. */
export interface DepartmentFormView {
  application: { id: string; number: string; submittedAt: string | null };
  form: { code: string; version: number; department: string; title: { zh: string; en: string } };
  fields: {
    no: number;
    label: string;
    section: string;
    source: string;
    applies: boolean;
    display: string;
    pending?: string | null;
    rows: { display: string; pending?: string }[] | null;
  }[];
}

const SOURCE_ZH: Record<string, string> = { applicant: "申请人填写", derived: "自动生成", issued: "登记机关核发", department: "部门填写" };

/** The text a printed cell shows for a field (one line per row of a table). */
function cellText(f: DepartmentFormView["fields"][number]): string {
  if (!f.applies) return "不适用";
  if (f.rows) return f.rows.length ? f.rows.map((r, i) => `${i + 1}. ${r.pending ? "待核发" : r.display}`).join("\n") : "（无）";
  if (f.pending) return f.pending === "department" ? "待部门填写" : "待核发";
  return f.display;
}

const shanghaiTime = (iso: string | null) =>
  iso ? new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ") : "";

/** The department's form as an Excel workbook in its own layout: sections, numbered fields, values. */
export async function departmentFormXlsx(view: DepartmentFormView): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "一窗 Yichuang";
  const ws = wb.addWorksheet(view.form.department, { views: [{ state: "frozen", ySplit: 4 }] });
  ws.columns = [
    { key: "no", width: 8 },
    { key: "label", width: 46 },
    { key: "value", width: 60 },
    { key: "source", width: 16 },
  ];
  ws.mergeCells("A1:D1");
  ws.getCell("A1").value = view.form.title.zh;
  ws.getCell("A1").font = { bold: true, size: 14 };
  ws.getCell("A1").alignment = { horizontal: "center" };
  ws.mergeCells("A2:D2");
  ws.getCell("A2").value = `申请编号：${view.application.number}    提交时间：${shanghaiTime(view.application.submittedAt)}    表单：${view.form.code} 第 ${view.form.version} 版`;
  ws.addRow([]);
  const header = ws.addRow(["序号", "栏目", "内容", "来源"]);
  header.font = { bold: true };
  let section = "";
  for (const f of view.fields) {
    if (f.section !== section) {
      section = f.section;
      const r = ws.addRow([section]);
      ws.mergeCells(`A${r.number}:D${r.number}`);
      r.font = { bold: true };
      r.getCell(1).fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF9" } };
    }
    const row = ws.addRow([f.no, f.label, cellText(f), SOURCE_ZH[f.source] ?? f.source]);
    row.alignment = { vertical: "top", wrapText: true };
    if (!f.applies) row.font = { color: { argb: "FF999999" } };
  }
  return xlsxBytes(wb);
}

/** The printed forms' check boxes (□) are not in the font's simplified-Chinese set: print them as brackets. */
const printable = (text: string) => text.replace(/□/g, "［ ］");

/** The department's form as a printable A4 PDF with Chinese text, in its own layout. */
export function departmentFormPdf(view: DepartmentFormView): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margin: 48, info: { Title: `${view.form.title.zh} ${view.application.number}`, Creator: "一窗 Yichuang" } });
  doc.registerFont("zh", chineseFont());
  doc.font("zh");
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const cols = [34, 190, width - 34 - 190];
  doc.fontSize(15).text(view.form.title.zh, { align: "center" });
  doc.moveDown(0.3);
  doc.fontSize(9).fillColor("#444").text(`申请编号：${view.application.number}　提交时间：${shanghaiTime(view.application.submittedAt)}　表单：${view.form.code} 第 ${view.form.version} 版`, { align: "center" });
  doc.moveDown(0.8).fillColor("#000");

  let section = "";
  for (const f of view.fields) {
    if (f.section !== section) {
      section = f.section;
      ensureRoom(doc, 24);
      const y = doc.y;
      doc.rect(left, y, width, 18).fill("#e8eef9").fillColor("#000");
      doc.fontSize(10).text(printable(section), left + 4, y + 4, { width: width - 8 });
      doc.y = y + 20;
    }
    const text = printable(cellText(f));
    const label = printable(f.label);
    doc.fontSize(9);
    const h = Math.max(doc.heightOfString(label, { width: cols[1]! - 6 }), doc.heightOfString(text || " ", { width: cols[2]! - 6 })) + 6;
    ensureRoom(doc, h);
    const y = doc.y;
    doc.fillColor(f.applies ? "#000" : "#999");
    doc.text(String(f.no), left + 3, y + 3, { width: cols[0]! - 6 });
    doc.text(label, left + cols[0]! + 3, y + 3, { width: cols[1]! - 6 });
    doc.text(text, left + cols[0]! + cols[1]! + 3, y + 3, { width: cols[2]! - 6 });
    doc.fillColor("#000").lineWidth(0.5).strokeColor("#c8c8c8");
    doc.rect(left, y, cols[0]!, h).rect(left + cols[0]!, y, cols[1]!, h).rect(left + cols[0]! + cols[1]!, y, cols[2]!, h).stroke();
    doc.y = y + h;
    doc.x = left;
  }
  doc.end();
  return done;
}

function ensureRoom(doc: PDFKit.PDFDocument, h: number) {
  if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
}
