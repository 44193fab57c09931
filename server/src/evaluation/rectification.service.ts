import { createHash } from "node:crypto";
import { ErrorCode, rectificationDeadlines, shanghaiDate, ticketDueDate, ticketLight, type Rating, type TicketStatus } from "@yichuang/core";
import { audit } from "../audit/audit.service.js";
import { notify, sendSms } from "../platform/notify.js";
import { departmentLeads, findUserById, usersWithRole } from "../identity/identity.repository.js";
import { authorize, can } from "../identity/policy.js";
import { AppError } from "../shared/errors.js";
import { requireActor, type RequestContext } from "../shared/request-context.js";
import { nowIso, clock, shanghaiToday } from "../platform/clock.js";
import type { EvaluationDeps } from "./deps.js";
import { deadlineHistory } from "../platform/calendar/calendar.service.js";
import type { DeadlineSource, MovedDeadline } from "../platform/calendar/recount.js";
import * as repo from "./evaluation.repository.js";
import { fixToken } from "./ratings.service.js";

/** A window clerk (not also a reviewer or supervisor): sees only their own tickets, and only after the delay. */
function clerkOnly(actor: { roles: readonly string[] }): boolean {
  return actor.roles.includes("clerk") && !actor.roles.some((r) => r === "reviewer" || r === "supervisor");
}

/** Tickets created before this moment are visible to their clerk. */
function clerkCutoff(deps: EvaluationDeps): string {
  return new Date(clock.nowMs() - deps.config.rectifyClerkDelayMinutes * 60_000).toISOString();
}

/** The comparison of the current step's due date with today that makes each light. */
const LIGHT_OP = { red: "<", yellow: "=", green: ">" } as const;

type TicketRow = NonNullable<Awaited<ReturnType<ReturnType<typeof repo.ticketQuery>["executeTakeFirst"]>>>;

function present(k: TicketRow, today: string, withContact: boolean) {
  const status = k.status as TicketStatus;
  return {
    id: k.id,
    number: k.number,
    status,
    light: ticketLight({ status, verifyDue: k.verify_due, fixDue: k.fix_due }, today),
    dueDate: ticketDueDate({ status, verifyDue: k.verify_due, fixDue: k.fix_due }),
    openedDate: k.opened_date,
    verifyDue: k.verify_due,
    fixDue: k.fix_due,
    complex: k.complex === 1,
    /** Counted over a year whose holidays are not entered yet (预计): recounted when they are. */
    deadlinesEstimated: k.deadlines_estimated === 1,
    plan: k.plan,
    department: { code: k.department_code, name: k.department_name, nameEn: k.department_name_en },
    clerk: k.clerk_id ? { id: k.clerk_id, name: k.clerk_name ?? "", staffNo: k.clerk_staff_no } : null,
    review: {
      level: k.level,
      reasons: JSON.parse(k.reasons) as string[],
      comment: k.comment,
      channel: k.channel,
      target: k.target,
      at: k.reviewed_at,
      serviceName: k.service_name ?? k.item_name ?? k.service_code,
      windowNumber: k.window_number,
      caseNumber: k.case_number,
      transactionEndedAt: k.transaction_ended_at,
      realName: k.citizen_user_id !== null || k.citizen_phone !== null,
    },
    // The window's record of the citizen, else their account (a founder rating online).
    citizen: withContact ? { name: k.citizen_name ?? k.account_name, phone: k.citizen_phone ?? k.account_phone, accountHolder: k.citizen_user_id !== null } : null,
    verifiedAt: k.verified_at,
    contactResult: k.contact_result,
    verifyNote: k.verify_note,
    fixedAt: k.fixed_at,
    fixNote: k.fix_note,
    fixRating: k.fix_level,
    fixComment: k.fix_comment,
    fixRatedAt: k.fix_rated_at,
    closedAt: k.closed_at,
    appeal: k.appealed_at
      ? { reason: k.appeal_reason, at: k.appealed_at, decision: k.appeal_decision, decisionReason: k.appeal_decision_reason, decidedAt: k.appeal_decided_at }
      : null,
    revision: k.revision,
  };
}

