import { useTranslation } from "react-i18next";
import { StatusResult } from "../components/StatusResult";

/** 404 for any address the app does not know. */
export function NotFoundPage() {
  const { t } = useTranslation();
  return <StatusResult status="404" title={t("result.notFoundTitle")} text={t("result.notFound")} testId="not-found" />;
}
