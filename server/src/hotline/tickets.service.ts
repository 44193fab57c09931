import { randomUUID } from "node:crypto";
import {
  ErrorCode,
  EXPERT_SPECIALTIES,
  HOTLINE_CATEGORIES,
  addDays,
  categoryLimitProblems,
  categoryLimits,
  findPlace,
  isCalendarDate,
  isSpecialty,
  normalizePhone,
  placeProblem,
  searchQuery,
  searchTokens,
  shanghaiDate,
  slaClocks,
  slaDueTimes,
  ticketActionProblem,
  ticketActions,
  ticketInputProblems,
  ticketNumber,
  type FieldError,
  type Satisfaction,
  type TicketAction,
  type TicketChannel,
  type WorkingCalendar,
} from "@yichuang/core";
import { deadlineHistory, type CalendarService } from "../platform/calendar/calendar.service.js";
import type { DeadlineSource, MovedDeadline } from "../platform/calendar/recount.js";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import type { HotlinePauseTable, HotlineTicketTable } from "../db/schema.js";
import { audit } from "../audit/audit.service.js";
import { FileStore, sniffType } from "../platform/files.js";
import { notify, sendSms } from "../platform/notify.js";
import { can, authorize, type Action, type Actor } from "../identity/policy.js";
import { nextCounter } from "../registration/registration.repository.js";
import { AppError } from "../shared/errors.js";
import { decodeCursor, pageOf, pageInfo } from "../shared/paging.js";
import { checkBudget, recordFailure } from "../identity/attempts.service.js";
import { requireActor, type RequestContext } from "../shared/request-context.js";
import { nowIso, clock, shanghaiToday } from "../platform/clock.js";
import type { ReadCache } from "../platform/read-cache.js";
import * as dutyRepo from "./duty.repository.js";
import { dutyExpertOn } from "./duty.service.js";
import { assertCentre, authorizeCentreStaff, hotlineCentre, ownCentre, publicHotlineCentre, seesEveryCentre } from "../org/centre-scope.js";
import * as repo from "./tickets.repository.js";


/** The signature of the hotline's own messages (to farmers and its experts), not the approval centre's. */
const HOTLINE_SIGN = "【嘉兴12316】";
/** What the ticket services need. */
export interface TicketDeps {
  db: Database;
  config: Config;
  files: FileStore;
  /** The centre's working calendar: the clocks count its working hours. */
  calendar: CalendarService;
}

type Ticket = HotlineTicketTable;
const SPECIALTY_ZH = new Map<string, string>(EXPERT_SPECIALTIES.map((s) => [s.code, s.zh]));
const CATEGORY_ZH = new Map<string, string>(HOTLINE_CATEGORIES.map((c) => [c.code, c.zh]));

/** A supply/demand notice told on a call, drafted for the broadcast module. */
export interface NoticeInput {
  kind: "supply" | "demand";
  product: string;
  quantity?: string | null;
  unit?: string | null;
  price?: string | null;
  validUntil?: string | null;
}

/** Everything a new ticket holds, whatever the channel. */
export interface NewTicket {
  phone: string;
  name?: string | null;
  villageCode?: string | null;
  address?: string | null;
  lat?: number | null;
  lng?: number | null;
  category: string;
  product?: string | null;
  text: string;
  notice?: NoticeInput | null;
}

const masked = (phone: string) => (/^1\d{10}$/.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone.replace(/\d{4}$/, "****"));

function noticeProblems(n: NoticeInput | null | undefined, category: string): FieldError[] {
  if (!n) return [];
  const out: FieldError[] = [];
  if (category !== "supply_demand") out.push({ path: "notice", message: "供求信息：问题类别须为“供求信息”" });
  if (n.kind !== "supply" && n.kind !== "demand") out.push({ path: "notice.kind", message: "供求类型：须为供应或需求" });
  if (!n.product?.trim()) out.push({ path: "notice.product", message: "供求品种：请填写" });
  if (n.product && [...n.product.trim()].length > 30) out.push({ path: "notice.product", message: "供求品种：不能超过 30 个字" });
  // The same rules as a notice entered by staff (sms/notices.service noticeFieldProblems).
  if (n.quantity && !/^\d+(\.\d+)?$/.test(n.quantity.trim())) out.push({ path: "notice.quantity", message: "数量：须为数字" });
  if (n.quantity?.trim() && !n.unit?.trim()) out.push({ path: "notice.unit", message: "单位：填写数量时须有单位（如 公斤、头、亩）" });
  if (n.validUntil && !isCalendarDate(n.validUntil)) out.push({ path: "notice.validUntil", message: "有效期至：须为 YYYY-MM-DD 格式的有效日期" });
  else if (n.validUntil && n.validUntil < shanghaiToday()) out.push({ path: "notice.validUntil", message: "有效期至：不能早于今天" });
  return out;
}

/**
 * Logs a ticket from any channel: the caller is recognised by phone (or added), the ticket
 * numbered and given to the expert on duty today, the clocks set from the category's limits,
 * a supply/demand draft made with the caller as owner. One transaction.
 */
export async function createTicket(deps: TicketDeps, ctx: RequestContext, channel: TicketChannel, input: NewTicket, centreId?: string, via?: { open311ClientId: string; name: string }) {
  const actor = ctx.actor;
  // A call staff log goes to their own centre (or the one a supervisor names); the public's questions to the first.
  const centre = channel === "phone" ? await hotlineCentre(deps.db, requireActor(ctx), centreId) : await publicHotlineCentre(deps.db);
  const problems = [...ticketInputProblems(input, { villageRequired: channel !== "open311" }), ...noticeProblems(input.notice, input.category)];
  if (problems.length) throw AppError.validation(problems);
  const phone = normalizePhone(input.phone)!;
  const at = nowIso();
  const today = shanghaiDate(new Date(at));
  const calendar = await deps.calendar.get();
  const duty = await dutyExpertOn(deps.db, calendar, centre.id, today);
  const own = await repo.categoryLimitsOf(deps.db, centre.id);
  const limits = categoryLimits(input.category, Object.fromEntries(own.map((l) => [l.category, { responseMinutes: l.response_minutes, solutionMinutes: l.solution_minutes }])));
  const id = randomUUID();
  // The number is drawn on its own, before the transaction: the counter's row is locked for one
  // statement, not for the whole logging (on PostgreSQL that lock made 20 operators queue: 249/s).
  // A logging that then fails leaves a gap in the numbers, as a sequence would.
  const number = ticketNumber(Number(today.slice(0, 4)), await nextCounter(deps.db, `hotline:${today.slice(0, 4)}`));
  await deps.db.transaction().execute(async (trx) => {
    const caller = await repo.upsertCaller(trx, { id: randomUUID(), phone, name: input.name?.trim() || null, village_code: input.villageCode || null, at, trusted: channel === "phone" });
    // The clocks on the calendar in force at this commit.
    await repo.insertTicket(trx, newTicketRow(await deps.calendar.forWrite(trx), {
      id,
      number,
      centre_id: centre.id,
      channel,
      caller_id: caller.id,
      caller_name: input.name?.trim() || caller.name,
      caller_phone: phone,
      village_code: input.villageCode || null,
      address: input.address?.trim() || null,
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      open311_client_id: via?.open311ClientId ?? null,
      category: input.category,
      product: input.product?.trim() || null,
      text: input.text.trim(),
      assignee_id: duty,
      response_minutes: limits.responseMinutes,
      solution_minutes: limits.solutionMinutes,
      created_by: actor?.userId ?? null,
      created_at: at,
    }));
    await repo.insertEvent(trx, { id: randomUUID(), ticket_id: id, kind: "logged", actor_id: actor?.userId ?? null, detail: JSON.stringify({ channel, assigneeId: duty }), at });
    if (input.notice) await draftNoticeOf(trx, { id, callerId: caller.id, villageCode: input.villageCode || null, phone, text: input.text }, input.notice, actor?.userId ?? null, at);
    if (duty) {
      await notify(trx, { userId: duty, title: `12316 新工单 ${number}`, body: `${CATEGORY_ZH.get(input.category)}：${input.product ? `${input.product}，` : ""}${input.text.trim().slice(0, 60)}` });
    }
    await audit(trx, ctx, { action: "hotline.ticket.create", entity: "hotline_ticket", entityId: id, detail: { number, channel, category: input.category, ...(via ? { via: `open311:${via.name}` } : {}) } });
  });
  return { id, number, assigneeId: duty };
}

