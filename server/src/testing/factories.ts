import { randomUUID } from "node:crypto";
import type { Role } from "@yichuang/core";
import { readCalendar } from "../platform/calendar/calendar.service.js";
import type { Database } from "../db/database.js";
import { userRow } from "../demo/seed.js";
import { insertUser } from "../identity/identity.repository.js";
import { hashPassword } from "../identity/passwords.js";
import * as org from "../org/org.repository.js";
import { nowIso, elapsedMs, clock } from "../platform/clock.js";

/**
 * Factories shared by tests, the demo generator and benchmarks:
 * `buildX(db, overrides)` inserts a valid record and returns it.
 */

let counter = 0;
const next = () => `${elapsedMs().toString(36)}${(counter++).toString(36)}`;
const hashes = new Map<string, Promise<string>>();

/** A password that passes the account policy. */
export const FACTORY_PASSWORD = "Factory#Pass2026";

/** Inserts a department (in the first centre unless given). */
export async function buildDepartment(db: Database, o: { centreId?: string; code?: string; nameZh?: string } = {}) {
  const centreId = o.centreId ?? (await org.listCentres(db))[0]?.id;
  if (!centreId) throw new Error("buildDepartment needs a centre: seed the demo centre first");
  const now = nowIso();
  const row = {
    id: randomUUID(),
    centre_id: centreId,
    code: o.code ?? `D${next().toUpperCase()}`.slice(0, 20),
    name_zh: o.nameZh ?? "测试部门",
    name_en: "Test department",
    active: 1,
    created_at: now,
    updated_at: now,
  };
  await org.insertDepartment(db, row);
  return row;
}

/** Inserts a user with roles; the password defaults to FACTORY_PASSWORD. */
export async function buildUser(
  db: Database,
  o: { username?: string; displayName?: string; roles?: Role[]; departmentId?: string | null; password?: string; phone?: string } = {},
) {
  const password = o.password ?? FACTORY_PASSWORD;
  if (!hashes.has(password)) hashes.set(password, hashPassword(password));
  const row = userRow({
    username: o.username ?? `u${next()}`,
    displayName: o.displayName ?? "测试用户",
    passwordHash: await hashes.get(password)!,
    departmentId: o.departmentId ?? null,
    phone: o.phone ?? null,
  });
  const roles = o.roles ?? ["applicant"];
  await insertUser(db, row, roles);
  return { ...row, roles, password };
}

/**
 * Inserts `count` submitted cases of the company set-up item for `applicantId`, each with
 * its application (the sample data, numbered by seed) and its mandatory materials; with
 * `openTasks`, each is accepted on `acceptedDate` with its five review tasks open. For
 * demo data and benchmarks at scale: rows go in batches inside one transaction.
 */
export async function buildCases(
  db: Database,
  o: { applicantId: string; count: number; openTasks?: boolean; acceptedDate?: string; seedFrom?: number; fileSha?: string },
): Promise<string[]> {
  const { sampleApplication, GUIDES, yellowDate, JIAXING_FORMS } = await import("@yichuang/core");
  const calendar = await readCalendar(db);
  const guide = GUIDES[0]!;
  const versions = JSON.stringify(Object.fromEntries(JIAXING_FORMS.map((f) => [f.code, f.version])));
  const now = nowIso();
  const ids: string[] = [];
  const batch = 500;
  const base = o.seedFrom ?? 1;
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < o.count; start += batch) {
      const apps = [];
      const cases = [];
      const materials = [];
      const tasks = [];
      for (let i = start; i < Math.min(o.count, start + batch); i++) {
        const seed = base + i;
        const appId = randomUUID();
        const caseId = randomUUID();
        ids.push(caseId);
        apps.push({
          id: appId,
          number: `B-QY-${String(seed).padStart(8, "0")}`,
          service_item_code: guide.serviceItem,
          applicant_id: o.applicantId,
          status: "submitted" as const,
          data: JSON.stringify(sampleApplication(seed)),
          form_versions: versions,
          revision: 2,
          created_at: now,
          updated_at: now,
          submitted_at: now,
        });
        const accepted = o.openTasks === true;
        const day = o.acceptedDate ?? now.slice(0, 10);
        cases.push({
          id: caseId,
          number: `BX-${String(seed).padStart(9, "0")}`,
          application_id: appId,
          service_item_code: guide.serviceItem,
          applicant_id: o.applicantId,
          status: accepted ? ("in_review" as const) : ("submitted" as const),
          submitted_at: now,
          accepted_at: accepted ? now : null,
          accepted_by: null,
          accepted_date: accepted ? day : null,
          completed_at: null,
          completed_date: null,
          uscc: null,
          paused_since: null,
          paused_working_days: 0,
          supplement_round: 0,
          revision: 1,
          created_at: now,
          updated_at: now,
        });
        for (const m of guide.materials.filter((x) => x.mandatory && !x.generated)) {
          materials.push({
            id: randomUUID(),
            application_id: appId,
            material_code: m.code,
            file_name: `${m.code}.pdf`,
            content_type: "application/pdf",
            size: 64,
            sha256: o.fileSha ?? "0".repeat(64),
            round: 0,
            uploaded_at: now,
            uploaded_by: o.applicantId,
          });
        }
        if (accepted) {
          for (const d of guide.departments) {
            tasks.push({
              id: randomUUID(),
              case_id: caseId,
              department_code: d.department,
              status: "open" as const,
              promised_days: d.promisedDays,
              legal_days: d.legalDays,
              started_date: day,
              deadline_date: calendar.addWorkingDays(day, d.promisedDays),
              yellow_date: yellowDate(calendar, day, d.promisedDays),
              deadline_provisional: calendar.deadline(day, d.promisedDays).provisional ? 1 : 0,
              calendar_rev: calendar.revision,
              paused_working_days: 0,
              decided_at: null,
              decided_date: null,
              decided_by: null,
              reason: null,
              auto: 0,
              overdue_notified: 0,
              created_at: now,
              updated_at: now,
            });
          }
        }
      }
      await trx.insertInto("applications").values(apps).execute();
      await trx.insertInto("cases").values(cases).execute();
      for (let k = 0; k < materials.length; k += 1000) await trx.insertInto("case_materials").values(materials.slice(k, k + 1000)).execute();
      for (let k = 0; k < tasks.length; k += 1000) await trx.insertInto("review_tasks").values(tasks.slice(k, k + 1000)).execute();
    }
  });
  return ids;
}

