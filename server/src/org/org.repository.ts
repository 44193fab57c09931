import type { Database } from "../db/database.js";
import type { CentreTable, DepartmentTable, WindowTable } from "../db/schema.js";

/** Every centre. */
export function listCentres(db: Database): Promise<CentreTable[]> {
  return db.selectFrom("centres").selectAll().orderBy("code").execute();
}

/** Every department. */
export function listDepartments(db: Database): Promise<DepartmentTable[]> {
  return db.selectFrom("departments").selectAll().orderBy("code").execute();
}

/** Every window. */
export function listWindows(db: Database): Promise<WindowTable[]> {
  return db.selectFrom("windows").selectAll().orderBy("number").execute();
}

/** A centre by id. */
export function findCentre(db: Database, id: string) {
  return db.selectFrom("centres").selectAll().where("id", "=", id).executeTakeFirst();
}

/** A department by id. */
export function findDepartment(db: Database, id: string) {
  return db.selectFrom("departments").selectAll().where("id", "=", id).executeTakeFirst();
}

/** A department by its code. */
export function findDepartmentByCode(db: Database, code: string) {
  return db.selectFrom("departments").selectAll().where("code", "=", code).executeTakeFirst();
}

/** A window by id. */
export function findWindow(db: Database, id: string) {
  return db.selectFrom("windows").selectAll().where("id", "=", id).executeTakeFirst();
}

/** A window by its number. */
export function findWindowByNumber(db: Database, number: string) {
  return db.selectFrom("windows").selectAll().where("number", "=", number).executeTakeFirst();
}

/** Inserts a centre. */
export async function insertCentre(db: Database, c: CentreTable): Promise<void> {
  await db.insertInto("centres").values(c).execute();
}

/** Inserts a department. */
export async function insertDepartment(db: Database, d: DepartmentTable): Promise<void> {
  await db.insertInto("departments").values(d).execute();
}

/** Updates a department. */
export async function updateDepartment(db: Database, id: string, patch: Partial<Omit<DepartmentTable, "id">>) {
  await db.updateTable("departments").set(patch).where("id", "=", id).execute();
}

/** Inserts a window. */
export async function insertWindow(db: Database, w: WindowTable): Promise<void> {
  await db.insertInto("windows").values(w).execute();
}

/** Updates a window. */
export async function updateWindow(db: Database, id: string, patch: Partial<Omit<WindowTable, "id">>) {
  await db.updateTable("windows").set(patch).where("id", "=", id).execute();
}

/** True when no centre exists yet (a fresh database). */
export async function isEmpty(db: Database): Promise<boolean> {
  const row = await db.selectFrom("centres").select("id").limit(1).executeTakeFirst();
  return !row;
}

/** The centre a department belongs to (with its kind), if the department exists. */
export function centreOfDepartment(db: Database, departmentId: string) {
  return db
    .selectFrom("departments as d")
    .innerJoin("centres as c", "c.id", "d.centre_id")
    .select(["c.id", "c.code", "c.kind", "c.name_zh", "c.name_en"])
    .where("d.id", "=", departmentId)
    .executeTakeFirst();
}

/** Centres with the 12316 hotline (farm service centres), by code. */
export function farmCentres(db: Database) {
  return db.selectFrom("centres").select(["id", "code", "kind", "name_zh", "name_en"]).where("kind", "=", "farm").orderBy("code").execute();
}
