/** Placeholder until the page is built. */
export function CardBatchesPage() {
  return null;
}