/** A supply/demand draft for the broadcast module, the caller its owner and contact. */
async function draftNoticeOf(trx: Database, t: { id: string; callerId: string; villageCode: string | null; phone: string; text: string }, n: NoticeInput, actorId: string | null, at: string) {
  const id = randomUUID();
  await repo.insertNotice(trx, {
    id,
    ticket_id: t.id,
    owner_caller_id: t.callerId,
    kind: n.kind,
    product: n.product.trim(),
    quantity: n.quantity?.trim() || null,
    price: n.price?.trim() || null,
    village_code: t.villageCode,
    contact_phone: t.phone,
    text: t.text.trim(),
    status: "draft",
    created_by: actorId,
    created_at: at,
    updated_at: at,
    unit: n.unit?.trim() || null,
    // A notice told on the phone is good for a week unless the caller says otherwise.
    valid_until: n.validUntil ?? addDays(shanghaiDate(new Date(at)), 7),
    decided_by: null,
    decided_at: null,
    reject_reason: null,
    owner_told_at: null,
  });
  return id;
}

/**
 * Staff draft the supply/demand notice of a ticket that came without one (the web form or an
 * Open311 app left it out, or the call was logged before): the caller is its owner. Once per
 * ticket while a draft or a verified notice stands.
 */
export async function draftNotice(deps: TicketDeps, ctx: RequestContext, id: string, notice: NoticeInput) {
  const { actor, t } = await ticketFor(deps, ctx, id, "sms.notices.write");
  const problems = noticeProblems(notice, t.category);
  if (problems.length) throw AppError.validation(problems);
  const existing = await repo.noticesOfTicket(deps.db, id);
  if (existing.some((n) => n.status === "draft" || n.status === "verified")) throw AppError.conflict("该工单已有待审核或已审核的供求信息");
  const at = nowIso();
  await deps.db.transaction().execute(async (trx) => {
    const nid = await draftNoticeOf(trx, { id: t.id, callerId: t.caller_id, villageCode: t.village_code, phone: t.caller_phone, text: t.text }, notice, actor.userId, at);
    await repo.insertEvent(trx, { id: randomUUID(), ticket_id: t.id, kind: "notice", actor_id: actor.userId, detail: JSON.stringify({ noticeId: nid, product: notice.product.trim() }), at });
    await audit(trx, ctx, { action: "hotline.ticket.notice", entity: "hotline_ticket", entityId: t.id, detail: { noticeId: nid } });
  });
  return ticketDetail(deps, ctx, id);
}

/** Questions from the web a phone number may send in an hour (anonymous channel: no flooding the desk). */
export const WEB_REQUESTS_PER_HOUR = 5;

/** A farmer asks from the web, without an account; a phone that sent too many in the last hour waits. */
export async function askFromWeb(deps: TicketDeps, ctx: RequestContext, input: NewTicket) {
  const phone = normalizePhone(input.phone ?? "");
  if (phone) {
    const since = new Date(clock.nowMs() - 3_600_000).toISOString();
    const recent = await repo.countRecentWebTickets(deps.db, phone, since);
    if (recent >= WEB_REQUESTS_PER_HOUR) {
      throw new AppError(ErrorCode.RATE_LIMITED, `该号码一小时内已提交 ${recent} 个问题，请稍后再试或拨打 12316`, undefined, { retryAfterSeconds: 3600 });
    }
  }
  const made = await createTicket(deps, ctx, "web", input);
  return { number: made.number };
}

/**
 * A farmer follows their question (public): the ticket number and the last four digits of the
 * phone it was asked from; a wrong pair is not found, whichever half is wrong. No name, phone or place.
 */
export async function publicProgress(deps: TicketDeps & { reads: ReadCache; cleared: ReadCache }, ctx: RequestContext, number: string, phoneLast4: string) {
  // Four digits are guessable: wrong pairs count against the address and against the ticket number
  // (from any address), in a budget of their own apart from logins (identity/attempts.service.ts); a
  // look-up nothing holds back is kept so until any try is recorded (`cleared`).
  const attempt = { kind: "hotline.lookup", ip: ctx.ip, subject: number.trim().slice(0, 30) } as const;
  await checkBudget(deps, attempt);
  // A ticket asked for is kept until a ticket changes (a number with none is not kept: nothing to fill the cache with).
  const wanted = number.trim();
  const t = await deps.reads.get(["hotline_tickets"], `progress:${wanted}`, () => repo.findTicketByNumber(deps.db, wanted), (found) => found !== undefined);
  if (!t || t.caller_phone.replace(/\D/g, "").slice(-4) !== phoneLast4) {
    await recordFailure(deps, attempt);
    throw AppError.notFound("该工单号与号码后四位对应的工单");
  }
  return {
    number: t.number,
    status: t.status,
    waiting: t.waiting_since !== null,
    category: t.category,
    product: t.product,
    text: t.text,
    createdAt: t.created_at,
    expectedAt: t.status === "closed" ? null : t.solution_due_at,
    solvedAt: t.solved_at,
    answer: t.status === "closed" ? t.answer : null,
  };
}

/** An operator logs a call. */
export async function logCall(deps: TicketDeps, ctx: RequestContext, input: NewTicket & { centre?: string }) {
  authorize(requireActor(ctx), "hotline.tickets.log");
  const made = await createTicket(deps, ctx, "phone", input, input.centre);
  return ticketDetail(deps, ctx, made.id);
}

/** A caller recognised by phone, with their history (personal data: audited). */
export async function callerByPhone(deps: TicketDeps, ctx: RequestContext, raw: string) {
  const actor = requireActor(ctx);
  authorize(actor, "hotline.tickets.log");
  const centreId = await ownCentre(deps.db, actor, "hotline");
  const phone = normalizePhone(raw);
  if (!phone) throw AppError.validation([{ path: "phone", message: "来电号码：须为 11 位手机号或带区号的固定电话" }]);
  const caller = await repo.findCallerByPhone(deps.db, phone);
  if (!caller) return { phone, caller: null, tickets: [] };
  const tickets = await repo.callerTickets(deps.db, caller.id, centreId);
  await audit(deps.db, ctx, { action: "hotline.caller.read", entity: "hotline_caller", entityId: caller.id });
  return {
    phone,
    caller: { id: caller.id, name: caller.name, villageCode: caller.village_code, village: caller.village_code ? findPlace(caller.village_code) : null, calls: caller.calls, lastCallAt: caller.last_call_at, since: caller.created_at },
    tickets: tickets.map((t) => ({ id: t.id, number: t.number, channel: t.channel, category: t.category, product: t.product, text: t.text, status: t.status, resolution: t.resolution, answer: t.answer, satisfaction: t.satisfaction, createdAt: t.created_at, solvedAt: t.solved_at })),
  };
}

