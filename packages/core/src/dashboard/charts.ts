import type { DashboardData } from "./data.js";

/**
 * The dashboard's charts as ECharts options (plain objects, no ECharts import): the page renders
 * them in the browser, the PDF report renders the same options on the server (ECharts' SVG
 * renderer), so the printed report shows what the page shows.
 */

export type ChartLang = "zh-CN" | "en";

/** One chart: a stable key, its title, and the ECharts option. */
export interface DashboardChart {
  key: "caseDays" | "caseHistogram" | "outreachMonths" | "hotlineResolution" | "smsMonths" | "evaluationMonths" | "formFields";
  title: string;
  option: Record<string, unknown>;
}

const T = {
  "zh-CN": {
    caseDays: "办件时限（工作日）",
    promised: "承诺时限",
    actual: "实际平均用时",
    legal: "法定时限",
    former: "改革前时限",
    caseHistogram: "办结用时分布",
    days: (d: number, more: boolean) => (more ? `${d} 天及以上` : d === 0 ? "当天" : `${d} 天`),
    cases: "办件数",
    outreachMonths: "机关服务队走访（按月）",
    events: "走访次数",
    people: "服务人次",
    hotlineResolution: "12316 来电处理方式",
    phone: "电话解答",
    specialist: "转专家解答",
    visit: "上门服务",
    open: "处理中",
    smsMonths: "供求短信（按月）",
    sent: "发出",
    delivered: "送达",
    evaluationMonths: "好差评（按月）",
    activeGood: "主动评价好评率",
    unrated: "未评价率",
    formFields: "各部门原表字段与一表填写",
    legacy: "原表字段",
    asked: "由一表提供（填写）",
    derived: "平台生成或重复项",
    none: "暂无数据",
  },
  en: {
    caseDays: "Time limits (working days)",
    promised: "Promised",
    actual: "Actual (mean)",
    legal: "Legal limit",
    former: "Before the reform",
    caseHistogram: "Working days taken",
    days: (d: number, more: boolean) => (more ? `${d}+ days` : d === 0 ? "same day" : `${d} d`),
    cases: "Cases",
    outreachMonths: "Service team outreach by month",
    events: "Events",
    people: "People served",
    hotlineResolution: "12316 calls: how they were handled",
    phone: "Answered by phone",
    specialist: "Transferred to a specialist",
    visit: "Visit on site",
    open: "Open",
    smsMonths: "Supply/demand SMS by month",
    sent: "Sent",
    delivered: "Delivered",
    evaluationMonths: "Evaluations by month",
    activeGood: "Active good-review rate",
    unrated: "Unrated rate",
    formFields: "Legacy form fields and the one form, by department",
    legacy: "Legacy fields",
    asked: "From the one form (asked)",
    derived: "Generated or repeated",
    none: "No data",
  },
} as const;

const PALETTE = ["#1677ff", "#52c41a", "#faad14", "#f5222d", "#722ed1", "#13c2c2", "#8c8c8c"];
/** Mean days are shown with two decimals everywhere (figure, chart label, PDF), so 0.96 is never read as 1. */
const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
const mm = (month: string) => month.slice(2).replace("-", "/");

const base = (title: string) => ({
  animation: false,
  color: PALETTE,
  title: { text: title, left: "center", textStyle: { fontSize: 14, fontWeight: "normal" } },
  tooltip: { trigger: "axis" },
  grid: { left: 48, right: 48, top: 56, bottom: 40 },
});

