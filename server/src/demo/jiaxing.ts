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
  /** Shown in the start-up banner as what the account is for. */
  note: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: "admin", displayName: "系统管理员", roles: ["admin"], note: "管理用户、部门与窗口" },
  { username: "supervisor", displayName: "沈督查", roles: ["supervisor"], staffNo: "JX0001", note: "电子监察、审计日志" },
  { username: "clerk", displayName: "张敏", roles: ["clerk"], department: "AMR", staffNo: "JX1001", phone: "13905730101", note: "工商一窗受理窗口（A01）" },
  { username: "jiangfan", displayName: "江帆", roles: ["clerk"], department: "LTAX", staffNo: "JX4001", phone: "13905730401", note: "财政地税窗口（D02）" },
  { username: "reviewer", displayName: "陈立", roles: ["reviewer"], department: "QTS", staffNo: "JX2001", head: true, note: "质监审核" },
  { username: "reviewer.amr", displayName: "王珂", roles: ["reviewer"], department: "AMR", staffNo: "JX1002", head: true, note: "工商审核" },
  { username: "reviewer.ntax", displayName: "李娟", roles: ["reviewer"], department: "NTAX", staffNo: "JX3001", head: true, note: "国税审核" },
  { username: "reviewer.ltax", displayName: "周杰", roles: ["reviewer"], department: "LTAX", staffNo: "JX4002", head: true, note: "地税审核" },
  { username: "reviewer.stats", displayName: "吴静", roles: ["reviewer"], department: "STATS", staffNo: "JX5001", head: true, note: "统计审核" },
  { username: "operator", displayName: "顾晓燕", roles: ["operator"], department: "AGRI", staffNo: "NY0001", note: "12316 热线话务" },
  { username: "expert", displayName: "钱忠龙", roles: ["expert"], department: "AGRI", staffNo: "NY1001", phone: "13905730601", note: "种子专家（坐诊）" },
  { username: "expert.fish", displayName: "陆建华", roles: ["expert"], department: "AGRI", staffNo: "NY1002", phone: "13905730602", note: "水产专家" },
  { username: "founder", displayName: "郭宇楠", roles: ["applicant"], phone: "13805731234", note: "企业注册申请人" },
];