/** A ticket's clocks on `calendar`, from the pauses (of any tickets: its own are picked). */
function clocksOf(calendar: WorkingCalendar, t: Ticket, pauses: HotlinePauseTable[], now: string) {
  return ticketClocks(calendar, t, pauses.filter((p) => p.ticket_id === t.id), now);
}

/** A ticket's clocks from its own pauses. */
function ticketClocks(calendar: WorkingCalendar, t: Pick<Ticket, "created_at" | "responded_at" | "solved_at" | "response_minutes" | "solution_minutes">, own: readonly HotlinePauseTable[], now: string) {
  return slaClocks(calendar, {
    openedAt: t.created_at,
    respondedAt: t.responded_at,
    solvedAt: t.solved_at,
    pauses: own.map((p) => ({ from: p.from_at, to: p.to_at })),
    responseMinutes: t.response_minutes,
    solutionMinutes: t.solution_minutes,
    now,
  });
}

/** The worse of the two lights (red when either clock is breached). */
const worst = (c: ReturnType<typeof clocksOf>) => (["red", "yellow", "green"] as const).find((l) => c.response.light === l || c.solution.light === l)!;

/** What a page of tickets reads (kept in the read cache until one of them changes). */
const TICKET_LIST_TABLES = ["hotline_tickets", "hotline_pauses", "users"] as const;

/** A page of tickets for the centre, with their clocks and lights. */
export async function listTickets(
  deps: TicketDeps & { reads: ReadCache },
  ctx: RequestContext,
  q: { centre?: string; status?: Ticket["status"][]; mine?: boolean; overdue?: boolean; channel?: Ticket["channel"]; category?: string; q?: string; limit: number; after?: string },
) {
  const actor = requireActor(ctx);
  authorize(actor, "hotline.tickets.read");
  const centre = await hotlineCentre(deps.db, actor, q.centre);
  const now = nowIso();
  // A phone number in the search finds a caller's tickets: a caller lookup, for those who look callers up, audited.
  const phone = q.q ? normalizePhone(q.q) : null;
  const after = q.after ? (decodeCursor(q.after, ["s", "s"]) as [string, string]) : undefined;
  if (phone) {
    if (!can(actor, "hotline.tickets.log")) throw AppError.forbidden("按来电号码查询须为话务员或督查人员");
    await audit(deps.db, ctx, { action: "hotline.caller.search", entity: "hotline_caller", entityId: null, detail: { phone } });
  }
  const query = {
    centreId: centre.id,
    status: q.status,
    assigneeId: q.mine ? actor.userId : undefined,
    overdueAt: q.overdue ? now : undefined,
    channel: q.channel,
    category: q.category,
    q: phone ? undefined : q.q?.trim() || undefined,
    phone: phone ?? undefined,
    limit: q.limit,
    after,
  };
  const calendar = await deps.calendar.get();
  const answer = async () => {
    const { rows, total } = await repo.listTickets(deps.db, query);
    const page = pageOf(rows, q.limit, (t) => [t.created_at, t.id]);
    const pauses = await repo.pausesOf(deps.db, page.rows.map((r) => r.id));
    return {
      ...pageInfo(total, page.nextCursor),
      items: page.rows.map((t) => {
        const clocks = ticketClocks(calendar, t, pauses.filter((p) => p.ticket_id === t.id), now);
        return {
          id: t.id,
          number: t.number,
          channel: t.channel,
          callerName: t.caller_name,
          callerPhone: masked(t.caller_phone),
          village: t.village_code ? (findPlace(t.village_code)?.name ?? null) : null,
          category: t.category,
          product: t.product,
          text: t.text,
          status: t.status,
          waiting: t.waiting_since !== null,
          assigneeId: t.assignee_id,
          assigneeName: t.assignee_name,
          specialty: t.specialty,
          createdAt: t.created_at,
          solvedAt: t.solved_at,
          satisfaction: t.satisfaction,
          calledBack: calledBack(t),
          light: worst(clocks),
          clocks,
          /** A due time counted over a year whose holidays are not entered yet (预计). */
          dueProvisional: t.due_provisional === 1,
        };
      }),
    };
  };
  // The overdue filter depends on the time: read each time. Otherwise the page as answered is kept for
  // the minute (the clocks count whole minutes) and the calendar's version, until a ticket, a pause or
  // a name shown changes.
  if (query.overdueAt) return answer();
  const minute = Math.floor(Date.parse(now) / 60_000);
  return deps.reads.get(TICKET_LIST_TABLES, `tickets:${calendar.revision}:${minute}:${JSON.stringify(query)}`, answer);
}

/** The ticket `id` for the signed-in actor allowed `action`, of the actor's own centre (404, 403 otherwise). */
async function ticketFor(deps: TicketDeps, ctx: RequestContext, id: string, action: Action) {
  const actor = requireActor(ctx);
  authorize(actor, action);
  const t = await repo.findTicket(deps.db, id);
  if (!t) throw AppError.notFound("工单");
  await assertCentre(deps.db, actor, "hotline", t.centre_id);
  return { actor, t };
}

/** A ticket in full: caller, place, clocks, events, visits with photos, notices, the actions open to the reader (audited: it holds the caller's phone). */
export async function ticketDetail(deps: TicketDeps, ctx: RequestContext, id: string) {
  const { actor, t } = await ticketFor(deps, ctx, id, "hotline.tickets.read");
  const [events, pauses, visits, notices, history, assignee, calendar, deadlineChanges] = await Promise.all([
    repo.eventsOf(deps.db, id),
    repo.pausesOf(deps.db, [id]),
    repo.visitsOf(deps.db, id),
    repo.noticesOfTicket(deps.db, id),
    // The caller's other questions: to this centre only for its staff (another centre's are not theirs to see).
    repo.callerTickets(deps.db, t.caller_id, seesEveryCentre(actor) ? null : t.centre_id, 11),
    t.assignee_id ? deps.db.selectFrom("users").select(["id", "display_name"]).where("id", "=", t.assignee_id).executeTakeFirst() : undefined,
    deps.calendar.get(),
    deadlineHistory(deps.db, id),
  ]);
  const photos = await repo.photosOf(deps.db, visits.map((v) => v.id));
  const now = nowIso();
  const clocks = clocksOf(calendar, t, pauses, now);
  const state = { waiting: t.waiting_since !== null, visitRecorded: visits.some((v) => v.status === "done"), calledBack: calledBack(t) };
  await audit(deps.db, ctx, { action: "hotline.ticket.read", entity: "hotline_ticket", entityId: id });
  return {
    id: t.id,
    number: t.number,
    channel: t.channel,
    caller: { id: t.caller_id, name: t.caller_name, phone: t.caller_phone },
    villageCode: t.village_code,
    village: t.village_code ? findPlace(t.village_code) : null,
    address: t.address,
    lat: t.lat,
    lng: t.lng,
    category: t.category,
    product: t.product,
    text: t.text,
    specialty: t.specialty,
    status: t.status,
    waiting: state.waiting,
    assignee: assignee ? { id: assignee.id, name: assignee.display_name } : null,
    respondedAt: t.responded_at,
    solvedAt: t.solved_at,
    resolution: t.resolution,
    answer: t.answer,
    callback: t.callback_at ? { at: t.callback_at, method: t.callback_method, satisfaction: t.satisfaction, note: t.callback_note } : null,
    knowledgeId: t.knowledge_id,
    createdAt: t.created_at,
    revision: t.revision,
    clocks,
    dueProvisional: t.due_provisional === 1,
    deadlineChanges,
    light: worst(clocks),
    pauses: pauses.map((p) => ({ from: p.from_at, to: p.to_at, reason: p.reason })),
    events: events.map((e) => ({ id: e.id, kind: e.kind, at: e.at, actorName: e.actor_name, detail: JSON.parse(e.detail) as Record<string, unknown> })),
    visits: visits.map((v) => ({
      id: v.id,
      expertId: v.expert_id,
      expertName: v.expert_name,
      date: v.visit_date,
      villageCode: v.village_code,
      village: findPlace(v.village_code)?.fullName ?? null,
      address: v.address,
      status: v.status,
      findings: v.findings,
      advice: v.advice,
      recordedAt: v.recorded_at,
      photos: photos.filter((p) => p.visit_id === v.id).map((p) => ({ id: p.id, fileName: p.file_name, contentType: p.content_type, size: p.size, url: `/api/hotline/photos/${p.id}` })),
    })),
    notices: notices.map((n) => ({ id: n.id, kind: n.kind, product: n.product, quantity: n.quantity, price: n.price, status: n.status })),
    history: history.filter((h) => h.id !== id).slice(0, 10).map((h) => ({ id: h.id, number: h.number, category: h.category, product: h.product, text: h.text.slice(0, 80), status: h.status, createdAt: h.created_at })),
    actions: ticketActions(t.status, state).filter((a) => mayAct(actor, t, a, visits)),
  };
}

