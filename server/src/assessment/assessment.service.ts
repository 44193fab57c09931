import {
  DEFAULT_STAR_SCHEME,
  parseQuarter,
  quarterDates,
  quarterEnded,
  quarterKey,
  quarterOf,
  nextQuarter,
  previousQuarter,
  rankQuarter,
  shanghaiDate,
  starSchemeProblems,
  type Quarter,
  type Standing,
  type StarScheme,
  type SubjectQuarter,
} from "@yichuang/core";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import { audit } from "../audit/audit.service.js";
import { authorize, type Actor } from "../identity/policy.js";
import { AppError } from "../shared/errors.js";
import { requireActor, type RequestContext } from "../shared/request-context.js";
import { nowIso, elapsedMs, shanghaiToday } from "../platform/clock.js";
import * as repo from "./assessment.repository.js";

/** What the assessment services need. */
export interface AssessmentDeps {
  db: Database;
  config: Config;
}

export type SubjectKind = "clerk" | "window";

/** "2026年第3季度" / "Q3 2026". */
export const quarterLabel = (q: Quarter) => `${q.year}年第${q.quarter}季度`;

function parseKey(key: string): Quarter {
  const q = parseQuarter(key);
  if (!q) throw AppError.validation([{ path: "quarter", message: "季度：须为“2026-Q3”这样的格式（年份-Q1 至 Q4）" }]);
  return q;
}

// ---- the scheme ----

/** The scheme in force: the latest version (version 1, the default, is written on first use). */
export async function currentScheme(db: Database): Promise<{ version: number; scheme: StarScheme; note: string | null; createdAt: string }> {
  let row = await repo.latestScheme(db);
  if (!row) {
    await repo.insertScheme(db, { version: 1, scheme: JSON.stringify(DEFAULT_STAR_SCHEME), note: "默认评选办法", created_by: null, created_at: nowIso() });
    row = await repo.latestScheme(db);
  }
  return { version: row!.version, scheme: JSON.parse(row!.scheme) as StarScheme, note: row!.note, createdAt: row!.created_at };
}

/** The scheme in force and every earlier version. */
export async function schemes(deps: AssessmentDeps, ctx: RequestContext) {
  authorize(requireActor(ctx), "assessment.read");
  const current = await currentScheme(deps.db);
  const versions = await repo.schemeVersions(deps.db);
  return {
    current,
    versions: versions.map((v) => ({ version: v.version, scheme: JSON.parse(v.scheme) as StarScheme, note: v.note, createdAt: v.created_at, createdBy: v.created_by_name })),
  };
}

/** A supervisor sets a new version of the scheme; an unsound one is refused with every problem named, nothing stored. */
export async function saveScheme(deps: AssessmentDeps, ctx: RequestContext, input: { scheme: StarScheme; note?: string | null }) {
  const actor = requireActor(ctx);
  authorize(actor, "assessment.manage");
  const problems = starSchemeProblems(input.scheme);
  if (problems.length) throw AppError.validation(problems.map((p) => ({ ...p, path: `scheme.${p.path}` })));
  const current = await currentScheme(deps.db);
  const version = current.version + 1;
  await deps.db.transaction().execute(async (trx) => {
    const ok = await repo.insertScheme(trx, { version, scheme: JSON.stringify(input.scheme), note: input.note?.trim() || null, created_by: actor.userId, created_at: nowIso() });
    if (!ok) throw AppError.conflict("评选办法刚被他人修改，请刷新后再试");
    await audit(trx, ctx, { action: "assessment.scheme.save", entity: "star_scheme", entityId: String(version), detail: { scheme: input.scheme, note: input.note ?? null } });
  });
  return { version, scheme: input.scheme };
}

// ---- computing a quarter ----

/** A standing with where the subject belongs. */
export interface RankedSubject {
  kind: SubjectKind;
  standing: Standing;
  departmentId: string;
  /** A clerk's window (where they completed most), a window itself. */
  windowId: string | null;
  hasPhoto: boolean;
}

/** The counts a quarter is ranked on, per clerk and per window. */
export interface QuarterInputs {
  clerks: { subject: SubjectQuarter; departmentId: string; windowId: string | null; hasPhoto: boolean }[];
  windows: { subject: SubjectQuarter; departmentId: string }[];
}

