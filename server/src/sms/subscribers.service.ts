import { randomUUID } from "node:crypto";
import type { ReadCache } from "../platform/read-cache.js";
import { PassThrough, type Readable } from "node:stream";
import { setImmediate as yieldToOthers } from "node:timers/promises";
import { CONSENT_METHODS, SUBSCRIBER_ROLES, findPlace, isRealDate, shanghaiDate, parseTags, roleCode, subscriberPhone, subscriberProblems, type ConsentMethod, type FieldError, type SubscriberInput } from "@yichuang/core";
import ExcelJS from "exceljs";
import type { Database } from "../db/database.js";
import type { SmsSubscriberTable } from "../db/schema.js";
import { audit } from "../audit/audit.service.js";
import { authorizeCentreStaff } from "../org/centre-scope.js";
import { AppError } from "../shared/errors.js";
import { decodeCursor, pageOf, pageInfo } from "../shared/paging.js";
import type { RequestContext } from "../shared/request-context.js";
import { nowIso, clock } from "../platform/clock.js";
import { safeRow, xlsxBytes } from "../shared/excel.js";
import { COLUMN_LABEL, readImportFile, type ImportColumn } from "./import-file.js";
import * as repo from "./subscribers.repository.js";

/** What the subscriber services need. */
export interface SmsDeps {
  db: Database;
}

/** Rows an import may hold, and rows written per transaction. */
export const IMPORT_MAX_ROWS = 200_000;
const IMPORT_BATCH = 250;