type Visit = Awaited<ReturnType<typeof repo.visitsOf>>[number];

/** Whether the actor may take `action` on the ticket (beyond the state): the holder, a supervisor, operators for waiting and call-backs. */
function mayAct(actor: Actor, t: Ticket, action: TicketAction, visits: Visit[]): boolean {
  if (actor.roles.includes("supervisor")) return true;
  if (action === "callback") return can(actor, "hotline.tickets.callback");
  if ((action === "wait" || action === "resume") && can(actor, "hotline.tickets.log")) return true;
  if (!actor.roles.includes("expert")) return false;
  if (action === "record_visit" || action === "close") return visits.at(-1)?.expert_id === actor.userId;
  return t.assignee_id === null || t.assignee_id === actor.userId;
}

/**
 * Runs one step on a ticket: checks the state and the actor, then `apply` in a transaction
 * with the revision read; a concurrent change is a 409. Returns the ticket as now.
 */
async function step(
  deps: TicketDeps,
  ctx: RequestContext,
  id: string,
  action: TicketAction,
  apply: (trx: Database, t: Ticket, at: string, actor: Actor, visits: Visit[]) => Promise<{ patch: Partial<Ticket>; detail: Record<string, unknown> }>,
  validate?: (t: Ticket, actor: Actor, visits: Visit[]) => Promise<FieldError[]> | FieldError[],
) {
  const { actor, t } = await ticketFor(deps, ctx, id, action === "callback" ? "hotline.tickets.callback" : action === "wait" || action === "resume" ? "hotline.tickets.read" : "hotline.tickets.handle");
  const visits = await repo.visitsOf(deps.db, id);
  const state = { waiting: t.waiting_since !== null, visitRecorded: visits.some((v) => v.status === "done"), calledBack: calledBack(t) };
  const problem = ticketActionProblem(t.status, action, state);
  if (problem) throw AppError.conflict(problem);
  if (!mayAct(actor, t, action, visits)) throw AppError.forbidden(t.assignee_id ? "该工单由其他专家处理，您不能操作" : "您无权处理该工单");
  const problems = validate ? await validate(t, actor, visits) : [];
  if (problems.length) throw AppError.validation(problems);
  const at = nowIso();
  await deps.db.transaction().execute(async (trx) => {
    const { patch, detail } = await apply(trx, t, at, actor, visits);
    // Closing ends any wait for the farmer.
    if (patch.status === "closed") await repo.endPause(trx, id, at);
    if (!(await repo.updateTicket(trx, id, t.revision, { ...patch, updated_at: at }))) throw AppError.conflict("工单刚被他人处理，请刷新后再试");
    await repo.insertEvent(trx, { id: randomUUID(), ticket_id: id, kind: action, actor_id: actor.userId, detail: JSON.stringify(detail), at });
    await audit(trx, ctx, { action: `hotline.ticket.${action}`, entity: "hotline_ticket", entityId: id, detail });
  });
  return ticketDetail(deps, ctx, id);
}

const firstResponse = (t: Ticket, at: string) => t.responded_at ?? at;
const textProblem = (v: string | null | undefined, path: string, label: string, max = 4000): FieldError[] => {
  const n = [...(v ?? "").trim()].length;
  if (n < 2) return [{ path, message: `${label}：请至少写 2 个字` }];
  if (n > max) return [{ path, message: `${label}：不能超过 ${max} 字` }];
  return [];
};

/** Categories whose answers are worth keeping in the knowledge base. */
const KNOWLEDGE_CATEGORIES = new Set(["production", "policy", "market", "other"]);

/** An entry made from an answered ticket, searchable at once. */
async function addKnowledge(trx: Database, t: Ticket, answer: string, authorId: string, at: string, specialty: string | null): Promise<string | null> {
  if (!KNOWLEDGE_CATEGORIES.has(t.category)) return null;
  const first = t.text.split(/[。？！?!\n]/)[0]!.trim();
  const title = `${t.product ? `${t.product}：` : ""}${first}`.slice(0, 60);
  return saveEntry(trx, { ticketId: t.id, title, category: t.category, specialty, product: t.product, question: t.text, answer, authorId }, at);
}

/** Stores an entry, searchable at once: its tokens from title, product, question and answer; its place in the creation order. */
async function saveEntry(
  trx: Database,
  e: { ticketId: string | null; title: string; category: string; specialty: string | null; product: string | null; question: string; answer: string; authorId: string },
  at: string,
): Promise<string> {
  const id = randomUUID();
  await repo.insertEntry(trx, {
    id,
    seq: await nextCounter(trx, "knowledge"),
    ticket_id: e.ticketId,
    title: e.title,
    category: e.category,
    specialty: e.specialty,
    product: e.product,
    question: e.question,
    answer: e.answer,
    tokens: searchTokens(e.title, e.product, e.question, e.answer).join(" "),
    author_id: e.authorId,
    uses: 0,
    status: "published",
    created_at: at,
    updated_at: at,
  });
  return id;
}

async function specialtyOf(db: Database, userId: string): Promise<string | null> {
  const p = await db.selectFrom("expert_profiles").select("specialties").where("user_id", "=", userId).executeTakeFirst();
  return p ? ((JSON.parse(p.specialties) as string[])[0] ?? null) : null;
}

/** A message to the farmer when the ticket is closed (mobiles only). */
async function tellFarmer(trx: Database, t: Ticket, answer: string) {
  if (!/^1\d{10}$/.test(t.caller_phone)) return;
  await sendSms(trx, { phone: t.caller_phone, body: `您的12316咨询（${t.number}）已办结：${answer.slice(0, 120)}`, purpose: "hotline.closed", relatedId: t.id, sign: HOTLINE_SIGN });
}