/**
 * Inserts `count` windows in a department, each with its own clerk (home window set):
 * many windows served at once, for push and throughput benchmarks.
 */
export async function buildWindowsWithClerks(db: Database, o: { departmentId: string; count: number; prefix?: string }) {
  const out: { windowId: string; number: string; username: string; password: string; clerkId: string }[] = [];
  const now = nowIso();
  for (let i = 0; i < o.count; i++) {
    const number = `${o.prefix ?? "W"}${String(i + 1).padStart(3, "0")}`;
    const windowId = randomUUID();
    await org.insertWindow(db, { id: windowId, department_id: o.departmentId, number, name_zh: `窗口 ${number}`, name_en: `Window ${number}`, active: 1, created_at: now, updated_at: now });
    const u = await buildUser(db, { username: `clerk.${number.toLowerCase()}`, displayName: `窗口人员${number}`, roles: ["clerk"], departmentId: o.departmentId });
    await db.updateTable("users").set({ home_window_id: windowId, staff_no: `B${number}` }).where("id", "=", u.id).execute();
    out.push({ windowId, number, username: u.username, password: u.password, clerkId: u.id });
  }
  return out;
}

/** A completed consultation at a window, ended at `at` on `day`. */
function completedTransactionRow(
  o: { windowId: string; departmentId: string; clerkId: string; serviceCode?: string; serviceName?: string },
  at: string,
  day: string,
  promptUntil: string | null,
) {
  return {
    id: randomUUID(),
    window_id: o.windowId,
    department_id: o.departmentId,
    clerk_id: o.clerkId,
    service_code: o.serviceCode ?? "AMR-ZX",
    service_name: o.serviceName ?? "企业登记咨询",
    kind: "consultation",
    case_id: null,
    citizen_user_id: null,
    citizen_name: null,
    citizen_phone: null,
    status: "completed",
    started_at: at,
    ended_at: at,
    ended_date: day,
    prompt_expires_at: promptUntil,
    created_at: at,
  };
}

/**
 * Inserts `count` completed consultations at a window whose evaluator prompt stays open
 * for a day, in batches: transactions waiting for a rating.
 */
export async function buildCompletedTransactions(db: Database, o: { windowId: string; departmentId: string; clerkId: string; count: number; serviceCode?: string }) {
  const at = nowIso();
  const open = new Date(clock.nowMs() + 24 * 3600_000).toISOString();
  const date = (await import("@yichuang/core")).shanghaiDate(new Date(at));
  const ids: string[] = [];
  for (let i = 0; i < o.count; i += 500) {
    const rows = Array.from({ length: Math.min(500, o.count - i) }, () => {
      const row = completedTransactionRow(o, at, date, open);
      ids.push(row.id);
      return row;
    });
    await db.insertInto("service_transactions").values(rows).execute();
  }
  return ids;
}

/**
 * Inserts completed transactions of a clerk at a window on one day (Asia/Shanghai), each rated
 * at the given level that day, or left unrated (null): a quarter's history for assessments,
 * demo data and benchmarks. Rows go in batches; the per-day counters follow by trigger.
 */
