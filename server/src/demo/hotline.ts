import type { Role } from "@yichuang/core";
import type { Config } from "../config.js";
import type { FileStore } from "../platform/files.js";
import { CalendarService } from "../platform/calendar/calendar.service.js";
import type { Database } from "../db/database.js";
import { registerOpen311Client } from "../hotline/open311.routes.js";
import * as tickets from "../hotline/tickets.service.js";
import type { Actor } from "../identity/policy.js";
import type { RequestContext } from "../shared/request-context.js";

/** The demo's Open311 client key (printed at start; never use it outside the demo). */
export const DEMO_OPEN311_KEY = "jiaxing-12316-demo";

/** Entries an operator can reuse from the first start: common questions of Jiaxing's farmers and the centre's answers (also the answers of the demo's generated year of calls). */
export const DEMO_KNOWLEDGE = [
  {
    title: "水稻：稻瘟病怎么预防和防治",
    category: "production",
    specialty: "plant_protection",
    product: "水稻",
    question: "晚稻叶片上出现梭形褐色病斑，中间灰白色，是不是稻瘟病？怎么防？",
    answer: "典型症状为叶瘟的梭形病斑。选用抗病品种，控制氮肥、增施钾肥，浅水勤灌。破口前 3–5 天和齐穗期各防一次穗瘟，可选三环唑、春雷霉素或稻瘟灵，按标签剂量兑水喷雾；连续阴雨天抢晴施药。",
  },
  {
    title: "水稻：稻飞虱防治适期",
    category: "production",
    specialty: "plant_protection",
    product: "水稻",
    question: "稻田里飞虱很多，要不要打药，用什么药？",
    answer: "分蘖至孕穗期百丛虫量超过 1000 头、穗期超过 1500 头时防治。药剂可选吡蚜酮、烯啶虫胺等，对准稻丛基部喷雾，田间保持 3–5 厘米水层；避免连续使用同一种药剂，防止抗药性。",
  },
  {
    title: "南美白对虾：清晨浮头怎么办",
    category: "production",
    specialty: "aquaculture",
    product: "南美白对虾",
    question: "虾塘早上对虾浮头，水色发绿，怎么处理？",
    answer: "浮头多为夜间溶氧不足。立即开启全部增氧机，必要时泼洒增氧剂；当天减少或停止投饵；藻类过多时换水 20–30 厘米并用改底剂改善底质，之后定期监测溶氧和氨氮。",
  },
  {
    title: "湖羊：羔羊腹泻的处理",
    category: "production",
    specialty: "livestock",
    product: "湖羊",
    question: "刚出生十几天的小湖羊拉稀，怎么办？",
    answer: "先隔离病羔，保暖并及时补液防脱水；圈舍保持干燥、勤换垫草，哺乳母羊乳房清洁。细菌性腹泻在兽医指导下用药；平时做好母羊产前免疫，羔羊吃足初乳。",
  },
  {
    title: "草莓：大棚草莓白粉病",
    category: "production",
    specialty: "horticulture",
    product: "草莓",
    question: "大棚草莓叶片背面有白色粉状物，叶片上卷，是什么病？",
    answer: "是草莓白粉病，棚内湿度高、通风差时易发。及时摘除病叶病果带出棚外，白天加强通风降湿；发病初期选用登记在草莓上的白粉病药剂（如醚菌酯、乙嘧酚等）交替喷雾，采收前注意安全间隔期。",
  },
  {
    title: "葡萄：霜霉病的防治",
    category: "production",
    specialty: "horticulture",
    product: "葡萄",
    question: "葡萄叶子正面黄褐色斑，背面有白色霜状霉层，用什么药？",
    answer: "为葡萄霜霉病。避雨栽培、及时整枝改善通风；雨前用保护性药剂（如波尔多液），发病后选用烯酰吗啉、霜脲·锰锌等治疗性药剂，7–10 天一次，连续 2–3 次。",
  },
  {
    title: "种粮补贴：种粮大户补贴怎么申请",
    category: "policy",
    specialty: null,
    product: "粮食",
    question: "种了一百多亩水稻，种粮大户补贴去哪里申请？",
    answer: "一般由所在镇（街道）农业服务中心统一受理，按当年实际种植面积申报，经村级公示和核实后发放。具体补贴标准和申报时间以当年市、区农业农村部门文件为准，可来电 12316 或到镇农办咨询。",
  },
  {
    title: "农机：农机购置补贴办理流程",
    category: "policy",
    specialty: "machinery",
    product: "农业机械",
    question: "想买一台插秧机，农机补贴怎么办理？",
    answer: "在补贴目录内选择机具，向经销商购机并取得发票，登录农机购置补贴信息系统或到县级农机部门申请，核验机具后补贴资金直接发放到购机者账户。补贴额以当年补贴额一览表为准。",
  },
  {
    title: "甲鱼：温室甲鱼白点病",
    category: "production",
    specialty: "aquaculture",
    product: "中华鳖",
    question: "温室里的小甲鱼背上有白点，吃食减少，是什么问题？",
    answer: "可能为白点病（细菌性或霉菌性）。调控水温水质，降低放养密度，病鳖隔离；在执业兽医指导下针对病原用药，并做好池水消毒，避免使用禁用渔药。",
  },
  {
    title: "土壤：稻田秸秆还田后追肥",
    category: "production",
    specialty: "soil_fertilizer",
    product: "水稻",
    question: "秸秆全量还田后秧苗发黄，要不要多施氮肥？",
    answer: "秸秆腐解前期会与秧苗争氮，造成僵苗发黄。基肥中适当增加氮肥 10% 左右，或每亩配施秸秆腐熟剂；分蘖期浅水勤灌、适时搁田，促进根系发育。",
  },
];

