import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser } from "../src/testing/factories.js";
import { type Client, startTestApp, type TestApp } from "./helpers/harness.js";

let t: TestApp;
let supervisor: Client;
const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestApp();
  supervisor = await t.login("supervisor");
  for (const u of await t.db.selectFrom("users").select(["id", "username"]).execute()) ids[u.username] = u.id;
});
afterAll(async () => t?.close());

const count = async (table: "duty_rosters" | "duty_overrides" | "expert_profiles") => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

describe("12316 duty roster", () => {
  it("shows the operator who is on duty now and next, with the experts' specialties", async () => {
    const operator = await t.login("operator");
    const board = (await operator.get("/api/hotline/duty?days=7")).json();
    expect(board.centre.name).toBe("嘉兴市为农服务中心");
    expect(board.now.expertName).toMatch(/^(钱忠龙|陆建华)$/);
    expect(board.schedule).toHaveLength(7);
    expect(board.experts.find((e: { name: string }) => e.name === "陆建华").specialties).toEqual(["aquaculture"]);
    // A clerk of the approval centre has no business here.
    expect((await (await t.login("clerk")).get("/api/hotline/duty")).statusCode).toBe(403);
  });

  it("turns across the 2026 National Day holiday, with an override winning", async () => {
    const third = await buildUser(t.db, { username: "expert.veg", displayName: "周蔬", roles: ["expert"], departmentId: t.dept.AGRI });
    const board = (await supervisor.get("/api/hotline/duty")).json();
    const saved = await supervisor.put("/api/hotline/duty/roster", {
      working: { members: [ids.expert, ids["expert.fish"], third.id], start: "2026-09-14" },
      holiday: { members: [ids["expert.fish"], ids.expert], start: "2026-09-01" },
      revision: board.roster.revision,
    });
    expect(saved.statusCode).toBe(200);
    const swap = await supervisor.post("/api/hotline/duty/overrides", { from: "2026-10-09", to: "2026-10-09", expertId: ids.expert, reason: "与周蔬换班" });
    expect(swap.statusCode).toBe(201);
    const week = (await supervisor.get("/api/hotline/duty?from=2026-09-29&days=13")).json();
    expect(week.schedule.map((d: { date: string; expertName: string | null; layer: string }) => `${d.date.slice(5)} ${d.expertName} ${d.layer}`)).toEqual([
      "09-29 周蔬 working",
      "09-30 钱忠龙 working",
      "10-01 陆建华 holiday",
      "10-02 钱忠龙 holiday",
      "10-03 陆建华 holiday",
      "10-04 钱忠龙 holiday",
      "10-05 陆建华 holiday",
      "10-06 钱忠龙 holiday",
      "10-07 陆建华 holiday",
      "10-08 陆建华 working",
      "10-09 钱忠龙 override", // 周蔬's turn, swapped
      "10-10 钱忠龙 working", // Saturday, a make-up workday
      "10-11 钱忠龙 holiday",
    ]);
    expect(week.overrides).toEqual([{ id: swap.json().id, from: "2026-10-09", to: "2026-10-09", expertId: ids.expert, expertName: "钱忠龙", reason: "与周蔬换班" }]);
    // Cancelled, the rotation applies again.
    expect((await supervisor.inject({ method: "DELETE", url: `/api/hotline/duty/overrides/${swap.json().id}` })).statusCode).toBe(204);
    const after = (await supervisor.get("/api/hotline/duty?from=2026-10-09&days=1")).json();
    expect(after.schedule[0]).toMatchObject({ expertName: "周蔬", layer: "working" });
    expect((await supervisor.inject({ method: "DELETE", url: `/api/hotline/duty/overrides/${swap.json().id}` })).statusCode).toBe(409);
  });

  it("refuses a roster or override naming someone who is not the centre's expert, bad dates, a stale revision; nothing changed", async () => {
    const board = (await supervisor.get("/api/hotline/duty")).json();
    const before = { rosters: await count("duty_rosters"), overrides: await count("duty_overrides") };
    const notExpert = await supervisor.put("/api/hotline/duty/roster", { working: { members: [ids.expert, ids.clerk], start: "2026-09-14" }, holiday: null, revision: board.roster.revision });
    expect(notExpert.statusCode).toBe(400);
    expect(notExpert.json().error.fields).toEqual([{ path: "working.members.1", message: "专家：须为本中心在岗的农技专家" }]);
    const empty = await supervisor.put("/api/hotline/duty/roster", { working: { members: [], start: "2026-9-14" }, holiday: null, revision: board.roster.revision });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain("工作日轮值起始日");
    // Days that do not exist are refused before anything is saved (a saved 2026-02-31 once stopped every ticket).
    const impossible = await supervisor.put("/api/hotline/duty/roster", { working: { members: [ids.expert], start: "2026-02-31" }, holiday: { members: [ids["expert.fish"]], start: "2026-04-31" }, revision: board.roster.revision });
    expect(impossible.statusCode).toBe(400);
    expect(impossible.json().error.fields.map((f: { path: string }) => f.path)).toEqual(["working.start", "holiday.start"]);
    expect(impossible.json().error.message).toContain("有效日期");
    const badOverride = await supervisor.post("/api/hotline/duty/overrides", { from: "2026-13-45", to: "2026-13-46", expertId: ids.expert, reason: "请假" });
    expect(badOverride.statusCode).toBe(400);
    expect(badOverride.json().error.fields.map((f: { path: string }) => f.path)).toEqual(["from", "to"]);
    expect((await supervisor.get("/api/hotline/duty?from=2026-02-31")).statusCode).toBe(400);
    expect((await (await t.login("operator")).get("/api/hotline/duty")).statusCode).toBe(200);
    const stale = await supervisor.put("/api/hotline/duty/roster", { working: { members: [ids.expert], start: "2026-09-14" }, holiday: null, revision: board.roster.revision - 1 });
    expect(stale.statusCode).toBe(409);
    const backwards = await supervisor.post("/api/hotline/duty/overrides", { from: "2026-10-05", to: "2026-10-01", expertId: ids.expert, reason: "请假" });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.fields).toEqual([{ path: "to", message: "调班：结束日期不能早于开始日期" }]);
    const noReason = await supervisor.post("/api/hotline/duty/overrides", { from: "2026-10-05", to: "2026-10-05", expertId: ids.operator, reason: " " });
    expect(noReason.json().error.fields.map((f: { path: string }) => f.path)).toEqual(["reason", "expertId"]);
    // Operators read the board but do not set it.
    expect((await (await t.login("operator")).post("/api/hotline/duty/overrides", { from: "2026-10-05", to: "2026-10-05", expertId: ids.expert, reason: "请假" })).statusCode).toBe(403);
    expect({ rosters: await count("duty_rosters"), overrides: await count("duty_overrides") }).toEqual(before);
    expect((await supervisor.get("/api/hotline/duty")).json().roster.revision).toBe(board.roster.revision);
  });

  it("sets an expert's specialties from the list, naming a bad one", async () => {
    const ok = await supervisor.put(`/api/hotline/experts/${ids["expert.fish"]}/specialties`, { specialties: ["aquaculture", "marketing"] });
    expect(ok.json()).toEqual({ id: ids["expert.fish"], specialties: ["aquaculture", "marketing"] });
    const bad = await supervisor.put(`/api/hotline/experts/${ids["expert.fish"]}/specialties`, { specialties: ["aquaculture", "fishing"] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe("specialties.1");
    expect((await supervisor.put(`/api/hotline/experts/${ids.clerk}/specialties`, { specialties: ["crops"] })).statusCode).toBe(404);
    expect(await count("expert_profiles")).toBe(2);
  });
});

describe("places", () => {
  it("picks a caller's village by name within Jiaxing, reads a code with its path, and refuses bad input naming the field", async () => {
    const anon = t.anonymous();
    const hits = (await anon.get(`/api/places?q=${encodeURIComponent("新港村")}&within=3304`)).json();
    expect(hits[0]).toMatchObject({ code: "330483101209", level: "village", countyCode: "330483" });
    expect((await anon.get("/api/places/330402007024")).json().fullName).toBe("浙江省嘉兴市南湖区建设街道百福弄社区居委会");
    const unknown = await anon.get("/api/places/330402999999");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toBe("区划代码 330402999999 不存在");
    const bad = await anon.get("/api/places/33040");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain("须为 6、9 或 12 位区划代码");
    const empty = await anon.get("/api/places?q=%20");
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain("地名");
  });
});
