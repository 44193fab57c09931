import { randomUUID } from "node:crypto";
import type { ReadCache } from "../platform/read-cache.js";
import { composeSms, nextSendingTime, normaliseRegions, parseTags, segmentSms, shanghaiDate, targetProblems, type BroadcastTarget, type FieldError } from "@yichuang/core";
import { audit } from "../audit/audit.service.js";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import { authorizeCentreStaff } from "../org/centre-scope.js";
import { AppError } from "../shared/errors.js";
import { decodeCursor, pageOf, pageInfo } from "../shared/paging.js";
import type { RequestContext } from "../shared/request-context.js";
import { nowIso, clock, shanghaiToday } from "../platform/clock.js";
import * as repo from "./broadcasts.repository.js";
import { findNotice, markNoticeBroadcast } from "./notices.repository.js";

/** What the broadcast services need. */
export interface BroadcastDeps {
  db: Database;
  config: Config;
}

function cleanTarget(t: BroadcastTarget): BroadcastTarget {
  return { tags: parseTags(t.tags), regions: normaliseRegions(t.regions ?? []), roles: [...new Set(t.roles ?? [])] };
}

function bodyProblems(body: string): FieldError[] {
  const n = [...(body ?? "").trim()].length;
  if (n < 4) return [{ path: "body", message: "短信内容：请至少写 4 个字" }];
  if (n > 300) return [{ path: "body", message: "短信内容：不能超过 300 个字" }];
  return [];
}

/** The audience and the message as it will be sent: its text with the signature and refusal, length, parts, a few recipients. */
export async function preview(deps: BroadcastDeps, ctx: RequestContext, input: { body: string; target: BroadcastTarget }) {
  await authorizeCentreStaff(deps.db, ctx, "sms.broadcasts.write", "sms");
  const target = cleanTarget(input.target);
  const problems = [...bodyProblems(input.body), ...targetProblems(target)];
  if (problems.length) throw AppError.validation(problems);
  const text = composeSms(deps.config.sms.signature, input.body);
  const [audience, sample] = await Promise.all([repo.countAudience(deps.db, target), repo.sampleAudience(deps.db, target, 5)]);
  return {
    text,
    chars: text.length,
    parts: segmentSms(text),
    audience,
    messages: audience * segmentSms(text).length,
    sample: sample.map((s) => ({ name: s.name, phone: `${s.phone.slice(0, 3)}****${s.phone.slice(7)}`, villageCode: s.village_code, role: s.role })),
    target,
  };
}

/** A broadcast drafted by one member of staff (optionally from a verified notice), to be approved by another. */
export async function createBroadcast(deps: BroadcastDeps, ctx: RequestContext, input: { noticeId?: string | null; body: string; target: BroadcastTarget; sendAt?: string | null }) {
  const actor = await authorizeCentreStaff(deps.db, ctx, "sms.broadcasts.write", "sms");
  const target = cleanTarget(input.target);
  const problems = [...bodyProblems(input.body), ...targetProblems(target)];
  if (input.sendAt && (Number.isNaN(Date.parse(input.sendAt)) || Date.parse(input.sendAt) < clock.nowMs() - 60_000)) problems.push({ path: "sendAt", message: "定时发送：须为不早于现在的有效时间" });
  if (input.noticeId) {
    const n = await findNotice(deps.db, input.noticeId);
    if (!n) problems.push({ path: "noticeId", message: "供求信息：不存在" });
    else if (n.status !== "verified") problems.push({ path: "noticeId", message: "供求信息：须先经另一名工作人员审核通过" });
    else if (n.valid_until && input.sendAt && !problems.some((p) => p.path === "sendAt") && shanghaiDate(new Date(input.sendAt)) > n.valid_until)
      problems.push({ path: "sendAt", message: `定时发送：不能晚于供求信息的有效期（${n.valid_until}）` });
  }
  const audience = problems.some((p) => p.path.startsWith("target")) ? 0 : await repo.countAudience(deps.db, target);
  if (!problems.some((p) => p.path.startsWith("target")) && audience === 0) problems.push({ path: "target", message: "发送对象：没有符合条件的接收人（已退订的号码不计），请调整品种、地区或身份" });
  if (problems.length) throw AppError.validation(problems);
  const text = composeSms(deps.config.sms.signature, input.body);
  const at = nowIso();
  const id = randomUUID();
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertBroadcast(trx, {
      id,
      notice_id: input.noticeId ?? null,
      body: input.body.trim(),
      text,
      parts: segmentSms(text).length,
      target: JSON.stringify(target),
      audience,
      status: "draft",
      send_at: input.sendAt ? new Date(input.sendAt).toISOString() : null,
      created_by: actor.userId,
      created_at: at,
      approved_by: null,
      approved_at: null,
      cancelled_by: null,
      cancelled_at: null,
      finished_at: null,
      expanding: 0,
      expanded_after: null,
    });
    await audit(trx, ctx, { action: "sms.broadcast.create", entity: "sms_broadcast", entityId: id, detail: { target, audience } });
  });
  return broadcastView(deps, ctx, id);
}