const CONSENT_CODES: readonly string[] = CONSENT_METHODS.map((c) => c.code);
const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(7)}`;

function consentProblems(c: { method: string; givenAt?: string | null }, path = "consent"): FieldError[] {
  const out: FieldError[] = [];
  if (!CONSENT_CODES.includes(c.method)) out.push({ path: `${path}.method`, message: `同意方式：须为 ${CONSENT_METHODS.map((m) => m.zh).join("、")} 之一` });
  if (c.givenAt && (Number.isNaN(Date.parse(c.givenAt)) || Date.parse(c.givenAt) > clock.nowMs() + 60_000)) out.push({ path: `${path}.givenAt`, message: "同意时间：须为不晚于现在的有效时间" });
  return out;
}

function rowOf(input: SubscriberInput, existing: SmsSubscriberTable | undefined, actorId: string, at: string): SmsSubscriberTable {
  return {
    id: existing?.id ?? randomUUID(),
    phone: subscriberPhone(input.phone),
    name: input.name.trim(),
    village_code: input.villageCode,
    role: roleCode(input.role)!,
    tags: JSON.stringify(parseTags(input.tags)),
    created_by: existing?.created_by ?? actorId,
    created_at: existing?.created_at ?? at,
    updated_at: at,
  };
}

function view(s: SmsSubscriberTable & { opted_out_at?: string | null }, full: boolean) {
  return {
    id: s.id,
    phone: full ? s.phone : masked(s.phone),
    name: s.name,
    villageCode: s.village_code,
    village: findPlace(s.village_code)?.fullName ?? null,
    role: s.role,
    tags: JSON.parse(s.tags) as string[],
    optedOutAt: s.opted_out_at ?? null,
    createdAt: s.created_at,
    updatedAt: s.updated_at,
  };
}

/** A page of subscribers by name or phone, product tag, region (code prefix), role. Phones masked; the read is audited. */
export async function listSubscribers(deps: SmsDeps & { reads: ReadCache }, ctx: RequestContext, q: Omit<repo.SubscriberQuery, "after"> & { after?: string }) {
  await authorizeCentreStaff(deps.db, ctx, "sms.subscribers.read", "sms");
  const after = q.after ? (decodeCursor(q.after, ["s", "s"]) as [string, string]) : undefined;
  const query = { ...q, after, q: q.q ? (/^[\d\s+-]+$/.test(q.q) ? subscriberPhone(q.q) : q.q.trim()) : undefined };
  // Kept until a subscriber, a tag or an opt-out changes; every read of it is still audited.
  const body = await deps.reads.get(SUBSCRIBER_LIST_TABLES, `subscribers:${JSON.stringify(query)}`, async () => {
    const { rows, total } = await repo.listSubscribers(deps.db, query);
    const page = pageOf(rows, q.limit, (r) => [r.created_at, r.id]);
    return {
      ...pageInfo(total, page.nextCursor),
      items: page.rows.map((r) => view(r, false)),
    };
  });
  await audit(deps.db, ctx, { action: "sms.subscribers.read", entity: "sms_subscriber", entityId: null, detail: { ...q, count: body.items.length } });
  return body;
}

/** What a page of subscribers reads. */
const SUBSCRIBER_LIST_TABLES = ["sms_subscribers", "sms_subscriber_tags", "sms_opt_outs"] as const;

/** One subscriber in full, with their consent records (audited). */
export async function getSubscriber(deps: SmsDeps, ctx: RequestContext, id: string) {
  await authorizeCentreStaff(deps.db, ctx, "sms.subscribers.read", "sms");
  const s = await repo.findSubscriber(deps.db, id);
  if (!s) throw AppError.notFound("订阅用户");
  const [consents, optOut] = await Promise.all([repo.consentsOf(deps.db, [id]), deps.db.selectFrom("sms_opt_outs").selectAll().where("phone", "=", s.phone).executeTakeFirst()]);
  await audit(deps.db, ctx, { action: "sms.subscriber.read", entity: "sms_subscriber", entityId: id });
  return {
    ...view({ ...s, opted_out_at: optOut?.at ?? null }, true),
    optOut: optOut ? { at: optOut.at, source: optOut.source, detail: optOut.detail } : null,
    consents: consents.map((c) => ({ id: c.id, givenAt: c.given_at, method: c.method, recordedBy: c.recorded_by, recordedByName: c.recorder_name, note: c.note, createdAt: c.created_at })),
  };
}

/** Staff add a subscriber with the record of their consent (when, how, by whom). A known phone is a 409. */
export async function addSubscriber(deps: SmsDeps, ctx: RequestContext, input: SubscriberInput & { consent: { method: string; givenAt?: string | null; note?: string | null } }) {
  const actor = await authorizeCentreStaff(deps.db, ctx, "sms.subscribers.manage", "sms");
  const tagged = { ...input, tags: parseTags(input.tags) };
  const problems = [...subscriberProblems(tagged), ...consentProblems(input.consent)];
  if (problems.length) throw AppError.validation(problems);
  const phone = subscriberPhone(input.phone);
  if (await repo.findSubscriberByPhone(deps.db, phone)) throw AppError.conflict(`手机号 ${phone} 已登记`, [{ path: "phone", message: `手机号：${phone} 已登记` }]);
  const at = nowIso();
  const row = rowOf(tagged, undefined, actor.userId, at);
  await deps.db.transaction().execute(async (trx) => {
    await repo.saveSubscriber(trx, row, true);
    await repo.insertConsent(trx, { id: randomUUID(), subscriber_id: row.id, given_at: input.consent.givenAt ? new Date(input.consent.givenAt).toISOString() : at, method: input.consent.method as ConsentMethod, recorded_by: actor.userId, note: input.consent.note?.trim() || null, created_at: at });
    await audit(trx, ctx, { action: "sms.subscriber.add", entity: "sms_subscriber", entityId: row.id, detail: { consent: input.consent.method } });
  });
  return getSubscriber(deps, ctx, row.id);
}

/** Staff correct a subscriber (name, village, role, tags). */
export async function editSubscriber(deps: SmsDeps, ctx: RequestContext, id: string, input: Partial<Omit<SubscriberInput, "phone">>) {
  const actor = await authorizeCentreStaff(deps.db, ctx, "sms.subscribers.manage", "sms");
  const s = await repo.findSubscriber(deps.db, id);
  if (!s) throw AppError.notFound("订阅用户");
  const next: SubscriberInput = { phone: s.phone, name: input.name ?? s.name, villageCode: input.villageCode ?? s.village_code, role: input.role ?? s.role, tags: input.tags ? parseTags(input.tags) : (JSON.parse(s.tags) as string[]) };
  const problems = subscriberProblems(next);
  if (problems.length) throw AppError.validation(problems);
  await deps.db.transaction().execute(async (trx) => {
    await repo.saveSubscriber(trx, rowOf(next, s, actor.userId, nowIso()), false);
    await audit(trx, ctx, { action: "sms.subscriber.edit", entity: "sms_subscriber", entityId: id, detail: { ...input } });
  });
  return getSubscriber(deps, ctx, id);
}

/** Staff opt a number out at the subscriber's request (nothing is ever sent to it again). */
export async function optOutSubscriber(deps: SmsDeps, ctx: RequestContext, id: string, reason: string) {
  const actor = await authorizeCentreStaff(deps.db, ctx, "sms.subscribers.manage", "sms");
  const s = await repo.findSubscriber(deps.db, id);
  if (!s) throw AppError.notFound("订阅用户");
  await deps.db.transaction().execute(async (trx) => {
    await repo.optOut(trx, s.phone, nowIso(), "staff", reason.trim() || null);
    await audit(trx, ctx, { action: "sms.subscriber.opt_out", entity: "sms_subscriber", entityId: id, detail: { reason } });
  });
  return getSubscriber(deps, ctx, id);
}

/* ---------- import ---------- */

export interface ImportError {
  row: number;
  field: string;
  message: string;
}

const FIELD_COLUMN: Record<string, ImportColumn> = { phone: "phone", name: "name", villageCode: "villageCode", role: "role", tags: "tags", consentAt: "consentAt" };

/** A consent date from a list (YYYY-MM-DD, a day in Shanghai, or an ISO time) as an instant; a problem when it is not a past date. */
function consentAtOf(text: string | undefined, now: string): { at: string | null; problem: FieldError | null } {
  const v = text?.trim();
  if (!v) return { at: null, problem: null };
  const day = /^\d{4}-\d{1,2}-\d{1,2}$/.test(v) ? v.replace(/-(\d)(?=-|$)/g, "-0$1") : null;
  const ms = day ? (isRealDate(day) ? Date.parse(`${day}T00:00:00+08:00`) : NaN) : Date.parse(v);
  if (Number.isNaN(ms)) return { at: null, problem: { path: "consentAt", message: `同意时间：${v} 不是有效日期（YYYY-MM-DD）` } };
  if (ms > Date.parse(now)) return { at: null, problem: { path: "consentAt", message: `同意时间：${v} 晚于今天` } };
  return { at: new Date(ms).toISOString(), problem: null };
}

/**
 * Starts an import: the file is read and checked at once (a file that cannot be read is a 400 and
 * nothing starts); its rows are then written in the background in batches, each good row whole
 * with its consent record, each bad row skipped and reported with its row number and column.
 * Progress and the report are read from `sms_imports`.
 */
export async function startImport(deps: SmsDeps, ctx: RequestContext, file: { fileName: string; bytes: Buffer }, consentMethod: string) {
  const actor = await authorizeCentreStaff(deps.db, ctx, "sms.subscribers.manage", "sms");
  if (!CONSENT_CODES.includes(consentMethod)) throw AppError.validation([{ path: "consentMethod", message: `同意方式：须为 ${CONSENT_METHODS.map((m) => m.zh).join("、")} 之一` }]);
  const rows = await readImportFile(file.fileName, file.bytes, IMPORT_MAX_ROWS);
  const id = randomUUID();
  const at = nowIso();
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertImport(trx, { id, file_name: file.fileName.slice(0, 200), status: "processing", total: rows.length, done: 0, imported: 0, updated: 0, errors: "[]", consent_method: consentMethod, created_by: actor.userId, created_at: at, updated_at: at, finished_at: null });
    await audit(trx, ctx, { action: "sms.import.start", entity: "sms_import", entityId: id, detail: { fileName: file.fileName, rows: rows.length } });
  });
  const finished = runImport(deps, id, rows, consentMethod as ConsentMethod, actor.userId).catch(async (err: unknown) => {
    await repo.updateImport(deps.db, id, { status: "failed", finished_at: nowIso(), errors: JSON.stringify([{ row: 0, field: "", message: `导入中断：${err instanceof Error ? err.message : String(err)}` }]) });
  });
  return { id, total: rows.length, finished };
}

async function runImport(deps: SmsDeps, id: string, rows: Awaited<ReturnType<typeof readImportFile>>, method: ConsentMethod, actorId: string) {
  const errors: ImportError[] = [];
  let imported = 0;
  let updated = 0;
  const seen = new Map<string, number>();
  for (let i = 0; i < rows.length; i += IMPORT_BATCH) {
    const batch = rows.slice(i, i + IMPORT_BATCH);
    const good: { row: number; input: SubscriberInput; consentAt: string | null }[] = [];
    const at = nowIso();
    for (const r of batch) {
      const input: SubscriberInput = { phone: r.cells.phone ?? "", name: r.cells.name ?? "", villageCode: r.cells.villageCode ?? "", role: r.cells.role ?? "", tags: parseTags(r.cells.tags ?? "") };
      const consent = consentAtOf(r.cells.consentAt, at);
      const problems = [...subscriberProblems(input), ...(consent.problem ? [consent.problem] : [])];
      const phone = subscriberPhone(input.phone);
      if (!problems.length && seen.has(phone)) problems.push({ path: "phone", message: `手机号：与第 ${seen.get(phone)} 行重复` });
      if (problems.length) {
        for (const p of problems) errors.push({ row: r.row, field: COLUMN_LABEL[FIELD_COLUMN[p.path] ?? "phone"], message: p.message });
        continue;
      }
      seen.set(phone, r.row);
      good.push({ row: r.row, input, consentAt: consent.at });
    }
    const write = async (trx: Database, items: typeof good) => {
      const phones = items.map((g) => subscriberPhone(g.input.phone));
      const existing = new Map((await trx.selectFrom("sms_subscribers").selectAll().where("phone", "in", phones).execute()).map((s) => [s.phone, s]));
      const latest = new Map<string, string>();
      for (const c of await repo.consentsOf(trx, [...existing.values()].map((s) => s.id))) latest.set(c.subscriber_id, c.given_at);
      const optedOut = new Set((await trx.selectFrom("sms_opt_outs").select("phone").where("phone", "in", phones).execute()).map((o) => o.phone));
      let added = 0;
      for (const g of items) {
        const old = existing.get(subscriberPhone(g.input.phone));
        const row = rowOf(g.input, old, actorId, at);
        await repo.saveSubscriber(trx, row, !old);
        // A consent is recorded for a new subscriber, and for a known one only when the list gives a later
        // consent than the one on record; never for a number that opted out (its opt-out stands).
        const since = old ? latest.get(old.id) : undefined;
        const record = !optedOut.has(row.phone) && (!old || !since || (g.consentAt !== null && g.consentAt > since));
        if (record) await repo.insertConsent(trx, { id: randomUUID(), subscriber_id: row.id, given_at: g.consentAt ?? at, method, recorded_by: actorId, note: `导入第 ${g.row} 行`, created_at: at });
        if (!old) added++;
      }
      return { added, changed: items.length - added };
    };
    if (good.length) {
      try {
        const r = await deps.db.transaction().execute((trx) => write(trx, good));
        imported += r.added;
        updated += r.changed;
      } catch {
        // One row the database refused must not take its batch with it: row by row, each whole or not at all.
        for (const g of good) {
          try {
            const r = await deps.db.transaction().execute((trx) => write(trx, [g]));
            imported += r.added;
            updated += r.changed;
          } catch (err) {
            errors.push({ row: g.row, field: COLUMN_LABEL.phone, message: `未导入：${err instanceof Error ? err.message.slice(0, 120) : "数据库拒绝"}` });
          }
        }
      }
    }
    await repo.updateImport(deps.db, id, { done: Math.min(rows.length, i + batch.length), imported, updated, errors: JSON.stringify(errors.slice(0, 5000)) });
    // On SQLite every query runs on this thread: between batches, let the server answer everyone else (and the progress bar).
    await yieldToOthers();
  }
  await repo.updateImport(deps.db, id, { status: "done", finished_at: nowIso(), imported, updated, errors: JSON.stringify(errors.slice(0, 5000)) });
}

/** An import's progress and its report of bad rows. */
export async function importStatus(deps: SmsDeps, ctx: RequestContext, id: string) {
  await authorizeCentreStaff(deps.db, ctx, "sms.subscribers.manage", "sms");
  const r = await repo.findImport(deps.db, id);
  if (!r) throw AppError.notFound("导入记录");
  const errors = JSON.parse(r.errors) as ImportError[];
  return { id: r.id, fileName: r.file_name, status: r.status, total: r.total, done: r.done, imported: r.imported, updated: r.updated, rejected: new Set(errors.map((e) => e.row)).size, errors, createdAt: r.created_at, finishedAt: r.finished_at };
}

/** The report of bad rows as Excel (row, column, problem). */
export async function importErrorsXlsx(deps: SmsDeps, ctx: RequestContext, id: string): Promise<Buffer> {
  const s = await importStatus(deps, ctx, id);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("未导入的行");
  // The file's name and the rows' messages quote what was uploaded: xlsxBytes writes them as text, never as a formula.
  ws.addRow([`${s.fileName}：共 ${s.total} 行，新增 ${s.imported}，更新 ${s.updated}，未导入 ${s.rejected} 行`]).font = { bold: true };
  ws.addRow(["行号", "列", "问题"]).font = { bold: true };
  ws.columns = [{ width: 8 }, { width: 16 }, { width: 60 }];
  for (const e of s.errors) ws.addRow([e.row, e.field, e.message]);
  return xlsxBytes(wb);
}

/**
 * Every subscriber as Excel, in the import's columns (re-importable), with opt-outs and consent
 * (audited before the first byte). Streamed: written a page at a time into the response, the
 * server answering others between pages, never the whole workbook in memory.
 */
export async function exportSubscribers(deps: SmsDeps, ctx: RequestContext): Promise<Readable> {
  await authorizeCentreStaff(deps.db, ctx, "sms.subscribers.manage", "sms");
  const count = await repo.countSubscribers(deps.db);
  await audit(deps.db, ctx, { action: "sms.subscribers.export", entity: "sms_subscriber", entityId: null, detail: { count } });
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet("订阅用户");
  ws.columns = [{ width: 14 }, { width: 10 }, { width: 16 }, { width: 36 }, { width: 8 }, { width: 24 }, { width: 20 }, { width: 18 }, { width: 18 }];
  const header = ws.addRow([COLUMN_LABEL.phone, COLUMN_LABEL.name, COLUMN_LABEL.villageCode, "所在村（社区）", COLUMN_LABEL.role, COLUMN_LABEL.tags, "同意方式", "同意时间", "已退订"]);
  header.font = { bold: true };
  header.commit();
  const methodZh = new Map<string, string>(CONSENT_METHODS.map((m) => [m.code, m.zh]));
  const roleZh = new Map<string, string>(SUBSCRIBER_ROLES.map((r) => [r.code, r.zh]));
  void (async () => {
    let after = "";
    for (;;) {
      const page = await repo.exportPage(deps.db, after, 1000);
      if (!page.length) break;
      const consents = await repo.consentsOf(deps.db, page.map((p) => p.id));
      const latest = new Map(consents.map((c) => [c.subscriber_id, c]));
      for (const s of page) {
        const c = latest.get(s.id);
        // Names and tags are what staff or an imported list typed: written as text, never as a formula.
        ws.addRow(safeRow([s.phone, s.name, s.village_code, findPlace(s.village_code)?.fullName ?? "", roleZh.get(s.role) ?? s.role, (JSON.parse(s.tags) as string[]).join("、"), c ? (methodZh.get(c.method) ?? c.method) : "", c ? shanghaiDate(new Date(c.given_at)) : "", s.opted_out_at ? shanghaiDate(new Date(s.opted_out_at)) : ""])).commit();
      }
      after = page.at(-1)!.id;
      await yieldToOthers();
    }
    ws.commit();
    await wb.commit();
  })().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}
