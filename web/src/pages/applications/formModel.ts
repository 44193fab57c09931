import {
  CONDITIONS,
  JIAXING_DICTIONARY,
  RESIDENT_ID_TYPE,
  evaluateConditions,
  isIndustryClass,
  valueProblem,
  type ApplicationData,
  type CodeList,
  type DataElement,
  type Dictionary,
} from "@yichuang/core";
import type { FormControl, FormSection, KnownPerson, UnifiedFormView } from "../../api/types";
import { serverToday } from "../../lib/serverTime";

/**
 * The founder's form as the page holds it: the application data with a stable
 * id per table row (React keys), plus the pure rules the page applies to it —
 * which sections and controls apply, what is filled, what is wrong.
 */

/** One row of a repeating block; `id` never leaves the browser. */
export interface RowState {
  id: string;
  values: Record<string, unknown>;
}

/** The application data being edited. */
export interface FormState {
  values: Record<string, unknown>;
  rows: Record<string, RowState[]>;
  answers: Record<string, boolean>;
}

/** Where a control's values live: the single values, or one row of a table. */
export type Scope = { kind: "values" } | { kind: "row"; block: string; rowId: string };

let rowSeq = 0;
/** A new row id, unique in this page. */
export const newRowId = (): string => `row${++rowSeq}`;

/** True for a value the founder has not given (the data leaves it out). */
export function isEmptyValue(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === "string" && v.trim() === "") || (Array.isArray(v) && v.length === 0);
}

/**
 * The value to store for what an input produced: undefined when nothing was
 * entered, so the data carries no empty strings or half-empty objects.
 */
export function normalizeValue(e: DataElement, v: unknown): unknown {
  if (isEmptyValue(v)) return undefined;
  if (e.type === "address" && typeof v === "object" && v !== null) {
    const a = v as { division?: string; detail?: string; postcode?: string };
    const detail = a.detail ?? "";
    if (!a.division && detail.trim() === "" && !a.postcode) return undefined;
    // A missing division stays missing (not ""), so its check says “未选择”.
    return { ...(a.division ? { division: a.division } : {}), detail, ...(a.postcode ? { postcode: a.postcode } : {}) };
  }
  if (e.type === "money" && typeof v === "object" && v !== null) {
    const m = v as { amount?: number | null; currency?: string };
    return typeof m.amount === "number" ? { amount: m.amount, currency: m.currency ?? "CNY" } : undefined;
  }
  return v;
}

/** Code lists for the form's checks and selects. The served form omits `currency`, which money values use. */
export function codeListsOf(form: UnifiedFormView): Record<string, CodeList> {
  const currency = form.codeLists.currency ?? JIAXING_DICTIONARY.codeLists.currency;
  return currency ? { ...form.codeLists, currency } : form.codeLists;
}

/** A dictionary holding just the code lists, which is all `formatValue` reads. */
export function displayDictionary(codeLists: Record<string, CodeList>): Dictionary {
  return { blocks: [], elements: [], codeLists };
}

/** The element holding the ID type of an ID-number element, if the control has one. */
function idTypeOf(control: FormControl): DataElement | undefined {
  const idNumber = control.elements.find((e) => e.type === "idNumber" && e.idTypeElement);
  return idNumber ? control.elements.find((e) => e.key === idNumber.idTypeElement) : undefined;
}

/** ID types default to 居民身份证: what nearly every founder holds. */
export function withIdDefaults(controls: readonly FormControl[], values: Record<string, unknown>): Record<string, unknown> {
  let out = values;
  for (const c of controls) {
    const idType = idTypeOf(c);
    if (idType && isEmptyValue(out[idType.key])) out = { ...out, [idType.key]: RESIDENT_ID_TYPE };
  }
  return out;
}

/** The editing state of saved data. */
export function fromData(form: UnifiedFormView, data: ApplicationData): FormState {
  let values = { ...data.values };
  const rows: Record<string, RowState[]> = {};
  for (const s of form.sections) {
    if (s.block.kind === "repeating") {
      rows[s.block.key] = (data.rows[s.block.key] ?? []).map((r) => ({ id: newRowId(), values: withIdDefaults(s.controls, { ...r }) }));
    } else {
      values = withIdDefaults(s.controls, values);
    }
  }
  // Tables the form no longer has stay as they were, so nothing the founder typed is dropped silently.
  for (const [block, list] of Object.entries(data.rows)) {
    if (!rows[block]) rows[block] = list.map((r) => ({ id: newRowId(), values: { ...r } }));
  }
  return { values, rows, answers: { ...data.answers } };
}

