import { randomUUID } from "node:crypto";
import type { ReadCache } from "../platform/read-cache.js";
import { shanghaiDate } from "@yichuang/core";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import type { ServiceTransactionTable } from "../db/schema.js";
import { audit } from "../audit/audit.service.js";
import { findUserById } from "../identity/identity.repository.js";
import { authorize, type Actor } from "../identity/policy.js";
import { findWindow } from "../org/org.repository.js";
import type { PushHub } from "../platform/push.js";
import type { FileStore } from "../platform/files.js";
import { AppError } from "../shared/errors.js";
import { requireActor, type RequestContext } from "../shared/request-context.js";
import { addSeconds, nowIso, shanghaiToday } from "../platform/clock.js";
import * as repo from "./window.repository.js";

/** What the window services need. */
export interface WindowDeps {
  db: Database;
  config: Config;
  push: PushHub;
  files: FileStore;
  /** The desk is kept per clerk and day until what it shows changes. */
  reads: ReadCache;
}

/** Kinds of window transaction. */
export const TRANSACTION_KINDS = ["consultation", "acceptance", "supplement_notice", "pickup", "other"] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

/** The topic an evaluator listens on. */
export const windowTopic = (windowId: string) => `window:${windowId}`;

/** What the evaluator shows when it asks for a rating. */
export interface PromptView {
  transactionId: string;
  serviceName: string;
  serviceNameEn: string | null;
  kind: string;
  endedAt: string;
  expiresAt: string;
  clerk: { name: string; staffNo: string | null; photoUrl: string | null };
}

/** The prompt of a completed transaction. */
export async function promptOf(db: Database, t: ServiceTransactionTable): Promise<PromptView> {
  const clerk = await findUserById(db, t.clerk_id);
  return {
    transactionId: t.id,
    serviceName: t.service_name,
    serviceNameEn: await repo.serviceNameEn(db, t.service_code),
    kind: t.kind,
    endedAt: t.ended_at!,
    expiresAt: t.prompt_expires_at!,
    clerk: {
      name: clerk?.display_name ?? "",
      staffNo: clerk?.staff_no ?? null,
      photoUrl: clerk?.photo_sha256 ? `/api/staff/${clerk.id}/photo?v=${clerk.photo_sha256.slice(0, 8)}` : null,
    },
  };
}

/** Tells the window's evaluator to ask about a completed transaction (after the change has committed). */
export async function announce(deps: Pick<WindowDeps, "db" | "push">, t: ServiceTransactionTable): Promise<void> {
  await deps.push.publish({ topic: windowTopic(t.window_id), event: "prompt", data: await promptOf(deps.db, t) });
}

/**
 * The window the clerk serves at now: the shift in progress, else their home window,
 * where the first transaction of the day signs them in. Null when neither exists.
 */
export async function currentWindow(db: Database, actor: Actor, ctx: RequestContext, at = nowIso()) {
  const shift = await repo.openShiftOf(db, actor.userId);
  if (shift) return { id: shift.window_id, departmentId: shift.department_id, number: shift.number };
  const user = await findUserById(db, actor.userId);
  if (!user?.home_window_id) return null;
  const w = await findWindow(db, user.home_window_id);
  if (!w || w.active !== 1 || w.department_id !== actor.departmentId) return null;
  await signInAt(db, ctx, actor, w.id, at);
  return { id: w.id, departmentId: w.department_id, number: w.number };
}

async function signInAt(db: Database, ctx: RequestContext, actor: Actor, windowId: string, at: string) {
  const run = async (trx: Database) => {
    await repo.endShifts(trx, { clerkId: actor.userId }, at);
    const replaced = await repo.endShifts(trx, { windowId }, at);
    await repo.insertShift(trx, { id: randomUUID(), window_id: windowId, clerk_id: actor.userId, started_at: at, ended_at: null });
    await audit(trx, ctx, { action: "window.sign_in", entity: "window", entityId: windowId, detail: replaced.length ? { replaced } : undefined });
  };
  // Inside a case event's transaction the sign-in joins it; on its own it is one.
  if (db.isTransaction) await run(db);
  else await db.transaction().execute(run);
}

/** Signs the clerk in at one of their department's windows (ending their other shift, and taking over from whoever was there). */
export async function signIn(deps: WindowDeps, ctx: RequestContext, windowId: string) {
  const actor = requireActor(ctx);
  const w = await findWindow(deps.db, windowId);
  if (!w || w.active !== 1) throw AppError.validation([{ path: "windowId", message: "窗口：窗口不存在或已停用" }]);
  authorize(actor, "desk.serve", { departmentId: w.department_id });
  await signInAt(deps.db, ctx, actor, windowId, nowIso());
  return desk(deps, ctx);
}

