import { Table, Typography, theme } from "antd";
import { useTranslation } from "react-i18next";
import type { DepartmentReport, FormRef, ReductionReport } from "../api/types";
import { useCountWord, useLocale } from "../lib/locale";

type Counted = Exclude<keyof DepartmentReport, "department" | "formCode" | "version">;

const COLUMNS: Counted[] = [
  "legacyFieldCount",
  "askedFieldCount",
  "derivedFieldCount",
  "issuedFieldCount",
  "departmentFieldCount",
  "notApplicableFieldCount",
  "repeatedFieldCount",
];

/** The department's short name for open data (no login, so no organisation directory). */
export function useDepartmentLabel(): (code: string) => string {
  const { t } = useTranslation();
  return (code) => t(`departments.${code}`, { defaultValue: code });
}

/**
 * The reduction report per department: how each legacy form's fields are now
 * obtained (asked once, derived, issued, filled by the department, not
 * applicable) and how many repeated an earlier form — with the totals.
 */
export function ReductionReportTable({ report, forms }: { report: ReductionReport; forms: readonly FormRef[] }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const locale = useLocale();
  const departmentLabel = useDepartmentLabel();
  const titleOf = (code: string) => forms.find((f) => f.code === code)?.title;
  const total = (k: Counted) => report.departments.reduce((n, d) => n + d[k], 0);
  return (
    <Table<DepartmentReport>
      size="small"
      rowKey="department"
      pagination={false}
      scroll={{ x: 860 }}
      dataSource={report.departments}
      data-testid="reduction-report"
      columns={[
        {
          title: t("openForm.department"),
          key: "department",
          render: (_, d) => {
            const title = titleOf(d.formCode);
            return (
              <div>
                <Typography.Text strong>{departmentLabel(d.department)}</Typography.Text>
                <br />
                <Typography.Text type="secondary" style={{ fontSize: token.fontSizeSM }}>
                  {title ? (locale === "en" ? title.en : title.zh) : d.formCode} · v{d.version}
                </Typography.Text>
              </div>
            );
          },
        },
        ...COLUMNS.map((k) => ({ title: t(`openForm.columns.${k}`), dataIndex: k, key: k, align: "right" as const, width: 104 })),
      ]}
      summary={() => (
        <Table.Summary.Row style={{ fontWeight: 600, background: "#f8fafc" }}>
          <Table.Summary.Cell index={0}>{t("openForm.total")}</Table.Summary.Cell>
          {COLUMNS.map((k, i) => (
            <Table.Summary.Cell key={k} index={i + 1} align="right">
              {total(k)}
            </Table.Summary.Cell>
          ))}
        </Table.Summary.Row>
      )}
    />
  );
}

/** The headline: the legacy forms' total fields against the one form's. */
export function ReductionHeadline({ report, formCount }: { report: ReductionReport; formCount: number }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const countWord = useCountWord();
  return (
    <Typography.Paragraph style={{ fontSize: token.fontSizeLG, marginBottom: 0 }} data-testid="reduction-headline">
      {t("openForm.headline", { forms: countWord(formCount), legacy: report.legacyFieldCount, asked: report.askedFieldCount, required: report.requiredFieldCount })}
    </Typography.Paragraph>
  );
}
