import { randomUUID } from "node:crypto";
import type { Database } from "../db/database.js";
import type { CentreTable, DepartmentTable, WindowTable } from "../db/schema.js";
import { audit } from "../audit/audit.service.js";
import { authorize } from "../identity/policy.js";
import { AppError } from "../shared/errors.js";
import { requireActor, type RequestContext } from "../shared/request-context.js";
import { nowIso } from "../platform/clock.js";
import * as repo from "./org.repository.js";

const presentCentre = (c: CentreTable) => ({ id: c.id, code: c.code, kind: c.kind, nameZh: c.name_zh, nameEn: c.name_en, address: c.address });
const presentDepartment = (d: DepartmentTable) => ({
  id: d.id,
  centreId: d.centre_id,
  code: d.code,
  nameZh: d.name_zh,
  nameEn: d.name_en,
  active: d.active === 1,
});
const presentWindow = (w: WindowTable) => ({
  id: w.id,
  departmentId: w.department_id,
  number: w.number,
  nameZh: w.name_zh,
  nameEn: w.name_en,
  active: w.active === 1,
});

/** Centres, departments and windows: public, no personal data. */
export async function getOrganisation(db: Database) {
  const [centres, departments, windows] = await Promise.all([repo.listCentres(db), repo.listDepartments(db), repo.listWindows(db)]);
  return {
    centres: centres.map(presentCentre),
    departments: departments.map(presentDepartment),
    windows: windows.map(presentWindow),
  };
}

/** Creates a department in a centre (admin). */
export async function createDepartment(
  db: Database,
  ctx: RequestContext,
  input: { centreId: string; code: string; nameZh: string; nameEn: string },
) {
  authorize(requireActor(ctx), "org.manage");
  if (!(await repo.findCentre(db, input.centreId))) {
    throw AppError.validation([{ path: "centreId", message: "所属中心：中心不存在" }]);
  }
  if (await repo.findDepartmentByCode(db, input.code)) {
    throw AppError.conflict("部门代码已存在", [{ path: "code", message: "部门代码：已存在" }]);
  }
  const now = nowIso();
  const row: DepartmentTable = {
    id: randomUUID(),
    centre_id: input.centreId,
    code: input.code,
    name_zh: input.nameZh,
    name_en: input.nameEn,
    active: 1,
    created_at: now,
    updated_at: now,
  };
  await db.transaction().execute(async (trx) => {
    await repo.insertDepartment(trx, row);
    await audit(trx, ctx, { action: "create", entity: "department", entityId: row.id, detail: { code: row.code } });
  });
  return presentDepartment(row);
}

/** Renames or (de)activates a department (admin). */
export async function updateDepartment(
  db: Database,
  ctx: RequestContext,
  id: string,
  input: { nameZh?: string; nameEn?: string; active?: boolean },
) {
  authorize(requireActor(ctx), "org.manage");
  if (!(await repo.findDepartment(db, id))) throw AppError.notFound("部门");
  await db.transaction().execute(async (trx) => {
    await repo.updateDepartment(trx, id, {
      ...(input.nameZh !== undefined ? { name_zh: input.nameZh } : {}),
      ...(input.nameEn !== undefined ? { name_en: input.nameEn } : {}),
      ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
      updated_at: nowIso(),
    });
    await audit(trx, ctx, { action: "update", entity: "department", entityId: id, detail: { changed: Object.keys(input) } });
  });
  return presentDepartment((await repo.findDepartment(db, id))!);
}

/** Opens a window for a department (admin). */
export async function createWindow(
  db: Database,
  ctx: RequestContext,
  input: { departmentId: string; number: string; nameZh: string; nameEn: string },
) {
  authorize(requireActor(ctx), "org.manage");
  if (!(await repo.findDepartment(db, input.departmentId))) {
    throw AppError.validation([{ path: "departmentId", message: "所属部门：部门不存在" }]);
  }
  if (await repo.findWindowByNumber(db, input.number)) {
    throw AppError.conflict("窗口编号已存在", [{ path: "number", message: "窗口编号：已存在" }]);
  }
  const now = nowIso();
  const row: WindowTable = {
    id: randomUUID(),
    department_id: input.departmentId,
    number: input.number,
    name_zh: input.nameZh,
    name_en: input.nameEn,
    active: 1,
    created_at: now,
    updated_at: now,
  };
  await db.transaction().execute(async (trx) => {
    await repo.insertWindow(trx, row);
    await audit(trx, ctx, { action: "create", entity: "window", entityId: row.id, detail: { number: row.number } });
  });
  return presentWindow(row);
}

/** Renames, moves or (de)activates a window (admin). */
export async function updateWindow(
  db: Database,
  ctx: RequestContext,
  id: string,
  input: { departmentId?: string; nameZh?: string; nameEn?: string; active?: boolean },
) {
  authorize(requireActor(ctx), "org.manage");
  if (!(await repo.findWindow(db, id))) throw AppError.notFound("窗口");
  if (input.departmentId && !(await repo.findDepartment(db, input.departmentId))) {
    throw AppError.validation([{ path: "departmentId", message: "所属部门：部门不存在" }]);
  }
  await db.transaction().execute(async (trx) => {
    await repo.updateWindow(trx, id, {
      ...(input.departmentId !== undefined ? { department_id: input.departmentId } : {}),
      ...(input.nameZh !== undefined ? { name_zh: input.nameZh } : {}),
      ...(input.nameEn !== undefined ? { name_en: input.nameEn } : {}),
      ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
      updated_at: nowIso(),
    });
    await audit(trx, ctx, { action: "update", entity: "window", entityId: id, detail: { changed: Object.keys(input) } });
  });
  return presentWindow((await repo.findWindow(db, id))!);
}
