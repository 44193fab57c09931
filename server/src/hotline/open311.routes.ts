import { createHash, randomBytes, randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { ReadCache } from "../platform/read-cache.js";
import { HOTLINE_CATEGORIES, TICKET_STATUSES, findPlace, withoutPersonalData } from "@yichuang/core";
import { XMLBuilder } from "fast-xml-parser";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { audit } from "../audit/audit.service.js";
import type { Database } from "../db/database.js";
import { AppError } from "../shared/errors.js";
import { contextOf } from "../shared/request-context.js";
import { nowIso, clock } from "../platform/clock.js";
import * as o311 from "./open311.repository.js";
import type { Open311Reader, Open311RequestQuery, Open311RequestRow } from "./open311.repository.js";
import * as repo from "./tickets.repository.js";
import * as tickets from "./tickets.service.js";

/**
 * Open311 GeoReport v2 (the spec at open311.org, JSON and XML formats) over the 12316 tickets, so existing
 * Open311 clients can file and follow requests: services are the hotline's categories; a request
 * needs the caller's phone (12316 calls back) and a location as lat/long, address_string or
 * address_id (a 12-digit village division code); attribute[product] names the crop or product.
 * Errors are the spec's array of {code, description} with the same HTTP status (in XML, <errors>).
 * Every resource answers as `.json` or `.xml`, the format its path ends with.
 * Reads need no key (the spec): without one, GET requests answers with the public view of requests
 * filed through Open311 or the web form (publicView); with a client's key, its own requests in full.
 */

const JURISDICTION = "jiaxing.zj.cn";
const AGENCY = "嘉兴市为农服务中心（12316）";
const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

class Open311Error extends Error {
  constructor(
    readonly code: number,
    description: string,
  ) {
    super(description);
  }
}

/** Shanghai local time with its offset, as the spec's examples give datetimes (W3C). */
function w3c(iso: string | null): string | null {
  if (!iso) return null;
  const local = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 19);
  return `${local}+08:00`;
}

type Format = "json" | "xml";
const FORMATS: readonly Format[] = ["json", "xml"];
/** The format a request asked for: its path's extension (errors answer in it too). */
const formatOf = (req: FastifyRequest): Format => (req.url.split("?")[0]!.endsWith(".xml") ? "xml" : "json");

/** The element each list's items take in the spec's XML (services > service, attributes > attribute …). */
const ITEM: Record<string, string> = { services: "service", service_requests: "request", errors: "error", attributes: "attribute", values: "value", endpoints: "endpoint", formats: "format" };
const xml = new XMLBuilder({ format: false, suppressEmptyNode: true, processEntities: true });
/** A value as the spec's XML: lists become their items' elements, null an empty element. */
function toXml(root: string, value: unknown): string {
  const shape = (name: string, v: unknown): unknown => {
    if (Array.isArray(v)) return { [ITEM[name] ?? "item"]: v.map((x) => shape(ITEM[name] ?? "item", x)) };
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(k, x)]));
    return v === null || v === undefined ? "" : String(v);
  };
  return `<?xml version="1.0" encoding="utf-8"?>${xml.build({ [root]: shape(root, value) })}`;
}
/** Sends `value` in the asked format: JSON as it is, XML under `root`. */
function answer(reply: FastifyReply, format: Format, root: string, value: unknown, status = 200) {
  reply.code(status);
  return reply.type(format === "xml" ? "text/xml; charset=utf-8" : "application/json; charset=utf-8").send(rendered(format, root, value));
}

/** The body of an answer in `format`. */
function rendered(format: Format, root: string, value: unknown): string {
  return format === "xml" ? toXml(root, value) : JSON.stringify(value);
}

