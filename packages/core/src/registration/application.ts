import type { FieldError } from "../errors.js";
import { findIndustry, isIndustryClass } from "./industry.js";
import type { DataElement, Dictionary } from "./model.js";
import type { ElementPlan, UnifiedForm } from "./merge.js";
import { valueProblem, type AddressValue, type MoneyValue, type ValueContext } from "./values.js";

/**
 * An application's data as the founder fills it, its conditions, validation,
 * and the values the platform derives for the departments.
 */

/** What the founder entered: single-block values, repeating-block rows, and yes/no answers to conditions. */
export interface ApplicationData {
  values: Record<string, unknown>;
  rows: Record<string, Record<string, unknown>[]>;
  answers: Record<string, boolean>;
}

/** An empty application. */
export const emptyApplication = (): ApplicationData => ({ values: {}, rows: {}, answers: {} });

/** Conditions of the forms: computed from the data, or asked as a yes/no question, or a centre setting. */
export const CONDITIONS: Record<string, { zh: string; en: string; kind: "computed" | "asked" | "setting" }> = {
  isJointStock: { zh: "股份有限公司", en: "Joint-stock company", kind: "computed" },
  hasForeignInvestor: { zh: "有境外投资者", en: "Has investors from outside the mainland", kind: "computed" },
  hasBranches: { zh: "设有分支机构", en: "Has branches", kind: "asked" },
  isBranch: { zh: "本单位为分支机构", en: "The unit is a branch", kind: "asked" },
  usesTaxAgent: { zh: "委托税务代理人", en: "Uses a tax agent", kind: "asked" },
  hasWithholdingDuty: { zh: "有代扣代缴、代收代缴义务", en: "Has withholding duties", kind: "asked" },
  qtsRequiresBank: { zh: "质监申报表要求开户银行", en: "The QTS form asks for the bank", kind: "setting" },
};

/** ID types of people from outside the mainland (港澳台 and foreign). */
const OUTSIDE_MAINLAND_IDS = new Set(["30", "40", "50", "60", "70"]);
const FOREIGN_IDS = new Set(["50", "60"]);

/** Which conditions hold for this data (settings come from the centre). */
export function evaluateConditions(data: ApplicationData, settings: Record<string, boolean> = {}): Record<string, boolean> {
  const enttype = String(data.values.enttype ?? "");
  const investors = data.rows.sh ?? [];
  return {
    isJointStock: enttype.startsWith("12"),
    hasForeignInvestor: investors.some((r) => OUTSIDE_MAINLAND_IDS.has(String(r.sh_idtype ?? "")) || String(r.sh_idtype ?? "") === "L05"),
    hasBranches: data.answers.hasBranches === true,
    isBranch: data.answers.isBranch === true,
    usesTaxAgent: data.answers.usesTaxAgent === true,
    hasWithholdingDuty: data.answers.hasWithholdingDuty === true,
    qtsRequiresBank: settings.qtsRequiresBank === true,
  };
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);

/** Lookups for value checks, built once per dictionary. */
export function valueContext(dictionary: Dictionary, today: string): Omit<ValueContext, "sibling"> {
  return { codeLists: dictionary.codeLists, isIndustry: isIndustryClass, today };
}

/**
 * Checks an application against the unified form: every applicable required
 * control filled, every value valid, and the cross-field rules (capital equals
 * the shareholders' subscriptions, staff counts, mandate dates). With
 * `complete: false` (a draft) only the values given are checked.
 */
