import { FontSizeOutlined } from "@ant-design/icons";
import { Button } from "antd";
import { useTranslation } from "react-i18next";
import { setLargeText, useLargeText } from "../lib/display";

/**
 * The 长辈版 switch on public pages: larger text and controls, kept in this browser. A toggle
 * button (aria-pressed), named the same whether on or off so a screen reader says its state.
 */
export function LargeTextSwitch({ light = false, compact = false }: { light?: boolean; compact?: boolean }) {
  const { t } = useTranslation();
  const on = useLargeText();
  return (
    <Button
      icon={<FontSizeOutlined aria-hidden />}
      ghost={light}
      aria-pressed={on}
      aria-label={compact ? t("display.largeText") : undefined}
      title={t("display.largeTextHint")}
      onClick={() => setLargeText(!on)}
      data-testid="large-text-switch"
      style={on && light ? { background: "rgba(255,255,255,0.2)" } : undefined}
    >
      {compact ? null : t("display.largeText")}
    </Button>
  );
}