/** An answer kept as bytes, with its gzip made at the first client that accepts it. */
class KeptBody {
  #gzip: Buffer | undefined;
  constructor(readonly plain: Buffer) {}
  gzipped(): Buffer {
    return (this.#gzip ??= gzipSync(this.plain));
  }
}

/** Whether an Accept-Encoding header accepts gzip (named with a q above 0, or `*`). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let star = false;
  for (const part of header.toLowerCase().split(",")) {
    const [name, ...params] = part.trim().split(";");
    const q = params.map((x) => x.trim()).find((x) => x.startsWith("q="));
    const accepted = q === undefined || Number(q.slice(2)) > 0;
    if (name === "gzip" || name === "x-gzip") return accepted;
    if (name === "*") star = accepted;
  }
  return star;
}

/** What the public list reads (a change of either drops the kept answers). */
const PUBLIC_LIST_TABLES = ["hotline_tickets", "hotline_callers"] as const;

/**
 * A W3C datetime from a query, as epoch milliseconds. The spec wants the time zone with a time (without
 * it the server's own zone would decide); a bare date is that day in Shanghai. An offset's "+" sent
 * unencoded arrives as a space, and is read as "+".
 */
function parseW3c(s: string | undefined, name: string): number | undefined {
  if (!s) return undefined;
  const v = s.replace(/ (\d{2}:?\d{2})$/, "+$1");
  const t = /^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(`${v}T00:00:00+08:00`) : Date.parse(v);
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(v) || Number.isNaN(t)) throw new Open311Error(400, `${name} must be a W3C datetime with its time zone, e.g. 2026-11-27T09:00:00+08:00`);
  return t;
}

const service = (c: (typeof HOTLINE_CATEGORIES)[number]) => ({
  service_code: c.code,
  service_name: c.zh,
  description: `${c.zh}（${c.en}）：工作时间内 ${c.responseMinutes} 分钟内响应`,
  metadata: true,
  type: "realtime",
  keywords: ["12316", c.zh, c.en.toLowerCase()].join(","),
  group: "12316 三农热线",
});

function checkJurisdiction(j: unknown) {
  if (j !== undefined && j !== "" && j !== JURISDICTION) throw new Open311Error(404, `jurisdiction_id ${String(j)} is not served here (use ${JURISDICTION})`);
}

/** The request as the spec shows it, in full: what the client itself filed (a keyed read). */
function requestView(t: Open311RequestRow) {
  return {
    service_request_id: t.number,
    status: t.status === "closed" ? ("closed" as const) : ("open" as const),
    status_notes: t.status === "closed" ? t.answer : progressNote(t),
    service_name: HOTLINE_CATEGORIES.find((c) => c.code === t.category)?.zh ?? t.category,
    service_code: t.category,
    description: t.text as string | null,
    agency_responsible: AGENCY,
    service_notice: null,
    requested_datetime: w3c(t.created_at),
    updated_datetime: w3c(t.updated_at),
    expected_datetime: t.status === "closed" ? null : w3c(t.solution_due_at),
    address: t.address ?? villageName(t.village_code),
    address_id: t.village_code,
    zipcode: null,
    lat: t.lat,
    long: t.lng,
    media_url: null,
  };
}

const progressNote = (t: Pick<Open311RequestRow, "status" | "waiting_since">) => `${TICKET_STATUSES.find((s) => s.code === t.status)?.zh ?? t.status}${t.waiting_since ? "（等待农户）" : ""}`;
const villageName = (code: string | null) => (code ? (findPlace(code)?.fullName ?? null) : null);

/**
 * The request as anyone may see it (a read without a key): status, service, datetimes, the expert's
 * answer with personal data masked, and the place at village level. Never the caller's name, phone or
 * e-mail. Not the description: the farmer typed it (often with their name, number and farm) on a form
 * that does not say it will be published, so only its own client reads it. Not a free-text address
 * (it may name a house or a group of households): the village's name and code instead. Coordinates,
 * when the client gave them, rounded to 0.01° (about 1 km, a village's size here).
 */
