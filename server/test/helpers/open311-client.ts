import { request as httpRequest } from "node:http";
import { gunzipSync, inflateSync } from "node:zlib";
import { XMLParser } from "fast-xml-parser";
import { z } from "zod";

/**
 * A small Open311 GeoReport v2 client, written from the spec (wiki.open311.org/GeoReport_v2,
 * JSON and XML formats), not from our server's code: it speaks plain HTTP with fetch and checks every
 * response against the spec's shapes, so a renamed or missing field fails the caller's test. In XML
 * the spec's elements are read back into the JSON shapes (lists from their item elements, text
 * typed as the spec types it, empty elements as null) and checked by the same schemas.
 */

/** A W3C datetime (the spec: ISO 8601 subset of the w3 note, with Z or an ±HH:MM offset). */
const w3cDatetime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, "a W3C datetime with its time zone");

/** GET services: the list of service types. */
export const ServiceSchema = z.strictObject({
  service_code: z.string().min(1),
  service_name: z.string().min(1),
  description: z.string(),
  metadata: z.boolean(),
  type: z.enum(["realtime", "batch", "blackbox"]),
  keywords: z.string(),
  group: z.string(),
});
export const ServiceListSchema = z.array(ServiceSchema);

/** GET a service definition: the attributes a request of that service may carry. */
export const AttributeSchema = z.strictObject({
  variable: z.boolean(),
  code: z.string().min(1),
  datatype: z.enum(["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]),
  required: z.boolean(),
  datatype_description: z.string().nullable(),
  order: z.number().int(),
  description: z.string(),
  values: z.array(z.strictObject({ key: z.string(), name: z.string() })).optional(),
});
export const ServiceDefinitionSchema = z.strictObject({
  service_code: z.string().min(1),
  attributes: z.array(AttributeSchema),
});

/** POST a request: either the request's id at once, or a token to look it up later. */
export const CreatedSchema = z.array(
  z.union([
    z.strictObject({ service_request_id: z.string().min(1), service_notice: z.string().nullable(), account_id: z.string().nullable() }),
    z.strictObject({ token: z.string().min(1), service_notice: z.string().nullable().optional() }),
  ]),
);

/** GET requests and GET a request: service requests as the spec lists their fields. */
export const ServiceRequestSchema = z.strictObject({
  service_request_id: z.string().min(1),
  status: z.enum(["open", "closed"]),
  status_notes: z.string().nullable(),
  service_name: z.string(),
  service_code: z.string(),
  description: z.string().nullable(),
  agency_responsible: z.string().nullable(),
  service_notice: z.string().nullable(),
  requested_datetime: w3cDatetime,
  updated_datetime: w3cDatetime.nullable(),
  expected_datetime: w3cDatetime.nullable(),
  address: z.string().nullable(),
  address_id: z.string().nullable(),
  zipcode: z.string().nullable(),
  lat: z.number().min(-90).max(90).nullable(),
  long: z.number().min(-180).max(180).nullable(),
  media_url: z.string().nullable(),
});
export const ServiceRequestListSchema = z.array(ServiceRequestSchema);

/** The discovery document (wiki.open311.org/Service_discovery): where the endpoints are and what they speak. */
export const DiscoverySchema = z.strictObject({
  changeset: w3cDatetime,
  contact: z.string().min(1),
  key_service: z.string().min(1),
  endpoints: z
    .array(
      z.strictObject({
        specification: z.string().url(),
        url: z.string().url(),
        changeset: w3cDatetime,
        type: z.enum(["production", "test"]),
        formats: z.array(z.string().min(1)).min(1),
      }),
    )
    .min(1),
});

/** Errors: an array of {code, description}, the HTTP status being the code. */
export const ErrorsSchema = z.array(z.strictObject({ code: z.number().int(), description: z.string().min(1) })).min(1);

export type Service = z.infer<typeof ServiceSchema>;
export type ServiceDefinition = z.infer<typeof ServiceDefinitionSchema>;
export type ServiceRequest = z.infer<typeof ServiceRequestSchema>;
export type Open311Errors = z.infer<typeof ErrorsSchema>;

/** Thrown for any non-2xx answer, carrying the spec's error array (already checked). */
export class Open311HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errors: Open311Errors,
  ) {
    super(`HTTP ${status}: ${errors.map((e) => `${e.code} ${e.description}`).join("; ")}`);
  }
}