const emptyCounts = () => ({ completed: 0, rated: 0, good: 0, bad: 0, casesDue: 0, casesOnTime: 0, followUpsDue: 0, followUpsOnTime: 0 });

/**
 * Gathers a quarter's counts: transactions and ratings from the per-day counters (or, with
 * `fromRecords`, straight from every transaction and rating: the check), cases due in the
 * quarter by the clerk who accepted them, and follow-up steps of bad reviews due in it.
 */
export async function quarterInputs(db: Database, q: Quarter, today: string, o: { fromRecords?: boolean } = {}): Promise<QuarterInputs> {
  const { from, to } = quarterDates(q);
  const [clerks, windows, counters, cases, follow] = await Promise.all([
    repo.clerksOf(db, from, to),
    repo.windowsOf(db, from, to),
    o.fromRecords ? repo.countersFromRecords(db, from, to) : repo.countersFromDayStats(db, from, to),
    repo.caseOutcomes(db, from, to),
    repo.followUps(db, from, to, today),
  ]);
  const byClerk = new Map<string, ReturnType<typeof emptyCounts>>();
  const byWindow = new Map<string, ReturnType<typeof emptyCounts>>();
  const mainWindow = new Map<string, { windowId: string; completed: number }>();
  const counts = (m: Map<string, ReturnType<typeof emptyCounts>>, id: string) => {
    let c = m.get(id);
    if (!c) m.set(id, (c = emptyCounts()));
    return c;
  };
  for (const r of counters) {
    for (const c of [counts(byClerk, r.clerk_id), counts(byWindow, r.window_id)]) {
      c.completed += r.completed;
      c.rated += r.rated;
      c.good += r.good;
      c.bad += r.bad;
    }
    const m = mainWindow.get(r.clerk_id);
    if (!m || r.completed > m.completed || (r.completed === m.completed && r.window_id < m.windowId)) mainWindow.set(r.clerk_id, { windowId: r.window_id, completed: r.completed });
  }
  for (const k of cases) {
    const finished = k.open_tasks === 0 || k.case_status === "completed" || k.case_status === "rejected";
    // An open case counts once its deadline has passed (late); one waiting for the founder's supplement is paused.
    if (!finished && (k.deadline >= today || k.case_status === "awaiting_supplement")) continue;
    const onTime = finished && k.late_tasks === 0 ? 1 : 0;
    for (const c of [counts(byClerk, k.clerk_id), ...(k.window_id ? [counts(byWindow, k.window_id)] : [])]) {
      c.casesDue += 1;
      c.casesOnTime += onTime;
    }
  }
  for (const f of follow) {
    for (const c of [counts(byClerk, f.clerk_id), ...(f.window_id ? [counts(byWindow, f.window_id)] : [])]) {
      c.followUpsDue += f.due;
      c.followUpsOnTime += f.onTime;
    }
  }
  return {
    clerks: clerks.map((u) => ({
      subject: { id: u.id, name: u.display_name, code: u.staff_no, centre: u.centre_id, ...(byClerk.get(u.id) ?? emptyCounts()) },
      departmentId: u.department_id!,
      windowId: mainWindow.get(u.id)?.windowId ?? u.home_window_id,
      hasPhoto: u.photo_sha256 !== null,
    })),
    windows: windows.map((w) => ({ subject: { id: w.id, name: w.name_zh, code: w.number, centre: w.centre_id, ...(byWindow.get(w.id) ?? emptyCounts()) }, departmentId: w.department_id })),
  };
}

/** Ranks a quarter's clerks and windows under a scheme. */
export function rankInputs(inputs: QuarterInputs, scheme: StarScheme): RankedSubject[] {
  const clerkMeta = new Map(inputs.clerks.map((c) => [c.subject.id, c]));
  const windowMeta = new Map(inputs.windows.map((w) => [w.subject.id, w]));
  // Windows are ranked for their standing; stars are people.
  const windowScheme: StarScheme = { ...scheme, topN: 0 };
  return [
    ...rankQuarter(
      inputs.clerks.map((c) => c.subject),
      scheme,
    ).map((standing): RankedSubject => {
      const m = clerkMeta.get(standing.subject.id)!;
      return { kind: "clerk", standing, departmentId: m.departmentId, windowId: m.windowId, hasPhoto: m.hasPhoto };
    }),
    ...rankQuarter(
      inputs.windows.map((w) => w.subject),
      windowScheme,
    ).map((standing): RankedSubject => ({ kind: "window", standing, departmentId: windowMeta.get(standing.subject.id)!.departmentId, windowId: standing.subject.id, hasPhoto: false })),
  ];
}

