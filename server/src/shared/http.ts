import { ErrorCode, fieldLabel, toFieldErrors, type FieldError } from "@yichuang/core";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaCompiler, FastifySerializerCompiler } from "fastify";
import fastJson from "fast-json-stringify";
import { z, type ZodType } from "zod";
import type { Action } from "../identity/policy.js";
import { AppError } from "./errors.js";
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from "../platform/outage.js";

/**
 * Who may call a route: "public", a policy action whose roles are checked before the body
 * is read, or "device": a paired window evaluator (checked by the evaluation module).
 */
export type Access = "public" | "device" | Action;

declare module "fastify" {
  interface FastifyContextConfig {
    /** Required on every /api route: a route without it fails start-up. */
    access?: Access;
  }
}

const HTTP_PART_ZH: Record<string, string> = { body: "请求体", querystring: "查询参数", params: "路径参数", headers: "请求头" };

/** Validation failure raised by the schema compiler; turned into VALIDATION_FAILED by the error handler. */
class SchemaValidationError extends Error {
  constructor(readonly fields: FieldError[]) {
    super("validation failed");
  }
}

/** Validates with zod and names each bad field with its zh-CN label. */
export const zhValidatorCompiler: FastifySchemaCompiler<ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    const fields = toFieldErrors(schema, result.error.issues, httpPart === "body" ? "" : httpPart);
    for (const f of fields) if (!f.path) f.path = httpPart ?? "";
    return { error: new SchemaValidationError(fields) };
  };

/**
 * Serialises responses with fast-json-stringify compiled from the route's zod
 * response schema: several times faster than validating with zod, and like it,
 * drops any property the schema does not list, so a field never leaks by accident.
 */
export const fastSerializerCompiler: FastifySerializerCompiler<ZodType> = ({ schema }) => {
  const jsonSchema = z.toJSONSchema(schema, { target: "draft-7", io: "output", unrepresentable: "any" });
  return serialisedOnce(fastJson(jsonSchema as Parameters<typeof fastJson>[0]) as (data: unknown) => string);
};

/**
 * Bodies that are one object for every request answered with them (a kept read: platform/read-cache.ts
 * marks its values, which nobody changes once kept): serialised once per serialiser, then the same text.
 */
const keptBodies = new WeakSet<object>();
export function markKept<T>(value: T): T {
  if (value !== null && typeof value === "object") keptBodies.add(value);
  return value;
}

/**
 * Routes without a response schema serialise with JSON.stringify, remembering kept bodies' text too. (Set
 * per reply on those routes only: an app-wide reply serialiser would take the place of every route's
 * schema serialiser, and with it the schema's dropping of fields it does not list.)
 */
