import { Card, Col, Empty, Flex, Row, Segmented, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { getBoard, type BoardStar } from "../../api/assessment";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { PublicFrame } from "../../layout/PublicFrame";
import { useLocale } from "../../lib/locale";
import { useLoader } from "../../lib/useLoader";
import { StaffAvatar, StarTag, formatShare } from "./parts";

/**
 * /stars (public, 光荣榜): each closed quarter's service stars with photo, window and figures,
 * and how many quarters running each has been a star, with the quarters listed.
 */
export function StarsBoardPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [params, setParams] = useSearchParams();
  const quarter = params.get("quarter") ?? undefined;
  const loaded = useLoader(() => getBoard(quarter), [quarter]);
  const data = loaded.data;
  const quarterName = (key: string) => (locale === "en" ? key : (data?.quarters.find((q) => q.quarter === key)?.label ?? key));
  return (
    <PublicFrame>
      <section data-testid="stars-board">
        <PageTitle>{t("assessment.board.title")}</PageTitle>
        <Typography.Paragraph type="secondary">{t("assessment.board.intro")}</Typography.Paragraph>
        {loaded.error && <LoadError error={loaded.error} onRetry={loaded.reload} />}
        {data && data.quarters.length > 0 && (
          <Segmented
            style={{ marginBottom: 16 }}
            value={data.quarter ?? undefined}
            onChange={(v) => setParams({ quarter: String(v) })}
            options={data.quarters.map((q) => ({ value: q.quarter, label: locale === "en" ? q.quarter : q.label }))}
            data-testid="board-quarters"
          />
        )}
        {data && data.stars.length === 0 && <Empty description={t("assessment.board.empty")} />}
        <Row gutter={[16, 16]}>
          {(data?.stars ?? []).map((s) => (
            <Col xs={24} md={12} xl={8} key={s.id}>
              <StarCard star={s} quarterName={quarterName} showCentre={new Set(data!.stars.map((x) => x.centre.id)).size > 1} />
            </Col>
          ))}
        </Row>
      </section>
    </PublicFrame>
  );
}

function StarCard({ star: s, quarterName, showCentre }: { star: BoardStar; quarterName: (key: string) => string; showCentre: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Card data-testid="star-card" style={{ height: "100%", borderColor: "#f59e0b" }}>
      <Flex gap={16} align="start">
        <StaffAvatar id={s.id} name={s.name} hasPhoto={s.hasPhoto} size={88} />
        <Flex vertical gap={4} style={{ minWidth: 0 }}>
          <Flex gap={8} align="center" wrap>
            {/* Under the page's h1: an h2, at the size of a card's name. */}
            <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }} data-testid="star-name">
              {s.name}
            </Typography.Title>
            {s.rank !== null && <Tag color="gold">{t("assessment.board.rank", { rank: s.rank })}</Tag>}
          </Flex>
          {showCentre && <Typography.Text type="secondary">{locale === "en" ? s.centre.nameEn : s.centre.name}</Typography.Text>}
          <Typography.Text type="secondary">
            {locale === "en" ? s.department.nameEn : s.department.name}
            {s.window ? ` · ${s.window.number} ${locale === "en" ? s.window.nameEn : s.window.name}` : ""}
          </Typography.Text>
          {s.staffNo && <Typography.Text type="secondary">{t("assessment.board.staffNo", { no: s.staffNo })}</Typography.Text>}
          <Typography.Text data-testid="star-figures">
            {[t("assessment.board.completed", { n: s.figures.completed }), t("assessment.board.rated", { n: s.figures.rated }), t("assessment.board.goodShare", { rate: formatShare(s.figures.goodShare) })].join(" · ")}
          </Typography.Text>
          <div>
            <StarTag />
          </div>
          {s.streak > 1 && (
            <Typography.Text strong style={{ color: "#b45309" }} data-testid="star-streak">
              {t("assessment.board.streak", { n: s.streak })}
            </Typography.Text>
          )}
          <Typography.Text type="secondary" data-testid="star-history">
            {t("assessment.board.history", { quarters: s.starQuarters.map(quarterName).join(locale === "en" ? ", " : "、") })}
          </Typography.Text>
        </Flex>
      </Flex>
    </Card>
  );
}
