import { Card, Flex, Segmented, Select, Statistic, Table, Typography, type TableColumnsType } from "antd";
import { useTranslation } from "react-i18next";
import { useFilterParams } from "../../lib/useFilterParams";
import { FIGURE_DIMENSIONS, getFigures, type FigureCounts, type FigureDimension, type FigureRow } from "../../api/evaluation";
import { useUser } from "../../auth/AuthContext";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { useLocale, useLocalName } from "../../lib/locale";
import { useLoader } from "../../lib/useLoader";
import { useOrg } from "../../org/OrgContext";
import { PeriodPicker } from "./PeriodPicker";
import { RateCell, RatesLegend } from "./PublicFiguresPage";
import { formatRate } from "./parts";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * /evaluation/figures (reviewers: their department; supervisors, admins: all): 办件数,
 * 评价数, 好评, 差评 and the three rates by department, window, clerk, service item,
 * month or quarter, with the total. Query in the address, so a view can be shared.
 */
export function FiguresPage() {
  const { t } = useTranslation();
  const user = useUser();
  const org = useOrg().data;
  const localName = useLocalName();
  const locale = useLocale();
  const { params, setFilters: set } = useFilterParams();
  const byParam = params.get("by") as FigureDimension | null;
  const by: FigureDimension = byParam && FIGURE_DIMENSIONS.includes(byParam) ? byParam : "department";
  const from = params.get("from") ?? undefined;
  const to = params.get("to") ?? undefined;
  const period = from && to && DATE.test(from) && DATE.test(to) ? { from, to } : undefined;
  const allDepartments = user.roles.includes("supervisor") || user.roles.includes("admin") || user.roles.includes("leader");
  const department = allDepartments ? (params.get("department") ?? undefined) : undefined;
  const ownDepartment = org?.department(user.departmentId);

  const loaded = useLoader(() => getFigures({ by, department, ...period }), [by, department, period?.from, period?.to]);
  const data = loaded.data;

  if (loaded.error?.code === "FORBIDDEN") return <LoadError error={loaded.error} />;

  const num = (testId: string) => (n: number) => (
    <span data-testid={testId} style={{ fontVariantNumeric: "tabular-nums" }}>
      {n}
    </span>
  );
  const columns: TableColumnsType<FigureRow> = [
    {
      title: t(`evaluation.figures.dimension.${by}`),
      dataIndex: "label",
      fixed: "left",
      width: 220,
      render: (zh: string, r) => {
        const label = locale === "en" ? r.labelEn : zh;
        return (
          <>
            <div>{label}</div>
            {r.sub && !label.startsWith(r.sub) && <Typography.Text type="secondary">{r.sub}</Typography.Text>}
          </>
        );
      },
    },
    { title: t("evaluation.figures.completed"), dataIndex: "completed", align: "right", width: 110, render: num("fig-completed") },
    { title: t("evaluation.figures.rated"), dataIndex: "rated", align: "right", width: 100, render: num("fig-rated") },
    { title: t("evaluation.figures.good"), dataIndex: "good", align: "right", width: 80, render: num("fig-good") },
    { title: t("evaluation.figures.bad"), dataIndex: "bad", align: "right", width: 80, render: num("fig-bad") },
    { title: t("evaluation.figures.activeGoodRate"), dataIndex: "activeGoodRate", width: 170, render: (r: number | null) => <RateCell rate={r} testId="fig-active" /> },
    {
      title: t("evaluation.figures.goodRateWithDefault"),
      dataIndex: "goodRate",
      width: 170,
      render: (r: number | null) => <RateCell rate={r} testId="fig-good-rate" color="#16a34a" />,
    },
    { title: t("evaluation.figures.unratedRate"), dataIndex: "unratedRate", width: 170, render: (r: number | null) => <RateCell rate={r} testId="fig-unrated" color="#94a3b8" /> },
    {
      title: t("evaluation.figures.cases"),
      key: "cases",
      width: 150,
      render: (_, r) => (r.cases.rated ? t("evaluation.figures.casesCell", { rated: r.cases.rated, rate: formatRate(r.cases.goodRate) }) : t("common.none")),
    },
  ];

  return (
    <section data-testid="figures">
      <PageTitle>{t("evaluation.figures.title")}</PageTitle>
      <Typography.Paragraph type="secondary">
        {allDepartments ? t("evaluation.figures.introAll") : t("evaluation.figures.introOwn", { department: ownDepartment ? localName(ownDepartment) : "" })}
      </Typography.Paragraph>

      <Card style={{ marginBottom: 16 }}>
        <Flex gap={12} wrap align="center">
          <Segmented<FigureDimension>
            value={by}
            onChange={(v) => set({ by: v === "department" ? undefined : v })}
            options={FIGURE_DIMENSIONS.map((d) => ({ value: d, label: t(`evaluation.figures.by.${d}`) }))}
            data-testid="figures-by"
          />
          <PeriodPicker value={period ?? (data ? { from: data.from, to: data.to } : undefined)} onChange={(p) => set({ from: p.from, to: p.to })} />
          {allDepartments && (
            <Select
              allowClear
              value={department}
              onChange={(v: string | undefined) => set({ department: v })}
              placeholder={t("evaluation.allDepartments")}
              style={{ width: 240 }}
              aria-label={t("evaluation.field.department")}
              options={(org?.departments ?? []).map((d) => ({ value: d.code, label: localName(d) }))}
            />
          )}
        </Flex>
      </Card>

      {loaded.error && (
        <div style={{ marginBottom: 16 }}>
          <LoadError error={loaded.error} onRetry={loaded.reload} />
        </div>
      )}

      <Totals total={data?.total} loading={!data} />

      <Card style={{ marginBottom: 16 }}>
        <Table<FigureRow>
          rowKey="key"
          size="middle"
          loading={loaded.loading}
          dataSource={data?.rows ?? []}
          columns={columns}
          pagination={(data?.rows.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          scroll={{ x: 1320 }}
          locale={{ emptyText: t("evaluation.figures.empty") }}
          data-testid="figures-table"
          summary={() =>
            data && data.rows.length > 0 ? (
              <Table.Summary fixed="bottom">
                <Table.Summary.Row data-testid="figures-total" style={{ background: "#f8fafc", fontWeight: 600 }}>
                  <Table.Summary.Cell index={0}>{t("evaluation.figures.total")}</Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    {num("fig-completed")(data.total.completed)}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">
                    {num("fig-rated")(data.total.rated)}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    {num("fig-good")(data.total.good)}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={4} align="right">
                    {num("fig-bad")(data.total.bad)}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={5}>{formatRate(data.total.activeGoodRate)}</Table.Summary.Cell>
                  <Table.Summary.Cell index={6}>{formatRate(data.total.goodRate)}</Table.Summary.Cell>
                  <Table.Summary.Cell index={7}>{formatRate(data.total.unratedRate)}</Table.Summary.Cell>
                  <Table.Summary.Cell index={8}>
                    {data.total.cases.rated ? t("evaluation.figures.casesCell", { rated: data.total.cases.rated, rate: formatRate(data.total.cases.goodRate) }) : t("common.none")}
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              </Table.Summary>
            ) : null
          }
        />
      </Card>

      <RatesLegend />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {t("evaluation.legend.staff", { days: data?.defaultAfterDays ?? 7 })}
      </Typography.Paragraph>
    </section>
  );
}

/** The period's totals at a glance. */
function Totals({ total, loading }: { total: FigureCounts | undefined; loading: boolean }) {
  const { t } = useTranslation();
  const pct = (r: number | null | undefined) => (r === null || r === undefined ? "—" : Number((r * 100).toFixed(1)));
  const items: { key: string; title: string; value: number | string | undefined; suffix?: string }[] = [
    { key: "completed", title: t("evaluation.figures.completed"), value: total?.completed },
    { key: "rated", title: t("evaluation.figures.rated"), value: total?.rated },
    { key: "active", title: t("evaluation.figures.activeGoodRate"), value: pct(total?.activeGoodRate), suffix: total?.activeGoodRate != null ? "%" : undefined },
    { key: "good", title: t("evaluation.figures.goodRateWithDefault"), value: pct(total?.goodRate), suffix: total?.goodRate != null ? "%" : undefined },
    { key: "unrated", title: t("evaluation.figures.unratedRate"), value: pct(total?.unratedRate), suffix: total?.unratedRate != null ? "%" : undefined },
  ];
  return (
    <Flex gap={16} wrap style={{ marginBottom: 16 }} data-testid="figures-totals">
      {items.map((i) => (
        <Card size="small" key={i.key} style={{ flex: "1 1 180px" }}>
          <Statistic title={i.title} value={i.value} suffix={i.suffix} loading={loading} />
        </Card>
      ))}
    </Flex>
  );
}
