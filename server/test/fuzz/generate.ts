import fc from "fast-check";
import type { JsonSchema, Operation } from "./operations.js";
import { fillPath } from "./operations.js";
import {
  ANY_TYPE,
  BAD_BODY_TEXTS,
  BAD_CONTENT_TYPES,
  BAD_DATES,
  BAD_NUMBERS,
  BAD_PATH_SEGMENTS,
  BAD_QUERIES,
  HUGE,
  HUGE_CJK,
  NASTY,
  NASTY_TEXT,
  NOT_TEXT,
  PATH_SWEEP,
  PATH_SWEEP_DATE,
  PATH_SWEEP_NUMBER,
  PDF,
  PNG,
  PROTO_KEYS,
  encodeLoose,
  setOwn,
  toJson,
} from "./values.js";

/** fast-check's imperative generator (`fc.gen()`). */
type G = fc.GeneratorValue;

/** Real values the generator puts where a field of that name belongs, so requests reach the handlers. */
export interface Hints {
  /** By property or parameter name, lower case: `departmentid`, `phone`, `date`, `q` … */
  byName: Record<string, readonly unknown[]>;
  /** Ids of real records of every kind (for a uuid field without a hint, and for an id of the wrong kind). */
  ids: readonly string[];
  /** Real values of each path parameter of an operation: whole tuples (a ticket and its visit) or per name. */
  pathValues(op: Operation): Record<string, string>[];
}

/** One generated request, before a client sends it. */
export interface Draft {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** What was done to the request (for the report). */
  label: string;
  /** Who sends it: "anonymous" or a role. */
  as: string;
  /** Anonymous requests come from many addresses: per-address budgets must not hide the handlers. */
  ip: string;
}

