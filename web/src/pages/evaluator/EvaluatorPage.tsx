/** Placeholder until the page is built. */
export function EvaluatorPage() {
  return null;
}
