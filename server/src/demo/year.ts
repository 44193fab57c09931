import {
  GUIDES,
  JIAXING_FORMS,
  addDays,
  categoryLimits,
  composeSms,
  makeEnterpriseUscc,
  noticeSmsBody,
  sampleApplication,
  searchPlaces,
  segmentSms,
  ticketNumber,
  type Place,
  slaDueTimes,
  type WorkingCalendar,
} from "@yichuang/core";
import PDFDocument from "pdfkit";
import type { FileStore } from "../platform/files.js";
import type { Config } from "../config.js";
import { readCalendar } from "../platform/calendar/calendar.service.js";
import type { Database } from "../db/database.js";
import type { OutreachEventTable } from "../db/schema.js";
import { chineseFont } from "../shared/pdf-font.js";
import { seededRandom } from "../testing/random.js";
import { DEMO_KNOWLEDGE } from "./hotline.js";

/**
 * A year of the Jiaxing centre's activity, generated so the dashboard shows the article's picture
 * on first start: the city offices' 212 service teams with their members and leaders, 3,200
 * confirmed outreach events solving 17,000 problems for 135,000 people (at scale 1, exactly; a few
 * more events still waiting for a supervisor or returned), a year of one-form registrations
 * through parallel review, of 12316 calls with their handling and call-backs, of supply/demand
 * notices broadcast to subscribers with their delivery, and the centre's process baseline.
 *
 * Deterministic: the same seed and `today` give the same records, ids included (drawn from the
 * seeded generator). `scale` shrinks every count for tests and quick demos (0.05: 11 teams, 160
 * events …). Everything is written through set-based inserts in one transaction; counters
 * (case, application, USCC and ticket numbers) are moved past what was used, so the live system
 * numbers on from there. Everything generated is demo data: names, companies and phones are made
 * up, phones in demo ranges.
 */

export interface YearOptions {
  /** The last day of the year generated (Asia/Shanghai); activity runs up to the day before, pending items up to it. */
  today: string;
  seed?: number;
  /** 1: the article's scale. */
  scale?: number;
}

export interface YearSummary {
  from: string;
  to: string;
  offices: number;
  teams: number;
  members: number;
  events: { confirmed: number; pending: number; returned: number; problemsSolved: number; peopleServed: number };
  cases: { completed: number; rejected: number; applicants: number };
  tickets: number;
  callers: number;
  subscribers: number;
  notices: number;
  broadcasts: number;
  messages: number;
}

/** The article's year at scale 1. */
export const YEAR_TARGETS = { teams: 212, events: 3200, problemsSolved: 17_000, peopleServed: 135_000, casesPerWorkingDay: 10, callsPerDay: 12, subscribers: 2400 } as const;

/** The city offices that run service teams, with each office's service brand and how many teams it runs (212 in all). */
export const DEMO_OFFICES: { code: string; nameZh: string; nameEn: string; centre: "approval" | "farm"; team: string; brand: string; teams: number; activities: string[] }[] = [
  { code: "AMR", nameZh: "市场监管局（工商）", nameEn: "Market Regulation", centre: "approval", team: "红盾服务队", brand: "红盾", teams: 16, activities: ["上门指导个体工商户和小微企业办理年报", "进农家乐开展食品安全检查，指导规范后厨", "走访新设企业，讲解登记事项变更和“一表制”办理", "进市场开展计量器具检定和消费维权宣传"] },
  { code: "PSB", nameZh: "市公安局", nameEn: "Public Security", centre: "approval", team: "110品牌队", brand: "110", teams: 20, activities: ["进村入户开展防范电信网络诈骗宣传", "上门为行动不便群众办理居住证和身份证", "走访企业排查安全隐患，指导内部治安防范", "在学校周边开展交通安全宣传和护学"] },
  { code: "HEALTH", nameZh: "市卫生健康委", nameEn: "Health Commission", centre: "approval", team: "健康120服务品牌队", brand: "健康120", teams: 18, activities: ["进社区开展免费义诊，测量血压血糖", "为村里老人建立健康档案并做慢病随访", "上门为失能老人提供家庭医生签约服务", "进企业开展职业健康检查和急救培训"] },
  { code: "HRSS", nameZh: "市人力社保局", nameEn: "Human Resources and Social Security", centre: "approval", team: "就业创业服务队", brand: "就业", teams: 12, activities: ["进企业开展用工指导和劳动合同政策宣讲", "在乡镇举办招聘会，帮助农村劳动力就业", "上门为退休人员办理养老金资格认证", "为创业青年讲解创业担保贷款政策"] },
  { code: "HOUSING", nameZh: "市住房和城乡建设局", nameEn: "Housing and Urban-Rural Development", centre: "approval", team: "安居服务队", brand: "安居", teams: 10, activities: ["排查农村危旧房，指导农户加固改造", "进小区解答物业管理和维修资金问题", "上门指导建筑工地落实扬尘和安全措施"] },
  { code: "TRANSPORT", nameZh: "市交通运输局", nameEn: "Transport", centre: "approval", team: "畅行服务队", brand: "畅行", teams: 10, activities: ["走访运输企业，上门办理道路运输证年审", "在客运站为群众提供出行咨询和帮扶", "排查农村公路隐患，收集群众出行诉求"] },
  { code: "ECO", nameZh: "市生态环境局", nameEn: "Ecology and Environment", centre: "approval", team: "绿色护航服务队", brand: "绿色护航", teams: 10, activities: ["上门指导企业办理排污许可", "走访养殖场，指导畜禽粪污资源化利用", "进村宣传垃圾分类和河道保护"] },
  { code: "SAFETY", nameZh: "市应急管理局", nameEn: "Emergency Management", centre: "approval", team: "安全生产服务队", brand: "安全", teams: 10, activities: ["进企业开展安全生产隐患排查和整改指导", "在村社区开展防汛防台演练", "为小微企业员工开展消防安全培训"] },
  { code: "AGRI", nameZh: "农业农村局（12316 为农服务热线）", nameEn: "Agriculture (12316 hotline)", centre: "farm", team: "农技110服务队", brand: "农技110", teams: 16, activities: ["专家上门诊断水稻病虫害，指导科学用药", "走访水产养殖户，检测塘口水质并指导防病", "在田头举办葡萄、草莓栽培技术培训", "帮助合作社对接收购商，推介滞销农产品"] },
  { code: "LTAX", nameZh: "地方税务局（地税）", nameEn: "Local Taxation", centre: "approval", team: "春风办税服务队", brand: "春风", teams: 8, activities: ["上门辅导企业申报个人所得税", "走访小微企业，讲解减税降费政策", "为个体户上门办理定额核定和发票领用"] },
  { code: "NTAX", nameZh: "国家税务局（国税）", nameEn: "State Taxation", centre: "approval", team: "便民办税服务队", brand: "便民办税", teams: 8, activities: ["进园区开展增值税新政辅导", "上门为新办企业办理税务登记信息确认", "为出口企业讲解退税流程"] },
  { code: "JUSTICE", nameZh: "市司法局", nameEn: "Justice", centre: "approval", team: "法律服务队", brand: "法律援助", teams: 12, activities: ["进村开展法律咨询，调解邻里纠纷", "为农民工讨薪提供法律援助", "进企业开展劳动用工法律体检"] },
  { code: "CIVIL", nameZh: "市民政局", nameEn: "Civil Affairs", centre: "approval", team: "民生帮扶服务队", brand: "民生", teams: 10, activities: ["走访困难家庭，落实低保和临时救助", "上门看望独居老人，排查居家安全", "为残疾人办理两项补贴"] },
  { code: "SCI", nameZh: "市科技局", nameEn: "Science and Technology", centre: "approval", team: "科技特派员服务队", brand: "科技特派员", teams: 10, activities: ["科技特派员进企业解决技术难题", "帮助农业企业申报科技项目", "在乡镇举办新品种新技术推广会"] },
  { code: "COMMERCE", nameZh: "市商务局", nameEn: "Commerce", centre: "approval", team: "外贸服务队", brand: "外贸", teams: 8, activities: ["走访外贸企业，帮助解决订单和物流难题", "指导企业应对贸易摩擦和出口认证", "帮助农产品电商开拓销路"] },
  { code: "EDU", nameZh: "市教育局", nameEn: "Education", centre: "approval", team: "教育关爱服务队", brand: "关爱", teams: 8, activities: ["家访留守儿童，开展心理辅导", "进社区开展家庭教育讲座", "为外来务工子女解答入学政策"] },
  { code: "CULTURE", nameZh: "市文化广电旅游局", nameEn: "Culture, Radio, TV and Tourism", centre: "approval", team: "文化惠民服务队", brand: "文化惠民", teams: 8, activities: ["送戏下乡，为村民演出越剧", "在农村文化礼堂开展书画培训", "指导民宿经营户规范服务"] },
  { code: "WATER", nameZh: "市水利局", nameEn: "Water Resources", centre: "approval", team: "治水服务队", brand: "五水共治", teams: 8, activities: ["巡查河道，指导村里开展河长制工作", "排查农田灌溉设施，帮助修复渠道", "进村讲解节约用水和防汛知识"] },
  { code: "QTS", nameZh: "质量技术监督局（质监）", nameEn: "Quality & Technical Supervision", centre: "approval", team: "质量服务队", brand: "质量", teams: 6, activities: ["上门帮助企业建立质量管理体系", "检查特种设备，指导企业落实安全责任"] },
  { code: "STATS", nameZh: "统计局（统计）", nameEn: "Statistics", centre: "approval", team: "统计服务队", brand: "统计", teams: 4, activities: ["上门指导企业联网直报统计数据", "为新设企业讲解统计登记和名录维护"] },
];

