import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { notifyOverdueHotline } from "../src/hotline/tickets.service.js";
import { insertCentre } from "../src/org/org.repository.js";
import { buildDepartment, buildUser } from "../src/testing/factories.js";
import { type Client, startTestApp, type TestApp } from "./helpers/harness.js";
import { shanghaiToday } from "../src/platform/clock.js";

let t: TestApp;
let operator: Client;
let duty: Client; // 钱忠龙: seeds, crops, plant protection; on duty today through an override
let fish: Client; // 陆建华: aquaculture
let supervisor: Client;
const ids: Record<string, string> = {};
const VILLAGE = "330402103215"; // 南湖区新丰镇竹林村
const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000" + "1f15c4890000000d49444154789c6300010000050001" + "0d0a2db40000000049454e44ae426082", "hex");

beforeAll(async () => {
  t = await startTestApp();
  [operator, duty, fish, supervisor] = await Promise.all(["operator", "expert", "expert.fish", "supervisor"].map((u) => t.login(u)));
  for (const u of await t.db.selectFrom("users").select(["id", "username"]).execute()) ids[u.username] = u.id;
  const today = shanghaiToday();
  const o = await supervisor.post("/api/hotline/duty/overrides", { from: today, to: today, expertId: ids.expert, reason: "测试：钱忠龙坐诊" });
  expect(o.statusCode).toBe(201);
});
afterAll(async () => t?.close());

const count = async (table: "hotline_tickets" | "hotline_callers" | "hotline_ticket_events" | "hotline_visits" | "knowledge_entries" | "supply_demand_notices" | "sms_messages") =>
  Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
const snapshot = async () => ({
  tickets: await count("hotline_tickets"),
  callers: await count("hotline_callers"),
  events: await count("hotline_ticket_events"),
  visits: await count("hotline_visits"),
  knowledge: await count("knowledge_entries"),
});

const call = (over: Record<string, unknown> = {}) => ({
  phone: "138 5731 2288",
  name: "沈阿根",
  villageCode: VILLAGE,
  category: "production",
  product: "南美白对虾",
  text: "虾塘里的对虾这两天浮头，早上死了几十只，水有点发绿。",
  ...over,
});

