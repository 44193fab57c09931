import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerOpen311Client } from "../src/hotline/open311.routes.js";
import { type Client, startTestApp, type TestApp } from "./helpers/harness.js";
import { randomUUID } from "node:crypto";
import {
  type CreateRequestParams,
  DiscoverySchema,
  ErrorsSchema,
  GeoReportClient,
  Open311HttpError,
  type RequestFilters,
  type ServiceRequest,
  ServiceRequestListSchema,
  ThreeLike,
} from "./helpers/open311-client.js";
import { shanghaiToday } from "../src/platform/clock.js";

let t: TestApp;
let geo: GeoReportClient; // the client as any Open311 app would use it: real HTTP, no jurisdiction_id
let endpoint = "";
let operator: Client;
let duty: Client; // 钱忠龙, on duty today through an override
let admin: Client;
const ids: Record<string, string> = {};
const KEY = "open311-test-key-竹林-0001";
const VILLAGE = "330402103215"; // 南湖区新丰镇竹林村
const JURISDICTION = "jiaxing.zj.cn";
const W3C_SHANGHAI = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;
const CODES = ["production", "supply_demand", "policy", "market", "complaint", "other"];

beforeAll(async () => {
  t = await startTestApp();
  await registerOpen311Client(t.db, "测试客户端", KEY);
  const address = await t.app.listen({ port: 0, host: "127.0.0.1" });
  endpoint = `${address}/open311/v2`;
  geo = new GeoReportClient(endpoint, undefined, KEY);
  let supervisor: Client;
  [operator, duty, supervisor, admin] = await Promise.all([t.login("operator"), t.login("expert"), t.login("supervisor"), t.login("admin")]);
  for (const u of await t.db.selectFrom("users").select(["id", "username"]).execute()) ids[u.username] = u.id;
  const today = shanghaiToday();
  const o = await supervisor.post("/api/hotline/duty/overrides", { from: today, to: today, expertId: ids.expert, reason: "测试：钱忠龙坐诊" });
  expect(o.statusCode).toBe(201);
  expect((await supervisor.get("/api/hotline/duty")).json().now).toMatchObject({ expertId: ids.expert });
});
afterAll(async () => t?.close());

const count = async (table: "hotline_tickets" | "hotline_callers" | "hotline_ticket_events" | "audit_log" | "open311_clients") =>
  Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
const snapshot = async () => ({ tickets: await count("hotline_tickets"), callers: await count("hotline_callers"), events: await count("hotline_ticket_events"), audit: await count("audit_log") });
const ticketRow = (number: string) => t.db.selectFrom("hotline_tickets").selectAll().where("number", "=", number).executeTakeFirstOrThrow();

/** A farmer's request, as an app would post it. */
const farmer = (over: CreateRequestParams = {}): CreateRequestParams => ({
  api_key: KEY,
  service_code: "production",
  lat: 30.7512,
  long: 120.8237,
  first_name: "阿根",
  last_name: "沈",
  phone: "138 5731 2288",
  description: "虾塘里的对虾这两天浮头，早上死了几十只，水有点发绿。",
  attribute: { product: "南美白对虾" },
  ...over,
});

/** Files a request and returns its id, checking the spec's 201-style answer. */
async function file(over: CreateRequestParams = {}, client = geo): Promise<string> {
  const [made] = await client.createRequest(farmer(over));
  expect(client.last.status).toBe(201);
  if (!made || !("service_request_id" in made)) throw new Error("expected a service_request_id, not a token");
  expect(made.service_request_id).toMatch(/^12316-\d{4}-\d{6}$/);
  expect(made.account_id).toBeNull();
  expect(made.service_notice).toBeTruthy();
  return made.service_request_id;
}

/** The spec's error for a call: the HTTP status and the array's code agree (the client checks), and both are `status`. */
async function refused(call: () => Promise<unknown>, status: number, description?: RegExp): Promise<string> {
  const err = await call().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `expected HTTP ${status}`).toBeInstanceOf(Open311HttpError);
  const e = err as Open311HttpError;
  expect(e.status).toBe(status);
  expect(e.errors).toHaveLength(1);
  expect(e.errors[0]!.code).toBe(status);
  if (description) expect(e.errors[0]!.description).toMatch(description);
  return e.errors[0]!.description;
}