/** The places teams are named after and go out to: the city, then its two districts and five counties or county-level cities. */
const AREAS = [
  { name: "嘉兴市", code: "3304" },
  { name: "南湖区", code: "330402" },
  { name: "秀洲区", code: "330411" },
  { name: "嘉善县", code: "330421" },
  { name: "海盐县", code: "330424" },
  { name: "海宁市", code: "330481" },
  { name: "平湖市", code: "330482" },
  { name: "桐乡市", code: "330483" },
];
const COUNTIES = AREAS.slice(1);
const CN = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡沈钱顾陆姚金曹蒋戴褚屠俞范邵";
const GIVEN = ["建国", "丽华", "伟明", "秀英", "志强", "海燕", "国平", "红霞", "建华", "美琴", "晓东", "雪芳", "永林", "春燕", "卫东", "桂英", "振华", "静怡", "宇航", "佳怡", "子涵", "浩然", "文斌", "晓燕", "国庆", "玉梅", "晨阳", "思远", "建平", "海林"];
const COMPANY_WORDS = ["禾丰", "南湖", "嘉禾", "鸳湖", "运河", "烟雨", "梅湾", "月河", "子城", "秀水", "长水", "凤桥", "新塍", "王江泾", "乍浦", "盐官", "乌镇", "濮院", "西塘", "姚庄"];
const COMPANY_TRADES = ["农业科技", "水产养殖", "食品", "电子商务", "信息技术", "机械制造", "纺织", "新材料", "物流", "餐饮管理", "建筑工程", "文化传媒", "生物科技", "服装", "包装", "环保科技"];
const SUPPLY_PRODUCTS = [
  { product: "昂刺鱼", unit: "公斤", tags: ["昂刺鱼", "水产"], qty: [500, 3000] },
  { product: "加州鲈", unit: "公斤", tags: ["加州鲈", "水产"], qty: [500, 5000] },
  { product: "南美白对虾", unit: "公斤", tags: ["南美白对虾", "水产"], qty: [300, 2000] },
  { product: "湖羊", unit: "只", tags: ["湖羊"], qty: [20, 300] },
  { product: "水稻", unit: "吨", tags: ["水稻"], qty: [10, 200] },
  { product: "葡萄", unit: "公斤", tags: ["葡萄"], qty: [500, 8000] },
  { product: "草莓", unit: "公斤", tags: ["草莓"], qty: [200, 2000] },
  { product: "甲鱼", unit: "公斤", tags: ["甲鱼", "水产"], qty: [200, 1500] },
  { product: "生猪", unit: "头", tags: ["生猪"], qty: [20, 400] },
  { product: "芦笋", unit: "公斤", tags: ["芦笋"], qty: [200, 3000] },
];
const POLICY_QA = [
  { product: "水稻", question: "今年种粮补贴什么时候发，按多少标准？", answer: "耕地地力保护补贴按确权面积发放，由乡镇核实后通过“一卡通”直接打到户；具体标准以当年县里公布为准，可到村里或乡镇农办查询。" },
  { product: null, question: "农机购置补贴怎么申请？", answer: "先按自主购机、定额补贴、县级结算的方式购买补贴目录内机具，购机后凭发票、身份证到乡镇农机站登记申请，核验通过后补贴直接打到卡上。" },
  { product: "生猪", question: "养猪场环评和备案要办哪些手续？", answer: "存栏 5000 头以下的养殖场实行环境影响登记表备案，在网上填报即可；规模以上需编制报告表。同时到乡镇办理畜禽养殖场备案，配套建设粪污处理设施。" },
  { product: null, question: "家庭农场怎么认定，有哪些扶持？", answer: "经营规模和收入达到县级标准的，可向乡镇申请家庭农场名录登记；列入名录的可申报示范家庭农场，享受贷款贴息、保险和项目扶持。" },
];
const MARKET_QA = [
  { product: "葡萄", question: "现在阳光玫瑰葡萄的收购价大概多少？", answer: "本周嘉兴批发市场阳光玫瑰精品果每公斤 16–24 元，统货 8–12 元；建议分级采收，通过 12316 发布供应信息对接收购商。" },
  { product: "南美白对虾", question: "对虾现在什么价位，出塘合适吗？", answer: "近期规格 60 只/公斤的南美白对虾塘口价每公斤 38–44 元，价格处于年内高位，达到规格可分批出塘。" },
];
const COMPLAINTS = ["买到的化肥结块严重，怀疑是假冒产品", "农资店卖的种子出苗率很低", "收购商压价后拖欠货款"];
const REJECT_NOTICE = ["联系电话无法接通，请核实后重新提交", "数量与来电描述不一致，请与发布人核实", "已过采收期，信息不再有效"];
const RETURN_REASONS = ["照片与活动内容不符，请补充现场照片", "服务人次明显偏多，请核实后修改", "地点与活动描述不一致，请修改"];
const SUPPLEMENTS = [
  { department: "AMR", text: "公司章程缺少全体股东签字，请补正" },
  { department: "AMR", text: "住所使用证明未加盖产权单位公章，请补正" },
  { department: "AMR", text: "法定代表人身份证复印件不清晰，请重新提交" },
];

