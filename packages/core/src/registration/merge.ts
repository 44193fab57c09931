import type { Block, DataElement, Dictionary, FormDefinition, FormField } from "./model.js";

/**
 * The merge engine: from the departments' legacy forms to one unified form that
 * asks each fact once. An element is
 * - issued when any form says an earlier step issues it;
 * - derived when any form derives it from other elements (a repeat of the same
 *   element on one form, `sameAs(itself)`, does not count);
 * - asked of the applicant when a form needs it from the founder and no form
 *   can derive it; conditional when every such field has a condition;
 * - left to a department when only departments fill it.
 * Elements sharing a group in the dictionary are one control and one asked field.
 */

/** How the platform obtains an element. */
export type ElementOrigin = "applicant" | "derived" | "issued" | "department";

/** One control of the unified form: one element, or a group shown as one. */
export interface UnifiedControl {
  key: string;
  elements: DataElement[];
  /** Conditions under which the control applies (any); empty when always. */
  when: string[];
  /** True when every element of the control may be left empty. */
  optional: boolean;
  /** Departments whose forms use it. */
  departments: string[];
}

/** A section of the unified form: one block of the dictionary. */
export interface UnifiedSection {
  block: Block;
  controls: UnifiedControl[];
  /** Conditions under which the whole section applies; empty when always. */
  when: string[];
}

/** How one element is obtained, and which forms use it. */
export interface ElementPlan {
  element: DataElement;
  origin: ElementOrigin;
  /** The derivation rule or issuing step (first found). */
  rule: string | null;
  when: string[];
  departments: string[];
}

/** Figures for one department's form. */
export interface DepartmentReport {
  department: string;
  formCode: string;
  version: number;
  /** Fields printed on its legacy form. */
  legacyFieldCount: number;
  /** Fields whose element the founder is asked (in the unified form, once). */
  askedFieldCount: number;
  /** Fields the platform derives, or that repeat an element on the same form. */
  derivedFieldCount: number;
  issuedFieldCount: number;
  departmentFieldCount: number;
  /** Fields that apply only under a condition that does not hold for the profile. */
  notApplicableFieldCount: number;
  /** Fields asking for an element an earlier form in the sequence had already asked. */
  repeatedFieldCount: number;
}

/** The reduction report: the article's 147 → 52, computed from the forms. */
export interface ReductionReport {
  /** Fields summed over the legacy forms. */
  legacyFieldCount: number;
  /** Distinct data elements those fields carry. */
  distinctElementCount: number;
  derivedElementCount: number;
  issuedElementCount: number;
  departmentElementCount: number;
  /** Elements asked only under a condition. */
  conditionalElementCount: number;
  /** Controls the founder is asked for the profile (all conditions as given). */
  askedFieldCount: number;
  /** Of which required. */
  requiredFieldCount: number;
  /** Elements behind the asked controls. */
  askedElementCount: number;
  /** The conditions that held when counting. */
  profile: Record<string, boolean>;
  departments: DepartmentReport[];
}

/** The unified form and its report. */
export interface UnifiedForm {
  forms: { code: string; department: string; version: number; title: FormDefinition["title"] }[];
  sections: UnifiedSection[];
  plans: ElementPlan[];
  report: ReductionReport;
}

/** Raised when the forms refer to what the dictionary lacks; lists every problem. */
export class MergeError extends Error {
  constructor(readonly problems: string[]) {
    super(`表单无法合并：${problems.join("；")}`);
    this.name = "MergeError";
  }
}

const isRepeatOf = (f: FormField) => f.source === "derived" && f.rule === `sameAs(${f.element})`;

/**
 * Merges department forms (in filing order) into one unified form. `profile`
 * says which conditions hold for the report (default: none, a standard new
 * limited company); the unified form keeps conditional controls with their
 * conditions so the founder's form can show them when they apply.
 */
