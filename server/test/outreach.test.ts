import ExcelJS from "exceljs";
import { addDays } from "@yichuang/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser } from "../src/testing/factories.js";
import { type Client, startTestApp, type TestApp } from "./helpers/harness.js";
import { shanghaiToday } from "../src/platform/clock.js";

let t: TestApp;
let supervisor: Client;
let lead: Client;
let other: Client;
let clerk: Client;
let leaderId = "";
let teamId = "";
const today = shanghaiToday();
const VILLAGE = "330402103215"; // 南湖区新丰镇竹林村
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082", "hex");

const count = async (table: "service_teams" | "service_team_members" | "outreach_events" | "outreach_event_photos") => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
const upload = (c: Client, url: string, bytes: Buffer, name = "现场.png") => {
  const boundary = "----yc" + Math.random().toString(16).slice(2);
  const body = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return c.inject({ method: "POST", url, payload: body, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } });
};
const fields = (o: Record<string, unknown> = {}) => ({ date: today, placeCode: VILLAGE, activity: "进农家乐开展食品安全检查，指导规范后厨", problemsSolved: 6, peopleServed: 45, ...o });
const event = (o: Record<string, unknown> = {}) => ({ teamId, clientId: `c-${Math.random().toString(36).slice(2)}`, ...fields(o) });

beforeAll(async () => {
  t = await startTestApp();
  [supervisor, lead, clerk] = await Promise.all([t.login("supervisor"), t.login("teamlead"), t.login("clerk")]);
  const u = await buildUser(t.db, { username: "tl.other", displayName: "另一队长", roles: ["team_leader"], departmentId: t.dept.QTS });
  other = await t.login("tl.other", u.password);
  leaderId = (await t.db.selectFrom("users").select("id").where("username", "=", "teamlead").executeTakeFirstOrThrow()).id;
});
afterAll(async () => t?.close());

