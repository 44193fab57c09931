import { randomUUID } from "node:crypto";
import {
  GUIDES,
  guideTimeLimits,
  JIAXING_DICTIONARY,
  JIAXING_FORMS,
  MergeError,
  emptyApplication,
  evaluateConditions,
  formDefinitionSchema,
  formatValue,
  mergeForms,
  resolveElement,
  toFieldErrors,
  unknownRules,
  validateApplication,
  type ApplicationData,
  type Dictionary,
  type FieldError,
  type FormDefinition,
  type UnifiedForm,
} from "@yichuang/core";
import { z } from "zod";
import type { Database } from "../db/database.js";
import type { ApplicationTable } from "../db/schema.js";
import { audit } from "../audit/audit.service.js";
import { authorize } from "../identity/policy.js";
import { findDepartmentByCode } from "../org/org.repository.js";
import { AppError } from "../shared/errors.js";
import { requireActor, type RequestContext } from "../shared/request-context.js";
import { nowIso, shanghaiToday } from "../platform/clock.js";
import { openCase } from "../cases/cases.service.js";
import * as repo from "./registration.repository.js";
import { cappedTotal, decodeCursor, pageInfo, pageOf } from "../shared/paging.js";

/** The dictionary in force. Versioning of the dictionary itself comes with its own editor. */
export const dictionary: Dictionary = JIAXING_DICTIONARY;

/** The service item of the one-form registration. */
export const COMPANY_SETUP = { code: "QY-SL-LLC", nameZh: "有限责任公司设立登记（一表制）", nameEn: "Limited company set-up (one form)" };

/** Loads the five forms and the service item into an empty database (reference data, not demo data). */
export async function ensureRegistrationData(db: Database): Promise<void> {
  if ((await repo.listServiceItems(db)).length > 0) return;
  const now = nowIso();
  try {
    await db.transaction().execute(async (trx) => {
      for (const f of JIAXING_FORMS) {
        await repo.insertFormVersion(trx, {
          id: randomUUID(),
          code: f.code,
          department_code: f.department,
          version: f.version,
          definition: JSON.stringify(f),
          created_at: now,
          created_by: null,
        });
      }
      await repo.insertServiceItem(trx, {
        id: randomUUID(),
        code: COMPANY_SETUP.code,
        name_zh: COMPANY_SETUP.nameZh,
        name_en: COMPANY_SETUP.nameEn,
        form_codes: JSON.stringify(JIAXING_FORMS.map((f) => f.code)),
        created_at: now,
      });
    });
  } catch (err) {
    // Another instance loaded them at the same moment.
    if ((await repo.listServiceItems(db)).length === 0) throw err;
  }
}

const mergedCache = new Map<string, UnifiedForm>();

/** The unified form of the given form versions; merged once per set of versions. */
function unify(forms: FormDefinition[]): UnifiedForm {
  const key = forms.map((f) => `${f.code}@${f.version}`).join(",");
  let unified = mergedCache.get(key);
  if (!unified) {
    unified = mergeForms(forms, dictionary);
    if (mergedCache.size > 100) mergedCache.clear();
    mergedCache.set(key, unified);
  }
  return unified;
}

const parseForm = (definition: string) => JSON.parse(definition) as FormDefinition;

async function currentForms(db: Database, serviceItemCode: string) {
  const item = await repo.findServiceItem(db, serviceItemCode);
  if (!item) throw AppError.notFound("事项");
  const codes = JSON.parse(item.form_codes) as string[];
  const forms = (await repo.latestForms(db, codes)).map((r) => parseForm(r.definition));
  return { item, forms };
}

/** The service items with the one form (public). */
export async function listServiceItems(db: Database) {
  const items = await repo.listServiceItems(db);
  return items.map((i) => ({ code: i.code, name: i.name_zh, nameEn: i.name_en }));
}

/** The service guide of an item (public): materials, per-department time limits, fees. */
export async function getServiceGuide(db: Database, code: string) {
  const item = await repo.findServiceItem(db, code);
  const guide = GUIDES.find((g) => g.serviceItem === code);
  if (!item || !guide) throw AppError.notFound("办事指南");
  return { ...guide, timeLimits: guideTimeLimits(guide) };
}

/** The unified form of a service item and its reduction report (public open data). */
export async function getServiceItemForm(db: Database, code: string) {
  const { item, forms } = await currentForms(db, code);
  return presentUnified(item.code, item.name_zh, item.name_en, unify(forms));
}

