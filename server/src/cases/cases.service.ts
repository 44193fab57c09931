import type { ReadCache } from "../platform/read-cache.js";
import { randomUUID } from "node:crypto";
import {
  AUTO_RULES,
  GUIDES,
  JIAXING_DICTIONARY,
  formatValue,
  autoApproves,
  makeEnterpriseUscc,
  shanghaiDate,
  lightOn,
  yellowDate,
  yellowOffset,
  type ApplicationData,
  type Guide,
  type WorkingCalendar,
} from "@yichuang/core";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import type { ApplicationTable, CaseTable, ReviewTaskTable } from "../db/schema.js";
import { audit } from "../audit/audit.service.js";
import { departmentLeads, findUserById, usersWithRole } from "../identity/identity.repository.js";
import { authorize, can, type Actor } from "../identity/policy.js";
import { departmentIdByCode } from "../org/centre-scope.js";
import { findServiceItem, nextCounter } from "../registration/registration.repository.js";
import { AppError } from "../shared/errors.js";
import { requireActor, type RequestContext } from "../shared/request-context.js";
import { nowIso, shanghaiToday } from "../platform/clock.js";
import { MATERIAL_TYPES, sniffType, type FileStore } from "../platform/files.js";
import { notify } from "../platform/notify.js";
import type { PushHub } from "../platform/push.js";
import { deadlineHistory, type CalendarService } from "../platform/calendar/calendar.service.js";
import type { DeadlineSource, MovedDeadline } from "../platform/calendar/recount.js";
import { announce, recordCaseTransaction } from "../window/window.service.js";
import type { ServiceTransactionTable } from "../db/schema.js";
import * as repo from "./cases.repository.js";
import { cappedTotal, decodeCursor, pageInfo, pageOf } from "../shared/paging.js";

/** What the case services need. */
export interface CaseDeps {
  db: Database;
  config: Config;
  files: FileStore;
  /** Tells the window's evaluator when a case event completes a transaction there. */
  push?: PushHub;
  /** The centre's working calendar: every deadline is counted on it. */
  calendar: CalendarService;
}

/** The department whose single window accepts cases. */
const SINGLE_WINDOW = "AMR";

function guideOf(serviceItem: string): Guide {
  const g = GUIDES.find((x) => x.serviceItem === serviceItem);
  if (!g) throw AppError.notFound("办事指南");
  return g;
}


/** One supplement item: a material to bring again, or a text. */
export interface SupplementItem {
  materialCode?: string;
  text: string;
}

/** Stores an uploaded material for the caller's application (draft, or a case waiting for a supplement). */
export async function uploadMaterial(
  deps: CaseDeps,
  ctx: RequestContext,
  applicationId: string,
  input: { materialCode: string; fileName: string; bytes: Buffer; truncated: boolean },
) {
  const actor = requireActor(ctx);
  authorize(actor, "applications.own");
  const app = await deps.db.selectFrom("applications").selectAll().where("id", "=", applicationId).executeTakeFirst();
  if (!app || app.applicant_id !== actor.userId) throw AppError.notFound("申请");
  const guide = guideOf(app.service_item_code);
  const material = guide.materials.find((m) => m.code === input.materialCode);
  if (!material || material.generated) {
    throw AppError.validation([{ path: "materialCode", message: `材料：${input.materialCode} 不是本事项需要上传的材料` }]);
  }
  if (input.truncated || input.bytes.length > deps.config.uploadMaxBytes) {
    throw AppError.validation([{ path: "file", message: `文件：超过大小限制（最大 ${Math.round(deps.config.uploadMaxBytes / 1024 / 1024)} MB）` }]);
  }
  if (input.bytes.length === 0) throw AppError.validation([{ path: "file", message: "文件：不能为空" }]);
  const type = sniffType(input.bytes);
  if (!type) throw AppError.validation([{ path: "file", message: "文件：只接受 PDF、JPG、PNG 格式（按文件内容识别）" }]);
  const kase = await repo.findCaseOfApplication(deps.db, applicationId);
  if (app.status !== "draft" && kase?.status !== "awaiting_supplement") {
    throw AppError.conflict("申请已提交，只有在补正时才能补充材料");
  }
  const sha = deps.files.save(input.bytes);
  const row = {
    id: randomUUID(),
    application_id: applicationId,
    material_code: material.code,
    file_name: input.fileName.slice(0, 200) || `${material.code}.${MATERIAL_TYPES[type].ext}`,
    content_type: type,
    size: input.bytes.length,
    sha256: sha,
    round: kase?.supplement_round ?? 0,
    uploaded_at: nowIso(),
    uploaded_by: actor.userId,
  };
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertMaterial(trx, row);
    await audit(trx, ctx, { action: "upload", entity: "material", entityId: row.id, detail: { application: applicationId, material: row.material_code, size: row.size } });
  });
  return presentMaterial(row);
}

const presentMaterial = (m: { id: string; material_code: string; file_name: string; content_type: string; size: number; round: number; uploaded_at: string }) => ({
  id: m.id,
  materialCode: m.material_code,
  fileName: m.file_name,
  contentType: m.content_type,
  size: m.size,
  round: m.round,
  uploadedAt: m.uploaded_at,
});

