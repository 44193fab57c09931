/** Placeholder until the page is built. */
export function FixRatingPage() {
  return null;
}
