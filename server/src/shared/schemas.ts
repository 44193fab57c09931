import { isRealDate } from "@yichuang/core";
import { z } from "zod";

/** A day written YYYY-MM-DD that exists in the calendar (2026-02-31 and 2026-13-01 are refused, naming the field). */
export const calendarDate = z.string().refine(isRealDate, "须为 YYYY-MM-DD 格式的有效日期");

/** A day (YYYY-MM-DD) or an instant with its zone (ISO 8601), each of which must exist. */
export const dateOrInstant = z.string().refine((v) => {
  if (isRealDate(v)) return true;
  const m = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.exec(v);
  return !!m && isRealDate(m[1]!) && !Number.isNaN(Date.parse(v));
}, "格式不正确，应为 YYYY-MM-DD 或带时区的 ISO 时间（如 2026-11-27T09:00:00+08:00）");