/** A ticket as the API shows it. */
export type TicketView = ReturnType<typeof present>;

/** Tickets the caller follows up: their department's (clerks, reviewers) or all (supervisors), filtered. */
export async function listTickets(
  deps: EvaluationDeps,
  ctx: RequestContext,
  q: { status?: "active" | "all" | TicketStatus; light?: "green" | "yellow" | "red"; department?: string; limit: number; offset: number },
) {
  const actor = requireActor(ctx);
  authorize(actor, "evaluation.rectify");
  const today = shanghaiToday();
  let query = repo.ticketQuery(deps.db);
  const global = actor.roles.includes("supervisor");
  if (!global) query = query.where("k.department_id", "=", actor.departmentId ?? "-");
  else if (q.department) query = query.where("d.code", "=", q.department);
  if (!q.status || q.status === "active") query = query.where("k.status", "in", ["open", "verified", "fixed"]);
  else if (q.status !== "all") query = query.where("k.status", "=", q.status);
  if (q.light) query = query.where(repo.currentStepDue(LIGHT_OP[q.light], today));
  // A clerk sees their own tickets once a while has passed since the rating (a time to the ms): read each time.
  const clerk = clerkOnly(actor);
  if (clerk) query = query.where("k.clerk_id", "=", actor.userId).where("k.created_at", "<=", clerkCutoff(deps));
  const page = query.orderBy("k.opened_date", "desc").orderBy("k.number", "desc").limit(q.limit).offset(q.offset);
  const read = async () => (await page.execute()).map((k) => present(k, today, false));
  if (clerk) return read();
  // The lights count from today: kept for the day until a ticket, its rating or a name shown changes.
  return deps.reads.get(RECTIFICATION_LIST_TABLES, `rectifications:${today}:${JSON.stringify([global ? null : (actor.departmentId ?? "-"), q])}`, read);
}

/** What a list of rectification tickets reads. */
const RECTIFICATION_LIST_TABLES = ["rectification_tickets", "evaluations", "departments", "users", "windows", "service_transactions", "cases", "service_items"] as const;

/** Red (overdue) tickets per department: the supervision board's count. */
export async function overdueCounts(deps: EvaluationDeps, ctx: RequestContext) {
  authorize(requireActor(ctx), "supervision.read");
  const today = shanghaiToday();
  const rows = await deps.db
    .selectFrom("rectification_tickets as k")
    .innerJoin("departments as d", "d.id", "k.department_id")
    .select(["d.code", "d.name_zh", "d.name_en", (eb) => eb.fn.countAll<number>().as("n")])
    .where(repo.currentStepDue("<", today))
    .groupBy(["d.code", "d.name_zh", "d.name_en"])
    .execute();
  return rows.map((r) => ({ department: r.code, name: r.name_zh, nameEn: r.name_en, overdue: Number(r.n) }));
}

async function load(deps: EvaluationDeps, ctx: RequestContext, id: string, action: "evaluation.rectify" | "evaluation.appeals.decide" = "evaluation.rectify") {
  const actor = requireActor(ctx);
  const k = await repo.ticketQuery(deps.db).where("k.id", "=", id).executeTakeFirst();
  if (!k) throw AppError.notFound("整改单");
  if (action === "evaluation.rectify" && !can(actor, "evaluation.rectify", { departmentId: k.department_id })) throw AppError.notFound("整改单");
  if (action === "evaluation.rectify" && clerkOnly(actor) && (k.clerk_id !== actor.userId || k.created_at > clerkCutoff(deps))) throw AppError.notFound("整改单");
  authorize(actor, action);
  return { actor, k };
}

/**
 * Loads a ticket for a follow-up step: only the department's own staff (its clerks and
 * reviewers) verify, plan, fix and appeal; supervisors oversee and decide appeals.
 */
async function loadToAct(deps: EvaluationDeps, ctx: RequestContext, id: string) {
  const { actor, k } = await load(deps, ctx, id);
  const ownStaff = actor.departmentId === k.department_id && actor.roles.some((r) => r === "clerk" || r === "reviewer");
  if (!ownStaff) throw AppError.forbidden("整改由被评价的窗口人员和所在部门办理；督查人员负责监督和审核申诉");
  return { actor, k };
}

