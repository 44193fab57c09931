import { Alert, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ReductionReport } from "../../api/types";
import { useCountWord } from "../../lib/locale";

/**
 * The banner with the reduction's figures: how many fields this form asks,
 * how many the founder has filled, and how many the departments' own forms
 * asked in total.
 */
export function FormFigures({
  report,
  formCount,
  filled,
  applicable,
  serviceItem,
}: {
  report: ReductionReport;
  formCount: number;
  filled: number;
  /** Controls asked for this founder's answers (more than the standard count when a yes/no section is on). */
  applicable: number;
  serviceItem: string;
}) {
  const { t } = useTranslation();
  const countWord = useCountWord();
  return (
    <Alert
      type="info"
      showIcon
      data-testid="form-figures"
      style={{ marginBottom: 16 }}
      title={t("founder.figures", { asked: report.askedFieldCount, filled, forms: countWord(formCount), legacy: report.legacyFieldCount })}
      description={
        <Typography.Text type="secondary">
          {applicable !== report.askedFieldCount && `${t("founder.figuresApplicable", { count: applicable })} `}
          {t("founder.figuresHint", { legacy: report.legacyFieldCount, asked: report.askedFieldCount })}{" "}
          <Link to={`/forms/${encodeURIComponent(serviceItem)}`}>{t("founder.figuresLink")}</Link>
        </Typography.Text>
      }
    />
  );
}
