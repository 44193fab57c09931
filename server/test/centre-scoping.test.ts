import { randomUUID } from "node:crypto";
import { addDays } from "@yichuang/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import { insertCentre } from "../src/org/org.repository.js";
import { shanghaiToday } from "../src/platform/clock.js";
import { buildDepartment, buildUser } from "../src/testing/factories.js";
import { type Client, startTestApp, type TestApp } from "./helpers/harness.js";

/**
 * Centre scoping (issue 17): staff act within their own centre's data. Hotline staff of a centre
 * without the 12316 hotline (the approval centre) or of no centre at all get 403 on every 12316
 * read and write (tickets, callers, knowledge base, duty, supply/demand SMS), team leaders without a
 * centre on outreach; nothing changes. The farm centre's own staff, supervisors and admins work as before.
 */

let t: TestApp;
let operator: Client; // 顾晓燕, 12316 operator of the farm centre
let expert: Client;
let supervisor: Client;
let admin: Client;
let teamlead: Client; // 周红英, leads a team of the approval centre (AMR)
const outsiders: Record<string, Client> = {};
const ids: Record<string, string> = {};
const VILLAGE = "330402103215"; // 南湖区新丰镇竹林村
const PHONE = "13857319901";
const today = shanghaiToday();
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082", "hex");

const NO_HOTLINE = "您所在的嘉兴市行政审批服务中心未开通 12316 热线，不能查看或处理";
const NO_CENTRE = "您的账号未归属任何中心的部门，不能查看或处理";

/** Every table a refused request could have touched, rows in a stable order. */
const TABLES = [
  "hotline_tickets",
  "hotline_callers",
  "hotline_ticket_events",
  "hotline_pauses",
  "hotline_visits",
  "hotline_category_limits",
  "knowledge_entries",
  "supply_demand_notices",
  "duty_rosters",
  "duty_overrides",
  "sms_subscribers",
  "sms_subscriber_tags",
  "sms_consents",
  "sms_opt_outs",
  "sms_imports",
  "sms_broadcasts",
  "sms_outbox",
  "sms_messages",
  "notifications",
  "service_teams",
  "service_team_members",
  "outreach_events",
  "outreach_event_photos",
  "audit_log",
] as const;
const snapshot = async () => {
  const out: Record<string, string[]> = {};
  for (const table of TABLES) out[table] = (await t.db.selectFrom(table).selectAll().execute()).map((r) => JSON.stringify(r)).sort();
  return out;
};

