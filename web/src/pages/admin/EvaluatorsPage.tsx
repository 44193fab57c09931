/** Placeholder until the page is built. */
export function EvaluatorsPage() {
  return null;
}
