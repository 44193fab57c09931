import type { ApplicationData, Block, CodeList, DataElement, DepartmentReport, ReductionReport, Role } from "@yichuang/core";
import type { DeadlineChange } from "./calendar";

/** UI languages; also the user's stored preference on the server. */
export type Locale = "zh-CN" | "en";

/** An account as the API presents it (never includes secrets). */
export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  departmentId: string | null;
  staffNo: string | null;
  phone: string | null;
  email: string | null;
  locale: Locale;
  /** Heads the department: told when its tasks go red. */
  departmentHead: boolean;
  /** The window the clerk normally serves at (常驻窗口): their first transaction of the day signs them in there. */
  homeWindowId: string | null;
  /** A staff photo is stored (shown on the window's evaluator). */
  hasPhoto: boolean;
  disabled: boolean;
  /** ISO time; the account refuses logins until then. */
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

/** A username or a (username, address) pair held back after failed logins; `userId` null when no account has the name. */
interface LoginLockSubject {
  username: string;
  userId: string | null;
  displayName: string | null;
}

/** Answer of GET /api/admin/login-locks. */
export interface LoginLocks {
  /** Failures of one username within `windowMinutes` (every address together) that lock it. */
  threshold: number;
  windowMinutes: number;
  /** Usernames locked by too many failures (every address together). */
  accounts: (LoginLockSubject & { failures: number; addresses: number; firstFailureAt: string; lastFailureAt: string; lockedUntil: string })[];
  /** Usernames failing from one address: each next try there waits longer. */
  pairs: (LoginLockSubject & { ip: string; failures: number; lastFailureAt: string; waitUntil: string })[];
  /** Addresses whose failed logins (over every username) spent their budget. */
  addresses: { ip: string; failures: number; lastFailureAt: string; until: string }[];
}

/** Answer of POST /api/auth/login and GET /api/auth/me. */
export interface Session {
  user: User;
  csrfToken: string;
}

export interface Centre {
  id: string;
  code: string;
  kind: "approval" | "farm";
  nameZh: string;
  nameEn: string;
  address: string | null;
}

export interface Department {
  id: string;
  centreId: string;
  code: string;
  nameZh: string;
  nameEn: string;
  active: boolean;
}

export interface ServiceWindow {
  id: string;
  departmentId: string;
  number: string;
  nameZh: string;
  nameEn: string;
  active: boolean;
}

/** GET /api/org: the whole organisation, small enough to load at once. */
export interface Organisation {
  centres: Centre[];
  departments: Department[];
  windows: ServiceWindow[];
}

/** One entry of GET /api/departments/:id/members. */
export interface Member {
  id: string;
  displayName: string;
  staffNo: string | null;
  roles: Role[];
}

/** What a page of a list answers besides its items (server/src/shared/paging.ts). */
export interface CursorPageInfo {
  /** Counted on the first page only, up to 1,000; null on later pages. */
  total: number | null;
  totalExact: boolean | null;
  nextCursor: string | null;
}

/** A server-side page of results. */
export interface Page<T> {
  total: number;
  items: T[];
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  ip: string | null;
  userAgent: string | null;
  detail: Record<string, unknown> | null;
}

/** A zh/en pair, as the registration data carries its texts. */
export interface I18nText {
  zh: string;
  en: string;
}

/** GET /api/service-items: a service item applicants can file (open data). */
export interface ServiceItem {
  code: string;
  name: string;
  nameEn: string;
}

/** A department's legacy form behind the unified form. */
export interface FormRef {
  code: string;
  department: string;
  version: number;
  title: I18nText;
}

/** One control of the unified form: one element, or a group (ID type + number, the mandate powers) shown as one. */
export interface FormControl {
  key: string;
  /** Conditions under which it applies (any of them); empty when always. */
  when: string[];
  optional: boolean;
  departments: string[];
  elements: DataElement[];
}

/** A section of the unified form: one block of the dictionary. */
export interface FormSection {
  block: Block;
  when: string[];
  controls: FormControl[];
}

/** How the platform obtains one element of the departments' forms. */
export interface ElementSource {
  key: string;
  label: I18nText;
  origin: "applicant" | "derived" | "issued" | "department";
  rule: string | null;
  when: string[];
  departments: string[];
}

/** GET /api/service-items/:code/form, and the `form` of an application: the unified form and its reduction report. */
export interface UnifiedFormView {
  serviceItem: ServiceItem;
  forms: FormRef[];
  sections: FormSection[];
  elements: ElementSource[];
  codeLists: Record<string, CodeList>;
  report: ReductionReport;
}

export type { ApplicationData, DepartmentReport, ReductionReport };

export type ApplicationStatus = "draft" | "submitted";

/** A founder's application (draft or submitted). */
export interface Application {
  id: string;
  number: string;
  serviceItem: string;
  status: ApplicationStatus;
  data: ApplicationData;
  /** Form code → version the application was made under. */
  formVersions: Record<string, number>;
  /** Increases with every save; a save must name the revision it is based on. */
  revision: number;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
}

