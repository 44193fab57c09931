import { authorize, GLOBAL_ROLES, type Action, type Actor } from "../identity/policy.js";
import { AppError } from "../shared/errors.js";
import { requireActor, type RequestContext } from "../shared/request-context.js";
import * as repo from "./org.repository.js";
import { elapsedMs } from "../platform/clock.js";
import { SqliteAdapter } from "kysely";
import { countersNow, type Database } from "../db/database.js";
import { localWrites } from "../db/write-watch.js";

/**
 * Centre scoping: the one rule of every centre-bound module, called by their services.
 *
 * Staff act within their own centre, the centre of their department: lists hold its records only,
 * a record of another centre (by id, by a caller's phone, as the target of a write) is refused with
 * 403, and nothing is changed. Staff without a department have no centre and are refused (403).
 * Modules only a centre with the 12316 hotline runs (a farm centre: tickets, callers, knowledge
 * base, duty, supply/demand SMS) also refuse staff of a centre without the hotline. Supervisors,
 * centre leaders and admins see every centre (the roles `identity/policy.ts` treats as global).
 */

/** The centre-bound modules: the name messages give them, and whether only a centre with the hotline runs them. */
export const CENTRE_MODULES = {
  hotline: { label: "12316 热线", hotlineOnly: true },
  sms: { label: "供求短信", hotlineOnly: true },
  outreach: { label: "服务队", hotlineOnly: false },
} as const;

/** One centre-bound module. */
export type CentreModule = keyof typeof CENTRE_MODULES;

/** A centre as the modules use it. */
export type Centre = NonNullable<Awaited<ReturnType<typeof repo.centreOfDepartment>>>;

/** True when `actor` sees every centre's data (supervisors, centre leaders, admins). */
export function seesEveryCentre(actor: Pick<Actor, "roles">): boolean {
  return actor.roles.some((r) => GLOBAL_ROLES.includes(r));
}

/**
 * What an instance read of the centres and of which centre a department belongs to (every
 * centre-bound request asks; they change about never) is kept until a change of either table that it
 * can see (SQLite: the change counters of migration 2026120712; PostgreSQL: this process's own
 * writes, db/write-watch.ts) or, for another instance's change on PostgreSQL, ORG_CACHE_MS at most:
 * a department moved to another centre takes effect there as a changed account does (SESSION_CACHE_SECONDS).
 */
export const ORG_CACHE_MS = 5_000;

const orgCache = new WeakMap<Database, Map<string, { at: number; version: string; value: Promise<unknown> }>>();

/** What this process can see of changes to departments and centres; null while SQLite's connection is inside a transaction (then nothing is kept). */
function orgVersion(db: Database): string | null {
  const counters = countersNow(db, "read:");
  if (counters) return `${counters.get("read:departments")}.${counters.get("read:centres")}`;
  if (db.getExecutor().adapter instanceof SqliteAdapter) return null;
  return `${localWrites.get("departments") ?? 0}.${localWrites.get("centres") ?? 0}`;
}

/** `read()`'s value for `key` on `db`, read again after a change or once ORG_CACHE_MS have passed (a failed read is not kept). */
function kept<T>(db: Database, key: string, read: () => Promise<T>): Promise<T> {
  let m = orgCache.get(db);
  if (!m) orgCache.set(db, (m = new Map()));
  const version = orgVersion(db);
  if (version === null) return read();
  const hit = m.get(key);
  if (hit && hit.version === version && elapsedMs() - hit.at < ORG_CACHE_MS) return hit.value as Promise<T>;
  const value = read();
  // Keys a request names (a department's code) are few; a flood of unknown ones starts the map again.
  if (m.size >= 1_000) m.clear();
  m.set(key, { at: elapsedMs(), version, value });
  value.catch(() => m.get(key)?.value === value && m.delete(key));
  return value;
}

/** The centre a department belongs to (null for an unknown department). */
export async function centreOfDepartment(db: Database, departmentId: string): Promise<Centre | null> {
  return kept(db, `department:${departmentId}`, async () => (await repo.centreOfDepartment(db, departmentId)) ?? null);
}

/** A department's id by its code (null for an unknown code). */
export async function departmentIdByCode(db: Database, code: string): Promise<string | null> {
  return kept(db, `code:${code}`, async () => (await repo.findDepartmentByCode(db, code))?.id ?? null);
}

