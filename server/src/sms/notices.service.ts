import { randomUUID } from "node:crypto";
import type { ReadCache } from "../platform/read-cache.js";
import { findPlace, isCalendarDate, noticeSmsBody, normalizePhone, placeProblem, shanghaiDate, type FieldError } from "@yichuang/core";
import { audit } from "../audit/audit.service.js";
import { notify, sendSms } from "../platform/notify.js";
import type { Database } from "../db/database.js";
import type { SupplyDemandNoticeTable } from "../db/schema.js";
import { upsertCaller } from "../hotline/tickets.repository.js";
import { authorizeCentreStaff } from "../org/centre-scope.js";
import { AppError } from "../shared/errors.js";
import { decodeCursor, pageOf, pageInfo } from "../shared/paging.js";
import type { RequestContext } from "../shared/request-context.js";
import { nowIso, shanghaiToday } from "../platform/clock.js";
import * as repo from "./notices.repository.js";

/**
 * Supply/demand notices (农民信箱-style): from a 12316 call (a draft with the caller as owner) or
 * entered by staff; a second person verifies each before it may be broadcast, and the owner is
 * told the outcome by SMS.
 */

const KIND_ZH = { supply: "供应", demand: "求购" } as const;
const masked = (phone: string) => (/^1\d{10}$/.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone);

export interface NoticeFields {
  kind: "supply" | "demand";
  product: string;
  quantity?: string | null;
  unit?: string | null;
  price?: string | null;
  villageCode?: string | null;
  contactPhone: string;
  text: string;
  validUntil: string;
}

/** Problems of a notice, each naming its field (zh-CN). */
export function noticeFieldProblems(n: NoticeFields, today = shanghaiToday()): FieldError[] {
  const out: FieldError[] = [];
  if (n.kind !== "supply" && n.kind !== "demand") out.push({ path: "kind", message: "供求类型：须为供应或求购" });
  if (!n.product?.trim() || [...n.product.trim()].length > 30) out.push({ path: "product", message: "品种：须为 1–30 个字" });
  if (n.quantity && !/^\d+(\.\d+)?$/.test(n.quantity.trim())) out.push({ path: "quantity", message: "数量：须为数字" });
  if (n.quantity && !n.unit?.trim()) out.push({ path: "unit", message: "单位：填写数量时须有单位（如 公斤、头、亩）" });
  const place = placeProblem(n.villageCode, "villageCode", "地点");
  if (place) out.push(place);
  if (!normalizePhone(n.contactPhone ?? "")) out.push({ path: "contactPhone", message: "联系电话：须为 11 位手机号或带区号的固定电话" });
  const text = (n.text ?? "").trim();
  if ([...text].length < 4 || [...text].length > 300) out.push({ path: "text", message: "内容：须为 4–300 个字" });
  if (!isCalendarDate(n.validUntil ?? "")) out.push({ path: "validUntil", message: "有效期至：须为 YYYY-MM-DD 格式的有效日期" });
  else if (n.validUntil < today) out.push({ path: "validUntil", message: "有效期至：不能早于今天" });
  return out;
}

type Row = NonNullable<Awaited<ReturnType<typeof repo.findNotice>>>;

function view(n: Row, full: boolean) {
  const place = n.village_code ? (findPlace(n.village_code)?.fullName ?? null) : null;
  return {
    // The SMS as it would go, with the contact's phone: in full only where the read is audited.
    suggestedBody: noticeSmsBody({ kind: n.kind, product: n.product, quantity: n.quantity, unit: n.unit, price: n.price, place, contactPhone: full ? n.contact_phone : masked(n.contact_phone), validUntil: n.valid_until }),
    id: n.id,
    ticketId: n.ticket_id,
    kind: n.kind,
    product: n.product,
    quantity: n.quantity,
    unit: n.unit,
    price: n.price,
    villageCode: n.village_code,
    place,
    contactPhone: full ? n.contact_phone : masked(n.contact_phone),
    owner: { name: n.owner_name, phone: full ? n.owner_phone : masked(n.owner_phone) },
    text: n.text,
    validUntil: n.valid_until,
    status: n.status,
    author: n.author_name,
    authorId: n.created_by,
    decidedBy: n.decider_name,
    decidedAt: n.decided_at,
    rejectReason: n.reject_reason,
    ownerToldAt: n.owner_told_at,
    createdAt: n.created_at,
  };
}

