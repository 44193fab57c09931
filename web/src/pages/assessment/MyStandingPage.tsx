import { Card, Empty, Flex, List, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { getMyStanding } from "../../api/assessment";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { formatDateTime } from "../../lib/format";
import { useLocale } from "../../lib/locale";
import { useFilterParams } from "../../lib/useFilterParams";
import { useLoader } from "../../lib/useLoader";
import { StandingExplanation, StarTag } from "./parts";

/**
 * /assessment/me (clerks): the clerk's own standing in a quarter — this one so far, or a
 * closed one — with every dimension, its formula and numbers; the quarters they were ranked in.
 */
export function MyStandingPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { params, setFilter } = useFilterParams();
  const quarter = params.get("quarter") ?? undefined;
  const loaded = useLoader(() => getMyStanding(quarter), [quarter]);
  const data = loaded.data;
  if (loaded.error) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  return (
    <section data-testid="my-standing">
      <PageTitle>{t("assessment.me.title")}</PageTitle>
      <Typography.Paragraph type="secondary">{t("assessment.me.intro")}</Typography.Paragraph>
      <Flex gap={16} wrap align="start">
        <Card title={t("assessment.me.history")} style={{ width: 300 }} loading={loaded.loading}>
          <List
            size="small"
            dataSource={data?.quarters ?? []}
            renderItem={(q) => (
              <List.Item
                style={{ cursor: "pointer", background: q.quarter === data?.quarter ? "#fff7e6" : undefined }}
                onClick={() => setFilter("quarter", q.quarter)}
                data-testid={`my-quarter-${q.quarter}`}
              >
                <Flex vertical gap={2}>
                  <Typography.Text strong>{locale === "en" ? q.quarter : q.label}</Typography.Text>
                  <Flex gap={4} wrap>
                    {q.closed ? <Tag color="blue">{t("assessment.status.closed")}</Tag> : <Tag>{t("assessment.status.running")}</Tag>}
                    {q.rank !== null && <Tag>{t("assessment.col.rank")} {q.rank}</Tag>}
                    {q.star && <StarTag streak={q.streak} />}
                  </Flex>
                </Flex>
              </List.Item>
            )}
          />
        </Card>
        <Card style={{ flex: 1, minWidth: 320 }} title={data ? (locale === "en" ? data.quarter : data.label) : " "} loading={loaded.loading}>
          {data && (
            <Typography.Paragraph type="secondary">
              {data.closed
                ? t("assessment.status.closedBy", { at: formatDateTime(data.closed.at), by: data.closed.by ?? "—", version: data.closed.schemeVersion })
                : t("assessment.status.provisional", { version: data.scheme.version })}
            </Typography.Paragraph>
          )}
          {data?.standing ? <StandingExplanation data={data.standing} /> : data && <Empty description={t("assessment.me.none")} />}
        </Card>
      </Flex>
    </section>
  );
}
