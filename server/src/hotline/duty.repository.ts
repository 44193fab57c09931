import type { Database } from "../db/database.js";
import type { DutyOverrideTable, DutyRosterTable } from "../db/schema.js";

export function findRoster(db: Database, centreId: string) {
  return db.selectFrom("duty_rosters").selectAll().where("centre_id", "=", centreId).executeTakeFirst();
}

/** Writes the roster if it is still at `revision` (0: none yet); false when someone changed it first. */
export async function saveRoster(db: Database, row: Omit<DutyRosterTable, "revision">, revision: number): Promise<boolean> {
  if (revision === 0) {
    const r = await db
      .insertInto("duty_rosters")
      .values({ ...row, revision: 1 })
      .onConflict((oc) => oc.column("centre_id").doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }
  const r = await db
    .updateTable("duty_rosters")
    .set({ ...row, revision: revision + 1 })
    .where("centre_id", "=", row.centre_id)
    .where("revision", "=", revision)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Overrides of a centre still in force on or after `fromDate`, oldest first (a later one wins). */
export function activeOverrides(db: Database, centreId: string, fromDate: string) {
  return db
    .selectFrom("duty_overrides")
    .selectAll()
    .where("centre_id", "=", centreId)
    .where("cancelled_at", "is", null)
    .where("to_date", ">=", fromDate)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export async function insertOverride(db: Database, row: DutyOverrideTable): Promise<void> {
  await db.insertInto("duty_overrides").values(row).execute();
}

export function findOverride(db: Database, id: string) {
  return db.selectFrom("duty_overrides").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function cancelOverride(db: Database, id: string, at: string): Promise<boolean> {
  const r = await db.updateTable("duty_overrides").set({ cancelled_at: at }).where("id", "=", id).where("cancelled_at", "is", null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Active experts of a centre (role expert in one of its departments) with their specialties. */
export function expertsOf(db: Database, centreId: string) {
  return db
    .selectFrom("users as u")
    .innerJoin("departments as d", "d.id", "u.department_id")
    .innerJoin("user_roles as r", "r.user_id", "u.id")
    .leftJoin("expert_profiles as p", "p.user_id", "u.id")
    .select(["u.id", "u.display_name", "u.staff_no", "d.id as department_id", "p.specialties"])
    .where("d.centre_id", "=", centreId)
    .where("r.role", "=", "expert")
    .where("u.disabled", "=", 0)
    .orderBy("u.staff_no")
    .execute();
}

export async function upsertProfile(db: Database, userId: string, specialties: string[], at: string): Promise<void> {
  await db
    .insertInto("expert_profiles")
    .values({ user_id: userId, specialties: JSON.stringify(specialties), updated_at: at })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ specialties: JSON.stringify(specialties), updated_at: at }))
    .execute();
}
