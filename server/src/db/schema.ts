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
  disabled: number;
  failed_logins: number;
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

export interface LoginAttemptTable {
  id: string;
  at: string;
  ip: string;
  username: string;
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

export interface CounterTable {
  key: string;
  value: number;
}

/** The whole database, as Kysely sees it. */
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
}
