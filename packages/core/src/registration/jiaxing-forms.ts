import dictionaryJson from "../../data/registration/dictionary.json" with { type: "json" };
import amr from "../../data/registration/forms/AMR.json" with { type: "json" };
import qts from "../../data/registration/forms/QTS.json" with { type: "json" };
import ntax from "../../data/registration/forms/NTAX.json" with { type: "json" };
import ltax from "../../data/registration/forms/LTAX.json" with { type: "json" };
import stats from "../../data/registration/forms/STATS.json" with { type: "json" };
import { dictionarySchema, formDefinitionSchema, type Dictionary, type FormDefinition } from "./model.js";

/**
 * The data dictionary and the five departments' legacy forms of company
 * set-up (工商 2015/16, 质监, 国税, 地税, 统计), as shipped data: the platform
 * loads them into the database on first start, after which admins version them.
 * Sources: data/registration/ and legacy-forms research (see each form's `source`).
 */
export const JIAXING_DICTIONARY: Dictionary = dictionarySchema.parse(dictionaryJson);

/** The five legacy forms, in filing order. */
export const JIAXING_FORMS: FormDefinition[] = [amr, qts, ntax, ltax, stats].map((f) => formDefinitionSchema.parse(f));
