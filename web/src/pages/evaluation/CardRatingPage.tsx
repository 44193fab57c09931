/** Placeholder until the page is built. */
export function CardRatingPage() {
  return null;
}