export function validateApplication(
  form: UnifiedForm,
  dictionary: Dictionary,
  data: ApplicationData,
  options: { complete: boolean; settings?: Record<string, boolean>; /** Today in Asia/Shanghai, from the caller's clock: bounds dates that may not be in the future. */ today: string },
): FieldError[] {
  const errors: FieldError[] = [];
  const base = valueContext(dictionary, options.today);
  const conditions = evaluateConditions(data, options.settings);
  const applies = (when: string[]) => when.length === 0 || when.some((c) => conditions[c]);
  const askedKeys = new Map<string, DataElement>();
  const label = (e: DataElement, row?: number) => (row === undefined ? e.label.zh : `${e.label.zh}（第 ${row + 1} 行）`);

  for (const section of form.sections) {
    const repeating = section.block.kind === "repeating";
    const sectionApplies = applies(section.when);
    const controls = section.controls.filter((c) => sectionApplies && applies(c.when));
    for (const c of section.controls) for (const e of c.elements) askedKeys.set(e.key, e);
    if (!repeating) {
      for (const c of controls) {
        for (const e of c.elements) {
          const v = data.values[e.key];
          if (isEmpty(v)) {
            if (options.complete && !e.optional) errors.push({ path: `values.${e.key}`, message: `${label(e)}：必填` });
            continue;
          }
          const p = valueProblem(e, v, { ...base, sibling: (k) => data.values[k] });
          if (p) errors.push({ path: `values.${e.key}`, message: `${label(e)}：${p}` });
        }
      }
      continue;
    }
    const rows = data.rows[section.block.key] ?? [];
    if (!sectionApplies) continue;
    // A table that applies only under a condition needs a row once the founder says it applies.
    const min = Math.max(section.block.minRows ?? 0, section.when.length ? 1 : 0);
    if (options.complete && rows.length < min) {
      errors.push({ path: `rows.${section.block.key}`, message: `${section.block.title.zh}：至少填写 ${min} 行` });
    }
    if (section.block.maxRows !== undefined && rows.length > section.block.maxRows) {
      errors.push({ path: `rows.${section.block.key}`, message: `${section.block.title.zh}：最多 ${section.block.maxRows} 行` });
    }
    rows.forEach((row, i) => {
      for (const c of controls) {
        for (const e of c.elements) {
          const v = row[e.key];
          if (isEmpty(v)) {
            if (options.complete && !e.optional) errors.push({ path: `rows.${section.block.key}.${i}.${e.key}`, message: `${label(e, i)}：必填` });
            continue;
          }
          const p = valueProblem(e, v, { ...base, sibling: (k) => row[k] });
          if (p) errors.push({ path: `rows.${section.block.key}.${i}.${e.key}`, message: `${label(e, i)}：${p}` });
        }
      }
    });
  }

  // Anything not on the unified form is refused, so nothing unchecked is stored.
  for (const k of Object.keys(data.values)) {
    if (!askedKeys.has(k)) errors.push({ path: `values.${k}`, message: `${k}：不是本表单的栏目` });
  }
  for (const [block, rows] of Object.entries(data.rows)) {
    const section = form.sections.find((s) => s.block.key === block && s.block.kind === "repeating");
    if (!section) {
      errors.push({ path: `rows.${block}`, message: `${block}：不是本表单的表格` });
      continue;
    }
    rows.forEach((row, i) => {
      for (const k of Object.keys(row)) {
        if (askedKeys.get(k)?.block !== block) errors.push({ path: `rows.${block}.${i}.${k}`, message: `${k}：不是“${section.block.title.zh}”的栏目` });
      }
    });
  }
  for (const k of Object.keys(data.answers)) {
    if (CONDITIONS[k]?.kind !== "asked") errors.push({ path: `answers.${k}`, message: `${k}：不是可选择的情形` });
  }

  if (errors.length === 0) errors.push(...crossFieldProblems(data, options.complete));
  return errors;
}

function crossFieldProblems(data: ApplicationData, complete: boolean): FieldError[] {
  const out: FieldError[] = [];
  const regcap = data.values.regcap as MoneyValue | undefined;
  const shares = data.rows.sh ?? [];
  if (complete && regcap && shares.length) {
    const sum = shares.reduce((n, r) => n + ((r.sh_subcap as MoneyValue | undefined)?.amount ?? 0), 0);
    if (Math.abs(sum - regcap.amount) > 1e-6) {
      out.push({ path: "values.regcap", message: `注册资本：${fmt(regcap.amount)} 万元，与股东认缴出资额合计 ${fmt(sum)} 万元不一致` });
    }
  }
  const staff = data.values.staff;
  const foreign = data.values.staff_foreign;
  if (typeof staff === "number" && typeof foreign === "number" && foreign > staff) {
    out.push({ path: "values.staff_foreign", message: `其中外籍人数：${foreign} 人，不能多于从业人数 ${staff} 人` });
  }
  const from = data.values.mandate_from;
  const to = data.values.mandate_to;
  if (typeof from === "string" && typeof to === "string" && from > to) {
    out.push({ path: "values.mandate_to", message: `委托有效期至：${to} 早于起始日 ${from}` });
  }
  return out;
}

