import type { Generated } from "kysely";

/**
 * Table types for Kysely. Portable across SQLite and PostgreSQL:
 * ids are text UUIDs, timestamps are ISO-8601 UTC text (sortable),
 * booleans are integers 0/1, structured values are JSON text.
 */
export interface CentreTable {
  id: string;
  code: string;
  kind: "approval" | "farm";
  name_zh: string;
  name_en: string;
  address: string | null;
  created_at: string;
}

export interface DepartmentTable {
  id: string;
  centre_id: string;
  code: string;
  name_zh: string;
  name_en: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface WindowTable {
  id: string;
  department_id: string;
  number: string;
  name_zh: string;
  name_en: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  department_id: string | null;
  staff_no: string | null;
  phone: string | null;
  email: string | null;
  locale: "zh-CN" | "en";
  /** 1 when the user heads their department (told about overdue tasks). */
  department_head: number;
  /** The window a clerk normally serves at. */
  home_window_id: string | null;
  /** Staff photo (SHA-256 in the file store) and its content type. */
  photo_sha256: string | null;
  photo_type: string | null;
  disabled: number;
  /** Unused since failures are counted in `login_attempts` (kept 0). */
  failed_logins: number;
  /** Until when the username's failures lock it, written when they do (shown to administrators); the login itself counts `login_attempts`. */
  locked_until: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserRoleTable {
  user_id: string;
  role: string;
}

export interface SessionTable {
  /** SHA-256 of the cookie token, hex: the token itself is never stored. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  absolute_expires_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

/**
 * One checked try of a guessed secret, for the budgets of identity/attempts.service.ts (pruned
 * after the longest window). A failure (success 0) counts against its address, its subject, and
 * the pair; a success (1) restarts the counts of its subject and of its pair, and one from the
 * address `*` (an administrator lifting a lock) those of every address.
 */
export interface LoginAttemptTable {
  id: string;
  /** `login`, `evaluator.pairing` or `hotline.lookup`: each kind has budgets of its own. */
  kind: string;
  at: string;
  ip: string;
  /** What was tried: the username as typed (lower case), a ticket number; '' when nothing is named. */
  subject: string;
  success: number;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  ip: string | null;
  user_agent: string | null;
  detail: string | null;
}

export interface FormDefinitionTable {
  id: string;
  code: string;
  department_code: string;
  version: number;
  /** The FormDefinition as JSON. */
  definition: string;
  created_at: string;
  created_by: string | null;
}

export interface ServiceItemTable {
  id: string;
  code: string;
  name_zh: string;
  name_en: string;
  /** JSON array of form codes in filing order. */
  form_codes: string;
  created_at: string;
}

export interface ApplicationTable {
  id: string;
  /** Human-readable number, e.g. 2026-QY-000001. */
  number: string;
  service_item_code: string;
  applicant_id: string;
  status: "draft" | "submitted";
  /** ApplicationData as JSON. */
  data: string;
  /** JSON {formCode: version} of the forms the application was made under. */
  form_versions: string;
  /** Increases on every save; a save naming an older revision is refused. */
  revision: number;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
}

/** The 好差评 figures' counters per day, department, window, clerk and service (migration 2026120712). */
export interface EvaluationDayStatsTable {
  day: string;
  department_id: string;
  /** '' for a case's rating without a window. */
  window_id: string;
  clerk_id: string;
  service_code: string;
  completed_tx: number;
  valid: number;
  good: number;
  bad: number;
  set_aside: number;
  case_rated: number;
  case_good: number;
  case_bad: number;
}

/** Changes of those counters not yet folded in (PostgreSQL). */
export interface EvaluationDayDeltaTable extends EvaluationDayStatsTable {
  id: Generated<number>;
}

export interface CounterTable {
  key: string;
  value: number;
}

export interface CaseTable {
  id: string;
  /** Human-readable case number, e.g. JX2026-000123. */
  number: string;
  application_id: string;
  service_item_code: string;
  applicant_id: string;
  /** submitted → (awaiting_supplement ⇄) in_review → completed | rejected. */
  status: "submitted" | "awaiting_supplement" | "in_review" | "completed" | "rejected";
  submitted_at: string;
  accepted_at: string | null;
  accepted_by: string | null;
  /** Acceptance day in Asia/Shanghai: the clock starts the next working day. */
  accepted_date: string | null;
  completed_at: string | null;
  completed_date: string | null;
  uscc: string | null;
  /** Set while the case waits for the founder: the clock stands still. */
  paused_since: string | null;
  paused_working_days: number;
  supplement_round: number;
  revision: number;
  created_at: string;
  updated_at: string;
}

export interface CaseMaterialTable {
  id: string;
  application_id: string;
  material_code: string;
  file_name: string;
  content_type: string;
  size: number;
  /** The file is stored under DATA_DIR/files by this hash. */
  sha256: string;
  round: number;
  uploaded_at: string;
  uploaded_by: string;
}

export interface ReviewTaskTable {
  id: string;
  case_id: string;
  department_code: string;
  status: "open" | "awaiting_supplement" | "approved" | "rejected";
  promised_days: number;
  legal_days: number;
  started_date: string;
  /** Moves on by the working days the clock stood still. */
  deadline_date: string;
  /** From this day the task shows yellow (half its promised time used); moves like the deadline. */
  yellow_date: string;
  /** 1 when the deadline was counted over a year only estimated (预计). */
  deadline_provisional: number;
  /** The calendar revision the dates were counted on. */
  calendar_rev: number;
  paused_working_days: number;
  decided_at: string | null;
  decided_date: string | null;
  decided_by: string | null;
  reason: string | null;
  auto: number;
  overdue_notified: number;
  created_at: string;
  updated_at: string;
}

export interface SupplementRequestTable {
  id: string;
  case_id: string;
  round: number;
  /** The front window asks as AMR's single window; departments as themselves. */
  department_code: string;
  /** JSON [{materialCode?, text}] */
  items: string;
  requested_by: string;
  created_at: string;
  notice_id: string | null;
}

export interface SupplementNoticeTable {
  id: string;
  case_id: string;
  round: number;
  /** JSON [{department, materialCode?, text}]: everything to supplement, at once. */
  items: string;
  sent_at: string;
  answered_at: string | null;
}

export interface NotificationTable {
  id: string;
  user_id: string;
  case_id: string | null;
  title: string;
  body: string;
  created_at: string;
  read_at: string | null;
}

export interface SmsMessageTable {
  id: string;
  phone: string;
  text: string;
  gateway: string;
  status: string;
  purpose: string;
  related_id: string | null;
  created_at: string;
}

export interface AutoRuleTable {
  department_code: string;
  rule: string;
  enabled: number;
  updated_at: string;
  updated_by: string | null;
}

export interface WindowServiceTable {
  code: string;
  department_id: string;
  name_zh: string;
  name_en: string;
  /** consultation | acceptance | supplement_notice | pickup | other */
  kind: string;
  active: number;
  created_at: string;
}

export interface WindowShiftTable {
  id: string;
  window_id: string;
  clerk_id: string;
  started_at: string;
  ended_at: string | null;
}

export interface ServiceTransactionTable {
  id: string;
  window_id: string;
  department_id: string;
  clerk_id: string;
  service_code: string;
  service_name: string;
  kind: string;
  case_id: string | null;
  citizen_user_id: string | null;
  citizen_name: string | null;
  citizen_phone: string | null;
  /** open | completed | cancelled */
  status: string;
  started_at: string;
  ended_at: string | null;
  /** YYYY-MM-DD (Asia/Shanghai) of ended_at: periods are counted by it. */
  ended_date: string | null;
  /** Until when the window's evaluator asks for a rating of it. */
  prompt_expires_at: string | null;
  created_at: string;
}

export interface EvaluatorDeviceTable {
  id: string;
  window_id: string;
  label: string;
  pairing_code_hash: string | null;
  pairing_expires_at: string | null;
  token_hash: string | null;
  csrf_token: string | null;
  paired_at: string | null;
  last_seen_at: string | null;
  revoked_at: string | null;
  created_by: string;
  created_at: string;
}

export interface CardBatchTable {
  id: string;
  number: string;
  size: number;
  note: string | null;
  created_by: string;
  created_at: string;
}

export interface SupervisionCardTable {
  id: string;
  code: string;
  batch_id: string;
  seq: number;
  transaction_id: string | null;
  bound_at: string | null;
  bound_by: string | null;
  used_at: string | null;
  created_at: string;
}

export interface EvaluationTable {
  id: string;
  /** transaction | case */
  target: string;
  transaction_id: string | null;
  case_id: string | null;
  /** The case id for a case evaluation (unique: one per case), null for a transaction's. */
  case_key: string | null;
  /** evaluator | card | online */
  channel: string;
  level: number;
  /** JSON array of reason codes */
  reasons: string;
  comment: string | null;
  service_code: string;
  window_id: string | null;
  clerk_id: string | null;
  department_id: string;
  citizen_user_id: string | null;
  device_id: string | null;
  card_id: string | null;
  /** The client's id for the rating, so a retried delivery is recognised. */
  client_id: string | null;
  /** valid | set_aside */
  status: string;
  answered_at: string;
  created_at: string;
  created_date: string;
}

export interface RectificationTicketTable {
  id: string;
  number: string;
  evaluation_id: string;
  department_id: string;
  clerk_id: string | null;
  /** The window of the review (null for a case's review). */
  window_id: string | null;
  /** open | verified | fixed | closed | set_aside */
  status: string;
  opened_date: string;
  verify_due: string;
  fix_due: string;
  complex: number;
  /** 1 when the deadlines were counted over a year only estimated (预计). */
  deadlines_estimated: number;
  /** The calendar revision the deadlines were counted on. */
  calendar_rev: number;
  plan: string | null;
  verified_at: string | null;
  verified_by: string | null;
  /** contacted | unreachable | anonymous */
  contact_result: string | null;
  verify_note: string | null;
  fixed_at: string | null;
  fixed_by: string | null;
  fix_note: string | null;
  fix_token_hash: string | null;
  fix_level: number | null;
  fix_comment: string | null;
  fix_rated_at: string | null;
  closed_at: string | null;
  appeal_reason: string | null;
  appealed_at: string | null;
  appealed_by: string | null;
  /** pending | upheld | rejected */
  appeal_decision: string | null;
  appeal_decision_reason: string | null;
  appeal_decided_at: string | null;
  appeal_decided_by: string | null;
  /** When the responsible clerk was told of the ticket (some time after the review, never at the window). */
  clerk_told_at: string | null;
  /** The step whose overdue deadline was last reported. */
  overdue_step: string | null;
  revision: number;
  created_at: string;
  updated_at: string;
}

export interface StarSchemeTable {
  version: number;
  /** StarScheme as JSON. */
  scheme: string;
  note: string | null;
  created_by: string | null;
  created_at: string;
}

export interface AssessmentQuarterTable {
  /** "2026-Q3" */
  quarter: string;
  from_date: string;
  to_date: string;
  scheme_version: number;
  scheme: string;
  clerks: number;
  windows: number;
  stars: number;
  closed_by: string;
  closed_at: string;
}

export interface AssessmentStandingTable {
  quarter: string;
  /** clerk | window */
  kind: string;
  subject_id: string;
  centre_id: string;
  department_id: string | null;
  window_id: string | null;
  position: number;
  rank: number | null;
  star: number;
  eligible: number;
  streak: number;
  /** The Standing (core) as JSON. */
  standing: string;
}

/** Per clerk, window and day: transactions completed (by the day they ended) and ratings (by the day given). Kept by triggers. */
export interface ClerkDayStatsTable {
  day: string;
  clerk_id: string;
  window_id: string;
  completed: number;
  rated: number;
  good: number;
  bad: number;
}

/** Changes to the per-day counters as they happen (append-only); a job folds them into clerk_day_stats. */
export interface ClerkDayDeltaTable extends ClerkDayStatsTable {
  id: Generated<number>;
}

export interface ExpertProfileTable {
  user_id: string;
  /** JSON array of specialty codes. */
  specialties: string;
  updated_at: string;
}

export interface DutyRosterTable {
  centre_id: string;
  /** JSON arrays of expert user ids in turn order. */
  working_members: string;
  working_start: string;
  holiday_members: string | null;
  holiday_start: string | null;
  revision: number;
  updated_by: string | null;
  updated_at: string;
}

export interface DutyOverrideTable {
  id: string;
  centre_id: string;
  from_date: string;
  to_date: string;
  expert_id: string;
  reason: string;
  cancelled_at: string | null;
  created_by: string;
  created_at: string;
}

/** A 12316 caller, recognised by phone (personal data: reads are audited). */
export interface HotlineCallerTable {
  id: string;
  phone: string;
  name: string | null;
  village_code: string | null;
  calls: number;
  last_call_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A 12316 ticket: open (with the duty expert) → transferred (with a specialist) → visit → closed. */
export interface HotlineTicketTable {
  id: string;
  /** e.g. 12316-2026-000123; the Open311 service_request_id. */
  number: string;
  centre_id: string;
  channel: "phone" | "web" | "open311";
  caller_id: string;
  caller_name: string | null;
  caller_phone: string;
  village_code: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  open311_client_id: string | null;
  category: string;
  product: string | null;
  text: string;
  specialty: string | null;
  status: "open" | "transferred" | "visit" | "closed";
  assignee_id: string | null;
  assigned_at: string | null;
  response_minutes: number;
  solution_minutes: number;
  response_due_at: string;
  /** Null while waiting for the farmer (the solution clock stands still). */
  solution_due_at: string | null;
  /** 1 when a due time was counted over a year only estimated (预计). */
  due_provisional: number;
  /** The calendar revision the due times were counted on. */
  calendar_rev: number;
  waiting_since: string | null;
  /** The last clock whose breach was reported (each is told once). */
  overdue_notified: "response" | "solution" | null;
  responded_at: string | null;
  solved_at: string | null;
  resolution: "phone" | "specialist" | "visit" | null;
  answer: string | null;
  closed_by: string | null;
  callback_at: string | null;
  callback_by: string | null;
  callback_method: "phone" | "sms" | null;
  satisfaction: "satisfied" | "basic" | "unsatisfied" | "unreachable" | null;
  callback_note: string | null;
  knowledge_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  revision: number;
}

/** A centre's own service levels of a category, in working minutes. */
export interface HotlineCategoryLimitTable {
  centre_id: string;
  category: string;
  response_minutes: number;
  solution_minutes: number;
  updated_by: string;
  updated_at: string;
}

export interface HotlineTicketEventTable {
  id: string;
  ticket_id: string;
  kind: string;
  actor_id: string | null;
  /** JSON */
  detail: string;
  at: string;
}

export interface HotlinePauseTable {
  id: string;
  ticket_id: string;
  from_at: string;
  to_at: string | null;
  reason: string;
}

export interface HotlineVisitTable {
  id: string;
  ticket_id: string;
  expert_id: string;
  visit_date: string;
  village_code: string;
  address: string | null;
  status: "planned" | "done";
  findings: string | null;
  advice: string | null;
  recorded_at: string | null;
  created_by: string;
  created_at: string;
}

export interface HotlineVisitPhotoTable {
  id: string;
  visit_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: string;
}

/** An answered question, searchable (Chinese full-text over title, product and answer). */
export interface KnowledgeEntryTable {
  id: string;
  /** Creation order (below 10¹²): with `uses`, the order of search results. */
  seq: number;
  ticket_id: string | null;
  title: string;
  category: string;
  specialty: string | null;
  product: string | null;
  question: string;
  answer: string;
  tokens: string;
  author_id: string | null;
  uses: number;
  status: "published" | "retired";
  created_at: string;
  updated_at: string;
}

/** A supply/demand notice from a call, a draft for the SMS broadcast module. */
export interface SupplyDemandNoticeTable {
  id: string;
  ticket_id: string | null;
  owner_caller_id: string;
  kind: "supply" | "demand";
  product: string;
  quantity: string | null;
  price: string | null;
  village_code: string | null;
  contact_phone: string;
  text: string;
  status: "draft" | "verified" | "rejected" | "broadcast";
  created_by: string | null;
  created_at: string;
  updated_at: string;
  unit: string | null;
  valid_until: string | null;
  decided_by: string | null;
  decided_at: string | null;
  reject_reason: string | null;
  owner_told_at: string | null;
}

/** A client of the Open311 API, by the SHA-256 of its api_key. */
export interface Open311ClientTable {
  id: string;
  name: string;
  key_hash: string;
  active: number;
  created_at: string;
}

/** A real-name SMS subscriber (personal data: reads are audited). */
export interface SmsSubscriberTable {
  id: string;
  phone: string;
  name: string;
  village_code: string;
  role: "buyer" | "farmer" | "coop";
  /** JSON array of product tags. */
  tags: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface SmsSubscriberTagTable {
  tag: string;
  subscriber_id: string;
}

export interface SmsConsentTable {
  id: string;
  subscriber_id: string;
  given_at: string;
  method: "paper" | "phone" | "web" | "import" | "sms";
  recorded_by: string;
  note: string | null;
  created_at: string;
}

export interface SmsOptOutTable {
  phone: string;
  at: string;
  source: "reply" | "staff";
  detail: string | null;
}

export interface SmsImportTable {
  id: string;
  file_name: string;
  status: "processing" | "done" | "failed";
  total: number;
  done: number;
  imported: number;
  updated: number;
  /** JSON array of {row, field, message}. */
  errors: string;
  consent_method: string;
  created_by: string;
  created_at: string;
  /** The last progress written (a heartbeat: an import that stops moving was cut off by a restart). */
  updated_at: string | null;
  finished_at: string | null;
}

export interface SmsBroadcastTable {
  id: string;
  notice_id: string | null;
  body: string;
  text: string;
  parts: number;
  target: string;
  audience: number;
  status: "draft" | "approved" | "sending" | "done" | "cancelled";
  send_at: string | null;
  created_by: string;
  created_at: string;
  approved_by: string | null;
  approved_at: string | null;
  cancelled_by: string | null;
  cancelled_at: string | null;
  finished_at: string | null;
  /** 1 while the recipients are still being written to the outbox in chunks (SQLite). */
  expanding: number;
  /** The last phone written to the outbox so far (chunks go in phone order). */
  expanded_after: string | null;
}

export interface SmsOutboxTable {
  id: Generated<number>;
  /** Null for a notification (then `sms_message_id` names its sms_messages row). */
  broadcast_id: string | null;
  phone: string;
  text: string;
  parts: number;
  idempotency_key: string;
  state: "queued" | "sending" | "sent" | "delivered" | "failed" | "cancelled" | "skipped";
  not_before: string;
  attempts: number;
  claimed_by: string | null;
  claimed_at: string | null;
  message_ids: string | null;
  error: string | null;
  sent_at: string | null;
  done_at: string | null;
  created_at: string;
  /** Committed just before the first submit_sm was written: from then on the message is never sent again. */
  submitted_at: string | null;
  sms_message_id: string | null;
}

/** A delivery receipt whose message id was not yet recorded; applied when it is. */
export interface SmsReceiptTable {
  message_id: string;
  state: "delivered" | "failed";
  stat: string;
  error_code: string | null;
  at: string;
  received_at: string;
}

export interface SmsMessageIdTable {
  message_id: string;
  outbox_id: number;
  state: "delivered" | "failed" | null;
}

export interface SmsDailyCountTable {
  phone: string;
  day: string;
  count: number;
}

export interface SmsInboundTable {
  id: string;
  phone: string;
  text: string;
  kind: "opt_out" | "reply";
  broadcast_id: string | null;
  at: string;
}

/** A government office's service team (机关服务队). */
export interface ServiceTeamTable {
  id: string;
  department_id: string;
  name: string;
  brand: string | null;
  founded_on: string | null;
  leader_user_id: string | null;
  active: number;
  /** When it left the register (null while active). */
  stood_down_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A member of a team (personal data: phones are masked in lists, reads audited). */
export interface ServiceTeamMemberTable {
  id: string;
  team_id: string;
  name: string;
  phone: string | null;
  position: string | null;
  user_id: string | null;
  seq: number;
  created_at: string;
}

/** One outreach event of a team, logged by its leader, confirmed by a supervisor. */
export interface OutreachEventTable {
  id: string;
  team_id: string;
  department_id: string;
  event_date: string;
  place_code: string;
  address: string | null;
  activity: string;
  problems_solved: number;
  people_served: number;
  status: "submitted" | "confirmed" | "returned";
  client_id: string | null;
  logged_by: string;
  logged_at: string;
  decided_by: string | null;
  decided_at: string | null;
  return_reason: string | null;
  revision: number;
  updated_at: string;
}

export interface OutreachEventPhotoTable {
  id: string;
  event_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: string;
}

/** The centre's baseline for process length and speed (the latest of a centre counts). */
export interface DashboardBaselineTable {
  id: string;
  centre_id: string;
  steps: number;
  working_days: number;
  note: string | null;
  set_by: string | null;
  set_at: string;
}

/** The whole database, as Kysely sees it. */
/** A version of a year's holidays and make-up working days as the centre entered it. */
export interface CalendarYearTable {
  year: number;
  version: number;
  /** JSON ScheduleDay[] */
  days: string;
  source: "notice" | "manual" | "ics";
  /** The State Council notice's text as pasted, or the .ics file's text. */
  source_text: string | null;
  file_name: string | null;
  note: string | null;
  created_by: string;
  created_at: string;
}

/** A day the centre closed (台风停工); lifted closures are kept. */
export interface CalendarClosureTable {
  id: string;
  date: string;
  reason: string;
  created_by: string;
  created_at: string;
  lifted_at: string | null;
  lifted_by: string | null;
  lift_reason: string | null;
}

/** One change of the calendar; open deadlines are recounted on it. */
export interface CalendarRevisionTable {
  revision: number;
  /** What changed, in zh-CN (2027 年节假日安排（第 1 版）, 闭馆 2027-07-21 …). */
  reason: string;
  created_by: string;
  created_at: string;
  /** When no open deadline was left on an earlier revision. */
  recomputed_at: string | null;
  /** When the holders of the deadlines that moved were told. */
  notified_at: string | null;
  moved: number;
  /** The instance recounting this revision's deadlines, and until when its claim holds. */
  recount_by: string | null;
  recount_until: string | null;
}

/** A due date that moved when the calendar changed. */
export interface DeadlineChangeTable {
  id: string;
  revision: number;
  /** review_task | rectification | hotline_ticket */
  kind: string;
  item_id: string;
  /** The case or ticket whose history shows it. */
  parent_id: string;
  /** zh-CN, e.g. 办件 JX2027-000012 质监审批 */
  label: string;
  field: string;
  before: string | null;
  after: string | null;
  provisional: number;
  /** JSON string[]: the user ids to tell. */
  holders: string;
  at: string;
}

/** A working day on which administrators were told next year's schedule is missing. */
export interface CalendarWarningTable {
  day: string;
  year: number;
  created_at: string;
}

export interface DB {
  centres: CentreTable;
  departments: DepartmentTable;
  windows: WindowTable;
  users: UserTable;
  user_roles: UserRoleTable;
  sessions: SessionTable;
  login_attempts: LoginAttemptTable;
  audit_log: AuditLogTable;
  form_definitions: FormDefinitionTable;
  service_items: ServiceItemTable;
  applications: ApplicationTable;
  counters: CounterTable;
  evaluation_day_stats: EvaluationDayStatsTable;
  evaluation_day_deltas: EvaluationDayDeltaTable;
  cases: CaseTable;
  case_materials: CaseMaterialTable;
  review_tasks: ReviewTaskTable;
  supplement_requests: SupplementRequestTable;
  supplement_notices: SupplementNoticeTable;
  notifications: NotificationTable;
  sms_messages: SmsMessageTable;
  auto_rules: AutoRuleTable;
  window_services: WindowServiceTable;
  window_shifts: WindowShiftTable;
  service_transactions: ServiceTransactionTable;
  evaluator_devices: EvaluatorDeviceTable;
  card_batches: CardBatchTable;
  supervision_cards: SupervisionCardTable;
  evaluations: EvaluationTable;
  rectification_tickets: RectificationTicketTable;
  star_schemes: StarSchemeTable;
  assessment_quarters: AssessmentQuarterTable;
  assessment_standings: AssessmentStandingTable;
  clerk_day_stats: ClerkDayStatsTable;
  clerk_day_deltas: ClerkDayDeltaTable;
  expert_profiles: ExpertProfileTable;
  duty_rosters: DutyRosterTable;
  duty_overrides: DutyOverrideTable;
  hotline_callers: HotlineCallerTable;
  hotline_tickets: HotlineTicketTable;
  hotline_category_limits: HotlineCategoryLimitTable;
  hotline_ticket_events: HotlineTicketEventTable;
  hotline_pauses: HotlinePauseTable;
  hotline_visits: HotlineVisitTable;
  hotline_visit_photos: HotlineVisitPhotoTable;
  knowledge_entries: KnowledgeEntryTable;
  supply_demand_notices: SupplyDemandNoticeTable;
  open311_clients: Open311ClientTable;
  sms_subscribers: SmsSubscriberTable;
  sms_subscriber_tags: SmsSubscriberTagTable;
  sms_consents: SmsConsentTable;
  sms_opt_outs: SmsOptOutTable;
  sms_imports: SmsImportTable;
  sms_broadcasts: SmsBroadcastTable;
  sms_outbox: SmsOutboxTable;
  sms_message_ids: SmsMessageIdTable;
  sms_daily_counts: SmsDailyCountTable;
  sms_inbound: SmsInboundTable;
  sms_receipts: SmsReceiptTable;
  service_teams: ServiceTeamTable;
  service_team_members: ServiceTeamMemberTable;
  outreach_events: OutreachEventTable;
  outreach_event_photos: OutreachEventPhotoTable;
  dashboard_baselines: DashboardBaselineTable;
  calendar_years: CalendarYearTable;
  calendar_closures: CalendarClosureTable;
  calendar_revisions: CalendarRevisionTable;
  deadline_changes: DeadlineChangeTable;
  calendar_warnings: CalendarWarningTable;
}