describe("12316 tickets", () => {
  let ticketId = "";

  it("logs a call for the expert on duty and recognises the caller when they call again, with their history", async () => {
    const first = await operator.post("/api/hotline/tickets", call({ text: "去年的水稻种子发芽率低，今年该选什么品种？", product: "水稻", category: "production" }));
    expect(first.statusCode).toBe(201);
    const a = first.json();
    expect(a.number).toMatch(/^12316-\d{4}-\d{6}$/);
    expect(a).toMatchObject({ status: "open", channel: "phone", caller: { name: "沈阿根", phone: "13857312288" }, assignee: { name: "钱忠龙" }, light: "green" });
    expect(a.village.fullName).toBe("浙江省嘉兴市南湖区新丰镇竹林村委会");
    expect(a.clocks.response.limitMinutes).toBe(30);
    // The duty expert is told in the app.
    expect((await t.db.selectFrom("notifications").select("title").where("user_id", "=", ids.expert).execute()).map((n) => n.title)).toContain(`12316 新工单 ${a.number}`);

    const known = (await operator.get("/api/hotline/callers/13857312288")).json();
    expect(known.caller).toMatchObject({ name: "沈阿根", villageCode: VILLAGE, calls: 1 });
    expect(known.tickets.map((x: { number: string }) => x.number)).toEqual([a.number]);
    const audited = await t.db.selectFrom("audit_log").select("entity_id").where("action", "=", "hotline.caller.read").execute();
    expect(audited.map((x) => x.entity_id)).toContain(known.caller.id);

    const second = await operator.post("/api/hotline/tickets", call({ name: null }));
    expect(second.statusCode).toBe(201);
    ticketId = second.json().id;
    expect(second.json().caller.name).toBe("沈阿根"); // kept from the first call
    expect(second.json().history.map((h: { number: string }) => h.number)).toEqual([a.number]);
    expect((await operator.get("/api/hotline/callers/138-5731-2288")).json().caller.calls).toBe(2);
    const unknown = (await operator.get("/api/hotline/callers/0573-82001234")).json();
    expect(unknown).toEqual({ phone: "0573-82001234", caller: null, tickets: [] });
  });

  it("refuses an unknown division code, a bad phone, an unknown category: each field named, nothing changed", async () => {
    const before = await snapshot();
    const bad = await operator.post("/api/hotline/tickets", call({ villageCode: "330402999999" }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([{ path: "villageCode", message: "所在村（社区）：区划代码 330402999999 不存在" }]);
    const many = await operator.post("/api/hotline/tickets", call({ phone: "12345", category: "weather", text: " " }));
    expect(many.statusCode).toBe(400);
    expect(many.json().error.fields.map((f: { path: string }) => f.path)).toEqual(["phone", "category", "text"]);
    expect(many.json().error.fields[0].message).toBe("来电号码：须为 11 位手机号或带区号的固定电话");
    const noVillage = await operator.post("/api/hotline/tickets", call({ villageCode: null }));
    expect(noVillage.json().error.fields).toEqual([{ path: "villageCode", message: "所在村（社区）：请按村名选择" }]);
    expect(await snapshot()).toEqual(before);
    // Only hotline staff log calls.
    expect((await (await t.login("clerk")).post("/api/hotline/tickets", call())).statusCode).toBe(403);
  });

  it("refuses a transfer to an expert without that specialty; transfers to the specialist, who is notified", async () => {
    const before = await snapshot();
    const wrong = await duty.post(`/api/hotline/tickets/${ticketId}/transfer`, { specialty: "aquaculture", expertId: ids.expert });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields).toEqual([{ path: "expertId", message: "转办专家：钱忠龙没有“水产养殖”专长，不能转给他" }]);
    const unknownSpecialty = await duty.post(`/api/hotline/tickets/${ticketId}/transfer`, { specialty: "astrology" });
    expect(unknownSpecialty.json().error.fields[0].path).toBe("specialty");
    // Someone else's ticket is not the specialist's to move yet; operators do not transfer.
    expect((await fish.post(`/api/hotline/tickets/${ticketId}/transfer`, { specialty: "seeds" })).statusCode).toBe(403);
    expect((await operator.post(`/api/hotline/tickets/${ticketId}/transfer`, { specialty: "aquaculture" })).statusCode).toBe(403);
    expect(await snapshot()).toEqual(before);

    const sms = await count("sms_messages");
    const moved = await duty.post(`/api/hotline/tickets/${ticketId}/transfer`, { specialty: "aquaculture", note: "对虾浮头，请水产专家看看" });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ status: "transferred", specialty: "aquaculture", assignee: { name: "陆建华" } });
    expect(moved.json().respondedAt).not.toBeNull();
    expect((await t.db.selectFrom("notifications").select("title").where("user_id", "=", ids["expert.fish"]).execute()).map((n) => n.title)).toContain(`12316 工单转办 ${moved.json().number}`);
    expect(await count("sms_messages")).toBe(sms + 1);
    // Signed as the hotline, not the approval centre.
    const told = await t.db.selectFrom("sms_messages").select("text").where("purpose", "=", "hotline.transfer").orderBy("created_at", "desc").executeTakeFirstOrThrow();
    expect(told.text).toMatch(/^【嘉兴12316】/);
    // The duty expert no longer holds it.
    expect((await duty.post(`/api/hotline/tickets/${ticketId}/answer`, { answer: "换水" })).statusCode).toBe(403);
  });

  it("finds a caller's tickets by phone only for those who look callers up, audited", async () => {
    const found = (await operator.get(`/api/hotline/tickets?status=open,transferred,visit,closed&q=${encodeURIComponent("138 5731 2288")}`)).json();
    expect(found.items.length).toBe(2);
    expect(found.items.every((x: { callerPhone: string }) => x.callerPhone === "138****2288")).toBe(true);
    const audited = await t.db.selectFrom("audit_log").select("detail").where("action", "=", "hotline.caller.search").execute();
    expect(audited.map((a) => JSON.parse(a.detail!).phone)).toContain("13857312288");
    const refused = await duty.get("/api/hotline/tickets?q=13857312288");
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe("按来电号码查询须为话务员或督查人员");
    // Words still search the question, ASCII case ignored on both engines.
    await operator.post("/api/hotline/tickets", call({ phone: "13957300011", product: "玉米", text: "NK718玉米种子出苗不齐" }));
    expect((await duty.get(`/api/hotline/tickets?q=nk718`)).json().items.map((x: { product: string }) => x.product)).toEqual(["玉米"]);
    // So do the caller's name and the last digits of a ticket number.
    const named = (await operator.post("/api/hotline/tickets", call({ phone: "13957300012", name: "俞国平", product: "茭白", text: "茭白长锈斑" }))).json();
    expect((await duty.get(`/api/hotline/tickets?q=${encodeURIComponent("俞国平")}`)).json().items.map((x: { id: string }) => x.id)).toEqual([named.id]);
    expect((await duty.get(`/api/hotline/tickets?q=${named.number.slice(-6)}`)).json().items.map((x: { id: string }) => x.id)).toEqual([named.id]);
  });

  it("keeps a known caller's name and village when someone types their phone on the web", async () => {
    const web = await t.anonymous().post("/api/public/hotline/requests", { phone: "13857312288", name: "王五", villageCode: "330402103", category: "other", text: "冒用别人的号码" });
    expect(web.statusCode).toBe(201);
    const known = (await operator.get("/api/hotline/callers/13857312288")).json();
    expect(known.caller).toMatchObject({ name: "沈阿根", villageCode: VILLAGE });
    // The farmer follows it with the number and the last four digits; a wrong pair is not found.
    const progress = await t.anonymous().get(`/api/public/hotline/requests/${web.json().number}?phone4=2288`);
    expect(progress.json()).toMatchObject({ number: web.json().number, status: "open", text: "冒用别人的号码", answer: null });
    expect(JSON.stringify(progress.json())).not.toContain("13857312288");
    expect((await t.anonymous().get(`/api/public/hotline/requests/${web.json().number}?phone4=1234`)).statusCode).toBe(404);
    expect((await t.anonymous().get(`/api/public/hotline/requests/${web.json().number}?phone4=12a4`)).json().error.fields[0].path).toBe("querystring.phone4");
    // Guessing the four digits is stopped: after ten wrong tries on a number, from any address, even the right pair waits.
    for (let i = 0; i < 9; i++) {
      const guess = await t.anonymous().inject({ method: "GET", url: `/api/public/hotline/requests/${web.json().number}?phone4=${String(9000 + i)}`, remoteAddress: `10.0.0.${i + 1}` });
      expect(guess.statusCode).toBe(404);
    }
    const stopped = await t.anonymous().get(`/api/public/hotline/requests/${web.json().number}?phone4=2288`);
    expect(stopped.statusCode).toBe(429);
    expect(stopped.json().error.message).toContain("查询次数过多");
  });

  it("waits for the farmer with the clock standing still, then runs again", async () => {
    const w = await operator.post(`/api/hotline/tickets/${ticketId}/wait`, { reason: "农户去塘边看水色，稍后回电" });
    expect(w.statusCode).toBe(200);
    expect(w.json()).toMatchObject({ waiting: true, clocks: { solution: { dueAt: null } } });
    expect((await operator.post(`/api/hotline/tickets/${ticketId}/wait`, { reason: "再等" })).statusCode).toBe(409);
    const r = await operator.post(`/api/hotline/tickets/${ticketId}/resume`);
    expect(r.json().waiting).toBe(false);
    expect(r.json().clocks.solution.dueAt).not.toBeNull();
    expect(r.json().pauses).toHaveLength(1);
  });

  it("the specialist dispatches a visit, records findings with a photo and closes; closing twice is refused", async () => {
    const tomorrow = new Date(Date.now() + 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    const badPlace = await fish.post(`/api/hotline/tickets/${ticketId}/dispatch`, { date: tomorrow, villageCode: "330402999" });
    expect(badPlace.json().error.fields).toEqual([{ path: "villageCode", message: "上门地点：区划代码 330402999 不存在" }]);
    const past = await fish.post(`/api/hotline/tickets/${ticketId}/dispatch`, { date: "2020-01-01", villageCode: VILLAGE });
    expect(past.json().error.fields).toEqual([{ path: "date", message: "上门日期：不能早于今天" }]);
    const impossible = await fish.post(`/api/hotline/tickets/${ticketId}/dispatch`, { date: "2026-12-45", villageCode: VILLAGE });
    expect(impossible.json().error.fields).toEqual([{ path: "date", message: "上门日期：2026-12-45 不是有效日期" }]);
    const sent = await fish.post(`/api/hotline/tickets/${ticketId}/dispatch`, { date: tomorrow, villageCode: VILLAGE, address: "竹林村 3 组虾塘" });
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toMatchObject({ status: "visit", visits: [{ expertName: "陆建华", date: tomorrow, status: "planned", village: "浙江省嘉兴市南湖区新丰镇竹林村委会" }] });
    const visitId = sent.json().visits[0].id;
    // Not closed before the findings are in.
    expect((await fish.post(`/api/hotline/tickets/${ticketId}/close`, {})).json().error.message).toBe("请先记录上门服务的发现和建议，再办结");

    const boundary = "----yc12316";
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="pond.png"\r\ncontent-type: image/png\r\n\r\n`),
      PNG,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const photo = await fish.inject({ method: "POST", url: `/api/hotline/tickets/${ticketId}/visits/${visitId}/photos`, payload: body, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } });
    expect(photo.statusCode).toBe(201);
    const notImage = await fish.inject({
      method: "POST",
      url: `/api/hotline/tickets/${ticketId}/visits/${visitId}/photos`,
      payload: Buffer.concat([Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.txt"\r\ncontent-type: image/png\r\n\r\nhello\r\n--${boundary}--\r\n`)]),
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    });
    expect(notImage.json().error.fields).toEqual([{ path: "file", message: "现场照片：须为 JPG 或 PNG 图片" }]);
    // A file name with a control character is refused (a photo is not kept under it).
    const photos = Number((await t.db.selectFrom("hotline_visit_photos").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    const badName = await fish.inject({
      method: "POST",
      url: `/api/hotline/tickets/${ticketId}/visits/${visitId}/photos`,
      payload: Buffer.concat([Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="po\u0001nd.png"\r\ncontent-type: image/png\r\n\r\n`), PNG, Buffer.from(`\r\n--${boundary}--\r\n`)]),
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    });
    expect(badName.statusCode).toBe(400);
    expect(badName.json().error.fields).toEqual([{ path: "file", message: "文件名：不能包含控制字符（U+0001）" }]);
    expect(Number((await t.db.selectFrom("hotline_visit_photos").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n)).toBe(photos);
    const img = await operator.get(photo.json().url);
    expect(img.headers["content-type"]).toBe("image/png");
    expect(Buffer.compare(img.rawPayload, PNG)).toBe(0);

    const rec = await fish.post(`/api/hotline/tickets/${ticketId}/visits/${visitId}/record`, { findings: "水体蓝藻偏多，溶氧不足，夜间增氧机未开", advice: "每亩泼洒过硫酸氢钾复合盐 0.5 kg 改底，夜间全开增氧机，三天内少投饵" });
    expect(rec.statusCode).toBe(200);
    expect(rec.json().visits[0]).toMatchObject({ status: "done", photos: [{ fileName: "pond.png", contentType: "image/png" }] });
    const closed = await fish.post(`/api/hotline/tickets/${ticketId}/close`, {});
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: "closed", resolution: "visit" });
    expect(closed.json().answer).toContain("过硫酸氢钾");
    expect(closed.json().knowledgeId).not.toBeNull();

    const before = await snapshot();
    const twice = await fish.post(`/api/hotline/tickets/${ticketId}/close`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toBe("工单已办结，不能再办结");
    expect(await snapshot()).toEqual(before);
    // The farmer was told by SMS.
    const told = await t.db.selectFrom("sms_messages").select("text").where("phone", "=", "13857312288").where("purpose", "=", "hotline.closed").execute();
    expect(told[0]?.text).toMatch(/^【嘉兴12316】您的12316咨询（12316-\d{4}-\d{6}）已办结/);
  });

  it("records the farmer's satisfaction on call-back, once", async () => {
    // A try that does not reach the farmer leaves the call-back open.
    const missed = await operator.post(`/api/hotline/tickets/${ticketId}/callback`, { method: "phone", satisfaction: "unreachable", note: "无人接听" });
    expect(missed.statusCode).toBe(200);
    expect(missed.json().actions).toContain("callback");
    const cb = await operator.post(`/api/hotline/tickets/${ticketId}/callback`, { method: "phone", satisfaction: "satisfied", note: "虾塘已不浮头" });
    expect(cb.statusCode).toBe(200);
    expect(cb.json().callback).toMatchObject({ method: "phone", satisfaction: "satisfied", note: "虾塘已不浮头" });
    const again = await operator.post(`/api/hotline/tickets/${ticketId}/callback`, { method: "phone", satisfaction: "unsatisfied" });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe("该工单已回访，不能重复回访");
    const bad = await operator.post(`/api/hotline/tickets/${ticketId}/callback`, { method: "fax", satisfaction: "ok" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path)).toEqual(["method", "satisfaction"]);
    const detail = (await supervisor.get(`/api/hotline/tickets/${ticketId}`)).json();
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual(["logged", "transfer", "wait", "resume", "dispatch", "record_visit", "close", "callback", "callback"]);
  });

  it("answers by phone, and the answer is found in the knowledge base by any two characters of it", async () => {
    const made = (await operator.post("/api/hotline/tickets", call({ phone: "13605731234", name: "朱美英", product: "草莓", text: "大棚草莓叶片上有白色粉状物，是什么病？" }))).json();
    const ans = await duty.post(`/api/hotline/tickets/${made.id}/answer`, { answer: "是草莓白粉病。摘除病叶，加强通风降湿，发病初期用 42.8% 氟菌·肟菌酯悬浮剂喷雾。" });
    expect(ans.statusCode).toBe(200);
    expect(ans.json()).toMatchObject({ status: "closed", resolution: "phone" });
    for (const q of ["白粉病", "草莓", "肟菌酯", "粉状", "莓 白粉"]) {
      const found = (await operator.get(`/api/hotline/knowledge?q=${encodeURIComponent(q)}`)).json();
      expect(found.items.map((e: { ticketId: string }) => e.ticketId), q).toContain(made.id);
    }
    expect((await operator.get(`/api/hotline/knowledge?q=${encodeURIComponent("稻瘟病")}`)).json().items.map((e: { ticketId: string }) => e.ticketId)).not.toContain(made.id);
    const bad = await operator.get(`/api/hotline/knowledge?q=${encodeURIComponent("？？")}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe("q");
    // Reusing an entry counts its use and does not make a duplicate.
    const entry = (await operator.get(`/api/hotline/knowledge?q=${encodeURIComponent("白粉病")}`)).json().items[0];
    const again = (await operator.post("/api/hotline/tickets", call({ phone: "13605731235", product: "草莓", text: "草莓白粉病怎么治？" }))).json();
    const knowledge = await count("knowledge_entries");
    const reuse = await duty.post(`/api/hotline/tickets/${again.id}/answer`, { answer: entry.answer, knowledgeId: entry.id });
    expect(reuse.json().knowledgeId).toBe(entry.id);
    expect(await count("knowledge_entries")).toBe(knowledge);
    expect((await operator.get(`/api/hotline/knowledge?q=${encodeURIComponent("白粉病")}`)).json().items[0].uses).toBe(1);
  });

  it("orders the knowledge base most reused first, then newest, the same on both engines; experts correct and retire entries", async () => {
    const add = async (title: string, answer: string) => (await operator.post("/api/hotline/knowledge", { title, category: "production", product: "葡萄", question: `${title}？`, answer })).json().id as string;
    const older = await add("葡萄霜霉病怎么防", "避雨栽培，发病初期喷烯酰吗啉。");
    const newer = await add("葡萄灰霉病怎么防", "花前花后喷腐霉利，注意通风。");
    const order = async (q: string) => (await operator.get(`/api/hotline/knowledge?q=${encodeURIComponent(q)}`)).json().items.map((e: { id: string }) => e.id);
    expect(await order("葡萄")).toEqual([newer, older]);
    // Reused once, the older entry comes first.
    const made = (await operator.post("/api/hotline/tickets", call({ phone: "13957300005", product: "葡萄", text: "葡萄叶背白色霉层" }))).json();
    await duty.post(`/api/hotline/tickets/${made.id}/answer`, { answer: "避雨栽培，发病初期喷烯酰吗啉。", knowledgeId: older });
    expect(await order("葡萄")).toEqual([older, newer]);
    // A corrected answer is found by its new words; a retired entry leaves search and comes back when restored.
    expect((await operator.patch(`/api/hotline/knowledge/${newer}`, { answer: "开花前后喷嘧霉胺。" })).statusCode).toBe(403);
    const fixed = await duty.patch(`/api/hotline/knowledge/${newer}`, { answer: "开花前后喷嘧霉胺，棚内降湿。" });
    expect(fixed.statusCode).toBe(200);
    expect(await order("嘧霉胺")).toEqual([newer]);
    expect(await order("腐霉利")).toEqual([]);
    expect((await duty.patch(`/api/hotline/knowledge/${newer}`, { answer: " " })).json().error.fields).toEqual([{ path: "answer", message: "解答：请至少写 2 个字" }]);
    await supervisor.patch(`/api/hotline/knowledge/${older}`, { retired: true });
    expect(await order("葡萄")).toEqual([newer]);
    // A retired entry is not reused; answering while waiting ends the wait.
    const again = (await operator.post("/api/hotline/tickets", call({ phone: "13957300006", product: "葡萄", text: "葡萄霜霉病又发了" }))).json();
    await operator.post(`/api/hotline/tickets/${again.id}/wait`, { reason: "农户去看叶片" });
    const stale = await duty.post(`/api/hotline/tickets/${again.id}/answer`, { answer: "避雨栽培", knowledgeId: older });
    expect(stale.json().error.fields).toEqual([{ path: "knowledgeId", message: "知识库条目：不存在或已停用" }]);
    const answered = (await duty.post(`/api/hotline/tickets/${again.id}/answer`, { answer: "避雨栽培，发病初期喷烯酰吗啉。", publish: false })).json();
    expect(answered).toMatchObject({ status: "closed", waiting: false });
    expect(answered.pauses[0].to).not.toBeNull();
    await supervisor.patch(`/api/hotline/knowledge/${older}`, { retired: false });
    expect(await order("葡萄")).toEqual([older, newer]);
  });

  it("drafts a supply/demand notice with the caller as owner for the broadcast module", async () => {
    const made = await operator.post("/api/hotline/tickets", call({ phone: "13957300001", name: "吴建国", category: "supply_demand", product: "湖羊", text: "有 200 只湖羊要出售", notice: { kind: "supply", product: "湖羊", quantity: "200", unit: "只", price: "面议" } }));
    expect(made.statusCode).toBe(201);
    expect(made.json().notices).toEqual([{ id: expect.any(String), kind: "supply", product: "湖羊", quantity: "200", price: "面议", status: "draft" }]);
    const drafts = (await operator.get("/api/hotline/notices")).json();
    expect(drafts[0]).toMatchObject({ owner: "吴建国", product: "湖羊", contactPhone: "139****0001", status: "draft" });
    const wrong = await operator.post("/api/hotline/tickets", call({ category: "policy", notice: { kind: "supply", product: "" } }));
    expect(wrong.json().error.fields.map((f: { path: string }) => f.path)).toEqual(["notice", "notice.product"]);
    // The notice's own rules, as for one entered by staff: a number with its unit, valid from today.
    const before = await count("supply_demand_notices");
    const bad = await operator.post("/api/hotline/tickets", call({ phone: "13957300001", category: "supply_demand", notice: { kind: "supply", product: "湖羊", quantity: "两百", validUntil: "2020-01-01" } }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([
      { path: "notice.quantity", message: "数量：须为数字" },
      { path: "notice.unit", message: "单位：填写数量时须有单位（如 公斤、头、亩）" },
      { path: "notice.validUntil", message: "有效期至：不能早于今天" },
    ]);
    expect(await count("supply_demand_notices")).toBe(before);

    // A supply/demand question that came without its offer (the web form, an app): staff draft it on the ticket, once.
    const plain = (await t.anonymous().post("/api/public/hotline/requests", { phone: "13957300071", name: "褚阿三", villageCode: VILLAGE, category: "supply_demand", product: "黄桃", text: "家里 2 吨黄桃想卖" })).json();
    const plainId = (await t.db.selectFrom("hotline_tickets").select("id").where("number", "=", plain.number).executeTakeFirstOrThrow()).id;
    expect((await (await t.login("expert")).post(`/api/hotline/tickets/${plainId}/notice`, { kind: "supply", product: "黄桃" })).statusCode).toBe(403);
    const badDraft = await operator.post(`/api/hotline/tickets/${plainId}/notice`, { kind: "supply", product: "黄桃", quantity: "2" });
    expect(badDraft.json().error.fields).toEqual([{ path: "notice.unit", message: "单位：填写数量时须有单位（如 公斤、头、亩）" }]);
    const drafted = await operator.post(`/api/hotline/tickets/${plainId}/notice`, { kind: "supply", product: "黄桃", quantity: "2", unit: "吨", price: "面议" });
    expect(drafted.statusCode).toBe(201);
    expect(drafted.json().notices).toEqual([{ id: expect.any(String), kind: "supply", product: "黄桃", quantity: "2", price: "面议", status: "draft" }]);
    expect(drafted.json().events.at(-1).kind).toBe("notice");
    expect((await operator.get("/api/hotline/notices")).json().find((n: { product: string }) => n.product === "黄桃")).toMatchObject({ owner: "褚阿三", contactPhone: "139****0071" });
    expect((await operator.post(`/api/hotline/tickets/${plainId}/notice`, { kind: "supply", product: "黄桃" })).statusCode).toBe(409);
  });

  it("lists tickets with lights; overdue ones are red", async () => {
    const made = (await operator.post("/api/hotline/tickets", call({ phone: "13957300002", text: "稻飞虱很多，要不要打药？", product: "水稻" }))).json();
    // Logged a month ago and never answered: both clocks are past due.
    const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
    await t.db.updateTable("hotline_tickets").set({ created_at: monthAgo, response_due_at: monthAgo, solution_due_at: monthAgo }).where("id", "=", made.id).execute();
    const overdue = (await supervisor.get("/api/hotline/tickets?overdue=1")).json();
    expect(overdue.items.map((x: { id: string }) => x.id)).toEqual([made.id]);
    expect(overdue.items[0]).toMatchObject({ light: "red", callerPhone: "139****0002" });
    // Waiting for the farmer does not hide a clock already run out: still red, still among the overdue.
    expect((await t.login("expert").then((e) => e.post(`/api/hotline/tickets/${made.id}/wait`, { reason: "等农户发照片" }))).statusCode).toBe(200);
    const waiting = (await supervisor.get("/api/hotline/tickets?overdue=1")).json();
    expect(waiting.items.map((x: { id: string; light: string }) => `${x.id} ${x.light}`)).toEqual([`${made.id} red`]);
    expect((await t.login("expert").then((e) => e.post(`/api/hotline/tickets/${made.id}/resume`, {}))).statusCode).toBe(200);
    const mine = (await fish.get("/api/hotline/tickets?mine=1&status=closed")).json();
    expect(mine.items.every((x: { assigneeId: string }) => x.assigneeId === ids["expert.fish"])).toBe(true);
    const lost = await supervisor.get("/api/hotline/tickets?status=open,lost");
    expect(lost.statusCode).toBe(400);
    expect(lost.json().error.fields).toEqual([{ path: "querystring.status.1", message: expect.stringMatching(/^状态（第 2 项）：须为 open/) }]);
    for (const url of ["/api/hotline/tickets?category=zzz", "/api/hotline/knowledge?category=zzz", "/api/hotline/knowledge?specialty=astrology"]) {
      const r = await supervisor.get(url);
      expect(r.statusCode, url).toBe(400);
      expect(r.json().error.message, url).toMatch(/须为以下之一/);
    }

    // The sweep tells the holder and the supervisors once per clock, whichever instances run it.
    const [a, b] = await Promise.all([notifyOverdueHotline(t.db), notifyOverdueHotline(t.db)]);
    expect(a + b).toBe(1);
    expect(await notifyOverdueHotline(t.db)).toBe(0);
    const told = await t.db.selectFrom("notifications").select("user_id").where("title", "=", `12316 工单超时 ${made.number}`).execute();
    expect(told.map((n) => n.user_id).sort()).toEqual([ids.expert, ids.supervisor].sort());
    const detail = (await supervisor.get(`/api/hotline/tickets/${made.id}`)).json();
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual(["logged", "wait", "resume", "overdue"]);
    expect(detail.events[3].detail).toEqual({ clock: "solution" });
  });

  it("lets a supervisor set a category's limits, which new tickets take; bad limits are refused", async () => {
    const before = (await operator.get("/api/hotline/categories")).json();
    expect(before.find((c: { code: string }) => c.code === "market")).toMatchObject({ responseMinutes: 30, solutionMinutes: 450, own: false });
    const bad = await supervisor.put("/api/hotline/categories/market", { responseMinutes: 600, solutionMinutes: 20 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([
      { path: "responseMinutes", message: "响应时限：须为 5–450 之间的整数（工作分钟）" },
      { path: "solutionMinutes", message: "解决时限：须为 30–13500 之间的整数（工作分钟）" },
    ]);
    const shorter = await supervisor.put("/api/hotline/categories/market", { responseMinutes: 60, solutionMinutes: 45 });
    expect(shorter.json().error.fields).toEqual([{ path: "solutionMinutes", message: "解决时限：不能短于响应时限" }]);
    expect((await supervisor.put("/api/hotline/categories/weather", { responseMinutes: 60, solutionMinutes: 900 })).statusCode).toBe(404);
    expect((await operator.put("/api/hotline/categories/market", { responseMinutes: 60, solutionMinutes: 900 })).statusCode).toBe(403);
    expect((await operator.get("/api/hotline/categories")).json()).toEqual(before);

    const saved = await supervisor.put("/api/hotline/categories/market", { responseMinutes: 15, solutionMinutes: 900 });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().find((c: { code: string }) => c.code === "market")).toMatchObject({ responseMinutes: 15, solutionMinutes: 900, own: true, defaults: { responseMinutes: 30, solutionMinutes: 450 } });
    const made = (await operator.post("/api/hotline/tickets", call({ phone: "13957300004", category: "market", product: "湖羊", text: "湖羊现在收购价多少？" }))).json();
    expect(made.clocks.response.limitMinutes).toBe(15);
    expect(made.clocks.solution.limitMinutes).toBe(900);
  });

  it("takes a farmer's question from the web without an account", async () => {
    const web = await t.anonymous().post("/api/public/hotline/requests", { phone: "13957300003", name: "钱小妹", villageCode: VILLAGE, category: "policy", text: "种粮大户补贴今年怎么申请？" });
    expect(web.statusCode).toBe(201);
    const row = await t.db.selectFrom("hotline_tickets").selectAll().where("number", "=", web.json().number).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: "web", created_by: null, assignee_id: ids.expert });
    expect(Object.keys(web.json())).toEqual(["number"]);
    // One phone may send 5 an hour; the sixth waits, and nothing is logged.
    for (let i = 0; i < 4; i++) expect((await t.anonymous().post("/api/public/hotline/requests", { phone: "13957300003", villageCode: VILLAGE, category: "other", text: `第 ${i + 2} 个问题` })).statusCode).toBe(201);
    const before = await snapshot();
    const flood = await t.anonymous().post("/api/public/hotline/requests", { phone: "139 5730 0003", villageCode: VILLAGE, category: "other", text: "第 6 个问题" });
    expect(flood.statusCode).toBe(429);
    expect(flood.json().error.message).toBe("该号码一小时内已提交 5 个问题，请稍后再试或拨打 12316");
    expect(await snapshot()).toEqual(before);
  });
  it("keeps hotline staff to their own centre's tickets (last: it adds a second farm centre)", async () => {
    const at = new Date().toISOString();
    const centre = { id: randomUUID(), code: "ZZ-HAIYAN", kind: "farm" as const, name_zh: "海盐县为农服务中心", name_en: "Haiyan farm centre", address: null, created_at: at };
    await insertCentre(t.db, centre);
    const dept = await buildDepartment(t.db, { centreId: centre.id, code: "HYAGRI", nameZh: "海盐农业" });
    const other = await buildUser(t.db, { username: "expert.haiyan", displayName: "海盐专家", roles: ["expert"], departmentId: dept.id });
    const elsewhere = await t.login(other.username, other.password);
    const before = await snapshot();
    expect((await elsewhere.get(`/api/hotline/tickets/${ticketId}`)).statusCode).toBe(403);
    expect((await elsewhere.post(`/api/hotline/tickets/${ticketId}/answer`, { answer: "换水增氧" })).statusCode).toBe(403);
    const farm = (await supervisor.get("/api/hotline/duty")).json().centre.id;
    expect((await elsewhere.get(`/api/hotline/tickets?centre=${farm}`)).statusCode).toBe(403);
    // Their own centre's list is theirs (empty), not Jiaxing's.
    expect((await elsewhere.get("/api/hotline/tickets?status=open,transferred,visit,closed")).json().total).toBe(0);
    expect(await snapshot()).toEqual(before);
  });
});