/** Notices by status, newest first (phones masked). */
export async function listNotices(db: Database, reads: ReadCache, ctx: RequestContext, q: { status?: SupplyDemandNoticeTable["status"]; limit: number; after?: string }) {
  await authorizeCentreStaff(db, ctx, "sms.notices.read", "sms");
  const after = q.after ? (decodeCursor(q.after, ["s", "s"]) as [string, string]) : undefined;
  // Kept until a notice, its owner's name or phone, or a name of staff shown changes.
  return reads.get(NOTICE_LIST_TABLES, `notices:${JSON.stringify([q.status, q.limit, after])}`, async () => {
    const { rows, total } = await repo.listNotices(db, { status: q.status, limit: q.limit, after });
    const page = pageOf(rows, q.limit, (n) => [n.created_at, n.id]);
    return {
      ...pageInfo(total, page.nextCursor),
      items: page.rows.map((n) => view(n, false)),
    };
  });
}

/** What a page of notices reads. */
const NOTICE_LIST_TABLES = ["supply_demand_notices", "hotline_callers", "users"] as const;

/** A notice in full (audited: it holds the owner's phone). */
export async function getNotice(db: Database, ctx: RequestContext, id: string) {
  await authorizeCentreStaff(db, ctx, "sms.notices.read", "sms");
  const n = await repo.findNotice(db, id);
  if (!n) throw AppError.notFound("供求信息");
  await audit(db, ctx, { action: "sms.notice.read", entity: "supply_demand_notice", entityId: id });
  return view(n, true);
}

/** Staff enter a notice for an owner (found or added by phone): a draft awaiting a second person. */
export async function addNotice(db: Database, ctx: RequestContext, input: NoticeFields & { ownerPhone: string; ownerName?: string | null }) {
  const actor = await authorizeCentreStaff(db, ctx, "sms.notices.write", "sms");
  const problems = noticeFieldProblems(input);
  const owner = normalizePhone(input.ownerPhone ?? "");
  if (!owner) problems.unshift({ path: "ownerPhone", message: "发布人电话：须为 11 位手机号或带区号的固定电话" });
  if (problems.length) throw AppError.validation(problems);
  const at = nowIso();
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    const caller = await upsertCaller(trx, { id: randomUUID(), phone: owner!, name: input.ownerName?.trim() || null, village_code: input.villageCode || null, at, trusted: true });
    await repo.insertNotice(trx, {
      id,
      ticket_id: null,
      owner_caller_id: caller.id,
      kind: input.kind,
      product: input.product.trim(),
      quantity: input.quantity?.trim() || null,
      unit: input.unit?.trim() || null,
      price: input.price?.trim() || null,
      village_code: input.villageCode || null,
      contact_phone: normalizePhone(input.contactPhone)!,
      text: input.text.trim(),
      valid_until: input.validUntil,
      status: "draft",
      created_by: actor.userId,
      created_at: at,
      updated_at: at,
      decided_by: null,
      decided_at: null,
      reject_reason: null,
      owner_told_at: null,
    });
    await audit(trx, ctx, { action: "sms.notice.add", entity: "supply_demand_notice", entityId: id, detail: { kind: input.kind, product: input.product } });
  });
  return getNotice(db, ctx, id);
}

/**
 * A second person verifies a draft: approved (it may be broadcast) or rejected with the reason.
 * The author may not decide their own notice. The owner is told the outcome by SMS in the same
 * transaction.
 */
