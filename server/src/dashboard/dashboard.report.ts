import * as echarts from "echarts";
import PDFDocument from "pdfkit";
import SVGtoPDF from "svg-to-pdfkit";
import { dashboardCharts, type DashboardData } from "@yichuang/core";
import { audit } from "../audit/audit.service.js";
import { authorize } from "../identity/policy.js";
import { chineseFont } from "../shared/pdf-font.js";
import { requireActor, type RequestContext } from "../shared/request-context.js";
import { overviewRows, type OverviewRow } from "./dashboard.records.js";
import { counted, resolveQuery, type DashboardDeps, type DashboardQuery } from "./dashboard.service.js";

/**
 * The dashboard as a printable A4 report: the figures beside the article's, how each is counted,
 * the same charts as the page (ECharts' server-side SVG renderer, drawn into the PDF as vectors by
 * svg-to-pdfkit) and the quarters' stars, all in Chinese (Noto Sans SC).
 */

const CHART_W = 500;
const CHART_H = 220;

let measurer: PDFKit.PDFDocument | null = null;

/** ECharts lays text out by measuring it: with the PDF's own font, so labels fit what is printed. */
function useFontMetrics() {
  if (measurer) return;
  measurer = new PDFDocument({ autoFirstPage: false });
  measurer.registerFont("zh", chineseFont());
  measurer.font("zh");
  const m = measurer;
  echarts.setPlatformAPI({
    measureText: (text: string, font?: string) => {
      const size = Number(/(\d+(?:\.\d+)?)px/.exec(font ?? "")?.[1] ?? 12);
      return { width: m.fontSize(size).widthOfString(text) };
    },
  });
}

