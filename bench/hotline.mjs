// 12316 hotline's benchmarks (issue 7), on SQLite and, when TEST_DATABASE_URL or
// BENCH_DATABASE_URL is set, PostgreSQL:
//  1. logging calls through the HTTP API (POST /api/hotline/tickets as the demo operator, cookie
//     and CSRF token) at 20 connections for --duration seconds after a short warm-up; every
//     request a different body (a generated question, a Jiaxing village), 60 % from a new
//     caller's phone and 40 % from a caller who has already called (the upsert's other branch)
//     → tickets/s, p50/p99, non-2xx (must be 0), and hotline_tickets counted afterwards: every
//     answered ticket's id must be there. On a fresh database each time (a temp DATA_DIR; on
//     PostgreSQL a database created and dropped for the run).
//  2. knowledge-base search over 100,000 entries (target p99 < 50 ms): entries generated from a
//     seeded PRNG (Chinese agricultural questions and answers, 60–300 characters each, products,
//     pests, diseases, fertilisers, prices and policies picked with Zipf weights, so 水稻 is
//     everywhere and 芋艿 rare), added to the demo's few up to 100,000 through the db handle,
//     500 rows per statement (10 per transaction), with
//     core's searchTokens (SQLite: the FTS5 index filled by the triggers; PostgreSQL: the
//     generated tsvector and its GIN index, then VACUUM (ANALYZE) as autovacuum would).
//     Cached: SQLite in bench/.cache/hotline-g<version>-n<entries>/, PostgreSQL in the database
//     yc_bench_hotline_v2; generation is skipped when knowledge_entries already holds the entries.
//     Then GET /api/hotline/knowledge?q=… as the operator over a mix of query kinds (common and
//     mid-frequency bigrams, rare ones, several terms, one character, no hit): autocannon at
//     4 connections over the mix (latency per query kind too), each query alone one after the
//     other, and the repository's searchEntries alone in this process (the database's share).
// Options: --duration=S (default 10), --only=sqlite|postgres, --entries=N (default 100000),
// --sequential=N requests per query when measured one at a time (default 30), --regenerate.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import SQLite from "better-sqlite3";
import { CompiledQuery, sql } from "kysely";
import pg from "pg";
import { root } from "./lib/procs.mjs";
import { login as signIn, withServer } from "./lib/server.mjs";

const arg = (name, dflt) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? dflt);
const opt = (name, dflt) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? dflt;
const DURATION = arg("duration", 10);
const ONLY = opt("only", undefined); // sqlite | postgres
const ENTRIES = arg("entries", 100_000);
const SEQUENTIAL = arg("sequential", 30);
const REGENERATE = process.argv.includes("--regenerate");
/** Bump when the generated entries change: caches of another version are regenerated. */
const GENERATOR = 2;
const TICKET_CONNECTIONS = 20;
const SEARCH_CONNECTIONS = 4;
const TARGET_P99_MS = 50;

const dist = (p) => path.join(root, "server", "dist", p);
const repo = await import(dist("hotline/tickets.repository.js"));
const { searchQuery, searchTokens } = await import(path.join(root, "packages", "core", "dist", "index.js"));

