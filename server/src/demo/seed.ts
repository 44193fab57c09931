import { randomUUID } from "node:crypto";
import type { Role } from "@yichuang/core";
import type { Database } from "../db/database.js";
import type { UserTable } from "../db/schema.js";
import { insertUser } from "../identity/identity.repository.js";
import { hashPassword } from "../identity/passwords.js";
import * as org from "../org/org.repository.js";
import { nowIso } from "../platform/clock.js";
import { DEMO_ACCOUNTS, DEMO_DUTY_ROSTER, DEMO_EXPERT_SPECIALTIES, DEMO_STAFF, DEMO_CENTRES, DEMO_DEPARTMENTS, DEMO_PASSWORD, DEMO_WINDOW_SERVICES, DEMO_WINDOWS } from "./jiaxing.js";

/** Loads the Jiaxing demo centre into an empty database; returns false when it already had data. */
export async function seedDemo(db: Database): Promise<boolean> {
  if (!(await org.isEmpty(db))) return false;
  const hash = await hashPassword(DEMO_PASSWORD);
  const now = nowIso();
  try {
    await db.transaction().execute(async (trx) => {
      const centreIds = new Map<string, string>();
      for (const c of DEMO_CENTRES) {
        const id = randomUUID();
        centreIds.set(c.code, id);
        await org.insertCentre(trx, { id, code: c.code, kind: c.kind, name_zh: c.nameZh, name_en: c.nameEn, address: c.address, created_at: now });
      }
      const deptIds = new Map<string, string>();
      for (const d of DEMO_DEPARTMENTS) {
        const id = randomUUID();
        deptIds.set(d.code, id);
        await org.insertDepartment(trx, {
          id,
          centre_id: centreIds.get(d.centre)!,
          code: d.code,
          name_zh: d.nameZh,
          name_en: d.nameEn,
          active: 1,
          created_at: now,
          updated_at: now,
        });
      }
      const windowIds = new Map<string, string>();
      for (const w of DEMO_WINDOWS) {
        const id = randomUUID();
        windowIds.set(w.number, id);
        await org.insertWindow(trx, {
          id,
          department_id: deptIds.get(w.department)!,
          number: w.number,
          name_zh: w.nameZh,
          name_en: w.nameEn,
          active: 1,
          created_at: now,
          updated_at: now,
        });
      }
      // Statistics registers a case at once when its industry code is a valid class (the article's "same day").
      await trx
        .insertInto("auto_rules")
        .values({ department_code: "STATS", rule: "industry-valid", enabled: 1, updated_at: now, updated_by: null })
        .execute();
      const userIds = new Map<string, string>();
      for (const a of [...DEMO_ACCOUNTS, ...DEMO_STAFF]) {
        const row = userRow({
          ...a,
          departmentId: a.department ? deptIds.get(a.department)! : null,
          passwordHash: hash,
          at: now,
          departmentHead: a.head === true,
          homeWindowId: a.window ? windowIds.get(a.window)! : null,
        });
        userIds.set(a.username, row.id);
        await insertUser(trx, row, a.roles);
      }
      for (const [username, specialties] of Object.entries(DEMO_EXPERT_SPECIALTIES)) {
        await trx.insertInto("expert_profiles").values({ user_id: userIds.get(username)!, specialties: JSON.stringify(specialties), updated_at: now }).execute();
      }
      const r = DEMO_DUTY_ROSTER;
      await trx
        .insertInto("duty_rosters")
        .values({
          centre_id: centreIds.get(r.centre)!,
          working_members: JSON.stringify(r.working.members.map((u) => userIds.get(u)!)),
          working_start: r.working.start,
          holiday_members: JSON.stringify(r.holiday.members.map((u) => userIds.get(u)!)),
          holiday_start: r.holiday.start,
          revision: 1,
          updated_by: null,
          updated_at: now,
        })
        .execute();
      for (const s of DEMO_WINDOW_SERVICES) {
        await trx
          .insertInto("window_services")
          .values({ code: s.code, department_id: deptIds.get(s.department)!, name_zh: s.nameZh, name_en: s.nameEn, kind: s.kind, active: 1, created_at: now })
          .execute();
      }
    });
  } catch (err) {
    // Another instance seeding the same empty database at the same moment wins; that is fine.
    if (!(await org.isEmpty(db))) return false;
    throw err;
  }
  return true;
}

/** A users row with defaults; shared by the demo seed and the test factories. */
export function userRow(u: {
  username: string;
  displayName: string;
  passwordHash: string;
  departmentId?: string | null;
  staffNo?: string | null;
  phone?: string | null;
  email?: string | null;
  at?: string;
  roles?: Role[];
  departmentHead?: boolean;
  homeWindowId?: string | null;
}): UserTable {
  const at = u.at ?? nowIso();
  return {
    id: randomUUID(),
    username: u.username.toLowerCase(),
    display_name: u.displayName,
    password_hash: u.passwordHash,
    department_id: u.departmentId ?? null,
    staff_no: u.staffNo ?? null,
    phone: u.phone ?? null,
    email: u.email ?? null,
    locale: "zh-CN",
    department_head: u.departmentHead ? 1 : 0,
    home_window_id: u.homeWindowId ?? null,
    photo_sha256: null,
    photo_type: null,
    disabled: 0,
    failed_logins: 0,
    locked_until: null,
    last_login_at: null,
    created_at: at,
    updated_at: at,
  };
}