describe("service teams", () => {
  it("a supervisor sets up a team with its members and leader; bad input is named and nothing is made", async () => {
    const before = await count("service_teams");
    const bad = await supervisor.post("/api/outreach/teams", { departmentId: "00000000-0000-4000-8000-000000000000", name: "队", leaderUserId: (await t.db.selectFrom("users").select("id").where("username", "=", "clerk").executeTakeFirstOrThrow()).id, members: [{ name: "王建", phone: "12345" }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path)).toEqual(["departmentId", "name", "members.0.phone", "leaderUserId"]);
    expect(bad.json().error.fields.find((f: { path: string }) => f.path === "leaderUserId").message).toBe("队长：张敏 没有“服务队队长”角色，请先由管理员授予");
    expect(await count("service_teams")).toBe(before);

    const made = await supervisor.post("/api/outreach/teams", { departmentId: t.dept.AMR, name: "南湖区红盾服务队", brand: "红盾", foundedOn: "2013-05-01", leaderUserId: leaderId, members: [{ name: "王建", phone: "13905731111", position: "副队长" }, { name: "李芳" }] });
    expect(made.statusCode).toBe(201);
    teamId = made.json().id;
    expect(made.json()).toMatchObject({ name: "南湖区红盾服务队", brand: "红盾", leader: { id: leaderId, name: "周红英" }, department: { code: "AMR" } });
    // The leader is a member too, linked to their account.
    expect(made.json().members.map((m: { name: string }) => m.name)).toEqual(["周红英", "王建", "李芳"]);
    const again = await supervisor.post("/api/outreach/teams", { departmentId: t.dept.AMR, name: "南湖区红盾服务队", members: [] });
    expect(again.json().error.fields).toEqual([{ path: "name", message: "服务队名称：本单位已有“南湖区红盾服务队”" }]);
  });

  it("members' phones are masked for readers who do not manage the team, and reads are audited", async () => {
    const leader = await t.login("leader");
    const seen = (await leader.get(`/api/outreach/teams/${teamId}`)).json();
    expect(seen.members.find((m: { name: string }) => m.name === "王建").phone).toBe("139****1111");
    expect((await lead.get(`/api/outreach/teams/${teamId}`)).json().members.find((m: { name: string }) => m.name === "王建").phone).toBe("13905731111");
    const audited = await t.db.selectFrom("audit_log").select("actor_name").where("action", "=", "outreach.team.read").where("entity_id", "=", teamId).execute();
    expect(audited.map((a) => a.actor_name)).toEqual(expect.arrayContaining(["沈国华（leader）", "周红英（teamlead）"]));
    // A leader sees only their own teams; a window clerk none.
    expect((await other.get("/api/outreach/teams")).json().total).toBe(0);
    expect((await other.get(`/api/outreach/teams/${teamId}`)).statusCode).toBe(403);
    expect((await clerk.get("/api/outreach/teams")).statusCode).toBe(403);
    expect((await lead.get("/api/outreach/teams/mine")).json().map((x: { id: string }) => x.id)).toEqual([teamId]);
  });
});

describe("outreach events", () => {
  let eventId = "";

  it("the leader logs an event; the same entry sent again is the same event", async () => {
    const body = event();
    const first = await lead.post("/api/outreach/events", body);
    expect(first.statusCode).toBe(201);
    eventId = first.json().id;
    expect(first.json()).toMatchObject({ status: "submitted", place: "浙江省嘉兴市南湖区新丰镇竹林村委会", problemsSolved: 6, peopleServed: 45, replayed: false });
    const before = await count("outreach_events");
    const again = await lead.post("/api/outreach/events", body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: eventId, replayed: true });
    expect(await count("outreach_events")).toBe(before);
  });

  it("refuses bad input with the field named, and another team's leader; nothing is logged", async () => {
    const before = await count("outreach_events");
    const bad = await lead.post("/api/outreach/events", event({ placeCode: "330402999999", date: addDays(today, 1), problemsSolved: -1, peopleServed: 0, activity: "走" }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([
      { path: "date", message: "服务日期：不能晚于今天" },
      { path: "placeCode", message: "服务地点：区划代码 330402999999 不存在" },
      { path: "activity", message: "服务内容：请至少写 4 个字" },
      { path: "problemsSolved", message: "解决问题数：须为不小于 0 的整数" },
      { path: "peopleServed", message: "服务人次：须为不小于 1 的整数" },
    ]);
    const text = await lead.post("/api/outreach/events", event({ peopleServed: "四十" }));
    expect(text.statusCode).toBe(400);
    expect(text.json().error.fields[0]).toMatchObject({ path: "peopleServed" });
    expect((await other.post("/api/outreach/events", event())).statusCode).toBe(403);
    expect((await supervisor.post("/api/outreach/events", event())).statusCode).toBe(403);
    expect(await count("outreach_events")).toBe(before);
  });

  it("refuses a place outside the centre's division (Jiaxing), naming the field; nothing is logged", async () => {
    const before = await count("outreach_events");
    const beijing = await lead.post("/api/outreach/events", event({ placeCode: "110101" }));
    expect(beijing.statusCode).toBe(400);
    expect(beijing.json().error.fields).toEqual([{ path: "placeCode", message: "服务地点：须在嘉兴市范围内（北京市市辖区东城区不在本中心服务范围）" }]);
    expect((await lead.post("/api/outreach/events", event({ problemsSolved: 10_001 }))).json().error.fields.map((f: { path: string }) => f.path)).toEqual(["problemsSolved"]);
    expect(await count("outreach_events")).toBe(before);
    // A correction cannot move it out either.
    const e = (await lead.get(`/api/outreach/events/${eventId}`)).json();
    expect((await lead.put(`/api/outreach/events/${eventId}`, { ...fields(), placeCode: "110101", revision: e.revision })).statusCode).toBe(400);
  });

  it("takes photos from the leader (JPG or PNG by content)", async () => {
    const ok = await upload(lead, `/api/outreach/events/${eventId}/photos`, PNG);
    expect(ok.statusCode).toBe(201);
    expect((await lead.get(ok.json().url)).headers["content-type"]).toBe("image/png");
    const notImage = await upload(lead, `/api/outreach/events/${eventId}/photos`, Buffer.from("not a picture"), "x.png");
    expect(notImage.json().error.fields).toEqual([{ path: "file", message: "活动照片：须为 JPG 或 PNG 图片" }]);
    expect((await upload(other, `/api/outreach/events/${eventId}/photos`, PNG)).statusCode).toBe(403);
    expect((await lead.get(`/api/outreach/events/${eventId}`)).json().photos).toHaveLength(1);
  });

  it("keeps a photo sent again (a retry after a failed upload) once: the same bytes answer with the photo kept", async () => {
    const photos = await count("outreach_event_photos");
    const again = await upload(lead, `/api/outreach/events/${eventId}/photos`, PNG, "重传.png");
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ replayed: true });
    const kept = (await lead.get(`/api/outreach/events/${eventId}`)).json().photos;
    expect(kept).toHaveLength(1);
    expect(again.json().id).toBe(kept[0].id);
    // Both at once, from two sends: still one.
    const other = Buffer.concat([PNG, Buffer.from("extra")]);
    const both = await Promise.all([upload(lead, `/api/outreach/events/${eventId}/photos`, other), upload(lead, `/api/outreach/events/${eventId}/photos`, other)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 201]);
    expect(await count("outreach_event_photos")).toBe(photos + 1);
    expect(new Set(both.map((r) => r.json().id)).size).toBe(1);
  });

  it("a supervisor returns it with the reason, the leader corrects it, the supervisor confirms it once", async () => {
    const noReason = await supervisor.post(`/api/outreach/events/${eventId}/decision`, { decision: "return" });
    expect(noReason.json().error.fields).toEqual([{ path: "reason", message: "退回原因：请填写" }]);
    const back = await supervisor.post(`/api/outreach/events/${eventId}/decision`, { decision: "return", reason: "服务人次明显偏多，请核实后修改" });
    expect(back.json()).toMatchObject({ status: "returned", returnReason: "服务人次明显偏多，请核实后修改" });
    expect((await supervisor.post(`/api/outreach/events/${eventId}/decision`, { decision: "confirm" })).statusCode).toBe(409);
    const fixed = await lead.put(`/api/outreach/events/${eventId}`, { ...fields(), peopleServed: 32, revision: back.json().revision });
    expect(fixed.json()).toMatchObject({ status: "submitted", peopleServed: 32, returnReason: null });
    // A stale revision is refused.
    expect((await lead.put(`/api/outreach/events/${eventId}`, { ...fields(), revision: back.json().revision })).statusCode).toBe(409);
    expect((await lead.post(`/api/outreach/events/${eventId}/decision`, { decision: "confirm" })).statusCode).toBe(403);
    const confirmed = await supervisor.post(`/api/outreach/events/${eventId}/decision`, { decision: "confirm" });
    expect(confirmed.json()).toMatchObject({ status: "confirmed", decidedBy: "沈督查" });
    const twice = await supervisor.post(`/api/outreach/events/${eventId}/decision`, { decision: "confirm" });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toMatch(/^该活动已于 .* 由 沈督查 确认，不能重复确认$/);
    expect((await lead.put(`/api/outreach/events/${eventId}`, { ...fields(), revision: confirmed.json().revision })).statusCode).toBe(409);
    expect((await upload(lead, `/api/outreach/events/${eventId}/photos`, PNG)).statusCode).toBe(409);
  });

  it("lists events with the filter's totals and exports them to Excel, read back", async () => {
    await lead.post("/api/outreach/events", event({ problemsSolved: 2, peopleServed: 18 }));
    const list = (await supervisor.get(`/api/outreach/events?from=${today}&to=${today}`)).json();
    expect(list).toMatchObject({ total: 2, totalExact: true, nextCursor: null });
    expect(list.items).toHaveLength(2);
    // The filter's sums: asked apart from the pages.
    expect((await supervisor.get(`/api/outreach/events/totals?from=${today}&to=${today}`)).json()).toEqual({ events: 2, problemsSolved: 8, peopleServed: 50 });
    expect((await supervisor.get(`/api/outreach/events/totals?status=confirmed`)).json()).toMatchObject({ events: 1 });
    expect((await supervisor.get(`/api/outreach/events?status=confirmed`)).json().total).toBe(1);
    expect((await supervisor.get(`/api/outreach/events?status=lost`)).statusCode).toBe(400);
    expect((await supervisor.get(`/api/outreach/events/totals?status=lost`)).statusCode).toBe(400);
    // Page by page with the cursor: each event once, newest first.
    const first = (await supervisor.get(`/api/outreach/events?from=${today}&to=${today}&limit=1`)).json();
    expect(first).toMatchObject({ total: 2, totalExact: true });
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await supervisor.get(`/api/outreach/events?from=${today}&to=${today}&limit=1&after=${first.nextCursor}`)).json();
    expect({ total: second.total, nextCursor: second.nextCursor }).toEqual({ total: null, nextCursor: null });
    expect([...first.items, ...second.items].map((e: { id: string }) => e.id)).toEqual(list.items.map((e: { id: string }) => e.id));
    expect((await supervisor.get(`/api/outreach/events?after=bad`)).json().error.fields).toEqual([{ path: "querystring.after", message: "游标：无效，请从第一页重新查询" }]);
    const res = await supervisor.get(`/api/outreach/events/export.xlsx?from=${today}&to=${today}`);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("服务活动")!;
    expect(ws.rowCount).toBe(4);
    expect((ws.getRow(1).values as string[]).slice(1, 8)).toEqual(["日期", "所属单位", "服务队", "地点", "服务内容", "解决问题数", "服务人次"]);
    expect(ws.getRow(4).getCell(6).value).toBe(8);
    expect(ws.getRow(4).getCell(7).value).toBe(50);
    const teams = await supervisor.get("/api/outreach/teams/export.xlsx");
    const tw = new ExcelJS.Workbook();
    await tw.xlsx.load(teams.rawPayload as unknown as ArrayBuffer);
    expect(tw.getWorksheet("服务队")!.getRow(2).getCell(2).value).toBe("南湖区红盾服务队");
  });
});