/** GET /api/applications/:id: the application with the form it was made under. */
export interface ApplicationWithForm {
  application: Application;
  form: UnifiedFormView;
}

/** A person the founder entered in an earlier application, offered for prefill. */
export interface KnownPerson {
  name: string;
  idType: string;
  idNumber: string;
  mobile: string | null;
  landline: string | null;
  email: string | null;
}

/** One entry of GET /api/submitted-applications. */
export interface SubmittedApplication {
  id: string;
  number: string;
  serviceItem: string;
  submittedAt: string | null;
  applicantName: string;
  companyName: unknown;
}

/** How a department's form obtains a printed field. */
export type FieldSource = "applicant" | "derived" | "issued" | "department";

/** One printed field of a department's legacy form, filled from the application. */
export interface DepartmentField {
  no: number;
  label: string;
  section: string;
  element: string;
  source: FieldSource;
  /** False when the field's condition does not hold for this application (不适用). */
  applies: boolean;
  value: unknown;
  display: string;
  /** Why there is no value yet: the issuing step, the derivation rule, or "department". */
  pending?: string | null;
  /** For fields of repeating blocks: one entry per row. */
  rows: { value: unknown; display: string; pending?: string }[] | null;
}

/** GET /api/applications/:id/forms/:department: one department's own form, filled. */
export interface DepartmentFormView {
  application: { id: string; number: string; submittedAt: string | null };
  form: { code: string; version: number; department: string; title: I18nText };
  fields: DepartmentField[];
}

/** One entry of GET /api/admin/forms. */
export interface FormVersion {
  code: string;
  department: string;
  version: number;
  title: I18nText;
  fieldCount: number;
  createdAt: string;
}

// Cases: materials, single-window acceptance, parallel review, supplements, supervision.

/** An uploaded material file (POST/GET /api/applications/:id/materials). */
export interface Material {
  id: string;
  materialCode: string;
  fileName: string;
  contentType: string;
  size: number;
  /** The supplement round it was uploaded in (0: with the application). */
  round: number;
  uploadedAt: string;
}

export type CaseStatus = "submitted" | "awaiting_supplement" | "in_review" | "completed" | "rejected";

export type TaskStatus = "open" | "awaiting_supplement" | "approved" | "rejected";

/** Supervision light of an open task: green on time, yellow near the promised deadline, red past it. */
export type Light = "green" | "yellow" | "red";

/** One department's review task of a case. */
export interface ReviewTask {
  id: string;
  department: string;
  status: TaskStatus;
  promisedDays: number;
  legalDays: number;
  /** YYYY-MM-DD. */
  startedDate: string;
  deadlineDate: string;
  /** The deadline was counted over a year whose holidays are not entered yet (预计): it is recounted when they are. */
  deadlineProvisional?: boolean;
  pausedWorkingDays: number;
  decidedAt: string | null;
  reason: string | null;
  /** Approved at acceptance by a department's auto rule. */
  auto: boolean;
  workingDaysUsed: number;
  /** YYYY-MM-DD from which the light turns yellow (newer servers). */
  yellowDate?: string;
  /** Null once the task is decided. */
  light: Light | null;
}

/** One line of a case's materials checklist, against the service guide. */
export interface CaseMaterial {
  code: string;
  name: I18nText;
  form: "original" | "copy" | "either";
  mandatory: boolean;
  /** Produced by the platform (the one form itself): nothing to upload. */
  generated: boolean;
  present: boolean;
  files: Material[];
}

/** One thing a supplement notice asks for: a material to bring again, or a text. */
export interface SupplementItem {
  materialCode?: string;
  text: string;
}

/** One consolidated supplement notice (一次性告知) of a round. */
export interface SupplementNotice {
  round: number;
  items: (SupplementItem & { department: string })[];
  sentAt: string;
  answeredAt: string | null;
}

/** GET /api/cases/:id: a case with its timeline, tasks, materials and notices. */
export interface Case {
  id: string;
  number: string;
  applicationId: string;
  applicationNumber: string;
  serviceItem: string;
  companyName: string | null;
  status: CaseStatus;
  submittedAt: string;
  acceptedAt: string | null;
  acceptedDate: string | null;
  completedAt: string | null;
  completedDate: string | null;
  uscc: string | null;
  pausedSince: string | null;
  pausedWorkingDays: number;
  supplementRound: number;
  revision: number;
  /** Working days since acceptance, the founder's waiting excluded; null before acceptance. */
  workingDaysElapsed: number | null;
  tasks: ReviewTask[];
  /** Due dates of the case's tasks moved by calendar changes, oldest first. */
  deadlineChanges?: DeadlineChange[];
  materials: CaseMaterial[];
  notices: SupplementNotice[];
}

