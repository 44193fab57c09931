import type { FormInstance } from "antd";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";
import { useLocale } from "./locale";

/** Any thrown value as an ApiError, so callers handle one type. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  // A bug in the page rather than a server answer; details go to the console only.
  console.error(err);
  return new ApiError(0, "INTERNAL", "");
}

/**
 * The text to show for an API error: the server's zh-CN message as is in
 * Chinese, our own per-code text in English (the server speaks only Chinese).
 */
export function useErrorText(): (err: unknown) => string {
  const { t } = useTranslation();
  const locale = useLocale();
  return useCallback(
    (err: unknown) => {
      const e = toApiError(err);
      if (locale === "zh-CN" && e.message) return e.message;
      return t(`errors.${e.code}`, { defaultValue: t("errors.INTERNAL") });
    },
    [locale, t],
  );
}

/**
 * Puts the server's field errors on the matching form fields. Returns true when
 * every field error found a field, so the caller can skip the general alert.
 */
export function applyFieldErrors(form: FormInstance, err: unknown, fieldNames: readonly string[]): boolean {
  if (!(err instanceof ApiError) || err.fields.length === 0) return false;
  const byField = new Map<string, string[]>();
  const nested: { name: (string | number)[]; errors: string[] }[] = [];
  let unmatched = 0;
  for (const f of err.fields) {
    // A row of a list ("members.2.phone") goes on that row's field when the form has it.
    const parts = f.path.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    if (parts.length > 2 && fieldNames.includes(String(parts[0])) && form.getFieldInstance(parts) !== undefined) {
      nested.push({ name: parts, errors: [f.message] });
      continue;
    }
    // "roles.0" belongs to the "roles" field.
    const name = fieldNames.includes(f.path) ? f.path : f.path.split(".")[0];
    if (name && fieldNames.includes(name)) byField.set(name, [...(byField.get(name) ?? []), f.message]);
    else unmatched++;
  }
  form.setFields([...[...byField].map(([name, errors]) => ({ name, errors })), ...nested]);
  return unmatched === 0;
}

/**
 * Takes the errors off the fields a change touched (pass a Form's `onValuesChange` first argument):
 * a server error put there by applyFieldErrors stays until then, as antd clears only its own rules'.
 */
export function clearChangedFieldErrors(form: FormInstance, changed: object): void {
  form.setFields(Object.keys(changed).map((name) => ({ name, errors: [] })));
}