/** Seconds precision: the spec's datetimes carry no milliseconds here. */
const toSecond = (iso: string) => Math.floor(Date.parse(iso) / 1000) * 1000;
const shifted = (w3c: string, ms: number) => new Date(Date.parse(w3c) + ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const numbers = (list: ServiceRequest[]) => list.map((r) => r.service_request_id);

describe("Open311 GeoReport v2 (a client written from the spec, over HTTP)", () => {
  let shrimp = ""; // production, by lat/long
  let village = ""; // policy, by address_id
  let market = ""; // market, by address_string

  it("lists the 12316 categories as services and gives a service's definition", async () => {
    const services = await geo.services();
    expect(geo.last.contentType).toMatch(/^application\/json/);
    expect(services.map((s) => s.service_code)).toEqual(CODES);
    expect(services[0]).toMatchObject({ service_code: "production", service_name: "生产技术问题", metadata: true, type: "realtime", group: "12316 三农热线" });
    expect(services[0]!.keywords.split(",")).toContain("12316");
    // The single jurisdiction may be named, and gives the same list.
    expect(await new GeoReportClient(endpoint, JURISDICTION).services()).toEqual(services);

    for (const code of CODES) {
      const def = await geo.serviceDefinition(code);
      expect(def.service_code).toBe(code);
      const orders = def.attributes.map((a) => a.order);
      expect(orders).toEqual([...orders].sort((a, b) => a - b));
      expect(new Set(orders).size).toBe(orders.length);
    }
    const def = await geo.serviceDefinition("production");
    expect(def.attributes.map((a) => a.code)).toEqual(["product", "village_code"]);
    expect(def.attributes[0]).toMatchObject({ variable: true, code: "product", datatype: "string", required: false, order: 1, description: "品种/产品" });
    // No attribute is required: a request without attributes is complete (metadata: true only offers them).
    expect(def.attributes.every((a) => !a.required)).toBe(true);
  });

  it("files a form-encoded request with lat/long and attribute[product], for the expert on duty; reads it back", async () => {
    const before = await snapshot();
    shrimp = await file();
    expect(await count("hotline_tickets")).toBe(before.tickets + 1);

    const row = await ticketRow(shrimp);
    expect(row).toMatchObject({
      channel: "open311",
      category: "production",
      product: "南美白对虾",
      caller_name: "沈阿根",
      caller_phone: "13857312288",
      lat: 30.7512,
      lng: 120.8237,
      village_code: null,
      status: "open",
      assignee_id: ids.expert,
      created_by: null,
    });
    const audited = await t.db.selectFrom("audit_log").select(["action", "detail"]).where("entity_id", "=", row.id).execute();
    // One audit entry, in the ticket's own transaction, naming the client it came through.
    expect(audited.map((a) => a.action)).toEqual(["hotline.ticket.create"]);
    expect(JSON.parse(audited[0]!.detail!)).toMatchObject({ channel: "open311", via: "open311:测试客户端" });

    const r = await geo.request(shrimp);
    expect(r).toMatchObject({
      service_request_id: shrimp,
      status: "open",
      service_code: "production",
      service_name: "生产技术问题",
      description: "虾塘里的对虾这两天浮头，早上死了几十只，水有点发绿。",
      agency_responsible: "嘉兴市为农服务中心（12316）",
      lat: 30.7512,
      long: 120.8237,
      address: null,
      address_id: null,
      media_url: null,
    });
    expect(r.status_notes).toBeTruthy();
    // W3C datetimes in Shanghai time with the offset, the same instants as the ticket's.
    for (const d of [r.requested_datetime, r.updated_datetime, r.expected_datetime]) expect(d).toMatch(W3C_SHANGHAI);
    expect(Date.parse(r.requested_datetime)).toBe(toSecond(row.created_at));
    expect(Date.parse(r.updated_datetime!)).toBe(toSecond(row.updated_at));
    expect(Date.parse(r.expected_datetime!)).toBe(toSecond(row.solution_due_at!));
    expect(Date.parse(r.expected_datetime!)).toBeGreaterThan(Date.parse(r.requested_datetime));
    // The same request in the list, field for field.
    expect(await geo.requests({ service_request_id: shrimp })).toEqual([r]);
  });

  it("files by address_id (a village code) and by address_string; the village is the ticket's", async () => {
    village = await file({ service_code: "policy", lat: undefined, long: undefined, address_id: VILLAGE, attribute: undefined, phone: "13957300003", first_name: "小妹", last_name: "钱", description: "种粮大户补贴今年怎么申请？" });
    const row = await ticketRow(village);
    expect(row).toMatchObject({ channel: "open311", category: "policy", village_code: VILLAGE, lat: null, lng: null, product: null, caller_name: "钱小妹" });
    const caller = await t.db.selectFrom("hotline_callers").select(["village_code", "phone"]).where("id", "=", row.caller_id).executeTakeFirstOrThrow();
    expect(caller).toEqual({ village_code: VILLAGE, phone: "13957300003" });
    // With only the village code, the address is the village's full name.
    expect(await geo.request(village)).toMatchObject({ service_code: "policy", service_name: "政策咨询", address_id: VILLAGE, address: "浙江省嘉兴市南湖区新丰镇竹林村委会", lat: null, long: null });

    market = await file({ service_code: "market", lat: undefined, long: undefined, address_string: "新丰镇竹林村 3 组", attribute: { product: "湖羊" }, phone: "0573-82001234", description: "湖羊现在什么价？" });
    expect(await geo.request(market)).toMatchObject({ service_code: "market", address: "新丰镇竹林村 3 组", address_id: null });
    expect(await ticketRow(market)).toMatchObject({ address: "新丰镇竹林村 3 组", product: "湖羊", caller_phone: "0573-82001234" });

    // The definition's attribute[village_code] places the request like address_id.
    const byAttribute = await file({ service_code: "other", lat: undefined, long: undefined, attribute: { village_code: VILLAGE }, description: "村里想办农技培训班" });
    expect((await geo.request(byAttribute)).address_id).toBe(VILLAGE);
  });

  it("finds requests by id list, service code, status and date range", async () => {
    const all = [shrimp, village, market];
    expect(numbers(await geo.requests({ service_request_id: [shrimp, village] })).sort()).toEqual([shrimp, village].sort());
    expect(numbers(await geo.requests({ service_request_id: [market, "12316-1999-000001"] }))).toEqual([market]);
    // Ids override every other argument (the spec).
    expect(numbers(await geo.requests({ service_request_id: shrimp, service_code: "policy", status: "closed" }))).toEqual([shrimp]);

    const policy = numbers(await geo.requests({ service_code: "policy" }));
    expect(policy).toContain(village);
    expect(policy).not.toContain(shrimp);
    const two = numbers(await geo.requests({ service_code: ["policy", "market"] }));
    expect(two).toEqual(expect.arrayContaining([village, market]));
    expect(two).not.toContain(shrimp);

    expect(numbers(await geo.requests({ status: "open" }))).toEqual(expect.arrayContaining(all));
    expect(numbers(await geo.requests({ status: "closed" }))).toEqual([]);
    // Status may be declared several times, comma delimited.
    expect(numbers(await geo.requests({ status: ["open", "closed"] }))).toEqual(expect.arrayContaining(all));
    // The default: the last 90 days, all of them.
    const recent = await geo.requests();
    expect(numbers(recent)).toEqual(expect.arrayContaining(all));
    for (const r of recent) expect(r.requested_datetime).toMatch(W3C_SHANGHAI);

    const r = await geo.request(village);
    const around = numbers(await geo.requests({ start_date: shifted(r.requested_datetime, -60_000), end_date: shifted(r.requested_datetime, 60_000) }));
    expect(around).toContain(village);
    // Offsets are honoured: the same range written in Shanghai time.
    expect(numbers(await geo.requests({ start_date: r.requested_datetime, end_date: r.requested_datetime }))).toContain(village);
    expect(numbers(await geo.requests({ start_date: "2020-01-01T00:00:00+08:00", end_date: "2020-02-01T00:00:00+08:00" }))).toEqual([]);
    expect(numbers(await geo.requests({ start_date: shifted(r.requested_datetime, 1000) })).includes(village)).toBe(false);
    expect(numbers(await geo.requests({ end_date: shifted(r.requested_datetime, -1000) })).includes(village)).toBe(false);
    expect(numbers(await geo.requests({ start_date: "2020-01-01T00:00:00Z", end_date: shifted(r.requested_datetime, 3_600_000), service_code: "policy", status: "open" }))).toContain(village);
    // A bare date is that day in Shanghai (the jurisdiction's), not in UTC.
    expect(numbers(await geo.requests({ start_date: r.requested_datetime.slice(0, 10) }))).toContain(village);
    // A "+08:00" a client forgot to encode arrives as " 08:00", and is still read as +08:00.
    const raw = await fetch(`${endpoint}/requests.json?api_key=${KEY}&start_date=${r.requested_datetime}&end_date=${r.requested_datetime}`);
    expect(raw.status).toBe(200);
    expect(numbers(await raw.json())).toContain(village);
  });

  it("shows the duty expert's answer: the request is closed with the answer as its status notes", async () => {
    const before = await geo.request(shrimp);
    const { id, assignee_id } = await ticketRow(shrimp);
    expect(assignee_id).toBe(ids.expert);
    const answer = "对虾浮头是缺氧：夜间全开增氧机，每亩泼洒过硫酸氢钾复合盐 0.5 kg 改底，三天内少投饵。";
    const ans = await duty.post(`/api/hotline/tickets/${id}/answer`, { answer });
    expect(ans.statusCode).toBe(200);
    expect(ans.json()).toMatchObject({ status: "closed", resolution: "phone" });

    const after = await geo.request(shrimp);
    expect(after).toMatchObject({ service_request_id: shrimp, status: "closed", status_notes: answer, expected_datetime: null, requested_datetime: before.requested_datetime });
    expect(after.updated_datetime).toMatch(W3C_SHANGHAI);
    expect(Date.parse(after.updated_datetime!)).toBeGreaterThanOrEqual(Date.parse(before.updated_datetime!));
    expect(numbers(await geo.requests({ status: "closed" }))).toEqual([shrimp]);
    const open = numbers(await geo.requests({ status: "open" }));
    expect(open).toContain(village);
    expect(open).not.toContain(shrimp);
    expect(numbers(await geo.requests({ service_code: "production", status: "closed" }))).toEqual([shrimp]);
  });

  it("refuses bad input with the spec's error array and the same HTTP status, and changes nothing", async () => {
    const before = await snapshot();
    await refused(() => geo.createRequest(farmer({ service_code: undefined })), 400, /service_code/);
    await refused(() => geo.createRequest(farmer({ service_code: "weather" })), 404, /weather/);
    await refused(() => geo.createRequest(farmer({ api_key: undefined })), 400, /api_key/);
    await refused(() => geo.createRequest(farmer({ api_key: "not-our-key" })), 403, /api_key/);
    await refused(() => geo.createRequest(farmer({ lat: undefined, long: undefined })), 400, /location/);
    await refused(() => geo.createRequest(farmer({ lat: 30.75, long: undefined })), 400, /lat/);
    await refused(() => geo.createRequest(farmer({ lat: 95, long: 120.8 })), 400, /lat/);
    await refused(() => geo.createRequest(farmer({ lat: "north", long: 120.8 })), 400, /lat/);
    await refused(() => geo.createRequest(farmer({ phone: undefined })), 400, /phone/);
    await refused(() => geo.createRequest(farmer({ phone: "12345" })), 400, /phone/);
    await refused(() => geo.createRequest(farmer({ description: undefined })), 400, /description/);
    await refused(() => geo.createRequest(farmer({ lat: undefined, long: undefined, address_id: "330402999999" })), 400, /330402999999/);
    await refused(() => geo.createRequest(farmer({ jurisdiction_id: "hangzhou.zj.cn" })), 404, /jurisdiction_id/);
    // A place far from Jiaxing (0,0 is in the Atlantic) is not 12316 Jiaxing's to visit.
    await refused(() => geo.createRequest(farmer({ lat: 0, long: 0 })), 400, /outside the area/);
    // Errors name the parameter the client sent, not our field.
    await refused(() => geo.createRequest(farmer({ lat: undefined, long: undefined, address_id: "33040210321" })), 400, /^address_id: /);
    // A key given twice in the form is refused by name, not the last one taken.
    const twice = await fetch(`${endpoint}/requests.json`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `api_key=${encodeURIComponent(KEY)}&service_code=policy&service_code=market&phone=13957300003&address_id=${VILLAGE}&description=x` });
    expect(twice.status).toBe(400);
    expect(ErrorsSchema.parse(await twice.json())[0]!.description).toMatch(/service_code must be given once/);
    expect(await snapshot()).toEqual(before);
    await refused(() => geo.requests({ service_request_id: Array.from({ length: 101 }, (_, i) => `12316-2026-${String(i).padStart(6, "0")}`) }), 400, /at most 100/);

    await refused(() => geo.request("12316-1999-000001"), 404, /12316-1999-000001/);
    await refused(() => geo.serviceDefinition("weather"), 404, /weather/);
    const elsewhere = new GeoReportClient(endpoint, "hangzhou.zj.cn", KEY);
    await refused(() => elsewhere.services(), 404, /jurisdiction_id/);
    await refused(() => elsewhere.requests(), 404, /jurisdiction_id/);
    await refused(() => elsewhere.request(village), 404, /jurisdiction_id/);
    await refused(() => geo.requests({ start_date: "yesterday" }), 400, /start_date/);
    await refused(() => geo.requests({ start_date: "2026-13-45T00:00:00+08:00" }), 400, /start_date/);
    await refused(() => geo.requests({ end_date: "2026-11-27 09:00" }), 400, /end_date/);
    // A time needs its zone (the spec): otherwise the server's own zone would decide.
    await refused(() => geo.requests({ start_date: "2026-11-27T09:00:00" }), 400, /start_date/);
    await refused(() => geo.requests({ status: "lost" as "open" }), 400, /status/);
    // Reads need no key (the spec), but a key that is given must be valid: an unknown one is refused, not read as none.
    await refused(() => new GeoReportClient(endpoint, undefined, "not-our-key").requests(), 403, /api_key/);
    await refused(() => new GeoReportClient(endpoint, undefined, "not-our-key").request(village), 403, /api_key/);
    // A repeated key or a JSON object where text belongs is named, never a 500.
    const repeated = await fetch(`${endpoint}/requests.json?api_key=${KEY}&status=open&status=closed`);
    expect(repeated.status).toBe(400);
    expect(ErrorsSchema.parse(await repeated.json())[0]!.description).toMatch(/status/);
    const json = await fetch(`${endpoint}/requests.json`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...farmer({}), address_string: { street: "竹林村" } }) });
    expect(json.status).toBe(400);
    expect(ErrorsSchema.parse(await json.json())[0]!.description).toMatch(/address_string/);
    const numeric = await fetch(`${endpoint}/requests.json`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...farmer({}), phone: 12345 }) });
    expect(numeric.status).toBe(400);
    expect(ErrorsSchema.parse(await numeric.json())[0]!.description).toMatch(/phone/);
    // Unknown paths and methods under the endpoint answer in the spec's format too.
    await refused(() => geo.get("tokens/abc.json"), 404, /not an Open311/);
    await refused(() => geo.get("requests.csv"), 404);
    await refused(() => geo.get("services.html"), 404, /formats: \.json, \.xml/);
    const put = await fetch(`${endpoint}/requests.json`, { method: "DELETE" });
    expect(put.status).toBe(404);
    expect(ErrorsSchema.parse(await put.json())[0]!.code).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it("files a supply/demand offer as a draft notice for the SMS broadcast, the farmer its owner", async () => {
    const def = await geo.serviceDefinition("supply_demand");
    expect(def.attributes.map((a) => a.code)).toEqual(["product", "village_code", "kind", "quantity", "unit", "price", "valid_until"]);
    expect(def.attributes.find((a) => a.code === "kind")!.values).toEqual([{ key: "supply", name: "供应" }, { key: "demand", name: "需求" }]);
    const before = await count("hotline_tickets");
    await refused(() => geo.createRequest(farmer({ service_code: "supply_demand", attribute: { product: "南美白对虾", kind: "supply", quantity: "500" } })), 400, /^attribute\[unit\]: /);
    expect(await count("hotline_tickets")).toBe(before);
    const id = await file({ service_code: "supply_demand", description: "对虾 500 公斤出售", attribute: { product: "南美白对虾", kind: "supply", quantity: "500", unit: "公斤", price: "30元/公斤" } });
    const notice = await t.db.selectFrom("supply_demand_notices as n").innerJoin("hotline_tickets as t", "t.id", "n.ticket_id").selectAll("n").where("t.number", "=", id).executeTakeFirstOrThrow();
    expect(notice).toMatchObject({ kind: "supply", product: "南美白对虾", quantity: "500", unit: "公斤", price: "30元/公斤", status: "draft", contact_phone: "13857312288" });
  });

  it("speaks the spec's XML too: services, a definition, filing, reading back, errors", async () => {
    const xml = new GeoReportClient(endpoint, undefined, KEY, "xml");
    const services = await xml.services();
    expect(xml.last.contentType).toMatch(/^text\/xml/);
    expect(services).toEqual(await geo.services());
    expect(await xml.serviceDefinition("production")).toEqual(await geo.serviceDefinition("production"));
    expect(await xml.serviceDefinition("supply_demand")).toEqual(await geo.serviceDefinition("supply_demand"));
    const [made] = await xml.createRequest(farmer({ description: "XML 客户端：稻田里有褐飞虱 & 稻纵卷叶螟 <急>", attribute: { product: "水稻" } }));
    expect(xml.last.status).toBe(201);
    const id = (made as { service_request_id: string }).service_request_id;
    const viaXml = await xml.request(id);
    expect(viaXml).toEqual(await geo.request(id));
    expect(viaXml.description).toBe("XML 客户端：稻田里有褐飞虱 & 稻纵卷叶螟 <急>");
    expect(numbers(await xml.requests({ service_request_id: [id] }))).toEqual([id]);
    // Errors in XML: <errors><error><code/><description/></error></errors>, the code the HTTP status.
    await refused(() => xml.createRequest(farmer({ service_code: undefined })), 400, /service_code/);
    await refused(() => xml.request("12316-1999-000001"), 404, /not found/);
    await refused(() => new GeoReportClient(endpoint, undefined, "not-our-key", "xml").requests(), 403, /api_key/);
    const discovery = await fetch(`${endpoint}/discovery.xml`);
    expect(await discovery.text()).toContain("<format>text/xml</format>");
  });

  it("issues API keys to admins only, shown once; the issued key files requests", async () => {
    const clients = await count("open311_clients");
    expect((await operator.post("/api/open311/clients", { name: "村务通 App" })).statusCode).toBe(403);
    expect((await t.anonymous().post("/api/open311/clients", { name: "村务通 App" })).statusCode).toBe(401);
    const bad = await admin.post("/api/open311/clients", { name: "x" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path)).toEqual(["name"]);
    expect(await count("open311_clients")).toBe(clients);

    const issued = await admin.post("/api/open311/clients", { name: "村务通 App" });
    expect(issued.statusCode).toBe(201);
    const { id, name, apiKey } = issued.json();
    expect(name).toBe("村务通 App");
    expect(apiKey).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(await count("open311_clients")).toBe(clients + 1);
    // Only a hash is kept: the key is nowhere in the database's record of it, nor in the audit log.
    const stored = await t.db.selectFrom("open311_clients").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(apiKey);
    const audited = await t.db.selectFrom("audit_log").selectAll().where("entity_id", "=", id).execute();
    expect(audited.map((a) => a.action)).toEqual(["open311.client.add"]);
    expect(JSON.stringify(audited)).not.toContain(apiKey);
    // A second issue is a different key.
    const again = (await admin.post("/api/open311/clients", { name: "村务通 App 备用" })).json();
    expect(again.apiKey).not.toBe(apiKey);

    const made = await file({ api_key: apiKey, service_code: "complaint", description: "买到的化肥是假的，庄稼烧苗了" });
    expect((await new GeoReportClient(endpoint, undefined, apiKey).request(made)).service_code).toBe("complaint");
    // Another client does not see it, nor any ticket logged on the phone.
    await refused(() => geo.request(made), 404, /not found/);
    const phoned = (await operator.post("/api/hotline/tickets", { phone: "13957300077", villageCode: VILLAGE, category: "policy", text: "电话里问的补贴政策" })).json().number;
    await refused(() => geo.request(phoned), 404, /not found/);
    expect(numbers(await geo.requests({ service_request_id: [made, phoned] }))).toEqual([]);
    const audit = await t.db.selectFrom("audit_log").select("detail").where("action", "=", "hotline.ticket.create").where("entity_id", "=", (await ticketRow(made)).id).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail!)).toMatchObject({ via: "open311:村务通 App", number: made });
  });
});

