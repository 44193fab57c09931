import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";
import { serverNow } from "./serverTime";

dayjs.extend(utc);
dayjs.extend(timezone);

/** The centre's time zone: times read the same wherever the browser is. */
export const CENTRE_TZ = "Asia/Shanghai";

/** An ISO time as `YYYY-MM-DD HH:mm:ss` in Asia/Shanghai, or the placeholder when absent. */
export function formatDateTime(iso: string | null | undefined, empty = "—"): string {
  if (!iso) return empty;
  const d = dayjs(iso);
  return d.isValid() ? d.tz(CENTRE_TZ).format("YYYY-MM-DD HH:mm:ss") : iso;
}

/** True while an account's lock time lies in the future (on the server's clock). */
export function isLocked(lockedUntil: string | null): boolean {
  return lockedUntil !== null && Date.parse(lockedUntil) > serverNow().getTime();
}

/** Compact one-line JSON for audit details. */
export function compactJson(value: unknown): string {
  if (value === null || value === undefined) return "";
  return JSON.stringify(value);
}

/** A file size for people: 812 B, 34.5 KB, 2.1 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
