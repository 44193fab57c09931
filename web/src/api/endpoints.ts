import type { Role } from "@yichuang/core";
import { api } from "./client";
import type { FormDefinition } from "@yichuang/core";
import type {
  CursorPageInfo,
  Application,
  ApplicationData,
  ApplicationWithForm,
  AppNotification,
  AuditEntry,
  AutoRule,
  Case,
  Department,
  DepartmentFormView,
  Desk,
  EvaluatorDevice,
  EvaluatorRating,
  EvaluatorState,
  DepartmentTask,
  FormVersion,
  InboxCase,
  KnownPerson,
  Locale,
  LoginLocks,
  Material,
  Member,
  NewTransaction,
  Organisation,
  Page,
  PairingCode,
  ServiceItem,
  ServiceWindow,
  Session,
  SubmittedApplication,
  SupervisionBoard,
  SupplementItem,
  UnifiedFormView,
  User,
  WindowService,
  TransactionKind,
} from "./types";

// One typed function per endpoint, so pages never spell URLs or bodies by hand.

export const login = (username: string, password: string) =>
  api<Session>("/api/auth/login", { method: "POST", body: { username, password }, quiet401: true });

export const logout = () => api<void>("/api/auth/logout", { method: "POST", quiet401: true });

/** Who is signed in, if anyone: answered 200 either way, so a citizen's public page logs no error. */
export const currentSession = () => api<Session | { user: null; csrfToken: null }>("/api/auth/session");

export const changePassword = (currentPassword: string, newPassword: string) =>
  api<void>("/api/auth/password", { method: "POST", body: { currentPassword, newPassword } });

export const getOrg = () => api<Organisation>("/api/org");

export const getDepartmentMembers = (departmentId: string) =>
  api<Member[]>(`/api/departments/${encodeURIComponent(departmentId)}/members`);

export interface UserSearch {
  q?: string;
  role?: Role;
  departmentId?: string;
  limit: number;
  offset: number;
}

export const listUsers = (search: UserSearch) => api<Page<User>>("/api/admin/users", { query: { ...search } });

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  departmentId?: string | null;
  staffNo?: string | null;
  phone?: string | null;
  email?: string | null;
  locale?: Locale;
  departmentHead?: boolean;
  homeWindowId?: string | null;
}

export const createUser = (body: NewUser) => api<User>("/api/admin/users", { method: "POST", body });

export interface UserChanges {
  displayName?: string;
  roles?: Role[];
  departmentId?: string | null;
  staffNo?: string | null;
  phone?: string | null;
  email?: string | null;
  locale?: Locale;
  departmentHead?: boolean;
  homeWindowId?: string | null;
  disabled?: boolean;
  unlock?: true;
  password?: string;
}

export const updateUser = (id: string, body: UserChanges) =>
  api<User>(`/api/admin/users/${encodeURIComponent(id)}`, { method: "PATCH", body });

/** Lifts an account's lock after failed logins, and every address's wait on its username. */
export const unlockUser = (id: string) => api<User>(`/api/admin/users/${encodeURIComponent(id)}/unlock`, { method: "POST" });

/** What holds logins back now: locked usernames, waiting username and address pairs, addresses over their budget. */
export const listLoginLocks = () => api<LoginLocks>("/api/admin/login-locks");

export const createDepartment = (body: { centreId: string; code: string; nameZh: string; nameEn: string }) =>
  api<Department>("/api/admin/departments", { method: "POST", body });

export const updateDepartment = (id: string, body: { nameZh?: string; nameEn?: string; active?: boolean }) =>
  api<Department>(`/api/admin/departments/${encodeURIComponent(id)}`, { method: "PATCH", body });

export const createWindow = (body: { departmentId: string; number: string; nameZh: string; nameEn: string }) =>
  api<ServiceWindow>("/api/admin/windows", { method: "POST", body });

export const updateWindow = (id: string, body: { departmentId?: string; nameZh?: string; nameEn?: string; active?: boolean }) =>
  api<ServiceWindow>(`/api/admin/windows/${encodeURIComponent(id)}`, { method: "PATCH", body });

export const listWindowServices = () => api<WindowService[]>("/api/admin/window-services");

export const createWindowService = (body: { code: string; departmentId: string; nameZh: string; nameEn: string; kind: TransactionKind }) =>
  api<WindowService>("/api/admin/window-services", { method: "POST", body });

export const updateWindowService = (code: string, body: { nameZh?: string; nameEn?: string; kind?: TransactionKind; active?: boolean }) =>
  api<WindowService>(`/api/admin/window-services/${encodeURIComponent(code)}`, { method: "PATCH", body });

