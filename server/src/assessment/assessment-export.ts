import ExcelJS from "exceljs";
import type { QuarterView, StandingView } from "./assessment.service.js";
import { xlsxBytes } from "../shared/excel.js";

const METHOD_ZH = { wilson: "威尔逊下界", bayes: "贝叶斯平均" } as const;
const score = (x: number | null) => (x === null ? "—" : Number(x.toFixed(4)));
const share = (a: number, b: number) => (b ? Number((a / b).toFixed(4)) : "—");

/** The quarter's table as an Excel workbook: clerks, windows, and the scheme it was computed under. */
export async function quarterXlsx(view: QuarterView): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "一窗 Yichuang";
  const status = view.closed
    ? `已评定（${new Date(Date.parse(view.closed.at) + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ")}${view.closed.by ? `，${view.closed.by}` : ""}），第 ${view.scheme.version} 版评选办法`
    : `未评定：截至导出时的实时数据，第 ${view.scheme.version} 版评选办法`;
  const sheet = (name: string, kind: "clerk" | "window") => {
    const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 3 }] });
    const cols =
      kind === "clerk"
        ? ["中心", "排名", "服务明星", "连续获评季度", "姓名", "工号", "部门", "窗口"]
        : ["中心", "排名", "窗口号", "窗口名称", "部门"];
    const common = ["办件量", "主动评价数", "好评", "差评", "主动评价好评率", "质量得分", "差评率上界", "办件量得分", "办件时效得分", "整改及时性得分", "综合得分", "参评资格", "并列说明"];
    ws.addRow([`${view.label}服务明星评选（${view.from} 至 ${view.to}）`]).font = { bold: true, size: 14 };
    ws.addRow([status]);
    const header = ws.addRow([...cols, ...common]);
    header.font = { bold: true };
    ws.columns = [...cols, ...common].map((c) => ({ width: Math.max(10, c.length * 2 + 2) }));
    for (const x of view.items.filter((i) => i.kind === kind)) ws.addRow([...lead(x, kind), ...figures(x)]);
  };
  sheet("工作人员", "clerk");
  sheet("窗口", "window");
  const s = view.scheme.scheme;
  const ws = wb.addWorksheet("评选办法");
  ws.columns = [{ width: 28 }, { width: 60 }];
  ws.addRow(["评选办法版本", view.scheme.version]).font = { bold: true };
  ws.addRow(["服务质量评分方法", METHOD_ZH[s.quality.method]]);
  ws.addRow(["置信系数 z", s.quality.z]);
  ws.addRow(["先验评价数（贝叶斯）", s.quality.prior]);
  ws.addRow(["差评率上界上限", s.badRateGate]);
  ws.addRow(["最少主动评价数", s.minRated]);
  ws.addRow(["每中心服务明星人数", s.topN]);
  ws.addRow(["权重：服务质量", s.weights.quality]);
  ws.addRow(["权重：办件量", s.weights.volume]);
  ws.addRow(["权重：办件时效", s.weights.deadlines]);
  ws.addRow(["权重：差评整改及时性", s.weights.followUp]);
  ws.addRow([]);
  ws.addRow(["说明", "综合得分为有数据各项得分的加权平均（某项无数据时其权重按比例分给其余各项）；默认好评不计入；申诉撤销的评价不计入。"]);
  return xlsxBytes(wb);
}

function lead(x: StandingView, kind: "clerk" | "window"): (string | number)[] {
  if (kind === "clerk") return [x.centre.name, x.rank ?? "—", x.star ? "★ 服务明星" : "", x.streak || "", x.name, x.code ?? "", x.department.name, x.window ? `${x.window.number} ${x.window.name}` : ""];
  return [x.centre.name, x.rank ?? "—", x.code ?? "", x.name, x.department.name];
}

function figures(x: StandingView): (string | number)[] {
  const s = x.standing.subject;
  const d = (k: string) => x.standing.dimensions.find((y) => y.key === k)?.score ?? null;
  return [
    s.completed,
    s.rated,
    s.good,
    s.bad,
    share(s.good, s.rated),
    score(d("quality")),
    Number(x.standing.badUpper.toFixed(4)),
    score(d("volume")),
    score(d("deadlines")),
    score(d("followUp")),
    Number(x.standing.combined.toFixed(4)),
    x.eligible ? "参评" : x.standing.ineligible.map((i) => i.text).join("；"),
    x.standing.tieBreak?.text ?? "",
  ];
}