/** The farm centres (the 12316 hotline's). */
const farmCentres = (db: Database) => kept(db, "farm-centres", () => repo.farmCentres(db));

/** The centre of the actor's department (null without one). */
async function centreOfActor(db: Database, actor: Pick<Actor, "departmentId">): Promise<Centre | null> {
  return actor.departmentId ? centreOfDepartment(db, actor.departmentId) : null;
}

/** "…处理" + label + "业务", with a space before a label that starts with a number (处理 12316 热线业务), as the product writes them. */
const zh = (before: string, label: string) => `${before}${/^[\x21-\x7e]/.test(label) ? " " : ""}${label}业务`;

/** A 403 for a record or centre that is not the actor's own. */
const otherCentre = (module: CentreModule) => AppError.forbidden(zh("只能查看和处理本中心的", CENTRE_MODULES[module].label));

/**
 * The centre whose `module` data `actor` acts on: null for those who see every centre, else their own
 * centre's id. 403 for staff without a centre, and (hotline modules) of a centre without the hotline.
 */
export async function ownCentre(db: Database, actor: Actor, module: CentreModule): Promise<string | null> {
  if (seesEveryCentre(actor)) return null;
  return (await staffCentre(db, actor, module)).id;
}

/** The staff member's own centre, checked for `module` (403 when they have none, or one without the hotline it needs). */
async function staffCentre(db: Database, actor: Actor, module: CentreModule): Promise<Centre> {
  const { label, hotlineOnly } = CENTRE_MODULES[module];
  const centre = await centreOfActor(db, actor);
  if (!centre) throw AppError.forbidden(zh("您的账号未归属任何中心的部门，不能查看或处理", label));
  if (hotlineOnly && centre.kind !== "farm") throw AppError.forbidden(zh(`您所在的${centre.name_zh}未开通 12316 热线，不能查看或处理`, label));
  return centre;
}

/**
 * Refuses (403) staff of no centre that runs `module`, for data the module's centres share (records
 * with no centre of their own: the knowledge base, supply/demand SMS). Global roles pass.
 */
export async function assertCentreStaff(db: Database, actor: Actor, module: CentreModule): Promise<void> {
  await ownCentre(db, actor, module);
}

/** `authorize(actor, action)`, then `assertCentreStaff`: the signed-in actor, allowed `action` and of a centre that runs `module`. */
export async function authorizeCentreStaff(db: Database, ctx: RequestContext, action: Action, module: CentreModule): Promise<Actor> {
  const actor = requireActor(ctx);
  authorize(actor, action);
  await assertCentreStaff(db, actor, module);
  return actor;
}

/** Refuses (403) a record of centre `centreId` to an actor who does not see that centre in `module`. */
export async function assertCentre(db: Database, actor: Actor, module: CentreModule, centreId: string): Promise<void> {
  const own = await ownCentre(db, actor, module);
  if (own !== null && own !== centreId) throw otherCentre(module);
}

/**
 * The farm centre a hotline request is about: the one named (a global role may name any; staff only
 * their own, 403 otherwise), else the actor's own, else (a global role without one) the first.
 * A name that is not a farm centre is a 400 naming `centre`.
 */
export async function hotlineCentre(db: Database, actor: Actor, named?: string, module: CentreModule = "hotline"): Promise<Centre> {
  const own = seesEveryCentre(actor) ? await centreOfActor(db, actor) : await staffCentre(db, actor, module);
  const centres = await farmCentres(db);
  if (named) {
    const c = centres.find((x) => x.id === named);
    if (!c) throw AppError.validation([{ path: "centre", message: "中心：须为农业服务中心（12316）" }]);
    if (!seesEveryCentre(actor) && own!.id !== c.id) throw otherCentre(module);
    return c;
  }
  const mine = own ? centres.find((x) => x.id === own.id) : undefined;
  if (mine) return mine;
  if (!centres[0]) throw AppError.notFound("农业服务中心");
  return centres[0];
}

/** The farm centre that takes requests from the public (the web form, Open311): the first. */
export async function publicHotlineCentre(db: Database): Promise<Centre> {
  const centre = (await farmCentres(db))[0];
  if (!centre) throw AppError.notFound("农业服务中心");
  return centre;
}
