import { createHash, randomBytes, randomUUID } from "node:crypto";
import { isBadReview, isValidCardCode, normaliseCardCode, ratingLabel, rectificationDeadlines, shanghaiDate, type Rating, type WorkingCalendar } from "@yichuang/core";
import type { Database } from "../db/database.js";
import type { EvaluationTable, RectificationTicketTable, ServiceTransactionTable } from "../db/schema.js";
import { audit } from "../audit/audit.service.js";
import { notify } from "../platform/notify.js";
import { departmentLeads, findUserById } from "../identity/identity.repository.js";
import { authorize } from "../identity/policy.js";
import { nextCounter } from "../registration/registration.repository.js";
import { AppError } from "../shared/errors.js";
import { requireActor, type RequestContext } from "../shared/request-context.js";
import { addSeconds, nowIso } from "../platform/clock.js";
import { findTransaction, serviceNameEn } from "../window/window.repository.js";
import type { EvaluationDeps } from "./deps.js";
import type { CalendarService } from "../platform/calendar/calendar.service.js";
import type { Device } from "./devices.service.js";
import * as repo from "./evaluation.repository.js";

/** A rating as a citizen gives it. */
export interface RatingInput {
  level: Rating;
  reasons?: string[];
  comment?: string | null;
}

/** Seconds of grace for an evaluator's clock and for the tap that lands as the prompt closes. */
const PROMPT_GRACE_SECONDS = 5;
/** How late an offline evaluator may deliver a rating it took while the prompt was open. */
const OFFLINE_DELIVERY_HOURS = 24;

const DUPLICATE = "该笔业务已评价，不能重复评价（一次一评）";

function checkReasons(input: RatingInput): string[] {
  const reasons = [...new Set(input.reasons ?? [])];
  if (!isBadReview(input.level) && reasons.length) {
    throw AppError.validation([{ path: "reasons", message: "差评原因：只在“不满意”或“非常不满意”时填写" }]);
  }
  return reasons;
}

/**
 * Stores an evaluation and, for a bad review, opens its rectification ticket, tells the
 * responsible clerk and the department's head, all in the caller's transaction.
 * False when the transaction or case was already rated (nothing is written).
 */
export async function recordEvaluation(db: Database, calendars: CalendarService, row: EvaluationTable): Promise<boolean> {
  if (!(await repo.insertEvaluation(db, row))) return false;
  // The follow-up's deadlines on the calendar in force at this commit.
  if (isBadReview(row.level as Rating)) await openTicket(db, await calendars.forWrite(db), row);
  return true;
}

/** A new rectification ticket of a bad review: open, deadlines counted on `calendar` from the review's day. */
export function rectificationTicketRow(calendar: WorkingCalendar, e: Pick<EvaluationTable, "id" | "department_id" | "clerk_id" | "window_id" | "created_date" | "created_at">, o: { id: string; number: string }): RectificationTicketTable {
  const { verifyDue, fixDue, estimated } = rectificationDeadlines(calendar, e.created_date);
  return {
    id: o.id,
    number: o.number,
    evaluation_id: e.id,
    department_id: e.department_id,
    clerk_id: e.clerk_id,
    window_id: e.window_id,
    status: "open",
    opened_date: e.created_date,
    verify_due: verifyDue,
    fix_due: fixDue,
    complex: 0,
    deadlines_estimated: estimated ? 1 : 0,
    calendar_rev: calendar.revision,
    plan: null,
    verified_at: null,
    verified_by: null,
    contact_result: null,
    verify_note: null,
    fixed_at: null,
    fixed_by: null,
    fix_note: null,
    fix_token_hash: null,
    fix_level: null,
    fix_comment: null,
    fix_rated_at: null,
    closed_at: null,
    appeal_reason: null,
    appealed_at: null,
    appealed_by: null,
    appeal_decision: null,
    appeal_decision_reason: null,
    appeal_decided_at: null,
    appeal_decided_by: null,
    clerk_told_at: null,
    overdue_step: null,
    revision: 1,
    created_at: e.created_at,
    updated_at: e.created_at,
  };
}

/**
 * Opens a bad review's rectification ticket with its working-day deadlines; the department's
 * head is told at once unless `quiet` (the demo history writes past tickets). Returns the ticket.
 */
