import { addDays, previousQuarter, quarterDates, quarterKey, quarterOf, shanghaiDate, type Quarter, type WorkingCalendar } from "@yichuang/core";
import type { Config } from "../config.js";
import { readCalendar } from "../platform/calendar/calendar.service.js";
import type { Database } from "../db/database.js";
import { closeQuarter } from "../assessment/assessment.service.js";
import type { Actor } from "../identity/policy.js";
import { findTicket, updateTicket } from "../evaluation/evaluation.repository.js";
import { openTicket } from "../evaluation/ratings.service.js";
import { buildRatedTransactions } from "../testing/factories.js";
import { seededRandom } from "../testing/random.js";
import { DEMO_CLERK_PROFILES, DEMO_STAFF, DEMO_WINDOW_SERVICES, type DemoProfile } from "./jiaxing.js";
import { shanghaiToday } from "../platform/clock.js";

/** The same seed gives the same history. */
const random = seededRandom;


/** Local noon of a day (Asia/Shanghai) as an ISO timestamp. */
const noon = (day: string) => `${day}T04:00:00.000Z`;

/**
 * A past bad review's follow-up as the department did it: verified the same day (now and then a
 * day late), fixed within a few working days (sometimes past the deadline), the citizen's rating
 * of the fix; a review of the last days is still being followed up.
 */
async function followUp(db: Database, cal: WorkingCalendar, transactionId: string, today: string, rnd: () => number): Promise<void> {
  const e = await db.selectFrom("evaluations").selectAll().where("transaction_id", "=", transactionId).executeTakeFirstOrThrow();
  const k = await openTicket(db, cal, e, { quiet: true });
  const ticket = (await findTicket(db, k.id))!;
  const verifyDay = rnd() < 0.9 ? e.created_date : addDays(k.verifyDue, 1);
  if (verifyDay >= today) return;
  const verified = { status: "verified", verified_at: noon(verifyDay), verified_by: e.clerk_id, contact_result: rnd() < 0.7 ? "contacted" : "anonymous", verify_note: "已调阅窗口录像并与办事群众沟通，情况属实" };
  const fixDay = rnd() < 0.9 ? addDays(verifyDay, 1 + Math.floor(rnd() * 3)) : addDays(k.fixDue, 2);
  if (fixDay >= today) {
    await updateTicket(db, k.id, ticket.revision, verified);
    return;
  }
  const rated = addDays(fixDay, 1) < today;
  await updateTicket(db, k.id, ticket.revision, {
    ...verified,
    status: rated ? "closed" : "fixed",
    fixed_at: noon(fixDay),
    fixed_by: e.clerk_id,
    fix_note: "已当面致歉并重新说明办理要求，相关问题已纠正",
    ...(rated ? { fix_level: rnd() < 0.8 ? 5 : 4, fix_rated_at: noon(addDays(fixDay, 1)), closed_at: noon(addDays(fixDay, 1)) } : {}),
  });
}

/** The levels of one day's transactions of a clerk (null: left unrated). */
function dayLevels(p: DemoProfile, rnd: () => number, scale: number): (number | null)[] {
  const n = Math.max(0, Math.round(p.perDay * scale * (0.6 + 0.8 * rnd())));
  return Array.from({ length: n }, () => {
    if (rnd() < p.unrated) return null;
    const r = rnd();
    if (r < p.bad) return rnd() < 0.3 ? 1 : 2;
    if (r < p.bad + p.neutral) return 3;
    return rnd() < 0.85 ? 5 : 4;
  });
}

/**
 * The demo centre's window history: for the year before today (at least the three quarters before today's and today's so far),
 * every demo clerk's transactions and ratings, generated from their profile by a seeded
 * generator; then the three past quarters are closed by the supervisor in order, so the
 * honour board and the assessment pages show what a running centre would (`close` limits how
 * many of them, oldest first). Deterministic by `seed` for a given `today`. `scale` multiplies each clerk's
 * transactions a day (10: a centre ten times as busy, for the benchmarks).
 */
export async function seedDemoHistory(db: Database, config: Config, o: { today?: string; seed?: number; close?: number; scale?: number } = {}): Promise<{ transactions: number; closed: string[] }> {
  const today = o.today ?? shanghaiToday();
  const rnd = random(o.seed ?? 20_260_101);
  const cal = await readCalendar(db);
  const users = await db.selectFrom("users").select(["id", "username", "department_id", "home_window_id"]).execute();
  const departments = new Map((await db.selectFrom("departments").select(["id", "code"]).execute()).map((d) => [d.id, d.code]));
  // Each clerk's transactions are their department's consultations.
  const serviceOf = (departmentId: string) => DEMO_WINDOW_SERVICES.find((s) => s.department === departments.get(departmentId) && s.kind === "consultation");
  const supervisor = users.find((u) => u.username === "supervisor");
  const clerks = [...Object.entries(DEMO_CLERK_PROFILES).map(([username, profile]) => ({ username, profile })), ...DEMO_STAFF.map((s) => ({ username: s.username, profile: s.profile }))]
    .map((c) => ({ ...c, user: users.find((u) => u.username === c.username) }))
    .filter((c) => c.user?.home_window_id && c.user.department_id);
  const current = quarterOf(today);
  const past: Quarter[] = [];
  for (let q = previousQuarter(current), i = 0; i < 3; i++, q = previousQuarter(q)) past.unshift(q);
  let transactions = 0;
  // A year of service up to yesterday (the dashboard's year), or from the oldest quarter closed if that starts earlier.
  const first = [addDays(today, -364), quarterDates(past[0]!).from].sort()[0]!;
  await db.transaction().execute(async (trx) => {
    for (let day = first; day < today; day = addDays(day, 1)) {
      if (!cal.isWorkingDay(day)) continue;
      for (const c of clerks) {
        const levels = dayLevels(c.profile, rnd, o.scale ?? 1);
        if (!levels.length) continue;
        transactions += levels.length;
        const service = serviceOf(c.user!.department_id!);
        const ids = await buildRatedTransactions(trx, { clerkId: c.user!.id, windowId: c.user!.home_window_id!, departmentId: c.user!.department_id!, day, levels, serviceCode: service?.code, serviceName: service?.nameZh });
        for (const [i, level] of levels.entries()) if (level !== null && level <= 2) await followUp(trx, cal, ids[i]!, today, rnd);
      }
    }
  });
  const closed: string[] = [];
  if (supervisor) {
    const actor: Actor = { userId: supervisor.id, username: "supervisor", displayName: "沈督查", roles: ["supervisor"], departmentId: null, sessionId: "demo-seed", csrfToken: "", locale: "zh-CN" };
    for (const q of past.slice(0, o.close ?? past.length)) {
      await closeQuarter({ db, config }, { actor, ip: "127.0.0.1", userAgent: "demo seed" }, quarterKey(q), today);
      // Closed, as the centre would have, on the first working day after the quarter (never after `today`), not on the day the demo was made.
      let day = addDays(quarterDates(q).to, 1);
      while (!cal.isWorkingDay(day) && day < today) day = addDays(day, 1);
      const at = `${day < today ? day : today}T02:00:00.000Z`;
      await db.updateTable("assessment_quarters").set({ closed_at: at }).where("quarter", "=", quarterKey(q)).execute();
      await db.updateTable("audit_log").set({ at }).where("action", "=", "assessment.quarter.close").where("entity_id", "=", quarterKey(q)).execute();
      closed.push(quarterKey(q));
    }
  }
  return { transactions, closed };
}
