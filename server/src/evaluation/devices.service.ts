import { createHash, randomBytes, randomUUID } from "node:crypto";
import { makeCardCode, normaliseCardCode } from "@yichuang/core";
import { checkBudget, recordFailure } from "../identity/attempts.service.js";
import { audit } from "../audit/audit.service.js";
import { authorize } from "../identity/policy.js";
import { findWindow } from "../org/org.repository.js";
import { AppError } from "../shared/errors.js";
import { requireActor, type RequestContext } from "../shared/request-context.js";
import { addMinutes, nowIso, elapsedMs } from "../platform/clock.js";
import { pendingPromptAt } from "../window/window.repository.js";
import { promptOf, windowTopic } from "../window/window.service.js";
import type { EvaluationDeps } from "./deps.js";
import * as repo from "./evaluation.repository.js";

/** How long an admin-issued pairing code stays valid. */
const PAIRING_HOURS = 24;

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** The evaluator device as routes see it after authentication. */
export type Device = NonNullable<Awaited<ReturnType<typeof repo.deviceByToken>>>;

/**
 * Resolves device tokens with a short per-instance cache, like sessions: the evaluator
 * posts a rating per transaction and holds an event stream; a revoked device is
 * refused at once on the instance that revoked it and within `ttlMs` on others.
 * Lookups are single-flight: when an entry expires under load, one query refreshes it
 * and every request arriving meanwhile waits for that one.
 */
export class DeviceCache {
  private map = new Map<string, { device: Promise<Device | null>; at: number; id?: string }>();
  constructor(private ttlMs = 5000) {}
  resolve(hash: string, load: () => Promise<Device | null>): Promise<Device | null> {
    const hit = this.map.get(hash);
    if (hit && elapsedMs() - hit.at <= this.ttlMs) return hit.device;
    if (this.map.size > 5000) this.map.clear();
    const entry: { device: Promise<Device | null>; at: number; id?: string } = { device: Promise.resolve(null), at: elapsedMs() };
    entry.device = load().then(
      (d) => {
        // An unknown token is not remembered: pairing may make it valid in a moment.
        if (d) entry.id = d.id;
        else if (this.map.get(hash) === entry) this.map.delete(hash);
        return d;
      },
      (err) => {
        if (this.map.get(hash) === entry) this.map.delete(hash);
        throw err;
      },
    );
    this.map.set(hash, entry);
    return entry.device;
  }
  /** Forgets a device at once (revoked, re-paired), and any lookup still under way. */
  dropDevice(id: string): void {
    for (const [k, v] of this.map) if (v.id === id || v.id === undefined) this.map.delete(k);
  }
}

/** The device behind a cookie token, or null. */
export async function resolveDevice(deps: EvaluationDeps, cache: DeviceCache, token: string): Promise<Device | null> {
  return cache.resolve(sha256(token), async () => {
    const device = await repo.deviceByToken(deps.db, sha256(token));
    if (!device) return null;
    // last_seen_at at most once a minute per device
    const now = nowIso();
    if (!device.last_seen_at || device.last_seen_at < addMinutes(now, -1)) await repo.updateDevice(deps.db, device.id, { last_seen_at: now });
    return device;
  });
}

function pairingCode(): string {
  // 8 characters of the card alphabet (no look-alikes), easy to key in on a touch screen.
  return makeCardCode(randomBytes(11)).slice(0, 8);
}

/** Registers an evaluator for a window and issues its one-time pairing code (admin). */
export async function createDevice(deps: EvaluationDeps, ctx: RequestContext, input: { windowId: string; label: string }) {
  const actor = requireActor(ctx);
  authorize(actor, "devices.manage");
  const w = await findWindow(deps.db, input.windowId);
  if (!w || w.active !== 1) throw AppError.validation([{ path: "windowId", message: "窗口：窗口不存在或已停用" }]);
  const existing = await deps.db.selectFrom("evaluator_devices").select("label").where("window_id", "=", w.id).where("revoked_at", "is", null).executeTakeFirst();
  if (existing) {
    throw AppError.conflict(`窗口 ${w.number} 已有评价器“${existing.label}”：更换设备请用“重新配对”，或先停用它`, [{ path: "windowId", message: `窗口：${w.number} 已有评价器` }]);
  }
  const code = pairingCode();
  const now = nowIso();
  const id = randomUUID();
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertDevice(trx, {
      id,
      window_id: w.id,
      label: input.label.trim(),
      pairing_code_hash: sha256(code),
      pairing_expires_at: addMinutes(now, PAIRING_HOURS * 60),
      token_hash: null,
      csrf_token: null,
      paired_at: null,
      last_seen_at: null,
      revoked_at: null,
      created_by: actor.userId,
      created_at: now,
    });
    await audit(trx, ctx, { action: "device.create", entity: "evaluator_device", entityId: id, detail: { window: w.number } });
  });
  return { id, pairingCode: code, expiresAt: addMinutes(now, PAIRING_HOURS * 60), windowNumber: w.number };
}