export async function decideNotice(db: Database, ctx: RequestContext, id: string, input: { decision: "approve" | "reject"; reason?: string | null }) {
  const actor = await authorizeCentreStaff(db, ctx, "sms.notices.verify", "sms");
  const n = await repo.findNotice(db, id);
  if (!n) throw AppError.notFound("供求信息");
  if (n.status !== "draft") throw AppError.conflict(`该供求信息已${n.status === "rejected" ? "退回" : "审核通过"}（${n.decider_name ?? ""}），不能重复审核`);
  if (n.created_by === actor.userId) throw AppError.conflict("不能审核自己录入的供求信息：须由另一名工作人员审核");
  if (input.decision === "reject" && !input.reason?.trim()) throw AppError.validation([{ path: "reason", message: "退回原因：请填写" }]);
  if (input.decision === "approve" && n.valid_until && n.valid_until < shanghaiToday()) throw AppError.conflict(`该供求信息已过有效期（${n.valid_until}），不能通过`);
  const at = nowIso();
  await db.transaction().execute(async (trx) => {
    const ok = await repo.decideNotice(trx, id, {
      status: input.decision === "approve" ? "verified" : "rejected",
      decided_by: actor.userId,
      decided_at: at,
      reject_reason: input.decision === "reject" ? input.reason!.trim() : null,
      owner_told_at: /^1\d{10}$/.test(n.owner_phone) ? at : null,
      updated_at: at,
    });
    if (!ok) throw AppError.conflict("该供求信息刚被他人审核，请刷新");
    const what = `${KIND_ZH[n.kind]}${n.product}`;
    const body = input.decision === "approve" ? `您的${what}信息已审核通过，将按品种和地区发送给相关用户。` : `您的${what}信息未通过审核：${input.reason!.trim()}。如有疑问请拨打12316。`;
    if (/^1\d{10}$/.test(n.owner_phone)) await sendSms(trx, { phone: n.owner_phone, body, purpose: "sms.notice.decision", relatedId: id, sign: "【嘉兴12316】" });
    else {
      // A landline takes no SMS: whoever entered the notice (or the decider) is asked to phone the owner, and records it.
      for (const userId of new Set([n.created_by ?? actor.userId, actor.userId]))
        await notify(trx, { userId, title: `请电话告知供求信息审核结果：${what}`, body: `${n.owner_name ?? "发布人"}（${n.owner_phone}）的${what}信息${input.decision === "approve" ? "已审核通过" : `未通过审核（${input.reason!.trim()}）`}。该号码不能接收短信，请电话告知后在“供求信息”中点“已电话告知”。` });
    }
    await audit(trx, ctx, { action: `sms.notice.${input.decision}`, entity: "supply_demand_notice", entityId: id, detail: { reason: input.reason ?? null } });
  });
  return getNotice(db, ctx, id);
}

/** Staff phoned an owner who cannot take SMS (a landline) and told them the outcome: recorded once. */
export async function markOwnerTold(db: Database, ctx: RequestContext, id: string, input: { note?: string | null }) {
  const actor = await authorizeCentreStaff(db, ctx, "sms.notices.verify", "sms");
  const n = await repo.findNotice(db, id);
  if (!n) throw AppError.notFound("供求信息");
  if (n.status === "draft") throw AppError.conflict("该供求信息尚未审核，没有结果可告知");
  if (n.owner_told_at) throw AppError.conflict("已告知发布人，不能重复登记");
  const at = nowIso();
  await db.transaction().execute(async (trx) => {
    if (!(await repo.markOwnerTold(trx, id, at))) throw AppError.conflict("已告知发布人，不能重复登记");
    await audit(trx, ctx, { action: "sms.notice.owner_told", entity: "supply_demand_notice", entityId: id, detail: { by: "phone", note: input.note?.trim() || null } });
  });
  return getNotice(db, ctx, id);
}
