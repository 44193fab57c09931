import { z } from "zod";
import companySetup from "../../data/guides/QY-SL-LLC.json" with { type: "json" };

/**
 * Service guides (办事指南): what to bring, time limits, fees and departments of a
 * service item, so a question is answered fully the first time (咨询一次答清).
 */
const i18n = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });

export const guideSchema = z.strictObject({
  serviceItem: z.string().min(1),
  title: i18n,
  /** Who may apply and when. */
  applicability: i18n,
  /** Legal basis of the item. */
  basis: z.array(z.string().min(1)).min(1),
  materials: z
    .array(
      z.strictObject({
        code: z.string().regex(/^M\d{2}$/),
        name: i18n,
        /** original: bring the original; copy: a copy; either: either one. */
        form: z.enum(["original", "copy", "either"]),
        copies: z.number().int().min(1),
        mandatory: z.boolean(),
        /** When a non-mandatory material is needed. */
        when: i18n.optional(),
        /** Produced by the platform from the one form; nothing to upload. */
        generated: z.boolean().optional(),
        note: i18n.optional(),
      }),
    )
    .min(1),
  departments: z
    .array(
      z.strictObject({
        department: z.string().regex(/^[A-Z][A-Z0-9_]+$/),
        /** What the department decides or issues. */
        task: i18n,
        /** Time limit set by law, in working days. */
        legalDays: z.number().int().min(0),
        /** The centre's promise, in working days (0: the same day). */
        promisedDays: z.number().int().min(0),
      }),
    )
    .min(1),
  fees: z.array(z.strictObject({ name: i18n, amountYuan: z.number().min(0), basis: z.string().optional() })),
  /** Where to go. */
  window: i18n,
  contact: z.string().min(1),
});

/** A service guide. */
export type Guide = z.infer<typeof guideSchema>;

/** The guides shipped with the demo centre. */
export const GUIDES: Guide[] = [guideSchema.parse(companySetup)];

/** Total promised and legal time limits of a guide: the departments work in parallel, so the longest counts. */
export function guideTimeLimits(g: Guide): { promisedDays: number; legalDays: number; sequentialLegalDays: number } {
  return {
    promisedDays: Math.max(...g.departments.map((d) => d.promisedDays)),
    legalDays: Math.max(...g.departments.map((d) => d.legalDays)),
    sequentialLegalDays: g.departments.reduce((n, d) => n + d.legalDays, 0),
  };
}
