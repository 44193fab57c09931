import type { Role } from "@yichuang/core";
import { sql } from "kysely";
import type { Database } from "../db/database.js";
import type { SessionTable, UserTable } from "../db/schema.js";

/** A user row with its roles. */
export type UserRecord = UserTable & { roles: Role[] };

/** The user's roles as one comma-separated column (string_agg: PostgreSQL, and SQLite ≥ 3.44). */
const rolesOf = (userId: "users.id") =>
  sql<string | null>`(select string_agg(role, ',') from user_roles where user_roles.user_id = ${sql.ref(userId)})`;

const splitRoles = (roles: string | null): Role[] => (roles ? (roles.split(",") as Role[]).sort() : []);

/** A users row with its roles column split. */
function withRoleList<T extends { role_list: string | null }>(row: T): Omit<T, "role_list"> & { roles: Role[] } {
  const { role_list, ...user } = row;
  return { ...user, roles: splitRoles(role_list) };
}

/** The user with this username (case-insensitive), or undefined. */
export async function findUserByUsername(db: Database, username: string): Promise<UserRecord | undefined> {
  const row = await db
    .selectFrom("users")
    .selectAll()
    .select(rolesOf("users.id").as("role_list"))
    .where("username", "=", username.toLowerCase())
    .executeTakeFirst();
  return row ? withRoleList(row) : undefined;
}

/** The user with this id, or undefined (one query). */
export async function findUserById(db: Database, id: string): Promise<UserRecord | undefined> {
  const row = await db.selectFrom("users").selectAll().select(rolesOf("users.id").as("role_list")).where("id", "=", id).executeTakeFirst();
  return row ? withRoleList(row) : undefined;
}

/** The accounts with these usernames (lower case): id, username and name. */
export async function usersByUsernames(db: Database, usernames: readonly string[]): Promise<{ id: string; username: string; display_name: string }[]> {
  if (usernames.length === 0) return [];
  return db.selectFrom("users").select(["id", "username", "display_name"]).where("username", "in", usernames).execute();
}

/** Filters of the admin user list. */
export interface UserQuery {
  q?: string;
  role?: Role;
  departmentId?: string;
  limit: number;
  offset: number;
}

/** Users matching `q`, by username, and the total. */
export async function listUsers(db: Database, q: UserQuery): Promise<{ rows: UserRecord[]; total: number }> {
  let query = db.selectFrom("users");
  if (q.q) {
    const like = `%${q.q.toLowerCase()}%`;
    query = query.where((eb) =>
      eb.or([eb("username", "like", like), eb(eb.fn("lower", ["display_name"]), "like", like), eb("staff_no", "like", like)]),
    );
  }
  if (q.role) {
    const role = q.role;
    query = query.where("id", "in", (eb) => eb.selectFrom("user_roles").select("user_id").where("role", "=", role));
  }
  if (q.departmentId) query = query.where("department_id", "=", q.departmentId);
  const [rows, count] = await Promise.all([
    query.selectAll().select(rolesOf("users.id").as("role_list")).orderBy("username").limit(q.limit).offset(q.offset).execute(),
    query.select((eb) => eb.fn.countAll<number | string>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(withRoleList), total: Number(count.n) };
}

/** Inserts a user with roles. */
export async function insertUser(db: Database, user: UserTable, roles: readonly Role[]): Promise<void> {
  await db.insertInto("users").values(user).execute();
  if (roles.length) await db.insertInto("user_roles").values(roles.map((role) => ({ user_id: user.id, role }))).execute();
}

/** Updates columns of a user. */
export async function updateUser(db: Database, id: string, patch: Partial<Omit<UserTable, "id">>): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db.updateTable("users").set(patch).where("id", "=", id).execute();
}

/** Replaces a user's roles. */
export async function replaceRoles(db: Database, userId: string, roles: readonly Role[]): Promise<void> {
  await db.deleteFrom("user_roles").where("user_id", "=", userId).execute();
  // A role named twice is the same role.
  const distinct = [...new Set(roles)];
  if (distinct.length) await db.insertInto("user_roles").values(distinct.map((role) => ({ user_id: userId, role }))).execute();
}

/** Inserts a session. */
export async function insertSession(db: Database, s: SessionTable): Promise<void> {
  await db.insertInto("sessions").values(s).execute();
}

/** A session with its user (all columns) and roles, by hashed token; undefined if none. One query. */
export async function findSessionWithUser(db: Database, id: string): Promise<{ session: SessionTable; user: UserRecord } | undefined> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .selectAll("users")
    .select([
      "sessions.id as s_id",
      "sessions.csrf_token as s_csrf_token",
      "sessions.created_at as s_created_at",
      "sessions.expires_at as s_expires_at",
      "sessions.absolute_expires_at as s_absolute_expires_at",
      "sessions.last_seen_at as s_last_seen_at",
      "sessions.ip as s_ip",
      "sessions.user_agent as s_user_agent",
      rolesOf("users.id").as("role_list"),
    ])
    .where("sessions.id", "=", id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { s_id, s_csrf_token, s_created_at, s_expires_at, s_absolute_expires_at, s_last_seen_at, s_ip, s_user_agent, ...rest } = row;
  const user = withRoleList(rest);
  return {
    session: {
      id: s_id,
      user_id: user.id,
      csrf_token: s_csrf_token,
      created_at: s_created_at,
      expires_at: s_expires_at,
      absolute_expires_at: s_absolute_expires_at,
      last_seen_at: s_last_seen_at,
      ip: s_ip,
      user_agent: s_user_agent,
    },
    user,
  };
}

/** Moves a session's idle expiry forward. */
export async function touchSession(db: Database, id: string, lastSeenAt: string, expiresAt: string): Promise<void> {
  await db.updateTable("sessions").set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where("id", "=", id).execute();
}

/** Deletes one session. */
export async function deleteSession(db: Database, id: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", id).execute();
}

/** Deletes every session of a user (password reset, disable). */
export async function deleteUserSessions(db: Database, userId: string): Promise<void> {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}

/** Deletes sessions past their expiry. */
export async function deleteExpiredSessions(db: Database, now: string): Promise<void> {
  await db
    .deleteFrom("sessions")
    .where((eb) => eb.or([eb("expires_at", "<", now), eb("absolute_expires_at", "<", now)]))
    .execute();
}

/** Who answers for a department: its named heads, else its reviewers (enabled accounts' ids). */
export async function departmentLeads(db: Database, departmentId: string): Promise<string[]> {
  const heads = await db.selectFrom("users").select("id").where("department_id", "=", departmentId).where("department_head", "=", 1).where("disabled", "=", 0).execute();
  if (heads.length) return heads.map((u) => u.id);
  return usersWithRole(db, "reviewer", departmentId);
}

/** Enabled accounts holding `role` (in one department when given): their ids. */
export async function usersWithRole(db: Database, role: Role, departmentId?: string): Promise<string[]> {
  let q = db.selectFrom("users as u").innerJoin("user_roles as r", "r.user_id", "u.id").select("u.id").where("r.role", "=", role).where("u.disabled", "=", 0);
  if (departmentId) q = q.where("u.department_id", "=", departmentId);
  return (await q.execute()).map((u) => u.id);
}

/** True when another account (not `exceptId`) has this staff number. */
export async function staffNoTaken(db: Database, staffNo: string, exceptId?: string): Promise<boolean> {
  let q = db.selectFrom("users").select("id").where("staff_no", "=", staffNo);
  if (exceptId) q = q.where("id", "<>", exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}
