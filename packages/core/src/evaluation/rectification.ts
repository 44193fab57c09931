import type { WorkingCalendar } from "../calendar/calendar.js";
import type { Light } from "../calendar/lights.js";

/**
 * Bad-review follow-up (差评整改), 国办发〔2019〕51号: verify the review and contact the
 * citizen within 1 working day; fix a simple matter within 5 working days, a complex one
 * within 15 with a written plan; the citizen then rates the fix. Counting starts the day
 * after the review (the same rule as every working-day limit here).
 */
export const RECTIFY_VERIFY_DAYS = 1;
export const RECTIFY_FIX_DAYS = 5;
export const RECTIFY_FIX_DAYS_COMPLEX = 15;

/** A ticket's life: open → verified → fixed → closed (the citizen rated the fix, or could not be reached); an appeal can set it aside. */
export type TicketStatus = "open" | "verified" | "fixed" | "closed" | "set_aside";

/**
 * The deadlines of a ticket opened on `openedDate` (YYYY-MM-DD, Asia/Shanghai) on the centre's
 * calendar. Over a year nobody has entered, the calendar estimates and the dates are flagged
 * `estimated` (预计), so a citizen's review is never lost for want of a calendar and nobody
 * mistakes the dates for checked ones; they are recomputed when the year is entered.
 */
export function rectificationDeadlines(calendar: WorkingCalendar, openedDate: string, complex = false): { verifyDue: string; fixDue: string; estimated: boolean } {
  const verify = calendar.deadline(openedDate, RECTIFY_VERIFY_DAYS);
  const fix = calendar.deadline(openedDate, complex ? RECTIFY_FIX_DAYS_COMPLEX : RECTIFY_FIX_DAYS);
  return { verifyDue: verify.date, fixDue: fix.date, estimated: verify.provisional || fix.provisional };
}

/** The date the ticket's current step is due, or null when nothing is due from staff. */
export function ticketDueDate(t: { status: TicketStatus; verifyDue: string; fixDue: string }): string | null {
  if (t.status === "open") return t.verifyDue;
  if (t.status === "verified") return t.fixDue;
  return null;
}

/** Red past the current step's due date, yellow on the day it is due, green before; null when no step is due. */
export function ticketLight(t: { status: TicketStatus; verifyDue: string; fixDue: string }, today: string): Light | null {
  const due = ticketDueDate(t);
  if (!due) return null;
  if (today > due) return "red";
  return today === due ? "yellow" : "green";
}