/** Computes a quarter from the records as they are now. */
export async function computeQuarter(db: Database, q: Quarter, scheme: StarScheme, today: string, o: { fromRecords?: boolean } = {}): Promise<RankedSubject[]> {
  return rankInputs(await quarterInputs(db, q, today, o), scheme);
}

// ---- closing ----

/**
 * Closes a quarter: every clerk's and window's standing computed under the scheme in force,
 * the stars picked (top N per centre), and all of it frozen with the scheme version. Refused
 * for a quarter not yet over, one closed already, or one earlier than a quarter already closed.
 */
export async function closeQuarter(deps: AssessmentDeps, ctx: RequestContext, key: string, today = shanghaiToday()) {
  const actor = requireActor(ctx);
  authorize(actor, "assessment.manage");
  const q = parseKey(key);
  const { from, to } = quarterDates(q);
  if (!quarterEnded(q, today)) {
    throw AppError.conflict(`${quarterLabel(q)}尚未结束（${to} 结束），季度结束后才能评定`, [{ path: "quarter", message: `季度：${quarterLabel(q)}尚未结束，${to} 之后才能评定` }]);
  }
  const inOrder = async (db: Database) => {
    const done = await repo.findQuarter(db, quarterKey(q));
    if (done) throw alreadyClosed(q, done.closed_at, done.closed_by_name, done.scheme_version);
    const latest = await repo.latestClosed(db);
    if (latest && latest > quarterKey(q)) {
      throw AppError.conflict(`已评定更晚的 ${quarterLabel(parseQuarter(latest)!)}，不能再补评 ${quarterLabel(q)}（连续获评的记录须按季度顺序）`, [{ path: "quarter", message: `季度：${quarterLabel(q)}早于已评定的季度` }]);
    }
    const due = latest ? nextQuarter(parseQuarter(latest)!) : null;
    if (due && quarterKey(due) !== quarterKey(q)) {
      throw AppError.conflict(`请先评定 ${quarterLabel(due)}：季度须按顺序评定，连续获评的记录才完整`, [{ path: "quarter", message: `季度：须先评定 ${quarterLabel(due)}` }]);
    }
  };
  // Refused early without the work; checked again under the lock below.
  await inOrder(deps.db);
  const started = performance.now();
  const { version, scheme } = await currentScheme(deps.db);
  const ranked = await computeQuarter(deps.db, q, scheme, today);
  const clerks = ranked.filter((r) => r.kind === "clerk");
  const summary = {
    quarter: quarterKey(q),
    from,
    to,
    schemeVersion: version,
    clerks: clerks.length,
    windows: ranked.length - clerks.length,
    stars: clerks.filter((r) => r.standing.star).length,
  };
  const closedAt = nowIso();
  await deps.db.transaction().execute(async (trx) => {
    await repo.lockClosing(trx, deps.config.database.kind);
    await inOrder(trx);
    const streaks = await repo.starStreaks(trx, quarterKey(previousQuarter(q)));
    const ok = await repo.insertQuarter(trx, {
      quarter: summary.quarter,
      from_date: from,
      to_date: to,
      scheme_version: version,
      scheme: JSON.stringify(scheme),
      clerks: summary.clerks,
      windows: summary.windows,
      stars: summary.stars,
      closed_by: actor.userId,
      closed_at: closedAt,
    });
    if (!ok) throw alreadyClosed(q, null, null, null);
    await repo.insertStandings(
      trx,
      ranked.map((r, i) => ({
        quarter: summary.quarter,
        kind: r.kind,
        subject_id: r.standing.subject.id,
        centre_id: r.standing.subject.centre,
        department_id: r.departmentId,
        window_id: r.windowId,
        position: i,
        rank: r.standing.rank,
        star: r.standing.star ? 1 : 0,
        eligible: r.standing.eligible ? 1 : 0,
        streak: r.standing.star ? (streaks.get(r.standing.subject.id) ?? 0) + 1 : 0,
        standing: JSON.stringify(r.standing),
      })),
    );
    await audit(trx, ctx, { action: "assessment.quarter.close", entity: "assessment_quarter", entityId: summary.quarter, detail: { ...summary } });
  });
  return { ...summary, closedAt, milliseconds: Math.round(performance.now() - started) };
}