export interface AuditSearch {
  actor?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  ip?: string;
  /** YYYY-MM-DD, a day in Asia/Shanghai. */
  from?: string;
  to?: string;
  limit: number;
  /** The cursor of an earlier page (its nextCursor). */
  after?: string;
}

export const searchAudit = (search: AuditSearch) => api<CursorPageInfo & { items: AuditEntry[] }>("/api/audit", { query: { ...search } });

// One-form registration: open data, the founder's applications, department views, form versions.

const enc = encodeURIComponent;

export const listServiceItems = () => api<ServiceItem[]>("/api/service-items");

/** A service guide (办事指南) as the server sends it. */
export interface ServiceGuide {
  serviceItem: string;
  title: LocalText;
  applicability: LocalText;
  basis: string[];
  materials: { code: string; name: LocalText; form: "original" | "copy" | "either"; copies: number; mandatory: boolean; when?: LocalText; generated?: boolean; note?: LocalText }[];
  departments: { department: string; task: LocalText; legalDays: number; promisedDays: number }[];
  fees: { name: LocalText; amountYuan: number; basis?: string }[];
  window: LocalText;
  contact: string;
  timeLimits: { promisedDays: number; legalDays: number; sequentialLegalDays: number };
}
type LocalText = { zh: string; en: string };

export const getServiceGuide = (code: string) => api<ServiceGuide>(`/api/service-items/${enc(code)}/guide`);

export const getServiceItemForm = (code: string) => api<UnifiedFormView>(`/api/service-items/${enc(code)}/form`);

export const listApplications = () => api<Application[]>("/api/applications");

export const createApplication = (serviceItem: string) => api<Application>("/api/applications", { method: "POST", body: { serviceItem } });

export const getApplication = (id: string) => api<ApplicationWithForm>(`/api/applications/${enc(id)}`);

export const saveApplication = (id: string, data: ApplicationData, revision: number) =>
  api<Application>(`/api/applications/${enc(id)}`, { method: "PUT", body: { data, revision } });

export const submitApplication = (id: string, data: ApplicationData, revision: number) =>
  api<Application>(`/api/applications/${enc(id)}/submit`, { method: "POST", body: { data, revision } });

export const listKnownPeople = () => api<KnownPerson[]>("/api/applications/known-people");

export const listSubmittedApplications = (page: { limit: number; after?: string }) =>
  api<CursorPageInfo & { items: SubmittedApplication[] }>("/api/submitted-applications", { query: { ...page } });

export const getDepartmentForm = (id: string, department: string) =>
  api<DepartmentFormView>(`/api/applications/${enc(id)}/forms/${enc(department)}`);

/** Address of a department's filled form as a file (the server renders it); for links, not fetch. */
export const departmentFormFileUrl = (id: string, department: string, kind: "xlsx" | "pdf") =>
  `/api/applications/${enc(id)}/forms/${enc(department)}.${kind}`;

export const listFormVersions = () => api<FormVersion[]>("/api/admin/forms");

export const getFormVersion = (code: string, version: number) => api<FormDefinition>(`/api/admin/forms/${enc(code)}/${version}`);

export const uploadFormVersion = (definition: unknown) => api<UnifiedFormView>("/api/admin/forms", { method: "POST", body: { definition } });

// Cases: materials, single-window acceptance, parallel review, supplements, supervision.

/** Uploads one material (multipart: materialCode, file) to the founder's application. */
export const uploadMaterial = (applicationId: string, materialCode: string, file: Blob, fileName: string) => {
  const body = new FormData();
  body.append("materialCode", materialCode);
  body.append("file", file, fileName);
  return api<Material>(`/api/applications/${enc(applicationId)}/materials`, { method: "POST", body });
};

export const listMaterials = (applicationId: string) => api<Material[]>(`/api/applications/${enc(applicationId)}/materials`);

/** Address of an uploaded material's file; for links, not fetch. */
export const materialFileUrl = (id: string) => `/api/materials/${enc(id)}/file`;

export const listMyCases = () => api<Case[]>("/api/cases/mine");

export const getCase = (id: string) => api<Case>(`/api/cases/${enc(id)}`);

export const listInbox = (page: { limit: number; after?: string }) => api<CursorPageInfo & { items: InboxCase[] }>("/api/cases", { query: { ...page } });

/** Accepts a case; `startedAt` (ISO) is when the clerk opened it, the start of the window transaction. */
export const acceptCase = (id: string, startedAt?: string) =>
  api<Case>(`/api/cases/${enc(id)}/accept`, { method: "POST", body: startedAt ? { startedAt } : {} });

export const sendSupplementNotice = (id: string, items: SupplementItem[], startedAt?: string) =>
  api<Case>(`/api/cases/${enc(id)}/supplement-notice`, { method: "POST", body: startedAt ? { items, startedAt } : { items } });