export async function buildRatedTransactions(
  db: Database,
  o: { clerkId: string; windowId: string; departmentId: string; day: string; levels: readonly (number | null)[]; serviceCode?: string; serviceName?: string },
): Promise<string[]> {
  const at = `${o.day}T02:00:00.000Z`;
  const ids: string[] = [];
  for (let i = 0; i < o.levels.length; i += 400) {
    const chunk = o.levels.slice(i, i + 400);
    const tx = chunk.map(() => {
      const row = completedTransactionRow(o, at, o.day, null);
      ids.push(row.id);
      return row;
    });
    await db.insertInto("service_transactions").values(tx).execute();
    const ev = chunk.flatMap((level, j) =>
      level === null
        ? []
        : [
            {
              id: randomUUID(),
              target: "transaction",
              transaction_id: tx[j]!.id,
              case_id: null,
              case_key: null,
              channel: "evaluator",
              level,
              reasons: level <= 2 ? '["attitude"]' : "[]",
              comment: null,
              service_code: tx[j]!.service_code,
              window_id: o.windowId,
              clerk_id: o.clerkId,
              department_id: o.departmentId,
              citizen_user_id: null,
              device_id: null,
              card_id: null,
              client_id: null,
              status: "valid",
              answered_at: at,
              created_at: at,
              created_date: o.day,
            },
          ],
    );
    if (ev.length) await db.insertInto("evaluations").values(ev).execute();
  }
  return ids;
}

/**
 * Inserts `count` open 12316 tickets of one caller at a farm centre, opened at the instants of
 * `openedAt` in turn, with due times counted on the database's calendar: load for benchmarks of
 * the deadline recount. Returns the ticket ids.
 */
export async function buildOpenHotlineTickets(db: Database, o: { centreId: string; count: number; openedAt: readonly string[]; assigneeId: string | null; prefix?: string }): Promise<string[]> {
  const { categoryLimits, ticketNumber } = await import("@yichuang/core");
  const { newTicketRow } = await import("../hotline/tickets.service.js");
  const calendar = await readCalendar(db);
  const now = nowIso();
  const callerId = randomUUID();
  const phone = `1395730${String(Math.floor(Math.random() * 10_000)).padStart(4, "0")}`;
  await db.insertInto("hotline_callers").values({ id: callerId, phone, name: "压测农户", village_code: null, calls: o.count, last_call_at: now, created_at: now, updated_at: now }).execute();
  const limits = categoryLimits("production");
  const ids: string[] = [];
  const prefix = o.prefix ?? next();
  for (let i = 0; i < o.count; i += 500) {
    const rows = Array.from({ length: Math.min(500, o.count - i) }, (_, k) => {
      const at = o.openedAt[(i + k) % o.openedAt.length]!;
      const id = randomUUID();
      ids.push(id);
      return newTicketRow(calendar, {
        id,
        number: `${ticketNumber(Number(at.slice(0, 4)), i + k + 1)}-${prefix}`,
        centre_id: o.centreId,
        channel: "phone",
        caller_id: callerId,
        caller_name: "压测农户",
        caller_phone: phone,
        village_code: null,
        address: null,
        lat: null,
        lng: null,
        open311_client_id: null,
        category: "production",
        product: "水稻",
        text: "水稻叶片发黄，请专家看看",
        assignee_id: o.assigneeId,
        response_minutes: limits.responseMinutes,
        solution_minutes: limits.solutionMinutes,
        created_by: null,
        created_at: at,
      });
    });
    await db.insertInto("hotline_tickets").values(rows).execute();
  }
  return ids;
}

/**
 * Inserts `perDay` bad reviews of a clerk on each of `days` with their open rectification tickets,
 * deadlines counted on the database's calendar: load for benchmarks of the deadline recount.
 */
export async function buildOpenRectifications(db: Database, o: { clerkId: string; windowId: string; departmentId: string; days: readonly string[]; perDay: number }): Promise<number> {
  const { rectificationTicketRow } = await import("../evaluation/ratings.service.js");
  const calendar = await readCalendar(db);
  let made = 0;
  const prefix = next();
  for (const day of o.days) {
    const txIds = await buildRatedTransactions(db, { clerkId: o.clerkId, windowId: o.windowId, departmentId: o.departmentId, day, levels: Array.from({ length: o.perDay }, () => 1) });
    for (let i = 0; i < txIds.length; i += 500) {
      const evs = await db.selectFrom("evaluations").select(["id", "department_id", "clerk_id", "window_id", "created_date", "created_at"]).where("transaction_id", "in", txIds.slice(i, i + 500)).execute();
      const rows = evs.map((e, k) => ({ ...rectificationTicketRow(calendar, e, { id: randomUUID(), number: `ZG${day.slice(0, 4)}-${prefix}-${made + k + 1}` }), clerk_told_at: e.created_at }));
      await db.insertInto("rectification_tickets").values(rows).execute();
      made += rows.length;
    }
  }
  return made;
}