export function installKeptSerialisation(app: FastifyInstance): void {
  const json = serialisedOnce((data) => JSON.stringify(data));
  app.addHook("onRoute", (route) => {
    if (route.schema?.response) return;
    const own = route.preSerialization;
    const hook = (_req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => {
      reply.serializer(json);
      done(null, payload);
    };
    route.preSerialization = own ? [...(Array.isArray(own) ? own : [own]), hook] : hook;
  });
}

/** `serialize`, remembering its text for kept bodies (per serialiser: each route's schema may drop other fields). */
export function serialisedOnce(serialize: (data: unknown) => string): (data: unknown) => string {
  const texts = new WeakMap<object, string>();
  return (data) => {
    if (data === null || typeof data !== "object" || !keptBodies.has(data)) return serialize(data);
    let text = texts.get(data);
    if (text === undefined) texts.set(data, (text = serialize(data)));
    return text;
  };
}

/** Maps every thrown error to the one error body; no stack trace reaches a client. */
export function errorHandler(this: FastifyInstance, err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (isDatabaseUnavailable(err)) {
    // The database is away: the client may try again; the outage is logged once a minute, not per request.
    if (this.databaseOutage) this.databaseOutage.failed("requests", err);
    else req.log.warn({ err }, "database unreachable");
    const unavailable = new AppError(ErrorCode.UNAVAILABLE, "系统暂时无法连接数据库，请稍后再试", undefined, { retryAfterSeconds: RETRY_AFTER_SECONDS });
    return reply.status(503).header("retry-after", String(RETRY_AFTER_SECONDS)).send(unavailable.toBody());
  }
  const appError = toAppError(err, req);
  if (appError.status >= 500) req.log.error({ err }, "request failed");
  else req.log.info({ code: appError.code, status: appError.status }, appError.message);
  const retry = appError.extra?.retryAfterSeconds;
  if (typeof retry === "number") reply.header("retry-after", String(retry));
  return reply.status(appError.status).send(appError.toBody());
}

function toAppError(err: FastifyError, req: FastifyRequest): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof SchemaValidationError) return AppError.validation(err.fields);
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof SchemaValidationError) return AppError.validation(cause.fields);
  if (isBrokenMultipart(err, req)) {
    return AppError.validation([{ path: "file", message: "文件：上传内容不完整或格式有误（multipart/form-data），请重新选择文件上传" }]);
  }
  switch (err.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `请求内容超过大小限制（最大 ${formatBytes(req.routeOptions.bodyLimit ?? 0)}）`);
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, `不支持的内容类型：${req.headers["content-type"] ?? "（未提供）"}，请使用 application/json`);
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return AppError.validation([{ path: "body", message: "请求体：不能为空" }]);
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return AppError.validation([{ path: "body", message: "请求体：不是有效的 JSON" }]);
  }
  if (err.validation) {
    const part = HTTP_PART_ZH[err.validationContext ?? "body"] ?? "请求";
    return AppError.validation(
      err.validation.map((v) => ({ path: v.instancePath.replace(/^\//, "").replace(/\//g, ".") || err.validationContext || "body", message: `${part}：${v.message ?? "取值无效"}` })),
    );
  }
  if (err.statusCode === 400 && err instanceof SyntaxError) {
    return AppError.validation([{ path: "body", message: "请求体：不是有效的 JSON" }]);
  }
  if (err.statusCode === 404) return new AppError(ErrorCode.NOT_FOUND, "资源不存在");
  if (err.statusCode === 403) return AppError.forbidden();
  if (err.statusCode === 429) return new AppError(ErrorCode.RATE_LIMITED, "请求过于频繁，请稍后再试");
  if (err.statusCode === 413) return new AppError(ErrorCode.PAYLOAD_TOO_LARGE, "请求内容超过大小限制");
  if (err.statusCode === 415) return new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "不支持的内容类型");
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return new AppError(ErrorCode.VALIDATION_FAILED, `请求有误：${err.message}`);
  }
  return new AppError(ErrorCode.INTERNAL, "服务器内部错误，请稍后再试；如持续出现请联系系统管理员");
}

/** Busboy's and the stream's words for a multipart body that is cut short or malformed (the client's fault). */
const MULTIPART_FAULTS = /^(Multipart: )?(Boundary not found|Unexpected end of (form|multipart data)|Part terminated early|Malformed part header|Malformed urlencoded form)|^Premature close$/;

function isBrokenMultipart(err: FastifyError, req: FastifyRequest): boolean {
  if (!(req.headers["content-type"] ?? "").toLowerCase().startsWith("multipart/")) return false;
  if (err.statusCode && err.statusCode < 500) return false;
  return err.code === "ERR_STREAM_PREMATURE_CLOSE" || MULTIPART_FAULTS.test(err.message ?? "");
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) ? 1 : 0)} MB` : `${Math.round(n / 1024)} KB`;
}

/** C0 control characters other than tab, LF and CR, and UTF-16 halves without their other half: never text. */
const NOT_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a string as text, in zh-CN, or null when it is text. */
export function textProblem(value: string): string | null {
  const m = NOT_TEXT.exec(value);
  if (!m) return null;
  const code = m[0].charCodeAt(0);
  return code < 0x20 ? `不能包含控制字符（U+${code.toString(16).toUpperCase().padStart(4, "0")}）` : "不能包含无效的 Unicode 字符（不成对的代理项）";
}

/** Refuses a string that is not text (a multipart field, an uploaded file's name) with 400 naming the field. */
export function assertText(value: string, path: string, label: string): void {
  const problem = textProblem(value);
  if (problem) throw AppError.validation([{ path, message: `${label}：${problem}` }]);
}

/** The first string in a value (keys included) that is not text, with its path. */
function findNotText(value: unknown, path: PropertyKey[], depth = 0): { path: PropertyKey[]; problem: string } | null {
  if (typeof value === "string") {
    const problem = textProblem(value);
    return problem ? { path, problem } : null;
  }
  if (depth > 64 || value === null || typeof value !== "object" || Buffer.isBuffer(value)) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNotText(value[i], [...path, i], depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    const keyProblem = textProblem(k);
    if (keyProblem) return { path: [...path, k], problem: `字段名${keyProblem}` };
    const found = findNotText(v, [...path, k], depth + 1);
    if (found) return found;
  }
  return null;
}

/** The zh-CN label of a path in a route's zod schema, if it has one there (a key such as `constructor` may not). */
function labelOf(schema: ZodType | undefined, path: PropertyKey[]): string | null {
  if (!schema || typeof (schema as { safeParse?: unknown }).safeParse !== "function" || !path.length) return null;
  if (path.some((k) => typeof k === "string" && k in Object.prototype)) return null;
  try {
    return fieldLabel(schema, path);
  } catch {
    return null;
  }
}

const PARTS = [
  ["params", "params"],
  ["query", "querystring"],
  ["body", "body"],
] as const;

/**
 * Text is text: one rule at the edge for every string of a request's path parameters, query and body.
 * A C0 control character other than tab, CR and LF (NUL above all: PostgreSQL refuses it, SQLite would
 * store it) or a lone surrogate is refused with 400 naming the field, before validation, on both engines alike.
 */
export function installTextRule(app: FastifyInstance): void {
  app.addHook("preValidation", (req, _reply, done) => {
    for (const [prop, part] of PARTS) {
      const found = findNotText((req as unknown as Record<string, unknown>)[prop], []);
      if (!found) continue;
      const schema = (req.routeOptions.schema as Record<string, unknown> | undefined)?.[part] as ZodType | undefined;
      const prefix = part === "body" ? "" : part;
      const label = labelOf(schema, found.path) ?? (found.path.map(String).join(".") || HTTP_PART_ZH[part]!);
      const path = [prefix, found.path.map(String).join(".")].filter(Boolean).join(".") || part;
      done(AppError.validation([{ path, message: `${label}：${found.problem}` }]));
      return;
    }
    done();
  });
}

/**
 * Requests Fastify refuses before routing (a path that is not valid percent-encoding, a path parameter
 * over the router's limit): answered with the one error body in zh-CN, like every other 4xx.
 */
export function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply) {
  const message =
    err.code === "FST_ERR_MAX_PARAM_LENGTH" ? "路径参数：过长" : err.code === "FST_ERR_BAD_URL" ? "路径：含有无效的编码（百分号编码须为有效的 UTF-8）" : "请求有误";
  const body = AppError.validation([{ path: "params", message }]).toBody();
  return reply.status(400).header("content-type", "application/json; charset=utf-8").send(JSON.stringify(body));
}