export async function openTicket(db: Database, calendar: WorkingCalendar, e: EvaluationTable, o: { quiet?: boolean } = {}): Promise<{ id: string; number: string; verifyDue: string; fixDue: string }> {
  const n = await nextCounter(db, `rectification-${e.created_date.slice(0, 4)}`);
  const number = `ZG${e.created_date.slice(0, 4)}-${String(n).padStart(5, "0")}`;
  const id = randomUUID();
  const row = rectificationTicketRow(calendar, e, { id, number });
  const { verify_due: verifyDue, fix_due: fixDue } = row;
  await repo.insertTicket(db, row);

  // The department's head is told now; the clerk only later, by the sweep, once the citizen has
  // left the window: a rating must never reach the clerk while the citizen is still there.
  if (!o.quiet) {
    const body = `收到一条差评（${ratingLabel(e.level as Rating)}），整改单 ${number}：请于 ${verifyDue} 前核实并联系办事群众，${fixDue} 前完成整改。`;
    const heads = await departmentLeads(db, e.department_id);
    for (const head of heads) if (head !== e.clerk_id) await notify(db, { userId: head, title: "差评整改", body });
  }
  return { id, number, verifyDue, fixDue };
}

function evaluationRow(t: ServiceTransactionTable, input: RatingInput, reasons: string[], o: { channel: string; now: string; answeredAt?: string; deviceId?: string | null; cardId?: string | null; clientId?: string | null; citizenUserId?: string | null }): EvaluationTable {
  return {
    id: randomUUID(),
    target: "transaction",
    transaction_id: t.id,
    case_id: t.case_id,
    case_key: null,
    channel: o.channel,
    level: input.level,
    reasons: JSON.stringify(reasons),
    comment: input.comment?.trim() || null,
    service_code: t.service_code,
    window_id: t.window_id,
    clerk_id: t.clerk_id,
    department_id: t.department_id,
    citizen_user_id: o.citizenUserId ?? t.citizen_user_id,
    device_id: o.deviceId ?? null,
    card_id: o.cardId ?? null,
    client_id: o.clientId ?? null,
    status: "valid",
    answered_at: o.answeredAt ?? o.now,
    created_at: o.now,
    created_date: shanghaiDate(new Date(o.now)),
  };
}

/** The evaluator's rating of a transaction at its window. */
export interface DeviceRatingInput extends RatingInput {
  transactionId: string;
  /** The evaluator's id for this rating: a retried delivery with the same id is recognised, not refused. */
  clientId: string;
  /** When the citizen tapped (the evaluator's clock): an offline rating arrives later. */
  answeredAt?: string;
}

/**
 * A rating from the window's evaluator. Accepted once, for a completed transaction of
 * this device's window, answered while the evaluator was asking (plus a few seconds'
 * grace) and delivered within a day. A good rating is one INSERT … SELECT; a bad one
 * also opens its rectification ticket in the same transaction.
 */
export async function rateByDevice(deps: EvaluationDeps, device: Device, input: DeviceRatingInput): Promise<{ id: string; replayed: boolean }> {
  const reasons = checkReasons(input);
  const now = nowIso();
  const answeredAt = input.answeredAt && input.answeredAt < now ? input.answeredAt : now;
  if (answeredAt < addSeconds(now, -OFFLINE_DELIVERY_HOURS * 3600)) {
    throw AppError.conflict("评价已超过有效期，该笔业务保持未评价");
  }
  const graceFrom = addSeconds(answeredAt, -PROMPT_GRACE_SECONDS);
  const graceTo = addSeconds(answeredAt, PROMPT_GRACE_SECONDS);
  const id = randomUUID();
  if (!isBadReview(input.level)) {
    const ok = await repo.insertDeviceRating(deps.db, {
      id,
      transactionId: input.transactionId,
      windowId: device.window_id,
      deviceId: device.id,
      level: input.level,
      reasons: "[]",
      comment: input.comment?.trim() || null,
      clientId: input.clientId,
      answeredAt,
      now,
      date: shanghaiDate(new Date(now)),
      graceFrom,
      graceTo,
    });
    if (ok) return { id, replayed: false };
  }
  const t = await findTransaction(deps.db, input.transactionId);
  if (!t) throw AppError.notFound("业务");
  if (t.window_id !== device.window_id) throw AppError.forbidden("该业务不在本评价器所在的窗口办理，不能评价");
  const existing = await repo.evaluationOfTransaction(deps.db, t.id);
  if (existing) {
    if (existing.client_id === input.clientId) return { id: existing.id, replayed: true };
    throw AppError.conflict(DUPLICATE);
  }
  if (t.status !== "completed") throw AppError.conflict("该业务尚未办结，不能评价");
  if (!t.prompt_expires_at || t.prompt_expires_at < graceFrom) throw AppError.conflict("评价已超时，该笔业务保持未评价");
  // A device's clock may drift a little, but nobody answers before the transaction ended.
  if (t.ended_at && t.ended_at > graceTo) throw AppError.validation([{ path: "answeredAt", message: "评价时间：早于业务办结时间" }]);
  const row = evaluationRow(t, input, reasons, { channel: "evaluator", now, answeredAt, deviceId: device.id, clientId: input.clientId });
  row.id = id;
  const ok = await deps.db.transaction().execute((trx) => recordEvaluation(trx, deps.calendar, row));
  if (!ok) {
    const again = await repo.evaluationOfTransaction(deps.db, t.id);
    if (again?.client_id === input.clientId) return { id: again.id, replayed: true };
    throw AppError.conflict(DUPLICATE);
  }
  return { id, replayed: false };
}

