import type { Role } from "@yichuang/core";

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
  disabled: boolean;
  /** ISO time; the account refuses logins until then. */
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
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