function alreadyClosed(q: Quarter, at: string | null, by: string | null, version: number | null): AppError {
  const when = at ? `已于 ${new Date(Date.parse(at) + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ")}${by ? ` 由 ${by}` : ""} 评定${version ? `（第 ${version} 版评选办法）` : ""}` : "已评定";
  return AppError.conflict(`${quarterLabel(q)}${when}，不能重复评定；结果已冻结`, [{ path: "quarter", message: `季度：${quarterLabel(q)}已评定` }]);
}

// ---- reading ----

/** A standing as pages show it. */
export interface StandingView {
  kind: SubjectKind;
  subjectId: string;
  name: string;
  code: string | null;
  centre: { id: string; name: string; nameEn: string };
  department: { id: string; name: string; nameEn: string };
  window: { id: string; number: string; name: string; nameEn: string } | null;
  rank: number | null;
  /** Eligible in the centre (for "rank 3 of 41"). */
  rankedOf: number;
  star: boolean;
  eligible: boolean;
  streak: number;
  hasPhoto: boolean;
  standing: Standing;
}

/** A quarter's view: frozen when closed, computed now (provisional) otherwise. */
export interface QuarterView {
  quarter: string;
  label: string;
  from: string;
  to: string;
  ended: boolean;
  closed: { at: string; by: string | null; schemeVersion: number } | null;
  scheme: { version: number; scheme: StarScheme };
  items: StandingView[];
}


/** Live views cached per instance for a minute: a page of standings does not recount the quarter on every click. */
const liveCache = new WeakMap<Database, Map<string, { at: number; view: Promise<QuarterView> }>>();

async function liveView(deps: AssessmentDeps, q: Quarter, today: string): Promise<QuarterView> {
  const db = deps.db;
  const ttl = deps.config.assessmentLiveSeconds * 1000;
  const { version, scheme } = await currentScheme(db);
  const k = `${quarterKey(q)}|${version}|${today}`;
  let cache = liveCache.get(db);
  if (!cache) liveCache.set(db, (cache = new Map()));
  const hit = cache.get(k);
  if (hit && elapsedMs() - hit.at < ttl) return hit.view;
  const view = (async (): Promise<QuarterView> => {
    // The names after the ranking: its inputs are read off the server's thread (a snapshot that may be a
    // moment older), so every department and window it names is among those read after it.
    const ranked = await computeQuarter(db, q, scheme, today);
    const n = await repo.orgNames(db);
    const rankedOf = new Map<string, number>();
    for (const r of ranked) if (r.standing.eligible) rankedOf.set(`${r.kind}|${r.standing.subject.centre}`, (rankedOf.get(`${r.kind}|${r.standing.subject.centre}`) ?? 0) + 1);
    const { from, to } = quarterDates(q);
    return {
      quarter: quarterKey(q),
      label: quarterLabel(q),
      from,
      to,
      ended: quarterEnded(q, today),
      closed: null,
      scheme: { version, scheme },
      items: ranked.map((r) => {
        const d = n.departments.get(r.departmentId)!;
        const w = r.windowId ? n.windows.get(r.windowId) : undefined;
        return {
          kind: r.kind,
          subjectId: r.standing.subject.id,
          name: r.standing.subject.name,
          code: r.standing.subject.code,
          centre: { id: d.centre_id, name: d.centre_zh, nameEn: d.centre_en },
          department: { id: d.id, name: d.name_zh, nameEn: d.name_en },
          window: w ? { id: w.id, number: w.number, name: w.name_zh, nameEn: w.name_en } : null,
          rank: r.standing.rank,
          rankedOf: rankedOf.get(`${r.kind}|${r.standing.subject.centre}`) ?? 0,
          star: r.standing.star,
          eligible: r.standing.eligible,
          streak: 0,
          hasPhoto: r.hasPhoto,
          standing: r.standing,
        };
      }),
    };
  })();
  for (const [key, v] of cache) if (elapsedMs() - v.at >= ttl) cache.delete(key);
  if (ttl > 0) {
    cache.set(k, { at: elapsedMs(), view });
    view.catch(() => cache.delete(k));
  }
  return view;
}

