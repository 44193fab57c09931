/**
 * Stable error codes shared by the server and the web app. The server maps each
 * code to an HTTP status; the web app maps each code to a localised message.
 * Never rename a code: clients depend on it.
 */
export const ErrorCode = {
  /** The request body, query or params failed validation; see `fields`. */
  VALIDATION_FAILED: "VALIDATION_FAILED",
  /** No valid session (missing, expired or forged cookie). */
  UNAUTHENTICATED: "UNAUTHENTICATED",
  /** Wrong username or password. Deliberately does not say which. */
  INVALID_CREDENTIALS: "INVALID_CREDENTIALS",
  /** Too many failed logins: the account is locked until `lockedUntil`. */
  ACCOUNT_LOCKED: "ACCOUNT_LOCKED",
  /** The account was disabled by an administrator. */
  ACCOUNT_DISABLED: "ACCOUNT_DISABLED",
  /** Missing or wrong CSRF token on a cookie-authenticated write. */
  CSRF_INVALID: "CSRF_INVALID",
  /** Signed in, but this role or department may not do this. */
  FORBIDDEN: "FORBIDDEN",
  /** No such route or record (or one the caller may not know exists). */
  NOT_FOUND: "NOT_FOUND",
  /** The change conflicts with the current state (duplicate key, stale version). */
  CONFLICT: "CONFLICT",
  /** The body is larger than the limit. */
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  /** Unsupported Content-Type for this route. */
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  /** Too many requests from this address; retry later. */
  RATE_LIMITED: "RATE_LIMITED",
  /** A dependency (database) is not reachable. */
  UNAVAILABLE: "UNAVAILABLE",
  /** Anything unexpected; details are in the server log only. */
  INTERNAL: "INTERNAL",
} as const;

/** One of the stable error codes. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** HTTP status for each error code: the single place this mapping is decided. */
export const errorStatus: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_LOCKED: 423,
  ACCOUNT_DISABLED: 403,
  CSRF_INVALID: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** A field that failed validation: its path in the request and a zh-CN message naming it. */
export interface FieldError {
  path: string;
  message: string;
}

/** The JSON body of every error response. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    fields?: FieldError[];
    [extra: string]: unknown;
  };
}