/** One ticket with the citizen's contact (a personal-data read: audited). */
export async function getTicket(deps: EvaluationDeps, ctx: RequestContext, id: string) {
  const { k } = await load(deps, ctx, id);
  await audit(deps.db, ctx, { action: "read", entity: "rectification_ticket", entityId: id });
  return { ...present(k, shanghaiToday(), true), deadlineChanges: await deadlineHistory(deps.db, id) };
}

type TicketPatch = Parameters<typeof repo.updateTicket>[3];

async function save(deps: EvaluationDeps, ctx: RequestContext, k: TicketRow, patch: TicketPatch | ((trx: EvaluationDeps["db"]) => Promise<TicketPatch>), action: string, after?: (trx: EvaluationDeps["db"]) => Promise<void>) {
  await deps.db.transaction().execute(async (trx) => {
    const fields = typeof patch === "function" ? await patch(trx) : patch;
    if (!(await repo.updateTicket(trx, k.id, k.revision, { ...fields, updated_at: nowIso() }))) throw AppError.conflict("整改单已被他人更新，请刷新后重试");
    await audit(trx, ctx, { action, entity: "rectification_ticket", entityId: k.id });
    if (after) await after(trx);
  });
  return getTicket(deps, ctx, k.id);
}

/**
 * Step 1, within 1 working day: the review is verified and the citizen contacted.
 * A real-name review (an account or a phone number) must be contacted or recorded as
 * unreachable; only an anonymous one may be verified without contact.
 */
export async function verifyTicket(deps: EvaluationDeps, ctx: RequestContext, id: string, input: { contactResult: "contacted" | "unreachable" | "anonymous"; note: string }) {
  const { actor, k } = await loadToAct(deps, ctx, id);
  if (k.status !== "open") throw AppError.conflict(k.status === "set_aside" ? "该差评已申诉撤销，整改单已结束" : k.status === "closed" ? "该整改单已结束" : "该整改单已核实");
  const reachable = k.citizen_user_id !== null || k.citizen_phone !== null;
  if (reachable && input.contactResult === "anonymous") throw AppError.validation([{ path: "contactResult", message: "联系情况：实名评价必须回访（已联系或联系不上）" }]);
  if (!reachable && input.contactResult !== "anonymous") throw AppError.validation([{ path: "contactResult", message: "联系情况：匿名评价没有联系方式，请选择“匿名评价，无法联系”" }]);
  return save(deps, ctx, k, { status: "verified", verified_at: nowIso(), verified_by: actor.userId, contact_result: input.contactResult, verify_note: input.note.trim() }, "rectify.verify");
}

/** A complex matter: up to 15 working days, with a written plan (before the 5 days run out). */
export async function planTicket(deps: EvaluationDeps, ctx: RequestContext, id: string, input: { plan: string }) {
  const { k } = await loadToAct(deps, ctx, id);
  if (k.status !== "open" && k.status !== "verified") throw AppError.conflict(k.status === "set_aside" ? "该差评已申诉撤销，整改单已结束" : "该整改单已整改完毕，不能再延期");
  if (k.complex === 1) throw AppError.conflict("该整改单已按复杂事项办理");
  if (shanghaiToday() > k.fix_due) throw AppError.conflict("整改已逾期，不能再申请按复杂事项办理");
  // The 15 days on the calendar in force at this commit.
  return save(deps, ctx, k, async (trx) => {
    const calendar = await deps.calendar.forWrite(trx);
    const d = rectificationDeadlines(calendar, k.opened_date, true);
    return { complex: 1, plan: input.plan.trim(), verify_due: d.verifyDue, fix_due: d.fixDue, deadlines_estimated: d.estimated ? 1 : 0, calendar_rev: calendar.revision };
  }, "rectify.plan");
}

/**
 * Step 2, within 5 (or 15) working days: the fix. The citizen then rates it: an account
 * holder in their online column, a citizen known by phone through an SMS link; when
 * nobody can be asked the ticket closes here.
 */
