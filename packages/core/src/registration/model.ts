import { z } from "zod";

/**
 * The one-form registration model: a dictionary of data elements (数据元), the
 * departments' legacy forms as versioned data mapping each printed field to an
 * element, and the unified form merged from them.
 */

/** Value types of data elements. Each has a validator in `element-validators.ts`. */
export const ELEMENT_TYPES = [
  "text", // one line, with min/max length
  "longtext", // several lines (business scope)
  "enum", // one value of a code list
  "multienum", // several values of a code list (a checkbox group)
  "boolean",
  "integer", // counts (headcount, copies)
  "percent", // 0–100, two decimals
  "date", // YYYY-MM-DD
  "money", // 万元, with currency
  "mobile", // 11-digit mainland mobile
  "landline", // area code + number (+ extension)
  "email",
  "url",
  "postcode", // 6 digits
  "uscc", // 统一社会信用代码 GB 32100
  "orgcode", // 组织机构代码 GB 11714
  "tin", // 纳税人识别号 (15, 18 or 20 characters)
  "idNumber", // identity document number; GB 11643 when the ID type is 居民身份证
  "division", // GB/T 2260 county-level division code
  "industry", // GB/T 4754-2017 小类 code
  "address", // { division, detail }
  "term", // 营业期限: { kind: "years", years } | { kind: "indefinite" }
] as const;

/** One value type. */
export type ElementType = (typeof ELEMENT_TYPES)[number];

const i18n = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });

/** A block groups elements shown together: the company, a person role, or a repeating table. */
export const blockSchema = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/),
  title: i18n,
  /** person: a person's card (name, ID, phones, e-mail) that can reuse a person already entered. */
  kind: z.enum(["single", "person", "repeating"]),
  /** Order of the block in the founder's form (sections a founder understands). */
  order: z.number().int(),
  /** Rows allowed for a repeating block. */
  minRows: z.number().int().min(0).optional(),
  maxRows: z.number().int().min(1).optional(),
  help: i18n.optional(),
});

/** A block of the dictionary. */
export type Block = z.infer<typeof blockSchema>;

/** One data element (数据元). */
export const dataElementSchema = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/, "应为小写字母开头的 snake_case"),
  label: i18n,
  type: z.enum(ELEMENT_TYPES),
  block: z.string(),
  /** Code list key for enum and multienum elements. */
  codeList: z.string().optional(),
  minLength: z.number().int().min(0).optional(),
  maxLength: z.number().int().min(1).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  /** Asked but may be left empty. */
  optional: z.boolean().optional(),
  /** For idNumber elements: the element holding the ID type (GB 11643 applies to 居民身份证). */
  idTypeElement: z.string().optional(),
  /**
   * Elements of one block sharing a group are one control in the founder's form and
   * count as one asked field: an ID type with its number, a checkbox group of powers.
   */
  group: z.string().regex(/^[a-z][a-z0-9_]*$/).optional(),
  /** For dates: may not lie after today. */
  notFuture: z.boolean().optional(),
  help: i18n.optional(),
});

/** One data element. */
export type DataElement = z.infer<typeof dataElementSchema>;

/** A code list: its title and options. */
export const codeListSchema = z.strictObject({
  title: i18n,
  options: z.array(z.strictObject({ code: z.string().min(1), zh: z.string().min(1), en: z.string().min(1) })).min(1),
});

/** The data dictionary: blocks, elements and code lists. */
export const dictionarySchema = z.strictObject({
  blocks: z.array(blockSchema).min(1),
  elements: z.array(dataElementSchema).min(1),
  codeLists: z.record(z.string(), codeListSchema),
});

/** The data dictionary. */
export type Dictionary = z.infer<typeof dictionarySchema>;

/**
 * How a department's form obtains a printed field:
 * - applicant: the founder supplies it;
 * - derived: computed by `rule` from other elements (never asked);
 * - issued: an earlier step issues it (注册号, 组织机构代码, 纳税人识别号 …);
 * - department: the department fills it during review.
 */
export const FIELD_SOURCES = ["applicant", "derived", "issued", "department"] as const;

/** A field as printed on a department's legacy form. */
export const formFieldSchema = z.strictObject({
  /** Position on the printed form (1-based), for the department's own layout. */
  no: z.number().int().min(1),
  /** The label as printed. */
  label: z.string().min(1),
  /** Printed section or page heading. */
  section: z.string().min(1),
  element: z.string().min(1),
  source: z.enum(FIELD_SOURCES),
  /** Name of a derivation rule (source derived) or of the issuing step (source issued). */
  rule: z.string().optional(),
  /** Name of a condition: the field applies only when it holds (branch, head office, tax agent …). */
  when: z.string().optional(),
  note: z.string().optional(),
});

/** A field of a department's form. */
export type FormField = z.infer<typeof formFieldSchema>;

/** A department's legacy form, as versioned data. */
export const formDefinitionSchema = z.strictObject({
  /** Stable code of the form, e.g. "AMR-company-setup". */
  code: z.string().regex(/^[A-Z][A-Za-z0-9-]+$/),
  /** Department code (AMR, QTS, NTAX, LTAX, STATS). */
  department: z.string().regex(/^[A-Z][A-Z0-9_]+$/),
  version: z.number().int().min(1),
  title: i18n,
  /** Where the form's content comes from. */
  source: z.string().min(1),
  fields: z.array(formFieldSchema).min(1),
});

/** A department's form. */
export type FormDefinition = z.infer<typeof formDefinitionSchema>;
