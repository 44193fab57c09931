import type { Role } from "@yichuang/core";
import { BarChartOutlined, EditOutlined, TeamOutlined } from "@ant-design/icons";
import { Button, Card, Col, List, Row, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { listEvents, myTeams } from "../../api/outreach";
import { useUser } from "../../auth/AuthContext";
import { LoadError } from "../../components/LoadError";
import { ProfileCard } from "../../components/ProfileCard";
import { useLoader } from "../../lib/useLoader";
import { STATUS_COLOR } from "../outreach/parts";
import { HomeFrame } from "./HomeFrame";

/** Centre leaders: the way to the dashboard and the service teams. */
export function LeaderHome({ role }: { role: Role }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useUser();
  return (
    <HomeFrame role={role}>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={7}>
          <ProfileCard user={user} />
        </Col>
        <Col xs={24} xl={17}>
          <Card title={t("dashboard.title")}>
            <Typography.Paragraph type="secondary">{t("dashboard.intro")}</Typography.Paragraph>
            <Button type="primary" icon={<BarChartOutlined aria-hidden />} onClick={() => navigate("/dashboard")} data-testid="home-dashboard">
              {t("menu.dashboard")}
            </Button>{" "}
            <Button icon={<TeamOutlined aria-hidden />} onClick={() => navigate("/outreach/teams")}>
              {t("menu.teams")}
            </Button>
          </Card>
        </Col>
      </Row>
    </HomeFrame>
  );
}

/** A team's leader: their teams, the button to log an event, the latest events and their state. */
export function TeamLeaderHome({ role }: { role: Role }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const teams = useLoader(myTeams, []);
  const events = useLoader(() => listEvents({ limit: 5 }), []);
  return (
    <HomeFrame role={role}>
      {teams.error && <LoadError error={teams.error} onRetry={teams.reload} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={t("menu.teams")}>
            {(teams.data ?? []).map((x) => (
              <Typography.Paragraph key={x.id} style={{ marginBottom: 4 }}>
                <strong>{x.name}</strong> · {x.department.name} · {t("outreach.teams.memberCount")} {x.members} · {t("outreach.teams.events")} {x.events}
              </Typography.Paragraph>
            ))}
            {teams.data?.length === 0 && <Typography.Text type="secondary">{t("outreach.log.noTeam")}</Typography.Text>}
            <Button type="primary" size="large" block icon={<EditOutlined aria-hidden />} onClick={() => navigate("/outreach/log")} style={{ marginTop: 12 }} data-testid="home-log">
              {t("menu.logEvent")}
            </Button>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t("outreach.log.mine")}>
            <List
              dataSource={events.data?.items ?? []}
              loading={events.loading}
              renderItem={(e) => (
                <List.Item>
                  {e.date} {e.activity} <Tag color={STATUS_COLOR[e.status]}>{t(`outreach.events.status.${e.status}`)}</Tag>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </HomeFrame>
  );
}
