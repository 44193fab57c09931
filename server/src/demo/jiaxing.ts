import type { Role } from "@yichuang/core";

/**
 * The Jiaxing demo centre: the administrative approval service centre with the
 * five departments of the one-form registration, and the farm service centre
 * with the 12316 hotline. Names follow the article; people named in it
 * (郭宇楠 the founder, 江帆 the tax clerk, 钱忠龙 the seed expert) have accounts.
 */
export const DEMO_PASSWORD = "Jiaxing@2026";

export const DEMO_CENTRES = [
  {
    code: "JX-SPZX",
    kind: "approval" as const,
    nameZh: "嘉兴市行政审批服务中心",
    nameEn: "Jiaxing Administrative Approval Service Centre",
    address: "浙江省嘉兴市南湖区",
  },
  {
    code: "JX-WNZX",
    kind: "farm" as const,
    nameZh: "嘉兴市为农服务中心",
    nameEn: "Jiaxing Farm Service Centre",
    address: "浙江省嘉兴市平湖市",
  },
];

export const DEMO_DEPARTMENTS = [
  { centre: "JX-SPZX", code: "AMR", nameZh: "市场监管局（工商）", nameEn: "Market Regulation (Industry & Commerce)" },
  { centre: "JX-SPZX", code: "QTS", nameZh: "质量技术监督局（质监）", nameEn: "Quality & Technical Supervision" },
  { centre: "JX-SPZX", code: "NTAX", nameZh: "国家税务局（国税）", nameEn: "State Taxation" },
  { centre: "JX-SPZX", code: "LTAX", nameZh: "地方税务局（地税）", nameEn: "Local Taxation" },
  { centre: "JX-SPZX", code: "STATS", nameZh: "统计局（统计）", nameEn: "Statistics" },
  { centre: "JX-WNZX", code: "AGRI", nameZh: "农业农村局（12316 为农服务热线）", nameEn: "Agriculture (12316 hotline)" },
];

export const DEMO_WINDOWS = [
  { department: "AMR", number: "A01", nameZh: "企业注册一窗受理", nameEn: "Company registration — single window" },
  { department: "AMR", number: "A02", nameZh: "工商登记", nameEn: "Industry & commerce registration" },
  { department: "QTS", number: "B01", nameZh: "质监代码登记", nameEn: "Organisation code registration" },
  { department: "NTAX", number: "C01", nameZh: "国税登记", nameEn: "State tax registration" },
  { department: "LTAX", number: "D01", nameZh: "地税登记", nameEn: "Local tax registration" },
  { department: "LTAX", number: "D02", nameZh: "财政地税咨询", nameEn: "Local tax enquiries" },
  { department: "STATS", number: "E01", nameZh: "统计登记", nameEn: "Statistics registration" },
  { department: "AGRI", number: "H01", nameZh: "12316 热线坐席一", nameEn: "12316 hotline desk 1" },
  { department: "AGRI", number: "H02", nameZh: "12316 热线坐席二", nameEn: "12316 hotline desk 2" },
  { department: "AGRI", number: "H03", nameZh: "专家坐诊台", nameEn: "Duty expert desk" },
];

/** A demo account; `department` is a department code. */
export interface DemoAccount {
  username: string;
  displayName: string;
  roles: Role[];
  department?: string;
  staffNo?: string;
  phone?: string;
  /** Heads the department (told about overdue tasks). */
  head?: boolean;
  /** Window number the clerk normally serves at. */
  window?: string;
  /** Shown in the start-up banner as what the account is for. */
  note: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: "admin", displayName: "系统管理员", roles: ["admin"], note: "管理用户、部门与窗口" },
  { username: "supervisor", displayName: "沈督查", roles: ["supervisor"], staffNo: "JX0001", note: "电子监察、审计日志" },
  { username: "clerk", displayName: "张敏", roles: ["clerk"], department: "AMR", staffNo: "JX1001", phone: "13905730101", window: "A01", note: "工商一窗受理窗口（A01）" },
  { username: "jiangfan", displayName: "江帆", roles: ["clerk"], department: "LTAX", staffNo: "JX4001", phone: "13905730401", window: "D02", note: "财政地税窗口（D02）" },
  { username: "reviewer", displayName: "陈立", roles: ["reviewer"], department: "QTS", staffNo: "JX2001", head: true, note: "质监审核" },
  { username: "reviewer.amr", displayName: "王珂", roles: ["reviewer"], department: "AMR", staffNo: "JX1002", head: true, note: "工商审核" },
  { username: "reviewer.ntax", displayName: "李娟", roles: ["reviewer"], department: "NTAX", staffNo: "JX3001", head: true, note: "国税审核" },
  { username: "reviewer.ltax", displayName: "周杰", roles: ["reviewer"], department: "LTAX", staffNo: "JX4002", head: true, note: "地税审核" },
  { username: "reviewer.stats", displayName: "吴静", roles: ["reviewer"], department: "STATS", staffNo: "JX5001", head: true, note: "统计审核" },
  { username: "operator", displayName: "顾晓燕", roles: ["operator"], department: "AGRI", staffNo: "NY0001", note: "12316 热线话务" },
  { username: "expert", displayName: "钱忠龙", roles: ["expert"], department: "AGRI", staffNo: "NY1001", phone: "13905730601", note: "种子专家（坐诊）" },
  { username: "expert.fish", displayName: "陆建华", roles: ["expert"], department: "AGRI", staffNo: "NY1002", phone: "13905730602", note: "水产专家" },
  { username: "founder", displayName: "郭宇楠", roles: ["applicant"], phone: "13805731234", note: "企业注册申请人" },
  { username: "leader", displayName: "沈国华", roles: ["leader"], staffNo: "JX0002", note: "中心领导：统计看板" },
  { username: "teamlead", displayName: "周红英", roles: ["team_leader"], department: "AMR", staffNo: "JX1009", phone: "13905730109", note: "嘉兴市红盾服务队队长：手机登记走访活动" },
];

