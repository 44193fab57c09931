/** Placeholder until the page is built. */
export function TicketPage() {
  return null;
}