/** UUIDs drawn from the seeded generator (version 4 layout): the same seed gives the same ids. */
export function seededUuid(rnd: () => number): () => string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join("");
  return () => `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[Math.floor(rnd() * 4)]}${hex(3)}-${hex(12)}`;
}

/** A local time on a day (Asia/Shanghai) as an ISO instant. */
const at = (day: string, minutes: number) => new Date(Date.parse(`${day}T00:00:00+08:00`) + Math.round(minutes * 60_000)).toISOString();

/** Working days after `day` on the centre's calendar. */
function addWorking(cal: WorkingCalendar, day: string, n: number): string {
  return cal.addWorkingDays(day, n);
}

/** Splits `total` over `weights` in whole numbers (each at least `min`), summing to `total` exactly (largest remainder). */
export function allocate(total: number, weights: readonly number[], min = 0): number[] {
  const rest = total - min * weights.length;
  if (rest < 0) throw new Error(`cannot give ${weights.length} items at least ${min} out of ${total}`);
  const sum = weights.reduce((a, w) => a + w, 0) || 1;
  const exact = weights.map((w) => (rest * w) / sum);
  const out = exact.map((x) => Math.floor(x));
  let left = rest - out.reduce((a, x) => a + x, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k++, left--) out[order[k % order.length]![1]]!++;
  return out.map((x) => x + min);
}

/** Inserts rows in batches (SQLite's variable limit; PostgreSQL's parameter limit). */
async function insertAll(db: Database, table: string, rows: Record<string, unknown>[], batch = 200): Promise<void> {
  const columns = rows[0] ? Object.keys(rows[0]).length : 1;
  const size = Math.max(1, Math.min(batch, Math.floor(30_000 / columns)));
  // Generated rows of the schema's tables; the table name comes from this file only.
  for (let i = 0; i < rows.length; i += size) await db.insertInto(table as "users").values(rows.slice(i, i + size) as never).execute();
}

/** A small real PDF standing for every generated case's materials (stored once). */
function materialPdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margin: 72, info: { Title: "演示材料", Creator: "一窗 Yichuang" } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.registerFont("zh", chineseFont());
  doc.font("zh").fontSize(16).text("演示数据：企业设立登记申请材料");
  doc.moveDown().fontSize(11).text("本文件由演示数据生成器生成，代表演示办件的申请材料（章程、住所证明、身份证明等），不含真实个人信息。");
  doc.end();
  return done;
}