/**
 * A second person approves: in the same transaction the outbox gets one row per recipient (opted-out
 * numbers never get one), due at the send time moved into the allowed hours; the notice is marked
 * broadcast. Its author may not approve it.
 */
export async function approveBroadcast(deps: BroadcastDeps, ctx: RequestContext, id: string) {
  const actor = await authorizeCentreStaff(deps.db, ctx, "sms.broadcasts.approve", "sms");
  const b = await repo.findBroadcast(deps.db, id);
  if (!b) throw AppError.notFound("群发");
  if (b.status !== "draft") throw AppError.conflict("该群发已审批或已取消，不能重复审批");
  if (b.created_by === actor.userId) throw AppError.conflict("不能审批自己创建的群发：须由另一名工作人员审批");
  if (b.notice_id) {
    // The notice must still be one that may go out: verified (not already broadcast by another draft) and valid.
    const n = await findNotice(deps.db, b.notice_id);
    if (!n || n.status !== "verified") throw AppError.conflict(n?.status === "broadcast" ? "该供求信息已由另一条群发发出，不能重复群发" : "该供求信息未通过审核，不能群发");
    if (n.valid_until && n.valid_until < shanghaiToday()) throw AppError.conflict(`该供求信息已过有效期（${n.valid_until}），不能群发`);
  }
  const at = nowIso();
  const due = nextSendingTime(b.send_at && b.send_at > at ? b.send_at : at, deps.config.sms.hours).toISOString();
  if (b.notice_id) {
    // Held by the schedule or the sending hours past the notice's validity, it would go out stale.
    const n = (await findNotice(deps.db, b.notice_id))!;
    const dueDay = shanghaiDate(new Date(due));
    if (n.valid_until && dueDay > n.valid_until) throw AppError.conflict(`按发送时段最早于 ${dueDay} 发出，已晚于供求信息的有效期（${n.valid_until}），不能群发`);
  }
  const target = JSON.parse(b.target) as BroadcastTarget;
  // Everyone it was for has opted out (or left) since it was drafted: nothing to approve.
  const nobody = () => AppError.conflict("发送对象中已没有可接收的号码（均已退订或不再符合条件），不能群发");
  // PostgreSQL writes every recipient in the approval's transaction (other requests go on meanwhile), and
  // so does SQLite for up to EXPANSION_CHUNK; above that SQLite's one connection would hold every request
  // for seconds (200,000 recipients: 4.7 s), so there the rows follow in chunks (expandBroadcast).
  // (Counted only up to one more than a chunk: a count of 200,000 would itself hold the connection for seconds.)
  const reach = deps.config.database.kind === "sqlite" ? await repo.countAudienceUpTo(deps.db, target, EXPANSION_CHUNK) : null;
  if (reach?.total === 0) throw nobody();
  const chunked = reach !== null && !reach.totalExact;
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.moveBroadcast(trx, id, ["draft"], { status: "approved", approved_by: actor.userId, approved_at: at, ...(chunked ? { expanding: 1, expanded_after: null } : {}) }))) {
      throw AppError.conflict("该群发刚被他人审批，请刷新");
    }
    // Chunked: the draft's audience stands until the last chunk records how many rows were written.
    const written = chunked ? b.audience : await repo.writeOutbox(trx, { id, text: b.text, parts: b.parts, notBefore: due, at }, target);
    if (written === 0) throw nobody();
    if (!chunked) await trx.updateTable("sms_broadcasts").set({ audience: written }).where("id", "=", id).execute();
    if (b.notice_id && !(await markNoticeBroadcast(trx, b.notice_id, at))) throw AppError.conflict("该供求信息刚由另一条群发发出，不能重复群发");
    await audit(trx, ctx, { action: "sms.broadcast.approve", entity: "sms_broadcast", entityId: id, detail: { recipients: written, due } });
  });
  if (chunked) void expandBroadcast(deps, id).catch(() => {}); // resumed by the jobs should it fail (expandUnfinished)
  return broadcastView(deps, ctx, id);
}

