import { GlobalOutlined } from "@ant-design/icons";
import { Button, Tooltip } from "antd";
import { useTranslation } from "react-i18next";
import { setLocale } from "../i18n";
import { useLocale } from "../lib/locale";

/**
 * A button naming the other language ("English" / "中文"), the way bilingual
 * government sites do: one click switches, and the choice is kept on this device.
 */
export function LanguageSwitch({ light = false, compact = false }: { light?: boolean; compact?: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const next = locale === "en" ? "zh-CN" : "en";
  return (
    <Tooltip title={t("lang.label")}>
      <Button
        icon={<GlobalOutlined aria-hidden />}
        lang={next}
        ghost={light}
        onClick={() => setLocale(next)}
        data-testid="language-switch"
        aria-label={compact ? t("lang.label") : undefined}
      >
        {compact ? (next === "en" ? "EN" : "中") : next === "en" ? t("lang.en") : t("lang.zh")}
      </Button>
    </Tooltip>
  );
}
