import type { Role } from "@yichuang/core";
import type { ComponentType } from "react";
import { primaryRole } from "../auth/access";
import { useUser } from "../auth/AuthContext";
import { AdminHome } from "./home/AdminHome";
import { ApplicantHome } from "./home/ApplicantHome";
import { CentreStaffHome } from "./home/CentreStaffHome";
import { DepartmentStaffHome } from "./home/DepartmentStaffHome";
import { SupervisorHome } from "./home/SupervisorHome";
import { LeaderHome, TeamLeaderHome } from "./home/OutreachHomes";

/** Each role's home; clerks and reviewers share a layout, as do operators and experts. */
const HOMES: Record<Role, ComponentType<{ role: Role }>> = {
  admin: AdminHome,
  supervisor: SupervisorHome,
  reviewer: DepartmentStaffHome,
  clerk: DepartmentStaffHome,
  operator: CentreStaffHome,
  expert: CentreStaffHome,
  applicant: ApplicantHome,
  leader: LeaderHome,
  team_leader: TeamLeaderHome,
};

/** "/": the home page of the user's primary role. */
export function HomePage() {
  const user = useUser();
  const role = primaryRole(user.roles);
  const Home = HOMES[role];
  return <Home role={role} />;
}