/** The state as application data, without row ids. */
export function toData(state: FormState): ApplicationData {
  const rows: Record<string, Record<string, unknown>[]> = {};
  for (const [block, list] of Object.entries(state.rows)) if (list.length) rows[block] = list.map((r) => ({ ...r.values }));
  return { values: { ...state.values }, rows, answers: { ...state.answers } };
}

/** Which conditions hold for the state. */
export function conditionsOf(state: FormState): Record<string, boolean> {
  return evaluateConditions(toData(state));
}

/** True when a control or section with these conditions applies. */
export const applies = (when: readonly string[], conditions: Record<string, boolean>): boolean =>
  when.length === 0 || when.some((c) => conditions[c] === true);

/** The yes/no questions ("asked" conditions) a section depends on. */
export function askedConditionsOf(section: FormSection): string[] {
  const all = new Set([...section.when, ...section.controls.flatMap((c) => c.when)]);
  return [...all].filter((c) => CONDITIONS[c]?.kind === "asked");
}

/**
 * True when the section is shown at all: always, or behind its yes/no
 * switch, or when a computed condition holds. Sections depending only on a
 * centre setting stay hidden while the setting is off.
 */
export function sectionShown(section: FormSection, conditions: Record<string, boolean>): boolean {
  if (applies(section.when, conditions)) return true;
  return section.when.some((c) => CONDITIONS[c]?.kind === "asked");
}

/** The controls of a section the founder must answer now. */
export function applicableControls(section: FormSection, conditions: Record<string, boolean>): FormControl[] {
  if (!applies(section.when, conditions)) return [];
  return section.controls.filter((c) => applies(c.when, conditions));
}

/** True when the control is answered: every required element given (an optional control: any element). */
export function controlFilled(control: FormControl, values: Record<string, unknown>): boolean {
  const given = control.elements.filter((e) => !isEmptyValue(values[e.key]));
  if (given.length === 0) return false;
  return control.elements.every((e) => e.optional || !isEmptyValue(values[e.key]));
}

/** Filled and total applicable controls of a section; a table's control counts as filled when every row has it. */
export function sectionCounts(section: FormSection, state: FormState, conditions: Record<string, boolean>) {
  const controls = applicableControls(section, conditions);
  const rows = state.rows[section.block.key] ?? [];
  const filled = (c: FormControl) =>
    section.block.kind === "repeating" ? rows.length > 0 && rows.every((r) => controlFilled(c, r.values)) : controlFilled(c, state.values);
  return {
    total: controls.length,
    filled: controls.filter(filled).length,
    required: controls.filter((c) => !c.optional).length,
    requiredFilled: controls.filter((c) => !c.optional && filled(c)).length,
  };
}

/** Controls the founder has answered, over the whole form. */
export function filledCount(form: UnifiedFormView, state: FormState, conditions: Record<string, boolean>): { filled: number; total: number } {
  let filled = 0;
  let total = 0;
  for (const s of form.sections) {
    const c = sectionCounts(s, state, conditions);
    filled += c.filled;
    total += c.total;
  }
  return { filled, total };
}

/** A problem on one path: a value check's zh-CN text, or a missing value or row. */
export type Problem = { kind: "value"; message: string } | { kind: "required" } | { kind: "minRows"; min: number } | { kind: "maxRows"; max: number };

/** Path of a single value, as the server names it (without the "data." prefix). */
export const valuePath = (key: string) => `values.${key}`;
/** Path of a table cell. */
export const cellPath = (block: string, index: number, key: string) => `rows.${block}.${index}.${key}`;
/** Path of a whole table. */
export const tablePath = (block: string) => `rows.${block}`;

/** Checks one value the way the server will; null when valid or empty. */
export function elementProblem(e: DataElement, value: unknown, scope: Record<string, unknown>, codeLists: Record<string, CodeList>): string | null {
  if (isEmptyValue(value)) return null;
  return valueProblem(e, value, { codeLists, isIndustry: isIndustryClass, sibling: (k) => scope[k], today: serverToday() });
}

/**
 * Every problem of the applicable controls, in the order of the form. With
 * `complete`, required values and table rows are checked too (submitting).
 */