export async function fixTicket(deps: EvaluationDeps, ctx: RequestContext, id: string, input: { note: string }) {
  const { actor, k } = await loadToAct(deps, ctx, id);
  if (k.status !== "verified") {
    throw AppError.conflict(k.status === "open" ? "请先核实并联系办事群众" : k.status === "set_aside" ? "该差评已申诉撤销，整改单已结束" : "该整改单已整改");
  }
  const now = nowIso();
  const askable = k.contact_result === "contacted" && (k.citizen_user_id !== null || k.citizen_phone !== null);
  const [token, hash] = fixToken();
  const patch = {
    status: askable ? "fixed" : "closed",
    fixed_at: now,
    fixed_by: actor.userId,
    fix_note: input.note.trim(),
    closed_at: askable ? null : now,
    fix_token_hash: askable && !k.citizen_user_id ? hash : null,
  };
  return save(deps, ctx, k, patch, "rectify.fix", async (trx) => {
    if (!askable) return;
    if (k.citizen_user_id) {
      const citizen = await findUserById(trx, k.citizen_user_id);
      await notify(trx, {
        userId: k.citizen_user_id,
        title: "请评价整改结果",
        body: `您对“${k.service_name ?? k.item_name ?? k.service_code}”的评价已整改：${input.note.trim()}。请在“我的评价”中评价整改结果。`,
        sms: { phone: citizen?.phone ?? null, purpose: "rectify.fix" },
      });
    } else if (k.citizen_phone) {
      await sendSms(trx, { phone: k.citizen_phone, body: `您反映的问题已整改，请评价整改结果：${deps.config.publicUrl}/rate/fix/${token}`, purpose: "rectify.fix", relatedId: k.id });
    }
  });
}

async function recordFixRating(deps: EvaluationDeps, ctx: RequestContext, k: TicketRow, input: { level: Rating; comment?: string | null }) {
  if (k.status !== "fixed") {
    throw AppError.conflict(
      k.fix_level !== null ? "整改结果已评价，不能重复评价" : k.status === "closed" || k.status === "set_aside" ? "该整改单已办结，无需评价" : "该整改单尚未整改完毕",
    );
  }
  const now = nowIso();
  await deps.db.transaction().execute(async (trx) => {
    const ok = await repo.updateTicket(trx, k.id, k.revision, { status: "closed", fix_level: input.level, fix_comment: input.comment?.trim() || null, fix_rated_at: now, closed_at: now, fix_token_hash: null, updated_at: now });
    if (!ok) throw AppError.conflict("整改结果已评价，不能重复评价");
    await audit(trx, ctx, { action: "rectify.rate_fix", entity: "rectification_ticket", entityId: k.id, detail: { level: input.level } });
  });
  return { id: k.id, fixRating: input.level };
}

/** Step 3: the founder rates the fix in their online column. */
export async function rateFixAsOwner(deps: EvaluationDeps, ctx: RequestContext, id: string, input: { level: Rating; comment?: string | null }) {
  const actor = requireActor(ctx);
  authorize(actor, "evaluation.own");
  const k = await repo.ticketQuery(deps.db).where("k.id", "=", id).executeTakeFirst();
  if (!k || k.citizen_user_id !== actor.userId) throw AppError.notFound("整改单");
  return recordFixRating(deps, ctx, k, input);
}

const tokenHash = (t: string) => createHash("sha256").update(t).digest("hex");

/** What the fix link's page reads: kept per link until one of these tables changes (platform/read-cache.ts). */
const FIX_TABLES = ["rectification_tickets", "service_transactions", "service_items", "departments"] as const;

/** The fix as the SMS link shows it (no personal data). */
export async function fixByToken(deps: EvaluationDeps, token: string) {
  const hash = tokenHash(token);
  return deps.reads.get(FIX_TABLES, `fix:${hash}`, () => readFix(deps, hash));
}

async function readFix(deps: EvaluationDeps, hash: string) {
  const t = await repo.ticketByFixToken(deps.db, hash);
  if (!t) throw new AppError(ErrorCode.NOT_FOUND, "该整改评价链接已使用或已失效：每条链接只能评价一次");
  const k = (await repo.ticketQuery(deps.db).where("k.id", "=", t.id).executeTakeFirst())!;
  return { number: k.number, serviceName: k.service_name ?? k.item_name ?? k.service_code, department: k.department_name, fixNote: k.fix_note, fixedAt: k.fixed_at };
}