/** The caller's materials of an application. */
export async function listOwnMaterials(deps: CaseDeps, ctx: RequestContext, applicationId: string) {
  const actor = requireActor(ctx);
  const app = await deps.db.selectFrom("applications").select(["applicant_id"]).where("id", "=", applicationId).executeTakeFirst();
  if (!app || app.applicant_id !== actor.userId) throw AppError.notFound("申请");
  return (await repo.listMaterials(deps.db, applicationId)).map(presentMaterial);
}

/** A material's file for its owner or for staff who may read the case (audited). */
export async function readMaterial(deps: CaseDeps, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  const m = await repo.findMaterial(deps.db, id);
  if (!m) throw AppError.notFound("材料");
  const app = await deps.db.selectFrom("applications").select(["applicant_id"]).where("id", "=", m.application_id).executeTakeFirstOrThrow();
  if (app.applicant_id !== actor.userId && !can(actor, "cases.read")) throw AppError.notFound("材料");
  await audit(deps.db, ctx, { action: "read", entity: "material", entityId: id });
  return { material: presentMaterial(m), bytes: deps.files.read(m.sha256) };
}

/**
 * Opens the case of a submitted application, inside the submission's transaction:
 * a case number, status submitted, waiting for the single window.
 */
export async function openCase(db: Database, app: ApplicationTable, at: string): Promise<CaseTable> {
  const year = Number(shanghaiDate(new Date(at)).slice(0, 4));
  const n = await nextCounter(db, `case-number-${year}`);
  const row: CaseTable = {
    id: randomUUID(),
    number: `JX${year}-${String(n).padStart(6, "0")}`,
    application_id: app.id,
    service_item_code: app.service_item_code,
    applicant_id: app.applicant_id,
    status: "submitted",
    submitted_at: at,
    accepted_at: null,
    accepted_by: null,
    accepted_date: null,
    completed_at: null,
    completed_date: null,
    uscc: null,
    paused_since: null,
    paused_working_days: 0,
    supplement_round: 0,
    revision: 1,
    created_at: at,
    updated_at: at,
  };
  await repo.insertCase(db, row);
  return row;
}

async function loadCase(db: Database, id: string) {
  const c = await repo.findCase(db, id);
  if (!c) throw AppError.notFound("办件");
  return c;
}

/** The materials checklist of a case against its guide: what is there, what is missing. */
async function checklist(db: Database, c: CaseTable) {
  const guide = guideOf(c.service_item_code);
  const uploaded = await repo.listMaterials(db, c.application_id);
  return guide.materials.map((m) => {
    const files = uploaded.filter((u) => u.material_code === m.code).map(presentMaterial);
    return {
      code: m.code,
      name: m.name,
      form: m.form,
      mandatory: m.mandatory,
      generated: m.generated === true,
      files,
      present: m.generated === true || files.length > 0,
    };
  });
}

/** The case as staff and the founder see it: timeline, tasks with lights and metrics, materials, notices. */
export async function presentCase(deps: CaseDeps, c: CaseTable) {
  const today = shanghaiToday();
  const [tasks, notices, materials, app, calendar, deadlineChanges] = await Promise.all([
    repo.listTasks(deps.db, c.id),
    repo.listNotices(deps.db, c.id),
    checklist(deps.db, c),
    deps.db.selectFrom("applications").select(["data", "number"]).where("id", "=", c.application_id).executeTakeFirstOrThrow(),
    deps.calendar.get(),
    deadlineHistory(deps.db, c.id),
  ]);
  const data = JSON.parse(app.data) as ApplicationData;
  return {
    id: c.id,
    number: c.number,
    applicationId: c.application_id,
    applicationNumber: app.number,
    serviceItem: c.service_item_code,
    companyName: typeof data.values.name === "string" ? data.values.name : null,
    status: c.status,
    submittedAt: c.submitted_at,
    acceptedAt: c.accepted_at,
    acceptedDate: c.accepted_date,
    completedAt: c.completed_at,
    completedDate: c.completed_date,
    uscc: c.uscc,
    pausedSince: c.paused_since,
    pausedWorkingDays: c.paused_working_days,
    supplementRound: c.supplement_round,
    revision: c.revision,
    workingDaysElapsed: c.accepted_date ? Math.max(0, calendar.workingDaysBetween(c.accepted_date, c.completed_date ?? today) - c.paused_working_days) : null,
    tasks: tasks.map((t) => presentTask(calendar, t, today)),
    /** Due dates moved by calendar changes (a year entered, a closure). */
    deadlineChanges,
    materials,
    notices: notices.map((n) => ({ round: n.round, items: JSON.parse(n.items) as (SupplementItem & { department: string })[], sentAt: n.sent_at, answeredAt: n.answered_at })),
  };
}

/** What presenting a task reads of it. */
type PresentedTask = Pick<
  ReviewTaskTable,
  "id" | "department_code" | "status" | "promised_days" | "legal_days" | "started_date" | "deadline_date" | "yellow_date" | "deadline_provisional" | "paused_working_days" | "decided_at" | "decided_date" | "reason" | "auto"
>;