export function formProblems(
  form: UnifiedFormView,
  state: FormState,
  conditions: Record<string, boolean>,
  codeLists: Record<string, CodeList>,
  complete: boolean,
): Map<string, Problem> {
  const out = new Map<string, Problem>();
  const check = (c: FormControl, scope: Record<string, unknown>, path: (key: string) => string) => {
    for (const e of c.elements) {
      const v = scope[e.key];
      if (isEmptyValue(v)) {
        if (complete && !e.optional) out.set(path(e.key), { kind: "required" });
        continue;
      }
      const p = elementProblem(e, v, scope, codeLists);
      if (p) out.set(path(e.key), { kind: "value", message: p });
    }
  };
  for (const s of form.sections) {
    const controls = applicableControls(s, conditions);
    if (controls.length === 0) continue;
    if (s.block.kind !== "repeating") {
      for (const c of controls) check(c, state.values, valuePath);
      continue;
    }
    const rows = state.rows[s.block.key] ?? [];
    // A table behind a yes/no question needs a row once the founder answers yes (as the server rules).
    const min = Math.max(s.block.minRows ?? 0, s.when.length ? 1 : 0);
    if (complete && rows.length < min) out.set(tablePath(s.block.key), { kind: "minRows", min });
    if (s.block.maxRows !== undefined && rows.length > s.block.maxRows) out.set(tablePath(s.block.key), { kind: "maxRows", max: s.block.maxRows });
    rows.forEach((r, i) => {
      for (const c of controls) check(c, r.values, (k) => cellPath(s.block.key, i, k));
    });
  }
  return out;
}

/**
 * The data to store for a draft: values that fail their check are left out
 * (the server refuses a draft holding one), and so are the `skip` paths the
 * server refused. Rows stay in place so row numbers keep matching.
 */
export function draftData(state: FormState, problems: ReadonlyMap<string, Problem>, skip: ReadonlySet<string> = new Set()): ApplicationData {
  const bad = (path: string) => problems.get(path)?.kind === "value" || skip.has(path);
  const data = toData(state);
  for (const k of Object.keys(data.values)) if (bad(valuePath(k))) delete data.values[k];
  for (const [block, rows] of Object.entries(data.rows)) {
    rows.forEach((r, i) => {
      for (const k of Object.keys(r)) if (bad(cellPath(block, i, k))) delete r[k];
    });
  }
  return data;
}

/** The data to submit: only what applies (answers to switched-off questions keep their values out). */
export function submitData(form: UnifiedFormView, state: FormState, conditions: Record<string, boolean>): ApplicationData {
  const data = toData(state);
  const values: Record<string, unknown> = {};
  const rows: Record<string, Record<string, unknown>[]> = {};
  for (const s of form.sections) {
    const keys = new Set(applicableControls(s, conditions).flatMap((c) => c.elements.map((e) => e.key)));
    if (s.block.kind === "repeating") {
      if (keys.size && data.rows[s.block.key]?.length) {
        rows[s.block.key] = data.rows[s.block.key]!.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => keys.has(k))));
      }
      continue;
    }
    for (const k of keys) if (data.values[k] !== undefined) values[k] = data.values[k];
  }
  const answers = Object.fromEntries(Object.entries(data.answers).filter(([k]) => CONDITIONS[k]?.kind === "asked"));
  return { values, rows, answers };
}

/** The server's field path ("data.values.lr_idno") in the page's terms ("values.lr_idno"). */
export function localPath(serverPath: string): string {
  return serverPath.startsWith("data.") ? serverPath.slice(5) : serverPath;
}

// People: fill a person's card from someone already entered.

/** A person to offer for prefill. */
export interface PersonChoice {
  key: string;
  name: string;
  idType?: string;
  idNumber?: string;
  mobile?: string;
  landline?: string;
  email?: string;
  /** Where the person comes from, e.g. "法定代表人" or "earlier". */
  from: string;
}

/** The elements of a person's card (or a table row) a person fills. */
export interface PersonTargets {
  name?: string;
  idType?: string;
  idNumber?: string;
  mobile?: string;
  landline?: string;
  email?: string;
}

