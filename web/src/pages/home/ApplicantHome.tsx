import type { Role } from "@yichuang/core";
import { Card, Col, Row, Skeleton, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { Centre } from "../../api/types";
import { useUser } from "../../auth/AuthContext";
import { ProfileCard } from "../../components/ProfileCard";
import { ApplicationsCard } from "../applications/ApplicationsPage";
import { MyCasesCard } from "../cases/MyCasesCard";
import { useLocalName } from "../../lib/locale";
import { useOrg, type OrgDirectory } from "../../org/OrgContext";
import { HomeFrame } from "./HomeFrame";

/** Applicants: their applications (the one form), and a directory of where to go, centre by centre, department by department. */
export function ApplicantHome({ role }: { role: Role }) {
  const { t } = useTranslation();
  const user = useUser();
  const org = useOrg().data;
  return (
    <HomeFrame role={role}>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <ProfileCard user={user} />
        </Col>
        <Col xs={24} lg={16}>
          <ApplicationsCard compact />
          <MyCasesCard compact />
          <Card title={t("home.directory")} data-testid="directory" style={{ marginTop: 16 }}>
            <Typography.Paragraph type="secondary">{t("home.directoryHint")}</Typography.Paragraph>
            {!org ? <Skeleton active /> : org.centres.map((c) => <CentreDirectory key={c.id} centre={c} org={org} />)}
          </Card>
        </Col>
      </Row>
    </HomeFrame>
  );
}

/** One centre's open departments and windows. */
function CentreDirectory({ centre, org }: { centre: Centre; org: OrgDirectory }) {
  const { t } = useTranslation();
  const name = useLocalName();
  const departments = org.departmentsOf(centre.id).filter((d) => d.active);
  return (
    <section style={{ marginBottom: 24 }}>
      <Typography.Title level={2} style={{ fontSize: 17, marginBottom: 4 }}>
        {name(centre)}
      </Typography.Title>
      <Typography.Text type="secondary">
        {t(`home.centreKind.${centre.kind}`)}
        {centre.address ? ` · ${t("home.addressIs", { address: centre.address })}` : ""}
      </Typography.Text>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        {departments.map((d) => {
          const windows = org.windowsOf(d.id).filter((w) => w.active);
          return (
            <Col xs={24} md={12} key={d.id}>
              <Card size="small" title={name(d)} style={{ height: "100%" }}>
                {windows.length === 0 ? (
                  <Typography.Text type="secondary">{t("home.noWindows")}</Typography.Text>
                ) : (
                  <ul style={{ listStyle: "none", margin: 0, padding: 0 }}>
                    {windows.map((w) => (
                      <li key={w.id} style={{ padding: "4px 0" }}>
                        <Tag color="blue">{w.number}</Tag>
                        {name(w)}
                      </li>
                    ))}
                  </ul>
                )}
              </Card>
            </Col>
          );
        })}
      </Row>
    </section>
  );
}