async function frozenView(db: Database, q: Quarter, o: { kind?: SubjectKind; subjectId?: string; starsOnly?: boolean } = {}): Promise<QuarterView | null> {
  const row = await repo.findQuarter(db, quarterKey(q));
  if (!row) return null;
  const kinds: SubjectKind[] = o.kind ? [o.kind] : ["clerk", "window"];
  const items: StandingView[] = [];
  for (const kind of kinds) {
    const [rows, counts] = await Promise.all([repo.standingsOf(db, quarterKey(q), kind, { subjectId: o.subjectId, starsOnly: o.starsOnly }), repo.rankedCounts(db, quarterKey(q), kind)]);
    for (const r of rows) {
      const standing = JSON.parse(r.standing) as Standing;
      items.push({
        kind,
        subjectId: r.subject_id,
        name: standing.subject.name,
        code: standing.subject.code,
        centre: { id: r.centre_id, name: r.centre_name, nameEn: r.centre_name_en },
        department: { id: r.department_id!, name: r.department_name, nameEn: r.department_name_en },
        window: r.window_id && r.window_number ? { id: r.window_id, number: r.window_number, name: r.window_name!, nameEn: r.window_name_en! } : null,
        rank: r.rank,
        rankedOf: counts.get(r.centre_id) ?? 0,
        star: r.star === 1,
        eligible: r.eligible === 1,
        streak: r.streak,
        hasPhoto: kind === "clerk" && r.photo_sha256 !== null,
        standing,
      });
    }
  }
  return {
    quarter: row.quarter,
    label: quarterLabel(q),
    from: row.from_date,
    to: row.to_date,
    ended: true,
    closed: { at: row.closed_at, by: row.closed_by_name, schemeVersion: row.scheme_version },
    scheme: { version: row.scheme_version, scheme: JSON.parse(row.scheme) as StarScheme },
    items,
  };
}

/** A quarter for supervisors: the frozen result once closed, else the standings as they are now. */
export async function quarterView(deps: AssessmentDeps, ctx: RequestContext, key: string, o: { kind: SubjectKind; departmentId?: string; search?: string; limit: number; offset: number }, today = shanghaiToday()) {
  authorize(requireActor(ctx), "assessment.read");
  const q = parseKey(key);
  const view = (await frozenView(deps.db, q, { kind: o.kind })) ?? (await liveView(deps, q, today));
  const search = o.search?.trim().toLowerCase();
  const items = view.items.filter(
    (x) => x.kind === o.kind && (!o.departmentId || x.department.id === o.departmentId) && (!search || x.name.toLowerCase().includes(search) || (x.code ?? "").toLowerCase().includes(search)),
  );
  return { ...view, total: items.length, items: items.slice(o.offset, o.offset + o.limit) };
}

/** Quarters for the picker: the closed ones and the ones that can be (this one and the last unclosed ones). */
export async function quarters(deps: AssessmentDeps, ctx: RequestContext, today = shanghaiToday()) {
  authorize(requireActor(ctx), "assessment.read");
  const closed = await repo.listQuarters(deps.db);
  const latestClosed = closed[0]?.quarter ?? null;
  // Quarters close in order: after the latest closed one, only the next; before any, any that has ended.
  const next = latestClosed ? quarterKey(nextQuarter(parseQuarter(latestClosed)!)) : null;
  const out: { quarter: string; label: string; from: string; to: string; ended: boolean; closed: boolean; closable: boolean; stars: number | null; schemeVersion: number | null }[] = [];
  let q = quarterOf(today);
  for (let i = 0; i < 8; i++) {
    const key = quarterKey(q);
    const c = closed.find((x) => x.quarter === key);
    const ended = quarterEnded(q, today);
    const { from, to } = quarterDates(q);
    out.push({ quarter: key, label: quarterLabel(q), from, to, ended, closed: !!c, closable: ended && !c && (next === null || key === next), stars: c?.stars ?? null, schemeVersion: c?.scheme_version ?? null });
    q = previousQuarter(q);
  }
  for (const c of closed) if (!out.some((x) => x.quarter === c.quarter)) out.push({ quarter: c.quarter, label: quarterLabel(parseQuarter(c.quarter)!), from: c.from_date, to: c.to_date, ended: true, closed: true, closable: false, stars: c.stars, schemeVersion: c.scheme_version });
  return { today, items: out };
}