/** A demo call: logged by the operator, then (optionally) taken further by the expert holding it. */
const DEMO_CALLS: { call: tickets.NewTicket; then?: "answer" | "transfer" | "visit" | "wait" }[] = [
  { call: { phone: "13857312288", name: "沈阿根", villageCode: "330402103215", category: "production", product: "南美白对虾", text: "虾塘里的对虾这两天浮头，早上死了几十只，水有点发绿。" }, then: "transfer" },
  { call: { phone: "13605731234", name: "朱美英", villageCode: "330402103215", category: "production", product: "水稻", text: "稻田里飞虱很多，要不要打药？" }, then: "answer" },
  { call: { phone: "13957300001", name: "吴建国", villageCode: "330402103215", category: "supply_demand", product: "湖羊", text: "有 200 只湖羊要出售，想找收购商。", notice: { kind: "supply", product: "湖羊", quantity: "200", unit: "只", price: "面议" } } },
  { call: { phone: "13957300002", name: "钱小妹", villageCode: "330402103215", category: "policy", product: "粮食", text: "种粮大户补贴今年怎么申请？" } },
  { call: { phone: "13957300003", name: "陆阿大", villageCode: "330402103215", category: "production", product: "葡萄", text: "葡萄叶子背面有白色霉层，越来越多。" }, then: "wait" },
];

/**
 * The 12316 desk on first start: an Open311 demo client, knowledge entries, and a few of
 * today's calls in every state, made through the same services the pages use.
 */
export async function seedHotlineDemo(db: Database, config: Config, files: FileStore): Promise<{ tickets: number; knowledge: number }> {
  await registerOpen311Client(db, "演示 Open311 客户端", DEMO_OPEN311_KEY);
  const users = await db.selectFrom("users").select(["id", "username", "display_name", "department_id"]).execute();
  const actorOf = (username: string, roles: Role[]): RequestContext => {
    const u = users.find((x) => x.username === username)!;
    const actor: Actor = { userId: u.id, username, displayName: u.display_name, roles, departmentId: u.department_id, sessionId: "demo-seed", csrfToken: "", locale: "zh-CN" };
    return { actor, ip: "127.0.0.1", userAgent: "demo seed" };
  };
  const deps = { db, config, files, calendar: new CalendarService(db, { kind: config.database.kind }) };
  for (const k of DEMO_KNOWLEDGE) await tickets.addKnowledgeEntry(deps, actorOf("operator", ["operator"]), k);
  const operator = actorOf("operator", ["operator"]);
  const supervisor = actorOf("supervisor", ["supervisor"]);
  for (const { call, then } of DEMO_CALLS) {
    const made = await tickets.createTicket(deps, operator, "phone", call);
    // The expert on duty today takes it further (a supervisor when the roster names nobody).
    const holder = users.find((u) => u.id === made.assigneeId);
    const expert = holder ? actorOf(holder.username, ["expert"]) : supervisor;
    if (then === "answer") await tickets.answer(deps, expert, made.id, { answer: DEMO_KNOWLEDGE[1]!.answer });
    if (then === "transfer") await tickets.transfer(deps, expert, made.id, { specialty: holder?.username === "expert.fish" ? "seeds" : "aquaculture", note: "请专家看看" });
    if (then === "wait") await tickets.wait(deps, operator, made.id, { reason: "农户去拍叶片照片，稍后回电" });
  }
  return { tickets: DEMO_CALLS.length, knowledge: DEMO_KNOWLEDGE.length };
}
