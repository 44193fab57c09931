import { useTranslation } from "react-i18next";
import { StatusResult } from "../components/StatusResult";

/** 403: the user's roles do not allow this page or its data. */
export function ForbiddenPage() {
  const { t } = useTranslation();
  return <StatusResult status="403" title={t("result.forbiddenTitle")} text={t("result.forbidden")} testId="forbidden" />;
}
