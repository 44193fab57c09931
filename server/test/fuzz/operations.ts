import type { FastifyInstance } from "fastify";

/** The part of JSON Schema (as @fastify/swagger writes it for OpenAPI 3) the generator reads. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
  description?: string;
}

export interface Param {
  name: string;
  schema: JsonSchema;
  required: boolean;
}

/** How a route reads its body. */
export type BodyKind = "json" | "multipart" | "image" | "form" | "none";

/** One operation of the OpenAPI document. */
export interface Operation {
  /** "POST /api/hotline/tickets/{id}/answer" */
  key: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** The path template, `{name}` for parameters. */
  path: string;
  pathParams: Param[];
  query: Param[];
  body: JsonSchema | null;
  bodyKind: BodyKind;
  /** The route's `config.access` (found by `probeAccess`), or null when unknown. */
  access: string | null;
}

type DocOperation = {
  summary?: string;
  parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
};

const s = (maxLength = 200): JsonSchema => ({ type: "string", maxLength });

/**
 * GeoReport v2 routes take their parameters without a schema in the document (the spec's names,
 * form-encoded bodies): the fields the spec defines, so the generator fills them too.
 */
const OPEN311_POST: JsonSchema = {
  type: "object",
  properties: {
    api_key: s(100),
    service_code: s(40),
    lat: { type: "number" },
    long: { type: "number" },
    address_string: s(),
    address_id: s(12),
    email: s(100),
    device_id: s(),
    account_id: s(),
    first_name: s(40),
    last_name: s(40),
    phone: s(30),
    description: s(4000),
    media_url: s(),
    "attribute[product]": s(60),
    "attribute[village_code]": s(12),
    "attribute[kind]": { type: "string", enum: ["supply", "demand"] },
    "attribute[quantity]": s(20),
    "attribute[unit]": s(20),
    "attribute[price]": s(60),
    "attribute[valid_until]": s(10),
    jurisdiction_id: s(),
  },
  required: ["api_key", "service_code", "description"],
};
const OPEN311_QUERY: Param[] = ["api_key", "service_request_id", "service_code", "start_date", "end_date", "status", "jurisdiction_id"].map((name) => ({
  name,
  schema: name === "status" ? { type: "string", enum: ["open", "closed", "open,closed"] } : s(100),
  required: false,
}));

const METHODS = new Set(["get", "post", "put", "patch", "delete"]);

/** Every operation of the app's own OpenAPI document (call after `app.ready()`). */
export function operationsOf(app: FastifyInstance): Operation[] {
  const doc = app.swagger() as unknown as { paths: Record<string, Record<string, DocOperation>> };
  const ops: Operation[] = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(byMethod)) {
      if (!METHODS.has(m)) continue;
      const method = m.toUpperCase() as Operation["method"];
      const params = op.parameters ?? [];
      const pathParams = params.filter((p) => p.in === "path").map((p) => ({ name: p.name, schema: p.schema ?? {}, required: true }));
      let query = params.filter((p) => p.in === "query").map((p) => ({ name: p.name, schema: p.schema ?? {}, required: p.required === true }));
      const json = op.requestBody?.content?.["application/json"]?.schema ?? null;
      const summary = op.summary ?? "";
      let bodyKind: BodyKind = json ? "json" : "none";
      let body = json;
      if (/multipart/i.test(summary)) bodyKind = "multipart";
      else if (/JPG or PNG bytes/i.test(summary)) bodyKind = "image";
      const open311 = path.startsWith("/open311/");
      if (open311 && method === "POST") {
        bodyKind = "form";
        body = OPEN311_POST;
      }
      if (open311 && method === "GET" && query.length === 0) query = /requests/.test(path) ? OPEN311_QUERY : OPEN311_QUERY.filter((p) => p.name === "jurisdiction_id");
      ops.push({ key: `${method} ${path}`, method, path, pathParams, query, body, bodyKind, access: null });
    }
  }
  return ops;
}

/** The URL path of an operation with its parameters (each already encoded) in place. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_m, name: string) => values[name] ?? "");
}
