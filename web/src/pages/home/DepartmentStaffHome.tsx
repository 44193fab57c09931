import type { Role } from "@yichuang/core";
import { Alert, Col, Row, Skeleton } from "antd";
import { useTranslation } from "react-i18next";
import { useUser } from "../../auth/AuthContext";
import { ColleaguesCard } from "../../components/ColleaguesCard";
import { DepartmentCard } from "../../components/DepartmentCard";
import { ProfileCard } from "../../components/ProfileCard";
import { useOrg } from "../../org/OrgContext";
import { HomeFrame } from "./HomeFrame";

/** Clerks and reviewers: their department, its windows and their colleagues. */
export function DepartmentStaffHome({ role }: { role: Role }) {
  const { t } = useTranslation();
  const user = useUser();
  const org = useOrg().data;
  const department = org?.department(user.departmentId);
  return (
    <HomeFrame role={role}>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <ProfileCard user={user} />
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
