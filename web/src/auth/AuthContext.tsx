import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { setCsrfToken, setUnauthenticatedHandler, type ApiError } from "../api/client";
import * as endpoints from "../api/endpoints";
import type { Session, User } from "../api/types";
import i18n, { storedLocale } from "../i18n";
import { toApiError } from "../lib/errors";

type Status = "loading" | "anonymous" | "authenticated" | "error";

interface AuthState {
  status: Status;
  user: User | null;
  /** Why the start-up session check failed (server unreachable), when status is "error". */
  error: ApiError | null;
  /** True when the session ended while the user was working (not a deliberate logout). */
  expired: boolean;
  /** True right after a deliberate logout: the next sign-in starts at home, not on the last page. */
  loggedOut: boolean;
}

interface AuthApi extends AuthState {
  login(username: string, password: string): Promise<User>;
  logout(): Promise<void>;
  /** Re-reads the session from the server (start-up, or after a failed check). */
  refresh(): Promise<void>;
}

const AuthContext = createContext<AuthApi | null>(null);

/** Holds the signed-in user and CSRF token; every page reads them through `useAuth`. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: "loading", user: null, error: null, expired: false, loggedOut: false });

  const accept = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    // The user's saved language applies until they pick one on this device.
    if (!storedLocale() && session.user.locale !== i18n.language) void i18n.changeLanguage(session.user.locale);
    setState({ status: "authenticated", user: session.user, error: null, expired: false, loggedOut: false });
  }, []);

  const refresh = useCallback(async () => {
    setState((s) => ({ ...s, status: "loading", error: null }));
    try {
      const session = await endpoints.currentSession();
      if (session.user) accept(session);
      else {
        setCsrfToken(null);
        setState({ status: "anonymous", user: null, error: null, expired: false, loggedOut: false });
      }
    } catch (err) {
      const e = toApiError(err);
      setCsrfToken(null);
      setState({ status: e.code === "UNAUTHENTICATED" ? "anonymous" : "error", user: null, error: e, expired: false, loggedOut: false });
    }
  }, [accept]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    // Any API call answering 401 means the session is gone: drop the user so
    // the route guard sends them to the login page.
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      setState((s) => (s.user ? { status: "anonymous", user: null, error: null, expired: true, loggedOut: false } : s));
    });
    return () => setUnauthenticatedHandler(null);
  }, []);

  const login = useCallback(
    async (username: string, password: string) => {
      const session = await endpoints.login(username, password);
      accept(session);
      return session.user;
    },
    [accept],
  );

  const logout = useCallback(async () => {
    try {
      await endpoints.logout();
    } catch {
      // Already signed out server-side; forgetting locally is what matters.
    }
    setCsrfToken(null);
    // RequireAuth now sends the page to /login.
    setState({ status: "anonymous", user: null, error: null, expired: false, loggedOut: true });
  }, []);

  const value = useMemo<AuthApi>(() => ({ ...state, login, logout, refresh }), [state, login, logout, refresh]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The auth state and actions; only inside AuthProvider. */
export function useAuth(): AuthApi {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error("useAuth outside AuthProvider");
  return ctx;
}

/** The signed-in user; only on pages behind RequireAuth. */
export function useUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error("useUser without a signed-in user");
  return user;
}
