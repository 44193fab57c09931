import { ROLE_LABELS, type Role } from "@yichuang/core";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import type { Locale } from "../api/types";

/** The current UI language. */
export function useLocale(): Locale {
  const { i18n } = useTranslation();
  return i18n.language === "en" ? "en" : "zh-CN";
}

/** Picks the Chinese or English name of a centre, department or window. */
export function useLocalName(): (named: { nameZh: string; nameEn: string } | undefined | null) => string {
  const locale = useLocale();
  return useCallback(
    (named) => (named ? (locale === "en" ? named.nameEn : named.nameZh) : "—"),
    [locale],
  );
}

/** The display name of a role in the current language. */
export function useRoleLabel(): (role: Role) => string {
  const locale = useLocale();
  return useCallback((role) => ROLE_LABELS[role][locale === "en" ? "en" : "zh"], [locale]);
}

/** Picks the zh or en text of a pair (the registration data's texts) in the current language. */
export function useLocalText(): (text: { zh: string; en: string } | undefined) => string {
  const locale = useLocale();
  return useCallback((text) => (text ? (locale === "en" ? text.en : text.zh) : ""), [locale]);
}

const ZH_COUNTS = ["零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十"];

/** A small count as Chinese text reads it ("五张表"), digits otherwise and in English. */
export function useCountWord(): (n: number) => string {
  const locale = useLocale();
  return useCallback((n) => (locale === "zh-CN" && Number.isInteger(n) && n >= 0 && n <= 10 ? ZH_COUNTS[n]! : String(n)), [locale]);
}