/** Ends the clerk's shift. */
export async function signOut(deps: WindowDeps, ctx: RequestContext) {
  const actor = requireActor(ctx);
  authorize(actor, "desk.serve");
  const open = await repo.openTransactionOf(deps.db, actor.userId);
  if (open) throw AppError.conflict("请先办结或取消当前业务，再签退");
  await deps.db.transaction().execute(async (trx) => {
    const ended = await repo.endShifts(trx, { clerkId: actor.userId }, nowIso());
    if (ended.length) await audit(trx, ctx, { action: "window.sign_out", entity: "window" });
  });
  return desk(deps, ctx);
}

function presentTransaction(t: Awaited<ReturnType<typeof repo.transactionsOf>>[number]) {
  return {
    id: t.id,
    kind: t.kind,
    serviceCode: t.service_code,
    serviceName: t.service_name,
    status: t.status,
    startedAt: t.started_at,
    endedAt: t.ended_at,
    citizenName: t.citizen_name,
    caseId: t.case_id,
    caseNumber: t.case_number,
    windowNumber: t.window_number,
    cardCode: t.card_code,
  };
}

/**
 * The clerk's desk: their shift, their department's windows and services, and today's
 * transactions. Nothing here says whether or how a transaction was rated: the clerk
 * asks for a rating, never sees or steers it.
 */
export async function desk(deps: WindowDeps, ctx: RequestContext) {
  const actor = requireActor(ctx);
  authorize(actor, "desk.serve");
  const today = shanghaiToday();
  // Kept for the clerk and the day until a shift, a window, a service, a transaction, its case or card changes.
  return deps.reads.get(DESK_TABLES, `desk:${today}:${actor.userId}:${actor.departmentId ?? ""}`, () => readDesk(deps, actor, today));
}

/** What the desk reads. */
const DESK_TABLES = ["users", "window_shifts", "windows", "window_services", "service_transactions", "cases", "supervision_cards"] as const;

async function readDesk(deps: WindowDeps, actor: Actor, today: string) {
  const db = deps.db;
  // Three queries: the shift and home window; the department's windows and services; today's transactions.
  const since = new Date(`${today}T00:00:00+08:00`).toISOString();
  const [shift, choices, rows] = await Promise.all([
    repo.deskShiftOf(db, actor.userId),
    actor.departmentId ? repo.deskChoicesOf(db, actor.departmentId) : [],
    repo.transactionsOf(db, actor.userId, since),
  ]);
  return {
    shift: shift?.window_id
      ? { windowId: shift.window_id, windowNumber: shift.number!, windowName: shift.name_zh!, windowNameEn: shift.name_en!, since: shift.started_at! }
      : null,
    homeWindowId: shift?.home_window_id ?? null,
    windows: choices.filter((c) => c.kind === null).map((w) => ({ id: w.key, number: w.number, nameZh: w.name_zh, nameEn: w.name_en })),
    services: choices.filter((c) => c.kind !== null).map((s) => ({ code: s.key, nameZh: s.name_zh, nameEn: s.name_en, kind: s.kind! })),
    transactions: rows.map(presentTransaction),
  };
}

/** Input of a transaction started at the desk. */
export interface StartInput {
  serviceCode: string;
  citizenName?: string | null;
  citizenPhone?: string | null;
  caseNumber?: string | null;
}

/** Starts a transaction at the clerk's window (one at a time). */
export async function startTransaction(deps: WindowDeps, ctx: RequestContext, input: StartInput) {
  const actor = requireActor(ctx);
  authorize(actor, "desk.serve");
  const db = deps.db;
  const service = await repo.findService(db, input.serviceCode);
  if (!service || service.active !== 1 || service.department_id !== actor.departmentId) {
    throw AppError.validation([{ path: "serviceCode", message: "办事事项：不是本部门窗口的事项" }]);
  }
  let caseId: string | null = null;
  let citizenUserId: string | null = null;
  if (input.caseNumber) {
    const c = await db.selectFrom("cases").select(["id", "applicant_id"]).where("number", "=", input.caseNumber.trim()).executeTakeFirst();
    if (!c) throw AppError.validation([{ path: "caseNumber", message: "办件编号：没有这个办件" }]);
    caseId = c.id;
    citizenUserId = c.applicant_id;
  }
  const at = nowIso();
  const window = await currentWindow(db, actor, ctx, at);
  if (!window) throw AppError.conflict("请先在窗口签到（选择您所在的窗口）");
  if (await repo.openTransactionOf(db, actor.userId)) throw AppError.conflict("您还有一笔业务未办结，请先办结或取消");
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    await repo.insertTransaction(trx, {
      id,
      window_id: window.id,
      department_id: window.departmentId,
      clerk_id: actor.userId,
      service_code: service.code,
      service_name: service.name_zh,
      kind: service.kind,
      case_id: caseId,
      citizen_user_id: citizenUserId,
      citizen_name: input.citizenName?.trim() || null,
      citizen_phone: input.citizenPhone?.trim() || null,
      status: "open",
      started_at: at,
      ended_at: null,
      ended_date: null,
      prompt_expires_at: null,
      created_at: at,
    });
    await audit(trx, ctx, { action: "transaction.start", entity: "transaction", entityId: id, detail: { service: service.code } });
  });
  return desk(deps, ctx);
}

