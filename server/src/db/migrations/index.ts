import type { Migration } from "kysely";
import * as identity from "./2026112701-identity.js";
import * as registration from "./2026112702-registration.js";
import * as cases from "./2026112703-cases.js";
import * as evaluation from "./2026112704-evaluation.js";
import * as assessment from "./2026112705-assessment.js";
import * as assessmentIndexes from "./2026112706-assessment-indexes.js";
import * as assessmentDeltas from "./2026112707-assessment-deltas.js";
import * as ticketWindow from "./2026112708-ticket-window.js";
import * as dutyRoster from "./2026112709-duty-roster.js";
import * as hotlineTickets from "./2026112710-hotline-tickets.js";
import * as smsBroadcast from "./2026112711-sms-broadcast.js";
import * as smsDelivery from "./2026112712-sms-delivery.js";
import * as outreachDashboard from "./2026120201-outreach-dashboard.js";
import * as teamStoodDown from "./2026120301-team-stood-down.js";
import * as workingCalendar from "./2026120701-working-calendar.js";
import * as loginAttemptsKinds from "./2026120702-login-attempts-kinds.js";
import * as evaluationDayStats from "./2026120712-evaluation-day-stats.js";
import * as readIndexesHotline from "./2026120713-read-indexes-hotline.js";
import * as broadcastExpansion from "./2026120714-broadcast-expansion.js";
import * as readIndexesCases from "./2026120715-read-indexes-cases.js";
import * as readWatchHotline from "./2026120716-read-watch-hotline.js";
import * as readWatchLists from "./2026120717-read-watch-lists.js";
import * as readWatchAttempts from "./2026120718-read-watch-attempts.js";
import * as readWatchAudit from "./2026120719-read-watch-audit.js";

/**
 * Every migration, in order. Names are `<yyyymmddnn>-<name>`; a migration is
 * written once with Kysely's schema builder and runs on SQLite and PostgreSQL.
 * Never edit one that has shipped: add a new one.
 */
export const migrations: Record<string, Migration> = {
  "2026112701-identity": identity,
  "2026112702-registration": registration,
  "2026112703-cases": cases,
  "2026112704-evaluation": evaluation,
  "2026112705-assessment": assessment,
  "2026112706-assessment-indexes": assessmentIndexes,
  "2026112707-assessment-deltas": assessmentDeltas,
  "2026112708-ticket-window": ticketWindow,
  "2026112709-duty-roster": dutyRoster,
  "2026112710-hotline-tickets": hotlineTickets,
  "2026112711-sms-broadcast": smsBroadcast,
  "2026112712-sms-delivery": smsDelivery,
  "2026120201-outreach-dashboard": outreachDashboard,
  "2026120301-team-stood-down": teamStoodDown,
  "2026120701-working-calendar": workingCalendar,
  "2026120702-login-attempts-kinds": loginAttemptsKinds,
  "2026120712-evaluation-day-stats": evaluationDayStats,
  "2026120713-read-indexes-hotline": readIndexesHotline,
  "2026120714-broadcast-expansion": broadcastExpansion,
  "2026120715-read-indexes-cases": readIndexesCases,
  "2026120716-read-watch-hotline": readWatchHotline,
  "2026120717-read-watch-lists": readWatchLists,
  "2026120718-read-watch-attempts": readWatchAttempts,
  "2026120719-read-watch-audit": readWatchAudit,
};
