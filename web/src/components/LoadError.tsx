import { Alert, Button } from "antd";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api/client";
import { useErrorText } from "../lib/errors";
import { ForbiddenPage } from "../pages/ForbiddenPage";

/** What to show when a page's data failed to load: the 403 page for FORBIDDEN, else an alert with retry. */
export function LoadError({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  if (error.code === "FORBIDDEN") return <ForbiddenPage />;
  return (
    <Alert
      type="error"
      showIcon
      title={t("result.errorTitle")}
      description={errorText(error)}
      action={onRetry && <Button onClick={onRetry}>{t("common.retry")}</Button>}
    />
  );
}
