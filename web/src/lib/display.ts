import { useSyncExternalStore } from "react";

/**
 * How this browser wants the product shown: the larger-text mode (长辈版, the national 适老化
 * guidelines for government sites: body text at least 18 px, larger controls) chosen on a public
 * page and kept on this device, and the system's "reduce motion" setting.
 */
const LARGE_TEXT_KEY = "yc.largeText";
const listeners = new Set<() => void>();

function readLargeText(): boolean {
  try {
    return localStorage.getItem(LARGE_TEXT_KEY) === "1";
  } catch {
    return false;
  }
}

let largeText = readLargeText();

/** Marks the document so plain CSS (styles.css) scales with the mode too. */
function applyToDocument(on: boolean): void {
  if (typeof document === "undefined") return;
  if (on) document.documentElement.dataset.largeText = "on";
  else delete document.documentElement.dataset.largeText;
}
applyToDocument(largeText);

/** The mode changed (here or in another tab): the document and every listener follow. */
function changed(on: boolean): void {
  largeText = on;
  applyToDocument(on);
  for (const l of listeners) l();
}

/** Turns the larger-text mode on or off, kept in this browser (another tab follows). */
export function setLargeText(on: boolean): void {
  try {
    if (on) localStorage.setItem(LARGE_TEXT_KEY, "1");
    else localStorage.removeItem(LARGE_TEXT_KEY);
  } catch {
    // Private mode without storage: the choice lasts this page.
  }
  changed(on);
}

if (typeof window !== "undefined") {
  window.addEventListener("storage", (e) => {
    if (e.key === LARGE_TEXT_KEY) changed(readLargeText());
  });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether the larger-text mode is on. */
export function useLargeText(): boolean {
  return useSyncExternalStore(subscribe, () => largeText);
}

const REDUCED_MOTION = "(prefers-reduced-motion: reduce)";

function subscribeMotion(listener: () => void): () => void {
  const query = window.matchMedia?.(REDUCED_MOTION);
  query?.addEventListener("change", listener);
  return () => query?.removeEventListener("change", listener);
}

/** Whether the system asks for less motion (then antd's animations are off). */
export function useReducedMotion(): boolean {
  return useSyncExternalStore(subscribeMotion, () => window.matchMedia?.(REDUCED_MOTION).matches ?? false);
}