/** Generates the year into a database holding the demo centre (seedDemo first). */
export async function seedDemoYear(db: Database, config: Config, files: FileStore, o: YearOptions): Promise<YearSummary> {
  const scale = o.scale ?? 1;
  const rnd = seededRandom(o.seed ?? 20_261_202);
  const uuid = seededUuid(rnd);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const between = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  /** A count whose mean is `x` (whole part, plus one with the chance of the fraction): small scales keep their share. */
  const howMany = (x: number) => Math.floor(x) + (rnd() < x - Math.floor(x) ? 1 : 0);
  const name = () => `${SURNAMES[Math.floor(rnd() * SURNAMES.length)]}${pick(GIVEN)}`;
  const today = o.today;
  const cal = await readCalendar(db);
  const from = addDays(today, -364);
  const days: string[] = [];
  for (let d = from; d < today; d = addDays(d, 1)) days.push(d);
  const working = days.filter((d) => cal.isWorkingDay(d));
  // Seasons: fewer around the Spring Festival and in deep summer, more in spring and autumn.
  const season = (d: string) => [0.8, 0.6, 1.1, 1.2, 1.15, 1.05, 0.9, 0.85, 1.1, 0.95, 1.15, 1.0][Number(d.slice(5, 7)) - 1]!;

  const users = await db.selectFrom("users").select(["id", "username", "display_name", "department_id", "password_hash"]).execute();
  const user = (u: string) => users.find((x) => x.username === u)!;
  const centres = await db.selectFrom("centres").select(["id", "code", "kind"]).execute();
  const approvalCentre = centres.find((c) => c.kind === "approval")!;
  const farmCentre = centres.find((c) => c.kind === "farm")!;
  const created = at(addDays(from, -30), 9 * 60);
  const hash = user("admin").password_hash;
  const summary: YearSummary = { from, to: today, offices: 0, teams: 0, members: 0, events: { confirmed: 0, pending: 0, returned: 0, problemsSolved: 0, peopleServed: 0 }, cases: { completed: 0, rejected: 0, applicants: 0 }, tickets: 0, callers: 0, subscribers: 0, notices: 0, broadcasts: 0, messages: 0 };
  const materialSha = files.save(await materialPdf());
  const villagesOf = new Map<string, Place[]>(COUNTIES.map((c) => [c.code, searchPlaces("村", { within: c.code, limit: 400 }).filter((p) => p.level === "village")]));
  const villageIn = (area: string) => pick(area.length === 4 ? villagesOf.get(pick(COUNTIES).code)! : villagesOf.get(area)!);

  await db.transaction().execute(async (trx) => {
    // ---- the city offices and their teams ----
    const departments = new Map((await trx.selectFrom("departments").select(["id", "code"]).execute()).map((d) => [d.code, d.id]));
    const newDepartments = DEMO_OFFICES.filter((x) => !departments.has(x.code)).map((x) => {
      const id = uuid();
      departments.set(x.code, id);
      return { id, centre_id: (x.centre === "farm" ? farmCentre : approvalCentre).id, code: x.code, name_zh: x.nameZh, name_en: x.nameEn, active: 1, created_at: created, updated_at: created };
    });
    await insertAll(trx, "departments", newDepartments);
    summary.offices = DEMO_OFFICES.length;

    const teamCounts = allocate(Math.max(DEMO_OFFICES.length, Math.round(YEAR_TARGETS.teams * scale)), DEMO_OFFICES.map((x) => x.teams), 1);
    const teams: { id: string; office: (typeof DEMO_OFFICES)[number]; area: (typeof AREAS)[number]; leaderId: string; weight: number; departmentId: string; row: Record<string, unknown> }[] = [];
    const leaders: Record<string, unknown>[] = [];
    const roles: Record<string, unknown>[] = [];
    const members: Record<string, unknown>[] = [];
    let leaderNo = 0;
    let memberPhone = 0;
    DEMO_OFFICES.forEach((office, k) => {
      for (let i = 0; i < teamCounts[k]!; i++) {
        const area = AREAS[i % AREAS.length]!;
        const round = Math.floor(i / AREAS.length);
        const teamName = `${area.name}${office.team}${round ? `第${CN[round + 1] ?? round + 1}分队` : ""}`;
        const id = uuid();
        // The demo account leads the city's first 红盾 team; every other team has a generated leader.
        let leaderId: string;
        let leaderName: string;
        if (office.code === "AMR" && i === 0) {
          leaderId = user("teamlead").id;
          leaderName = user("teamlead").display_name;
        } else {
          leaderId = uuid();
          leaderName = name();
          leaderNo++;
          leaders.push({ id: leaderId, username: `tl${String(leaderNo).padStart(3, "0")}`, display_name: leaderName, password_hash: hash, department_id: departments.get(office.code)!, staff_no: `JXT${String(leaderNo).padStart(3, "0")}`, phone: null, email: null, locale: "zh-CN", department_head: 0, home_window_id: null, photo_sha256: null, photo_type: null, disabled: 0, failed_logins: 0, locked_until: null, last_login_at: null, created_at: created, updated_at: created });
          roles.push({ user_id: leaderId, role: "team_leader" });
        }
        const founded = `${between(2012, 2022)}-${String(between(1, 12)).padStart(2, "0")}-${String(between(1, 28)).padStart(2, "0")}`;
        const row = { id, department_id: departments.get(office.code)!, name: teamName, brand: office.brand, founded_on: founded, leader_user_id: leaderId, active: 1, created_by: user("admin").id, created_at: created, updated_at: created };
        teams.push({ id, office, area, leaderId, weight: 0.3 + rnd() * rnd() * 3, departmentId: departments.get(office.code)!, row });
        const size = between(6, 12);
        members.push({ id: uuid(), team_id: id, name: leaderName, phone: null, position: "队长", user_id: leaderId, seq: 0, created_at: created });
        for (let m = 1; m < size; m++) members.push({ id: uuid(), team_id: id, name: name(), phone: `1385730${String(++memberPhone).padStart(4, "0")}`, position: m === 1 ? "副队长" : "队员", user_id: null, seq: m, created_at: created });
      }
    });
    await insertAll(trx, "users", leaders);
    await insertAll(trx, "user_roles", roles);
    await insertAll(trx, "service_teams", teams.map((t) => t.row));
    await insertAll(trx, "service_team_members", members);
    summary.teams = teams.length;
    summary.members = members.length;

    // ---- outreach events: exactly the article's totals among the confirmed ones ----
    const confirmedCount = Math.round(YEAR_TARGETS.events * scale);
    const dayWeights = days.map((d) => season(d) * (cal.isWorkingDay(d) ? 1 : 0.35));
    const dayTotal = dayWeights.reduce((a, w) => a + w, 0);
    const teamTotal = teams.reduce((a, t) => a + t.weight, 0);
    const draw = (weights: readonly number[], total: number) => {
      let x = rnd() * total;
      for (let i = 0; i < weights.length; i++) if ((x -= weights[i]!) <= 0) return i;
      return weights.length - 1;
    };
    const teamWeights = teams.map((t) => t.weight);
    const supervisor = user("supervisor");
    const plan = Array.from({ length: confirmedCount }, () => ({ team: teams[draw(teamWeights, teamTotal)]!, day: days[draw(dayWeights, dayTotal)]!, size: rnd() }));
    // A supervisor confirms within a few days (never later than today).
    const problems = allocate(Math.round(YEAR_TARGETS.problemsSolved * scale), plan.map((p) => 0.4 + p.size * 2));
    const people = allocate(Math.round(YEAR_TARGETS.peopleServed * scale), plan.map((p) => 0.3 + p.size * p.size * 4), 1);
    const eventRows: OutreachEventTable[] = plan.map((p, i) => {
      const place = p.team.area.code.length === 4 ? villageIn("3304") : rnd() < 0.3 ? { code: p.team.area.code.padEnd(6, "0"), fullName: "" } : villageIn(p.team.area.code);
      const logged = at(p.day, between(16 * 60, 21 * 60));
      const decidedDay = addDays(p.day, between(1, 3));
      return {
        id: uuid(),
        team_id: p.team.id,
        department_id: p.team.departmentId,
        event_date: p.day,
        place_code: place.code,
        address: null,
        activity: pick(p.team.office.activities),
        problems_solved: problems[i]!,
        people_served: people[i]!,
        status: "confirmed",
        client_id: uuid(),
        logged_by: p.team.leaderId,
        logged_at: logged,
        decided_by: supervisor.id,
        decided_at: at(decidedDay < today ? decidedDay : today, between(9 * 60, 11 * 60)),
        return_reason: null,
        revision: 2,
        updated_at: logged,
      };
    });
    // Recent ones still waiting, and a few returned for correction (not counted either).
    const waiting = Math.max(1, Math.round(36 * scale));
    const returned = Math.max(1, Math.round(12 * scale));
    for (let i = 0; i < waiting + returned; i++) {
      const team = teams[draw(teamWeights, teamTotal)]!;
      const day = i < waiting ? addDays(today, -between(0, 9)) : addDays(today, -between(4, 30));
      const logged = at(day, between(16 * 60, 21 * 60));
      const isReturned = i >= waiting;
      eventRows.push({
        id: uuid(),
        team_id: team.id,
        department_id: team.departmentId,
        event_date: day,
        place_code: team.area.code.length === 4 ? villageIn("3304").code : villageIn(team.area.code).code,
        address: null,
        activity: pick(team.office.activities),
        problems_solved: between(1, 12),
        people_served: between(10, 90),
        status: isReturned ? "returned" : "submitted",
        client_id: uuid(),
        logged_by: team.leaderId,
        logged_at: logged,
        decided_by: isReturned ? supervisor.id : null,
        decided_at: isReturned ? at(addDays(day, 1) < today ? addDays(day, 1) : today, 10 * 60) : null,
        return_reason: isReturned ? pick(RETURN_REASONS) : null,
        revision: isReturned ? 2 : 1,
        updated_at: logged,
      });
    }
    await insertAll(trx, "outreach_events", eventRows as unknown as Record<string, unknown>[]);
    summary.events = { confirmed: confirmedCount, pending: waiting, returned, problemsSolved: problems.reduce((a, x) => a + x, 0), peopleServed: people.reduce((a, x) => a + x, 0) };

    // ---- a year of one-form registrations, reviewed in parallel ----
    const guide = GUIDES[0]!;
    const versions = JSON.stringify(Object.fromEntries(JIAXING_FORMS.map((f) => [f.code, f.version])));
    const clerk = user("clerk");
    const reviewers: Record<string, string> = { AMR: user("reviewer.amr").id, QTS: user("reviewer").id, NTAX: user("reviewer.ntax").id, LTAX: user("reviewer.ltax").id, STATS: user("reviewer.stats").id };
    const applicants: Record<string, unknown>[] = [];
    const applicantRoles: Record<string, unknown>[] = [];
    const apps: Record<string, unknown>[] = [];
    const cases: Record<string, unknown>[] = [];
    const tasks: Record<string, unknown>[] = [];
    const materials: Record<string, unknown>[] = [];
    const notices: Record<string, unknown>[] = [];
    const requests: Record<string, unknown>[] = [];
    const caseNo = new Map<string, number>();
    const appNo = new Map<string, number>();
    let usccNo = 0;
    const mandatory = guide.materials.filter((m) => m.mandatory && !m.generated);
    // How many working days each department takes (0: the day of acceptance); the statistics rule approves at once.
    const takes = (dept: string) => {
      const r = rnd();
      if (dept === "STATS") return 0;
      if (dept === "AMR") return r < 0.46 ? 0 : r < 0.86 ? 1 : r < 0.98 ? 2 : 3;
      return r < 0.8 ? 0 : r < 0.99 ? 1 : 2;
    };
    for (const day of working) {
      const n = howMany(YEAR_TARGETS.casesPerWorkingDay * scale * season(day) * (0.6 + 0.8 * rnd()));
      for (let i = 0; i < n; i++) {
        const supplement = rnd() < 0.08;
        const paused = supplement ? between(1, 3) : 0;
        const rejected = !supplement && rnd() < 0.01;
        const decisions = Object.fromEntries(guide.departments.map((d) => [d.department, takes(d.department)]));
        if (supplement) decisions.AMR = Math.max(decisions.AMR!, 1);
        const slowest = Math.max(...Object.values(decisions));
        const completed = addWorking(cal, day, slowest + paused);
        if (completed >= today) continue;
        const year = day.slice(0, 4);
        const seed = apps.length + 1;
        const acceptedAt = at(day, between(9 * 60, 16 * 60 + 30));
        const submittedAt = new Date(Date.parse(acceptedAt) - between(20, 20 * 60) * 60_000).toISOString();
        const applicantId = uuid();
        const founder = name();
        applicants.push({ id: applicantId, username: `qy${String(seed).padStart(6, "0")}`, display_name: founder, password_hash: hash, department_id: null, staff_no: null, phone: null, email: null, locale: "zh-CN", department_head: 0, home_window_id: null, photo_sha256: null, photo_type: null, disabled: 0, failed_logins: 0, locked_until: null, last_login_at: null, created_at: submittedAt, updated_at: submittedAt });
        applicantRoles.push({ user_id: applicantId, role: "applicant" });
        const data = sampleApplication(seed, day);
        data.values.name = `嘉兴${pick(COMPANY_WORDS)}${pick(COMPANY_TRADES)}有限公司${seed % 7 === 0 ? `（${pick(COMPANY_WORDS)}）` : ""}`;
        const appId = uuid();
        const caseId = uuid();
        const an = (appNo.get(year) ?? 0) + 1;
        appNo.set(year, an);
        const cn = (caseNo.get(year) ?? 0) + 1;
        caseNo.set(year, cn);
        apps.push({ id: appId, number: `${year}-QY-${String(an).padStart(6, "0")}`, service_item_code: guide.serviceItem, applicant_id: applicantId, status: "submitted", data: JSON.stringify(data), form_versions: versions, revision: 3, created_at: submittedAt, updated_at: submittedAt, submitted_at: submittedAt });
        const completedAt = at(completed, between(10 * 60, 17 * 60));
        cases.push({
          id: caseId,
          number: `JX${year}-${String(cn).padStart(6, "0")}`,
          application_id: appId,
          service_item_code: guide.serviceItem,
          applicant_id: applicantId,
          status: rejected ? "rejected" : "completed",
          submitted_at: submittedAt,
          accepted_at: acceptedAt,
          accepted_by: clerk.id,
          accepted_date: day,
          completed_at: rejected ? null : completedAt,
          completed_date: rejected ? null : completed,
          uscc: rejected ? null : makeEnterpriseUscc(config.centreDivision, ++usccNo),
          paused_since: null,
          paused_working_days: paused,
          supplement_round: supplement ? 1 : 0,
          revision: 6,
          created_at: submittedAt,
          updated_at: completedAt,
        });
        for (const m of mandatory) materials.push({ id: uuid(), application_id: appId, material_code: m.code, file_name: `${m.code}.pdf`, content_type: "application/pdf", size: 1024, sha256: materialSha, round: 0, uploaded_at: submittedAt, uploaded_by: applicantId });
        for (const d of guide.departments) {
          const own = d.department === "AMR" ? paused : 0;
          const decided = addWorking(cal, day, decisions[d.department]! + own);
          tasks.push({
            id: uuid(),
            case_id: caseId,
            department_code: d.department,
            status: rejected && d.department === "AMR" ? "rejected" : "approved",
            promised_days: d.promisedDays,
            legal_days: d.legalDays,
            started_date: day,
            deadline_date: addWorking(cal, day, d.promisedDays + own),
            deadline_provisional: cal.deadline(day, d.promisedDays + own).provisional ? 1 : 0,
            calendar_rev: cal.revision,
            yellow_date: addWorking(cal, day, Math.ceil(d.promisedDays * config.yellowRatio) + own),
            paused_working_days: own,
            decided_at: at(decided, between(9 * 60, 17 * 60)),
            decided_date: decided,
            decided_by: d.department === "STATS" ? null : reviewers[d.department]!,
            reason: rejected && d.department === "AMR" ? "经营范围涉及前置许可事项，未提交相关许可文件" : null,
            auto: d.department === "STATS" ? 1 : 0,
            overdue_notified: 0,
            created_at: acceptedAt,
            updated_at: acceptedAt,
          });
        }
        if (supplement) {
          const item = pick(SUPPLEMENTS);
          const sent = at(addWorking(cal, day, 1), 10 * 60);
          const noticeId = uuid();
          requests.push({ id: uuid(), case_id: caseId, round: 1, department_code: item.department, items: JSON.stringify([{ text: item.text }]), requested_by: reviewers.AMR!, created_at: sent, notice_id: noticeId });
          notices.push({ id: noticeId, case_id: caseId, round: 1, items: JSON.stringify([{ department: item.department, text: item.text }]), sent_at: sent, answered_at: at(addWorking(cal, day, 1 + paused), 9 * 60) });
        }
        if (rejected) summary.cases.rejected++;
        else summary.cases.completed++;
      }
    }
    await insertAll(trx, "users", applicants);
    await insertAll(trx, "user_roles", applicantRoles);
    await insertAll(trx, "applications", apps, 100);
    await insertAll(trx, "cases", cases);
    await insertAll(trx, "review_tasks", tasks);
    await insertAll(trx, "case_materials", materials);
    await insertAll(trx, "supplement_notices", notices);
    await insertAll(trx, "supplement_requests", requests);
    summary.cases.applicants = applicants.length;
    const counters: (readonly [string, number])[] = [...[...caseNo].map(([y, v]) => [`case-number-${y}`, v] as const), ...[...appNo].map(([y, v]) => [`application-number-${y}`, v] as const), [`uscc-${config.centreDivision}`, usccNo] as const];

    // ---- 12316: a year of calls, their handling and call-backs, notices and broadcasts ----
    const operator = user("operator");
    const experts = { seeds: user("expert"), fish: user("expert.fish") };
    const callers: { id: string; phone: string; name: string; village: Place; calls: number; last: string | null; created: string }[] = [];
    const callerPool = Math.max(20, Math.round(YEAR_TARGETS.callsPerDay * 365 * 0.55 * scale));
    for (let i = 0; i < callerPool; i++) callers.push({ id: uuid(), phone: `1376573${String(i).padStart(4, "0")}`, name: name(), village: villageIn(pick(COUNTIES).code), calls: 0, last: null, created: "" });
    const tickets: Record<string, unknown>[] = [];
    const events: Record<string, unknown>[] = [];
    const visits: Record<string, unknown>[] = [];
    const sdNotices: { id: string; ticketId: string; caller: (typeof callers)[number]; kind: "supply" | "demand"; product: (typeof SUPPLY_PRODUCTS)[number]; qty: number; day: string; createdAt: string }[] = [];
    const ticketNo = new Map<string, number>();
    for (const day of days) {
      const n = howMany(YEAR_TARGETS.callsPerDay * scale * season(day) * (cal.isWorkingDay(day) ? 1.15 : 0.6) * (0.6 + 0.8 * rnd()));
      for (let i = 0; i < n; i++) {
        const caller = rnd() < 0.7 ? pick(callers) : callers[Math.floor(rnd() * Math.min(callers.length, 80))]!;
        const r = rnd();
        const category = r < 0.55 ? "production" : r < 0.68 ? "supply_demand" : r < 0.84 ? "policy" : r < 0.93 ? "market" : r < 0.96 ? "complaint" : "other";
        const createdAt = at(day, between(8 * 60, 18 * 60));
        const year = day.slice(0, 4);
        const seq = (ticketNo.get(year) ?? 0) + 1;
        ticketNo.set(year, seq);
        const id = uuid();
        const k = category === "production" ? pick(DEMO_KNOWLEDGE) : null;
        const qa = category === "policy" ? pick(POLICY_QA) : category === "market" ? pick(MARKET_QA) : null;
        const sd = category === "supply_demand" ? pick(SUPPLY_PRODUCTS) : null;
        const fish = k?.specialty === "aquaculture" || (sd?.tags.includes("水产") ?? false);
        const duty = Number(day.slice(8, 10)) % 2 ? experts.seeds : experts.fish;
        const specialist = fish ? experts.fish : experts.seeds;
        const limits = categoryLimits(category);
        const q = rnd();
        const resolution: "phone" | "specialist" | "visit" = category === "production" ? (q < 0.7 ? "phone" : q < 0.88 ? "specialist" : "visit") : q < 0.93 ? "phone" : "specialist";
        const responded = new Date(Date.parse(createdAt) + between(3, 25) * 60_000).toISOString();
        const solvedDay = resolution === "visit" ? addWorking(cal, day, between(1, 3)) : resolution === "specialist" ? (rnd() < 0.6 ? day : addWorking(cal, day, 1)) : day;
        const solved = resolution === "phone" ? new Date(Date.parse(responded) + between(5, 30) * 60_000).toISOString() : at(solvedDay, between(10 * 60, 17 * 60));
        // The last two days' calls are partly still with the duty expert; the rest are closed, or with a specialist or on a visit still.
        const state: "open" | "handling" | "closed" = day >= addDays(today, -2) && rnd() < 0.25 ? "open" : solved < at(today, 0) ? "closed" : resolution === "phone" ? "open" : "handling";
        const closed = state === "closed";
        const holder = state === "open" || resolution === "phone" ? duty : specialist;
        const text = k ? k.question : qa ? qa.question : sd ? `有 ${between(sd.qty[0]!, sd.qty[1]!)} ${sd.unit}${sd.product}要${rnd() < 0.8 ? "卖" : "买"}，想找${rnd() < 0.5 ? "收购商" : "买家"}` : category === "complaint" ? pick(COMPLAINTS) : "咨询农业保险理赔的办理流程";
        const answer = k ? k.answer : qa ? qa.answer : sd ? "已登记供求信息，审核后按品种和地区发送给相关订阅用户。" : category === "complaint" ? "已转农业执法大队核查处理，结果将电话告知。" : "农业保险出险后 48 小时内向承保公司报案，配合查勘定损，理赔款直接打到农户账户。";
        const callback = closed && addDays(solvedDay, 1) < today && rnd() < 0.82;
        const sat = rnd();
        const satisfaction = callback ? (sat < 0.86 ? "satisfied" : sat < 0.96 ? "basic" : sat < 0.98 ? "unsatisfied" : "unreachable") : null;
        const callbackMethod = rnd() < 0.85 ? "phone" : "sms";
        const callbackAt = callback ? at(addDays(solvedDay, 1), between(9 * 60, 17 * 60)) : null;
        caller.calls++;
        caller.last = createdAt;
        if (!caller.created) caller.created = createdAt;
        const channel = rnd() < 0.88 ? "phone" : "web";
        const specialty = fish ? "aquaculture" : (k?.specialty ?? "crops");
        // The clocks as the product counts them (working hours on the centre's calendar), so a recount finds nothing to move.
        const due = slaDueTimes(cal, { openedAt: createdAt, pauses: [], responseMinutes: limits.responseMinutes, solutionMinutes: limits.solutionMinutes });
        tickets.push({
          id,
          number: ticketNumber(Number(year), seq),
          centre_id: farmCentre.id,
          channel,
          caller_id: caller.id,
          caller_name: caller.name,
          caller_phone: caller.phone,
          village_code: caller.village.code,
          address: null,
          lat: null,
          lng: null,
          open311_client_id: null,
          category,
          product: k?.product ?? qa?.product ?? sd?.product ?? null,
          text,
          specialty: state === "open" || resolution === "phone" ? null : specialty,
          status: closed ? "closed" : state === "open" ? "open" : resolution === "specialist" ? "transferred" : "visit",
          assignee_id: holder.id,
          assigned_at: state === "open" || resolution === "phone" ? createdAt : responded,
          response_minutes: limits.responseMinutes,
          solution_minutes: limits.solutionMinutes,
          response_due_at: due.responseDue,
          solution_due_at: due.solutionDue,
          due_provisional: due.provisional ? 1 : 0,
          calendar_rev: cal.revision,
          waiting_since: null,
          overdue_notified: null,
          responded_at: state === "open" ? null : responded,
          solved_at: closed ? solved : null,
          resolution: closed ? resolution : null,
          answer: closed ? answer : null,
          closed_by: closed ? holder.id : null,
          callback_at: callbackAt,
          callback_by: callback ? operator.id : null,
          callback_method: callback ? callbackMethod : null,
          satisfaction,
          callback_note: null,
          knowledge_id: null,
          created_by: channel === "phone" ? operator.id : null,
          created_at: createdAt,
          updated_at: callbackAt ?? (closed ? solved : createdAt),
          revision: closed ? 4 : 1,
        });
        events.push({ id: uuid(), ticket_id: id, kind: "logged", actor_id: channel === "phone" ? operator.id : null, detail: JSON.stringify({ channel, assigneeId: duty.id }), at: createdAt });
        if (state !== "open" && resolution === "specialist") events.push({ id: uuid(), ticket_id: id, kind: "transfer", actor_id: duty.id, detail: JSON.stringify({ from: duty.id, to: specialist.id, toName: specialist.display_name, specialty, note: null }), at: responded });
        if (state !== "open" && resolution === "visit") {
          const visitId = uuid();
          const visitDay = addWorking(cal, day, 1);
          const findings = `现场查看：${k?.question ?? text}`;
          events.push({ id: uuid(), ticket_id: id, kind: "dispatch", actor_id: duty.id, detail: JSON.stringify({ expertId: specialist.id, date: visitDay, villageCode: caller.village.code, address: null, note: null }), at: responded });
          visits.push({ id: visitId, ticket_id: id, expert_id: specialist.id, visit_date: visitDay, village_code: caller.village.code, address: null, status: closed ? "done" : "planned", findings: closed ? findings : null, advice: closed ? answer : null, recorded_at: closed ? solved : null, created_by: duty.id, created_at: responded });
          if (closed) events.push({ id: uuid(), ticket_id: id, kind: "record_visit", actor_id: specialist.id, detail: JSON.stringify({ visitId, findings, advice: answer }), at: solved });
        }
        if (closed) events.push({ id: uuid(), ticket_id: id, kind: resolution === "visit" ? "close" : "answer", actor_id: holder.id, detail: JSON.stringify(resolution === "visit" ? { summary: answer, published: null } : { answer, knowledgeId: null, published: null }), at: solved });
        if (callback) events.push({ id: uuid(), ticket_id: id, kind: "callback", actor_id: operator.id, detail: JSON.stringify({ method: callbackMethod, satisfaction, note: null }), at: callbackAt });
        if (sd && closed && rnd() < 0.8) sdNotices.push({ id: uuid(), ticketId: id, caller, kind: text.includes("要买") ? "demand" : "supply", product: sd, qty: between(sd.qty[0]!, sd.qty[1]!), day, createdAt });
      }
    }
    const usedCallers = callers.filter((c) => c.calls > 0);
    await insertAll(
      trx,
      "hotline_callers",
      usedCallers.map((c) => ({ id: c.id, phone: c.phone, name: c.name, village_code: c.village.code, calls: c.calls, last_call_at: c.last, created_at: c.created, updated_at: c.last })),
    );
    await insertAll(trx, "hotline_tickets", tickets, 100);
    await insertAll(trx, "hotline_ticket_events", events);
    await insertAll(trx, "hotline_visits", visits);
    summary.tickets = tickets.length;
    summary.callers = usedCallers.length;
    for (const [y, v] of ticketNo) counters.push([`hotline:${y}`, v]);

    // Subscribers with consent, then each verified notice broadcast to its targeted audience.
    const subscribers: { id: string; phone: string; village: string; role: "farmer" | "buyer" | "coop"; tags: string[]; joined: string }[] = [];
    const subscriberCount = Math.round(YEAR_TARGETS.subscribers * scale);
    const consents: Record<string, unknown>[] = [];
    const tagRows: Record<string, unknown>[] = [];
    for (let i = 0; i < subscriberCount; i++) {
      const r = rnd();
      const role = r < 0.55 ? "farmer" : r < 0.85 ? "buyer" : "coop";
      const tags = [...new Set([...pick(SUPPLY_PRODUCTS).tags, ...(rnd() < 0.4 ? pick(SUPPLY_PRODUCTS).tags : [])])];
      const id = uuid();
      const joined = at(addDays(from, -between(10, 700)), between(9 * 60, 17 * 60));
      subscribers.push({ id, phone: `1396573${String(i).padStart(4, "0")}`, village: villageIn(pick(COUNTIES).code).code, role, tags, joined });
      consents.push({ id: uuid(), subscriber_id: id, given_at: joined, method: rnd() < 0.6 ? "paper" : rnd() < 0.7 ? "import" : "phone", recorded_by: operator.id, note: "演示数据", created_at: joined });
      for (const tag of tags) tagRows.push({ tag, subscriber_id: id });
    }
    await insertAll(
      trx,
      "sms_subscribers",
      subscribers.map((s) => ({ id: s.id, phone: s.phone, name: name(), village_code: s.village, role: s.role, tags: JSON.stringify(s.tags), created_by: operator.id, created_at: s.joined, updated_at: s.joined })),
    );
    await insertAll(trx, "sms_subscriber_tags", tagRows);
    await insertAll(trx, "sms_consents", consents);
    summary.subscribers = subscribers.length;

    const noticeRows: Record<string, unknown>[] = [];
    const broadcastRows: Record<string, unknown>[] = [];
    const outbox: Record<string, unknown>[] = [];
    const optedOut = new Set<string>();
    const optOutRows: Record<string, unknown>[] = [];
    const inbound: Record<string, unknown>[] = [];
    for (const n of sdNotices) {
      const decidedDay = n.day;
      const decided = at(decidedDay, between(9 * 60, 17 * 60));
      const rejected = rnd() < 0.1;
      const place = n.caller.village;
      const validUntil = addDays(n.day, 7);
      noticeRows.push({
        id: n.id,
        ticket_id: n.ticketId,
        owner_caller_id: n.caller.id,
        kind: n.kind,
        product: n.product.product,
        quantity: String(n.qty),
        unit: n.product.unit,
        price: "面议",
        village_code: place.code,
        contact_phone: n.caller.phone,
        text: `${n.kind === "supply" ? "有" : "求购"} ${n.qty} ${n.product.unit}${n.product.product}`,
        status: rejected ? "rejected" : "broadcast",
        created_by: operator.id,
        created_at: n.createdAt,
        updated_at: decided,
        valid_until: validUntil,
        decided_by: supervisor.id,
        decided_at: decided,
        reject_reason: rejected ? pick(REJECT_NOTICE) : null,
        owner_told_at: decided,
      });
      if (rejected) continue;
      const county = place.code.slice(0, 6);
      const wide = rnd() < 0.35;
      const target = { tags: n.product.tags.slice(0, 1), regions: [wide ? "3304" : county], roles: n.kind === "supply" ? ["buyer", "coop"] : ["farmer", "coop"] };
      const body = noticeSmsBody({ kind: n.kind, product: n.product.product, quantity: String(n.qty), unit: n.product.unit, price: "面议", place: place.fullName, contactPhone: n.caller.phone, validUntil });
      const text = composeSms(config.sms.signature, body);
      const parts = segmentSms(text).length;
      const bid = uuid();
      const approved = new Date(Date.parse(decided) + between(10, 90) * 60_000).toISOString();
      const audience = subscribers.filter((s) => s.tags.includes(target.tags[0]!) && target.regions.some((r) => s.village.startsWith(r)) && target.roles.includes(s.role) && !optedOut.has(s.phone));
      let sentAt = Date.parse(approved) + 2000;
      for (const s of audience) {
        sentAt += between(20, 400);
        const r = rnd();
        const state = r < 0.965 ? "delivered" : "failed";
        outbox.push({ broadcast_id: bid, phone: s.phone, text, parts, idempotency_key: `${bid}:${s.phone}`, state, not_before: approved, attempts: 1, claimed_by: "demo", claimed_at: new Date(sentAt - 10).toISOString(), message_ids: null, error: state === "failed" ? "UNDELIV" : null, sent_at: new Date(sentAt).toISOString(), done_at: new Date(sentAt + between(2, 60) * 1000).toISOString(), created_at: approved, submitted_at: new Date(sentAt - 5).toISOString(), sms_message_id: null });
        if (rnd() < 0.004) {
          optedOut.add(s.phone);
          const when = new Date(sentAt + between(1, 120) * 60_000).toISOString();
          optOutRows.push({ phone: s.phone, at: when, source: "reply", detail: "R" });
          inbound.push({ id: uuid(), phone: s.phone, text: "R", kind: "opt_out", broadcast_id: bid, at: when });
        }
      }
      broadcastRows.push({ id: bid, notice_id: n.id, body, text, parts, target: JSON.stringify(target), audience: audience.length, status: "done", send_at: null, created_by: operator.id, created_at: decided, approved_by: supervisor.id, approved_at: approved, cancelled_by: null, cancelled_at: null, finished_at: new Date(sentAt + 60_000).toISOString() });
    }
    await insertAll(trx, "supply_demand_notices", noticeRows);
    await insertAll(trx, "sms_broadcasts", broadcastRows);
    await insertAll(trx, "sms_outbox", outbox);
    await insertAll(trx, "sms_opt_outs", optOutRows);
    await insertAll(trx, "sms_inbound", inbound);
    summary.notices = noticeRows.length;
    summary.broadcasts = broadcastRows.length;
    summary.messages = outbox.length;

    // Numbering goes on from what the year used.
    for (const [key, value] of counters) {
      await trx.insertInto("counters").values({ key, value }).onConflict((oc) => oc.column("key").doUpdateSet({ value })).execute();
    }

    // The centre's baseline for process length and speed (demo values, to be replaced by the centre's own).
    await trx
      .insertInto("dashboard_baselines")
      .values({ id: uuid(), centre_id: approvalCentre.id, steps: 5, working_days: 9, note: "演示基线：改革前企业设立按 9 个工作日承诺、5 个环节计，请中心按本地实际录入", set_by: user("leader").id, set_at: created })
      .execute();
  });
  return summary;
}