const login = async (base, username) => ({ ...(await signIn(base, username)), "content-type": "application/json" });
const cacheRoot = path.join(root, "bench", ".cache");
const results = {
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, node ${process.version}`,
  date: new Date().toISOString(),
  // The machine is shared: the load when the run started.
  loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  durationSeconds: DURATION,
  entries: ENTRIES,
  target: `knowledge search p99 < ${TARGET_P99_MS} ms`,
};
const r1 = (x) => Math.round(x * 10) / 10;
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50Ms: r1(pct(s, 50)), p99Ms: r1(pct(s, 99)), maxMs: r1(s.at(-1)) };
};
const pad = (x, n) => String(x).padStart(n, "0");
const count = async (db, table) => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

// ---- text: Chinese agricultural questions and answers from a seeded PRNG ----

const { seededRandom: mulberry32 } = await import(dist("testing/random.js"));

/** Picks from a list, the first items most often (Zipf weights 1/(rank+1)^s). */
function zipf(items, s = 1) {
  const cum = [];
  let total = 0;
  for (let i = 0; i < items.length; i++) cum.push((total += 1 / (i + 1) ** s));
  return (rnd) => {
    const x = rnd() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo];
  };
}

// Vocabularies, most frequent first (Jiaxing: rice and wheat, vegetables, fruit, pigs, fish).
const CROPS = [
  ["水稻", "crops"], ["小麦", "crops"], ["葡萄", "horticulture"], ["番茄", "horticulture"], ["草莓", "horticulture"], ["黄瓜", "horticulture"],
  ["油菜", "crops"], ["西瓜", "horticulture"], ["桃树", "horticulture"], ["辣椒", "horticulture"], ["茄子", "horticulture"], ["大豆", "crops"],
  ["玉米", "crops"], ["青菜", "horticulture"], ["梨树", "horticulture"], ["甜瓜", "horticulture"], ["芦笋", "horticulture"], ["毛豆", "crops"],
  ["甘蓝", "horticulture"], ["白菜", "horticulture"], ["萝卜", "horticulture"], ["马铃薯", "crops"], ["甘薯", "crops"], ["茭白", "horticulture"],
  ["莲藕", "horticulture"], ["柑橘", "horticulture"], ["茶树", "horticulture"], ["蘑菇", "horticulture"], ["蚕豆", "crops"], ["花生", "crops"],
  ["菱角", "horticulture"], ["杭白菊", "horticulture"], ["芋艿", "horticulture"], ["山药", "horticulture"],
];
const STAGES = {
  default: ["苗期", "开花期", "坐果期", "膨大期", "成熟期", "生长期"],
  水稻: ["育秧期", "分蘖期", "拔节期", "孕穗期", "抽穗期", "灌浆期"],
  小麦: ["出苗期", "越冬期", "返青期", "拔节期", "抽穗期", "灌浆期"],
  油菜: ["苗期", "抽薹期", "开花期", "角果期"],
};
const SYMPTOMS = [
  "叶片发黄", "叶片上出现褐色斑点", "叶尖枯焦", "根部发黑腐烂", "植株矮小", "长势很差", "成片倒伏", "落花落果严重", "果实开裂",
  "叶片卷曲", "茎秆基部有水渍状病斑", "叶片背面有白色霉层", "新叶皱缩", "死苗烂秧", "穗子发白", "果面有凹陷病斑", "叶片上有很多小虫",
];
const DISEASES = {
  水稻: ["稻瘟病", "纹枯病", "稻曲病", "白叶枯病", "细菌性条斑病", "恶苗病"],
  小麦: ["赤霉病", "白粉病", "纹枯病", "锈病"],
  油菜: ["菌核病", "霜霉病", "病毒病"],
  default: ["灰霉病", "霜霉病", "白粉病", "疫病", "炭疽病", "根腐病", "青枯病", "病毒病", "枯萎病", "软腐病", "叶霉病", "黑星病"],
};
const PESTS = {
  水稻: ["稻飞虱", "二化螟", "稻纵卷叶螟", "福寿螺", "稻蓟马"],
  小麦: ["蚜虫", "红蜘蛛", "黏虫"],
  default: ["蚜虫", "红蜘蛛", "蓟马", "白粉虱", "斜纹夜蛾", "小菜蛾", "菜青虫", "地老虎", "蜗牛", "蛴螬", "棉铃虫", "潜叶蝇", "草地贪夜蛾"],
};
const FUNGICIDES = zipf(["三环唑", "井冈霉素", "戊唑醇", "多菌灵", "代森锰锌", "甲霜灵", "百菌清", "苯醚甲环唑", "嘧菌酯", "春雷霉素", "噻呋酰胺", "氟环唑", "啶酰菌胺", "咯菌腈"]);
const INSECTICIDES = zipf(["吡虫啉", "噻虫嗪", "阿维菌素", "氯虫苯甲酰胺", "吡蚜酮", "甲维盐", "联苯菊酯", "螺虫乙酯", "乙基多杀菌素", "四聚乙醛", "虫螨腈", "茚虫威"]);
const FERTILISERS = zipf(["复合肥", "尿素", "有机肥", "钾肥", "过磷酸钙", "硫酸钾", "磷酸二氢钾", "叶面肥", "硼肥", "生物菌肥", "饼肥", "石灰", "锌肥", "硅肥"]);
const ANIMALS = [
  ["生猪", "livestock"], ["湖羊", "livestock"], ["蛋鸡", "livestock"], ["肉鸡", "livestock"], ["母猪", "livestock"], ["仔猪", "livestock"],
  ["鸭子", "livestock"], ["肉牛", "livestock"], ["奶牛", "livestock"], ["鹅", "livestock"], ["兔子", "livestock"], ["蜜蜂", "livestock"],
  ["鸽子", "livestock"], ["山羊", "livestock"],
];
const ANIMAL_SYMPTOMS = ["不吃食", "拉稀", "咳嗽气喘", "发烧", "精神不好", "皮肤发红", "走路打晃", "产蛋下降", "流鼻涕", "掉毛", "关节肿大", "突然死亡"];
const ANIMAL_DISEASES = zipf(["腹泻", "蓝耳病", "传染性胃肠炎", "流行性腹泻", "链球菌病", "支原体肺炎", "球虫病", "新城疫", "禽流感", "大肠杆菌病", "羊痘", "口蹄疫", "小反刍兽疫", "非洲猪瘟", "寄生虫病"]);
const FISH = [
  ["南美白对虾", "aquaculture"], ["鲈鱼", "aquaculture"], ["青虾", "aquaculture"], ["草鱼", "aquaculture"], ["黄颡鱼", "aquaculture"], ["河蟹", "aquaculture"],
  ["鲫鱼", "aquaculture"], ["甲鱼", "aquaculture"], ["鳊鱼", "aquaculture"], ["罗氏沼虾", "aquaculture"], ["泥鳅", "aquaculture"], ["黑鱼", "aquaculture"],
];
const FISH_SYMPTOMS = ["浮头", "不吃料", "在塘边独游", "体表出血", "鳃丝发白", "大量死亡", "身体发红", "肠道发白", "游动无力", "塘水发黑发臭"];
const FISH_DISEASES = zipf(["烂鳃病", "肠炎病", "出血病", "白斑综合征", "水霉病", "车轮虫病", "小瓜虫病", "肝胰腺坏死", "赤皮病", "红体病"]);
const AQUA_DRUGS = zipf(["二氧化氯", "聚维酮碘", "生石灰", "硫酸铜", "过硫酸氢钾", "芽孢杆菌", "光合细菌", "大蒜素", "维生素C", "溴氯海因"]);
const POLICIES = zipf([
  "耕地地力保护补贴", "农机购置补贴", "政策性农业保险", "种粮大户补贴", "土地流转", "高标准农田建设", "家庭农场认定", "农民专业合作社登记",
  "稻谷最低收购价", "早稻订单收购", "设施农用地备案", "生猪调出大县奖励", "农村宅基地审批", "新型职业农民培训", "秸秆综合利用补助",
  "绿色防控补助", "渔业油价补贴", "创业担保贷款",
]);
const POLICY_DOCS = ["身份证", "户口本", "土地承包经营权证", "流转合同", "银行卡", "种植面积确认表", "营业执照", "购机发票", "机具照片"];
const OFFICES = ["镇农业服务中心", "村委会", "区农业农村局", "县农业农村局", "镇便民服务中心", "农业保险服务站"];
// Jiaxing's towns and villages (core's place data): county, town and village names, the villages' codes for tickets.
const DIVISIONS = JSON.parse(fs.readFileSync(path.join(root, "packages", "core", "data", "divisions", "zhejiang-places.json"), "utf8"));
const COUNTIES = { "330402": "南湖区", "330411": "秀洲区", "330421": "嘉善县", "330424": "海盐县", "330481": "海宁市", "330482": "平湖市", "330483": "桐乡市" };
const TOWN_NAME = new Map(DIVISIONS.towns.filter(([c]) => COUNTIES[c.slice(0, 6)]).map(([c, n]) => [c, n]));
const VILLAGES = DIVISIONS.villages
  .filter(([c, n]) => COUNTIES[c.slice(0, 6)] && TOWN_NAME.has(c.slice(0, 9)) && n.endsWith("村委会"))
  .map(([c, n]) => ({ code: c, county: COUNTIES[c.slice(0, 6)], town: TOWN_NAME.get(c.slice(0, 9)), village: n.replace(/委会$/, "") }));
const TOWNS = [...TOWN_NAME.values()];
const PLACES = zipf(Object.values(COUNTIES), 0.5);
const MARKETS = ["嘉兴农产品批发市场", "嘉兴水果市场", "平湖蔬菜批发市场", "桐乡农贸市场", "嘉善粮食收购点"];
const WEATHER = ["阴雨", "高温", "低温寡照", "台风过后", "梅雨", "干旱", "倒春寒", "连续暴雨"];
const ADVICE = [
  "注意开沟排水，降低田间湿度。", "及时清除病残体，集中深埋或销毁。", "合理密植，保持通风透光。", "避免偏施氮肥，适当增施磷钾肥。",
  "施药避开中午高温，傍晚用药效果更好。", "注意轮换用药，延缓抗药性产生。", "如果症状继续加重，请联系当地农技站上门查看。",
  "用药后七天内不要采收上市，严格遵守安全间隔期。", "可以拍照上传到12316平台，专家会进一步诊断。", "选用抗病品种，做好种子消毒。",
  "棚内注意通风降湿，早晚温差不要过大。", "雨后及时补喷一次。", "叶面可以喷施磷酸二氢钾提高抗性。", "做好田间巡查，发现中心病株及时拔除。",
];
const ANIMAL_ADVICE = [
  "立即隔离病畜，对圈舍彻底消毒。", "注意保温通风，保持圈舍干燥。", "饮水中添加电解多维，提高抵抗力。", "按免疫程序及时接种疫苗。",
  "不要自行乱用抗生素，请兽医现场诊断后对症用药。", "病死畜禽要无害化处理，不得随意丢弃。", "出现大量死亡请立即报告当地动物防疫部门。",
];
const FISH_ADVICE = [
  "先开增氧机，减少投喂量。", "定期使用微生物制剂调节水质。", "控制放养密度，保持水位稳定。", "换水时注意温差不要超过三度。",
  "捞出死鱼深埋处理，不要随意丢弃。", "建议送样到水产技术推广站检测。",
];
const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡沈钱顾陆姚金曹蒋";
const GIVEN = "建国平华明芳英林军红伟丽强敏杰秀兰海燕春梅小龙金根";

/** One generated question and answer (with product, category and specialty). */
function entryText(rnd) {
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const v = pick(VILLAGES);
  const place = () => `${v.county}${v.town}${v.village}`;
  const u = rnd();
  let product;
  let category;
  let specialty;
  let domain = "production";
  const q = [];
  const a = [];
  if (u < 0.6) {
    const [crop, spec] = zipf(CROPS, 1.05)(rnd);
    product = crop;
    category = "production";
    specialty = spec;
    const stage = pick(STAGES[crop] ?? STAGES.default);
    const disease = pick(DISEASES[crop] ?? DISEASES.default);
    const pest = pick(PESTS[crop] ?? PESTS.default);
    const kind = rnd();
    if (kind < 0.4) {
      specialty = "plant_protection";
      q.push(`我在${place()}种了${int(2, 300)}亩${crop}，现在是${stage}，${pick(SYMPTOMS)}，${pick(SYMPTOMS)}。`, `是不是得了${disease}？应该打什么药？`);
      a.push(`根据描述和照片，初步判断是${disease}。`, `建议每亩用${FUNGICIDES(rnd)}${int(20, 80)}克兑水${int(30, 60)}公斤均匀喷雾，间隔${int(5, 10)}天再喷一次，连续防治${int(2, 3)}次。`);
      a.push(pick(ADVICE));
    } else if (kind < 0.7) {
      specialty = "plant_protection";
      q.push(`${crop}${stage}${pest}发生比较重，${pick(SYMPTOMS)}。`, `前几天用了${INSECTICIDES(rnd)}，效果不明显，有没有更好的防治办法？`);
      a.push(`${pest}在${stage}繁殖很快，要抓住低龄期防治。`, `可以选用${INSECTICIDES(rnd)}或${INSECTICIDES(rnd)}，每亩${int(10, 60)}毫升兑水喷雾，重点喷植株中下部。`);
      a.push(pick(ADVICE));
    } else {
      specialty = rnd() < 0.5 ? "soil_fertilizer" : spec;
      const f1 = FERTILISERS(rnd);
      q.push(`请问${crop}${stage}怎么施肥？`, `${f1}每亩用多少合适？最近${pick(WEATHER)}，${pick(SYMPTOMS)}，要不要追肥？`);
      a.push(`${crop}${stage}每亩施${f1}${int(5, 40)}公斤，配合${FERTILISERS(rnd)}${int(3, 20)}公斤。`, `土壤pH偏低的田块可以每亩撒石灰${int(30, 80)}公斤。`);
      a.push(pick(ADVICE));
    }
  } else if (u < 0.72) {
    const [animal] = zipf(ANIMALS)(rnd);
    product = animal;
    category = "production";
    specialty = "livestock";
    domain = "animal";
    const d = ANIMAL_DISEASES(rnd);
    q.push(`家里养了${int(5, 2000)}头（只）${animal}，这几天${pick(ANIMAL_SYMPTOMS)}，还有${pick(ANIMAL_SYMPTOMS)}的情况。`, `是什么病？要怎么治？`);
    a.push(`从症状看，${animal}可能是${d}，也不排除混合感染。`, pick(ANIMAL_ADVICE), pick(ANIMAL_ADVICE));
  } else if (u < 0.82) {
    const [fish] = zipf(FISH)(rnd);
    product = fish;
    category = "production";
    specialty = "aquaculture";
    domain = "fish";
    const d = FISH_DISEASES(rnd);
    q.push(`塘里养的${fish}${pick(FISH_SYMPTOMS)}，${pick(FISH_SYMPTOMS)}，水温${int(12, 32)}度。`, `塘有${int(3, 80)}亩，该怎么处理？`);
    a.push(`初步判断${fish}是${d}，多和水质变差有关。`, `可以用${AQUA_DRUGS(rnd)}全池泼洒，每亩每米水深${int(100, 500)}克，连用${int(2, 3)}天。`, pick(FISH_ADVICE));
  } else if (u < 0.91) {
    const policy = POLICIES(rnd);
    const [crop] = zipf(CROPS, 1.05)(rnd);
    product = rnd() < 0.5 ? crop : null;
    category = "policy";
    specialty = null;
    domain = "other";
    q.push(`${policy}怎么申请？需要带什么材料？`, `我在${place()}种了${int(10, 500)}亩${crop}，今年能补多少？`);
    a.push(`按照${int(2024, 2026)}年${PLACES(rnd)}${policy}实施办法，符合条件的按面积或数量核定。`, `请带${pick(POLICY_DOCS)}、${pick(POLICY_DOCS)}和${pick(POLICY_DOCS)}到${pick(OFFICES)}办理，${int(3, 12)}月底前申报。`);
  } else {
    const [what] = rnd() < 0.75 ? zipf(CROPS, 1.05)(rnd) : rnd() < 0.6 ? zipf(ANIMALS)(rnd) : zipf(FISH)(rnd);
    product = what;
    category = "market";
    specialty = "marketing";
    domain = "other";
    const market = pick(MARKETS);
    q.push(`现在${what}收购价多少一斤？`, `${place()}附近哪里有收购的？价格还会涨吗？`);
    a.push(`据${int(1, 12)}月${int(1, 28)}日${market}行情，${what}批发价每斤${int(1, 30)}.${int(0, 9)}元，比上周${rnd() < 0.5 ? "上涨" : "下降"}${int(1, 15)}%。`, `可以联系${pick(TOWNS)}的农民专业合作社统一收购，价格以当天行情为准。`);
  }
  if (rnd() < 0.08) category = "other";
  // Padding to realistic lengths (60–300 characters each): more sentences of the same kind, varied, none twice.
  const fill = (parts, want, more) => {
    const seen = new Set(parts);
    let text = parts.join("");
    for (let tries = 0; [...text].length < want && tries < 60; tries++) {
      const s = pick(more)();
      if (!seen.has(s)) (seen.add(s), (text += s));
    }
    return [...text].slice(0, 300).join("");
  };
  const thing = product ?? "庄稼";
  const moreQ = [
    () => `${pick(WEATHER)}已经${int(3, 15)}天了。`,
    () => `前${int(2, 10)}天刚打过${INSECTICIDES(rnd)}。`,
    () => `周边${int(2, 10)}户都有类似情况。`,
    () => `我今年${int(35, 75)}岁，${domain === "animal" || domain === "fish" ? "养殖" : "种地"}${int(3, 40)}年了，第一次遇到。`,
    () => `已经损失了${int(5, 60)}%左右。`,
    () => `药是在${pick(TOWNS)}的农资店买的。`,
    () => `去年也出现过，今年更严重。`,
    () => `大棚里白天${int(25, 40)}度，晚上${int(5, 20)}度。`,
    () => `${domain === "fish" ? "鱼塘" : domain === "animal" ? "养殖场" : "田块"}是${pick(["黏土", "沙壤土", "水稻土", "新开垦的地", "低洼田", "河边的地"])}，${pick(["排水不太好", "灌溉方便", "前茬种的是小麦", "去年刚流转过来", "施过两次有机肥"])}。`,
    () => `邻居说可能是${pick(DISEASES.default)}，我不太确定。`,
    () => `想问一下${thing}能不能把${FUNGICIDES(rnd)}和${INSECTICIDES(rnd)}混在一起用。`,
    () => `照片已经发到${pick(["微信群", "浙农码", "12316平台", "农技员手机"])}上了。`,
    () => `${v.village}的${pick([...SURNAMES])}师傅让我打这个电话。`,
    () => `麻烦专家${pick(["帮忙看看", "尽快回电", "有空上门看一下", "给个用药方案"])}。`,
    () => `电话是${pick(["家里的座机", "儿子的手机", "我自己的手机"])}，${pick(["上午", "下午", "晚上"])}都可以打。`,
  ];
  const moreA = {
    production: [
      () => pick(ADVICE),
      () => pick(ADVICE),
      () => `近期${pick(WEATHER)}，要特别注意${pick(DISEASES[product] ?? DISEASES.default)}的发生。`,
      () => `施药时每亩用水量不少于${int(30, 60)}公斤，用药后${int(4, 8)}小时内遇雨需要补喷。`,
      () => `${pick(PESTS[product] ?? PESTS.default)}可以与病害一起防治，${INSECTICIDES(rnd)}与${FUNGICIDES(rnd)}现混现用。`,
      () => `${PLACES(rnd)}农技站${int(1, 12)}月将举办${thing}栽培技术培训，可以报名参加。`,
      () => `${thing}${pick(["后期", "前期", "这个阶段"])}对${FERTILISERS(rnd)}需求较大，可结合灌水追施。`,
      () => `如需上门服务，可以联系${pick(TOWNS)}农业服务中心，电话在浙农码上可以查到。`,
      () => `同时注意${pick(["田间卫生", "水分管理", "温度管理", "合理负载", "肥水管理"])}，${pick(["不要大水漫灌", "及时摘除老叶病叶", "控制氮肥用量", "增施有机肥", "做好清园"])}。`,
    ],
    animal: [
      () => pick(ANIMAL_ADVICE),
      () => pick(ANIMAL_ADVICE),
      () => `${thing}${pick(["饲料", "饮水", "垫料"])}要${pick(["保持新鲜", "定期更换", "避免霉变"])}，${pick(["每天清粪", "每周消毒两次", "控制饲养密度"])}。`,
      () => `可以在饲料中添加${pick(["益生菌", "电解多维", "黄芪多糖", "维生素C"])}，连用${int(3, 7)}天。`,
      () => `${PLACES(rnd)}动物疫病预防控制中心可以免费检测，采样后${int(1, 3)}天出结果。`,
    ],
    fish: [
      () => pick(FISH_ADVICE),
      () => pick(FISH_ADVICE),
      () => `${thing}养殖要注意${pick(["溶氧", "氨氮", "亚硝酸盐", "pH值"])}，${pick(["晴天中午开增氧机", "定期测水", "每半月换水一次"])}。`,
      () => `近期${pick(WEATHER)}，${pick(["容易发病", "要减少投喂", "防止缺氧浮头"])}。`,
      () => `可以联系${pick(TOWNS)}水产技术推广站上门测水。`,
    ],
    other: [
      () => `具体以当地公布的文件为准。`,
      () => `如有疑问可以拨打12316热线咨询，工作日${int(8, 9)}点到${int(17, 18)}点有人接听。`,
      () => `${int(2023, 2026)}年${PLACES(rnd)}共发放${POLICIES(rnd)}资金${int(100, 9000)}万元。`,
      () => `${thing}今年种植面积比去年${rnd() < 0.5 ? "增加" : "减少"}${int(2, 30)}%，价格${pick(["总体平稳", "小幅波动", "先涨后跌", "持续走低", "稳中有升"])}。`,
      () => `也可以在浙农码上查询${pick(["办理进度", "补贴发放情况", "收购点位置", "每日价格"])}。`,
      () => `申报材料要真实，不得虚报冒领，否则将追回补贴资金。`,
      () => `${pick(MARKETS)}每天${int(4, 7)}点开市，${pick(["量大可以议价", "需要提前预约", "现场结算", "支持转账"])}。`,
      () => `建议关注${pick(["天气变化", "市场行情", "政策调整", "收购标准"])}，${pick(["分批上市", "错峰销售", "订单生产", "及早申报"])}。`,
    ],
  };
  const question = fill(q, int(60, 300), moreQ);
  const answer = fill(a, int(60, 300), moreA[domain]);
  const first = question.split(/[。？！?!\n]/)[0].trim();
  const title = `${product ? `${product}：` : ""}${first}`.slice(0, 60);
  return { title, category, specialty, product, question, answer, villageCode: v.code, name: `${pick([...SURNAMES])}${pick([...GIVEN])}${rnd() < 0.5 ? pick([...GIVEN]) : ""}` };
}

/** The i-th entry of the knowledge base (deterministic). */
function entryRow(i) {
  const rnd = mulberry32(0x12316 + i * 7919);
  const e = entryText(rnd);
  // Three years of entries in creation order (seq above the counter the service draws from).
  const at = new Date(Date.UTC(2023, 0, 1) + Math.floor((i / ENTRIES) * 3 * 365 * 86400_000)).toISOString();
  return {
    id: `c0000000-0000-4000-8000-${pad(i, 12)}`,
    seq: 1_000_000 + i,
    ticket_id: null,
    title: e.title,
    category: e.category,
    specialty: e.specialty,
    product: e.product,
    question: e.question,
    answer: e.answer,
    tokens: searchTokens(e.title, e.product, e.question, e.answer).join(" "),
    author_id: null,
    uses: Math.floor(rnd() ** 4 * 60),
    status: rnd() < 0.97 ? "published" : "retired",
    created_at: at,
    updated_at: at,
  };
}

/** The queries: kind → texts (hits are counted once the entries are in). */
const QUERIES = [
  ["common", "水稻"],
  ["common", "防治"],
  ["common", "施肥"],
  ["mid", "草莓"],
  ["mid", "灰霉病"],
  ["mid", "南美白对虾"],
  ["rare", "芋艿"],
  ["rare", "生猪调出大县"],
  ["rare", "溴氯海因"],
  ["multi", "稻瘟病 防治"],
  ["multi", "草莓 灰霉病"],
  ["multi", "生猪 收购价"],
  ["single", "稻"],
  ["single", "猪"],
  ["nohit", "区块链"],
  ["nohit", "无人机 航拍"],
];
const KINDS = [...new Set(QUERIES.map(([k]) => k))];

// ---- 1. logging calls ----

async function tickets(label, env) {
  const out = {};
  await withServer(env, async (base, db) => {
    const headers = await login(base, "operator");
    const before = { tickets: await count(db, "hotline_tickets"), callers: await count(db, "hotline_callers") };
    const rnd = mulberry32(7);
    const phones = [];
    let next = 0;
    const body = () => {
      const i = next++;
      let phone;
      if (phones.length > 20 && rnd() < 0.4) {
        phone = phones[Math.floor(rnd() * phones.length)];
      } else phones.push((phone = `13${pad(process.pid % 10, 1)}${pad(i, 8)}`));
      const e = entryText(rnd);
      return JSON.stringify({ phone, name: e.name, villageCode: e.villageCode, category: e.category, product: e.product, text: e.question });
    };
    // The answers' ticket ids, to find each one in hotline_tickets afterwards.
    const ids = [];
    const run = (seconds) =>
      new Promise((resolve, reject) => {
        const t0 = performance.now();
        let last = t0;
        const onResponse = (status, text) => {
          if (status === 201) ids.push(/"id":"([^"]+)"/.exec(text)?.[1]);
        };
        const inst = autocannon(
          { url: `${base}/api/hotline/tickets`, connections: TICKET_CONNECTIONS, duration: seconds, requests: [{ method: "POST", headers, setupRequest: (req) => ({ ...req, body: body() }), onResponse }] },
          (err, r) => (err ? reject(err) : resolve({ r, seconds: (last - t0) / 1000 })),
        );
        inst.on("response", () => (last = performance.now()));
      });
    const warm = await run(Math.min(2, DURATION));
    const { r, seconds } = await run(DURATION);
    // Requests still in flight when autocannon stopped may yet be written: let them finish.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = { tickets: await count(db, "hotline_tickets"), callers: await count(db, "hotline_callers") };
    const rows = after.tickets - before.tickets;
    let found = 0;
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000).filter(Boolean);
      found += Number((await db.selectFrom("hotline_tickets").select((eb) => eb.fn.countAll().as("n")).where("id", "in", chunk).executeTakeFirstOrThrow()).n);
    }
    const answered = warm.r["2xx"] + r["2xx"];
    Object.assign(out, {
      via: `POST /api/hotline/tickets as operator, ${TICKET_CONNECTIONS} connections, ${DURATION} s (after a ${Math.min(2, DURATION)} s warm-up)`,
      ticketsPerSec: Math.round(r["2xx"] / seconds),
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      maxMs: r.latency.max,
      requests: r.requests.total,
      non2xx: r.non2xx + warm.r.non2xx,
      errors: r.errors + warm.r.errors,
      timeouts: r.timeouts + warm.r.timeouts,
      answered2xx: answered,
      rowsWritten: rows,
      answeredTicketsFound: found,
      // every answered ticket is in the table (and the table holds nothing else but calls in flight at a stop)
      allWritten: found === answered && ids.length === answered && rows >= answered && rows <= answered + 2 * TICKET_CONNECTIONS,
      newCallers: after.callers - before.callers,
      callsFromKnownCallers: rows - (after.callers - before.callers),
    });
    console.log(`${label}: tickets ${JSON.stringify(out)}`);
    if (out.non2xx || out.errors || !out.allWritten) {
      const sample = await fetch(`${base}/api/hotline/tickets`, { method: "POST", headers, body: body() });
      out.sampleAnswer = `${sample.status} ${(await sample.text()).slice(0, 300)}`;
      console.error(`${label}: ✗ ${out.non2xx} non-2xx, ${out.errors} errors, ${found} of ${answered} answered tickets found (${rows} rows added); a sample: ${out.sampleAnswer}`);
      process.exitCode = 1;
    }
  });
  return out;
}

// ---- 2. knowledge search ----

/** Inserts the entries missing up to ENTRIES through the db handle, 500 rows per statement, 10 statements per transaction. */
async function generate(label, db) {
  const have = await count(db, "knowledge_entries");
  const t0 = performance.now();
  let tokens = 0;
  let chars = 0;
  for (let i = have; i < ENTRIES; i += 5000) {
    await db.transaction().execute(async (trx) => {
      for (let j = i; j < Math.min(i + 5000, ENTRIES); j += 500) {
        const rows = [];
        for (let k = j; k < Math.min(j + 500, ENTRIES); k++) {
          const row = entryRow(k);
          tokens += row.tokens.split(" ").length;
          chars += [...row.question].length + [...row.answer].length;
          rows.push(row);
        }
        await trx.insertInto("knowledge_entries").values(rows).execute();
      }
    });
    if ((i / 5000) % 4 === 3) console.log(`  ${i + 5000}/${ENTRIES}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const made = ENTRIES - have;
  const g = { entries: made, seconds: r1((performance.now() - t0) / 1000), tokensPerEntry: made ? r1(tokens / made) : null, charsPerEntry: made ? r1(chars / made) : null };
  console.log(`${label}: generated ${made} entries in ${g.seconds} s (${g.tokensPerEntry} distinct tokens, ${g.charsPerEntry} characters of question and answer per entry)`);
  return g;
}