describe("Open311 reads without an api_key: the public view (GeoReport v2 asks no key to read)", () => {
  let anon: GeoReportClient; // any app, without a key
  // Whose words and numbers must never reach an anonymous reader.
  const O311 = { first_name: "阿毛", last_name: "褚", phone: "139 5731 1234", email: "chu.amao@example.com", description: "我是褚阿毛，电话13957311234，竹林村5组18号的西瓜叶子发黄卷边", address_string: "新丰镇竹林村 5 组 18 号" };
  const WEB = { phone: "13857399876", name: "卫小琴", villageCode: VILLAGE, category: "policy", text: "卫小琴问：家庭农场补贴怎么申请？身份证号330402198801011234" };
  const PHONED = { phone: "13957300099", name: "蒋大伯", villageCode: VILLAGE, category: "production", text: "蒋大伯家的桃树流胶" };
  const ANSWER = "褚师傅您好：西瓜叶片黄化卷边多为蚜虫危害，用 10% 吡虫啉 2000 倍液喷雾；阿毛三天后复查，不见好转请打 13957311234 回访，或发邮件到 chu.amao@example.com。";
  const SECRETS = [
    "褚阿毛", "阿毛", "褚师傅", "卫小琴", "小琴", "蒋大伯", "大伯",
    "13957311234", "139 5731 1234", "57311234", "13857399876", "57399876", "13957300099", "57300099",
    "chu.amao", "@", "西瓜叶子发黄卷边", "家庭农场补贴", "桃树流胶", "330402198801011234", "5 组 18 号", "30.7512", "120.8237",
  ];
  const expectNoPersonalData = (payload: string) => {
    for (const s of SECRETS) expect(payload, `"${s}" in an anonymous read`).not.toContain(s);
  };
  let o311 = "";
  let web = "";
  let phoned = "";
  let ownIds = new Set<string>();
  const channelOf = async (numbers: string[]) =>
    Object.fromEntries((numbers.length ? await t.db.selectFrom("hotline_tickets").select(["number", "channel"]).where("number", "in", numbers).execute() : []).map((r) => [r.number, r.channel]));

  beforeAll(async () => {
    anon = new GeoReportClient(endpoint);
    o311 = await file({ ...O311, service_code: "production", lat: 30.7512, long: 120.8237, attribute: { product: "西瓜" } });
    const w = await t.anonymous().post("/api/public/hotline/requests", WEB);
    expect(w.statusCode).toBe(201);
    web = w.json().number;
    const p = await operator.post("/api/hotline/tickets", PHONED);
    expect(p.statusCode).toBe(201);
    phoned = p.json().number;
    const answered = await duty.post(`/api/hotline/tickets/${(await ticketRow(o311)).id}/answer`, { answer: ANSWER });
    expect(answered.statusCode).toBe(200);
    const client = await t.db.selectFrom("hotline_tickets").select("open311_client_id").where("number", "=", o311).executeTakeFirstOrThrow();
    ownIds = new Set((await t.db.selectFrom("hotline_tickets").select("number").where("open311_client_id", "=", client.open311_client_id).execute()).map((r) => r.number));
  });

  it("lists only requests filed through Open311 or the web form, never a phone-logged one, in JSON and XML", async () => {
    for (const format of ["json", "xml"] as const) {
      const client = new GeoReportClient(endpoint, undefined, undefined, format);
      const list = await client.requests();
      expect(client.last.status).toBe(200);
      const got = numbers(list);
      expect(got).toEqual(expect.arrayContaining([o311, web]));
      expect(got).not.toContain(phoned);
      // Every request shown came through a public channel; every phone-logged ticket is absent.
      const channels = await channelOf(got);
      expect(new Set(Object.values(channels))).toEqual(new Set(["open311", "web"]));
      const phoneTickets = (await t.db.selectFrom("hotline_tickets").select("number").where("channel", "=", "phone").execute()).map((r) => r.number);
      expect(phoneTickets.length).toBeGreaterThan(0);
      for (const n of phoneTickets) expect(got).not.toContain(n);
      for (const r of list) expect(r.description).toBeNull();
    }
  });

  it("shows no name, phone, e-mail, description or household address, even as a substring of the payload", async () => {
    for (const format of ["json", "xml"] as const) {
      const query = `service_request_id=${o311},${web},${phoned}`;
      for (const path of [`requests.${format}?${query}`, `requests.${format}`, `requests/${o311}.${format}`, `requests/${web}.${format}`]) {
        const res = await fetch(`${endpoint}/${path}`);
        expect(res.status, path).toBe(200);
        expectNoPersonalData(await res.text());
      }
    }
  });

  it("reads one request: status, service, datetimes, the expert's answer masked, the village", async () => {
    const a = await anon.request(o311);
    expect(a).toMatchObject({
      service_request_id: o311,
      status: "closed",
      service_code: "production",
      service_name: "生产技术问题",
      description: null,
      agency_responsible: "嘉兴市为农服务中心（12316）",
      expected_datetime: null,
      // Given as lat/long only (an address_string is free text): coordinates at 0.01°, no address.
      lat: 30.75,
      long: 120.82,
      address: null,
      address_id: null,
    });
    for (const d of [a.requested_datetime, a.updated_datetime]) expect(d).toMatch(W3C_SHANGHAI);
    // The answer is public, its advice intact; the farmer's name, number and e-mail are masked.
    expect(a.status_notes).toContain("用 10% 吡虫啉 2000 倍液喷雾");
    expect(a.status_notes).toContain("＊师傅您好");
    expectNoPersonalData(a.status_notes!);

    const w = await anon.request(web);
    expect(w).toMatchObject({ service_request_id: web, status: "open", service_code: "policy", description: null, address: "浙江省嘉兴市南湖区新丰镇竹林村委会", address_id: VILLAGE, lat: null, long: null, status_notes: "待坐诊专家处理" });
    expect(w.expected_datetime).toMatch(W3C_SHANGHAI);
    // The same in XML, field for field, and in the list.
    const xml = new GeoReportClient(endpoint, undefined, undefined, "xml");
    expect(await xml.request(web)).toEqual(w);
    expect(await xml.request(o311)).toEqual(a);
    expect(await anon.requests({ service_request_id: [o311, web] })).toEqual(expect.arrayContaining([a, w]));
    // A phone-logged ticket does not exist for an anonymous reader, in either format; an empty key is no key.
    await refused(() => anon.request(phoned), 404, /not found/);
    await refused(() => xml.request(phoned), 404, /not found/);
    const empty = await fetch(`${endpoint}/requests/${web}.json?api_key=`);
    expect(empty.status).toBe(200);
    expect(ServiceRequestListSchema.parse(await empty.json())).toEqual([w]);
  });

  it("with the client's key, its own requests in full (and only its own)", async () => {
    const full = await geo.request(o311);
    expect(full).toMatchObject({ description: O311.description, address: O311.address_string, lat: 30.7512, long: 120.8237, status_notes: ANSWER });
    const xml = new GeoReportClient(endpoint, undefined, KEY, "xml");
    expect(await xml.request(o311)).toEqual(full);
    await refused(() => geo.request(web), 404, /not found/);
    expect(numbers(await geo.requests({ service_request_id: [o311, web, phoned] }))).toEqual([o311]);
    await refused(() => new GeoReportClient(endpoint, undefined, "not-our-key", "xml").request(o311), 403, /api_key/);
  });

  it("filters alike with a key and without: the keyed answer is the public one's share the client filed", async () => {
    const rq = (await anon.request(o311)).requested_datetime;
    const cases: [RequestFilters, { has: string[]; hasNot: string[] }][] = [
      [{ service_request_id: [o311, web, phoned] }, { has: [o311, web], hasNot: [phoned] }],
      // Ids override every other argument (the spec).
      [{ service_request_id: web, status: "closed", service_code: "market" }, { has: [web], hasNot: [o311] }],
      [{ service_code: "policy" }, { has: [web], hasNot: [o311, phoned] }],
      [{ service_code: ["policy", "production"] }, { has: [web, o311], hasNot: [phoned] }],
      [{ status: "closed" }, { has: [o311], hasNot: [web] }],
      [{ status: "open" }, { has: [web], hasNot: [o311, phoned] }],
      [{ status: ["open", "closed"] }, { has: [web, o311], hasNot: [phoned] }],
      [{ start_date: shifted(rq, -60_000), end_date: shifted(rq, 60_000) }, { has: [o311], hasNot: [phoned] }],
      [{ start_date: rq, end_date: rq, service_code: "production", status: "closed" }, { has: [o311], hasNot: [web] }],
      [{ start_date: "2020-01-01T00:00:00+08:00", end_date: "2020-02-01T00:00:00+08:00" }, { has: [], hasNot: [o311, web] }],
      [{ end_date: shifted(rq, -1000) }, { has: [], hasNot: [o311] }],
    ];
    for (const [filters, want] of cases) {
      const open = numbers(await anon.requests(filters));
      for (const n of want.has) expect(open, JSON.stringify(filters)).toContain(n);
      for (const n of want.hasNot) expect(open, JSON.stringify(filters)).not.toContain(n);
      const keyed = numbers(await geo.requests(filters));
      expect(keyed.sort(), JSON.stringify(filters)).toEqual(open.filter((n) => ownIds.has(n)).sort());
    }
    // The same refusals without a key as with one.
    await refused(() => anon.requests({ start_date: "yesterday" }), 400, /start_date/);
    await refused(() => anon.requests({ status: "lost" as "open" }), 400, /status/);
    await refused(() => anon.requests({ service_request_id: Array.from({ length: 101 }, (_, i) => `12316-2026-${String(i).padStart(6, "0")}`) }), 400, /at most 100/);
    await refused(() => new GeoReportClient(endpoint, "hangzhou.zj.cn").requests(), 404, /jurisdiction_id/);
  });

  it("says so in the discovery document (JSON and XML)", async () => {
    const d = await anon.discovery();
    expect(d.endpoints[0]).toMatchObject({ specification: "http://wiki.open311.org/GeoReport_v2", url: expect.stringMatching(/^https?:\/\/[^/]+\/open311\/v2$/), type: "production", formats: ["application/json", "text/xml"] });
    expect(d.key_service).toMatch(/GET requests and GET requests\/\{id\} need no key/);
    expect(d.key_service).toMatch(/查询请求.*无需 api_key/);
    expect(await new GeoReportClient(endpoint, undefined, undefined, "xml").discovery()).toEqual(d);
  });

  it("answers the read calls exactly as `three` (codeforamerica's Python client) sends them, in JSON and XML", async () => {
    const three = new ThreeLike(endpoint);
    const d = await three.discovery();
    expect(three.last.url).toBe(`${endpoint}/discovery.json`);
    expect(d.status).toBe(200);
    DiscoverySchema.parse(d.data);

    const all = await three.requests();
    expect(three.last.url).toBe(`${endpoint}/requests.json`);
    expect(three.last.headers).toEqual({ "User-Agent": expect.stringMatching(/^python-requests\/2\./), "Accept-Encoding": "gzip, deflate", Accept: "*/*", Connection: "keep-alive" });
    expect(all.status).toBe(200);
    expect(three.last.contentType).toMatch(/^application\/json/);
    const list = ServiceRequestListSchema.parse(all.data);
    expect(numbers(list)).toEqual(expect.arrayContaining([o311, web]));
    expect(numbers(list)).not.toContain(phoned);
    expectNoPersonalData(all.body);

    // three.requests('policy'): the service code as its first argument.
    const policy = await three.requests("policy");
    expect(three.last.url).toBe(`${endpoint}/requests.json?service_code=policy`);
    expect(numbers(ServiceRequestListSchema.parse(policy.data))).toContain(web);

    // three.requests(between=['MM-DD-YYYY', 'MM-DD-YYYY']): UTC midnights, the colons percent-encoded by python-requests.
    const mdy = (ms: number) => {
      const x = new Date(ms);
      return `${String(x.getMonth() + 1).padStart(2, "0")}-${String(x.getDate()).padStart(2, "0")}-${x.getFullYear()}`;
    };
    const between = await three.requests(undefined, { between: [mdy(Date.now() - 86_400_000), mdy(Date.now() + 86_400_000)] });
    expect(three.last.url).toMatch(new RegExp(`^${endpoint}/requests\\.json\\?start_date=\\d{4}-\\d{2}-\\d{2}T00%3A00%3A00Z&end_date=\\d{4}-\\d{2}-\\d{2}T00%3A00%3A00Z$`));
    expect(between.status).toBe(200);
    expect(numbers(ServiceRequestListSchema.parse(between.data))).toEqual(expect.arrayContaining([o311, web]));

    // three.requests(count=5) sends page_size: the five newest.
    const counted = await three.requests(undefined, { count: 5 });
    expect(three.last.url).toBe(`${endpoint}/requests.json?page_size=5`);
    expect(counted.status).toBe(200);
    expect(ServiceRequestListSchema.parse(counted.data)).toEqual(list.slice(0, 5));

    const one = await three.request(o311);
    expect(three.last.url).toBe(`${endpoint}/requests/${o311}.json`);
    expect(one.status).toBe(200);
    expect(ServiceRequestListSchema.length(1).parse(one.data)[0]).toMatchObject({ service_request_id: o311, status: "closed", description: null });
    expectNoPersonalData(one.body);

    // A key configured in three is sent only with POST: its reads are the public view still.
    const keyed = new ThreeLike(endpoint, { api_key: KEY });
    const r = await keyed.request(o311);
    expect(keyed.last.url).toBe(`${endpoint}/requests/${o311}.json`);
    expect(ServiceRequestListSchema.parse(r.data)[0]!.description).toBeNull();

    // format='xml' and a jurisdiction: three adds jurisdiction_id after its own keywords; the XML read into the root's content.
    const xml = new ThreeLike(endpoint, { format: "xml", jurisdiction: JURISDICTION });
    const x = await xml.requests("production");
    expect(xml.last.url).toBe(`${endpoint}/requests.xml?service_code=production&jurisdiction_id=${JURISDICTION}`);
    expect(x.status).toBe(200);
    expect(xml.last.contentType).toMatch(/^text\/xml/);
    expect(x.body.startsWith('<?xml version="1.0" encoding="utf-8"?><service_requests>')).toBe(true);
    expect(numbers(ServiceRequestListSchema.parse(x.data))).toContain(o311);
    expectNoPersonalData(x.body);
    const xo = await xml.request(web);
    expect(xml.last.url).toBe(`${endpoint}/requests/${web}.xml?jurisdiction_id=${JURISDICTION}`);
    expect(ServiceRequestListSchema.parse(xo.data)).toEqual([await anon.request(web)]);
    const gone = await xml.request(phoned);
    expect(gone.status).toBe(404);
    expect(ErrorsSchema.parse(gone.data)[0]!.code).toBe(404);
  });

  it("by default the last 90 days, the 200 newest; page_size up to 1000 and page walk the rest; an older request by its date range", async () => {
    const template = await ticketRow(web);
    const now = Date.now();
    const copy = (i: number, at: number) => ({ ...template, id: randomUUID(), number: `12316-2026-9${String(i).padStart(5, "0")}`, status: "closed" as const, answer: "已答复", solution_due_at: null, created_at: new Date(at).toISOString(), updated_at: new Date(at).toISOString() });
    // 1,001 public requests in the last 80 days, and one 100 days old.
    const rows = Array.from({ length: 1001 }, (_, i) => copy(i, now - 3_600_000 - i * 80 * 60_000 * 1.4));
    const old = copy(1001, now - 100 * 86_400_000);
    for (let i = 0; i < rows.length; i += 100) await t.db.insertInto("hotline_tickets").values(rows.slice(i, i + 100)).execute();
    await t.db.insertInto("hotline_tickets").values(old).execute();

    const list = await anon.requests();
    expect(list).toHaveLength(200);
    // The newest first: today's requests are in.
    expect(numbers(list)).toEqual(expect.arrayContaining([o311, web]));
    const full = await anon.requests({ page_size: "1000" });
    expect(full).toHaveLength(1000);
    expect(full.slice(0, 200)).toEqual(list);
    const times = full.map((r) => Date.parse(r.requested_datetime));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // The oldest copies are cut, the 100-day-old one is outside the window.
    expect(numbers(full)).not.toContain(old.number);
    expect(numbers(full)).not.toContain(rows.at(-1)!.number);
    // Pages of 200 walk the same list, each request once.
    const pages: ServiceRequest[] = [];
    for (let page = 1; page <= 5; page++) pages.push(...(await anon.requests({ page: String(page) })));
    expect(pages).toEqual(full);
    // Past the end: an empty page; bad or too deep paging is named.
    expect(await anon.requests({ page_size: "1000", page: "10" })).toEqual([]);
    // More than 1,000 asked: 1,000 given (the spec's limit), as clients asking for "all" expect an answer.
    expect(await anon.requests({ page_size: "5000" })).toEqual(full);
    await refused(() => anon.requests({ page_size: "0" }), 400, /page_size/);
    await refused(() => anon.requests({ page_size: "all" }), 400, /page_size/);
    await refused(() => anon.requests({ page_size: "2.5" }), 400, /page_size/);
    await refused(() => anon.requests({ page: "0" }), 400, /page/);
    await refused(() => anon.requests({ page: "-1" }), 400, /page/);
    await refused(() => anon.requests({ page: "51" }), 400, /start_date and end_date/);
    // With service_request_id values the paging is ignored, as the other filters are.
    expect(numbers(await anon.requests({ service_request_id: [web, o311], page: "0", page_size: "1" })).sort()).toEqual([o311, web].sort());
    expect(numbers(await anon.requests({ start_date: shifted(new Date(now - 101 * 86_400_000).toISOString(), 0), end_date: shifted(new Date(now - 99 * 86_400_000).toISOString(), 0) }))).toEqual([old.number]);
    // Only end_date: the 90 days before it.
    expect(numbers(await anon.requests({ end_date: shifted(new Date(now - 95 * 86_400_000).toISOString(), 0) }))).toEqual([old.number]);
    // The XML list is paged alike; the client's keyed list is untouched by others' requests.
    expect(await new GeoReportClient(endpoint, undefined, undefined, "xml").requests()).toHaveLength(200);
    expect(await new GeoReportClient(endpoint, undefined, undefined, "xml").requests({ page_size: "1000" })).toHaveLength(1000);
    expect(numbers(await geo.requests()).every((n) => ownIds.has(n))).toBe(true);
  });

});