function presentUnified(code: string, name: string, nameEn: string, u: UnifiedForm) {
  const elements = u.sections.flatMap((s) => s.controls.flatMap((c) => c.elements));
  const usedLists = new Set(elements.map((e) => e.codeList).filter(Boolean) as string[]);
  // Money values carry a currency from the currency list.
  if (elements.some((e) => e.type === "money")) usedLists.add("currency");
  return {
    serviceItem: { code, name, nameEn },
    forms: u.forms,
    sections: u.sections.map((s) => ({
      block: s.block,
      when: s.when,
      controls: s.controls.map((c) => ({ key: c.key, when: c.when, optional: c.optional, departments: c.departments, elements: c.elements })),
    })),
    elements: u.plans.map((p) => ({ key: p.element.key, label: p.element.label, origin: p.origin, rule: p.rule, when: p.when, departments: p.departments })),
    codeLists: Object.fromEntries([...usedLists].map((k) => [k, dictionary.codeLists[k]!])),
    report: u.report,
  };
}

function presentApplication(a: ApplicationTable) {
  return {
    id: a.id,
    number: a.number,
    serviceItem: a.service_item_code,
    status: a.status,
    data: JSON.parse(a.data) as ApplicationData,
    formVersions: JSON.parse(a.form_versions) as Record<string, number>,
    revision: a.revision,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
    submittedAt: a.submitted_at,
  };
}

/** The next application number of the year in Asia/Shanghai, e.g. 2026-QY-000123; call inside the insert's transaction. */
async function nextNumber(db: Database, at: string): Promise<string> {
  const year = new Date(Date.parse(at) + 8 * 3600_000).getUTCFullYear();
  const n = await repo.nextCounter(db, `application-number-${year}`);
  return `${year}-QY-${String(n).padStart(6, "0")}`;
}

/** Starts a draft for the caller under the current form versions. */
export async function createApplication(db: Database, ctx: RequestContext, input: { serviceItem: string }) {
  const actor = requireActor(ctx);
  authorize(actor, "applications.own");
  const { item, forms } = await currentForms(db, input.serviceItem);
  const now = nowIso();
  const row: ApplicationTable = {
    id: randomUUID(),
    number: "",
    service_item_code: item.code,
    applicant_id: actor.userId,
    status: "draft",
    data: JSON.stringify(emptyApplication()),
    form_versions: JSON.stringify(Object.fromEntries(forms.map((f) => [f.code, f.version]))),
    revision: 1,
    created_at: now,
    updated_at: now,
    submitted_at: null,
  };
  await db.transaction().execute(async (trx) => {
    row.number = await nextNumber(trx, now);
    await repo.insertApplication(trx, row);
    await audit(trx, ctx, { action: "create", entity: "application", entityId: row.id, detail: { number: row.number } });
  });
  return presentApplication(row);
}

async function ownApplication(db: Database, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  authorize(actor, "applications.own");
  const a = await repo.findApplication(db, id);
  // Someone else's application is reported as absent, not as forbidden.
  if (!a || a.applicant_id !== actor.userId) throw AppError.notFound("申请");
  return a;
}

async function unifiedOf(db: Database, a: ApplicationTable) {
  const versions = JSON.parse(a.form_versions) as Record<string, number>;
  const forms = (await repo.formsAt(db, versions)).map((r) => parseForm(r.definition));
  const order = Object.keys(versions);
  forms.sort((x, y) => order.indexOf(x.code) - order.indexOf(y.code));
  return { forms, unified: unify(forms) };
}

/** The caller's applications. */
export async function listOwnApplications(db: Database, ctx: RequestContext) {
  const actor = requireActor(ctx);
  authorize(actor, "applications.own");
  return (await repo.listApplicationsOf(db, actor.userId)).map(presentApplication);
}

/** One of the caller's applications, with the unified form it was made under. */
export async function getOwnApplication(db: Database, ctx: RequestContext, id: string) {
  const a = await ownApplication(db, ctx, id);
  const { unified } = await unifiedOf(db, a);
  const item = await repo.findServiceItem(db, a.service_item_code);
  return { application: presentApplication(a), form: presentUnified(a.service_item_code, item?.name_zh ?? "", item?.name_en ?? "", unified) };
}

/** The shape of application data; values are checked against the form afterwards. */
export const applicationDataSchema = z.strictObject({
  values: z.record(z.string(), z.unknown()).describe("表单内容"),
  rows: z.record(z.string(), z.array(z.record(z.string(), z.unknown())).max(200)).describe("表格内容"),
  answers: z.record(z.string(), z.boolean()).describe("适用情形"),
});

/** Saves a draft (from any device); refuses invalid values and a save based on an older revision. */
export async function saveDraft(db: Database, ctx: RequestContext, id: string, input: { data: ApplicationData; revision: number }) {
  const a = await ownApplication(db, ctx, id);
  if (a.status !== "draft") throw AppError.conflict("申请已提交，不能再修改");
  const { unified } = await unifiedOf(db, a);
  const errors = validateApplication(unified, dictionary, input.data, { complete: false, today: shanghaiToday() });
  if (errors.length) throw AppError.validation(prefix(errors, "data"));
  const ok = await repo.updateApplication(db, id, input.revision, { data: JSON.stringify(input.data), updated_at: nowIso() });
  if (!ok) throw AppError.conflict("草稿已在其他设备上更新，请刷新后再保存", [{ path: "revision", message: "版本：已过期" }]);
  return presentApplication((await repo.findApplication(db, id))!);
}

