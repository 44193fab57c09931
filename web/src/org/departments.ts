import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { useUser } from "../auth/AuthContext";
import { useLocalName } from "../lib/locale";
import { useOrg } from "./OrgContext";

/** The department whose single window accepts company set-up cases (一窗受理). */
export const SINGLE_WINDOW_DEPARTMENT = "AMR";

/** A department's name by its code: the organisation's name when loaded, else the short label. */
export function useDepartmentName(): (code: string) => string {
  const { t } = useTranslation();
  const org = useOrg().data;
  const localName = useLocalName();
  return useCallback(
    (code: string) => {
      const d = org?.departments.find((x) => x.code === code);
      return d ? localName(d) : t(`departments.${code}`, { defaultValue: code });
    },
    [org, localName, t],
  );
}

/** The signed-in user's department code, or undefined (none, or the organisation not loaded yet). */
export function useOwnDepartmentCode(): string | undefined {
  const user = useUser();
  return useOrg().data?.department(user.departmentId)?.code;
}
