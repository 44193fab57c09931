/** Placeholder until the page is built. */
export function OnlineEvaluationPage() {
  return null;
}