/** Where a subject stands and why: its standing and the centre's context (the star line, the one above). */
function explain(view: QuarterView, kind: SubjectKind, subjectId: string, o: { anonymous?: boolean } = {}) {
  const mine = view.items.find((x) => x.kind === kind && x.subjectId === subjectId);
  if (!mine) return null;
  const peers = view.items.filter((x) => x.kind === kind && x.centre.id === mine.centre.id && x.eligible);
  const lastStar = [...peers].filter((x) => x.star).pop() ?? null;
  const above = mine.rank && mine.rank > 1 ? (peers.find((x) => x.rank === mine.rank! - 1) ?? null) : null;
  return {
    quarter: view.quarter,
    label: view.label,
    from: view.from,
    to: view.to,
    closed: view.closed,
    scheme: view.scheme,
    item: mine,
    context: {
      eligible: peers.length,
      stars: peers.filter((x) => x.star).length,
      starLine: lastStar ? { rank: lastStar.rank, combined: lastStar.standing.combined } : null,
      // A clerk reading their own standing learns the gap to the one above, not who it is.
      above: above ? { rank: above.rank, combined: above.standing.combined, ...(o.anonymous ? {} : { name: above.name }) } : null,
    },
  };
}

/** One clerk's or window's standing with the why, for supervisors. */
export async function subjectStanding(deps: AssessmentDeps, ctx: RequestContext, key: string, kind: SubjectKind, subjectId: string, today = shanghaiToday()) {
  authorize(requireActor(ctx), "assessment.read");
  const q = parseKey(key);
  const view = (await frozenView(deps.db, q, { kind })) ?? (await liveView(deps, q, today));
  const out = explain(view, kind, subjectId);
  if (!out) throw AppError.notFound(kind === "clerk" ? "该季度的工作人员评定" : "该季度的窗口评定");
  return out;
}

/** A clerk's own standing: each closed quarter they were ranked in and this quarter so far. */
export async function myStanding(deps: AssessmentDeps, ctx: RequestContext, key: string | undefined, today = shanghaiToday()) {
  const actor = requireActor(ctx);
  authorize(actor, "assessment.own");
  const history = await repo.subjectHistory(deps.db, actor.userId);
  // This quarter so far, the last one (closed or about to be), and every closed one they were ranked in.
  const current = quarterKey(quarterOf(today));
  const last = quarterKey(previousQuarter(quarterOf(today)));
  const available = [...new Set([current, last, ...history.map((h) => h.quarter)])].sort().reverse();
  const chosen = key ? parseKey(key) : quarterOf(today);
  const view = (await frozenView(deps.db, chosen, { kind: "clerk" })) ?? (await liveView(deps, chosen, today));
  return {
    quarters: available.map((k) => {
      const h = history.find((x) => x.quarter === k);
      return { quarter: k, label: quarterLabel(parseQuarter(k)!), closed: !!h, rank: h?.rank ?? null, star: h?.star === 1, streak: h?.streak ?? 0 };
    }),
    standing: explain(view, "clerk", actor.userId, { anonymous: true }),
    quarter: quarterKey(chosen),
    label: quarterLabel(chosen),
    closed: view.closed,
    scheme: view.scheme,
  };
}

/** Recomputes a closed quarter from the records with the scheme it was closed under, and compares. */
export async function checkQuarter(deps: AssessmentDeps, ctx: RequestContext, key: string, o: { fromRecords?: boolean } = {}, today = shanghaiToday()) {
  authorize(requireActor(ctx), "assessment.read");
  const q = parseKey(key);
  const frozen = await frozenView(deps.db, q);
  if (!frozen) throw AppError.conflict(`${quarterLabel(q)}尚未评定，没有可核对的结果`, [{ path: "quarter", message: `季度：${quarterLabel(q)}尚未评定` }]);
  const now = await computeQuarter(deps.db, q, frozen.scheme.scheme, today, o);
  const nowBy = new Map(now.map((r) => [`${r.kind}|${r.standing.subject.id}`, r.standing]));
  const differences: { kind: SubjectKind; subjectId: string; name: string; frozenRank: number | null; nowRank: number | null; frozenStar: boolean; nowStar: boolean }[] = [];
  for (const f of frozen.items) {
    const n = nowBy.get(`${f.kind}|${f.subjectId}`);
    nowBy.delete(`${f.kind}|${f.subjectId}`);
    if (!n || JSON.stringify(n) !== JSON.stringify(f.standing)) differences.push({ kind: f.kind, subjectId: f.subjectId, name: f.name, frozenRank: f.rank, nowRank: n?.rank ?? null, frozenStar: f.star, nowStar: n?.star ?? false });
  }
  for (const [k, n] of nowBy) differences.push({ kind: k.split("|")[0] as SubjectKind, subjectId: n.subject.id, name: n.subject.name, frozenRank: null, nowRank: n.rank, frozenStar: false, nowStar: n.star });
  return { quarter: frozen.quarter, label: frozen.label, schemeVersion: frozen.scheme.version, compared: frozen.items.length, identical: differences.length === 0, differences: differences.slice(0, 200), differenceCount: differences.length };
}