/** The expert answers (by phone): the answer recorded, the ticket closed, the answer kept in the knowledge base. */
export async function answer(deps: TicketDeps, ctx: RequestContext, id: string, input: { answer: string; knowledgeId?: string | null; publish?: boolean }) {
  return step(
    deps,
    ctx,
    id,
    "answer",
    async (trx, t, at, actor) => {
      const text = input.answer.trim();
      if (input.knowledgeId) await repo.addUse(trx, input.knowledgeId);
      const kid = input.publish === false || input.knowledgeId ? null : await addKnowledge(trx, t, text, actor.userId, at, t.specialty ?? (await specialtyOf(trx, actor.userId)));
      await tellFarmer(trx, t, text);
      return {
        patch: { status: "closed", answer: text, resolution: t.status === "open" ? "phone" : "specialist", responded_at: firstResponse(t, at), solved_at: at, closed_by: actor.userId, knowledge_id: kid ?? input.knowledgeId ?? null, waiting_since: null, solution_due_at: t.solution_due_at },
        detail: { answer: text, knowledgeId: input.knowledgeId ?? null, published: kid },
      };
    },
    async () => [
      ...textProblem(input.answer, "answer", "答复内容"),
      ...(input.knowledgeId && (await repo.findEntry(deps.db, input.knowledgeId))?.status !== "published" ? [{ path: "knowledgeId", message: "知识库条目：不存在或已停用" }] : []),
    ],
  );
}

/** Experts of the centre holding a specialty, with how many open tickets each holds. */
async function specialists(db: Database, centreId: string, specialty: string) {
  const experts = (await dutyRepo.expertsOf(db, centreId)).filter((e) => e.specialties && (JSON.parse(e.specialties) as string[]).includes(specialty));
  const loads = experts.length
    ? await db
        .selectFrom("hotline_tickets")
        .select(["assignee_id", (eb) => eb.fn.countAll<number | string>().as("n")])
        .where("assignee_id", "in", experts.map((e) => e.id))
        .where("status", "!=", "closed")
        .groupBy("assignee_id")
        .execute()
    : [];
  const load = new Map(loads.map((l) => [l.assignee_id, Number(l.n)]));
  return experts.map((e) => ({ id: e.id, name: e.display_name, open: load.get(e.id) ?? 0 }));
}

/** Transfers to a specialist by specialty (the one named, or the least loaded), who is notified. */
export async function transfer(deps: TicketDeps, ctx: RequestContext, id: string, input: { specialty: string; expertId?: string | null; note?: string | null }) {
  let to: { id: string; name: string } | null = null;
  return step(
    deps,
    ctx,
    id,
    "transfer",
    async (trx, t, at, actor) => {
      const target = to!;
      const expert = await trx.selectFrom("users").select(["phone"]).where("id", "=", target.id).executeTakeFirst();
      await notify(trx, {
        userId: target.id,
        title: `12316 工单转办 ${t.number}`,
        body: `${actor.displayName}转来一个${SPECIALTY_ZH.get(input.specialty)}问题（${t.number}）：${t.text.slice(0, 50)}`,
        sms: { phone: expert?.phone ?? null, purpose: "hotline.transfer", sign: HOTLINE_SIGN },
      });
      return {
        patch: { status: "transferred", assignee_id: target.id, assigned_at: at, specialty: input.specialty, responded_at: firstResponse(t, at) },
        detail: { from: t.assignee_id, to: target.id, toName: target.name, specialty: input.specialty, note: input.note?.trim() || null },
      };
    },
    async (t, actor) => {
      if (!isSpecialty(input.specialty)) return [{ path: "specialty", message: `专长：须为以下之一：${EXPERT_SPECIALTIES.map((x) => x.zh).join("、")}` }];
      const list = await specialists(deps.db, t.centre_id, input.specialty);
      const label = SPECIALTY_ZH.get(input.specialty);
      if (input.expertId) {
        const chosen = list.find((e) => e.id === input.expertId);
        if (!chosen) {
          const u = await deps.db.selectFrom("users").select("display_name").where("id", "=", input.expertId).executeTakeFirst();
          return [{ path: "expertId", message: `转办专家：${u?.display_name ?? "该用户"}没有“${label}”专长，不能转给他` }];
        }
        if (chosen.id === t.assignee_id) return [{ path: "expertId", message: "转办专家：工单已在该专家手中" }];
        to = chosen;
        return [];
      }
      const pick = list.filter((e) => e.id !== t.assignee_id && e.id !== actor.userId).sort((a, b) => a.open - b.open || a.name.localeCompare(b.name, "zh-CN"))[0];
      if (!pick) return [{ path: "specialty", message: `专长：本中心没有其他“${label}”专家可转` }];
      to = pick;
      return [];
    },
  );
}

/** Dispatches an expert to the farm (expert, date, place); the expert is notified. */
export async function dispatch(deps: TicketDeps, ctx: RequestContext, id: string, input: { expertId?: string | null; date: string; villageCode: string; address?: string | null; note?: string | null }) {
  let expertId = "";
  return step(
    deps,
    ctx,
    id,
    "dispatch",
    async (trx, t, at, actor) => {
      await repo.insertVisit(trx, { id: randomUUID(), ticket_id: t.id, expert_id: expertId, visit_date: input.date, village_code: input.villageCode, address: input.address?.trim() || null, status: "planned", findings: null, advice: null, recorded_at: null, created_by: actor.userId, created_at: at });
      if (expertId !== actor.userId) {
        const expert = await trx.selectFrom("users").select(["phone"]).where("id", "=", expertId).executeTakeFirst();
        const where = findPlace(input.villageCode)?.fullName ?? input.villageCode;
        await notify(trx, { userId: expertId, title: `12316 上门服务 ${t.number}`, body: `请于 ${input.date} 到${where}${input.address ? input.address : ""}上门服务（${t.number}）`, sms: { phone: expert?.phone ?? null, purpose: "hotline.visit", sign: HOTLINE_SIGN } });
      }
      return {
        patch: { status: "visit", assignee_id: expertId, assigned_at: at, responded_at: firstResponse(t, at) },
        detail: { expertId, date: input.date, villageCode: input.villageCode, address: input.address?.trim() || null, note: input.note?.trim() || null },
      };
    },
    async (t, actor) => {
      const out: FieldError[] = [];
      expertId = input.expertId || actor.userId;
      const experts = await dutyRepo.expertsOf(deps.db, t.centre_id);
      if (!experts.some((e) => e.id === expertId)) out.push({ path: "expertId", message: "上门专家：须为本中心在岗的农技专家" });
      const today = shanghaiToday();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date)) out.push({ path: "date", message: "上门日期：须为 YYYY-MM-DD 格式的日期" });
      else if (!isCalendarDate(input.date)) out.push({ path: "date", message: `上门日期：${input.date} 不是有效日期` });
      else if (input.date < today) out.push({ path: "date", message: "上门日期：不能早于今天" });
      else if (input.date > addDays(today, 60)) out.push({ path: "date", message: "上门日期：不能晚于 60 天后" });
      if (!input.villageCode) out.push({ path: "villageCode", message: "上门地点：请按村名选择" });
      const place = placeProblem(input.villageCode, "villageCode", "上门地点");
      if (place) out.push(place);
      return out;
    },
  );
}

