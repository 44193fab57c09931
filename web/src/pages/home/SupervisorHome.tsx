import type { Role } from "@yichuang/core";
import { Button, Card, Col, Row } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { searchAudit } from "../../api/endpoints";
import { useUser } from "../../auth/AuthContext";
import { AuditTable } from "../../components/AuditTable";
import { LoadError } from "../../components/LoadError";
import { ProfileCard } from "../../components/ProfileCard";
import { useLoader } from "../../lib/useLoader";
import { HomeFrame } from "./HomeFrame";

/** Supervisors: the newest audit entries, with the way to the full log. */
export function SupervisorHome({ role }: { role: Role }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useUser();
  const recent = useLoader(() => searchAudit({ limit: 10 }), []);
  return (
    <HomeFrame role={role}>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={7}>
          <ProfileCard user={user} />
        </Col>
        <Col xs={24} xl={17}>
          <Card
            title={t("home.recentAudit")}
            extra={
              <Button type="link" onClick={() => navigate("/audit")}>
                {t("home.allAudit")}
              </Button>
            }
            data-testid="recent-audit"
          >
            {recent.error ? (
              <LoadError error={recent.error} onRetry={recent.reload} />
            ) : (
              <AuditTable entries={recent.data?.items ?? []} loading={recent.loading} compact />
            )}
          </Card>
        </Col>
      </Row>
    </HomeFrame>
  );
}