/** Submits an application: stored only when every field is valid. */
export async function submitApplication(db: Database, ctx: RequestContext, id: string, input: { data: ApplicationData; revision: number }) {
  const a = await ownApplication(db, ctx, id);
  if (a.status !== "draft") throw AppError.conflict("申请已提交");
  const { unified } = await unifiedOf(db, a);
  const errors = validateApplication(unified, dictionary, input.data, { complete: true, today: shanghaiToday() });
  if (errors.length) throw AppError.validation(prefix(errors, "data"));
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    const ok = await repo.updateApplication(trx, id, input.revision, { data: JSON.stringify(input.data), updated_at: now, status: "submitted", submitted_at: now });
    if (!ok) throw AppError.conflict("草稿已在其他设备上更新，请刷新后再提交", [{ path: "revision", message: "版本：已过期" }]);
    const kase = await openCase(trx, a, now);
    await audit(trx, ctx, { action: "submit", entity: "application", entityId: id, detail: { number: a.number, case: kase.number } });
  });
  return presentApplication((await repo.findApplication(db, id))!);
}

const prefix = (errors: FieldError[], p: string) => errors.map((e) => ({ ...e, path: e.path ? `${p}.${e.path}` : p }));

/** People the caller already entered in earlier applications, to offer instead of retyping. */
export async function knownPeople(db: Database, ctx: RequestContext) {
  const actor = requireActor(ctx);
  authorize(actor, "applications.own");
  const people = new Map<string, { name: string; idType: string; idNumber: string; mobile: string | null; landline: string | null; email: string | null }>();
  for (const a of await repo.listApplicationsOf(db, actor.userId)) {
    const d = JSON.parse(a.data) as ApplicationData;
    for (const p of ["lr", "cfo", "ll", "bsr", "agent"]) {
      const name = d.values[`${p}_name`];
      const idNumber = d.values[`${p}_idno`];
      if (typeof name !== "string" || typeof idNumber !== "string" || people.has(idNumber)) continue;
      people.set(idNumber, {
        name,
        idType: String(d.values[`${p}_idtype`] ?? "10"),
        idNumber,
        mobile: (d.values[`${p}_mob`] as string | undefined) ?? null,
        landline: (d.values[`${p}_tel`] as string | undefined) ?? null,
        email: (d.values[`${p}_email`] as string | undefined) ?? null,
      });
    }
  }
  return [...people.values()];
}

/**
 * One department's legacy form of a submitted application, filled: exactly the
 * fields of its own form (the version the application was made under), entered,
 * derived, or pending issue. Reviewers and clerks see only their department's.
 */
export async function getDepartmentForm(db: Database, ctx: RequestContext, id: string, departmentCode: string) {
  const actor = requireActor(ctx);
  const department = await findDepartmentByCode(db, departmentCode);
  if (!department) throw AppError.notFound("部门");
  authorize(actor, "department.forms.read", { departmentId: department.id });
  const a = await repo.findApplication(db, id);
  if (!a || a.status !== "submitted") throw AppError.notFound("申请");
  const { forms, unified } = await unifiedOf(db, a);
  const form = forms.find((f) => f.department === departmentCode);
  if (!form) throw AppError.notFound("该部门的表单");
  const data = JSON.parse(a.data) as ApplicationData;
  const conditions = evaluateConditions(data);
  const planOf = new Map(unified.plans.map((p) => [p.element.key, p]));
  const blocks = new Map(dictionary.blocks.map((b) => [b.key, b]));
  const fields = form.fields.map((f) => {
    const plan = planOf.get(f.element)!;
    const applies = !f.when || conditions[f.when] === true;
    const base = { no: f.no, label: f.label, section: f.section, element: f.element, source: f.source, applies };
    const block = blocks.get(plan.element.block)!;
    if (!applies) return { ...base, value: null, display: "", pending: null, rows: null };
    if (block.kind === "repeating") {
      const rows = (data.rows[block.key] ?? []).map((row) => {
        const r = resolveElement(plan, data, {}, row);
        return "value" in r ? { value: r.value, display: formatValue(plan.element, r.value, dictionary) } : { value: null, display: "", pending: r.pending };
      });
      return { ...base, value: null, display: "", pending: null, rows };
    }
    const r = resolveElement(plan, data, {});
    return "value" in r
      ? { ...base, value: r.value, display: formatValue(plan.element, r.value, dictionary), pending: null, rows: null }
      : { ...base, value: null, display: "", pending: r.pending, rows: null };
  });
  await audit(db, ctx, { action: "read", entity: "application", entityId: id, detail: { department: departmentCode, form: `${form.code}@${form.version}` } });
  return {
    application: { id: a.id, number: a.number, submittedAt: a.submitted_at },
    form: { code: form.code, version: form.version, department: form.department, title: form.title },
    fields,
  };
}

