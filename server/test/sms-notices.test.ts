import { addDays } from "@yichuang/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, startTestApp, type TestApp } from "./helpers/harness.js";
import { shanghaiToday } from "../src/platform/clock.js";

let t: TestApp;
let operator: Client;
let supervisor: Client;
const VILLAGE = "330402103215";
const week = addDays(shanghaiToday(), 7);

beforeAll(async () => {
  t = await startTestApp();
  [operator, supervisor] = await Promise.all([t.login("operator"), t.login("supervisor")]);
});
afterAll(async () => t?.close());

const snapshot = async () => ({
  notices: await t.db.selectFrom("supply_demand_notices").select(["id", "status", "decided_by"]).orderBy("id").execute(),
  sms: Number((await t.db.selectFrom("sms_messages").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n),
});

describe("supply/demand notices", () => {
  it("a notice from a 12316 call is verified by a second person, never its author, and the owner is told", async () => {
    const call = await operator.post("/api/hotline/tickets", {
      phone: "13857312288",
      name: "沈阿根",
      villageCode: VILLAGE,
      category: "supply_demand",
      product: "鲈鱼",
      text: "有 1000 公斤加州鲈要卖",
      notice: { kind: "supply", product: "加州鲈", quantity: "1000", unit: "公斤", price: "面议" },
    });
    expect(call.statusCode).toBe(201);
    const drafts = (await operator.get("/api/sms/notices?status=draft")).json().items;
    expect(drafts[0]).toMatchObject({ kind: "supply", product: "加州鲈", quantity: "1000", unit: "公斤", owner: { name: "沈阿根", phone: "138****2288" }, validUntil: week, author: "顾晓燕" });
    const id = drafts[0].id;

    const before = await snapshot();
    const own = await operator.post(`/api/sms/notices/${id}/decision`, { decision: "approve" });
    expect(own.statusCode).toBe(409);
    expect(own.json().error.message).toBe("不能审核自己录入的供求信息：须由另一名工作人员审核");
    expect((await (await t.login("expert")).post(`/api/sms/notices/${id}/decision`, { decision: "approve" })).statusCode).toBe(403);
    expect(await snapshot()).toEqual(before);

    const ok = await supervisor.post(`/api/sms/notices/${id}/decision`, { decision: "approve" });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: "verified", decidedBy: "沈督查" });
    expect(ok.json().ownerToldAt).not.toBeNull();
    const told = await t.db.selectFrom("sms_messages").select("text").where("related_id", "=", id).execute();
    expect(told.map((m) => m.text)).toEqual(["【嘉兴12316】您的供应加州鲈信息已审核通过，将按品种和地区发送给相关用户。"]);
    const twice = await supervisor.post(`/api/sms/notices/${id}/decision`, { decision: "reject", reason: "重复" });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toContain("不能重复审核");
  });

  it("staff enter a notice; bad fields are named and nothing is saved; a rejection needs its reason and tells the owner", async () => {
    const before = await snapshot();
    const bad = await supervisor.post("/api/sms/notices", { ownerPhone: "123", kind: "supply", product: "湖羊", quantity: "两百", contactPhone: "555", text: "卖", validUntil: "2020-01-01", villageCode: "330402999999" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path)).toEqual(["ownerPhone", "quantity", "unit", "villageCode", "contactPhone", "text", "validUntil"]);
    expect(bad.json().error.fields.find((f: { path: string }) => f.path === "validUntil").message).toBe("有效期至：不能早于今天");
    expect(await snapshot()).toEqual(before);

    const made = await supervisor.post("/api/sms/notices", { ownerPhone: "13957300001", ownerName: "吴建国", kind: "demand", product: "湖羊", quantity: "200", unit: "头", price: "面议", villageCode: VILLAGE, contactPhone: "13957300001", text: "求购湖羊 200 头，上门收购", validUntil: week });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ status: "draft", owner: { name: "吴建国", phone: "13957300001" }, place: "浙江省嘉兴市南湖区新丰镇竹林村委会" });
    const noReason = await operator.post(`/api/sms/notices/${made.json().id}/decision`, { decision: "reject" });
    expect(noReason.json().error.fields).toEqual([{ path: "reason", message: "退回原因：请填写" }]);
    const rejected = await operator.post(`/api/sms/notices/${made.json().id}/decision`, { decision: "reject", reason: "数量与电话核实不符" });
    expect(rejected.json()).toMatchObject({ status: "rejected", rejectReason: "数量与电话核实不符", decidedBy: "顾晓燕" });
    const told = await t.db.selectFrom("sms_messages").select("text").where("related_id", "=", made.json().id).executeTakeFirstOrThrow();
    expect(told.text).toBe("【嘉兴12316】您的求购湖羊信息未通过审核：数量与电话核实不符。如有疑问请拨打12316。");
    // Reading a notice in full is audited.
    const audited = await t.db.selectFrom("audit_log").select("action").where("entity_id", "=", made.json().id).execute();
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(["sms.notice.add", "sms.notice.reject", "sms.notice.read"]));
  });

  it("an owner on a landline is phoned: whoever entered the notice is asked to, and records it once; lists mask the contact in the suggested SMS", async () => {
    const made = (await supervisor.post("/api/sms/notices", { ownerPhone: "0573-82345678", ownerName: "嘉禾合作社", kind: "supply", product: "大米", quantity: "5", unit: "吨", price: "面议", villageCode: VILLAGE, contactPhone: "13957300088", text: "新米 5 吨出售", validUntil: week })).json();
    const list = (await operator.get("/api/sms/notices?status=draft")).json().items;
    const listed = list.find((n: { id: string }) => n.id === made.id);
    expect(listed.suggestedBody).toContain("139****0088");
    expect(JSON.stringify(list)).not.toContain("13957300088");
    const smsBefore = await t.db.selectFrom("sms_messages").select("id").where("related_id", "=", made.id).execute();
    const decided = await operator.post(`/api/sms/notices/${made.id}/decision`, { decision: "approve" });
    expect(decided.json()).toMatchObject({ status: "verified", ownerToldAt: null });
    expect(await t.db.selectFrom("sms_messages").select("id").where("related_id", "=", made.id).execute()).toEqual(smsBefore);
    const asked = await t.db.selectFrom("notifications as n").innerJoin("users as u", "u.id", "n.user_id").select(["u.username", "n.title"]).where("n.title", "like", "请电话告知%大米%").execute();
    expect(asked.map((a) => a.username).sort()).toEqual(["operator", "supervisor"]);
    const toldIt = await supervisor.post(`/api/sms/notices/${made.id}/owner-told`, { note: "已电话告知合作社负责人" });
    expect(toldIt.statusCode).toBe(200);
    expect(toldIt.json().ownerToldAt).not.toBeNull();
    expect((await supervisor.post(`/api/sms/notices/${made.id}/owner-told`, {})).statusCode).toBe(409);
    expect((await (await t.login("expert")).post(`/api/sms/notices/${made.id}/owner-told`, {})).statusCode).toBe(403);
  });
});
