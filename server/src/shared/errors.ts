import { ErrorCode, errorStatus, type ErrorBody, type FieldError } from "@yichuang/core";

/**
 * The one error type of the server. Throw it anywhere; the error handler turns
 * it into `{ error: { code, message, fields? } }` with the code's HTTP status.
 * Messages are zh-CN; clients localise by `code` when they show another language.
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
    this.status = errorStatus[code];
  }

  /** The response body for this error. */
  toBody(): ErrorBody {
    return {
      error: {
        ...(this.extra ?? {}),
        code: this.code,
        message: this.message,
        ...(this.fields ? { fields: this.fields } : {}),
      },
    };
  }

  /** A 400 for one or more bad fields; the message lists them. */
  static validation(fields: FieldError[]): AppError {
    return new AppError(ErrorCode.VALIDATION_FAILED, `请求有误：${fields.map((f) => f.message).join("；")}`, fields);
  }

  /** A 404 naming what was not found. */
  static notFound(what: string): AppError {
    return new AppError(ErrorCode.NOT_FOUND, `${what}不存在`);
  }

  /** A 403 for an action the caller's role or department does not allow. */
  static forbidden(message = "您无权执行此操作"): AppError {
    return new AppError(ErrorCode.FORBIDDEN, message);
  }

  /** A 409 with a reason. */
  static conflict(message: string, fields?: FieldError[]): AppError {
    return new AppError(ErrorCode.CONFLICT, message, fields);
  }
}