export const answerSupplement = (id: string, note?: string) =>
  api<Case>(`/api/cases/${enc(id)}/supplement`, { method: "POST", body: note ? { note } : {} });

export const listDepartmentTasks = (department: string, q: { status?: "open" | "all"; limit?: number; after?: string } = {}) =>
  api<CursorPageInfo & { items: DepartmentTask[] }>(`/api/departments/${enc(department)}/tasks`, { query: { ...q } });

export type TaskDecision =
  | { decision: "approve"; reason?: string }
  | { decision: "reject"; reason: string }
  | { decision: "supplement"; items: SupplementItem[] };

export const decideTask = (taskId: string, body: TaskDecision) => api<Case>(`/api/tasks/${enc(taskId)}/decision`, { method: "POST", body });

export interface BoardSearch {
  department?: string;
  light?: "green" | "yellow" | "red";
  limit: number;
  after?: string;
}

export const getSupervisionBoard = (search: BoardSearch) => api<SupervisionBoard>("/api/supervision/board", { query: { ...search } });

export const listAutoRules = () => api<AutoRule[]>("/api/auto-rules");

/** Switches a department's auto rule; answers with every rule setting. */
export const setAutoRule = (body: { department: string; rule: string; enabled: boolean }) => api<AutoRule[]>("/api/auto-rules", { method: "PUT", body });

export const listNotifications = () => api<AppNotification[]>("/api/notifications");

/** Address of a completed case's business licence (PDF); for links, not fetch. */
export const licencePdfUrl = (caseId: string) => `/api/cases/${enc(caseId)}/licence.pdf`;

// Staff photos (shown on the window's evaluator).

/** Stores a staff photo: the JPG or PNG file itself as the body. */
export const uploadStaffPhoto = (userId: string, file: Blob) =>
  api<{ hasPhoto: boolean }>(`/api/admin/users/${enc(userId)}/photo`, { method: "PUT", body: file });

/** Address of a staff member's photo; for <img>, not fetch. */
export const staffPhotoUrl = (userId: string, version?: string | number) =>
  `/api/staff/${enc(userId)}/photo${version !== undefined ? `?v=${enc(String(version))}` : ""}`;

// The window desk: shifts, transactions, supervision cards. Never ratings.

export const getDesk = () => api<Desk>("/api/desk");

export const signInAtWindow = (windowId: string) => api<Desk>("/api/desk/sign-in", { method: "POST", body: { windowId } });

export const signOutOfWindow = () => api<Desk>("/api/desk/sign-out", { method: "POST" });

export const startTransaction = (body: NewTransaction) => api<Desk>("/api/desk/transactions", { method: "POST", body });

export const completeTransaction = (id: string) => api<Desk>(`/api/desk/transactions/${enc(id)}/complete`, { method: "POST" });

export const cancelTransaction = (id: string) => api<Desk>(`/api/desk/transactions/${enc(id)}/cancel`, { method: "POST" });

export const handOutCard = (code: string, transactionId: string) =>
  api<{ code: string; transactionId: string }>("/api/desk/cards", { method: "POST", body: { code, transactionId } });

// The evaluator at a window: authenticated by its device cookie (path /api/evaluator), writes by its own CSRF token.

/** The address of the evaluator's event stream (EventSource). */
export const EVALUATOR_EVENTS_URL = "/api/evaluator/events";

export const pairEvaluator = (code: string) => api<EvaluatorState>("/api/evaluator/pair", { method: "POST", body: { code }, quiet401: true });

/** The evaluator's state, or null when this device is not paired (asked without a 401 in the console). */
export const getEvaluatorState = async (): Promise<EvaluatorState | null> => (await api<{ paired: boolean; state: EvaluatorState | null }>("/api/evaluator/session")).state;

export const sendEvaluatorRating = (rating: EvaluatorRating, csrfToken: string) =>
  api<{ id: string; replayed: boolean }>("/api/evaluator/ratings", { method: "POST", body: rating, quiet401: true, headers: { "x-csrf-token": csrfToken } });

// Evaluators (admin).

export const listEvaluators = () => api<EvaluatorDevice[]>("/api/admin/evaluators");

export const registerEvaluator = (windowId: string, label: string) =>
  api<PairingCode>("/api/admin/evaluators", { method: "POST", body: { windowId, label } });

export const newPairingCode = (id: string) => api<PairingCode>(`/api/admin/evaluators/${enc(id)}/pairing-code`, { method: "POST" });

export const revokeEvaluator = (id: string) => api<void>(`/api/admin/evaluators/${enc(id)}/revoke`, { method: "POST" });
