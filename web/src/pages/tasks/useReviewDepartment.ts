import { useSearchParams } from "react-router";
import { ALL_DEPARTMENTS_ROLES, hasAnyRole } from "../../auth/access";
import { useUser } from "../../auth/AuthContext";
import { REVIEW_DEPARTMENTS } from "../../lib/autoRules";
import { useOwnDepartmentCode } from "../../org/departments";

/**
 * The department whose tasks a page shows: a reviewer's own; for supervisors and
 * admins, the one in `?department=` (the first review department by default).
 */
export function useReviewDepartment(): { department: string | undefined; seesAll: boolean; choose: (code: string) => void } {
  const user = useUser();
  const own = useOwnDepartmentCode();
  const [params, setParams] = useSearchParams();
  const seesAll = hasAnyRole(user.roles, ALL_DEPARTMENTS_ROLES);
  const chosen = params.get("department");
  const department = seesAll ? (chosen && (REVIEW_DEPARTMENTS as readonly string[]).includes(chosen) ? chosen : REVIEW_DEPARTMENTS[0]) : own;
  const choose = (code: string) =>
    setParams((p) => {
      p.set("department", code);
      return p;
    });
  return { department, seesAll, choose };
}