function multipart(fileName: string, bytes: Buffer, fields: Record<string, string> = {}) {
  const boundary = "----yc-centre";
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${fileName}"\r\ncontent-type: application/octet-stream\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}
const upload = (c: Client, url: string, fileName: string, bytes: Buffer, fields?: Record<string, string>) => {
  const m = multipart(fileName, bytes, fields);
  return c.inject({ method: "POST", url, payload: m.payload, headers: m.headers });
};

/** Each request answered 403 with `message` (a label per request in the failure). */
async function expectRefused(message: string, requests: Record<string, () => Promise<LightMyRequestResponse>>) {
  for (const [label, send] of Object.entries(requests)) {
    const res = await send();
    expect(res.statusCode, `${label}: ${res.body}`).toBe(403);
    expect(res.json().error, label).toMatchObject({ code: "FORBIDDEN", message });
  }
}

beforeAll(async () => {
  t = await startTestApp();
  [operator, expert, supervisor, admin, teamlead] = await Promise.all(["operator", "expert", "supervisor", "admin", "teamlead"].map((u) => t.login(u)));
  // Hotline, SMS and outreach roles in a department of the approval centre (AMR), and with no department.
  for (const [username, roles, departmentId] of [
    ["op.amr", ["operator"], t.dept.AMR],
    ["op.none", ["operator"], null],
    ["expert.amr", ["expert"], t.dept.AMR],
    ["expert.none", ["expert"], null],
    ["tl.none", ["team_leader"], null],
    ["tl.agri", ["team_leader"], t.dept.AGRI],
  ] as const) {
    const u = await buildUser(t.db, { username, displayName: username, roles: [...roles], departmentId });
    ids[username] = u.id;
    outsiders[username] = await t.login(username, u.password);
  }
  for (const u of await t.db.selectFrom("users").select(["id", "username"]).where("username", "in", ["operator", "expert", "teamlead"]).execute()) ids[u.username] = u.id;
  for (const c of await t.db.selectFrom("centres").select(["id", "kind"]).execute()) ids[c.kind] = c.id;

  // The farm centre's data: a ticket with its caller, a knowledge entry, an override, a subscriber, a notice, a broadcast.
  const call = await operator.post("/api/hotline/tickets", { phone: PHONE, name: "沈阿根", villageCode: VILLAGE, category: "production", product: "湖羊", text: "湖羊这两天不吃草，怎么办？" });
  expect(call.statusCode).toBe(201);
  ids.ticket = call.json().id;
  ids.knowledge = (await operator.post("/api/hotline/knowledge", { title: "湖羊不吃草", category: "production", question: "湖羊不吃草怎么办", answer: "先查瘤胃，再看草料是否霉变" })).json().id;
  ids.override = (await supervisor.post("/api/hotline/duty/overrides", { from: today, to: today, expertId: ids.expert, reason: "测试" })).json().id;
  const sub = await operator.post("/api/sms/subscribers", { phone: "13957301001", name: "吴建国", villageCode: VILLAGE, role: "农户", tags: ["湖羊"], consent: { method: "paper" } });
  expect(sub.statusCode).toBe(201);
  ids.subscriber = sub.json().id;
  const notice = await operator.post("/api/sms/notices", { ownerPhone: "13957300001", ownerName: "吴建国", kind: "supply", product: "湖羊", quantity: "20", unit: "头", price: "面议", villageCode: VILLAGE, contactPhone: "13957300001", text: "出售湖羊 20 头", validUntil: addDays(today, 7) });
  expect(notice.statusCode).toBe(201);
  ids.notice = notice.json().id;
  const broadcast = await operator.post("/api/sms/broadcasts", { body: "出售湖羊20头，联系电话13957300001", target: { tags: ["湖羊"], regions: ["330402"], roles: ["farmer"] } });
  expect(broadcast.statusCode).toBe(201);
  ids.broadcast = broadcast.json().id;

  // Outreach: a team of the farm centre (AGRI) led by its own leader, with an event and a photo.
  const team = await supervisor.post("/api/outreach/teams", { departmentId: t.dept.AGRI, name: "农技110服务队", leaderUserId: ids["tl.agri"], members: [] });
  expect(team.statusCode).toBe(201);
  ids.team = team.json().id;
  const event = await outsiders["tl.agri"]!.post("/api/outreach/events", { teamId: ids.team, clientId: "c-centre-1", date: today, placeCode: VILLAGE, activity: "专家上门诊断水稻病虫害", problemsSolved: 2, peopleServed: 10 });
  expect(event.statusCode).toBe(201);
  ids.event = event.json().id;
  const photo = await upload(outsiders["tl.agri"]!, `/api/outreach/events/${ids.event}/photos`, "田头.png", PNG);
  expect(photo.statusCode).toBe(201);
  ids.photo = photo.json().id;
});
afterAll(async () => t?.close());

describe("centre scoping: 12316 hotline", () => {
  it("refuses hotline staff of a centre without the hotline, or of none, every list, record, caller and write; nothing changes", async () => {
    const before = await snapshot();
    for (const [who, why] of [
      ["op.amr", NO_HOTLINE],
      ["op.none", NO_CENTRE],
    ] as const) {
      const c = outsiders[who]!;
      await expectRefused(`${why} 12316 热线业务`, {
        list: () => c.get("/api/hotline/tickets?status=open,transferred,visit,closed"),
        "list by phone": () => c.get(`/api/hotline/tickets?q=${PHONE}`),
        "ticket by id": () => c.get(`/api/hotline/tickets/${ids.ticket}`),
        "caller by phone": () => c.get(`/api/hotline/callers/${PHONE}`),
        duty: () => c.get("/api/hotline/duty"),
        "duty of the farm centre": () => c.get(`/api/hotline/duty?centre=${ids.farm}`),
        knowledge: () => c.get(`/api/hotline/knowledge?q=${encodeURIComponent("湖羊")}`),
        notices: () => c.get("/api/hotline/notices"),
        categories: () => c.get("/api/hotline/categories"),
        specialists: () => c.get("/api/hotline/specialists?specialty=seeds"),
        "log a call": () => c.post("/api/hotline/tickets", { phone: "13857319902", villageCode: VILLAGE, category: "production", text: "水稻叶子发黄" }),
        "log a call at the farm centre": () => c.post("/api/hotline/tickets", { phone: "13857319902", villageCode: VILLAGE, category: "production", text: "水稻叶子发黄", centre: ids.farm }),
        wait: () => c.post(`/api/hotline/tickets/${ids.ticket}/wait`, { reason: "农户去拍照片" }),
        callback: () => c.post(`/api/hotline/tickets/${ids.ticket}/callback`, { method: "phone", satisfaction: "satisfied" }),
        "draft a notice": () => c.post(`/api/hotline/tickets/${ids.ticket}/notice`, { kind: "supply", product: "湖羊" }),
        "write knowledge": () => c.post("/api/hotline/knowledge", { title: "水稻发黄", category: "production", question: "水稻叶子发黄怎么办", answer: "查缺氮，补施尿素" }),
      });
    }
    for (const [who, why] of [
      ["expert.amr", NO_HOTLINE],
      ["expert.none", NO_CENTRE],
    ] as const) {
      const c = outsiders[who]!;
      await expectRefused(`${why} 12316 热线业务`, {
        list: () => c.get("/api/hotline/tickets"),
        "ticket by id": () => c.get(`/api/hotline/tickets/${ids.ticket}`),
        duty: () => c.get("/api/hotline/duty"),
        knowledge: () => c.get("/api/hotline/knowledge"),
        answer: () => c.post(`/api/hotline/tickets/${ids.ticket}/answer`, { answer: "先查瘤胃，再看草料" }),
        transfer: () => c.post(`/api/hotline/tickets/${ids.ticket}/transfer`, { specialty: "aquaculture" }),
        dispatch: () => c.post(`/api/hotline/tickets/${ids.ticket}/dispatch`, { date: addDays(today, 1), villageCode: VILLAGE }),
        "correct knowledge": () => c.patch(`/api/hotline/knowledge/${ids.knowledge}`, { title: "改掉" }),
        "retire knowledge": () => c.patch(`/api/hotline/knowledge/${ids.knowledge}`, { retired: true }),
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses them the supply/demand SMS: subscribers, notices, broadcasts, reads and writes; nothing changes", async () => {
    const before = await snapshot();
    for (const [who, why] of [
      ["op.amr", NO_HOTLINE],
      ["op.none", NO_CENTRE],
    ] as const) {
      const c = outsiders[who]!;
      await expectRefused(`${why}供求短信业务`, {
        subscribers: () => c.get("/api/sms/subscribers"),
        "subscribers by phone": () => c.get("/api/sms/subscribers?q=13957301001"),
        "subscriber by id": () => c.get(`/api/sms/subscribers/${ids.subscriber}`),
        export: () => c.get("/api/sms/subscribers/export.xlsx"),
        "add a subscriber": () => c.post("/api/sms/subscribers", { phone: "13957301002", name: "钱小妹", villageCode: VILLAGE, role: "农户", tags: ["水稻"], consent: { method: "paper" } }),
        "correct a subscriber": () => c.patch(`/api/sms/subscribers/${ids.subscriber}`, { name: "改名" }),
        "opt out": () => c.post(`/api/sms/subscribers/${ids.subscriber}/opt-out`, { reason: "不要了" }),
        import: () => upload(c, "/api/sms/imports", "名单.csv", Buffer.from(`手机号,姓名,村（社区）代码,身份,关注品种\n13957301003,周三,${VILLAGE},农户,水稻\n`), { consentMethod: "import" }),
        notices: () => c.get("/api/sms/notices"),
        "notice by id": () => c.get(`/api/sms/notices/${ids.notice}`),
        "enter a notice": () => c.post("/api/sms/notices", { ownerPhone: "13957300002", kind: "demand", product: "大米", contactPhone: "13957300002", text: "求购大米 5 吨", validUntil: addDays(today, 7), villageCode: VILLAGE }),
        "verify a notice": () => c.post(`/api/sms/notices/${ids.notice}/decision`, { decision: "approve" }),
        "owner told": () => c.post(`/api/sms/notices/${ids.notice}/owner-told`, {}),
        broadcasts: () => c.get("/api/sms/broadcasts"),
        "broadcast by id": () => c.get(`/api/sms/broadcasts/${ids.broadcast}`),
        "monthly report": () => c.get(`/api/sms/reports/monthly?year=${today.slice(0, 4)}`),
        preview: () => c.post("/api/sms/broadcasts/preview", { body: "出售湖羊20头", target: { tags: ["湖羊"], regions: ["330402"], roles: ["farmer"] } }),
        "draft a broadcast": () => c.post("/api/sms/broadcasts", { body: "出售湖羊20头", target: { tags: ["湖羊"], regions: ["330402"], roles: ["farmer"] } }),
        approve: () => c.post(`/api/sms/broadcasts/${ids.broadcast}/approve`),
        cancel: () => c.post(`/api/sms/broadcasts/${ids.broadcast}/cancel`),
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("the farm centre's own staff work as before, within their centre; naming another centre is refused", async () => {
    const list = await operator.get(`/api/hotline/tickets?q=${PHONE}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((x: { id: string }) => x.id)).toEqual([ids.ticket]);
    expect((await operator.get(`/api/hotline/tickets/${ids.ticket}`)).statusCode).toBe(200);
    const caller = (await operator.get(`/api/hotline/callers/${PHONE}`)).json();
    expect(caller.tickets.map((x: { id: string }) => x.id)).toEqual([ids.ticket]);
    expect((await operator.get("/api/hotline/duty")).json().centre.id).toBe(ids.farm);
    expect((await operator.get(`/api/hotline/knowledge?q=${encodeURIComponent("湖羊")}`)).json().items.map((e: { id: string }) => e.id)).toContain(ids.knowledge);
    expect((await expert.get(`/api/hotline/tickets/${ids.ticket}`)).statusCode).toBe(200);
    expect((await operator.get(`/api/sms/subscribers/${ids.subscriber}`)).statusCode).toBe(200);
    expect((await operator.get(`/api/sms/notices/${ids.notice}`)).statusCode).toBe(200);
    expect((await operator.get(`/api/sms/broadcasts/${ids.broadcast}`)).statusCode).toBe(200);
    // A centre without the hotline is no centre to name.
    const approval = await operator.get(`/api/hotline/tickets?centre=${ids.approval}`);
    expect(approval.statusCode).toBe(400);
    expect(approval.json().error.fields).toEqual([{ path: "centre", message: "中心：须为农业服务中心（12316）" }]);
  });

  it("supervisors and admins see every centre: the farm centre by default or by name", async () => {
    for (const c of [supervisor, admin]) {
      expect((await c.get("/api/hotline/duty")).json().centre.id).toBe(ids.farm);
      expect((await c.get(`/api/hotline/duty?centre=${ids.farm}`)).statusCode).toBe(200);
      expect((await c.get(`/api/hotline/tickets/${ids.ticket}`)).statusCode).toBe(200);
      expect((await c.get("/api/hotline/knowledge")).statusCode).toBe(200);
      expect((await c.get("/api/sms/subscribers")).statusCode).toBe(200);
      expect((await c.get("/api/sms/broadcasts")).statusCode).toBe(200);
    }
    expect((await supervisor.get(`/api/hotline/tickets?centre=${ids.farm}&q=${PHONE}`)).json().total).toBe(1);
    expect((await supervisor.get(`/api/hotline/callers/${PHONE}`)).json().tickets).toHaveLength(1);
    expect((await supervisor.get(`/api/hotline/tickets?centre=${ids.approval}`)).statusCode).toBe(400);
  });
});

describe("centre scoping: outreach", () => {
  it("refuses a team leader of no centre every team and event, read or write; nothing changes", async () => {
    const before = await snapshot();
    const c = outsiders["tl.none"]!;
    await expectRefused(`${NO_CENTRE}服务队业务`, {
      teams: () => c.get("/api/outreach/teams"),
      "my teams": () => c.get("/api/outreach/teams/mine"),
      "team by id": () => c.get(`/api/outreach/teams/${ids.team}`),
      "teams export": () => c.get("/api/outreach/teams/export.xlsx"),
      events: () => c.get("/api/outreach/events"),
      "event by id": () => c.get(`/api/outreach/events/${ids.event}`),
      "events export": () => c.get("/api/outreach/events/export.xlsx"),
      photo: () => c.get(`/api/outreach/photos/${ids.photo}`),
      "log an event": () => c.post("/api/outreach/events", { teamId: ids.team, clientId: "c-none-1", date: today, placeCode: VILLAGE, activity: "上门指导", problemsSolved: 1, peopleServed: 3 }),
      "correct an event": () => c.put(`/api/outreach/events/${ids.event}`, { date: today, placeCode: VILLAGE, activity: "改成别的内容", problemsSolved: 1, peopleServed: 3, revision: 1 }),
      "add a photo": () => upload(c, `/api/outreach/events/${ids.event}/photos`, "a.png", PNG),
    });
    expect(await snapshot()).toEqual(before);
  });

  it("keeps a team leader to their own centre's teams, even one they are (wrongly) recorded as leading", async () => {
    // A team of the farm centre recorded with the approval centre's leader (data from before the rule).
    const stray = (await supervisor.post("/api/outreach/teams", { departmentId: t.dept.AGRI, name: "农技服务二队", leaderUserId: ids["tl.agri"], members: [] })).json().id;
    await t.db.updateTable("service_teams").set({ leader_user_id: ids.teamlead }).where("id", "=", stray).execute();
    const before = await snapshot();
    await expectRefused("只能查看和处理本中心的服务队业务", {
      "team by id": () => teamlead.get(`/api/outreach/teams/${stray}`),
      "log an event": () => teamlead.post("/api/outreach/events", { teamId: stray, clientId: "c-stray-1", date: today, placeCode: VILLAGE, activity: "上门指导养殖", problemsSolved: 1, peopleServed: 3 }),
    });
    expect((await teamlead.get("/api/outreach/teams")).json().items.map((x: { id: string }) => x.id)).not.toContain(stray);
    expect((await teamlead.get("/api/outreach/teams/mine")).json().map((x: { id: string }) => x.id)).not.toContain(stray);
    expect(await snapshot()).toEqual(before);
    // The farm centre's leader keeps their own team; the centre leaders see every centre's.
    expect((await outsiders["tl.agri"]!.get("/api/outreach/teams")).json().items.map((x: { id: string }) => x.id)).toEqual([ids.team]);
    expect((await outsiders["tl.agri"]!.get(`/api/outreach/events/${ids.event}`)).statusCode).toBe(200);
    const leader = await t.login("leader");
    expect((await leader.get(`/api/outreach/teams?department=${t.dept.AGRI}`)).json().total).toBe(2);
    expect((await leader.get(`/api/outreach/events/${ids.event}`)).statusCode).toBe(200);
  });

  it("refuses a team leader from another centre, or from none, for a team; nothing is made", async () => {
    const before = await snapshot();
    const other = await supervisor.post("/api/outreach/teams", { departmentId: t.dept.AMR, name: "红盾三队", leaderUserId: ids["tl.agri"], members: [] });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.fields).toEqual([{ path: "leaderUserId", message: "队长：tl.agri 不是嘉兴市行政审批服务中心的工作人员，不能担任本队队长" }]);
    const none = await supervisor.patch(`/api/outreach/teams/${ids.team}`, { leaderUserId: ids["tl.none"] });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.fields).toEqual([{ path: "leaderUserId", message: "队长：tl.none 不是嘉兴市为农服务中心的工作人员，不能担任本队队长" }]);
    expect(await snapshot()).toEqual(before);
  });
});

describe("centre scoping: a second farm centre", () => {
  it("its staff see their own centre's tickets, not another's by id, list or caller's phone (last: it adds a farm centre)", async () => {
    const at = new Date().toISOString();
    const centre = { id: randomUUID(), code: "ZZ-HAIYAN", kind: "farm" as const, name_zh: "海盐县为农服务中心", name_en: "Haiyan farm centre", address: null, created_at: at };
    await insertCentre(t.db, centre);
    const dept = await buildDepartment(t.db, { centreId: centre.id, code: "HYAGRI", nameZh: "海盐农业" });
    const u = await buildUser(t.db, { username: "op.haiyan", displayName: "海盐话务", roles: ["operator"], departmentId: dept.id });
    const haiyan = await t.login(u.username, u.password);
    const before = await snapshot();
    await expectRefused("只能查看和处理本中心的 12316 热线业务", {
      "ticket by id": () => haiyan.get(`/api/hotline/tickets/${ids.ticket}`),
      "list of Jiaxing": () => haiyan.get(`/api/hotline/tickets?centre=${ids.farm}`),
      "duty of Jiaxing": () => haiyan.get(`/api/hotline/duty?centre=${ids.farm}`),
      "log a call at Jiaxing": () => haiyan.post("/api/hotline/tickets", { phone: PHONE, villageCode: VILLAGE, category: "production", text: "湖羊又不吃草了", centre: ids.farm }),
      "wait on Jiaxing's ticket": () => haiyan.post(`/api/hotline/tickets/${ids.ticket}/wait`, { reason: "农户去拍照片" }),
    });
    expect(await snapshot()).toEqual(before);
    // The caller is known by phone (callers are every hotline's), but not their calls to Jiaxing.
    const caller = await haiyan.get(`/api/hotline/callers/${PHONE}`);
    expect(caller.statusCode).toBe(200);
    expect(caller.json().tickets).toEqual([]);
    expect((await haiyan.get(`/api/hotline/tickets?q=${PHONE}`)).json().total).toBe(0);
    expect((await haiyan.get("/api/hotline/duty")).json().centre.id).toBe(centre.id);
    // A call they log is their centre's; Jiaxing's operator does not see it, the supervisor does by naming it.
    const made = await haiyan.post("/api/hotline/tickets", { phone: PHONE, villageCode: VILLAGE, category: "production", text: "湖羊又不吃草了" });
    expect(made.statusCode).toBe(201);
    expect((await operator.get(`/api/hotline/tickets/${made.json().id}`)).statusCode).toBe(403);
    expect((await operator.get(`/api/hotline/callers/${PHONE}`)).json().tickets.map((x: { id: string }) => x.id)).toEqual([ids.ticket]);
    expect((await supervisor.get(`/api/hotline/tickets?centre=${centre.id}`)).json().total).toBe(1);
  });
});