// ---- supervision cards ----

async function cardAndTransaction(db: Database, rawCode: string) {
  const code = normaliseCardCode(rawCode);
  if (!isValidCardCode(code)) throw AppError.validation([{ path: "code", message: "监督卡编号：编号有误，请核对卡片上的 12 位编号" }]);
  const card = await repo.cardByCode(db, code);
  if (!card) throw AppError.notFound("监督卡");
  return { card, code };
}

/** What the card's page reads: kept per card until one of these tables changes (platform/read-cache.ts). */
const CARD_TABLES = ["supervision_cards", "service_transactions", "evaluations", "users", "windows", "departments", "window_services", "service_items"] as const;

/** What the card's page shows before the citizen rates: the transaction it was handed out for. */
export async function cardInfo(deps: EvaluationDeps, rawCode: string) {
  const code = normaliseCardCode(rawCode);
  return deps.reads.get(CARD_TABLES, `card:${code}`, () => readCardInfo(deps, code));
}

async function readCardInfo(deps: EvaluationDeps, rawCode: string) {
  const { card, code } = await cardAndTransaction(deps.db, rawCode);
  const t = card.transaction_id ? await findTransaction(deps.db, card.transaction_id) : undefined;
  const clerk = t ? await findUserById(deps.db, t.clerk_id) : undefined;
  const w = t
    ? await deps.db
        .selectFrom("windows as w")
        .innerJoin("departments as d", "d.id", "w.department_id")
        .select(["w.number", "w.name_zh", "w.name_en", "d.name_zh as dept", "d.name_en as dept_en"])
        .where("w.id", "=", t.window_id)
        .executeTakeFirst()
    : undefined;
  const serviceEn = t ? await serviceNameEn(deps.db, t.service_code) : null;
  const rated = t ? (await repo.evaluationOfTransaction(deps.db, t.id)) !== undefined : false;
  return {
    code,
    state: card.used_at ? "used" : !t ? "unbound" : rated ? "rated" : t.status !== "completed" ? "in_progress" : "ready",
    transaction: t
      ? {
          serviceName: t.service_name,
          serviceNameEn: serviceEn ?? t.service_name,
          windowNumber: w?.number ?? "",
          windowName: w?.name_zh ?? "",
          windowNameEn: w?.name_en ?? "",
          department: w?.dept ?? "",
          departmentEn: w?.dept_en ?? "",
          clerkName: clerk?.display_name ?? "", clerkStaffNo: clerk?.staff_no ?? null, endedAt: t.ended_at }
      : null,
  };
}

/** A citizen's rating through a supervision card: the code works once, for the transaction it was handed out with. */
export async function rateByCard(deps: EvaluationDeps, ctx: RequestContext, rawCode: string, input: RatingInput) {
  const reasons = checkReasons(input);
  const { card } = await cardAndTransaction(deps.db, rawCode);
  if (card.used_at) throw AppError.conflict("该监督卡已使用过，一张卡只能评价一次");
  if (!card.transaction_id) throw AppError.conflict("该监督卡尚未由窗口发放，不能评价");
  const t = (await findTransaction(deps.db, card.transaction_id))!;
  if (t.status !== "completed") throw AppError.conflict("该业务尚未办结，不能评价");
  const now = nowIso();
  const row = evaluationRow(t, input, reasons, { channel: "card", now, cardId: card.id, citizenUserId: ctx.actor?.roles.includes("applicant") ? ctx.actor.userId : null });
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.useCard(trx, card.id, now))) throw AppError.conflict("该监督卡已使用过，一张卡只能评价一次");
    if (!(await recordEvaluation(trx, deps.calendar, row))) throw AppError.conflict(DUPLICATE);
  });
  return { id: row.id };
}