function presentTask(calendar: Pick<WorkingCalendar, "workingDaysBetween">, t: PresentedTask, today: string) {
  const open = t.status === "open" || t.status === "awaiting_supplement";
  return {
    id: t.id,
    department: t.department_code,
    status: t.status,
    promisedDays: t.promised_days,
    legalDays: t.legal_days,
    startedDate: t.started_date,
    deadlineDate: t.deadline_date,
    /** Counted over a year whose holidays are not entered yet (预计): recounted when they are. */
    deadlineProvisional: t.deadline_provisional === 1,
    pausedWorkingDays: t.paused_working_days,
    decidedAt: t.decided_at,
    reason: t.reason,
    auto: t.auto === 1,
    /** Working days used so far (or to the decision), the founder's waiting excluded. */
    workingDaysUsed: Math.max(0, calendar.workingDaysBetween(t.started_date, t.decided_date ?? today) - t.paused_working_days),
    yellowDate: t.yellow_date,
    light: open ? lightOn(today, t.yellow_date, t.deadline_date) : null,
  };
}

/** A case for the founder who owns it, or staff who may read cases. */
export async function getCase(deps: CaseDeps, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  const c = await loadCase(deps.db, id);
  if (c.applicant_id !== actor.userId && !can(actor, "cases.read")) throw AppError.notFound("办件");
  if (c.applicant_id !== actor.userId) await audit(deps.db, ctx, { action: "read", entity: "case", entityId: id });
  return presentCase(deps, c);
}

/** The founder's cases. */
export async function listOwnCases(deps: CaseDeps, ctx: RequestContext) {
  const actor = requireActor(ctx);
  const rows = await repo.listCasesOf(deps.db, actor.userId);
  return Promise.all(rows.map((c) => presentCase(deps, c)));
}

async function requireSingleWindow(db: Database, actor: Actor) {
  authorize(actor, "cases.accept", { departmentId: await departmentIdByCode(db, SINGLE_WINDOW) });
}

/** A page's cursor keys: a date or time and an id. */
function keysAfter(after: string | undefined): [string, string] | undefined {
  return after === undefined ? undefined : (decodeCursor(after, ["s", "s"]) as [string, string]);
}

/**
 * The single window's inbox: cases waiting for acceptance, for the founder or in review, oldest first,
 * a page after a cursor; each with what the list shows (company, status, how many mandatory materials are missing).
 */
export async function listInbox(deps: CaseDeps & { reads: ReadCache }, ctx: RequestContext, q: { limit: number; after?: string }) {
  await requireSingleWindow(deps.db, requireActor(ctx));
  const after = keysAfter(q.after);
  // Kept until a case, its application or a material changes.
  return deps.reads.get(INBOX_TABLES, `inbox:${JSON.stringify([q.limit, after])}`, () => readInbox(deps, q.limit, after));
}

/** What the inbox reads. */
const INBOX_TABLES = ["cases", "applications", "case_materials"] as const;

async function readInbox(deps: CaseDeps, limit: number, after: [string, string] | undefined) {
  const [rows, count] = await Promise.all([
    repo.inboxPageQuery(deps.db, deps.config.database.kind, { limit, after }).execute(),
    after ? null : cappedTotal(deps.db, repo.inboxCounted(deps.db)),
  ]);
  const page = pageOf(rows, limit, (r) => [r.submitted_at, r.id]);
  const items = page.rows.map((r) => {
    const codes = new Set(r.material_codes?.split(",") ?? []);
    const guide = GUIDES.find((g) => g.serviceItem === r.service_item_code);
    return {
      id: r.id,
      number: r.number,
      applicationId: r.application_id,
      applicationNumber: r.application_number,
      serviceItem: r.service_item_code,
      companyName: typeof r.company_name === "string" ? r.company_name : null,
      status: r.status,
      submittedAt: r.submitted_at,
      acceptedAt: r.accepted_at,
      pausedSince: r.paused_since,
      supplementRound: r.supplement_round,
      /** Mandatory materials the founder has not uploaded yet. */
      missingMaterials: guide ? guide.materials.filter((m) => m.mandatory && m.generated !== true && !codes.has(m.code)).length : 0,
    };
  });
  return { items, ...pageInfo(count, page.nextCursor) };
}


/**
 * Accepts a case at the single window (一窗受理): every mandatory material must be
 * there; one review task per department opens at once with its promised deadline
 * in working days; departments' auto rules approve standard cases at once.
 */