async function ownTransaction(db: Database, actor: Actor, id: string) {
  const t = await repo.findTransaction(db, id);
  if (!t || t.clerk_id !== actor.userId) throw AppError.notFound("业务");
  return t;
}

/** Completes the clerk's transaction: the window's evaluator asks for a rating at once. */
export async function completeTransaction(deps: WindowDeps, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  authorize(actor, "desk.serve");
  const t = await ownTransaction(deps.db, actor, id);
  if (t.status !== "open") throw AppError.conflict(t.status === "completed" ? "该业务已办结" : "该业务已取消");
  const at = nowIso();
  const patch = { status: "completed", ended_at: at, ended_date: shanghaiDate(new Date(at)), prompt_expires_at: addSeconds(at, deps.config.evaluatorPromptSeconds) };
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.updateTransaction(trx, id, "open", patch))) throw AppError.conflict("该业务已被处理，请刷新");
    await repo.closeOpenPrompts(trx, t.window_id, id, at);
    await audit(trx, ctx, { action: "transaction.complete", entity: "transaction", entityId: id });
  });
  await announce(deps, { ...t, ...patch });
  return desk(deps, ctx);
}

/** Cancels an open transaction (no rating is asked). */
export async function cancelTransaction(deps: WindowDeps, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  authorize(actor, "desk.serve");
  const t = await ownTransaction(deps.db, actor, id);
  if (t.status !== "open") throw AppError.conflict("只能取消未办结的业务");
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.updateTransaction(trx, id, "open", { status: "cancelled", ended_at: nowIso() }))) throw AppError.conflict("该业务已被处理，请刷新");
    await audit(trx, ctx, { action: "transaction.cancel", entity: "transaction", entityId: id });
  });
  return desk(deps, ctx);
}


/**
 * Records a completed window transaction caused by a case event (acceptance, a supplement
 * notice, a licence handed over), inside the event's transaction. Returns the row to
 * `announce` after commit, or null when the actor serves at no window (an admin).
 */
export async function recordCaseTransaction(
  db: Database,
  ctx: RequestContext,
  config: Config,
  input: { kind: TransactionKind; caseId: string; serviceCode: string; serviceName: string; citizenUserId: string; startedAt?: string | null; at: string },
): Promise<ServiceTransactionTable | null> {
  const actor = requireActor(ctx);
  if (!actor.roles.includes("clerk")) return null;
  const window = await currentWindow(db, actor, ctx, input.at);
  if (!window) return null;
  // The clerk's screen says when they started (opened the case); never before this morning or after now.
  const dayStart = new Date(`${shanghaiDate(new Date(input.at))}T00:00:00+08:00`).toISOString();
  const started = input.startedAt && input.startedAt >= dayStart && input.startedAt <= input.at ? input.startedAt : input.at;
  const row: ServiceTransactionTable = {
    id: randomUUID(),
    window_id: window.id,
    department_id: window.departmentId,
    clerk_id: actor.userId,
    service_code: input.serviceCode,
    service_name: input.serviceName,
    kind: input.kind,
    case_id: input.caseId,
    citizen_user_id: input.citizenUserId,
    citizen_name: null,
    citizen_phone: null,
    status: "completed",
    started_at: started,
    ended_at: input.at,
    ended_date: shanghaiDate(new Date(input.at)),
    prompt_expires_at: addSeconds(input.at, config.evaluatorPromptSeconds),
    created_at: input.at,
  };
  await repo.insertTransaction(db, row);
  await repo.closeOpenPrompts(db, window.id, row.id, input.at);
  return row;
}

/** Roles whose photo is shown to citizens (the evaluator at the window). */
const STAFF_WITH_PHOTO: readonly string[] = ["clerk", "reviewer", "expert", "operator"];