/** A chart's option as SVG, rendered on the server. */
export function chartSvg(option: Record<string, unknown>, width = CHART_W, height = CHART_H): string {
  useFontMetrics();
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({ ...option, textStyle: { fontFamily: "sans-serif" } });
    // Labels carry a white halo drawn under the text (paint-order="stroke"); svg-to-pdfkit draws
    // strokes over fills and would hide the label, so the halo goes (the PDF's page is white anyway).
    return chart.renderToSVGString().replace(/<text\b[^>]*>/g, (tag) => (tag.includes('paint-order="stroke"') ? tag.replace(/\s(stroke|stroke-width|paint-order|stroke-miterlimit)="[^"]*"/g, "") : tag));
  } finally {
    chart.dispose();
  }
}

const DEFINITIONS = [
  "一表填写字段：企业设立“一表制”中申请人需要填写的控件数（标准有限责任公司）；原表字段：工商、质监、国税、地税、统计五张原表印刷的字段合计，均由表单定义计算。",
  "办件时限：期间内办结的案件（选定部门时为该部门办结的审查任务），实际用时为受理次日起至办结日的工作日数（按国务院公布的节假日安排），补正等待申请人的天数不计。",
  "流程缩短 = 1 − 平均流程环节 ÷ 改革前环节；办理提速 = 1 − 平均用时 ÷ 改革前用时。改革前数据为中心录入的基线。流程环节：提交、受理、每次一次性补正告知、并联审查、办结。",
  "机关服务队：期间在册的服务队；走访活动、解决问题、服务人次只计督查人员已确认的活动。",
  "12316：期间来电、网上和 Open311 提交的工单；短信为期间发出的群发短信及其送达回执。好差评口径与“评价统计”页相同（好评率含 7 日未评视为好评，主动评价好评率只计实际评价）。",
];

/** The report's bytes for a period and department. */
export async function dashboardPdf(deps: DashboardDeps, ctx: RequestContext, q: DashboardQuery): Promise<Buffer> {
  authorize(requireActor(ctx), "dashboard.read");
  const { period, department } = await resolveQuery(deps.db, q);
  const d = await counted(deps, period, department);
  const pdf = render(d);
  await audit(deps.db, ctx, { action: "dashboard.report", entity: "dashboard", entityId: null, detail: { ...q } });
  return pdf;
}

/** Lays the report out (pure but for the font). */
export function render(d: DashboardData): Promise<Buffer> {
  const scope = d.department ? d.department.name : "全部部门";
  const doc = new PDFDocument({ size: "A4", margin: 48, info: { Title: `统计看板报告 ${d.period.from} 至 ${d.period.to}`, Creator: "一窗 Yichuang", Subject: scope } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.registerFont("zh", chineseFont());
  doc.font("zh");
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const room = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };

  doc.fontSize(18).text(`${d.centreName} · 统计看板报告`, { align: "center" });
  doc.moveDown(0.3);
  doc.fontSize(10).fillColor("#555").text(`统计期间：${d.period.from} 至 ${d.period.to}　范围：${scope}　生成时间：${local(d.generatedAt)}`, { align: "center" });
  doc.text("数据来源：本平台的表单定义、办件、审查任务、服务队活动、12316 工单、短信与评价记录", { align: "center" });
  doc.fillColor("#000").moveDown(1);

  // The figures beside the article's.
  doc.fontSize(13).text("一、主要指标", left);
  doc.moveDown(0.4);
  const cols = [{ w: 70, t: "类别" }, { w: 200, t: "指标" }, { w: 120, t: "平台统计" }, { w: width - 390, t: "文章数据" }];
  const row = (cells: string[], bold = false) => {
    room(18);
    const y = doc.y;
    let x = left;
    doc.fontSize(9.5).fillColor(bold ? "#000" : "#222");
    cells.forEach((c, i) => {
      doc.text(c, x + 3, y + 3, { width: cols[i]!.w - 6, lineBreak: false, ellipsis: true });
      x += cols[i]!.w;
    });
    doc.moveTo(left, y + 17).lineTo(left + width, y + 17).lineWidth(0.3).strokeColor("#bbb").stroke();
    doc.x = left;
    doc.y = y + 18;
  };
  row(cols.map((c) => c.t), true);
  const shown = (r: OverviewRow) => (typeof r.value === "number" && r.decimals !== undefined ? r.value.toFixed(r.decimals) : String(r.value));
  for (const r of overviewRows(d)) row([r.group, r.figure, r.value === null ? "—" : `${shown(r)}${r.unit && r.unit !== "" ? ` ${r.unit}` : ""}`, r.article === null ? "" : `${r.article}${r.unit === "%" ? " %" : ""}`]);
  doc.moveDown(0.8);

  doc.fontSize(13).fillColor("#000").text("二、统计口径", left);
  doc.moveDown(0.3);
  for (const t of DEFINITIONS) {
    room(30);
    doc.fontSize(9).fillColor("#333").text(`· ${t}`, left, doc.y, { width });
    doc.moveDown(0.2);
  }
  if (d.process.baseline) {
    doc.fontSize(9).text(`· 改革前基线：${d.process.baseline.steps} 个环节、${d.process.baseline.workingDays} 个工作日${d.process.baseline.note ? `（${d.process.baseline.note}）` : ""}，${d.process.baseline.setBy ?? ""} 于 ${local(d.process.baseline.setAt).slice(0, 10)} 录入。`, left, doc.y, { width });
  } else {
    doc.fontSize(9).text("· 中心尚未录入改革前基线：流程缩短与办理提速暂不计算。", left, doc.y, { width });
  }

  // The charts, two to a page.
  doc.addPage();
  doc.fontSize(13).fillColor("#000").text("三、图表", left);
  doc.moveDown(0.5);
  for (const c of dashboardCharts(d, "zh-CN")) {
    room(CHART_H + 12);
    const y = doc.y;
    SVGtoPDF(doc, chartSvg(c.option), left + (width - CHART_W) / 2, y, { width: CHART_W, height: CHART_H, fontCallback: () => "zh", assumePt: true });
    doc.x = left;
    doc.y = y + CHART_H + 12;
  }

  // Stars.
  room(80);
  doc.moveDown(0.5);
  doc.fontSize(13).fillColor("#000").text("四、服务明星", left);
  doc.moveDown(0.3);
  // A quarter that ended without being assessed has no stars; the current quarter shows who stands first so far.
  if (!d.stars.length) doc.fontSize(9.5).text("期间内没有已评定的季度，也不含本季度（未评定的季度不列服务明星）。", left);
  for (const q of d.stars) {
    room(20);
    const names = q.stars.map((s) => `${s.name}（${s.department ?? ""}${s.window ? ` ${s.window}` : ""}${s.streak > 1 ? `，连续 ${s.streak} 个季度` : ""}）`).join("；");
    doc.fontSize(9.5).fillColor("#222").text(`${q.quarter}${q.closed ? "" : "（本季度尚未评定，按当前评价暂列）"}：${names || "—"}`, left, doc.y, { width });
    doc.moveDown(0.2);
  }
  doc.end();
  return done;
}

/** An instant as Asia/Shanghai local time, YYYY-MM-DD HH:mm. */
const local = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
