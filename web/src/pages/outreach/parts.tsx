import type { EventStatus } from "../../api/outreach";

/** Tag colours of an event's status. */
export const STATUS_COLOR: Record<EventStatus, string> = { submitted: "processing", confirmed: "success", returned: "warning" };