const fmt = (n: number) => Number(n.toFixed(6)).toString();

/** Postcodes of the Jiaxing divisions (the demo centre's own area); elsewhere the address gives its postcode. */
const POSTCODES: Record<string, string> = {
  "330402": "314000",
  "330411": "314000",
  "330421": "314100",
  "330424": "314300",
  "330481": "314400",
  "330482": "314200",
  "330483": "314500",
};

/** A derived value, or why it is not known yet. */
export type DerivedValue = { value: unknown } | { pending: string };

/** Context of one derivation: the application and, for repeating blocks, the row. */
interface RuleInput {
  data: ApplicationData;
  row?: Record<string, unknown>;
  get(key: string): unknown;
  issued: Record<string, unknown>;
}

type Rule = (args: string[], input: RuleInput) => unknown;

const natureOfInvestor = (idtype: unknown): string => {
  const t = String(idtype ?? "");
  if (t === "10" || t === "20") return "901";
  if (t === "30" || t === "40" || t === "70") return "902";
  if (t === "50" || t === "60") return "903";
  return "173"; // a company shareholder: a private limited company unless the registry says otherwise
};

const shareRows = (data: ApplicationData) => {
  const regcap = (data.values.regcap as MoneyValue | undefined)?.amount ?? 0;
  return (data.rows.sh ?? []).map((r) => ({
    nature: natureOfInvestor(r.sh_idtype),
    ratio: regcap > 0 ? (((r.sh_subcap as MoneyValue | undefined)?.amount ?? 0) / regcap) * 100 : 0,
  }));
};

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The derivation rules the forms name, by rule name. */
export const RULES: Record<string, Rule> = {
  constant: (args) => (args.length > 1 ? args : args[0] === "none" ? null : args[0]),
  sameAs: ([k], i) => i.get(k!),
  postcodeOf: ([k], i) => {
    const a = i.get(k!) as AddressValue | undefined;
    return a ? (a.postcode ?? POSTCODES[a.division] ?? null) : null;
  },
  divisionOf: ([k], i) => (i.get(k!) as AddressValue | undefined)?.division ?? null,
  areaCodeOf: ([k], i) => {
    const tel = i.get(k!);
    return typeof tel === "string" ? (/^(0\d{2,3})-?/.exec(tel)?.[1] ?? null) : null;
  },
  ratioOf: ([sub, cap], i) => {
    const s = (i.get(sub!) as MoneyValue | undefined)?.amount;
    const c = (i.get(cap!) as MoneyValue | undefined)?.amount;
    return s !== undefined && c ? round2((s / c) * 100) : null;
  },
  shareOf: ([kind], i) => {
    const rows = shareRows(i.data);
    const pick = kind === "natural" ? ["901", "902", "903"] : kind === "foreign" ? ["902", "903", "310", "320", "330", "340", "390", "210", "220", "230", "240", "290"] : ["110", "151"];
    return round2(rows.filter((r) => pick.includes(r.nature)).reduce((n, r) => n + r.ratio, 0));
  },
  investorNatureOf: ([t], i) => natureOfInvestor(i.get(t!)),
  nationalityOf: ([t], i) => {
    const id = String(i.get(t!) ?? "");
    return id === "10" || id === "20" ? "CN" : (i.get("sh_country") ?? null);
  },
  foreignCountryOf: (_a, i) => {
    const row = (i.data.rows.sh ?? []).find((r) => FOREIGN_IDS.has(String(r.sh_idtype ?? "")));
    return row ? (row.sh_country ?? null) : null;
  },
  currencyOf: (_a, i) => ((i.data.values.regcap as MoneyValue | undefined)?.currency ?? "CNY"),
  registrationTypeOf: (_a, i) => {
    const enttype = String(i.data.values.enttype ?? "");
    const natures = shareRows(i.data).map((r) => r.nature);
    if (natures.some((n) => ["903", "310", "320", "330", "340", "390"].includes(n))) return enttype.startsWith("12") ? "340" : "310";
    if (natures.some((n) => ["902", "210", "220", "230", "240", "290"].includes(n))) return enttype.startsWith("12") ? "240" : "210";
    if (enttype === "1110") return "151";
    const privateOnly = natures.every((n) => ["901", "171", "172", "173", "174"].includes(n));
    if (enttype.startsWith("12")) return privateOnly ? "174" : "160";
    return privateOnly ? "173" : "159";
  },
  holdingOf: (_a, i) => {
    const totals = new Map<string, number>();
    const group = (n: string) =>
      ["110", "151"].includes(n) ? "1" : ["120"].includes(n) ? "2" : ["902", "210", "220", "230", "240", "290"].includes(n) ? "4" : ["903", "310", "320", "330", "340", "390"].includes(n) ? "5" : "3";
    for (const r of shareRows(i.data)) totals.set(group(r.nature), (totals.get(group(r.nature)) ?? 0) + r.ratio);
    let best: [string, number] = ["9", -1];
    for (const [g, v] of totals) if (v > best[1]) best = [g, v];
    return best[0];
  },
  applicantsOf: (_a, i) => (i.data.rows.sh ?? []).map((r) => r.sh_name).filter(Boolean).join("、") || null,
  industryNameOf: ([k], i) => {
    const code = i.get(k!);
    return typeof code === "string" ? (findIndustry(code)?.name ?? null) : null;
  },
  tinOf: (_a, i) => {
    const div = (i.data.values.dom_addr as AddressValue | undefined)?.division;
    const org = i.issued.orgcode;
    return div && typeof org === "string" ? `${div}${org.replace("-", "")}` : undefined;
  },
};