const pick = <T>(g: G, xs: readonly T[]): T => xs[g(fc.integer, { min: 0, max: xs.length - 1 })]!;
const chance = (g: G, p: number) => g(fc.integer, { min: 0, max: 999 }) < p * 1000;
const typesOf = (s: JsonSchema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

const TEXT = ["测试内容", "水稻种子发芽率低", "嘉兴市南湖区新丰镇", "abcd efg", "Test 1234", "张三丰", "备注：无", "南美白对虾浮头怎么办？", "x"];
const DATE_NAME = /(^|_)(date|from|to|start|end|until|day)$|date$|On$|^(from|to|start|end)|validUntil|valid_until|_date$/i;
const DATETIME_NAME = /At$|_at$|datetime/i;
const PHONE_NAME = /phone/i;

function clamp(s: string, schema: JsonSchema): string {
  let out = s;
  if (schema.maxLength !== undefined && out.length > schema.maxLength) out = out.slice(0, schema.maxLength);
  if (schema.minLength !== undefined && out.length < schema.minLength) out = out.padEnd(schema.minLength, "测");
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a hinted value fits the field's schema (a department code is no department id). */
function fits(v: unknown, schema: JsonSchema, type: string): boolean {
  if (type === "integer" || type === "number") {
    return typeof v === "number" && (schema.minimum === undefined || v >= schema.minimum) && (schema.maximum === undefined || v <= schema.maximum);
  }
  if (type === "array") return Array.isArray(v);
  if (typeof v !== "string" && typeof v !== "number") return false;
  const text = String(v);
  if (schema.format === "uuid" && !UUID.test(text)) return false;
  if (schema.pattern && !new RegExp(schema.pattern).test(text)) return false;
  return (schema.maxLength === undefined || text.length <= schema.maxLength) && (schema.minLength === undefined || text.length >= schema.minLength);
}

function hintFor(hints: Hints, name: string): readonly unknown[] | undefined {
  const byName = hints.byName[name.toLowerCase()];
  if (byName?.length) return byName;
  if (DATETIME_NAME.test(name)) return hints.byName["@datetime"];
  if (DATE_NAME.test(name)) return hints.byName["@date"];
  if (PHONE_NAME.test(name)) return hints.byName.phone;
  return undefined;
}

/** A value the schema accepts (best effort), real where a hint knows the field's name. */
export function validValue(g: G, schema: JsonSchema, name: string, hints: Hints, depth = 0): unknown {
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants?.length) return validValue(g, pick(g, variants), name, hints, depth);
  if (schema.allOf?.length) return validValue(g, Object.assign({}, ...schema.allOf), name, hints, depth);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return pick(g, schema.enum);
  const types = typesOf(schema);
  if ((schema.nullable || types.includes("null")) && chance(g, 0.1)) return null;
  const type = types.find((t) => t !== "null") ?? (schema.properties ? "object" : schema.items ? "array" : "string");
  // An array hint (regions: [[town, town]]) gives its items to a single value of the same name.
  const raw = hintFor(hints, name);
  const hinted = (type === "array" ? raw : raw?.flatMap((v) => (Array.isArray(v) ? v : [v])))?.filter((v) => fits(v, schema, type));
  const hint = hinted?.length ? hinted : undefined;
  switch (type) {
    case "string": {
      if (hint && chance(g, 0.85)) {
        const v = pick(g, hint);
        return typeof v === "string" ? v : String(v);
      }
      if (schema.format === "uuid") return chance(g, 0.7) && hints.ids.length ? pick(g, hints.ids) : g(fc.uuid);
      if (schema.format === "email") return pick(g, ["fuzz@example.com", "a.b+c@example.org"]);
      if (schema.format === "date-time") return pick(g, hints.byName["@datetime"] ?? ["2026-01-01T00:00:00.000Z"]);
      if (schema.pattern && chance(g, 0.8)) {
        try {
          return clamp(g(fc.stringMatching, new RegExp(schema.pattern), { size: "xsmall" }), schema);
        } catch {
          // A pattern fast-check cannot read: fall through to text.
        }
      }
      const mode = g(fc.integer, { min: 0, max: 9 });
      const raw = mode < 6 ? pick(g, TEXT) : mode < 8 ? pick(g, NASTY_TEXT) : mode < 9 ? g(fc.string, { maxLength: 12 }) : g(fc.string, { unit: "grapheme", maxLength: 8 });
      return clamp(raw, schema);
    }
    case "integer":
    case "number": {
      if (hint && chance(g, 0.85)) return pick(g, hint);
      const min = typeof schema.minimum === "number" ? schema.minimum : 0;
      const max = typeof schema.maximum === "number" ? Math.min(schema.maximum, min + 1_000_000) : min + 100;
      if (type === "integer") return chance(g, 0.3) || Math.ceil(min) > Math.floor(max) ? pick(g, [min, max]) : g(fc.integer, { min: Math.ceil(min), max: Math.floor(max) });
      return chance(g, 0.7) && Math.ceil(min) <= Math.floor(max) ? g(fc.integer, { min: Math.ceil(min), max: Math.floor(max) }) : g(fc.double, { min, max, noNaN: true, noDefaultInfinity: true });
    }
    case "boolean":
      return g(fc.boolean);
    case "array": {
      if (hint && chance(g, 0.6)) return pick(g, hint);
      const minItems = schema.minItems ?? 0;
      const maxItems = Math.min(schema.maxItems ?? minItems + 3, minItems + 3);
      const n = depth > 4 ? minItems : g(fc.integer, { min: minItems, max: Math.max(minItems, maxItems) });
      return Array.from({ length: n }, () => validValue(g, schema.items ?? {}, name, hints, depth + 1));
    }
    case "object": {
      const out: Record<string, unknown> = {};
      const required = new Set(schema.required ?? []);
      for (const [key, prop] of Object.entries(schema.properties ?? {})) {
        if (required.has(key) || (depth < 5 && chance(g, 0.6))) setOwn(out, key, validValue(g, prop, key, hints, depth + 1));
      }
      const extra = schema.additionalProperties;
      if (extra && typeof extra === "object" && depth < 4) {
        const n = g(fc.integer, { min: 0, max: 2 });
        for (let i = 0; i < n; i++) setOwn(out, pick(g, ["a", "name", "amount", "0", "x-y"]), validValue(g, extra, "value", hints, depth + 1));
      }
      return out;
    }
    default:
      return pick(g, ANY_TYPE);
  }
}

type Key = string | number;
interface Node {
  path: Key[];
  value: unknown;
  schema: JsonSchema | undefined;
}

function childSchema(schema: JsonSchema | undefined, key: Key): JsonSchema | undefined {
  if (!schema) return undefined;
  const s = schema.oneOf?.[0] ?? schema.anyOf?.[0] ?? schema;
  if (typeof key === "number") return s.items;
  return s.properties?.[key] ?? (typeof s.additionalProperties === "object" ? s.additionalProperties : undefined);
}

/** Every node of a JSON value (the root included) with its schema. */
function nodesOf(value: unknown, schema: JsonSchema | undefined, path: Key[] = [], out: Node[] = []): Node[] {
  out.push({ path, value, schema });
  if (path.length > 6) return out;
  if (Array.isArray(value)) value.forEach((v, i) => nodesOf(v, childSchema(schema, i), [...path, i], out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) nodesOf(v, childSchema(schema, k), [...path, k], out);
  return out;
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(toJson(v)) as T);
}

/** Replaces (or with `remove`, deletes) the node at `path`; the root is replaced through the return value. */
function setAt(root: unknown, path: Key[], value: unknown, remove = false): unknown {
  if (!path.length) return value;
  let parent = root as Record<Key, unknown>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<Key, unknown>;
  const last = path.at(-1)!;
  if (remove) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else if (typeof last === "string") setOwn(parent as Record<string, unknown>, last, value);
  else parent[last] = value;
  return root;
}

const nameOf = (path: Key[]) => path.filter((k) => typeof k === "string").at(-1) ?? "body";
const show = (path: Key[]) => path.join(".") || "(body)";

function wrongType(g: G, value: unknown): unknown {
  const others = ANY_TYPE.filter((v) => typeof v !== typeof value || Array.isArray(v) !== Array.isArray(value) || (v === null) !== (value === null));
  return pick(g, others);
}

/** One mutation of a JSON body; returns the new body and what was done. */
function mutateJson(g: G, body: unknown, schema: JsonSchema | null): [unknown, string] {
  const nodes = nodesOf(body, schema ?? undefined);
  const inner = nodes.filter((n) => n.path.length > 0);
  const objects = nodes.filter((n) => n.value && typeof n.value === "object" && !Array.isArray(n.value));
  const strings = inner.filter((n) => typeof n.value === "string");
  const kind = pick(g, ["drop", "drop", "extra", "type", "type", "null", "nasty", "nasty", "notText", "notText", "huge", "number", "empty", "wrap", "date", "proto", "dup"] as const);
  const target = inner.length ? pick(g, inner) : nodes[0]!;
  switch (kind) {
    case "drop": {
      const withRequired = objects.filter((o) => (o.schema?.required ?? []).some((k) => k in (o.value as object)));
      if (withRequired.length) {
        const o = pick(g, withRequired);
        const key = pick(g, (o.schema!.required ?? []).filter((k) => k in (o.value as object)));
        return [setAt(body, [...o.path, key], undefined, true), `body.drop(${show([...o.path, key])})`];
      }
      if (inner.length) return [setAt(body, target.path, undefined, true), `body.drop(${show(target.path)})`];
      return [{}, "body.drop(all)"];
    }
    case "extra":
    case "proto": {
      const o = objects.length ? pick(g, objects) : null;
      const key = kind === "proto" ? pick(g, PROTO_KEYS) : pick(g, ["extra", "id", "admin", "roles", "x".repeat(300), "a\u0000b", "\uD800", "", ...PROTO_KEYS]);
      const value = pick(g, [...ANY_TYPE, ...NASTY.slice(0, 10), { admin: true }, { prototype: { admin: true } }]);
      if (!o) return [body, `body.extra(none)`];
      const copy = { ...(o.value as object) } as Record<string, unknown>;
      setOwn(copy, key, value);
      return [setAt(body, o.path, copy), `body.extra(${show([...o.path, JSON.stringify(key).slice(0, 20)])})`];
    }
    case "type":
      return [setAt(body, target.path, wrongType(g, target.value)), `body.type(${show(target.path)})`];
    case "null":
      return [setAt(body, target.path, null), `body.null(${show(target.path)})`];
    case "nasty":
    case "notText":
    case "date": {
      const n = strings.length && chance(g, 0.8) ? pick(g, strings) : target;
      const v = pick(g, kind === "nasty" ? NASTY_TEXT : kind === "date" ? BAD_DATES : NOT_TEXT);
      return [setAt(body, n.path, v), `body.${kind}(${show(n.path)}=${JSON.stringify(v).slice(0, 30)})`];
    }
    case "huge": {
      const n = strings.length ? pick(g, strings) : target;
      return [setAt(body, n.path, chance(g, 0.5) ? HUGE : HUGE_CJK), `body.huge(${show(n.path)})`];
    }
    case "number": {
      const nums = inner.filter((n) => typeof n.value === "number");
      const n = nums.length ? pick(g, nums) : target;
      const v = pick(g, BAD_NUMBERS);
      return [setAt(body, n.path, v), `body.number(${show(n.path)}=${JSON.stringify(v)})`];
    }
    case "empty": {
      const n = pick(g, nodes);
      const v = chance(g, 0.5) ? [] : {};
      return [setAt(body, n.path, v), `body.empty(${show(n.path)}=${JSON.stringify(v)})`];
    }
    case "dup": {
      // The same item twice (a role, a tag, a member): a set the client did not make one.
      const arrays = nodes.filter((n) => Array.isArray(n.value) && n.value.length > 0);
      if (!arrays.length) return [body, "body.dup(none)"];
      const a = pick(g, arrays);
      const items = a.value as unknown[];
      return [setAt(body, a.path, [...items, items[0]]), `body.dup(${show(a.path)})`];
    }
    case "wrap": {
      const n = pick(g, nodes);
      return [setAt(body, n.path, Array.isArray(n.value) ? { 0: n.value[0] } : [n.value]), `body.wrap(${show(n.path)})`];
    }
  }
}

/** Query parameters as sent: [name, value] pairs (unencoded) and any raw text appended. */
interface Query {
  pairs: [string, string][];
  raw: string[];
}

function queryString(q: Query): string {
  const parts = q.pairs.map(([k, v]) => `${encodeLoose(k)}=${encodeLoose(v)}`);
  const all = [...parts, ...q.raw].filter((p) => p !== "");
  return all.length ? `?${all.join("&")}` : "";
}

function asQueryValue(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(asQueryValue);
  if (v === null || v === undefined) return [""];
  return [typeof v === "object" ? toJson(v) : String(v)];
}

function mutateQuery(g: G, op: Operation, q: Query): string {
  const kind = pick(g, ["drop", "extra", "nasty", "nasty", "notText", "notText", "huge", "repeat", "number", "date", "raw"] as const);
  const i = q.pairs.length ? g(fc.integer, { min: 0, max: q.pairs.length - 1 }) : -1;
  const name = i >= 0 ? q.pairs[i]![0] : pick(g, op.query.map((p) => p.name).concat("q"));
  const put = (v: string) => {
    if (i >= 0) q.pairs[i] = [name, v];
    else q.pairs.push([name, v]);
  };
  switch (kind) {
    case "drop": {
      const required = op.query.filter((p) => p.required).map((p) => p.name);
      const drop = required.length ? pick(g, required) : name;
      q.pairs = q.pairs.filter(([k]) => k !== drop);
      return `query.drop(${drop})`;
    }
    case "extra": {
      const key = pick(g, [...PROTO_KEYS, "extra", "__proto__[admin]", "q[]", "a\u0000", "\uD800"]);
      q.pairs.push([key, pick(g, ["1", "true", "x", ""])]);
      return `query.extra(${JSON.stringify(key)})`;
    }
    case "nasty":
    case "notText":
    case "date": {
      const v = pick(g, kind === "nasty" ? NASTY_TEXT : kind === "date" ? BAD_DATES : NOT_TEXT);
      put(v);
      return `query.${kind}(${name}=${JSON.stringify(v).slice(0, 30)})`;
    }
    case "huge":
      put(chance(g, 0.5) ? HUGE.slice(0, 20_000) : HUGE_CJK.slice(0, 5_000));
      return `query.huge(${name})`;
    case "repeat":
      q.pairs.push([name, i >= 0 ? q.pairs[i]![1] : "1"], [name, pick(g, ["2", "", "x"])]);
      return `query.repeat(${name})`;
    case "number": {
      const v = String(pick(g, BAD_NUMBERS));
      put(v);
      return `query.number(${name}=${v})`;
    }
    case "raw": {
      const raw = pick(g, BAD_QUERIES);
      q.raw.push(raw);
      return `query.raw(${raw.slice(0, 30)})`;
    }
  }
}

/** Multipart bodies, good and bad, for the upload routes. */
function multipartBody(g: G, op: Operation, hints: Hints): { payload: Buffer | string; contentType: string; label: string } {
  const boundary = `----fuzz${g(fc.integer, { min: 0, max: 1e9 })}`;
  const fields: [string, string][] = [];
  if (/materials/.test(op.path)) fields.push(["materialCode", pick(g, (hints.byName.materialcode as string[]) ?? ["M02"])]);
  if (/imports/.test(op.path)) fields.push(["consentMethod", pick(g, (hints.byName.consentmethod as string[]) ?? ["import"])]);
  const csv = Buffer.from("手机号,姓名,村（社区）代码,身份,关注品种\n13957300099,测试,330402103215,农户,水稻\n");
  let file: { name: string; filename: string; type: string; bytes: Buffer } | null = {
    name: "file",
    filename: /imports/.test(op.path) ? "名单.csv" : /materials/.test(op.path) ? "材料.pdf" : "photo.png",
    type: "application/octet-stream",
    bytes: /imports/.test(op.path) ? csv : /materials/.test(op.path) ? PDF : PNG,
  };
  const labels: string[] = [];
  const n = chance(g, 0.2) ? 0 : g(fc.integer, { min: 1, max: 2 });
  let broken: string | null = null;
  for (let k = 0; k < n; k++) {
    const kind = pick(g, ["noFile", "fieldName", "fileName", "fileNameNotText", "bytes", "field", "fieldNotText", "fieldHuge", "extraField", "twoFiles", "truncated", "noBoundary", "json", "empty"] as const);
    labels.push(kind);
    switch (kind) {
      case "noFile":
        file = null;
        break;
      case "fieldName":
        if (file) file.name = pick(g, ["", "files", "__proto__", "file\u0000", "materialCode"]);
        break;
      case "fileName":
        if (file) file.filename = pick(g, ["../../etc/passwd", "..\\..\\x.png", "", " ", "a".repeat(1000), "x.exe", "水稻.PNG", "%00.png", '"quoted".png', "a/b/c.pdf", "CON", ".htaccess"]);
        break;
      case "fileNameNotText":
        if (file) file.filename = pick(g, ["a\u0000b.png", "\u0001.pdf", "\uD800.png", "x\u001b.csv"]);
        break;
      case "bytes":
        if (file) file.bytes = pick(g, [Buffer.alloc(0), Buffer.from("not a file"), Buffer.from("\u0000\u0001\u0002"), PNG.subarray(0, 12), PDF.subarray(0, 8), Buffer.from("%PDF-"), Buffer.from(HUGE), csv, Buffer.from("手机号\n" + "\u0000".repeat(10)), Buffer.from("PK\u0003\u0004junk")]);
        break;
      case "field":
        if (fields.length) fields[0]![1] = pick(g, [...NASTY_TEXT.slice(0, 30), "", "M99"]);
        else fields.push(["note", pick(g, NASTY_TEXT)]);
        break;
      case "fieldNotText":
        if (fields.length) fields[0]![1] = pick(g, NOT_TEXT);
        else fields.push(["note", pick(g, NOT_TEXT)]);
        break;
      case "fieldHuge":
        if (fields.length) fields[0]![1] = HUGE;
        else fields.push(["note", HUGE]);
        break;
      case "extraField":
        fields.push([pick(g, ["__proto__", "constructor", "extra", "file"]), pick(g, ["1", "x", "{}"])]);
        break;
      case "twoFiles":
        fields.push(["file", "not a file but a field"]);
        break;
      case "truncated":
      case "noBoundary":
      case "json":
      case "empty":
        broken = kind;
        break;
    }
  }
  const parts: Buffer[] = [];
  for (const [k, v] of fields) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from("\r\n"));
  if (labels.includes("twoFiles") && file) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="second.png"\r\n\r\n`), PNG, Buffer.from("\r\n"));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  let payload: Buffer | string = Buffer.concat(parts);
  let contentType = `multipart/form-data; boundary=${boundary}`;
  if (broken === "truncated") payload = payload.subarray(0, Math.floor(payload.length / 2));
  if (broken === "noBoundary") contentType = "multipart/form-data";
  if (broken === "json") payload = "{}";
  if (broken === "empty") payload = "";
  return { payload, contentType, label: `multipart(${labels.join(",") || "valid"})` };
}

function imageBody(g: G): { payload: Buffer | string; contentType: string; label: string } {
  const kind = pick(g, ["png", "png", "jpegHeader", "text", "empty", "json", "huge", "wrongType"] as const);
  const contentType = kind === "wrongType" ? pick(g, ["application/octet-stream", "application/json", "text/plain", "image/gif"]) : pick(g, ["image/png", "image/jpeg"]);
  const payload =
    kind === "png" || kind === "wrongType" ? PNG : kind === "jpegHeader" ? Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]) : kind === "text" ? Buffer.from("not an image") : kind === "empty" ? Buffer.alloc(0) : kind === "json" ? "{}" : Buffer.alloc(3 * 1024 * 1024 + 10, 1);
  return { payload, contentType, label: `image(${kind},${contentType})` };
}

function formBody(value: unknown): string {
  if (!value || typeof value !== "object" || Array.isArray(value)) return typeof value === "string" ? value : toJson(value);
  return Object.entries(value as Record<string, unknown>)
    .flatMap(([k, v]) => asQueryValue(v).map((x) => `${encodeLoose(k)}=${encodeLoose(x)}`))
    .join("&");
}

/** A valid body of an operation (drawn once, for the path sweep). */
export function validBodyArb(op: Operation, hints: Hints): fc.Arbitrary<unknown> {
  return fc.gen().map((g) => (op.body && op.bodyKind === "json" ? validValue(g, op.body, "body", hints) : undefined));
}

/**
 * Requests for one operation as fast-check generates them: a valid request (real ids, real values by
 * field name) mutated one to three times (fields dropped or added, wrong types, null, strings that
 * are not text, huge strings, impossible dates, SQL/FTS/LIKE metacharacters, path traversal,
 * prototype keys, numbers out of range, bodies that are no object, wrong content types, bad path
 * parameters), or left valid in shape with metacharacters in its strings.
 */
export function requestArb(op: Operation, hints: Hints, senders: readonly string[], ips: readonly string[]): fc.Arbitrary<Draft> {
  return fc.gen().map((g) => {
    const as = pick(g, senders);
    const labels: string[] = [];
    // Path: real values (a whole tuple where parameters belong together), else by schema.
    const tuples = hints.pathValues(op);
    const tuple = tuples.length && chance(g, 0.9) ? pick(g, tuples) : {};
    const pathValues: Record<string, string> = {};
    for (const p of op.pathParams) {
      const real = tuple[p.name];
      pathValues[p.name] = real !== undefined ? encodeLoose(real) : encodeLoose(String(validValue(g, p.schema, p.name, hints)));
    }
    // Query: required parameters and about half of the others.
    const query: Query = { pairs: [], raw: [] };
    for (const p of op.query) {
      if (!p.required && !chance(g, 0.5)) continue;
      for (const v of asQueryValue(validValue(g, p.schema, p.name, hints))) query.pairs.push([p.name, v]);
    }
    let body: unknown = op.body && op.bodyKind !== "multipart" ? validValue(g, op.body, "body", hints) : undefined;
    let bodyText: string | Buffer | undefined;
    let contentType: string | undefined;

    const valid = chance(g, 0.2);
    const targets: string[] = [];
    if (op.pathParams.length) targets.push("path", "path");
    if (op.query.length) targets.push("query", "query");
    if (op.bodyKind === "json" || op.bodyKind === "form") targets.push("body", "body", "body", "body", "wholeBody", "contentType");
    if (op.method !== "GET" && op.bodyKind === "none") targets.push("wholeBody", "contentType");
    if (!targets.length) targets.push("query");
    const count = valid ? 0 : g(fc.integer, { min: 1, max: 3 });
    let whole: string | null = null;
    for (let k = 0; k < count; k++) {
      const target = pick(g, targets);
      if (target === "path") {
        const p = pick(g, op.pathParams);
        const kind = pick(g, ["bad", "bad", "bad", "other", "other", "uuid", "upper"] as const);
        const v =
          kind === "bad" ? pick(g, [...BAD_PATH_SEGMENTS, ...NASTY.map(encodeLoose)]) : kind === "other" && hints.ids.length ? pick(g, hints.ids) : kind === "upper" ? pathValues[p.name]!.toUpperCase() : g(fc.uuid);
        pathValues[p.name] = v;
        labels.push(`path.${kind}(${p.name}=${v.slice(0, 40)})`);
      } else if (target === "query") {
        labels.push(mutateQuery(g, op, query));
      } else if (target === "body") {
        const [b, label] = mutateJson(g, clone(body), op.body);
        body = b;
        labels.push(label);
      } else if (target === "wholeBody") {
        whole = pick(g, BAD_BODY_TEXTS);
        labels.push(`wholeBody(${JSON.stringify(whole.slice(0, 30))})`);
      } else {
        contentType = pick(g, BAD_CONTENT_TYPES);
        labels.push(`contentType(${JSON.stringify(contentType)})`);
      }
    }
    if (op.bodyKind === "multipart") {
      const m = multipartBody(g, op, hints);
      bodyText = m.payload;
      contentType ??= m.contentType;
      labels.push(m.label);
    } else if (op.bodyKind === "image") {
      const m = imageBody(g);
      bodyText = m.payload;
      contentType ??= m.contentType;
      labels.push(m.label);
    } else if (whole !== null) {
      bodyText = whole;
      contentType ??= "application/json";
    } else if (op.bodyKind === "form") {
      // GeoReport clients post form-encoded; the server takes JSON too.
      if (chance(g, 0.7)) {
        bodyText = formBody(body);
        contentType ??= "application/x-www-form-urlencoded";
      } else {
        bodyText = toJson(body);
        contentType ??= "application/json";
      }
    } else if (body !== undefined) {
      bodyText = toJson(body);
      contentType ??= "application/json";
    }
    const headers: Record<string, string> = {};
    if (contentType !== undefined && bodyText !== undefined) headers["content-type"] = contentType;
    else if (contentType !== undefined && op.method !== "GET") {
      headers["content-type"] = contentType;
      bodyText = "x";
    }
    const url = fillPath(op.path, pathValues) + queryString(query);
    return { method: op.method, url, headers, payload: op.method === "GET" ? undefined : bodyText, label: labels.join(" ") || "valid", as, ip: pick(g, ips) };
  });
}

/** Requests that put each bad path value in each path parameter, the rest valid: every kind of path parameter at least once. */
export function pathSweep(op: Operation, hints: Hints, as: string, body: unknown): Draft[] {
  if (!op.pathParams.length) return [];
  const tuple = hints.pathValues(op)[0] ?? {};
  const out: Draft[] = [];
  for (const p of op.pathParams) {
    const kinds = [...PATH_SWEEP, ...hints.ids.slice(0, 1)];
    if (typesOf(p.schema).some((t) => t === "integer" || t === "number") || /year|version/i.test(p.name)) kinds.push(...PATH_SWEEP_NUMBER);
    if (/date|quarter/i.test(p.name)) kinds.push(...PATH_SWEEP_DATE);
    for (const bad of kinds) {
      const values: Record<string, string> = {};
      for (const q of op.pathParams) values[q.name] = q.name === p.name ? bad : encodeLoose(tuple[q.name] ?? "x");
      const payload = op.method === "GET" ? undefined : op.bodyKind === "json" ? toJson(body ?? {}) : undefined;
      out.push({ method: op.method, url: fillPath(op.path, values), headers: payload ? { "content-type": "application/json" } : {}, payload, label: `pathSweep(${p.name}=${bad.slice(0, 40)})`, as, ip: "10.66.0.1" });
    }
  }
  return out;
}
