import { PASSWORD_MIN_LENGTH, passwordProblems } from "@yichuang/core";
import type { FormRule } from "antd";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { useLocale } from "./locale";

/**
 * A form rule applying the server's password policy before sending, so users
 * see problems at once. Empty values pass (add `required` where needed). The
 * policy's texts are zh-CN; English shows the policy summary instead.
 */
export function usePasswordRule(): (username: () => string | undefined) => FormRule {
  const { t } = useTranslation();
  const locale = useLocale();
  return useCallback(
    (username) => ({
      validator: async (_rule, value: string | undefined) => {
        if (!value) return;
        const problems = passwordProblems(value, username());
        if (problems.length === 0) return;
        throw new Error(locale === "zh-CN" ? problems.join("；") : t("profile.passwordHint", { min: PASSWORD_MIN_LENGTH }));
      },
    }),
    [locale, t],
  );
}