export async function acceptCase(deps: CaseDeps, ctx: RequestContext, id: string, opts: { startedAt?: string | null } = {}) {
  const actor = requireActor(ctx);
  await requireSingleWindow(deps.db, actor);
  const c = await loadCase(deps.db, id);
  if (c.status !== "submitted") throw AppError.conflict(c.accepted_at ? "该办件已受理，不能重复受理" : "该办件正在等待申请人补正，不能受理");
  const missing = (await checklist(deps.db, c)).filter((m) => m.mandatory && !m.present);
  if (missing.length) {
    throw AppError.validation(missing.map((m) => ({ path: `materials.${m.code}`, message: `材料缺少：${m.name.zh}（请一次性告知补正）` })));
  }
  const guide = guideOf(c.service_item_code);
  const app = await deps.db.selectFrom("applications").select("data").where("id", "=", c.application_id).executeTakeFirstOrThrow();
  const data = JSON.parse(app.data) as ApplicationData;
  const at = nowIso();
  const today = shanghaiDate(new Date(at));
  const autos = new Map<string, boolean>();
  for (const d of guide.departments) autos.set(d.department, autoApproves(await repo.enabledRules(deps.db, d.department), data));
  /** The tasks, their deadlines on the calendar in force at the acceptance's commit. */
  const tasksOn = (calendar: WorkingCalendar): ReviewTaskTable[] =>
    guide.departments.map((d) => {
      const auto = autos.get(d.department)!;
      const deadline = calendar.deadline(today, d.promisedDays);
      return {
        id: randomUUID(),
        case_id: c.id,
        department_code: d.department,
        status: auto ? "approved" : "open",
        promised_days: d.promisedDays,
        legal_days: d.legalDays,
        started_date: today,
        deadline_date: deadline.date,
        yellow_date: yellowDate(calendar, today, d.promisedDays, deps.config.yellowRatio),
        deadline_provisional: deadline.provisional ? 1 : 0,
        calendar_rev: calendar.revision,
        paused_working_days: 0,
        decided_at: auto ? at : null,
        decided_date: auto ? today : null,
        decided_by: null,
        reason: auto ? "符合自动办理规则" : null,
        auto: auto ? 1 : 0,
        overdue_notified: 0,
        created_at: at,
        updated_at: at,
      };
    });
  let served: ServiceTransactionTable | null = null;
  await deps.db.transaction().execute(async (trx) => {
    const ok = await repo.updateCase(trx, c.id, c.revision, { status: "in_review", accepted_at: at, accepted_by: actor.userId, accepted_date: today, updated_at: at });
    if (!ok) throw AppError.conflict("该办件已被其他窗口处理，请刷新");
    const tasks = tasksOn(await deps.calendar.forWrite(trx));
    await repo.insertTasks(trx, tasks);
    await audit(trx, ctx, { action: "accept", entity: "case", entityId: c.id, detail: { auto: tasks.filter((t) => t.auto).map((t) => t.department_code) } });
    const founder = await findUserById(trx, c.applicant_id);
    await notify(trx, {
      userId: c.applicant_id,
      caseId: c.id,
      title: "办件已受理",
      body: `您的办件 ${c.number} 已受理，五个部门同时办理，承诺 ${Math.max(...guide.departments.map((d) => d.promisedDays))} 个工作日内办结。`,
      sms: { phone: founder?.phone ?? null, purpose: "case.accepted" },
    });
    await completeIfDone(deps, trx, c.id, at);
    served = await recordCaseTransaction(trx, ctx, deps.config, {
      kind: "acceptance",
      caseId: c.id,
      serviceCode: c.service_item_code,
      serviceName: `${(await findServiceItem(trx, c.service_item_code))?.name_zh ?? c.service_item_code}（受理）`,
      citizenUserId: c.applicant_id,
      startedAt: opts.startedAt,
      at,
    });
  });
  if (served && deps.push) await announce({ db: deps.db, push: deps.push }, served);
  return presentCase(deps, await loadCase(deps.db, id));
}

/**
 * Sends one consolidated supplement notice (一次性告知): everything the single
 * window and the departments asked for in this round, at once. The clock stops
 * until the founder supplements.
 */
export async function sendSupplementNotice(deps: CaseDeps, ctx: RequestContext, id: string, items: SupplementItem[], opts: { startedAt?: string | null } = {}) {
  const actor = requireActor(ctx);
  await requireSingleWindow(deps.db, actor);
  const c = await loadCase(deps.db, id);
  if (c.status !== "submitted" && c.status !== "in_review") throw AppError.conflict("该办件当前不能发出补正通知");
  const at = nowIso();
  let served: ServiceTransactionTable | null = null;
  await deps.db.transaction().execute(async (trx) => {
    if (items.length) {
      await repo.insertRequest(trx, { id: randomUUID(), case_id: c.id, round: c.supplement_round + 1, department_code: SINGLE_WINDOW, items: JSON.stringify(items), requested_by: actor.userId, created_at: at, notice_id: null });
    }
    const sent = await issueNotice(deps, trx, c, at);
    if (!sent) throw AppError.validation([{ path: "items", message: "补正内容：没有需要告知的补正事项" }]);
    await audit(trx, ctx, { action: "supplement.notice", entity: "case", entityId: c.id, detail: { round: c.supplement_round + 1 } });
    served = await recordCaseTransaction(trx, ctx, deps.config, {
      kind: "supplement_notice",
      caseId: c.id,
      serviceCode: c.service_item_code,
      serviceName: `${(await findServiceItem(trx, c.service_item_code))?.name_zh ?? c.service_item_code}（一次性补正告知）`,
      citizenUserId: c.applicant_id,
      startedAt: opts.startedAt,
      at,
    });
  });
  if (served && deps.push) await announce({ db: deps.db, push: deps.push }, served);
  return presentCase(deps, await loadCase(deps.db, id));
}

