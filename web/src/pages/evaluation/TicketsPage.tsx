/** Placeholder until the page is built. */
export function TicketsPage() {
  return null;
}
