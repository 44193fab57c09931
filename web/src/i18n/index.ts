import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import type { Locale } from "../api/types";
import { en } from "./en";
import { zhCN } from "./zh-CN";

/** localStorage key of the chosen UI language. */
export const LOCALE_KEY = "yc.locale";

/** The stored choice, or null when the user never chose. */
export function storedLocale(): Locale | null {
  try {
    const value = localStorage.getItem(LOCALE_KEY);
    return value === "zh-CN" || value === "en" ? value : null;
  } catch {
    // Private mode or blocked storage: fall back to Chinese.
    return null;
  }
}

/** Switches the UI language and remembers it; <html lang> and the title follow (see below). */
export function setLocale(locale: Locale): void {
  try {
    localStorage.setItem(LOCALE_KEY, locale);
  } catch {
    // Not remembered, but the switch still applies to this page.
  }
  void i18n.changeLanguage(locale);
}

// <html lang> tells screen readers and browsers which language they read.
function applyToDocument(lng: string): void {
  document.documentElement.lang = lng;
  document.title = i18n.t("app.fullName");
}

i18n.on("languageChanged", applyToDocument);

void i18n.use(initReactI18next).init({
  resources: { "zh-CN": { translation: zhCN }, en: { translation: en } },
  lng: storedLocale() ?? "zh-CN",
  fallbackLng: "zh-CN",
  // React already escapes text.
  interpolation: { escapeValue: false },
  returnNull: false,
  // No promotional console message in our users' browsers.
  showSupportNotice: false,
});
applyToDocument(i18n.language);

export default i18n;
