/** Placeholder until the page is built. */
export function DeskPage() {
  return null;
}
