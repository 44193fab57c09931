import type { ErrorCode, FieldError } from "@yichuang/core";
import { noteServerNow } from "../lib/serverTime";

/** A failed API call, carrying the server's stable error code and zh-CN texts. */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldError[] = [],
    /** Extra fields of the error body, such as `lockedUntil`. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

/** Remembers the token every authenticated write must echo in `x-csrf-token`. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the session has ended server-side, so the app can go back to the login page. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

type Query = Record<string, string | number | boolean | null | undefined>;

/** `path` with the defined, non-empty query values appended. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

interface RequestOptions {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  body?: unknown;
  query?: Query;
  /** Skip the global 401 handling (the start-up session probe and login itself). */
  quiet401?: boolean;
  signal?: AbortSignal;
  /** Extra headers; they win over the defaults (the evaluator sends its own device CSRF token). */
  headers?: Record<string, string>;
}

/** Calls the JSON API with the session cookie; resolves to the parsed body or throws ApiError. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = { accept: "application/json" };
  // A FormData body (file uploads) sets its own multipart content type with the boundary;
  // a Blob (a photo) goes as its raw bytes with its own type.
  const multipart = options.body instanceof FormData;
  const raw = options.body instanceof Blob;
  if (raw) headers["content-type"] = (options.body as Blob).type || "application/octet-stream";
  else if (options.body !== undefined && !multipart) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  Object.assign(headers, options.headers);

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: "same-origin",
      body: options.body === undefined ? undefined : multipart || raw ? (options.body as FormData | Blob) : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    // Network down or server unreachable: same code the server uses for a missing dependency.
    throw new ApiError(0, "UNAVAILABLE", "无法连接服务器，请检查网络后重试");
  }

  // The server's clock: "today" in the app is the server's, not the browser's.
  noteServerNow(response.headers.get("x-yc-now"));
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data: unknown = text ? safeParse(text) : undefined;
  if (response.ok) return data as T;

  const error = toApiError(response.status, data);
  if (error.code === "UNAUTHENTICATED" && !options.quiet401) onUnauthenticated?.();
  throw error;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toApiError(status: number, data: unknown): ApiError {
  const body = (data as { error?: Record<string, unknown> } | undefined)?.error;
  if (body && typeof body.code === "string") {
    const { code, message, fields, ...extra } = body;
    return new ApiError(
      status,
      code as ErrorCode,
      typeof message === "string" ? message : "",
      Array.isArray(fields) ? (fields as FieldError[]) : [],
      extra,
    );
  }
  // A proxy or crash page rather than our API: classify by status.
  const code: ErrorCode = status === 401 ? "UNAUTHENTICATED" : status === 403 ? "FORBIDDEN" : status === 404 ? "NOT_FOUND" : status === 429 ? "RATE_LIMITED" : status === 502 || status === 503 || status === 504 ? "UNAVAILABLE" : "INTERNAL";
  return new ApiError(status, code, "");
}