/** The fields of POST requests (the spec's names). `attribute` becomes attribute[code]=value. */
export interface CreateRequestParams {
  api_key?: string;
  jurisdiction_id?: string;
  service_code?: string;
  lat?: number | string;
  long?: number | string;
  address_string?: string;
  address_id?: string;
  attribute?: Record<string, string>;
  email?: string;
  device_id?: string;
  account_id?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  description?: string;
  media_url?: string;
}

/** Filters of GET requests. Lists are sent comma delimited, as the spec says. */
export interface RequestFilters {
  service_request_id?: string | string[];
  service_code?: string | string[];
  start_date?: string;
  end_date?: string;
  status?: "open" | "closed" | ("open" | "closed")[];
  /** Extensions many endpoints take (Chicago's, python's three sends page_size for `count`). */
  page_size?: string;
  page?: string;
}

/** A GeoReport v2 client for one endpoint (e.g. http://127.0.0.1:PORT/open311/v2). */
export class GeoReportClient {
  /** The last response's HTTP status and content type, for tests of the wire. */
  last: { status: number; contentType: string | null } = { status: 0, contentType: null };

  constructor(
    readonly endpoint: string,
    readonly jurisdictionId?: string,
    /**
     * The key is required to POST; on reads of requests it is optional (the spec): without it the server
     * answers with what is public, with it (here) with the client's own requests in full.
     */
    readonly apiKey?: string,
    readonly format: "json" | "xml" = "json",
  ) {}

  /** GET discovery.json */
  async discovery(): Promise<z.infer<typeof DiscoverySchema>> {
    return DiscoverySchema.parse(await this.get(`discovery.${this.format}`));
  }

  /** GET services.json */
  async services(): Promise<Service[]> {
    return ServiceListSchema.parse(await this.get(`services.${this.format}`, this.withJurisdiction({})));
  }

  /** GET services/{service_code}.json */
  async serviceDefinition(code: string): Promise<ServiceDefinition> {
    return ServiceDefinitionSchema.parse(await this.get(`services/${encodeURIComponent(code)}.${this.format}`, this.withJurisdiction({})));
  }

  /** POST requests.json, application/x-www-form-urlencoded; the new request's id (or token). */
  async createRequest(params: CreateRequestParams) {
    const form = new URLSearchParams();
    const { attribute, ...rest } = { jurisdiction_id: this.jurisdictionId, ...params };
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) form.append(k, String(v));
    for (const [k, v] of Object.entries(attribute ?? {})) form.append(`attribute[${k}]`, v);
    const res = await fetch(this.url(`requests.${this.format}`), { method: "POST", body: form, headers: { accept: this.accept } });
    return CreatedSchema.parse(await this.read(res));
  }

  /** GET requests.json with the spec's filters. */
  async requests(filters: RequestFilters = {}): Promise<ServiceRequest[]> {
    const q: Record<string, string> = {};
    for (const [k, v] of Object.entries(filters)) if (v !== undefined) q[k] = Array.isArray(v) ? v.join(",") : v;
    return ServiceRequestListSchema.parse(await this.get(`requests.${this.format}`, this.withKey(this.withJurisdiction(q))));
  }

  /** GET requests/{service_request_id}.json: the spec answers with an array of one. */
  async request(id: string): Promise<ServiceRequest> {
    const list = ServiceRequestListSchema.length(1).parse(await this.get(`requests/${encodeURIComponent(id)}.${this.format}`, this.withKey(this.withJurisdiction({}))));
    return list[0]!;
  }

  /** Any GET under the endpoint, for paths the spec does not define. */
  async get(path: string, query: Record<string, string> = {}): Promise<unknown> {
    const url = new URL(this.url(path));
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return this.read(await fetch(url, { headers: { accept: this.accept } }));
  }

  private get accept() {
    return this.format === "xml" ? "text/xml" : "application/json";
  }

  private withKey(q: Record<string, string>) {
    return this.apiKey ? { api_key: this.apiKey, ...q } : q;
  }

  private withJurisdiction(q: Record<string, string>) {
    return this.jurisdictionId ? { jurisdiction_id: this.jurisdictionId, ...q } : q;
  }

  private url(path: string) {
    return `${this.endpoint.replace(/\/$/, "")}/${path}`;
  }

  private async read(res: Response): Promise<unknown> {
    this.last = { status: res.status, contentType: res.headers.get("content-type") };
    const text = await res.text();
    const type = this.format === "xml" ? /^(text|application)\/xml\b/ : /^application\/json\b/;
    if (!type.test(this.last.contentType ?? "")) throw new Error(`HTTP ${res.status}: expected ${this.format}, got ${this.last.contentType}: ${text.slice(0, 200)}`);
    const body: unknown = this.format === "xml" ? fromXml(text) : JSON.parse(text);
    if (res.ok) return body;
    const errors = ErrorsSchema.parse(body);
    for (const e of errors) if (e.code !== res.status) throw new Error(`error code ${e.code} differs from HTTP status ${res.status}`);
    throw new Open311HttpError(res.status, errors);
  }
}