function publicView(t: Open311RequestRow): ReturnType<typeof requestView> {
  // Field by field, not the full view with some taken out: a field added there is not public by default.
  const toVillage = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
  return {
    service_request_id: t.number,
    status: t.status === "closed" ? "closed" : "open",
    status_notes: t.status === "closed" ? (t.answer ? withoutPersonalData(t.answer, [t.caller_name, t.known_name]) : null) : progressNote(t),
    service_name: HOTLINE_CATEGORIES.find((c) => c.code === t.category)?.zh ?? t.category,
    service_code: t.category,
    description: null,
    agency_responsible: AGENCY,
    service_notice: null,
    requested_datetime: w3c(t.created_at),
    updated_datetime: w3c(t.updated_at),
    expected_datetime: t.status === "closed" ? null : w3c(t.solution_due_at),
    address: villageName(t.village_code),
    address_id: t.village_code,
    zipcode: null,
    lat: toVillage(t.lat),
    long: toVillage(t.lng),
    media_url: null,
  };
}

/**
 * Who reads: a client by its api_key (its own requests in full), or anyone without one (the public
 * requests, as publicView shows them). An empty key is no key; an unknown one is refused (403).
 */
async function readerOf(db: Database, key: string | undefined): Promise<Open311Reader> {
  if (!key) return "public";
  const c = await repo.findOpen311Client(db, hashKey(key));
  if (!c) throw new Open311Error(403, "api_key is not valid (omit it to read the public requests)");
  return { clientId: c.id };
}

async function clientOf(db: Database, key: unknown) {
  if (typeof key !== "string" || !key) throw new Open311Error(400, "api_key is required");
  const c = await repo.findOpen311Client(db, hashKey(key));
  if (!c) throw new Open311Error(403, "api_key is not valid");
  return c;
}

/** The spec's default span of GET requests. */
const DEFAULT_DAYS = 90;
/**
 * How many requests a list gives, newest first: page_size (the extension clients such as python's three
 * send for `count`, and Chicago's and others' endpoints take) from 1, at most MAX_PAGE_SIZE (the spec's
 * "e.g. 1000"; a larger ask gets that many), DEFAULT_PAGE_SIZE when not given; `page` (from 1) the page of that size. A list costs the
 * same at any size of the year: a busier 90 days is more pages, not a larger answer. Pages reach
 * MAX_DEPTH requests deep; older ones are found by their dates (start_date, end_date).
 */
const DEFAULT_PAGE_SIZE = 200;
const MAX_PAGE_SIZE = 1000;
const MAX_DEPTH = 10_000;

/** A whole number of at least `min` given as text, or 400 naming the parameter. */
function whole(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min)) throw new Open311Error(400, `${name} must be a whole number, at least ${min}`);
  return n;
}