/** Gathers every pending request into the round's one notice, stops the clock and tells the founder. False when nothing is pending. */
async function issueNotice(deps: CaseDeps, db: Database, c: CaseTable, at: string): Promise<boolean> {
  const pending = await repo.pendingRequests(db, c.id);
  if (pending.length === 0) return false;
  const round = c.supplement_round + 1;
  const items = pending.flatMap((r) => (JSON.parse(r.items) as SupplementItem[]).map((i) => ({ department: r.department_code, ...i })));
  const noticeId = randomUUID();
  await repo.insertNotice(db, { id: noticeId, case_id: c.id, round, items: JSON.stringify(items), sent_at: at, answered_at: null });
  await repo.attachRequests(db, pending.map((r) => r.id), noticeId);
  const ok = await repo.updateCase(db, c.id, c.revision, { status: "awaiting_supplement", supplement_round: round, paused_since: c.accepted_at ? at : null, updated_at: at });
  if (!ok) throw AppError.conflict("该办件已被更新，请刷新");
  const founder = await findUserById(db, c.applicant_id);
  await notify(db, {
    userId: c.applicant_id,
    caseId: c.id,
    title: "一次性补正告知",
    body: `办件 ${c.number} 需要补正以下 ${items.length} 项：${items.map((i, k) => `${k + 1}. ${i.text}`).join("；")}。请一次补齐后提交。`,
    sms: { phone: founder?.phone ?? null, purpose: "case.supplement" },
  });
  return true;
}

/** A department's decision on its task: approve, reject with a reason, or ask for a supplement. */
export async function decideTask(
  deps: CaseDeps,
  ctx: RequestContext,
  taskId: string,
  input: { decision: "approve" | "reject" | "supplement"; reason?: string; items?: SupplementItem[] },
) {
  const actor = requireActor(ctx);
  const task = await repo.findTask(deps.db, taskId);
  if (!task) throw AppError.notFound("审批任务");
  authorize(actor, "tasks.decide", { departmentId: await departmentIdByCode(deps.db, task.department_code) });
  const c = await loadCase(deps.db, task.case_id);
  if (c.status !== "in_review" || task.status !== "open") {
    throw AppError.conflict(task.status === "awaiting_supplement" ? "该任务正在等待申请人补正" : "该任务已办结，不能再次处理");
  }
  if (input.decision === "reject" && !input.reason?.trim()) throw AppError.validation([{ path: "reason", message: "不予许可理由：必填" }]);
  if (input.decision === "supplement" && !input.items?.length) throw AppError.validation([{ path: "items", message: "补正内容：至少一项" }]);
  const at = nowIso();
  const today = shanghaiDate(new Date(at));
  await deps.db.transaction().execute(async (trx) => {
    const status = input.decision === "approve" ? "approved" : input.decision === "reject" ? "rejected" : "awaiting_supplement";
    const decided = input.decision !== "supplement";
    const ok = await repo.updateTaskFrom(trx, task.id, "open", {
      status,
      decided_at: decided ? at : null,
      decided_date: decided ? today : null,
      decided_by: decided ? actor.userId : null,
      reason: input.reason?.trim() || null,
      updated_at: at,
    });
    if (!ok) throw AppError.conflict("该任务已被处理，请刷新");
    await audit(trx, ctx, { action: `task.${input.decision}`, entity: "review_task", entityId: task.id, detail: { case: c.number, department: task.department_code } });
    if (input.decision === "supplement") {
      await repo.insertRequest(trx, { id: randomUUID(), case_id: c.id, round: c.supplement_round + 1, department_code: task.department_code, items: JSON.stringify(input.items), requested_by: actor.userId, created_at: at, notice_id: null });
    }
    if (input.decision === "reject") {
      const ok2 = await repo.updateCase(trx, c.id, c.revision, { status: "rejected", completed_at: at, completed_date: today, updated_at: at });
      if (!ok2) throw AppError.conflict("该办件已被更新，请刷新");
      const founder = await findUserById(trx, c.applicant_id);
      await notify(trx, { userId: c.applicant_id, caseId: c.id, title: "办件不予许可", body: `办件 ${c.number}：${input.reason}`, sms: { phone: founder?.phone ?? null, purpose: "case.rejected" } });
      return;
    }
    // When no department is still deciding this round, the gathered requests go out as one notice.
    const tasks = await repo.listTasks(trx, c.id);
    const fresh = (await repo.findCase(trx, c.id))!;
    if (!tasks.some((t) => t.status === "open")) await issueNotice(deps, trx, fresh, at);
    await completeIfDone(deps, trx, c.id, at);
  });
  return presentCase(deps, await loadCase(deps.db, c.id));
}