/** Above this many recipients SQLite writes a broadcast's outbox in chunks after the approval. */
export const EXPANSION_CHUNK = 1_000;
/** Subscribers looked at per chunk (in phone order; those the target reaches get a row): a few ms of the one connection. */
export const EXPANSION_SCAN = 2_000;

/** Expansions running in this process (a broadcast is expanded by one loop at a time). */
const running = new Map<string, Promise<void>>();

/**
 * Writes an approved broadcast's outbox rows in chunks (the recipients among the next EXPANSION_SCAN
 * subscribers in phone order), each chunk in
 * its own transaction with the cursor it reached (so a restart resumes there and no row is written
 * twice: the idempotency key is unique too), yielding to other requests between chunks; the last
 * chunk clears `expanding` and records the audience written. Stops when the broadcast was cancelled.
 */
export function expandBroadcast(deps: BroadcastDeps, id: string): Promise<void> {
  const busy = running.get(id);
  if (busy) return busy;
  const run = (async () => {
    for (;;) {
      const more = await deps.db.transaction().execute(async (trx) => {
        const b = await repo.findBroadcast(trx, id);
        if (!b || b.expanding !== 1) return false;
        if (b.status !== "approved" && b.status !== "sending") {
          await trx.updateTable("sms_broadcasts").set({ expanding: 0 }).where("id", "=", id).execute();
          return false;
        }
        const notBefore = nextSendingTime(b.send_at && b.send_at > b.approved_at! ? b.send_at : b.approved_at!, deps.config.sms.hours).toISOString();
        const { last, done } = await repo.writeOutboxChunk(trx, { id, text: b.text, parts: b.parts, notBefore, at: b.approved_at! }, JSON.parse(b.target) as BroadcastTarget, b.expanded_after, EXPANSION_SCAN);
        if (done) {
          await trx.updateTable("sms_broadcasts").set({ expanding: 0, audience: await repo.outboxCount(trx, id) }).where("id", "=", id).execute();
          return false;
        }
        await trx.updateTable("sms_broadcasts").set({ expanded_after: last }).where("id", "=", id).execute();
        return true;
      });
      if (!more) return;
      await new Promise((r) => setImmediate(r));
    }
  })().finally(() => running.delete(id));
  running.set(id, run);
  return run;
}

/** Expansions a restart cut off, resumed (the jobs call it); how many broadcasts. */
export async function expandUnfinished(deps: BroadcastDeps): Promise<number> {
  const open = await repo.expandingBroadcasts(deps.db);
  for (const b of open) await expandBroadcast(deps, b.id);
  return open.length;
}

/** Cancel: what has not gone out never will; what went out stays recorded. */
export async function cancelBroadcast(deps: BroadcastDeps, ctx: RequestContext, id: string) {
  const actor = await authorizeCentreStaff(deps.db, ctx, "sms.broadcasts.write", "sms");
  const at = nowIso();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.moveBroadcast(trx, id, ["draft", "approved", "sending"], { status: "cancelled", cancelled_by: actor.userId, cancelled_at: at }))) {
      const b = await repo.findBroadcast(trx, id);
      if (!b) throw AppError.notFound("群发");
      throw AppError.conflict(b.status === "done" ? "该群发已发完，不能取消" : "该群发已取消");
    }
    const n = await repo.cancelQueued(trx, id, at);
    await audit(trx, ctx, { action: "sms.broadcast.cancel", entity: "sms_broadcast", entityId: id, detail: { cancelled: n } });
  });
  return broadcastView(deps, ctx, id);
}

/** A broadcast with its live progress: messages by state. */
export async function broadcastView(deps: BroadcastDeps, ctx: RequestContext, id: string) {
  await authorizeCentreStaff(deps.db, ctx, "sms.broadcasts.read", "sms");
  return progressOf(deps, id);
}

