import type { Role } from "@yichuang/core";
import { api } from "./client";
import type { FormDefinition } from "@yichuang/core";
import type {
  Application,
  ApplicationData,
  ApplicationWithForm,
  AuditEntry,
  Department,
  DepartmentFormView,
  FormVersion,
  KnownPerson,
  Locale,
  Member,
  Organisation,
  Page,
  ServiceItem,
  ServiceWindow,
  Session,
  SubmittedApplication,
  UnifiedFormView,
  User,
} from "./types";

// One typed function per endpoint, so pages never spell URLs or bodies by hand.

export const login = (username: string, password: string) =>
  api<Session>("/api/auth/login", { method: "POST", body: { username, password }, quiet401: true });

export const logout = () => api<void>("/api/auth/logout", { method: "POST", quiet401: true });

export const me = () => api<Session>("/api/auth/me", { quiet401: true });

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
  disabled?: boolean;
  unlock?: true;
  password?: string;
}

export const updateUser = (id: string, body: UserChanges) =>
  api<User>(`/api/admin/users/${encodeURIComponent(id)}`, { method: "PATCH", body });

export const createDepartment = (body: { centreId: string; code: string; nameZh: string; nameEn: string }) =>
  api<Department>("/api/admin/departments", { method: "POST", body });

export const updateDepartment = (id: string, body: { nameZh?: string; nameEn?: string; active?: boolean }) =>
  api<Department>(`/api/admin/departments/${encodeURIComponent(id)}`, { method: "PATCH", body });

export const createWindow = (body: { departmentId: string; number: string; nameZh: string; nameEn: string }) =>
  api<ServiceWindow>("/api/admin/windows", { method: "POST", body });

export const updateWindow = (id: string, body: { departmentId?: string; nameZh?: string; nameEn?: string; active?: boolean }) =>
  api<ServiceWindow>(`/api/admin/windows/${encodeURIComponent(id)}`, { method: "PATCH", body });

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
  offset: number;
}

export const searchAudit = (search: AuditSearch) => api<Page<AuditEntry>>("/api/audit", { query: { ...search } });

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

export const listSubmittedApplications = (page: { limit: number; offset: number }) =>
  api<SubmittedApplication[]>("/api/submitted-applications", { query: { ...page } });

export const getDepartmentForm = (id: string, department: string) =>
  api<DepartmentFormView>(`/api/applications/${enc(id)}/forms/${enc(department)}`);

/** Address of a department's filled form as a file (the server renders it); for links, not fetch. */
export const departmentFormFileUrl = (id: string, department: string, kind: "xlsx" | "pdf") =>
  `/api/applications/${enc(id)}/forms/${enc(department)}.${kind}`;

export const listFormVersions = () => api<FormVersion[]>("/api/admin/forms");

export const getFormVersion = (code: string, version: number) => api<FormDefinition>(`/api/admin/forms/${enc(code)}/${version}`);

export const uploadFormVersion = (definition: unknown) => api<UnifiedFormView>("/api/admin/forms", { method: "POST", body: { definition } });