/** The spec's XML lists and their items. */
const LISTS: Record<string, string> = { services: "service", service_requests: "request", errors: "error", attributes: "attribute", values: "value", endpoints: "endpoint", formats: "format" };
const BOOLEANS = new Set(["metadata", "variable", "required"]);
const NUMBERS = new Set(["order", "lat", "long"]);
const xmlParser = new XMLParser({ parseTagValue: false, ignoreDeclaration: true, isArray: (name) => Object.values(LISTS).includes(name) });

/** A GeoReport v2 XML document as its JSON shape. */
export function fromXml(text: string): unknown {
  const doc = xmlParser.parse(text) as Record<string, unknown>;
  const [root, value] = Object.entries(doc)[0] ?? [];
  if (!root) throw new Error(`not an XML document: ${text.slice(0, 200)}`);
  const typed = (name: string, v: unknown, inErrors = false): unknown => {
    if (LISTS[name]) {
      const items = v && typeof v === "object" ? ((v as Record<string, unknown>)[LISTS[name]!] as unknown[] | undefined) : undefined;
      return (items ?? []).map((x) => typed(LISTS[name]!, x, name === "errors"));
    }
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typed(k, x, inErrors)]));
    const t = String(v ?? "");
    if (t === "") return null;
    if (BOOLEANS.has(name)) return t === "true";
    if (NUMBERS.has(name) || (inErrors && name === "code")) return Number(t);
    return t;
  };
  return root === "service_definition" || root === "discovery" ? typed("", value) : typed(root, value);
}

/** The headers python-requests (2.x, without brotli) sends by default, in its order; urllib3 puts Host first. */
export const PYTHON_REQUESTS_HEADERS = { "User-Agent": "python-requests/2.32.3", "Accept-Encoding": "gzip, deflate", Accept: "*/*", Connection: "keep-alive" } as const;

