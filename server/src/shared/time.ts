/** Current time as ISO-8601 UTC text, the format every timestamp column holds. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** `iso` plus `minutes`, as ISO-8601 UTC text. */
export function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

/** `iso` plus `seconds`, as ISO-8601 UTC text. */
export function addSeconds(iso: string, seconds: number): string {
  return new Date(Date.parse(iso) + seconds * 1000).toISOString();
}
