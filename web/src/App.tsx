import { Route, Routes } from "react-router";
import { PAGE_ROLES } from "./auth/access";
import { RequireAuth, RequireRole } from "./auth/guards";
import { AppLayout } from "./layout/AppLayout";
import { AdminOrgPage } from "./pages/AdminOrgPage";
import { AdminUsersPage } from "./pages/AdminUsersPage";
import { AuditPage } from "./pages/AuditPage";
import { HomePage } from "./pages/HomePage";
import { LoginPage } from "./pages/LoginPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { ProfilePage } from "./pages/ProfilePage";

/** The app's routes: /login is public, everything else needs a session and some pages a role. */
export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route element={<RequireAuth />}>
        <Route element={<AppLayout />}>
          <Route index element={<HomePage />} />
          <Route
            path="admin/users"
            element={
              <RequireRole roles={PAGE_ROLES.adminUsers}>
                <AdminUsersPage />
              </RequireRole>
            }
          />
          <Route
            path="admin/org"
            element={
              <RequireRole roles={PAGE_ROLES.adminOrg}>
                <AdminOrgPage />
              </RequireRole>
            }
          />
          <Route
            path="audit"
            element={
              <RequireRole roles={PAGE_ROLES.audit}>
                <AuditPage />
              </RequireRole>
            }
          />
          <Route path="profile" element={<ProfilePage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}