/** Step 3 for a citizen known only by phone: the SMS link, once. */
export async function rateFixByToken(deps: EvaluationDeps, ctx: RequestContext, token: string, input: { level: Rating; comment?: string | null }) {
  const t = await repo.ticketByFixToken(deps.db, tokenHash(token));
  if (!t) throw new AppError(ErrorCode.NOT_FOUND, "该整改评价链接已使用或已失效：每条链接只能评价一次");
  const k = (await repo.ticketQuery(deps.db).where("k.id", "=", t.id).executeTakeFirst())!;
  return recordFixRating(deps, ctx, k, input);
}

/** The clerk or the department appeals a review they hold mistaken or malicious (once per ticket). */
export async function appealTicket(deps: EvaluationDeps, ctx: RequestContext, id: string, input: { reason: string }) {
  const { actor, k } = await loadToAct(deps, ctx, id);
  if (k.status === "closed" || k.status === "set_aside") throw AppError.conflict("该整改单已结束，不能申诉");
  if (k.appealed_at) throw AppError.conflict(k.appeal_decision === "pending" ? "申诉正在审核中" : "该差评已申诉过，不能重复申诉");
  return save(deps, ctx, k, { appeal_reason: input.reason.trim(), appealed_at: nowIso(), appealed_by: actor.userId, appeal_decision: "pending" }, "rectify.appeal", async (trx) => {
    for (const userId of await usersWithRole(trx, "supervisor")) await notify(trx, { userId, title: "差评申诉待审核", body: `整改单 ${k.number}（${k.department_name}）提出申诉：${input.reason.trim()}` });
  });
}

/**
 * A supervisor decides an appeal: upheld sets the review aside (it no longer counts in
 * any figure; the review, the appeal and the reason are kept), rejected lets the
 * follow-up go on.
 */
export async function decideAppeal(deps: EvaluationDeps, ctx: RequestContext, id: string, input: { uphold: boolean; reason: string }) {
  const { actor, k } = await load(deps, ctx, id, "evaluation.appeals.decide");
  if (k.appeal_decision !== "pending") throw AppError.conflict("该整改单没有待审核的申诉");
  if (k.appealed_by === actor.userId) throw AppError.forbidden("不能审核自己提出的申诉");
  const now = nowIso();
  const patch = input.uphold
    ? { status: "set_aside", closed_at: now, fix_token_hash: null, appeal_decision: "upheld", appeal_decision_reason: input.reason.trim(), appeal_decided_at: now, appeal_decided_by: actor.userId }
    : { appeal_decision: "rejected", appeal_decision_reason: input.reason.trim(), appeal_decided_at: now, appeal_decided_by: actor.userId };
  return save(deps, ctx, k, patch, input.uphold ? "rectify.appeal_upheld" : "rectify.appeal_rejected", async (trx) => {
    if (input.uphold) await trx.updateTable("evaluations").set({ status: "set_aside" }).where("id", "=", k.evaluation_id).execute();
    if (k.appealed_by) {
      await notify(trx, { userId: k.appealed_by, title: input.uphold ? "申诉已采纳" : "申诉未采纳", body: `整改单 ${k.number}：${input.reason.trim()}` });
    }
  });
}

/**
 * Reports each overdue step of a ticket once (the clerk, the department's head — else its
 * reviewers, as for overdue review tasks — and the supervisors): claimed with a conditional update, so instances sweeping at the same time
 * never repeat each other. Returns how many were reported.
 */