/** The founder answers the notice: the clock restarts, deadlines move by the working days waited, tasks reopen. */
export async function supplementCase(deps: CaseDeps, ctx: RequestContext, id: string, input: { note?: string }) {
  const actor = requireActor(ctx);
  authorize(actor, "applications.own");
  const c = await loadCase(deps.db, id);
  if (c.applicant_id !== actor.userId) throw AppError.notFound("办件");
  if (c.status !== "awaiting_supplement") throw AppError.conflict("该办件没有待补正的通知");
  const round = c.supplement_round;
  const notice = (await repo.listNotices(deps.db, c.id)).find((n) => n.round === round)!;
  const items = JSON.parse(notice.items) as SupplementItem[];
  const uploaded = await repo.listMaterials(deps.db, c.application_id);
  const missing = items.filter((i) => i.materialCode && !uploaded.some((u) => u.material_code === i.materialCode && u.round === round));
  if (missing.length) {
    throw AppError.validation(missing.map((i) => ({ path: `materials.${i.materialCode}`, message: `补正材料：尚未上传 ${i.materialCode}（${i.text}）` })));
  }
  const at = nowIso();
  const today = shanghaiDate(new Date(at));
  await deps.db.transaction().execute(async (trx) => {
    // The wait and the new dates on the calendar in force at this commit.
    const calendar = await deps.calendar.forWrite(trx);
    const waited = c.paused_since ? calendar.workingDaysBetween(shanghaiDate(new Date(c.paused_since)), today) : 0;
    const ok = await repo.updateCase(trx, c.id, c.revision, {
      status: c.accepted_at ? "in_review" : "submitted",
      paused_since: null,
      paused_working_days: c.paused_working_days + waited,
      updated_at: at,
    });
    if (!ok) throw AppError.conflict("该办件已被更新，请刷新");
    await repo.answerNotice(trx, c.id, round, at);
    for (const t of await repo.listTasks(trx, c.id)) {
      if (t.status !== "open" && t.status !== "awaiting_supplement") continue;
      // Counted from the start, not moved from the stored date: a recount in between cannot be overwritten.
      const dates = taskDates(calendar, t, t.paused_working_days + waited, deps.config.yellowRatio);
      await repo.updateTask(trx, t.id, { status: "open", ...dates, paused_working_days: t.paused_working_days + waited, updated_at: at });
    }
    await audit(trx, ctx, { action: "supplement.answer", entity: "case", entityId: c.id, detail: { round, waitedWorkingDays: waited, note: input.note ?? null } });
  });
  return presentCase(deps, await loadCase(deps.db, id));
}

/** Completes a case whose every task is approved: a new USCC for the enterprise; the founder is told. */
async function completeIfDone(deps: CaseDeps, db: Database, caseId: string, at: string): Promise<void> {
  const c = (await repo.findCase(db, caseId))!;
  if (c.status !== "in_review") return;
  const tasks = await repo.listTasks(db, caseId);
  if (tasks.length === 0 || !tasks.every((t) => t.status === "approved")) return;
  const division = deps.config.centreDivision;
  const uscc = makeEnterpriseUscc(division, await nextCounter(db, `uscc-${division}`));
  const ok = await repo.updateCase(db, c.id, c.revision, { status: "completed", completed_at: at, completed_date: shanghaiDate(new Date(at)), uscc, updated_at: at });
  if (!ok) throw AppError.conflict("该办件已被更新，请刷新");
  const founder = await findUserById(db, c.applicant_id);
  await notify(db, {
    userId: c.applicant_id,
    caseId: c.id,
    title: "办件已办结",
    body: `办件 ${c.number} 已办结，统一社会信用代码 ${uscc}，可下载营业执照。`,
    sms: { phone: founder?.phone ?? null, purpose: "case.completed" },
  });
}

/** The business licence of a completed case as a PDF, for its founder or staff (audited). */
export async function licenceOf(deps: CaseDeps, ctx: RequestContext, id: string): Promise<{ number: string; pdf: Buffer }> {
  const actor = requireActor(ctx);
  const c = await loadCase(deps.db, id);
  if (c.applicant_id !== actor.userId && !can(actor, "cases.read")) throw AppError.notFound("办件");
  if (c.status !== "completed" || !c.uscc) throw AppError.conflict("办件尚未办结，还没有营业执照");
  const app = await deps.db.selectFrom("applications").select("data").where("id", "=", c.application_id).executeTakeFirstOrThrow();
  const data = JSON.parse(app.data) as ApplicationData;
  const el = (key: string) => JIAXING_DICTIONARY.elements.find((e) => e.key === key)!;
  const show = (key: string) => formatValue(el(key), data.values[key], JIAXING_DICTIONARY);
  const { licencePdf } = await import("./licence.js");
  const pdf = await licencePdf({
    uscc: c.uscc,
    name: show("name"),
    type: show("enttype"),
    legalRepresentative: show("lr_name"),
    capital: show("regcap").replace("（人民币）", "").replace(" 万元", "万元整").replace(/^/, "人民币"),
    establishedDate: c.completed_date!,
    term: (data.values.term as { kind: string } | undefined)?.kind === "indefinite" ? `${c.completed_date} 至 长期` : `${c.completed_date} 起 ${show("term")}`,
    domicile: show("dom_addr"),
    scope: show("scope"),
    authority: "嘉兴市市场监督管理局",
    caseNumber: c.number,
  });
  if (c.applicant_id !== actor.userId) await audit(deps.db, ctx, { action: "read", entity: "licence", entityId: id });
  return { number: c.number, pdf };
}

type TaskRow = Awaited<ReturnType<ReturnType<typeof repo.boardPageQuery>["execute"]>>[number];

