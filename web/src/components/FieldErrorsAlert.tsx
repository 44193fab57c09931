import { Alert } from "antd";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api/client";
import { useErrorText } from "../lib/errors";

/**
 * A failed write: the server's message and, when it named fields, each field's
 * path with its message (e.g. "materials.M05 — 材料缺少：住所使用证明").
 */
export function FieldErrorsAlert({ error, onClose, testId }: { error: ApiError; onClose?: () => void; testId?: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      title={error.fields.length > 0 ? t("cases.refused", { count: error.fields.length }) : errorText(error)}
      closable={onClose ? { onClose } : undefined}
      data-testid={testId}
      description={
        error.fields.length > 0 && (
          <ul style={{ margin: 0, paddingInlineStart: 20 }} aria-label={t("cases.fieldErrors")}>
            {error.fields.map((f) => (
              <li key={`${f.path}:${f.message}`} data-path={f.path}>
                <code style={{ marginInlineEnd: 8 }}>{f.path}</code>
                <span lang="zh-CN">{f.message}</span>
              </li>
            ))}
          </ul>
        )
      }
    />
  );
}