/** Stores a staff photo (admin), PNG or JPEG. */
export async function setStaffPhoto(deps: WindowDeps, ctx: RequestContext, userId: string, bytes: Buffer) {
  const actor = requireActor(ctx);
  authorize(actor, "users.manage");
  const user = await findUserById(deps.db, userId);
  if (!user) throw AppError.notFound("用户");
  if (!user.roles.some((r) => STAFF_WITH_PHOTO.includes(r))) {
    throw AppError.validation([{ path: "file", message: "照片：只有窗口和热线工作人员需要工作照（评价器上显示）" }]);
  }
  const type = bytes[0] === 0x89 && bytes.subarray(1, 4).toString() === "PNG" ? "image/png" : bytes[0] === 0xff && bytes[1] === 0xd8 ? "image/jpeg" : null;
  if (!type) throw AppError.validation([{ path: "file", message: "照片：只接受 JPG 或 PNG 图片（按文件内容识别）" }]);
  if (bytes.length > 2 * 1024 * 1024) throw AppError.validation([{ path: "file", message: "照片：不能超过 2 MB" }]);
  const sha = deps.files.save(bytes);
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable("users").set({ photo_sha256: sha, photo_type: type, updated_at: nowIso() }).where("id", "=", userId).execute();
    await audit(trx, ctx, { action: "photo.update", entity: "user", entityId: userId });
  });
  return { hasPhoto: true };
}

/** A staff member's photo, as shown at the window's evaluator; null for anyone without one or not window staff. */
export async function staffPhoto(deps: WindowDeps, userId: string): Promise<{ type: string; bytes: Buffer } | null> {
  const user = await findUserById(deps.db, userId);
  if (!user || !user.photo_sha256 || !user.photo_type || !user.roles.some((r) => STAFF_WITH_PHOTO.includes(r))) return null;
  return { type: user.photo_type, bytes: deps.files.read(user.photo_sha256) };
}

/** Every window service (办事事项) of every department (admin). */
export async function listWindowServices(deps: WindowDeps, ctx: RequestContext) {
  authorize(requireActor(ctx), "org.manage");
  const rows = await deps.db
    .selectFrom("window_services as s")
    .innerJoin("departments as d", "d.id", "s.department_id")
    .select(["s.code", "s.department_id", "d.code as department_code", "s.name_zh", "s.name_en", "s.kind", "s.active"])
    .orderBy("d.code")
    .orderBy("s.code")
    .execute();
  return rows.map((s) => ({ code: s.code, departmentId: s.department_id, departmentCode: s.department_code, nameZh: s.name_zh, nameEn: s.name_en, kind: s.kind, active: s.active === 1 }));
}

/** Adds a service a department's windows offer (admin). */
export async function createWindowService(deps: WindowDeps, ctx: RequestContext, input: { code: string; departmentId: string; nameZh: string; nameEn: string; kind: TransactionKind }) {
  authorize(requireActor(ctx), "org.manage");
  const dept = await deps.db.selectFrom("departments").select("id").where("id", "=", input.departmentId).executeTakeFirst();
  if (!dept) throw AppError.validation([{ path: "departmentId", message: "所属部门：部门不存在" }]);
  if (await repo.findService(deps.db, input.code)) throw AppError.conflict("事项编码已存在", [{ path: "code", message: "事项编码：已存在" }]);
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto("window_services").values({ code: input.code, department_id: input.departmentId, name_zh: input.nameZh.trim(), name_en: input.nameEn.trim(), kind: input.kind, active: 1, created_at: nowIso() }).execute();
    await audit(trx, ctx, { action: "create", entity: "window_service", entityId: input.code });
  });
  return (await listWindowServices(deps, ctx)).find((s) => s.code === input.code)!;
}

/** Renames, re-classifies or retires a window service (admin); its past transactions keep their name. */
export async function updateWindowService(deps: WindowDeps, ctx: RequestContext, code: string, input: { nameZh?: string; nameEn?: string; kind?: TransactionKind; active?: boolean }) {
  authorize(requireActor(ctx), "org.manage");
  if (!(await repo.findService(deps.db, code))) throw AppError.notFound("办事事项");
  if (input.nameZh === undefined && input.nameEn === undefined && input.kind === undefined && input.active === undefined) {
    throw AppError.validation([{ path: "body", message: "请求体：请至少修改一项（中文名称、英文名称、业务类型或是否启用）" }]);
  }
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("window_services")
      .set({
        ...(input.nameZh !== undefined ? { name_zh: input.nameZh.trim() } : {}),
        ...(input.nameEn !== undefined ? { name_en: input.nameEn.trim() } : {}),
        ...(input.kind !== undefined ? { kind: input.kind } : {}),
        ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
      })
      .where("code", "=", code)
      .execute();
    await audit(trx, ctx, { action: "update", entity: "window_service", entityId: code, detail: input });
  });
  return (await listWindowServices(deps, ctx)).find((s) => s.code === code)!;
}