/** Parses "name(a,b)" into the rule name and its arguments. */
export function parseRule(rule: string): { name: string; args: string[] } {
  const m = /^([A-Za-z]\w*)(?:\((.*)\))?$/.exec(rule.trim());
  if (!m) return { name: rule, args: [] };
  return { name: m[1]!, args: m[2] ? m[2].split(",").map((s) => s.trim()) : [] };
}

/** True when every derivation rule the plans name is implemented. */
export function unknownRules(plans: readonly ElementPlan[]): string[] {
  return plans
    .filter((p) => p.origin === "derived" && p.rule && !RULES[parseRule(p.rule).name])
    .map((p) => `${p.element.key}: ${p.rule}`);
}

/**
 * The value of an element for a department: entered, derived by its rule, or
 * issued by an earlier step (pending until issued). `row` for repeating blocks.
 */
export function resolveElement(
  plan: ElementPlan,
  data: ApplicationData,
  issued: Record<string, unknown> = {},
  row?: Record<string, unknown>,
): DerivedValue {
  const get = (k: string) => (row && k in row ? row[k] : data.values[k]);
  if (plan.origin === "applicant") return { value: get(plan.element.key) ?? null };
  if (plan.origin === "issued") {
    const v = issued[plan.element.key];
    return v === undefined ? { pending: plan.rule ?? "issued" } : { value: v };
  }
  if (plan.origin === "department") {
    const v = issued[plan.element.key];
    return v === undefined ? { pending: "department" } : { value: v };
  }
  const { name, args } = parseRule(plan.rule ?? "");
  const rule = RULES[name];
  if (!rule) return { pending: `rule:${plan.rule}` };
  const value = rule(args, { data, row, get, issued });
  return value === undefined ? { pending: plan.rule ?? "derived" } : { value };
}
