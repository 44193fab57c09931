/** Placeholder until the page is built. */
export function PublicFiguresPage() {
  return null;
}