export function mergeForms(forms: readonly FormDefinition[], dictionary: Dictionary, profile: Record<string, boolean> = {}): UnifiedForm {
  const elements = new Map(dictionary.elements.map((e) => [e.key, e]));
  const blocks = new Map(dictionary.blocks.map((b) => [b.key, b]));
  const problems: string[] = [];
  const departments = new Set<string>();
  for (const form of forms) {
    if (departments.has(form.department)) problems.push(`部门 ${form.department} 的表单出现了两次`);
    departments.add(form.department);
    form.fields.forEach((f, i) => {
      if (!elements.has(f.element)) problems.push(`${form.code} 第 ${i + 1} 项（${f.label}）引用了不存在的数据元 ${f.element}`);
      if ((f.source === "derived" || f.source === "issued") && !f.rule) problems.push(`${form.code} 第 ${i + 1} 项（${f.label}）缺少推导规则或核发环节`);
    });
  }
  for (const e of elements.values()) if (!blocks.has(e.block)) problems.push(`数据元 ${e.key} 的分组 ${e.block} 不存在`);
  if (problems.length) throw new MergeError(problems);

  // Every field per element, in filing order.
  const usage = new Map<string, { form: FormDefinition; field: FormField }[]>();
  for (const form of forms) {
    for (const field of form.fields) {
      const list = usage.get(field.element) ?? [];
      list.push({ form, field });
      usage.set(field.element, list);
    }
  }

  const plans: ElementPlan[] = [];
  for (const [key, uses] of usage) {
    const element = elements.get(key)!;
    const own = uses.filter((u) => !isRepeatOf(u.field));
    const issued = own.find((u) => u.field.source === "issued");
    const derived = own.find((u) => u.field.source === "derived");
    const asked = own.filter((u) => u.field.source === "applicant");
    const origin: ElementOrigin = issued ? "issued" : derived ? "derived" : asked.length ? "applicant" : "department";
    const deciding = origin === "applicant" ? asked : own.filter((u) => u.field.source === origin);
    // A condition holds only if every field of that origin carries one.
    const when = deciding.every((u) => u.field.when) ? [...new Set(deciding.map((u) => u.field.when!))] : [];
    plans.push({
      element,
      origin,
      rule: issued?.field.rule ?? derived?.field.rule ?? null,
      when,
      departments: [...new Set(uses.map((u) => u.form.department))],
    });
  }
  // Elements the dictionary pairs with an asked element (e.g. an ID type no form prints) are asked with it.
  const planned = new Set(plans.map((p) => p.element.key));
  for (const p of [...plans]) {
    if (p.origin !== "applicant" || !p.element.group) continue;
    for (const e of elements.values()) {
      if (e.group === p.element.group && e.block === p.element.block && !planned.has(e.key)) {
        plans.push({ element: e, origin: "applicant", rule: null, when: p.when, departments: p.departments });
        planned.add(e.key);
      }
    }
  }

  const applies = (when: string[]) => when.length === 0 || when.some((c) => profile[c] === true);
  const sections = buildSections(plans, blocks, new Map(dictionary.elements.map((e, i) => [e.key, i])));

  let askedFieldCount = 0;
  let requiredFieldCount = 0;
  let askedElementCount = 0;
  for (const s of sections) {
    if (!applies(s.when)) continue;
    for (const c of s.controls) {
      if (!applies(c.when)) continue;
      askedFieldCount++;
      askedElementCount += c.elements.length;
      if (!c.optional) requiredFieldCount++;
    }
  }

  const planOf = new Map(plans.map((p) => [p.element.key, p]));
  const seen = new Set<string>();
  const departmentReports: DepartmentReport[] = forms.map((form) => {
    const r: DepartmentReport = {
      department: form.department,
      formCode: form.code,
      version: form.version,
      legacyFieldCount: form.fields.length,
      askedFieldCount: 0,
      derivedFieldCount: 0,
      issuedFieldCount: 0,
      departmentFieldCount: 0,
      notApplicableFieldCount: 0,
      repeatedFieldCount: 0,
    };
    const seenHere = new Set<string>();
    for (const f of form.fields) {
      const plan = planOf.get(f.element)!;
      if (seen.has(f.element) || seenHere.has(f.element)) r.repeatedFieldCount++;
      seenHere.add(f.element);
      if (f.when && !applies([f.when])) r.notApplicableFieldCount++;
      else if (isRepeatOf(f) || plan.origin === "derived") r.derivedFieldCount++;
      else if (plan.origin === "issued") r.issuedFieldCount++;
      else if (plan.origin === "department") r.departmentFieldCount++;
      else r.askedFieldCount++;
    }
    for (const k of seenHere) seen.add(k);
    return r;
  });

  return {
    forms: forms.map((f) => ({ code: f.code, department: f.department, version: f.version, title: f.title })),
    sections,
    plans,
    report: {
      legacyFieldCount: forms.reduce((n, f) => n + f.fields.length, 0),
      distinctElementCount: usage.size,
      derivedElementCount: plans.filter((p) => p.origin === "derived").length,
      issuedElementCount: plans.filter((p) => p.origin === "issued").length,
      departmentElementCount: plans.filter((p) => p.origin === "department").length,
      conditionalElementCount: plans.filter((p) => p.origin === "applicant" && p.when.length > 0).length,
      askedFieldCount,
      requiredFieldCount,
      askedElementCount,
      profile: { ...profile },
      departments: departmentReports,
    },
  };
}

function buildSections(plans: ElementPlan[], blocks: Map<string, Block>, order: Map<string, number>): UnifiedSection[] {
  const byBlock = new Map<string, ElementPlan[]>();
  // The dictionary's order is the curated reading order; within a group the type (a code) comes first.
  const sorted = [...plans].sort((a, b) => (order.get(a.element.key) ?? 0) - (order.get(b.element.key) ?? 0));
  for (const p of sorted) {
    if (p.origin !== "applicant") continue;
    const list = byBlock.get(p.element.block) ?? [];
    list.push(p);
    byBlock.set(p.element.block, list);
  }
  const sections: UnifiedSection[] = [];
  for (const [blockKey, list] of byBlock) {
    const controls: UnifiedControl[] = [];
    const byGroup = new Map<string, UnifiedControl>();
    for (const p of list) {
      const groupKey = p.element.group;
      const existing = groupKey ? byGroup.get(groupKey) : undefined;
      if (existing) {
        existing.elements.push(p.element);
        existing.when = existing.when.length && p.when.length ? [...new Set([...existing.when, ...p.when])] : [];
        existing.optional &&= p.element.optional === true;
        existing.departments = [...new Set([...existing.departments, ...p.departments])];
        continue;
      }
      const control: UnifiedControl = {
        key: groupKey ?? p.element.key,
        elements: [p.element],
        when: p.when,
        optional: p.element.optional === true,
        departments: p.departments,
      };
      if (groupKey) byGroup.set(groupKey, control);
      controls.push(control);
    }
    // A section's condition: every control shares one.
    const first = controls[0]?.when ?? [];
    const when = first.length && controls.every((c) => c.when.length && c.when.every((w) => first.includes(w))) ? first : [];
    sections.push({ block: blocks.get(blockKey)!, controls, when });
  }
  return sections.sort((a, b) => a.block.order - b.block.order);
}
