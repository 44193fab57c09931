/** Placeholder until the page is built. */
export function FiguresPage() {
  return null;
}