/** A broadcast with its progress, for a reader already allowed to see it. */
async function progressOf(deps: BroadcastDeps, id: string) {
  const b = await repo.findBroadcast(deps.db, id);
  if (!b) throw AppError.notFound("群发");
  return present(b, (await repo.progressOf(deps.db, [id])).get(id)!);
}

type BroadcastRow = NonNullable<Awaited<ReturnType<typeof repo.findBroadcast>>>;
type Progress = NonNullable<ReturnType<Awaited<ReturnType<typeof repo.progressOf>>["get"]>>;

/** A broadcast as the pages show it, with its progress. */
function present(b: BroadcastRow, p: Progress) {
  const reply = (k: string) => p.replies[k] ?? 0;
  return {
    id: b.id,
    noticeId: b.notice_id,
    body: b.body,
    text: b.text,
    parts: b.parts,
    target: JSON.parse(b.target) as BroadcastTarget,
    audience: b.audience,
    status: b.status,
    sendAt: b.send_at,
    createdBy: b.created_by,
    createdAt: b.created_at,
    approvedBy: b.approved_by,
    approvedAt: b.approved_at,
    cancelledAt: b.cancelled_at,
    finishedAt: b.finished_at,
    /** When the next queued message is due: later than now while held (sending hours, schedule, daily cap). */
    nextDueAt: p.nextDueAt,
    counts: p.counts,
    /** The report: messages that went out (whatever their receipts said since), delivered, failed, numbers that opted out by replying to it, replies, numbers skipped for having opted out before. */
    report: { sent: p.wentOut, delivered: p.counts.delivered, failed: p.counts.failed, optedOut: reply("opt_out"), replies: reply("reply"), skipped: p.counts.skipped },
    optedOut: reply("opt_out"),
    replies: reply("reply"),
  };
}

/** A page of broadcasts, newest first, after the cursor `after`, each with its progress (read for the page at once). */
export async function listBroadcasts(deps: BroadcastDeps & { reads: ReadCache }, ctx: RequestContext, q: { limit: number; after?: string }) {
  await authorizeCentreStaff(deps.db, ctx, "sms.broadcasts.read", "sms");
  const after = q.after ? (decodeCursor(q.after, ["s", "s"]) as [string, string]) : undefined;
  // Kept until a broadcast, a message's state or a reply changes (while one sends, read again as it goes).
  return deps.reads.get(BROADCAST_LIST_TABLES, `broadcasts:${JSON.stringify([q.limit, after])}`, async () => {
    const { rows, total } = await repo.listBroadcasts(deps.db, { limit: q.limit, after });
    const page = pageOf(rows, q.limit, (b) => [b.created_at, b.id]);
    const progress = await repo.progressOf(deps.db, page.rows.map((b) => b.id));
    return {
      ...pageInfo(total, page.nextCursor),
      items: page.rows.map((b) => present(b, progress.get(b.id)!)),
    };
  });
}

/** What a page of broadcasts reads, with its progress. */
const BROADCAST_LIST_TABLES = ["sms_broadcasts", "sms_outbox", "sms_inbound"] as const;

/** Today in Asia/Shanghai (the daily cap's day). */
export const capDay = (at: string) => shanghaiDate(new Date(at));

/** Per month of a year (Asia/Shanghai): broadcast messages and parts sent, how many of them were delivered and failed, notifications sent. */
export async function monthlyReport(deps: BroadcastDeps, ctx: RequestContext, year: number) {
  await authorizeCentreStaff(deps.db, ctx, "sms.broadcasts.read", "sms");
  const start = (y: number, m: number) => new Date(Date.parse(`${y}-${String(m).padStart(2, "0")}-01T00:00:00+08:00`)).toISOString();
  const months = await Promise.all(
    Array.from({ length: 12 }, async (_, i) => ({ month: `${year}-${String(i + 1).padStart(2, "0")}`, ...(await repo.sentBetween(deps.db, start(year, i + 1), i === 11 ? start(year + 1, 1) : start(year, i + 2))) })),
  );
  const total = months.reduce((a, m) => ({ messages: a.messages + m.messages, parts: a.parts + m.parts, delivered: a.delivered + m.delivered, failed: a.failed + m.failed, notifications: a.notifications + m.notifications }), { messages: 0, parts: 0, delivered: 0, failed: 0, notifications: 0 });
  return { year, months, total };
}