/** Every chart of the dashboard for its data, titled in `lang`. */
export function dashboardCharts(d: DashboardData, lang: ChartLang = "zh-CN"): DashboardChart[] {
  const t = T[lang];
  const c = d.cases;
  const bars = [
    { name: t.promised, value: c.promisedDays },
    { name: t.actual, value: round2(c.averageDays), label: c.averageDays === null ? undefined : c.averageDays.toFixed(2) },
    { name: t.legal, value: c.legalDays },
    ...(c.formerDays !== null ? [{ name: t.former, value: c.formerDays }] : []),
  ];
  const charts: DashboardChart[] = [
    {
      key: "caseDays",
      title: t.caseDays,
      option: {
        ...base(t.caseDays),
        tooltip: { trigger: "item" },
        xAxis: { type: "category", data: bars.map((b) => b.name) },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ type: "bar", barMaxWidth: 48, data: bars.map((b, i) => ({ value: b.value, itemStyle: { color: PALETTE[i] }, ...("label" in b && b.label ? { label: { formatter: b.label } } : {}) })), label: { show: true, position: "top" } }],
      },
    },
    {
      key: "caseHistogram",
      title: t.caseHistogram,
      option: {
        ...base(t.caseHistogram),
        xAxis: { type: "category", data: c.histogram.map((h) => t.days(h.days, h.orMore)), axisLabel: { interval: 0 } },
        yAxis: { type: "value", minInterval: 1, name: t.cases },
        series: [{ type: "bar", name: t.cases, barMaxWidth: 40, data: c.histogram.map((h) => h.cases), label: { show: true, position: "top" } }],
      },
    },
    {
      key: "outreachMonths",
      title: t.outreachMonths,
      option: {
        ...base(t.outreachMonths),
        legend: { bottom: 0 },
        grid: { left: 48, right: 64, top: 56, bottom: 56 },
        xAxis: { type: "category", data: d.outreach.byMonth.map((m) => mm(m.month)), axisLabel: { interval: 0, fontSize: 10 } },
        yAxis: [
          { type: "value", name: t.events, minInterval: 1 },
          { type: "value", name: t.people, minInterval: 1 },
        ],
        series: [
          { type: "bar", name: t.events, data: d.outreach.byMonth.map((m) => m.events) },
          { type: "line", name: t.people, yAxisIndex: 1, data: d.outreach.byMonth.map((m) => m.peopleServed) },
        ],
      },
    },
  ];
  if (d.hotline.applicable) {
    const h = d.hotline;
    charts.push(
      {
        key: "hotlineResolution",
        title: t.hotlineResolution,
        option: {
          ...base(t.hotlineResolution),
          tooltip: { trigger: "item" },
          legend: { bottom: 0 },
          series: [
            {
              type: "pie",
              radius: ["35%", "62%"],
              center: ["50%", "52%"],
              label: { formatter: "{b}\n{c}（{d}%）" },
              data: [
                { name: t.phone, value: h.answeredByPhone },
                { name: t.specialist, value: h.transferred },
                { name: t.visit, value: h.visits },
                { name: t.open, value: h.open },
              ].filter((x) => x.value > 0),
            },
          ],
        },
      },
      {
        key: "smsMonths",
        title: t.smsMonths,
        option: {
          ...base(t.smsMonths),
          legend: { bottom: 0 },
          grid: { left: 56, right: 48, top: 56, bottom: 56 },
          xAxis: { type: "category", data: h.byMonth.map((m) => mm(m.month)), axisLabel: { interval: 0, fontSize: 10 } },
          yAxis: { type: "value", minInterval: 1 },
          series: [
            { type: "bar", name: t.sent, data: h.byMonth.map((m) => m.smsSent) },
            { type: "bar", name: t.delivered, data: h.byMonth.map((m) => m.smsDelivered) },
          ],
        },
      },
    );
  }
  charts.push({
    key: "evaluationMonths",
    title: t.evaluationMonths,
    option: {
      ...base(t.evaluationMonths),
      legend: { bottom: 0 },
      grid: { left: 48, right: 48, top: 56, bottom: 56 },
      xAxis: { type: "category", data: d.evaluation.byMonth.map((m) => mm(m.month)), axisLabel: { interval: 0, fontSize: 10 } },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      series: [
        { type: "line", name: t.activeGood, data: d.evaluation.byMonth.map((m) => pct(m.activeGoodRate)) },
        { type: "line", name: t.unrated, data: d.evaluation.byMonth.map((m) => pct(m.unratedRate)) },
      ],
    },
  });
  const f = d.forms.departments;
  charts.push({
    key: "formFields",
    title: t.formFields,
    option: {
      ...base(t.formFields),
      legend: { bottom: 0 },
      grid: { left: 48, right: 48, top: 56, bottom: 56 },
      xAxis: { type: "category", data: f.map((x) => x.department) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { type: "bar", name: t.legacy, data: f.map((x) => x.legacyFields), label: { show: true, position: "top" } },
        { type: "bar", name: t.asked, stack: "now", data: f.map((x) => x.askedFields) },
        { type: "bar", name: t.derived, stack: "now", data: f.map((x) => x.legacyFields - x.askedFields) },
      ],
    },
  });
  return charts;
}