/** The expert on site records findings and advice (photos are uploaded to the visit). */
export async function recordVisit(deps: TicketDeps, ctx: RequestContext, id: string, visitId: string, input: { findings: string; advice: string }) {
  return step(
    deps,
    ctx,
    id,
    "record_visit",
    async (trx, _t, at) => {
      if (!(await repo.recordVisit(trx, visitId, { findings: input.findings.trim(), advice: input.advice.trim(), recorded_at: at }))) throw AppError.conflict("该次上门已记录");
      return { patch: {}, detail: { visitId, findings: input.findings.trim(), advice: input.advice.trim() } };
    },
    (_t, _a, visits) => {
      const v = visits.find((x) => x.id === visitId);
      if (!v) throw AppError.notFound("上门记录");
      if (v.status !== "planned") throw AppError.conflict("该次上门已记录");
      return [...textProblem(input.findings, "findings", "现场发现"), ...textProblem(input.advice, "advice", "处理建议")];
    },
  );
}

/** A photo taken on site (JPEG or PNG, checked by its bytes). */
export async function addVisitPhoto(deps: TicketDeps, ctx: RequestContext, id: string, visitId: string, file: { fileName: string; bytes: Buffer }) {
  const { actor, t } = await ticketFor(deps, ctx, id, "hotline.tickets.handle");
  const v = await repo.findVisit(deps.db, visitId);
  if (!v || v.ticket_id !== id) throw AppError.notFound("上门记录");
  if (!actor.roles.includes("supervisor") && v.expert_id !== actor.userId) throw AppError.forbidden("只有上门专家可以上传现场照片");
  if (t.status === "closed") throw AppError.conflict("工单已办结，不能再上传照片");
  const type = sniffType(file.bytes);
  if (type !== "image/jpeg" && type !== "image/png") throw AppError.validation([{ path: "file", message: "现场照片：须为 JPG 或 PNG 图片" }]);
  if (file.bytes.length > deps.config.uploadMaxBytes) throw AppError.validation([{ path: "file", message: `现场照片：不能超过 ${Math.round(deps.config.uploadMaxBytes / 1048576)} MB` }]);
  const count = await deps.db.selectFrom("hotline_visit_photos").select((eb) => eb.fn.countAll<number | string>().as("n")).where("visit_id", "=", visitId).executeTakeFirstOrThrow();
  if (Number(count.n) >= 12) throw AppError.validation([{ path: "file", message: "现场照片：每次上门最多 12 张" }]);
  const sha = deps.files.save(file.bytes);
  const photoId = randomUUID();
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertPhoto(trx, { id: photoId, visit_id: visitId, file_name: file.fileName.slice(0, 120), content_type: type, size: file.bytes.length, sha256: sha, uploaded_by: actor.userId, uploaded_at: nowIso() });
    await audit(trx, ctx, { action: "hotline.visit.photo", entity: "hotline_visit", entityId: visitId, detail: { photoId, size: file.bytes.length } });
  });
  return { id: photoId, url: `/api/hotline/photos/${photoId}` };
}

/** A visit photo's bytes (hotline staff only). */
export async function visitPhoto(deps: TicketDeps, ctx: RequestContext, photoId: string) {
  const actor = requireActor(ctx);
  authorize(actor, "hotline.tickets.read");
  const p = await repo.findPhoto(deps.db, photoId);
  if (!p) throw AppError.notFound("照片");
  await assertCentre(deps.db, actor, "hotline", p.centre_id);
  await audit(deps.db, ctx, { action: "hotline.photo.read", entity: "hotline_visit_photo", entityId: photoId, detail: { ticketId: p.ticket_id } });
  return { contentType: p.content_type, bytes: deps.files.read(p.sha256), fileName: p.file_name };
}

/** Closes after the visit: the summary (or the visit's advice) is the answer, kept in the knowledge base. */
export async function close(deps: TicketDeps, ctx: RequestContext, id: string, input: { summary?: string | null; publish?: boolean }) {
  return step(
    deps,
    ctx,
    id,
    "close",
    async (trx, t, at, actor, visits) => {
      const done = visits.filter((v) => v.status === "done").at(-1)!;
      const text = input.summary?.trim() || `现场发现：${done.findings}\n处理建议：${done.advice}`;
      const kid = input.publish === false ? null : await addKnowledge(trx, t, text, actor.userId, at, t.specialty ?? (await specialtyOf(trx, done.expert_id)));
      await repo.endPause(trx, t.id, at);
      await tellFarmer(trx, t, input.summary?.trim() || done.advice || text);
      return {
        patch: { status: "closed", answer: text, resolution: "visit", solved_at: at, closed_by: actor.userId, knowledge_id: kid, waiting_since: null },
        detail: { summary: text, published: kid },
      };
    },
    () => (input.summary ? textProblem(input.summary, "summary", "办结说明") : []),
  );
}

/** Waiting for the farmer (the solution clock stands still). */
export async function wait(deps: TicketDeps, ctx: RequestContext, id: string, input: { reason: string }) {
  return step(
    deps,
    ctx,
    id,
    "wait",
    async (trx, t, at) => {
      await repo.insertPause(trx, { id: randomUUID(), ticket_id: t.id, from_at: at, to_at: null, reason: input.reason.trim() });
      // The clock stands still, so no due time while waiting; a clock already run out stays out (and the ticket among the overdue).
      const breached = t.solution_due_at !== null && t.solution_due_at < at;
      return { patch: { waiting_since: at, solution_due_at: breached ? t.solution_due_at : null }, detail: { reason: input.reason.trim() } };
    },
    () => textProblem(input.reason, "reason", "等待原因", 200),
  );
}

/** The farmer is back: the clock runs again, the due time moved by the pause. */
export async function resume(deps: TicketDeps, ctx: RequestContext, id: string) {
  return step(deps, ctx, id, "resume", async (trx, t, at) => {
    await repo.endPause(trx, t.id, at);
    const pauses = await repo.pausesOf(trx, [t.id]);
    return { patch: { waiting_since: null, ...dueTimes(await deps.calendar.forWrite(trx), { ...t, waiting_since: null }, pauses) }, detail: { waitedFrom: t.waiting_since } };
  });
}

/** What a new ticket is given; the rest starts empty, its clocks counted on `calendar` from `created_at`. */
type NewTicketRow = Pick<
  Ticket,
  "id" | "number" | "centre_id" | "channel" | "caller_id" | "caller_name" | "caller_phone" | "village_code" | "address" | "lat" | "lng" | "open311_client_id" | "category" | "product" | "text" | "assignee_id" | "response_minutes" | "solution_minutes" | "created_by" | "created_at"
>;

/** A new open ticket: with the expert on duty (if any), its due times counted on `calendar`. */
export function newTicketRow(calendar: WorkingCalendar, t: NewTicketRow): Ticket {
  return {
    ...t,
    specialty: null,
    status: "open",
    assigned_at: t.assignee_id ? t.created_at : null,
    ...dueTimes(calendar, { created_at: t.created_at, waiting_since: null, solution_due_at: null, response_minutes: t.response_minutes, solution_minutes: t.solution_minutes }, []),
    waiting_since: null,
    overdue_notified: null,
    responded_at: null,
    solved_at: null,
    resolution: null,
    answer: null,
    closed_by: null,
    callback_at: null,
    callback_by: null,
    callback_method: null,
    satisfaction: null,
    callback_note: null,
    knowledge_id: null,
    updated_at: t.created_at,
    revision: 1,
  };
}

