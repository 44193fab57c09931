import type { Role } from "@yichuang/core";
import { Alert, Card, Col, Descriptions, Row, Skeleton } from "antd";
import { useTranslation } from "react-i18next";
import { useUser } from "../../auth/AuthContext";
import { ColleaguesCard } from "../../components/ColleaguesCard";
import { DepartmentCard } from "../../components/DepartmentCard";
import { ProfileCard } from "../../components/ProfileCard";
import { useLocalName } from "../../lib/locale";
import { useOrg } from "../../org/OrgContext";
import { HomeFrame } from "./HomeFrame";

/** Hotline operators and experts: their centre (the farm service centre), its department and windows, and colleagues. */
export function CentreStaffHome({ role }: { role: Role }) {
  const { t } = useTranslation();
  const name = useLocalName();
  const user = useUser();
  const org = useOrg().data;
  const department = org?.department(user.departmentId);
  const centre = org?.centre(department?.centreId);
  const activeDepartments = centre && org ? org.departmentsOf(centre.id).filter((d) => d.active).length : 0;
  return (
    <HomeFrame role={role}>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Row gutter={[16, 16]}>
            <Col span={24}>
              <ProfileCard user={user} />
            </Col>
            {centre && (
              <Col span={24}>
                <Card title={t("home.myCentre")} data-testid="centre-card">
                  <Descriptions
                    column={1}
                    size="small"
                    items={[
                      { key: "name", label: t("home.centreName"), children: name(centre) },
                      { key: "kind", label: t("home.centreType"), children: t(`home.centreKind.${centre.kind}`) },
                      { key: "address", label: t("home.address"), children: centre.address ?? t("common.none") },
                      { key: "size", label: t("home.departmentCount"), children: activeDepartments },
                    ]}
                  />
                </Card>
              </Col>
            )}
          </Row>
        </Col>
        <Col xs={24} lg={16}>
          {!org ? (
            <Skeleton active />
          ) : department ? (
            <Row gutter={[16, 16]}>
              <Col span={24}>
                <DepartmentCard department={department} />
              </Col>
              <Col span={24}>
                <ColleaguesCard departmentId={department.id} selfId={user.id} />
              </Col>
            </Row>
          ) : (
            <Alert type="info" showIcon title={t("home.noDepartment")} />
          )}
        </Col>
      </Row>
    </HomeFrame>
  );
}