export async function notifyOverdueTickets(db: EvaluationDeps["db"], today = shanghaiToday()): Promise<number> {
  const due = await repo
    .ticketQuery(db)
    .where(repo.currentStepDue("<", today))
    .where((eb) => eb.or([eb("k.overdue_step", "is", null), eb("k.overdue_step", "!=", eb.ref("k.status"))]))
    .limit(500)
    .execute();
  let reported = 0;
  for (const k of due) {
    await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable("rectification_tickets")
        .set({ overdue_step: k.status })
        .where("id", "=", k.id)
        .where("status", "=", k.status)
        .where((eb) => eb.or([eb("overdue_step", "is", null), eb("overdue_step", "!=", k.status)]))
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return;
      const recipients = [k.clerk_id, ...(await departmentLeads(trx, k.department_id)), ...(await usersWithRole(trx, "supervisor"))];
      const step = k.status === "open" ? `核实联系（${k.verify_due}）` : `整改（${k.fix_due}）`;
      for (const userId of new Set(recipients.filter((x): x is string => !!x))) {
        await notify(trx, { userId, title: "红牌：差评整改已超期", body: `整改单 ${k.number}（${k.department_name}）的${step}已超过期限，请立即处理。` });
      }
      reported++;
    });
  }
  return reported;
}

/**
 * Tells each ticket's clerk once the delay has passed (the citizen has left the window):
 * claimed with a conditional update, so instances never repeat it. Returns how many.
 */
export async function notifyClerksOfTickets(deps: Pick<EvaluationDeps, "db" | "config">): Promise<number> {
  const cutoff = clerkCutoff(deps as EvaluationDeps);
  const due = await repo.ticketQuery(deps.db).where("k.clerk_told_at", "is", null).where("k.clerk_id", "is not", null).where("k.created_at", "<=", cutoff).limit(500).execute();
  let told = 0;
  for (const k of due) {
    await deps.db.transaction().execute(async (trx) => {
      const claimed = await trx.updateTable("rectification_tickets").set({ clerk_told_at: nowIso() }).where("id", "=", k.id).where("clerk_told_at", "is", null).executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return;
      if (k.status === "set_aside") return;
      await notify(trx, {
        userId: k.clerk_id!,
        title: "差评整改",
        body: `您经办的“${k.service_name ?? k.item_name ?? k.service_code}”收到一条差评，整改单 ${k.number}：请于 ${k.verify_due} 前核实并联系办事群众，${k.fix_due} 前完成整改。`,
      });
      told++;
    });
  }
  return told;
}

/**
 * Open follow-up deadlines counted again after a calendar change: a moved due date is recorded in
 * the ticket's history and told to its clerk (once told of the ticket) and the department's head.
 */
export function rectificationDeadlineSource(deps: Pick<EvaluationDeps, "db" | "config">): DeadlineSource {
  return {
    name: "rectification_tickets",
    async recount(db, calendar, cursor, limit) {
      const { rows, cursor: next } = await repo.openTicketsAfter(db, deps.config.database.kind, calendar.revision, cursor, limit);
      const leads = new Map<string, string[]>();
      const moved: MovedDeadline[] = [];
      const updates = [];
      for (const k of rows) {
        const d = rectificationDeadlines(calendar, k.opened_date, k.complex === 1);
        if (d.verifyDue === k.verify_due && d.fixDue === k.fix_due && (d.estimated ? 1 : 0) === k.deadlines_estimated) continue;
        updates.push({ id: k.id, values: [d.verifyDue, d.fixDue, d.estimated ? 1 : 0, calendar.revision], guard: k.updated_at });
        // The steps still due: verification while open, and the fix.
        const steps = [
          ...(k.status === "open" && d.verifyDue !== k.verify_due ? [{ field: "verify_due", what: "核实联系期限", before: k.verify_due, after: d.verifyDue }] : []),
          ...(d.fixDue !== k.fix_due ? [{ field: "fix_due", what: "整改期限", before: k.fix_due, after: d.fixDue }] : []),
        ];
        if (!steps.length) continue;
        if (!leads.has(k.department_id)) leads.set(k.department_id, await departmentLeads(db, k.department_id));
        const holders = [...(k.clerk_id && k.clerk_told_at ? [k.clerk_id] : []), ...leads.get(k.department_id)!];
        for (const step of steps) {
          moved.push({ kind: "rectification", itemId: k.id, parentId: k.id, label: `整改单 ${k.number}${step.what}`, field: step.field, before: step.before, after: step.after, provisional: d.estimated, holders });
        }
      }
      await repo.writeTicketDeadlines(db, updates);
      return { read: rows.length, moved, cursor: next };
    },
  };
}
