import { randomUUID } from "node:crypto";
import type { Role } from "@yichuang/core";
import type { Database } from "../db/database.js";
import { userRow } from "../demo/seed.js";
import { insertUser } from "../identity/identity.repository.js";
import { hashPassword } from "../identity/passwords.js";
import * as org from "../org/org.repository.js";
import { nowIso } from "../shared/time.js";

/**
 * Factories shared by tests, the demo generator and benchmarks:
 * `buildX(db, overrides)` inserts a valid record and returns it.
 */

let counter = 0;
const next = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;
const hashes = new Map<string, Promise<string>>();

/** A password that passes the account policy. */
export const FACTORY_PASSWORD = "Factory#Pass2026";

/** Inserts a department (in the first centre unless given). */
export async function buildDepartment(db: Database, o: { centreId?: string; code?: string; nameZh?: string } = {}) {
  const centreId = o.centreId ?? (await org.listCentres(db))[0]?.id;
  if (!centreId) throw new Error("buildDepartment needs a centre: seed the demo centre first");
  const now = nowIso();
  const row = {
    id: randomUUID(),
    centre_id: centreId,
    code: o.code ?? `D${next().toUpperCase()}`.slice(0, 20),
    name_zh: o.nameZh ?? "测试部门",
    name_en: "Test department",
    active: 1,
    created_at: now,
    updated_at: now,
  };
  await org.insertDepartment(db, row);
  return row;
}

/** Inserts a user with roles; the password defaults to FACTORY_PASSWORD. */
export async function buildUser(
  db: Database,
  o: { username?: string; displayName?: string; roles?: Role[]; departmentId?: string | null; password?: string; phone?: string } = {},
) {
  const password = o.password ?? FACTORY_PASSWORD;
  if (!hashes.has(password)) hashes.set(password, hashPassword(password));
  const row = userRow({
    username: o.username ?? `u${next()}`,
    displayName: o.displayName ?? "测试用户",
    passwordHash: await hashes.get(password)!,
    departmentId: o.departmentId ?? null,
    phone: o.phone ?? null,
  });
  const roles = o.roles ?? ["applicant"];
  await insertUser(db, row, roles);
  return { ...row, roles, password };
}
