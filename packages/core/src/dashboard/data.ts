import type { EvaluationFigures } from "../evaluation/figures.js";
import type { CaseTimeFigures, Period, ProcessBaseline } from "./figures.js";

/**
 * What the dashboard API answers for a period and (optionally) a department: every figure from
 * the records, the article's number beside it where the article gives one, and the months for
 * the charts. The same shape feeds the page, the Excel workbook and the PDF report.
 */
export interface DashboardData {
  period: Period;
  department: { id: string; code: string; name: string; centreKind: "approval" | "farm" } | null;
  /** The centre the figures are of: the department's, or the approval centre for every department. */
  centreName: string;
  generatedAt: string;
  months: string[];
  forms: {
    /** Controls the founder fills in the one form (standard limited company). */
    unifiedFields: number;
    /** False for a department that keeps none of the five legacy forms: the form figures are not its own. */
    applicable: boolean;
    /** Fields printed on the legacy forms (of the department, or of all five); null where not applicable. */
    legacyFields: number | null;
    distinctElements: number;
    departments: { department: string; formCode: string; version: number; legacyFields: number; askedFields: number; derivedFields: number; issuedFields: number; repeatedFields: number }[];
    /** Applications submitted in the period through the one form (each reaches all five departments); null where not applicable. */
    applications: number | null;
  };
  cases: CaseTimeFigures & {
    /** The former time limit the centre entered (its baseline), for "2 vs 9". */
    formerDays: number | null;
    byMonth: { month: string; cases: number; averageDays: number | null; sameDay: number }[];
    /** When the department is given: its review tasks rather than whole cases. */
    scope: "cases" | "tasks";
  };
  process: {
    cases: number;
    averageSteps: number | null;
    averageDays: number | null;
    baseline: (ProcessBaseline & { setAt: string; setBy: string | null }) | null;
    shorter: number | null;
    faster: number | null;
  };
  outreach: {
    teams: number;
    events: number;
    problemsSolved: number;
    peopleServed: number;
    /** Logged but not yet confirmed (not counted above). */
    pending: number;
    byMonth: { month: string; events: number; problemsSolved: number; peopleServed: number }[];
    byDepartment: { departmentId: string; department: string; teams: number; events: number; problemsSolved: number; peopleServed: number }[];
  };
  hotline: {
    /** False when the department is not one of a farm centre (the hotline is not its work). */
    applicable: boolean;
    calls: number;
    byChannel: { phone: number; web: number; open311: number };
    answeredByPhone: number;
    transferred: number;
    visits: number;
    /** Not closed yet. */
    open: number;
    calledBack: number;
    satisfied: number;
    noticesBroadcast: number;
    broadcasts: number;
    smsSent: number;
    smsDelivered: number;
    smsFailed: number;
    byMonth: { month: string; calls: number; smsSent: number; smsDelivered: number }[];
  };
  evaluation: EvaluationFigures & {
    byMonth: { month: string; completed: number; rated: number; good: number; activeGoodRate: number | null; unratedRate: number | null }[];
  };
  stars: {
    quarter: string;
    closed: boolean;
    stars: { name: string; staffNo: string | null; department: string | null; window: string | null; rank: number | null; ratings: number; goodShare: number | null; streak: number }[];
  }[];
}