/** A new pairing code for a device (replacing the evaluator hardware): its current token stops working. */
export async function repairDevice(deps: EvaluationDeps, cache: DeviceCache, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  authorize(actor, "devices.manage");
  const d = await repo.findDevice(deps.db, id);
  if (!d) throw AppError.notFound("评价器");
  if (d.revoked_at) throw AppError.conflict("该评价器已停用，不能重新配对；请为窗口登记新的评价器");
  const code = pairingCode();
  const now = nowIso();
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateDevice(trx, id, { pairing_code_hash: sha256(code), pairing_expires_at: addMinutes(now, PAIRING_HOURS * 60), token_hash: null, csrf_token: null, paired_at: null });
    await audit(trx, ctx, { action: "device.repair", entity: "evaluator_device", entityId: id });
  });
  cache.dropDevice(id);
  await deps.push.publish({ topic: windowTopic(d.window_id), event: "revoked", data: { deviceId: id } });
  return { id, pairingCode: code, expiresAt: addMinutes(now, PAIRING_HOURS * 60) };
}

/** Revokes a device: its token stops working and its event stream closes. */
export async function revokeDevice(deps: EvaluationDeps, cache: DeviceCache, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  authorize(actor, "devices.manage");
  const d = await repo.findDevice(deps.db, id);
  if (!d) throw AppError.notFound("评价器");
  if (d.revoked_at) throw AppError.conflict("该评价器已停用");
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateDevice(trx, id, { revoked_at: nowIso(), token_hash: null, pairing_code_hash: null });
    await audit(trx, ctx, { action: "device.revoke", entity: "evaluator_device", entityId: id });
  });
  cache.dropDevice(id);
  await deps.push.publish({ topic: windowTopic(d.window_id), event: "revoked", data: { deviceId: id } });
}

/** Every evaluator with its window and state (admin). */
export async function listDevices(deps: EvaluationDeps, ctx: RequestContext) {
  authorize(requireActor(ctx), "devices.manage");
  const now = nowIso();
  return (await repo.listDevices(deps.db)).map((d) => ({
    id: d.id,
    label: d.label,
    windowId: d.window_id,
    windowNumber: d.window_number,
    windowName: d.window_name,
    windowNameEn: d.window_name_en,
    state: d.revoked_at ? "revoked" : d.paired_at ? "paired" : d.pairing_expires_at && d.pairing_expires_at > now ? "pairing" : "expired",
    pairedAt: d.paired_at,
    lastSeenAt: d.last_seen_at,
    createdAt: d.created_at,
  }));
}

/** Pairs the device presenting a valid code: returns the token for its cookie (never stored) and its CSRF token. */
export async function pairDevice(deps: EvaluationDeps, ctx: RequestContext, rawCode: string) {
  // Wrong codes count against the address in a budget of their own (shared by instances), never the login budget.
  const attempt = { kind: "evaluator.pairing", ip: ctx.ip } as const;
  await checkBudget(deps, attempt);
  const code = normaliseCardCode(rawCode);
  const token = randomBytes(32).toString("base64url");
  const csrf = randomBytes(24).toString("base64url");
  const now = nowIso();
  const claimed = await repo.claimPairing(deps.db, sha256(code), now, { token_hash: sha256(token), csrf_token: csrf, paired_at: now, last_seen_at: now });
  if (!claimed) {
    await recordFailure(deps, attempt);
    throw AppError.validation([{ path: "code", message: "配对码：无效、已使用或已过期，请向管理员重新获取" }]);
  }
  await audit(deps.db, ctx, { action: "device.pair", entity: "evaluator_device", entityId: claimed.id });
  return { token };
}

/** What the evaluator shows: its window, and the prompt it should be showing now if any. */
export async function deviceState(deps: EvaluationDeps, device: Device) {
  const pending = await pendingPromptAt(deps.db, device.window_id, nowIso());
  return {
    device: { id: device.id, label: device.label },
    window: { id: device.window_id, number: device.window_number, name: device.window_name, nameEn: device.window_name_en, department: device.department_name, departmentEn: device.department_name_en },
    csrfToken: device.csrf_token ?? "",
    promptSeconds: deps.config.evaluatorPromptSeconds,
    prompt: pending ? await promptOf(deps.db, pending) : null,
  };
}