/** One entry of GET /api/departments/:code/tasks. */
export interface DepartmentTask extends ReviewTask {
  caseId: string;
  caseNumber: string;
  caseStatus: CaseStatus;
  applicationId: string;
}

/** One entry of the supervision board. */
export interface BoardTask extends ReviewTask {
  caseId: string;
  caseNumber: string;
  caseStatus: CaseStatus;
  waitingForFounder: boolean;
}

/** Open tasks per light (for the department filter, whatever the light filter). */
export interface LightCounts {
  total: number;
  red: number;
  yellow: number;
  green: number;
}

/** GET /api/supervision/board: a page after a cursor, with the count per light (each up to 1,000). */
export interface SupervisionBoard extends CursorPageInfo {
  /** YYYY-MM-DD in Asia/Shanghai. */
  today: string;
  counts: LightCounts & { exact?: Record<"total" | Light, boolean> };
  items: BoardTask[];
}

/** One case of the single window's inbox (GET /api/cases). */
export interface InboxCase
  extends Pick<Case, "id" | "number" | "applicationId" | "applicationNumber" | "serviceItem" | "companyName" | "status" | "submittedAt" | "acceptedAt" | "pausedSince" | "supplementRound"> {
  /** Mandatory materials not uploaded yet. */
  missingMaterials: number;
}

/** One auto-approval rule setting of a department. */
export interface AutoRule {
  department: string;
  rule: string;
  enabled: boolean;
  updatedAt: string;
}

/** One entry of GET /api/notifications. */
export interface AppNotification {
  id: string;
  caseId: string | null;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

// The window desk (shifts, transactions) and the evaluators (好差评).

/** Kinds of window transaction. */
export type TransactionKind = "consultation" | "acceptance" | "supplement_notice" | "pickup" | "other";

export type TransactionStatus = "open" | "completed" | "cancelled";

/** A transaction at the desk: never anything about its rating. */
export interface DeskTransaction {
  id: string;
  kind: TransactionKind;
  serviceCode: string;
  serviceName: string;
  status: TransactionStatus;
  startedAt: string;
  endedAt: string | null;
  citizenName: string | null;
  caseId: string | null;
  caseNumber: string | null;
  windowNumber: string;
  /** The supervision card handed out for it. */
  cardCode: string | null;
}

/** A service (办事事项) of the clerk's department's windows. */
export interface DeskService {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: TransactionKind;
}

/** A window service as the admin manages it (GET /api/admin/window-services). */
export interface WindowService extends DeskService {
  departmentId: string;
  departmentCode: string;
  active: boolean;
}

/** GET /api/desk (and the answer of every desk write). */
export interface Desk {
  shift: { windowId: string; windowNumber: string; windowName: string; windowNameEn: string; since: string } | null;
  homeWindowId: string | null;
  windows: { id: string; number: string; nameZh: string; nameEn: string }[];
  services: DeskService[];
  /** Today's, newest first. */
  transactions: DeskTransaction[];
}

/** What POST /api/desk/transactions takes. */
export interface NewTransaction {
  serviceCode: string;
  citizenName?: string | null;
  citizenPhone?: string | null;
  caseNumber?: string | null;
}

/** What the evaluator shows when it asks for a rating. */
export interface EvaluatorPrompt {
  transactionId: string;
  serviceName: string;
  /** The service's English name, when the catalogue has one. */
  serviceNameEn: string | null;
  kind: string;
  endedAt: string;
  /** When the evaluator stops asking; the transaction then stays unrated. */
  expiresAt: string;
  clerk: { name: string; staffNo: string | null; photoUrl: string | null };
}

/** GET /api/evaluator/me, POST /api/evaluator/pair and the `state` event: the device, its window and the prompt it should show. */
export interface EvaluatorState {
  device: { id: string; label: string };
  window: { id: string; number: string; name: string; nameEn: string; department: string; departmentEn: string };
  csrfToken: string;
  promptSeconds: number;
  prompt: EvaluatorPrompt | null;
}

/** A rating as the evaluator sends it (and keeps in its outbox while offline). */
export interface EvaluatorRating {
  transactionId: string;
  /** The evaluator's own id of this rating: a retried delivery is recognised, not refused. */
  clientId: string;
  /** When the citizen tapped (ISO). */
  answeredAt: string;
  level: number;
  reasons?: string[];
  comment?: string | null;
}

export type EvaluatorDeviceState = "paired" | "pairing" | "expired" | "revoked";

/** One entry of GET /api/admin/evaluators. */
export interface EvaluatorDevice {
  id: string;
  label: string;
  windowId: string;
  windowNumber: string;
  windowName: string;
  windowNameEn: string;
  state: EvaluatorDeviceState;
  pairedAt: string | null;
  lastSeenAt: string | null;
  createdAt: string;
}

/** A one-time pairing code (POST /api/admin/evaluators and …/pairing-code). */
export interface PairingCode {
  id: string;
  pairingCode: string;
  expiresAt: string;
  windowNumber?: string;
}
