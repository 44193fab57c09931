import type { Role } from "@yichuang/core";
import { Button, Result, Spin } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, Outlet, useLocation } from "react-router";
import { useErrorText } from "../lib/errors";
import { ForbiddenPage } from "../pages/ForbiddenPage";
import { hasAnyRole } from "./access";
import { useAuth } from "./AuthContext";

/** Renders the nested routes for a signed-in user; otherwise sends them to /login, remembering where they were going. */
export function RequireAuth() {
  const { status, error, refresh, loggedOut } = useAuth();
  const location = useLocation();
  const { t } = useTranslation();
  const errorText = useErrorText();

  if (status === "loading") return <FullPageSpin />;
  if (status === "error") {
    return (
      <Result
        status="warning"
        title={t("result.errorTitle")}
        subTitle={errorText(error)}
        extra={
          <Button type="primary" onClick={() => void refresh()}>
            {t("common.retry")}
          </Button>
        }
      />
    );
  }
  if (status === "anonymous") return <Navigate to="/login" replace state={loggedOut ? undefined : { from: location }} />;
  return <Outlet />;
}

/** Shows `children` only to holders of one of `roles`; others get the 403 page. */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { user } = useAuth();
  if (!user || !hasAnyRole(user.roles, roles)) return <ForbiddenPage />;
  return <>{children}</>;
}

export function FullPageSpin() {
  const { t } = useTranslation();
  return (
    <div style={{ minHeight: "100vh", display: "grid", placeItems: "center" }}>
      <Spin size="large" description={t("common.loading")} />
    </div>
  );
}