/** GET requests' filters from the query, the same with a key and without. */
function requestFilters(q: Record<string, string | undefined>): Open311RequestQuery {
  // Lists are comma delimited (the spec), e.g. status=open,closed.
  const list = (v: string | undefined) => v?.split(",").map((s) => s.trim()).filter(Boolean) ?? [];
  const statuses = new Set(list(q.status));
  if ([...statuses].some((s) => s !== "open" && s !== "closed")) throw new Open311Error(400, "status must be open or closed (comma delimited)");
  const ids = list(q.service_request_id);
  if (ids.length > 100) throw new Open311Error(400, "at most 100 service_request_id values");
  // Without an end: until the end of this minute (nothing is logged later than now; a request logged
  // before it ends changes the tickets, which drops any answer kept for it), so a kept answer holds a minute.
  const end = parseW3c(q.end_date, "end_date") ?? Math.ceil((clock.nowMs() + 1) / 60_000) * 60_000 - 1000;
  const start = parseW3c(q.start_date, "start_date") ?? end - DEFAULT_DAYS * 86_400_000;
  // With service_request_id values the paging is ignored, as every other filter is (the spec).
  const size = ids.length ? MAX_PAGE_SIZE : Math.min(whole(q.page_size, "page_size", 1) ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const page = ids.length ? 1 : (whole(q.page, "page", 1) ?? 1);
  if (page * size > MAX_DEPTH) throw new Open311Error(400, `page × page_size must be at most ${MAX_DEPTH}: for older requests narrow start_date and end_date`);
  return {
    ids,
    serviceCodes: list(q.service_code),
    status: statuses.size === 1 ? ([...statuses][0] as "open" | "closed") : undefined,
    // The range applies to requested_datetime as shown, in whole seconds: a request is found by its own.
    from: new Date(Math.ceil(start / 1000) * 1000).toISOString(),
    to: new Date(Math.floor(end / 1000) * 1000 + 1000).toISOString(),
    // service_request_id values (at most 100) are each given, whatever the page.
    limit: ids.length ? ids.length : size,
    offset: ids.length ? 0 : (page - 1) * size,
  };
}

/**
 * The parameters of a request as strings: form-encoded bodies and queries give strings, a JSON body
 * may give numbers (kept as their text); a repeated key (an array) or an object is refused by name,
 * as is a value over `max` characters.
 */
function params(raw: unknown, max: Record<string, number>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  const entries = Object.entries((raw ?? {}) as Record<string, unknown>).flatMap(([k, v]): [string, unknown][] =>
    // A JSON body may give the attributes as an object: attribute: { product: "…" } is attribute[product].
    k === "attribute" && v && typeof v === "object" && !Array.isArray(v) ? Object.entries(v).map(([a, x]) => [`attribute[${a}]`, x]) : [[k, v]],
  );
  for (const [k, v] of entries) {
    if (v === undefined || v === null) continue;
    if (typeof v !== "string" && typeof v !== "number") throw new Open311Error(400, `${k} must be given once, as text`);
    const text = String(v);
    const limit = max[k] ?? 200;
    if (text.length > limit) throw new Open311Error(400, `${k} is longer than ${limit} characters`);
    out[k] = text;
  }
  return out;
}
const BODY_LIMITS = { description: 4000, address_string: 200, api_key: 100, phone: 30, first_name: 40, last_name: 40, email: 100, "attribute[product]": 60, "attribute[kind]": 10, "attribute[quantity]": 20, "attribute[unit]": 20, "attribute[price]": 60, "attribute[valid_until]": 10 };

/** The offer of a supply/demand request (attribute[kind] given: a draft notice). */
const NOTICE_ATTRIBUTES = [
  { variable: true, code: "kind", datatype: "singlevaluelist", required: false, datatype_description: "供应或需求；填写后生成供求信息草稿，经审核后短信群发", order: 3, description: "供求类型", values: [{ key: "supply", name: "供应" }, { key: "demand", name: "需求" }] },
  { variable: true, code: "quantity", datatype: "number", required: false, datatype_description: "数字", order: 4, description: "数量" },
  { variable: true, code: "unit", datatype: "string", required: false, datatype_description: "如 公斤、头、亩；填写数量时必填", order: 5, description: "单位" },
  { variable: true, code: "price", datatype: "string", required: false, datatype_description: "如 12元/公斤、面议", order: 6, description: "价格" },
  { variable: true, code: "valid_until", datatype: "string", required: false, datatype_description: "YYYY-MM-DD，默认 7 天", order: 7, description: "有效期至" },
];

/** The ticket fields' names as the spec's parameters (errors name what the client sent). */
const SPEC_NAME: Record<string, string> = {
  villageCode: "address_id",
  text: "description",
  phone: "phone",
  name: "first_name/last_name",
  product: "attribute[product]",
  address: "address_string",
  category: "service_code",
  lat: "lat",
  lng: "long",
  notice: "attribute[kind]",
  "notice.kind": "attribute[kind]",
  "notice.product": "attribute[product]",
  "notice.quantity": "attribute[quantity]",
  "notice.unit": "attribute[unit]",
  "notice.validUntil": "attribute[valid_until]",
};

/** The area 12316 Jiaxing serves (嘉兴市 with a margin), for requests located by lat/long. */
const AREA = { lat: [30.2, 31.1], long: [120.3, 121.3] } as const;
const inServiceArea = (lat: number, lng: number) => lat >= AREA.lat[0] && lat <= AREA.lat[1] && lng >= AREA.long[0] && lng <= AREA.long[1];

const num = (v: unknown, name: string) => {
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Open311Error(400, `${name} must be a number`);
  return n;
};

/** When the discovery document last changed (the spec: sortable). */
const DISCOVERY_CHANGESET = "2026-12-07T00:00:00+08:00";
/** How to get a key, and what one is for (the discovery document's key_service, read by people). */
const KEY_SERVICE =
  "提交请求（POST requests）须使用 api_key，请向嘉兴市为农服务中心管理员申请。查询请求（GET requests、GET requests/{id}）无需 api_key：返回经网上咨询和 Open311 提交的请求的公开信息（状态、类别、时间、专家答复（已隐去姓名、号码）、所在村），不含姓名、电话、邮箱和问题原文，电话受理的工单不公开；带 api_key 查询则只返回本客户端提交的请求的完整内容。" +
  " / An api_key is required to POST requests; ask the centre's administrator. GET requests and GET requests/{id} need no key: they answer with the public view of requests filed through the web form or Open311 (status, service, datetimes, the expert's answer with names and numbers masked, the village), never a name, phone, e-mail or the description; calls logged on the phone are not published. With an api_key, GET returns that client's own requests in full.";

/** GeoReport v2 (JSON and XML): register with the prefix /open311/v2. */
export async function open311Routes(app: FastifyInstance, deps: tickets.TicketDeps & { reads: ReadCache }) {
  // The spec posts application/x-www-form-urlencoded; JSON bodies are accepted too.
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => {
    // A repeated key stays a list, which params() refuses by name (not silently the last one).
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(body as string)) {
      const had = out[k];
      out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
    }
    done(null, out);
  });
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const send = (code: number, description: string) => answer(reply, formatOf(req), "errors", [{ code, description }], code);
    if (err instanceof Open311Error) return send(err.code, err.message);
    if (err instanceof AppError) return send(err.status, err.fields?.length ? err.fields.map((f) => `${SPEC_NAME[f.path] ?? f.path}: ${f.message}`).join("; ") : err.message);
    const code = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    if (code >= 500) req.log.error({ err }, "open311 request failed");
    return send(code, code >= 500 ? "internal error" : err.message);
  });
  const notFound = (req: FastifyRequest, reply: FastifyReply) =>
    answer(reply, formatOf(req), "errors", [{ code: 404, description: `${req.method} ${req.url.split("?")[0]} is not an Open311 GeoReport v2 resource (formats: .json, .xml)` }], 404);
  app.setNotFoundHandler(notFound);

  const r = app.withTypeProvider<ZodTypeProvider>();
  const open = { config: { access: "public" as const }, schema: { tags: ["open311"], hide: false } };

  for (const f of FORMATS) {
    r.get(`/discovery.${f}`, { ...open, schema: { ...open.schema, summary: `Open311 discovery: the endpoint and its formats (${f})` } }, async (_req, reply) =>
      answer(reply, f, "discovery", {
        changeset: DISCOVERY_CHANGESET,
        contact: "嘉兴市为农服务中心 12316",
        key_service: KEY_SERVICE,
        endpoints: [{ specification: "http://wiki.open311.org/GeoReport_v2", url: `${deps.config.publicUrl.replace(/\/$/, "")}/open311/v2`, changeset: DISCOVERY_CHANGESET, type: "production", formats: ["application/json", "text/xml"] }],
      }),
    );

    r.get(`/services.${f}`, { ...open, schema: { ...open.schema, summary: `GeoReport v2: the service list (12316 categories) (${f})` } }, async (req, reply) => {
      checkJurisdiction(params(req.query, {}).jurisdiction_id);
      return answer(reply, f, "services", HOTLINE_CATEGORIES.map(service));
    });

    r.get(`/services/:code.${f}`, { ...open, schema: { ...open.schema, summary: `GeoReport v2: a service's definition (attributes) (${f})` } }, async (req, reply) => {
      checkJurisdiction(params(req.query, {}).jurisdiction_id);
      const code = (req.params as { code: string }).code;
      if (!HOTLINE_CATEGORIES.some((c) => c.code === code)) throw new Open311Error(404, `service_code ${code} not found`);
      return answer(reply, f, "service_definition", {
        service_code: code,
        attributes: [
          { variable: true, code: "product", datatype: "string", required: false, datatype_description: "作物、畜禽、水产品或产品名称", order: 1, description: "品种/产品" },
          { variable: true, code: "village_code", datatype: "string", required: false, datatype_description: "12 位村（社区）区划代码，与 address_id 相同", order: 2, description: "所在村（社区）" },
          // A supply/demand request may carry its offer: it becomes a draft notice for the SMS broadcast, the caller its owner.
          ...(code === "supply_demand" ? NOTICE_ATTRIBUTES : []),
        ],
      });
    });

    r.post(`/requests.${f}`, { ...open, schema: { ...open.schema, summary: `GeoReport v2: file a request (api_key, service_code, phone, description, a location) (${f})` } }, async (req, reply) => {
      const b = params(req.body, BODY_LIMITS);
      checkJurisdiction(b.jurisdiction_id);
      const client = await clientOf(deps.db, b.api_key);
      if (!b.service_code) throw new Open311Error(400, "service_code is required");
      if (!HOTLINE_CATEGORIES.some((c) => c.code === b.service_code)) throw new Open311Error(404, `service_code ${b.service_code} not found`);
      const lat = num(b.lat, "lat");
      const lng = num(b.long, "long");
      if ((lat === undefined) !== (lng === undefined)) throw new Open311Error(400, "lat and long must be given together");
      if (lat !== undefined && (lat < -90 || lat > 90 || lng! < -180 || lng! > 180)) throw new Open311Error(400, "lat/long out of range");
      if (lat !== undefined && !inServiceArea(lat, lng!)) throw new Open311Error(400, `lat/long ${lat},${lng} is outside the area 12316 Jiaxing serves (嘉兴市, about ${AREA.lat.join("–")}°N ${AREA.long.join("–")}°E)`);
      const villageCode = b.address_id || b["attribute[village_code]"] || null;
      if (lat === undefined && !b.address_string && !villageCode) throw new Open311Error(400, "a location is required: lat and long, address_string or address_id");
      if (!b.phone) throw new Open311Error(400, "phone is required: 12316 calls the farmer back");
      if (!b.description) throw new Open311Error(400, "description is required");
      const name = [b.last_name, b.first_name].filter(Boolean).join("") || null;
      const made = await tickets.createTicket(deps, contextOf(req), "open311", {
        phone: b.phone,
        name,
        villageCode,
        address: b.address_string ?? null,
        lat: lat ?? null,
        lng: lng ?? null,
        category: b.service_code,
        product: b["attribute[product]"] ?? null,
        text: b.description,
        notice: b["attribute[kind]"]
          ? { kind: b["attribute[kind]"] as "supply" | "demand", product: b["attribute[product]"] ?? "", quantity: b["attribute[quantity]"] ?? null, unit: b["attribute[unit]"] ?? null, price: b["attribute[price]"] ?? null, validUntil: b["attribute[valid_until]"] ?? null }
          : null,
      }, undefined, { open311ClientId: client.id, name: client.name });
      return answer(reply, f, "service_requests", [{ service_request_id: made.number, service_notice: "12316 已受理，工作时间内专家将电话联系您", account_id: null }], 201);
    });

    r.get(
      `/requests.${f}`,
      { ...open, schema: { ...open.schema, summary: `GeoReport v2: requests by id, service, dates, status (default the last 90 days), newest first, page_size of them (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}) from page (from 1); no api_key: the public requests (web form and Open311) without personal data; a client's api_key: its own in full (${f})` } },
      async (req, reply) => {
        const q = params(req.query, { service_request_id: 100 * 21 });
        checkJurisdiction(q.jurisdiction_id);
        const filters = requestFilters(q);
        const reader = await readerOf(deps.db, q.api_key);
        if (reader === "public" && !filters.ids.length) {
          // Everyone's list: the answer kept until a ticket or a caller's name changes (platform/read-cache.ts).
          // Kept as the bytes sent (encoded once, not per answer), and gzipped once for the clients that
          // accept it (every stock HTTP client does): the list is every public request of 90 days.
          const kept = await deps.reads.get(PUBLIC_LIST_TABLES, `open311:${f}:${JSON.stringify(filters)}`, async () => new KeptBody(Buffer.from(rendered(f, "service_requests", (await o311.findOpen311Requests(deps.db, reader, filters)).map(publicView)))));
          reply.code(200).type(f === "xml" ? "text/xml; charset=utf-8" : "application/json; charset=utf-8").header("vary", "accept-encoding");
          if (!acceptsGzip(req.headers["accept-encoding"])) return reply.send(kept.plain);
          return reply.header("content-encoding", "gzip").send(kept.gzipped());
        }
        const rows = await o311.findOpen311Requests(deps.db, reader, filters);
        return answer(reply, f, "service_requests", rows.map(reader === "public" ? publicView : requestView));
      },
    );

    r.get(
      `/requests/:id.${f}`,
      { ...open, schema: { ...open.schema, summary: `GeoReport v2: one request; no api_key: a public one (web form and Open311) without personal data; a client's api_key: its own in full (${f})` } },
      async (req, reply) => {
        const q = params(req.query, {});
        checkJurisdiction(q.jurisdiction_id);
        const reader = await readerOf(deps.db, q.api_key);
        const id = (req.params as { id: string }).id;
        if (reader === "public") {
          // A public request as everyone sees it: kept as the bytes sent until a ticket or a caller's name changes.
          const body = await deps.reads.get(
            PUBLIC_LIST_TABLES,
            `open311-one:${f}:${id}`,
            async () => {
              const t = await o311.findOpen311Request(deps.db, reader, id);
              return t ? Buffer.from(rendered(f, "service_requests", [publicView(t)])) : null;
            },
            // A number that does not exist is not kept: asking for many fills nothing.
            (b) => b !== null,
          );
          if (!body) throw new Open311Error(404, `service_request_id ${id} not found`);
          return reply.code(200).type(f === "xml" ? "text/xml; charset=utf-8" : "application/json; charset=utf-8").send(body);
        }
        const t = await o311.findOpen311Request(deps.db, reader, id);
        if (!t) throw new Open311Error(404, `service_request_id ${id} not found`);
        return answer(reply, f, "service_requests", [requestView(t)]);
      },
    );
  }
  // Under the prefix, whatever is not a resource answers as the spec's error, not the web app's page.
  r.all("/*", { ...open, schema: { ...open.schema, hide: true } }, notFound);
}

/** The admin route that issues Open311 API keys. */
export async function open311AdminRoutes(app: FastifyInstance, deps: { db: Database }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    "/api/open311/clients",
    {
      config: { access: "open311.manage" },
      schema: { tags: ["open311"], summary: "Issue an API key to an Open311 client (shown once)", body: z.strictObject({ name: z.string().trim().min(2, "请至少写 2 个字").max(60).describe("客户端名称") }) },
    },
    async (req, reply) => {
      const key = randomBytes(24).toString("base64url");
      const id = randomUUID();
      await deps.db.transaction().execute(async (trx) => {
        await repo.insertOpen311Client(trx, { id, name: req.body.name, key_hash: hashKey(key), created_at: nowIso() });
        await audit(trx, contextOf(req), { action: "open311.client.add", entity: "open311_client", entityId: id, detail: { name: req.body.name } });
      });
      return reply.code(201).send({ id, name: req.body.name, apiKey: key });
    },
  );
}

/** Registers a client with a known key (the demo's, and tests'). */
export async function registerOpen311Client(db: Database, name: string, key: string): Promise<void> {
  await repo.insertOpen311Client(db, { id: randomUUID(), name, key_hash: hashKey(key), created_at: nowIso() });
}
