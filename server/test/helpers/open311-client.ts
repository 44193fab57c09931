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
}

/** A GeoReport v2 client for one endpoint (e.g. http://127.0.0.1:PORT/open311/v2). */
export class GeoReportClient {
  /** The last response's HTTP status and content type, for tests of the wire. */
  last: { status: number; contentType: string | null } = { status: 0, contentType: null };

  constructor(
    readonly endpoint: string,
    readonly jurisdictionId?: string,
    /** This jurisdiction asks for the key on reads of requests too (a client reads back what it filed). */
    readonly apiKey?: string,
    readonly format: "json" | "xml" = "json",
  ) {}

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