/** The calendar's working days between two dates, each pair counted once for a page (its tasks share few start dates). */
function daysCounter(calendar: WorkingCalendar): Pick<WorkingCalendar, "workingDaysBetween"> {
  const seen = new Map<string, number>();
  return {
    workingDaysBetween(from, to) {
      const key = `${from}|${to}`;
      let n = seen.get(key);
      if (n === undefined) seen.set(key, (n = calendar.workingDaysBetween(from, to)));
      return n;
    },
  };
}

/** A task of a list with its case. */
function presentListedTask(calendar: Pick<WorkingCalendar, "workingDaysBetween">, r: TaskRow, today: string) {
  return {
    ...presentTask(calendar, r, today),
    caseId: r.case_id,
    caseNumber: r.case_number,
    caseStatus: r.case_status,
    applicationId: r.application_id,
    waitingForFounder: r.paused_since !== null,
  };
}

/** A department's tasks (reviewers: their own department), soonest deadline first, a page after a cursor. */
export async function listTasksOf(deps: CaseDeps & { reads: ReadCache }, ctx: RequestContext, department: string, q: { status: "open" | "all"; limit: number; after?: string }) {
  const actor = requireActor(ctx);
  authorize(actor, "cases.read", { departmentId: await departmentIdByCode(deps.db, department) });
  const after = keysAfter(q.after);
  const today = shanghaiToday();
  // The lights and days used count from today on the calendar in force: kept for the day and the
  // calendar's version, until a task or its case changes.
  const calendar = await deps.calendar.get();
  return deps.reads.get(TASK_LIST_TABLES, `tasks:${today}:${calendar.revision}:${JSON.stringify([department, q.status, q.limit, after])}`, () => readTasksOf(deps, calendar, department, q, after, today));
}

/** What a list of tasks (a department's, the board) reads. */
const TASK_LIST_TABLES = ["review_tasks", "cases"] as const;

async function readTasksOf(deps: CaseDeps, calendar: WorkingCalendar, department: string, q: { status: "open" | "all"; limit: number }, after: [string, string] | undefined, today: string) {
  const [rows, count] = await Promise.all([
    repo.departmentTasksPageQuery(deps.db, { department, scope: q.status, limit: q.limit, after }).execute(),
    after ? null : cappedTotal(deps.db, repo.departmentTasksCounted(deps.db, department, q.status)),
  ]);
  const page = pageOf(rows, q.limit, (r) => [r.deadline_date, r.id]);
  const days = daysCounter(calendar);
  return { items: page.rows.map((r) => presentListedTask(days, r, today)), ...pageInfo(count, page.nextCursor) };
}

type LightCounts = { total: number; red: number; yellow: number; green: number; exact: { total: boolean; red: boolean; yellow: boolean; green: boolean } };

async function countLights(db: Database, today: string, department?: string): Promise<LightCounts> {
  const queries = repo.lightCountQueries(db, today, department);
  const [total, red, yellow, green] = await Promise.all([queries.total, queries.red, queries.yellow, queries.green].map((q) => cappedTotal(db, q)));
  return {
    total: total!.total,
    red: red!.total,
    yellow: yellow!.total,
    green: green!.total,
    exact: { total: total!.totalExact, red: red!.totalExact, yellow: yellow!.totalExact, green: green!.totalExact },
  };
}

/**
 * The supervision board: open tasks across departments with their lights, filterable, soonest deadline
 * first, a page after a cursor; with the count of each light (capped).
 */
export async function supervisionBoard(deps: CaseDeps & { reads: ReadCache }, ctx: RequestContext, q: { department?: string; light?: "green" | "yellow" | "red"; limit: number; after?: string }) {
  authorize(requireActor(ctx), "supervision.read");
  const after = keysAfter(q.after);
  const today = shanghaiToday();
  const calendar = await deps.calendar.get();
  // The counts of each light, and each page, kept for the day and the calendar's version until a task or
  // its case changes (the counts read within the page's reading: never older than the page's version).
  return deps.reads.get(TASK_LIST_TABLES, `board:${today}:${calendar.revision}:${JSON.stringify([q.department, q.light, q.limit, after])}`, async () => {
    const counts = await deps.reads.get(["review_tasks"], `lights:${today}:${q.department ?? ""}`, () => countLights(deps.db, today, q.department));
    const rows = await repo.boardPageQuery(deps.db, { ...q, after, today }).execute();
    const page = pageOf(rows, q.limit, (r) => [r.deadline_date, r.id]);
    // The page's total is the count of its light (or of all), already counted for the board.
    const counted = after ? null : { total: counts[q.light ?? "total"], totalExact: counts.exact[q.light ?? "total"] };
    const days = daysCounter(calendar);
    return { today, counts, items: page.rows.map((r) => presentListedTask(days, r, today)), ...pageInfo(counted, page.nextCursor) };
  });
}

/**
 * Tells each overdue task's department head (else its reviewers) and the supervisors, once:
 * the flag is claimed with a conditional update, so several instances running
 * this sweep never notify twice. Returns how many tasks were reported.
 */
