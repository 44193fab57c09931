import { Alert, Card, Col, Flex, Progress, Row, Table, Typography, type TableColumnsType } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { getPublicFigures, type PublicFigureRow } from "../../api/evaluation";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { PublicFrame } from "../../layout/PublicFrame";
import { useLoader } from "../../lib/useLoader";
import { CardCodeBox } from "./CardRatingPage";
import { PeriodPicker, type PeriodValue } from "./PeriodPicker";
import { formatRate } from "./parts";
import { formatDateTime } from "../../lib/format";

/** A rate as a bar and its figure; "—" where nothing was counted. */
export function RateCell({ rate, testId, color }: { rate: number | null; testId?: string; color?: string }) {
  if (rate === null) return <span data-testid={testId}>—</span>;
  return (
    <Flex align="center" gap={8} style={{ minWidth: 120 }}>
      <Progress percent={rate * 100} showInfo={false} size="small" strokeColor={color} style={{ flex: 1, margin: 0 }} aria-label={formatRate(rate)} />
      <span data-testid={testId} style={{ minWidth: 52, textAlign: "right", fontVariantNumeric: "tabular-nums" }}>
        {formatRate(rate)}
      </span>
    </Flex>
  );
}

/**
 * /evaluation (public, 网上评价专栏): each department's and window's good-review rates over
 * a period (this quarter by default), and the box to rate with a supervision card.
 */
export function PublicFiguresPage() {
  const { t, i18n } = useTranslation();
  const [period, setPeriod] = useState<PeriodValue>();
  const loaded = useLoader(() => getPublicFigures(period ?? {}), [period?.from, period?.to]);
  const data = loaded.data;

  const columns = (kind: "department" | "window"): TableColumnsType<PublicFigureRow> => [
    { title: t(kind === "department" ? "evaluation.field.department" : "evaluation.field.window"), dataIndex: "label", render: (zh: string, r) => (i18n.language === "en" ? r.labelEn : zh) },
    { title: t("evaluation.figures.completed"), dataIndex: "completed", align: "right", width: 90 },
    { title: t("evaluation.figures.rated"), dataIndex: "rated", align: "right", width: 90 },
    { title: t("evaluation.figures.good"), dataIndex: "good", align: "right", width: 70 },
    { title: t("evaluation.figures.bad"), dataIndex: "bad", align: "right", width: 70 },
    {
      title: t("evaluation.figures.activeGoodRate"),
      dataIndex: "activeGoodRate",
      width: 200,
      render: (r: number | null) => <RateCell rate={r} testId="active-good-rate" />,
    },
    { title: t("evaluation.figures.goodRate"), dataIndex: "goodRate", width: 200, render: (r: number | null) => <RateCell rate={r} testId="good-rate" color="#16a34a" /> },
    {
      title: t("evaluation.figures.unratedRate"),
      dataIndex: "unratedRate",
      width: 200,
      render: (r: number | null) => <RateCell rate={r} testId="unrated-rate" color="#94a3b8" />,
    },
  ];

  return (
    <PublicFrame>
      <section data-testid="public-figures">
        <PageTitle>{t("evaluation.public.title")}</PageTitle>
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          <Col xs={24} lg={14}>
            <Card style={{ height: "100%" }}>
              <Typography.Paragraph>{t("evaluation.public.intro")}</Typography.Paragraph>
              <RatesLegend />
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <Card title={t("evaluation.public.cardTitle")} style={{ height: "100%" }}>
              <Typography.Paragraph type="secondary">{t("evaluation.public.cardIntro")}</Typography.Paragraph>
              <CardCodeBox compact />
            </Card>
          </Col>
        </Row>

        <Flex gap={12} align="center" wrap style={{ marginBottom: 16 }}>
          <Typography.Text strong>{t("evaluation.period.label")}</Typography.Text>
          <PeriodPicker value={period ?? (data ? { from: data.from, to: data.to } : undefined)} onChange={setPeriod} />
          {data && (
            <Typography.Text type="secondary" data-testid="figures-as-of">
              {t("evaluation.public.asOf", { at: formatDateTime(data.asOf) })}
            </Typography.Text>
          )}
        </Flex>
        {loaded.error && (
          <div style={{ marginBottom: 16 }}>
            <LoadError error={loaded.error} onRetry={loaded.reload} />
          </div>
        )}

        <Card title={t("evaluation.public.byDepartment")} style={{ marginBottom: 16 }}>
          <Table<PublicFigureRow>
            rowKey="key"
            size="middle"
            loading={loaded.loading}
            dataSource={data?.departments ?? []}
            columns={columns("department")}
            pagination={false}
            scroll={{ x: 1000 }}
            locale={{ emptyText: t("evaluation.figures.empty") }}
            data-testid="public-departments"
          />
        </Card>
        <Card title={t("evaluation.public.byWindow")}>
          <Table<PublicFigureRow>
            rowKey="key"
            size="middle"
            loading={loaded.loading}
            dataSource={data?.windows ?? []}
            columns={columns("window")}
            pagination={false}
            scroll={{ x: 1000 }}
            locale={{ emptyText: t("evaluation.figures.empty") }}
            data-testid="public-windows"
          />
        </Card>
      </section>
    </PublicFrame>
  );
}

/** What the three rates mean (the provincial convention for 好评率 included). */
export function RatesLegend() {
  const { t } = useTranslation();
  return (
    <Alert
      type="info"
      showIcon
      title={t("evaluation.legend.title")}
      data-testid="rates-legend"
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          <li>
            <Typography.Text strong>{t("evaluation.figures.activeGoodRate")}</Typography.Text>
            {t("evaluation.legend.colon")}
            {t("evaluation.legend.active")}
          </li>
          <li>
            <Typography.Text strong>{t("evaluation.figures.goodRate")}</Typography.Text>
            {t("evaluation.legend.colon")}
            {t("evaluation.legend.good")}
          </li>
          <li>
            <Typography.Text strong>{t("evaluation.figures.unratedRate")}</Typography.Text>
            {t("evaluation.legend.colon")}
            {t("evaluation.legend.unrated")}
          </li>
        </ul>
      }
    />
  );
}