/** A clerk hands out a card for one of their transactions (not yet rated). */
export async function bindCard(deps: EvaluationDeps, ctx: RequestContext, input: { code: string; transactionId: string }) {
  const actor = requireActor(ctx);
  authorize(actor, "desk.serve");
  const { card, code } = await cardAndTransaction(deps.db, input.code);
  const t = await findTransaction(deps.db, input.transactionId);
  if (!t || t.clerk_id !== actor.userId) throw AppError.notFound("业务");
  if (t.status === "cancelled") throw AppError.conflict("该业务已取消，不能发放监督卡");
  if (card.used_at || card.transaction_id) throw AppError.conflict("该监督卡已发放或已使用，请换一张");
  // Neutral on purpose: the clerk must not learn from a refusal whether the citizen rated.
  if (await repo.evaluationOfTransaction(deps.db, t.id)) throw AppError.conflict("该业务不能再发放监督卡");
  const at = nowIso();
  await deps.db.transaction().execute(async (trx) => {
    const bound = await trx.selectFrom("supervision_cards").select("id").where("transaction_id", "=", t.id).executeTakeFirst();
    if (bound) throw AppError.conflict("该业务已发放过监督卡");
    if (!(await repo.bindCard(trx, card.id, t.id, actor.userId, at))) throw AppError.conflict("该监督卡已发放或已使用，请换一张");
    await audit(trx, ctx, { action: "card.bind", entity: "supervision_card", entityId: card.id, detail: { code, transaction: t.id } });
  });
  return { code, transactionId: t.id };
}

// ---- the online column (网上评价专栏) ----

/** The founder's completed cases and window transactions, with what they rated and fixes awaiting their rating. */
export async function ownEvaluables(deps: EvaluationDeps, ctx: RequestContext) {
  const actor = requireActor(ctx);
  authorize(actor, "evaluation.own");
  const db = deps.db;
  const cases = await db
    .selectFrom("cases as c")
    .leftJoin("evaluations as e", "e.case_key", "c.id")
    .leftJoin("service_items as si", "si.code", "c.service_item_code")
    .select(["c.id", "c.number", "c.service_item_code", "si.name_zh as service_name", "si.name_en as service_name_en", "c.status", "c.completed_at", "e.level", "e.created_at as rated_at"])
    .where("c.applicant_id", "=", actor.userId)
    .orderBy("c.submitted_at", "desc")
    .execute();
  const transactions = await db
    .selectFrom("service_transactions as t")
    .innerJoin("windows as w", "w.id", "t.window_id")
    .innerJoin("users as u", "u.id", "t.clerk_id")
    .leftJoin("evaluations as e", "e.transaction_id", "t.id")
    .leftJoin("cases as c", "c.id", "t.case_id")
    .leftJoin("window_services as ws", "ws.code", "t.service_code")
    .leftJoin("service_items as si", "si.code", "t.service_code")
    .select(["t.id", "t.service_name", "ws.name_en as ws_en", "si.name_en as si_en", "t.kind", "t.status", "t.ended_at", "t.case_id", "c.number as case_number", "w.number as window_number", "u.display_name as clerk_name", "u.staff_no", "e.level", "e.channel", "e.created_at as rated_at"])
    .where("t.citizen_user_id", "=", actor.userId)
    .where("t.status", "=", "completed")
    .orderBy("t.ended_at", "desc")
    .limit(200)
    .execute();
  const fixes = await db
    .selectFrom("rectification_tickets as k")
    .innerJoin("evaluations as e", "e.id", "k.evaluation_id")
    .select(["k.id", "k.number", "k.status", "k.fix_note", "k.fixed_at", "k.fix_level", "e.level", "e.created_at as reviewed_at"])
    .where("e.citizen_user_id", "=", actor.userId)
    .where("k.status", "in", ["fixed", "closed"])
    .where("k.fixed_at", "is not", null)
    .orderBy("k.fixed_at", "desc")
    .execute();
  return {
    cases: cases.map((c) => ({ id: c.id, number: c.number, serviceItem: c.service_item_code, serviceName: c.service_name ?? c.service_item_code, serviceNameEn: c.service_name_en ?? c.service_item_code, status: c.status, completedAt: c.completed_at, rating: c.level ?? null, ratedAt: c.rated_at ?? null })),
    transactions: transactions.map((t) => ({
      id: t.id,
      serviceName: t.service_name,
      serviceNameEn: t.kind === "acceptance" || t.kind === "supplement_notice" ? `${t.si_en ?? t.ws_en ?? t.service_name} (${t.kind === "acceptance" ? "acceptance" : "supplement notice"})` : (t.ws_en ?? t.si_en ?? t.service_name),
      kind: t.kind,
      endedAt: t.ended_at,
      caseNumber: t.case_number,
      windowNumber: t.window_number,
      clerkName: t.clerk_name,
      clerkStaffNo: t.staff_no,
      rating: t.level ?? null,
      channel: t.channel ?? null,
      ratedAt: t.rated_at ?? null,
    })),
    fixes: fixes.map((f) => ({ ticketId: f.id, number: f.number, fixNote: f.fix_note, fixedAt: f.fixed_at, originalLevel: f.level, fixRating: f.fix_level, awaitingRating: f.status === "fixed" })),
  };
}