/** SQLite: the cached folder; a new one when it lacks the entries. */
function sqliteCache() {
  const dir = path.join(cacheRoot, `hotline-g${GENERATOR}-n${ENTRIES}`);
  if (fs.existsSync(cacheRoot)) {
    for (const f of fs.readdirSync(cacheRoot)) {
      if (/^hotline-g\d+-n\d+$/.test(f) && !f.startsWith(`hotline-g${GENERATOR}-`)) fs.rmSync(path.join(cacheRoot, f), { recursive: true, force: true });
    }
  }
  const file = path.join(dir, "yichuang.sqlite");
  let n = 0;
  if (fs.existsSync(file) && !REGENERATE) {
    const f = new SQLite(file, { readonly: true });
    try {
      n = f.prepare("SELECT count(*) AS n FROM knowledge_entries").get().n;
    } catch {
      n = 0;
    }
    f.close();
  }
  if (n >= ENTRIES) return { dir, cached: true };
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return { dir, cached: false };
}

/** PostgreSQL: the dedicated database; dropped and created again when it lacks this generator's entries. */
async function postgresCache(pgBase) {
  const name = ENTRIES === 100_000 ? "yc_bench_hotline_v2" : `yc_bench_hotline_v2_n${ENTRIES}`;
  const url = new URL(pgBase);
  url.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: pgBase });
  await admin.connect();
  try {
    const exists = (await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount > 0;
    if (exists && !REGENERATE) {
      const c = new pg.Client({ connectionString: url.toString() });
      await c.connect();
      const n = await c.query("SELECT count(*)::int AS n FROM knowledge_entries").catch(() => ({ rows: [{ n: 0 }] }));
      const marker = await c.query("SELECT value FROM bench_meta WHERE key = 'generator'").catch(() => ({ rows: [] }));
      await c.end();
      if (n.rows[0].n >= ENTRIES && marker.rows[0]?.value === String(GENERATOR)) return { url: url.toString(), cached: true };
    }
    if (exists) await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return { url: url.toString(), cached: false };
}

/**
 * What autovacuum would have done by now on PostgreSQL (statistics, visibility map); ANALYZE on
 * SQLite. Then the generation's record beside the data (bench_meta, generated.json).
 */
async function settle(env, generation) {
  const t0 = performance.now();
  if (env.DATABASE_URL) {
    const c = new pg.Client({ connectionString: env.DATABASE_URL });
    await c.connect();
    await c.query("VACUUM (ANALYZE) knowledge_entries");
    generation.settleSeconds = r1((performance.now() - t0) / 1000);
    await c.query("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text NOT NULL)");
    for (const [k, v] of [["generator", String(GENERATOR)], ["generation", JSON.stringify(generation)]]) {
      await c.query("INSERT INTO bench_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [k, v]);
    }
    await c.end();
  } else {
    const f = new SQLite(path.join(env.DATA_DIR, "yichuang.sqlite"));
    f.exec("ANALYZE");
    f.close();
    generation.settleSeconds = r1((performance.now() - t0) / 1000);
    fs.writeFileSync(path.join(env.DATA_DIR, "generated.json"), JSON.stringify(generation, null, 2) + "\n");
  }
  return generation;
}

/** The record of how a cached database was generated, when there is one. */
async function generationOf(env) {
  try {
    if (!env.DATABASE_URL) return JSON.parse(fs.readFileSync(path.join(env.DATA_DIR, "generated.json"), "utf8"));
    const c = new pg.Client({ connectionString: env.DATABASE_URL });
    await c.connect();
    try {
      return JSON.parse((await c.query("SELECT value FROM bench_meta WHERE key = 'generation'")).rows[0].value);
    } finally {
      await c.end();
    }
  } catch {
    return null;
  }
}

/** Matching published entries of a query, counted in the database. */
async function hits(db, kind, q) {
  const terms = searchQuery(q);
  if (kind === "postgres") {
    const ts = terms.map((t) => `'${t.token}'${t.prefix ? ":*" : ""}`).join(" & ");
    const r = await sql`SELECT count(*)::int AS n FROM knowledge_entries WHERE search @@ ${ts}::tsquery AND status = 'published'`.execute(db);
    return r.rows[0].n;
  }
  const m = terms.map((t) => `"${t.token}"${t.prefix ? "*" : ""}`).join(" ");
  // Retired entries are not in the FTS table.
  const r = await sql`SELECT count(*) AS n FROM knowledge_fts WHERE knowledge_fts MATCH ${m}`.execute(db);
  return Number(r.rows[0].n);
}

/**
 * The plan of the repository's own search statement (captured as searchEntries builds it):
 * EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL, EXPLAIN QUERY PLAN on SQLite, plus its time.
 */
async function planOf(db, kind, q) {
  let node;
  const spy = db.withPlugin({ transformQuery: (a) => (node ??= a.node), transformResult: async (a) => a.result });
  await repo.searchEntries(spy, kind, searchQuery(q), { limit: 20 });
  const compiled = db.getExecutor().compileQuery(node, { queryId: "bench-plan" });
  const explain = kind === "postgres" ? "EXPLAIN (ANALYZE, BUFFERS) " : "EXPLAIN QUERY PLAN ";
  const rows = (await db.executeQuery(CompiledQuery.raw(explain + compiled.sql, [...compiled.parameters]))).rows;
  return rows.map((r) => r["QUERY PLAN"] ?? r.detail);
}

async function knowledge(label, env, cached) {
  const out = {};
  await withServer(env, async (base, db) => {
    const kind = env.DATABASE_URL ? "postgres" : "sqlite";
    const have = await count(db, "knowledge_entries");
    if (have < ENTRIES) out.generation = { cached: false, ...(await settle(env, await generate(label, db))) };
    else out.generation = { cached, entries: have, was: await generationOf(env) };
    out.entries = await count(db, "knowledge_entries");
    const headers = await login(base, "operator");
    const url = (q) => `/api/hotline/knowledge?q=${encodeURIComponent(q)}`;

    // what each query finds (and a check that the API answers it)
    const queries = [];
    for (const [k, q] of QUERIES) {
      const res = await fetch(`${base}${url(q)}`, { headers });
      if (res.status !== 200) throw new Error(`${label}: search ${q}: ${res.status} ${await res.text()}`);
      const body = await res.json();
      queries.push({ kind: k, q, hits: await hits(db, kind, q), returned: body.items.length, more: body.more, bytes: JSON.stringify(body).length });
    }
    out.queries = queries;
    console.log(`${label}: queries ${queries.map((x) => `${x.q}=${x.hits}`).join(", ")}`);

    // a. autocannon over the mix, 4 connections; latency per kind from each response
    const kindOf = new Map(QUERIES.map(([k, q]) => [url(q), k]));
    const perKind = Object.fromEntries(KINDS.map((k) => [k, []]));
    const all = [];
    const mix = async (seconds, record) => {
      const t0 = performance.now();
      const r = await new Promise((resolve, reject) => {
        const inst = autocannon(
          { url: base, connections: SEARCH_CONNECTIONS, duration: seconds, requests: QUERIES.map(([, q]) => ({ method: "GET", path: url(q), headers })) },
          (err, res) => (err ? reject(err) : resolve(res)),
        );
        inst.on("response", (client, status, bytes, ms) => {
          if (record) {
            all.push(ms);
            perKind[kindOf.get(client.requestIterator.currentRequest.path)]?.push(ms);
          }
        });
      });
      return { r, seconds: (performance.now() - t0) / 1000 };
    };
    await mix(Math.min(2, DURATION), false);
    const { r, seconds } = await mix(DURATION, true);
    out.loaded = {
      via: `GET /api/hotline/knowledge?q=… as operator, ${SEARCH_CONNECTIONS} connections, ${DURATION} s, the ${QUERIES.length} queries in turn on each connection`,
      requestsPerSec: Math.round(r.requests.total / seconds),
      ...stats(all),
      non2xx: r.non2xx,
      errors: r.errors,
      perKind: Object.fromEntries(KINDS.map((k) => [k, stats(perKind[k])])),
    };
    if (r.non2xx || r.errors) process.exitCode = 1;
    console.log(`${label}: search under load ${JSON.stringify(out.loaded)}`);

    // b. each query alone, one request at a time (after one unmeasured), over HTTP and in the repository
    const seq = {};
    const dbOnly = {};
    for (const [k, q] of QUERIES) {
      const terms = searchQuery(q);
      await repo.searchEntries(db, kind, terms, { limit: 20 });
      const one = [];
      const inDb = [];
      for (let i = 0; i < SEQUENTIAL + 1; i++) {
        const t0 = performance.now();
        const res = await fetch(`${base}${url(q)}`, { headers });
        await res.arrayBuffer();
        if (i) one.push(performance.now() - t0);
        const t1 = performance.now();
        await repo.searchEntries(db, kind, terms, { limit: 20 });
        if (i) inDb.push(performance.now() - t1);
      }
      (seq[k] ??= []).push(...one);
      (dbOnly[k] ??= []).push(...inDb);
      Object.assign(queries.find((x) => x.q === q), { sequential: stats(one), searchEntries: stats(inDb) });
    }
    out.sequential = Object.fromEntries(KINDS.map((k) => [k, stats(seq[k])]));
    out.searchEntriesAlone = Object.fromEntries(KINDS.map((k) => [k, stats(dbOnly[k])]));
    const seqAll = stats(Object.values(seq).flat());
    out.sequentialOverall = seqAll;
    // where the time goes: the repository statement's plan for the commonest and a rare query
    out.plans = {};
    for (const q of ["防治", "芋艿"]) out.plans[q] = await planOf(db, kind, q);
    for (const [q, lines] of Object.entries(out.plans)) console.log(`${label}: plan for ${q}:\n    ${lines.join("\n    ")}`);
    out.meetsTarget = { underLoad: out.loaded.p99Ms < TARGET_P99_MS, sequential: seqAll.p99Ms < TARGET_P99_MS };
    for (const x of queries) console.log(`${label}: ${x.kind.padEnd(6)} ${x.q.padEnd(10)} ${String(x.hits).padStart(6)} hits  HTTP p50 ${x.sequential.p50Ms} p99 ${x.sequential.p99Ms} ms  searchEntries p50 ${x.searchEntries.p50Ms} p99 ${x.searchEntries.p99Ms} ms`);
  });
  return out;
}

// ---- run ----

async function engine(label, ticketEnv, knowledgeEnv, cached) {
  return { tickets: await tickets(label, ticketEnv), knowledge: await knowledge(label, knowledgeEnv, cached) };
}

if (ONLY !== "postgres") {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yc-bench-hotline-"));
  try {
    const cache = sqliteCache();
    results.SQLite = await engine("SQLite", { DATA_DIR: dataDir, DATABASE_URL: "" }, { DATA_DIR: cache.dir, DATABASE_URL: "" }, cache.cached);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
const pgBase = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
if (ONLY !== "sqlite") {
  if (pgBase) {
    const cache = await postgresCache(pgBase);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yc-bench-hotline-"));
    const name = `yc_bench_hotline_tickets_${process.pid}`;
    const admin = new pg.Client({ connectionString: pgBase });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const ticketsUrl = new URL(pgBase);
    ticketsUrl.pathname = `/${name}`;
    try {
      results.PostgreSQL = await engine(
        "PostgreSQL",
        { DATA_DIR: path.join(dataDir, "t"), DATABASE_URL: ticketsUrl.toString() },
        { DATA_DIR: path.join(dataDir, "k"), DATABASE_URL: cache.url },
        cache.cached,
      );
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  } else {
    results.PostgreSQL = "not run: set TEST_DATABASE_URL or BENCH_DATABASE_URL";
  }
}

console.log(`\n12316 hotline: logging calls at ${TICKET_CONNECTIONS} connections; knowledge search over ${ENTRIES.toLocaleString("en")} entries (target p99 < ${TARGET_P99_MS} ms)`);
for (const name of ["SQLite", "PostgreSQL"]) {
  const r = results[name];
  if (!r) continue;
  if (typeof r === "string") {
    console.log(`  ${name}: ${r}`);
    continue;
  }
  const t = r.tickets;
  const k = r.knowledge;
  console.log(`  ${name}`);
  console.log(`    log a call      ${t.ticketsPerSec} tickets/s, p50 ${t.p50Ms} ms, p99 ${t.p99Ms} ms, non-2xx ${t.non2xx}; ${t.rowsWritten} rows added to hotline_tickets for ${t.answered2xx} 2xx answers ${t.allWritten ? "✓" : "✗"} (${t.answeredTicketsFound} answered tickets found; ${t.newCallers} new callers, ${t.callsFromKnownCallers} calls from known callers)`);
  console.log(`    search (load)   ${k.loaded.requestsPerSec} req/s at ${SEARCH_CONNECTIONS} connections, p50 ${k.loaded.p50Ms} ms, p99 ${k.loaded.p99Ms} ms ${k.meetsTarget.underLoad ? "✓" : "✗ over target"}`);
  for (const kind of KINDS) {
    const l = k.loaded.perKind[kind];
    const s = k.sequential[kind];
    const d = k.searchEntriesAlone[kind];
    console.log(`      ${kind.padEnd(7)} load p50 ${l.p50Ms} / p99 ${l.p99Ms} ms; alone p50 ${s.p50Ms} / p99 ${s.p99Ms} ms; searchEntries alone p50 ${d.p50Ms} / p99 ${d.p99Ms} ms`);
  }
  console.log(`    search (alone)  p50 ${k.sequentialOverall.p50Ms} ms, p99 ${k.sequentialOverall.p99Ms} ms ${k.meetsTarget.sequential ? "✓" : "✗ over target"}`);
}
fs.mkdirSync(path.join(root, "bench", "results"), { recursive: true });
fs.writeFileSync(path.join(root, "bench", "results", "hotline.json"), JSON.stringify(results, null, 2) + "\n");