/**
 * More window staff of the demo centre (not listed in the start-up banner; same password),
 * so the quarterly service-star assessment has a field to rank. Profiles shape their
 * generated history: transactions per working day, bad and neutral shares, unrated share.
 */
export const DEMO_STAFF: (DemoAccount & { profile: DemoProfile })[] = [
  { username: "xuli", displayName: "徐丽", roles: ["clerk"], department: "AMR", staffNo: "JX1003", window: "A02", note: "工商登记窗口（A02）", profile: { perDay: 16, bad: 0.003, neutral: 0.012, unrated: 0.12 } },
  { username: "shenhao", displayName: "沈浩", roles: ["clerk"], department: "QTS", staffNo: "JX2002", window: "B01", note: "质监代码登记窗口（B01）", profile: { perDay: 9, bad: 0.002, neutral: 0.008, unrated: 0.1 } },
  { username: "yaoqian", displayName: "姚倩", roles: ["clerk"], department: "NTAX", staffNo: "JX3002", window: "C01", note: "国税登记窗口（C01）", profile: { perDay: 21, bad: 0.005, neutral: 0.015, unrated: 0.15 } },
  { username: "zhubin", displayName: "朱斌", roles: ["clerk"], department: "LTAX", staffNo: "JX4003", window: "D01", note: "地税登记窗口（D01）", profile: { perDay: 14, bad: 0.01, neutral: 0.02, unrated: 0.2 } },
  { username: "fangyu", displayName: "方瑜", roles: ["clerk"], department: "STATS", staffNo: "JX5002", window: "E01", note: "统计登记窗口（E01）", profile: { perDay: 5, bad: 0.0, neutral: 0.006, unrated: 0.08 } },
  { username: "heming", displayName: "何明", roles: ["clerk"], department: "AMR", staffNo: "JX1004", window: "A02", note: "工商登记窗口（A02）", profile: { perDay: 0.6, bad: 0.0, neutral: 0.0, unrated: 0.1 } },
];

/** How a demo clerk's generated history looks. */
export interface DemoProfile {
  /** Completed transactions per working day (on average). */
  perDay: number;
  /** Shares of the ratings given: bad (1–2) and neutral (3); the rest good (4–5). */
  bad: number;
  neutral: number;
  /** Share of transactions left unrated. */
  unrated: number;
}

/** Profiles of the listed demo clerks: 江帆 serves the most and best (star three quarters running, as in the article). */
export const DEMO_CLERK_PROFILES: Record<string, DemoProfile> = {
  jiangfan: { perDay: 26, bad: 0.0008, neutral: 0.004, unrated: 0.06 },
  clerk: { perDay: 18, bad: 0.003, neutral: 0.01, unrated: 0.1 },
};

/**
 * What each department's windows serve (办事事项), for the window desk: consultations,
 * filings, pickups. The company set-up item (QY-SL-LLC) is the one-form registration.
 */
export const DEMO_WINDOW_SERVICES: { department: string; code: string; nameZh: string; nameEn: string; kind: string }[] = [
  { department: "AMR", code: "QY-SL-LLC", nameZh: "有限责任公司设立登记（一表制）", nameEn: "Limited company set-up (one form)", kind: "acceptance" },
  { department: "AMR", code: "AMR-ZX", nameZh: "企业登记咨询", nameEn: "Company registration enquiry", kind: "consultation" },
  { department: "AMR", code: "AMR-BG", nameZh: "企业变更登记", nameEn: "Company change registration", kind: "acceptance" },
  { department: "AMR", code: "AMR-LZ", nameZh: "营业执照领取", nameEn: "Business licence pickup", kind: "pickup" },
  { department: "QTS", code: "QTS-ZX", nameZh: "组织机构代码咨询", nameEn: "Organisation code enquiry", kind: "consultation" },
  { department: "QTS", code: "QTS-DM", nameZh: "组织机构代码证办理", nameEn: "Organisation code certificate", kind: "acceptance" },
  { department: "NTAX", code: "NTAX-ZX", nameZh: "国税政策咨询", nameEn: "State tax enquiry", kind: "consultation" },
  { department: "NTAX", code: "NTAX-FP", nameZh: "发票领购", nameEn: "Invoice purchase", kind: "acceptance" },
  { department: "LTAX", code: "LTAX-ZX", nameZh: "地税政策咨询", nameEn: "Local tax enquiry", kind: "consultation" },
  { department: "LTAX", code: "LTAX-SB", nameZh: "纳税申报", nameEn: "Tax filing", kind: "acceptance" },
  { department: "LTAX", code: "LTAX-ZM", nameZh: "完税证明开具", nameEn: "Tax payment certificate", kind: "pickup" },
  { department: "STATS", code: "STATS-ZX", nameZh: "统计登记咨询", nameEn: "Statistics registration enquiry", kind: "consultation" },
  { department: "AGRI", code: "AGRI-ZX", nameZh: "农技咨询", nameEn: "Farming enquiry", kind: "consultation" },
];

/** The demo experts' specialties (what a question is transferred to them by). */
export const DEMO_EXPERT_SPECIALTIES: Record<string, string[]> = {
  expert: ["seeds", "crops", "plant_protection"],
  "expert.fish": ["aquaculture"],
};

/** The farm centre's duty roster: the two experts take turns on working days and on rest days. */
export const DEMO_DUTY_ROSTER = {
  centre: "JX-WNZX",
  working: { members: ["expert", "expert.fish"], start: "2026-01-05" },
  holiday: { members: ["expert.fish", "expert"], start: "2026-01-01" },
};