type Clocked = Pick<Ticket, "created_at" | "waiting_since" | "solution_due_at" | "response_minutes" | "solution_minutes">;

/**
 * The due times a ticket stores, counted on `calendar`: the first response, and the solution (none
 * while waiting for the farmer, unless it had already run out: then it stays, and the ticket overdue).
 */
function dueTimes(calendar: WorkingCalendar, t: Clocked, pauses: readonly HotlinePauseTable[]) {
  const due = slaDueTimes(calendar, { openedAt: t.created_at, pauses: pauses.map((p) => ({ from: p.from_at, to: p.to_at })), responseMinutes: t.response_minutes, solutionMinutes: t.solution_minutes });
  return {
    response_due_at: due.responseDue,
    solution_due_at: t.waiting_since ? (t.solution_due_at !== null && t.solution_due_at < t.waiting_since ? t.solution_due_at : null) : due.solutionDue,
    due_provisional: due.provisional ? 1 : 0,
    calendar_rev: calendar.revision,
  };
}

/**
 * Open tickets' due times counted again after a calendar change: a moved due time is recorded in
 * the ticket's events and told to the expert holding it.
 */
export function hotlineDeadlineSource(deps: Pick<TicketDeps, "db" | "config">): DeadlineSource {
  return {
    name: "hotline_tickets",
    async recount(db, calendar, cursor, limit, context) {
      const { rows, cursor: next } = await repo.openTicketsAfter(db, deps.config.database.kind, calendar.revision, cursor, limit);
      const pauses = new Map<string, HotlinePauseTable[]>();
      for (const p of await repo.pausesOf(db, rows.map((t) => t.id))) pauses.set(p.ticket_id, [...(pauses.get(p.ticket_id) ?? []), p]);
      const at = nowIso();
      const updates = [];
      const moved: MovedDeadline[] = [];
      const events = [];
      for (const t of rows) {
        const d = dueTimes(calendar, t, pauses.get(t.id) ?? []);
        if (d.response_due_at === t.response_due_at && d.solution_due_at === t.solution_due_at && d.due_provisional === t.due_provisional) continue;
        updates.push({ id: t.id, values: [d.response_due_at, d.solution_due_at, d.due_provisional, d.calendar_rev], guard: t.updated_at });
        const steps = [
          ...(t.responded_at === null && d.response_due_at !== t.response_due_at ? [{ field: "response_due_at", what: "首次响应时限", before: t.response_due_at, after: d.response_due_at }] : []),
          ...(d.solution_due_at !== t.solution_due_at ? [{ field: "solution_due_at", what: "办结时限", before: t.solution_due_at, after: d.solution_due_at }] : []),
        ];
        for (const step of steps) {
          moved.push({ kind: "hotline_ticket", itemId: t.id, parentId: t.id, label: `12316 工单 ${t.number}${step.what}`, field: step.field, before: step.before, after: step.after, provisional: d.due_provisional === 1, holders: t.assignee_id ? [t.assignee_id] : [] });
          events.push({ id: randomUUID(), ticket_id: t.id, kind: "deadline_moved", actor_id: null, detail: JSON.stringify({ field: step.field, before: step.before, after: step.after, provisional: d.due_provisional === 1, reason: context.reason }), at });
        }
      }
      await repo.writeDueTimes(db, updates);
      await repo.insertEvents(db, events);
      return { read: rows.length, moved, cursor: next };
    },
  };
}

/** The farmer was reached on a call-back (a try that did not reach them leaves the call-back open, to try again). */
function calledBack(t: { callback_at: string | null; satisfaction: string | null }): boolean {
  return t.callback_at !== null && t.satisfaction !== "unreachable";
}

/** The farmer called or messaged back; their satisfaction recorded (once they are reached; each try is in the ticket's events). */
export async function callback(deps: TicketDeps, ctx: RequestContext, id: string, input: { method: "phone" | "sms"; satisfaction: Satisfaction; note?: string | null }) {
  return step(deps, ctx, id, "callback", async (trx, t, at, actor) => {
    if (input.method === "sms" && /^1\d{10}$/.test(t.caller_phone)) {
      await sendSms(trx, { phone: t.caller_phone, body: `您的12316咨询（${t.number}）已办结，感谢您的评价。如仍有问题请拨打12316。`, purpose: "hotline.callback", relatedId: t.id, sign: HOTLINE_SIGN });
    }
    return {
      patch: { callback_at: at, callback_by: actor.userId, callback_method: input.method, satisfaction: input.satisfaction, callback_note: input.note?.trim() || null },
      detail: { method: input.method, satisfaction: input.satisfaction, note: input.note?.trim() || null },
    };
  });
}

/** The specialists of a specialty at the centre (for the transfer dialog), with their open loads. */
export async function specialistsFor(deps: TicketDeps, ctx: RequestContext, specialty: string, centreId?: string) {
  const actor = requireActor(ctx);
  authorize(actor, "hotline.tickets.read");
  if (!isSpecialty(specialty)) throw AppError.validation([{ path: "specialty", message: `专长：须为以下之一：${EXPERT_SPECIALTIES.map((x) => x.zh).join("、")}` }]);
  const centre = await hotlineCentre(deps.db, actor, centreId);
  return specialists(deps.db, centre.id, specialty);
}

/* ---------- knowledge base ---------- */

/** Searches the knowledge base (Chinese full-text over title, product, question and answer). */
export async function searchKnowledge(deps: TicketDeps & { reads: ReadCache }, ctx: RequestContext, q: { q?: string; category?: string; specialty?: string; limit: number }) {
  // The knowledge base is every hotline centre's (its entries have no centre): staff of one may read it.
  await authorizeCentreStaff(deps.db, ctx, "hotline.knowledge.read", "hotline");
  const terms = q.q ? searchQuery(q.q) : [];
  if (q.q && !terms.length) throw AppError.validation([{ path: "q", message: "关键词：请输入文字或数字" }]);
  // Kept until an entry changes (its uses counted included).
  return deps.reads.get(["knowledge_entries"], `knowledge:${JSON.stringify([terms, q.category, q.specialty, q.limit])}`, () => readKnowledge(deps, terms, q));
}

async function readKnowledge(deps: TicketDeps, terms: ReturnType<typeof searchQuery>, q: { category?: string; specialty?: string; limit: number }) {
  const rows = terms.length ? await repo.searchEntries(deps.db, deps.config.database.kind, terms, q) : await repo.latestEntries(deps.db, q);
  return {
    more: rows.length > q.limit,
    items: rows.slice(0, q.limit).map((e) => ({
      id: e.id,
      ticketId: e.ticket_id,
      title: e.title,
      category: e.category,
      specialty: e.specialty,
      product: e.product,
      question: e.question,
      answer: e.answer,
      uses: Number(e.uses),
      createdAt: e.created_at,
    })),
  };
}