describe("outreach dates, file names and exports", () => {
  it("refuses a from or to that is not a real day, and a from after the to, naming the field (list and export)", async () => {
    for (const url of ["/api/outreach/events", "/api/outreach/events/export.xlsx"]) {
      const garbage = await supervisor.get(`${url}?from=garbage`);
      expect(garbage.statusCode).toBe(400);
      expect(garbage.json().error.fields).toEqual([{ path: "querystring.from", message: "开始日期：须为 YYYY-MM-DD 格式的有效日期" }]);
      const feb31 = await supervisor.get(`${url}?from=2026-02-01&to=2026-02-31`);
      expect(feb31.statusCode).toBe(400);
      expect(feb31.json().error.fields).toEqual([{ path: "querystring.to", message: "结束日期：须为 YYYY-MM-DD 格式的有效日期" }]);
      expect((await supervisor.get(`${url}?to=2026-2-1`)).json().error.fields[0].path).toBe("querystring.to");
      const reversed = await supervisor.get(`${url}?from=2026-03-02&to=2026-03-01`);
      expect(reversed.statusCode).toBe(400);
      expect(reversed.json().error.fields).toEqual([{ path: "querystring.from", message: "开始日期：不能晚于结束日期" }]);
      expect((await supervisor.get(`${url}?from=2026-03-01&to=2026-03-01`)).statusCode).toBe(200);
    }
  });

  it("refuses an event photo whose file name holds a control character; nothing is kept", async () => {
    const made = (await lead.post("/api/outreach/events", event())).json();
    const before = await count("outreach_event_photos");
    const bad = await upload(lead, `/api/outreach/events/${made.id}/photos`, PNG, "现\u0000场.png");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([{ path: "file", message: "文件名：不能包含控制字符（U+0000）" }]);
    expect(await count("outreach_event_photos")).toBe(before);
  });

  it("exports team and event text a spreadsheet would take for a formula as text (a leading apostrophe)", async () => {
    const made = await supervisor.post("/api/outreach/teams", { departmentId: t.dept.AMR, name: "+南湖区测试服务队", brand: "@红盾", leaderUserId: leaderId, members: [] });
    expect(made.statusCode).toBe(201);
    const logged = await lead.post("/api/outreach/events", { ...event(), teamId: made.json().id, activity: '=HYPERLINK("http://x","y")' });
    expect(logged.statusCode).toBe(201);
    const teams = new ExcelJS.Workbook();
    await teams.xlsx.load((await supervisor.get("/api/outreach/teams/export.xlsx")).rawPayload as unknown as ArrayBuffer);
    const row = teams.getWorksheet("服务队")!.getRows(2, 50)!.find((r) => String(r.getCell(2).value).includes("南湖区测试服务队"))!;
    expect([row.getCell(2).value, row.getCell(3).value]).toEqual(["'+南湖区测试服务队", "'@红盾"]);
    expect(row.getCell(2).type).toBe(ExcelJS.ValueType.String);
    const events = new ExcelJS.Workbook();
    await events.xlsx.load((await supervisor.get(`/api/outreach/events/export.xlsx?team=${made.json().id}`)).rawPayload as unknown as ArrayBuffer);
    const ev = events.getWorksheet("服务活动")!.getRow(2);
    expect([ev.getCell(3).value, ev.getCell(5).value]).toEqual(["'+南湖区测试服务队", `'=HYPERLINK("http://x","y")`]);
    expect(ev.getCell(5).formula).toBeUndefined();
  });
});