// ---- publication ----

/** What the honour board reads: kept until one of these tables changes (platform/read-cache.ts). */
export const PUBLIC_BOARD_TABLES = ["assessment_quarters", "assessment_standings", "users", "centres", "departments", "windows"] as const;

/** The public honour board (光荣榜): each closed quarter's stars with window, figures and history. */
export async function publicBoard(deps: AssessmentDeps, key: string | undefined) {
  const closed = await repo.listQuarters(deps.db);
  const quarters = closed.map((c) => ({ quarter: c.quarter, label: quarterLabel(parseQuarter(c.quarter)!), stars: c.stars }));
  const chosen = key ? parseKey(key) : closed[0] ? parseQuarter(closed[0].quarter)! : null;
  if (!chosen) return { quarters, quarter: null, label: null, closedAt: null, stars: [] };
  const view = await frozenView(deps.db, chosen, { kind: "clerk", starsOnly: true });
  if (!view) throw AppError.notFound(`${quarterLabel(chosen)}的评定结果（该季度尚未评定）`);
  const history = await repo.starQuartersOf(
    deps.db,
    view.items.map((x) => x.subjectId),
  );
  return {
    quarters,
    quarter: view.quarter,
    label: view.label,
    closedAt: view.closed!.at,
    stars: view.items.map((x) => {
      const s = x.standing.subject;
      return {
        id: x.subjectId,
        name: x.name,
        staffNo: x.code,
        centre: x.centre,
        department: x.department,
        window: x.window,
        hasPhoto: x.hasPhoto,
        rank: x.rank,
        streak: x.streak,
        starQuarters: history.get(x.subjectId) ?? [],
        figures: { completed: s.completed, rated: s.rated, good: s.good, goodShare: s.rated ? s.good / s.rated : null },
      };
    }),
  };
}

/**
 * A quarter's stars for the dashboard: the frozen ones once it is closed, else those standing now
 * (provisional, `closed` false) when `provisional`, else null; with the department and window each serves at.
 */
export async function quarterStars(deps: AssessmentDeps, key: string, departmentId: string | null, o: { provisional: boolean }, today = shanghaiToday()) {
  const q = parseKey(key);
  const frozen = await frozenView(deps.db, q, { kind: "clerk", starsOnly: true });
  if (!frozen && !o.provisional) return null;
  const view = frozen ?? (await liveView(deps, q, today));
  return {
    quarter: view.quarter,
    label: view.label,
    closed: view.closed !== null,
    stars: view.items
      .filter((x) => x.kind === "clerk" && x.star && (!departmentId || x.department.id === departmentId))
      .map((x) => ({ name: x.name, staffNo: x.code, department: x.department.name, window: x.window ? `${x.window.number} ${x.window.name}` : null, rank: x.rank, ratings: x.standing.subject.rated, goodShare: x.standing.subject.rated ? x.standing.subject.good / x.standing.subject.rated : null, streak: x.streak })),
  };
}

/** A whole quarter (clerks and windows) for the Excel export. */
export async function exportView(deps: AssessmentDeps, ctx: RequestContext, key: string, today = shanghaiToday()): Promise<QuarterView> {
  const actor: Actor = requireActor(ctx);
  authorize(actor, "assessment.read");
  const q = parseKey(key);
  const view = (await frozenView(deps.db, q)) ?? (await liveView(deps, q, today));
  await audit(deps.db, ctx, { action: "assessment.export", entity: "assessment_quarter", entityId: view.quarter, detail: { closed: !!view.closed } });
  return view;
}