/** An operator or expert writes an entry by hand (not from a ticket). */
export async function addKnowledgeEntry(deps: TicketDeps, ctx: RequestContext, input: { title: string; category: string; specialty?: string | null; product?: string | null; question: string; answer: string }) {
  const actor = await authorizeCentreStaff(deps.db, ctx, "hotline.knowledge.write", "hotline");
  const problems: FieldError[] = [
    ...textProblem(input.title, "title", "标题", 60),
    ...textProblem(input.question, "question", "问题", 2000),
    ...textProblem(input.answer, "answer", "解答", 4000),
  ];
  if (!CATEGORY_ZH.has(input.category)) problems.push({ path: "category", message: `问题类别：须为 ${HOTLINE_CATEGORIES.map((c) => c.zh).join("、")} 之一` });
  if (input.specialty && !isSpecialty(input.specialty)) problems.push({ path: "specialty", message: `专长：须为以下之一：${EXPERT_SPECIALTIES.map((x) => x.zh).join("、")}` });
  if (input.product && [...input.product].length > 40) problems.push({ path: "product", message: "品种/产品：不能超过 40 个字" });
  if (problems.length) throw AppError.validation(problems);
  const at = nowIso();
  let id = "";
  await deps.db.transaction().execute(async (trx) => {
    id = await saveEntry(trx, { ticketId: null, title: input.title.trim(), category: input.category, specialty: input.specialty ?? null, product: input.product?.trim() || null, question: input.question.trim(), answer: input.answer.trim(), authorId: actor.userId }, at);
    await audit(trx, ctx, { action: "hotline.knowledge.add", entity: "knowledge_entry", entityId: id });
  });
  return { id };
}

/** An expert or supervisor corrects an entry (searchable by its new words at once) or retires it (out of search). */
export async function editKnowledgeEntry(
  deps: TicketDeps,
  ctx: RequestContext,
  id: string,
  input: { title?: string; product?: string | null; specialty?: string | null; answer?: string; retired?: boolean },
) {
  const actor = await authorizeCentreStaff(deps.db, ctx, "hotline.knowledge.manage", "hotline");
  const e = await repo.findEntry(deps.db, id);
  if (!e) throw AppError.notFound("知识库条目");
  const problems: FieldError[] = [
    ...(input.title !== undefined ? textProblem(input.title, "title", "标题", 60) : []),
    ...(input.answer !== undefined ? textProblem(input.answer, "answer", "解答", 4000) : []),
  ];
  if (input.specialty && !isSpecialty(input.specialty)) problems.push({ path: "specialty", message: `专长：须为以下之一：${EXPERT_SPECIALTIES.map((x) => x.zh).join("、")}` });
  if (input.product && [...input.product].length > 40) problems.push({ path: "product", message: "品种/产品：不能超过 40 个字" });
  if (problems.length) throw AppError.validation(problems);
  const next = {
    title: input.title?.trim() ?? e.title,
    product: input.product === undefined ? e.product : input.product?.trim() || null,
    specialty: input.specialty === undefined ? e.specialty : input.specialty || null,
    answer: input.answer?.trim() ?? e.answer,
    status: input.retired === undefined ? e.status : input.retired ? ("retired" as const) : ("published" as const),
  };
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateEntry(trx, id, { ...next, tokens: searchTokens(next.title, next.product, e.question, next.answer).join(" "), updated_at: nowIso() });
    await audit(trx, ctx, { action: "hotline.knowledge.edit", entity: "knowledge_entry", entityId: id, detail: { ...input } });
  });
  return { id, ...next };
}

/** Supply/demand drafts waiting for the broadcast module. */
export async function listNotices(deps: TicketDeps, ctx: RequestContext, status: ("draft" | "verified" | "rejected" | "broadcast")[]) {
  await authorizeCentreStaff(deps.db, ctx, "hotline.tickets.read", "hotline");
  const rows = await repo.listNotices(deps.db, status, 200);
  return rows.map((n) => ({ id: n.id, ticketId: n.ticket_id, kind: n.kind, product: n.product, quantity: n.quantity, price: n.price, village: n.village_code ? (findPlace(n.village_code)?.fullName ?? null) : null, owner: n.owner_name, contactPhone: masked(n.contact_phone), text: n.text, status: n.status, createdAt: n.created_at }));
}

/* ---------- service levels ---------- */

/** Each category's limits at the centre: its own where set, else the defaults. */
export async function categoryLimitsView(deps: TicketDeps, ctx: RequestContext, centreId?: string) {
  const actor = requireActor(ctx);
  authorize(actor, "hotline.tickets.read");
  const centre = await hotlineCentre(deps.db, actor, centreId);
  const own = new Map((await repo.categoryLimitsOf(deps.db, centre.id)).map((l) => [l.category, l]));
  return HOTLINE_CATEGORIES.map((c) => {
    const o = own.get(c.code);
    return { code: c.code, zh: c.zh, en: c.en, responseMinutes: o?.response_minutes ?? c.responseMinutes, solutionMinutes: o?.solution_minutes ?? c.solutionMinutes, own: !!o, defaults: { responseMinutes: c.responseMinutes, solutionMinutes: c.solutionMinutes }, updatedAt: o?.updated_at ?? null };
  });
}

/** A supervisor sets a category's limits at the centre (tickets logged from now on take them). */
export async function setCategoryLimits(deps: TicketDeps, ctx: RequestContext, code: string, input: { responseMinutes: number; solutionMinutes: number; centre?: string }) {
  const actor = requireActor(ctx);
  authorize(actor, "hotline.duty.manage");
  if (!CATEGORY_ZH.has(code)) throw AppError.notFound(`问题类别 ${code} `);
  const problems = categoryLimitProblems(input);
  if (problems.length) throw AppError.validation(problems);
  const centre = await hotlineCentre(deps.db, actor, input.centre);
  await deps.db.transaction().execute(async (trx) => {
    await repo.saveCategoryLimits(trx, { centre_id: centre.id, category: code, response_minutes: input.responseMinutes, solution_minutes: input.solutionMinutes, updated_by: actor.userId, updated_at: nowIso() });
    await audit(trx, ctx, { action: "hotline.limits.save", entity: "hotline_category", entityId: code, detail: { responseMinutes: input.responseMinutes, solutionMinutes: input.solutionMinutes } });
  });
  return categoryLimitsView(deps, ctx, centre.id);
}

/**
 * Reports each clock's breach once: the holder and the supervisors are told, the ticket's
 * history shows it. Claimed with a conditional update, so instances never repeat a report.
 */
export async function notifyOverdueHotline(db: Database, now = nowIso()): Promise<number> {
  const due = await repo.unreportedOverdue(db, now, 500);
  const supervisors = await db.selectFrom("user_roles as r").innerJoin("users as u", "u.id", "r.user_id").select("u.id").where("r.role", "=", "supervisor").where("u.disabled", "=", 0).execute();
  let reported = 0;
  for (const t of due) {
    const clock = t.solution_due_at !== null && t.solution_due_at < now ? "solution" : "response";
    await db.transaction().execute(async (trx) => {
      if (!(await repo.claimOverdue(trx, t.id, t.overdue_notified, clock, now))) return;
      const label = clock === "response" ? "首次响应" : "解决";
      for (const userId of new Set([t.assignee_id, ...supervisors.map((s) => s.id)].filter((x): x is string => !!x))) {
        await notify(trx, { userId, title: `12316 工单超时 ${t.number}`, body: `工单 ${t.number}（${CATEGORY_ZH.get(t.category) ?? t.category}）的${label}时限已过，请立即处理。` });
      }
      await repo.insertEvent(trx, { id: randomUUID(), ticket_id: t.id, kind: "overdue", actor_id: null, detail: JSON.stringify({ clock }), at: now });
      reported++;
    });
  }
  return reported;
}