/** Python's urllib.parse.quote_plus: only letters, digits and "_.-~" stay; a space is "+". */
export function quotePlus(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

/**
 * The read calls of codeforamerica's `three` (three/core.py, the Python Open311 wrapper), byte for byte
 * on the wire: `Three(endpoint)` adds a trailing slash; a path is `endpoint + '/'.join(args) + '.' + format`;
 * query parameters go through python-requests' `params=` (urlencode with quote_plus, in the order of three's
 * keyword dict: the caller's keywords (service_code), then jurisdiction_id when configured, then count →
 * page_size and start/end → start_date/end_date as `%Y-%m-%dT%H:%M:%SZ`); the headers are python-requests'
 * defaults. three sends
 * api_key only with POST, never on a GET, whether a key is configured or not. It parses the body
 * without looking at the content type (simplejson, or XML into the root's content).
 */
export class ThreeLike {
  readonly endpoint: string;
  /** The last exchange, as sent and as answered. */
  last: { url: string; headers: Record<string, string>; status: number; contentType: string | null } = { url: "", headers: {}, status: 0, contentType: null };

  constructor(
    endpoint: string,
    readonly options: { format?: "json" | "xml"; jurisdiction?: string; api_key?: string } = {},
  ) {
    this.endpoint = endpoint.endsWith("/") ? endpoint : `${endpoint}/`;
  }

  /** three.discovery() */
  discovery() {
    return this.get(["discovery"], {});
  }

  /** three.services(code=None) */
  services(code?: string) {
    return this.get(["services", code], {});
  }

  /** three.requests(code=None, **kwargs): start/end (MM-DD-YYYY; end defaults to today), between, count, or any other keyword as is. */
  requests(code?: string, kwargs: { start?: string; end?: string; between?: [string, string]; count?: number; [k: string]: unknown } = {}) {
    const k: Record<string, unknown> = { ...kwargs };
    if (code) k.service_code = code;
    return this.get(["requests"], k);
  }

  /** three.request(id) */
  request(id: string) {
    return this.get(["requests", id], {});
  }

  /** Three._get_keywords: what three turns its keywords into, in the order it adds them. */
  keywords(kwargs: Record<string, unknown>): [string, string][] {
    const k: Record<string, unknown> = { ...kwargs };
    if (this.options.jurisdiction && !("jurisdiction_id" in k)) k.jurisdiction_id = this.options.jurisdiction;
    if ("count" in k) {
      k.page_size = k.count;
      delete k.count;
    }
    if ("start" in k) {
      const end = "end" in k ? String(k.end) : todayMDY();
      k.start_date = splitDate(String(k.start));
      k.end_date = splitDate(end);
      delete k.start;
      delete k.end;
    } else if ("between" in k) {
      const [a, b] = k.between as [string, string];
      k.start_date = splitDate(a);
      k.end_date = splitDate(b);
      delete k.between;
    }
    return Object.entries(k).map(([n, v]) => [n, String(v)]);
  }

  /** The URL three asks for: Three._create_path, then requests' `params=` encoding. */
  url(args: (string | undefined)[], kwargs: Record<string, unknown>): string {
    const path = `${this.endpoint}${args.filter(Boolean).join("/")}.${this.options.format ?? "json"}`;
    const query = this.keywords(kwargs)
      .map(([n, v]) => `${quotePlus(n)}=${quotePlus(v)}`)
      .join("&");
    return query ? `${path}?${query}` : path;
  }

  private async get(args: (string | undefined)[], kwargs: Record<string, unknown>): Promise<{ status: number; data: unknown; body: string }> {
    const url = this.url(args, kwargs);
    const headers = { ...PYTHON_REQUESTS_HEADERS };
    const res = await rawGet(url, headers);
    this.last = { url, headers, status: res.status, contentType: res.contentType };
    // three.convert: simplejson.loads(content), or xml(content) and the root's value; no look at the content type.
    const data = (this.options.format ?? "json") === "xml" ? fromXml(res.body) : JSON.parse(res.body);
    return { status: res.status, data, body: res.body };
  }
}

/** date.today().strftime('%m-%d-%Y'), three's default end (the machine's date, as Python's date.today() is). */
function todayMDY(): string {
  const d = new Date();
  return `${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}-${d.getFullYear()}`;
}

/** Three._split_date: MM-DD-YYYY (or with slashes; a two-digit year is 20YY) → YYYY-MM-DDT00:00:00Z. */
function splitDate(s: string): string {
  const [month, day, year] = s.split(/-|\//).map(Number) as [number, number, number];
  const y = year < 100 ? year + 2000 : year;
  return `${String(y).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}T00:00:00Z`;
}

/** A GET over plain node:http with exactly these headers (Host first, added by Node as urllib3 does); gzip/deflate undone as requests does. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; contentType: string | null; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: "GET", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        const enc = res.headers["content-encoding"];
        const body = enc === "gzip" ? gunzipSync(raw) : enc === "deflate" ? inflateSync(raw) : raw;
        resolve({ status: res.statusCode ?? 0, contentType: res.headers["content-type"] ?? null, body: body.toString("utf8") });
      });
    });
    req.on("error", reject);
    req.end();
  });
}
