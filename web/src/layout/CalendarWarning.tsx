import { Alert } from "antd";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { getCalendarStatus, type CalendarWarning } from "../api/calendar";
import { useUser } from "../auth/AuthContext";
import { useLocale } from "../lib/locale";

interface CalendarStatusApi {
  /** What administrators are warned of (a year's schedule missing); null for everyone else. */
  warning: CalendarWarning | null;
  /** Asks the server again (after a year was saved). */
  reload: () => void;
}

const CalendarStatusContext = createContext<CalendarStatusApi>({ warning: null, reload: () => undefined });

/**
 * Reads the calendar's status once per signed-in session (and again on `reload`): administrators
 * are warned while a year's holidays are missing; other roles never ask.
 */
export function CalendarStatusProvider({ children }: { children: ReactNode }) {
  const user = useUser();
  const admin = user.roles.includes("admin");
  const [warning, setWarning] = useState<CalendarWarning | null>(null);
  const reload = useCallback(() => {
    if (!admin) return;
    // The banner is advice: a failed read leaves it as it was rather than blocking the page.
    getCalendarStatus().then(
      (s) => setWarning(s.warning),
      () => undefined,
    );
  }, [admin]);
  useEffect(reload, [reload]);
  const value = useMemo(() => ({ warning: admin ? warning : null, reload }), [admin, warning, reload]);
  return <CalendarStatusContext.Provider value={value}>{children}</CalendarStatusContext.Provider>;
}

/** The calendar's status for administrators, and a way to read it again. */
export function useCalendarStatus(): CalendarStatusApi {
  return useContext(CalendarStatusContext);
}

/** The banner above every page while a year's holidays are missing (administrators only), linking to /admin/calendar. */
export function CalendarWarningBanner() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { pathname } = useLocation();
  const { warning } = useCalendarStatus();
  if (!warning) return null;
  // The server words it in Chinese; English gets our own text with the same year.
  const text = locale === "zh-CN" && warning.message ? warning.message : t(warning.current ? "calendar.warning.current" : "calendar.warning.next", { year: warning.year });
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="calendar-warning"
      data-year={warning.year}
      title={<span lang={locale === "zh-CN" ? "zh-CN" : undefined}>{text}</span>}
      action={
        pathname.startsWith("/admin/calendar") ? undefined : (
          <Link to="/admin/calendar" data-testid="calendar-warning-link">
            {t("calendar.warning.link")}
          </Link>
        )
      }
    />
  );
}
