import PDFDocument from "pdfkit";
import { chineseFont } from "../shared/pdf-font.js";

/** What the business licence prints. */
export interface LicenceContent {
  uscc: string;
  name: string;
  type: string;
  legalRepresentative: string;
  capital: string;
  establishedDate: string;
  term: string;
  domicile: string;
  scope: string;
  authority: string;
  caseNumber: string;
}

const zhDate = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/** A printable A4 business licence (营业执照) with Chinese text and the embedded CJK font. */
export function licencePdf(l: LicenceContent): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", layout: "landscape", margin: 56, info: { Title: `营业执照 ${l.name}`, Creator: "一窗 Yichuang" } });
  doc.registerFont("zh", chineseFont());
  doc.font("zh");
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));

  const { width, height } = doc.page;
  doc.lineWidth(3).strokeColor("#b8860b").rect(28, 28, width - 56, height - 56).stroke();
  doc.lineWidth(1).rect(36, 36, width - 72, height - 72).stroke();
  doc.fillColor("#000").fontSize(34).text("营 业 执 照", 0, 70, { align: "center", width });
  doc.fontSize(11).text(`统一社会信用代码  ${l.uscc}`, 70, 80);
  doc.fontSize(10).fillColor("#555").text(`（副本）  办件编号 ${l.caseNumber}`, width - 300, 80, { width: 230, align: "right" });
  doc.fillColor("#000");

  const rows: [string, string][] = [
    ["名　　称", l.name],
    ["类　　型", l.type],
    ["法定代表人", l.legalRepresentative],
    ["注册资本", l.capital],
    ["成立日期", zhDate(l.establishedDate)],
    ["营业期限", l.term],
    ["住　　所", l.domicile],
    ["经营范围", l.scope],
  ];
  let y = 150;
  for (const [label, value] of rows) {
    doc.fontSize(12).text(label, 90, y, { width: 90 });
    const h = doc.heightOfString(value, { width: width - 300 });
    doc.text(value, 190, y, { width: width - 300 });
    y += Math.max(h, 14) + 10;
  }
  doc.fontSize(13).text(`登记机关　${l.authority}`, width - 380, height - 130, { width: 300, align: "right" });
  doc.fontSize(12).text(zhDate(l.establishedDate), width - 380, height - 105, { width: 300, align: "right" });
  doc.fontSize(8).fillColor("#777").text("国家企业信用信息公示系统网址：www.gsxt.gov.cn　本执照由一窗平台根据办结的办件生成。", 70, height - 70, { width: width - 140, align: "center" });
  doc.end();
  return done;
}