/** Submitted applications for staff (names only; opening one is audited), newest first, a page after a cursor. */
export async function listSubmitted(db: Database, ctx: RequestContext, q: { limit: number; after?: string }) {
  const actor = requireActor(ctx);
  authorize(actor, "department.forms.read");
  const after = q.after === undefined ? undefined : (decodeCursor(q.after, ["s", "s"]) as [string, string]);
  const [rows, count] = await Promise.all([
    repo.submittedPageQuery(db, { limit: q.limit, after }).execute(),
    after ? null : cappedTotal(db, repo.submittedCounted(db)),
  ]);
  const page = pageOf(rows, q.limit, (r) => [r.submitted_at, r.id]);
  return {
    items: page.rows.map((r) => ({
      id: r.id,
      number: r.number,
      serviceItem: r.service_item_code,
      submittedAt: r.submitted_at,
      applicantName: r.applicant_name,
      companyName: (JSON.parse(r.data) as ApplicationData).values.name ?? null,
    })),
    ...pageInfo(count, page.nextCursor),
  };
}

/** Every stored form version (admin). */
export async function listForms(db: Database, ctx: RequestContext) {
  authorize(requireActor(ctx), "forms.manage");
  return (await repo.listFormVersions(db)).map((r) => {
    const f = parseForm(r.definition);
    return { code: r.code, department: r.department_code, version: r.version, title: f.title, fieldCount: f.fields.length, createdAt: r.created_at };
  });
}

/** One stored form version (admin). */
export async function getForm(db: Database, ctx: RequestContext, code: string, version: number) {
  authorize(requireActor(ctx), "forms.manage");
  const r = await repo.findFormVersion(db, code, version);
  if (!r) throw AppError.notFound("表单版本");
  return parseForm(r.definition);
}

/**
 * Stores a new version of a department's form from its JSON definition (admin).
 * Refuses a malformed definition with the JSON path of each problem, and one the
 * unified form could not be built from. Applications already made keep the
 * versions they were made under.
 */
export async function uploadForm(db: Database, ctx: RequestContext, definition: unknown) {
  authorize(requireActor(ctx), "forms.manage");
  const parsed = formDefinitionSchema.safeParse(definition);
  if (!parsed.success) throw AppError.validation(toFieldErrors(formDefinitionSchema, parsed.error.issues, "definition"));
  const form = parsed.data;
  const problems: FieldError[] = [];
  const elements = new Set(dictionary.elements.map((e) => e.key));
  form.fields.forEach((f, i) => {
    if (!elements.has(f.element)) problems.push({ path: `definition.fields.${i}.element`, message: `第 ${i + 1} 项（${f.label}）：数据元 ${f.element} 不存在` });
  });
  const items = await repo.listServiceItems(db);
  const item = items.find((it) => (JSON.parse(it.form_codes) as string[]).includes(form.code));
  if (!item) problems.push({ path: "definition.code", message: `表单代码 ${form.code} 不属于任何事项` });
  const existing = (await repo.listFormVersions(db)).filter((r) => r.code === form.code);
  const latest = existing.at(-1);
  if (latest && latest.department_code !== form.department) {
    problems.push({ path: "definition.department", message: `表单 ${form.code} 属于部门 ${latest.department_code}` });
  }
  if (latest && form.version !== latest.version + 1) {
    problems.push({ path: "definition.version", message: `版本号应为 ${latest.version + 1}` });
  }
  if (problems.length) throw AppError.validation(problems);
  // The unified form must still build, with every derivation implemented.
  const { forms } = await currentForms(db, item!.code);
  const next = forms.map((f) => (f.code === form.code ? form : f));
  try {
    const u = mergeForms(next, dictionary);
    const missing = unknownRules(u.plans);
    if (missing.length) throw AppError.validation(missing.map((m) => ({ path: "definition.fields", message: `未实现的推导规则：${m}` })));
  } catch (err) {
    if (err instanceof MergeError) throw AppError.validation(err.problems.map((m) => ({ path: "definition", message: m })));
    throw err;
  }
  await db.transaction().execute(async (trx) => {
    await repo.insertFormVersion(trx, {
      id: randomUUID(),
      code: form.code,
      department_code: form.department,
      version: form.version,
      definition: JSON.stringify(form),
      created_at: nowIso(),
      created_by: ctx.actor!.userId,
    });
    await audit(trx, ctx, { action: "create", entity: "form_definition", entityId: `${form.code}@${form.version}` });
  });
  return getServiceItemForm(db, item!.code);
}
