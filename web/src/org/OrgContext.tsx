import { createContext, useContext, useMemo, type ReactNode } from "react";
import { getOrg } from "../api/endpoints";
import type { Centre, Department, Organisation, ServiceWindow } from "../api/types";
import { useLoader, type Loaded } from "../lib/useLoader";

/** The organisation with the look-ups pages need. */
export interface OrgDirectory extends Organisation {
  centre(id: string | null | undefined): Centre | undefined;
  department(id: string | null | undefined): Department | undefined;
  departmentsOf(centreId: string): Department[];
  windowsOf(departmentId: string): ServiceWindow[];
}

type OrgState = Loaded<OrgDirectory>;

const OrgContext = createContext<OrgState | null>(null);

/**
 * Loads /api/org once for the signed-in app: it is small and nearly every page
 * needs department names. Admin edits call `reload`.
 */
export function OrgProvider({ children }: { children: ReactNode }) {
  const loaded = useLoader(getOrg, []);
  const directory = useMemo(() => (loaded.data ? toDirectory(loaded.data) : undefined), [loaded.data]);
  const value = useMemo<OrgState>(() => ({ ...loaded, data: directory }), [loaded, directory]);
  return <OrgContext.Provider value={value}>{children}</OrgContext.Provider>;
}

/** The organisation state; only inside OrgProvider. */
export function useOrg(): OrgState {
  const ctx = useContext(OrgContext);
  if (!ctx) throw new Error("useOrg outside OrgProvider");
  return ctx;
}

function byNumber(a: ServiceWindow, b: ServiceWindow) {
  return a.number.localeCompare(b.number);
}

function toDirectory(org: Organisation): OrgDirectory {
  const centres = new Map(org.centres.map((c) => [c.id, c]));
  const departments = new Map(org.departments.map((d) => [d.id, d]));
  const windowsOf = (departmentId: string) => org.windows.filter((w) => w.departmentId === departmentId).sort(byNumber);
  // Departments in the order of their windows in the hall (A01, B01, …), which is how visitors meet them;
  // departments without windows come last, by code.
  const hallOrder = (d: Department) => windowsOf(d.id)[0]?.number ?? `~${d.code}`;
  return {
    ...org,
    centre: (id) => (id ? centres.get(id) : undefined),
    department: (id) => (id ? departments.get(id) : undefined),
    departmentsOf: (centreId) =>
      org.departments.filter((d) => d.centreId === centreId).sort((a, b) => hallOrder(a).localeCompare(hallOrder(b))),
    windowsOf,
  };
}
