import type { EvaluatorRating } from "../../api/types";

/** localStorage key of the ratings the evaluator has taken but not yet delivered. */
export const OUTBOX_KEY = "yc.evaluator.outbox";

// Storage may be blocked (private mode, kiosk policies): then the outbox lives as long as the page.
let memory: EvaluatorRating[] = [];

/** The ratings waiting for delivery, oldest first. */
export function readOutbox(): EvaluatorRating[] {
  try {
    const raw = localStorage.getItem(OUTBOX_KEY);
    if (raw === null) return memory;
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? (parsed as EvaluatorRating[]) : [];
  } catch {
    return memory;
  }
}

function writeOutbox(items: EvaluatorRating[]): void {
  memory = items;
  try {
    if (items.length) localStorage.setItem(OUTBOX_KEY, JSON.stringify(items));
    else localStorage.removeItem(OUTBOX_KEY);
  } catch {
    // Kept in memory only.
  }
}

/** Keeps a rating until the server has answered it (once per clientId). */
export function enqueueRating(item: EvaluatorRating): void {
  const items = readOutbox();
  if (!items.some((x) => x.clientId === item.clientId)) writeOutbox([...items, item]);
}

/** Forgets a delivered (or refused) rating. */
export function dropRating(clientId: string): void {
  writeOutbox(readOutbox().filter((x) => x.clientId !== clientId));
}
