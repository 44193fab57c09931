import { App, Card, Flex, Skeleton, Switch, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { listAutoRules, setAutoRule } from "../../api/endpoints";
import type { AutoRule } from "../../api/types";
import { LoadError } from "../../components/LoadError";
import { rulesFor } from "../../lib/autoRules";
import { useErrorText } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { useLoader } from "../../lib/useLoader";
import { useDepartmentName } from "../../org/departments";

/**
 * 自动办理规则 of one department: switches for the rules that approve a standard
 * case at acceptance. Read-only unless `editable` (the department's reviewers, admins).
 */
export function AutoRulesCard({ department, editable }: { department: string; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const departmentName = useDepartmentName();
  const loaded = useLoader(listAutoRules, []);
  const [saved, setSaved] = useState<AutoRule[]>();
  const [busy, setBusy] = useState<string | null>(null);
  const settings = saved ?? loaded.data;

  const known = rulesFor(department);
  const rules = [...new Set([...known, ...(settings ?? []).filter((r) => r.department === department).map((r) => r.rule)])];
  const settingOf = (rule: string) => settings?.find((r) => r.department === department && r.rule === rule);

  const toggle = async (rule: string, enabled: boolean) => {
    setBusy(rule);
    try {
      setSaved(await setAutoRule({ department, rule, enabled }));
      void message.success(t(enabled ? "autoRules.enabled" : "autoRules.disabled"));
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card title={t("autoRules.title", { department: departmentName(department) })} data-testid="auto-rules" size="small">
      {loaded.error ? (
        <LoadError error={loaded.error} onRetry={loaded.reload} />
      ) : !settings ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : rules.length === 0 ? (
        <Typography.Text type="secondary">{t("autoRules.none")}</Typography.Text>
      ) : (
        <Flex vertical gap={12}>
          {rules.map((rule) => {
            const s = settingOf(rule);
            const label = t(`autoRules.rules.${rule}`, { defaultValue: rule });
            return (
              <Flex key={rule} gap={12} align="flex-start" data-testid={`auto-rule-${rule}`}>
                <Switch
                  checked={s?.enabled ?? false}
                  disabled={!editable}
                  loading={busy === rule}
                  aria-label={label}
                  onChange={(on) => void toggle(rule, on)}
                />
                <div>
                  <div>{label}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {s ? t("autoRules.updatedAt", { time: formatDateTime(s.updatedAt) }) : t("autoRules.neverSet")}
                  </Typography.Text>
                </div>
              </Flex>
            );
          })}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("autoRules.hint")}
          </Typography.Text>
        </Flex>
      )}
    </Card>
  );
}