/** Which element of these controls holds the name, ID, phones and e-mail. */
export function personTargets(controls: readonly FormControl[]): PersonTargets {
  const elements = controls.flatMap((c) => c.elements);
  const idNumber = elements.find((e) => e.type === "idNumber");
  return {
    name: elements.find((e) => e.type === "text" && e.key.endsWith("_name"))?.key,
    idType: idNumber?.idTypeElement,
    idNumber: idNumber?.key,
    mobile: elements.find((e) => e.type === "mobile")?.key,
    landline: elements.find((e) => e.type === "landline")?.key,
    email: elements.find((e) => e.type === "email")?.key,
  };
}

/** True when these controls describe a person: a name and an ID number. */
export const isPersonLike = (t: PersonTargets) => t.name !== undefined && t.idNumber !== undefined;

const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v : undefined);

/** A person read from values through their targets, or undefined without a name. */
function personFrom(values: Record<string, unknown>, t: PersonTargets, from: string): PersonChoice | undefined {
  const name = t.name ? str(values[t.name]) : undefined;
  if (!name) return undefined;
  const idNumber = t.idNumber ? str(values[t.idNumber]) : undefined;
  return {
    key: "",
    name,
    idType: t.idType ? str(values[t.idType]) : undefined,
    idNumber,
    mobile: t.mobile ? str(values[t.mobile]) : undefined,
    landline: t.landline ? str(values[t.landline]) : undefined,
    email: t.email ? str(values[t.email]) : undefined,
    from,
  };
}

/**
 * People to offer: those already in this form (person cards, then natural
 * persons in the tables), those from the founder's earlier applications, and
 * the founder. One entry per ID number (or per name when no ID is known).
 */
export function peopleChoices(
  form: UnifiedFormView,
  state: FormState,
  known: readonly KnownPerson[],
  self: { name: string; mobile?: string; email?: string } | null,
  sectionTitle: (s: FormSection) => string,
  earlierLabel: string,
  selfLabel: string,
): PersonChoice[] {
  const idTypes = new Set(form.codeLists.id_type?.options.map((o) => o.code) ?? [RESIDENT_ID_TYPE]);
  const out: PersonChoice[] = [];
  const seen = new Set<string>();
  const add = (p: PersonChoice | undefined) => {
    if (!p) return;
    const id = p.idNumber ? `id:${p.idNumber}` : `name:${p.name}`;
    if (seen.has(id) || (!p.idNumber && out.some((o) => o.name === p.name))) {
      // Keep the first, but let a later entry add phones or e-mail the first lacked.
      const first = out.find((o) => (p.idNumber ? o.idNumber === p.idNumber : o.name === p.name));
      if (first) {
        first.mobile ??= p.mobile;
        first.landline ??= p.landline;
        first.email ??= p.email;
      }
      return;
    }
    seen.add(id);
    out.push({ ...p, key: id });
  };
  for (const s of form.sections) {
    const t = personTargets(s.controls);
    if (!isPersonLike(t)) continue;
    if (s.block.kind === "person") add(personFrom(state.values, t, sectionTitle(s)));
  }
  for (const s of form.sections) {
    const t = personTargets(s.controls);
    if (s.block.kind !== "repeating" || !isPersonLike(t)) continue;
    for (const r of state.rows[s.block.key] ?? []) {
      const p = personFrom(r.values, t, sectionTitle(s));
      // Company shareholders (a business licence) are not people.
      if (p && (!p.idType || idTypes.has(p.idType))) add(p);
    }
  }
  for (const k of known) {
    add({
      key: "",
      name: k.name,
      idType: k.idType,
      idNumber: k.idNumber,
      mobile: k.mobile ?? undefined,
      landline: k.landline ?? undefined,
      email: k.email ?? undefined,
      from: earlierLabel,
    });
  }
  if (self && !out.some((p) => p.name === self.name)) add({ key: "", name: self.name, mobile: self.mobile, email: self.email, from: selfLabel });
  return out;
}

/** The values a person gives to a card's elements; elements the person has nothing for are left as they were. */
export function personPatch(p: PersonChoice, t: PersonTargets): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  if (t.name) patch[t.name] = p.name;
  if (t.idNumber && p.idNumber) {
    patch[t.idNumber] = p.idNumber;
    if (t.idType) patch[t.idType] = p.idType ?? RESIDENT_ID_TYPE;
  }
  if (t.mobile && p.mobile) patch[t.mobile] = p.mobile;
  if (t.landline && p.landline) patch[t.landline] = p.landline;
  if (t.email && p.email) patch[t.email] = p.email;
  return patch;
}