/** The founder rates a completed case as a whole (一事一评). */
export async function rateOwnCase(deps: EvaluationDeps, ctx: RequestContext, caseId: string, input: RatingInput) {
  const actor = requireActor(ctx);
  authorize(actor, "evaluation.own");
  const reasons = checkReasons(input);
  const c = await deps.db.selectFrom("cases").selectAll().where("id", "=", caseId).executeTakeFirst();
  if (!c || c.applicant_id !== actor.userId) throw AppError.notFound("办件");
  if (c.status !== "completed") throw AppError.conflict("办件尚未办结，办结后才能评价");
  // The case is tied to where it was accepted: that window, that clerk, that department.
  const accepted = await deps.db
    .selectFrom("service_transactions")
    .select(["window_id", "clerk_id", "department_id"])
    .where("case_id", "=", c.id)
    .where("kind", "=", "acceptance")
    .orderBy("ended_at")
    .executeTakeFirst();
  const acceptor = c.accepted_by ? await findUserById(deps.db, c.accepted_by) : undefined;
  const departmentId = accepted?.department_id ?? acceptor?.department_id;
  if (!departmentId) throw AppError.conflict("找不到受理该办件的部门");
  const now = nowIso();
  const row: EvaluationTable = {
    id: randomUUID(),
    target: "case",
    transaction_id: null,
    case_id: c.id,
    case_key: c.id,
    channel: "online",
    level: input.level,
    reasons: JSON.stringify(reasons),
    comment: input.comment?.trim() || null,
    service_code: c.service_item_code,
    window_id: accepted?.window_id ?? null,
    clerk_id: accepted?.clerk_id ?? c.accepted_by,
    department_id: departmentId,
    citizen_user_id: actor.userId,
    device_id: null,
    card_id: null,
    client_id: null,
    status: "valid",
    answered_at: now,
    created_at: now,
    created_date: shanghaiDate(new Date(now)),
  };
  await deps.db.transaction().execute(async (trx) => {
    if (!(await recordEvaluation(trx, deps.calendar, row))) throw AppError.conflict("该办件已评价，不能重复评价（一事一评）");
  });
  return { id: row.id };
}

/** The founder rates one of their window transactions online. */
export async function rateOwnTransaction(deps: EvaluationDeps, ctx: RequestContext, transactionId: string, input: RatingInput) {
  const actor = requireActor(ctx);
  authorize(actor, "evaluation.own");
  const reasons = checkReasons(input);
  const t = await findTransaction(deps.db, transactionId);
  if (!t || t.citizen_user_id !== actor.userId) throw AppError.notFound("业务");
  if (t.status !== "completed") throw AppError.conflict("该业务尚未办结，不能评价");
  const row = evaluationRow(t, input, reasons, { channel: "online", now: nowIso(), citizenUserId: actor.userId });
  await deps.db.transaction().execute(async (trx) => {
    if (!(await recordEvaluation(trx, deps.calendar, row))) throw AppError.conflict(DUPLICATE);
  });
  return { id: row.id };
}

/** A fresh token for the SMS link that lets an anonymous citizen rate a fix; returns [token, hash]. */
export function fixToken(): [string, string] {
  const token = randomBytes(18).toString("base64url");
  return [token, createHash("sha256").update(token).digest("hex")];
}
