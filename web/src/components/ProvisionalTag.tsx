import { Tag, Tooltip } from "antd";
import { useTranslation } from "react-i18next";

/**
 * "预计" beside a deadline counted over a year whose holidays are not entered yet: the tooltip
 * says why; keyboard users reach it by Tab and screen readers read it from the label.
 */
export function ProvisionalTag({ show = true, testId = "provisional-tag" }: { show?: boolean; testId?: string }) {
  const { t } = useTranslation();
  if (!show) return null;
  const tag = t("calendar.provisional.tag");
  const tip = t("calendar.provisional.tooltip");
  return (
    <Tooltip title={tip}>
      <Tag color="gold" tabIndex={0} role="note" aria-label={`${tag}：${tip}`} data-testid={testId} style={{ cursor: "help", marginInlineEnd: 0, marginInlineStart: 4 }}>
        {tag}
      </Tag>
    </Tooltip>
  );
}