export async function notifyOverdueTasks(deps: CaseDeps, today = shanghaiToday()): Promise<number> {
  const overdue = await repo.listUnreportedOverdue(deps.db, today, 500);
  let reported = 0;
  for (const t of overdue) {
    if (t.status !== "open") continue;
    await deps.db.transaction().execute(async (trx) => {
      const claimed = await trx.updateTable("review_tasks").set({ overdue_notified: 1 }).where("id", "=", t.id).where("overdue_notified", "=", 0).executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return;
      const deptId = await departmentIdByCode(trx, t.department_code);
      // The department's head; where none is named, its reviewers; and the supervisors.
      const recipients = [...(deptId ? await departmentLeads(trx, deptId) : []), ...(await usersWithRole(trx, "supervisor"))];
      for (const userId of new Set(recipients)) {
        await notify(trx, {
          userId,
          caseId: t.case_id,
          title: "红牌：审批任务已超期",
          body: `办件 ${t.case_number} 的${t.department_code}审批任务已超过承诺期限（${t.deadline_date}），请立即办理。`,
        });
      }
      reported++;
    });
  }
  return reported;
}

/** Auto-approval rule settings. */
export async function listAutoRules(deps: CaseDeps) {
  return (await repo.listRules(deps.db)).map((r) => ({ department: r.department_code, rule: r.rule, enabled: r.enabled === 1, updatedAt: r.updated_at }));
}

/** Switches a department's auto rule (its reviewers or an admin). */
export async function setAutoRule(deps: CaseDeps, ctx: RequestContext, input: { department: string; rule: string; enabled: boolean }) {
  const actor = requireActor(ctx);
  authorize(actor, "rules.manage", { departmentId: await departmentIdByCode(deps.db, input.department) });
  const rule = AUTO_RULES[input.rule];
  if (!rule) throw AppError.validation([{ path: "rule", message: `规则：不存在 ${input.rule}` }]);
  if (!rule.departments.includes(input.department)) throw AppError.validation([{ path: "rule", message: `规则：${rule.zh} 不适用于部门 ${input.department}` }]);
  await deps.db.transaction().execute(async (trx) => {
    await repo.setRule(trx, input.department, input.rule, input.enabled, nowIso(), actor.userId);
    await audit(trx, ctx, { action: "update", entity: "auto_rule", entityId: `${input.department}:${input.rule}`, detail: { enabled: input.enabled } });
  });
  return listAutoRules(deps);
}

/**
 * A task's deadline and yellow date on `calendar`, counted from its start over the promised days plus
 * the working days it stood still (the same as moving the stored dates on by each wait).
 */
function taskDates(calendar: WorkingCalendar, t: Pick<ReviewTaskTable, "started_date" | "promised_days">, paused: number, yellowRatio: number) {
  const deadline = calendar.deadline(t.started_date, t.promised_days + paused);
  return {
    deadline_date: deadline.date,
    yellow_date: calendar.addWorkingDays(t.started_date, yellowOffset(t.promised_days, yellowRatio) + paused),
    deadline_provisional: deadline.provisional ? 1 : 0,
    calendar_rev: calendar.revision,
  };
}

/**
 * The open review tasks' deadlines, counted again after a calendar change: a moved deadline is
 * recorded in its case's history and told to the department's head (else its reviewers) and the founder.
 */
export function taskDeadlines(deps: Pick<CaseDeps, "db" | "config">): DeadlineSource {
  return {
    name: "review_tasks",
    async recount(db, calendar, cursor, limit) {
      const { rows, cursor: next } = await repo.openTasksAfter(db, deps.config.database.kind, calendar.revision, cursor, limit);
      const updates = [];
      const shifted: { task: (typeof rows)[number]; after: string; provisional: boolean }[] = [];
      for (const t of rows) {
        const d = taskDates(calendar, t, t.paused_working_days, deps.config.yellowRatio);
        if (d.deadline_date === t.deadline_date && d.yellow_date === t.yellow_date && d.deadline_provisional === t.deadline_provisional) continue;
        updates.push({ id: t.id, values: [d.deadline_date, d.yellow_date, d.deadline_provisional, d.calendar_rev], guard: t.updated_at });
        if (d.deadline_date !== t.deadline_date) shifted.push({ task: t, after: d.deadline_date, provisional: d.deadline_provisional === 1 });
      }
      await repo.writeTaskDates(db, updates);
      // History and holders only for the deadlines that moved: the department's head (else its reviewers) and the founder.
      const about = new Map((await repo.tasksForHistory(db, shifted.map((x) => x.task.id))).map((r) => [r.id, r]));
      const leads = new Map<string, string[]>();
      const moved: MovedDeadline[] = [];
      for (const { task: t, after, provisional } of shifted) {
        const r = about.get(t.id)!;
        if (r.department_id && !leads.has(r.department_id)) leads.set(r.department_id, await departmentLeads(db, r.department_id));
        moved.push({
          kind: "review_task",
          itemId: t.id,
          parentId: t.case_id,
          label: `办件 ${r.case_number} ${r.department_name ?? t.department_code}审批期限`,
          field: "deadline_date",
          before: t.deadline_date,
          after,
          provisional,
          holders: [...(r.department_id ? leads.get(r.department_id)! : []), r.applicant_id],
        });
      }
      return { read: rows.length, moved, cursor: next };
    },
  };
}
