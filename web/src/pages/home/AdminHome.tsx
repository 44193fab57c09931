import type { Role } from "@yichuang/core";
import { Button, Card, Col, Row, Statistic, Table } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { listUsers } from "../../api/endpoints";
import type { Centre } from "../../api/types";
import { useUser } from "../../auth/AuthContext";
import { ProfileCard } from "../../components/ProfileCard";
import { useErrorText } from "../../lib/errors";
import { useLocalName } from "../../lib/locale";
import { useLoader } from "../../lib/useLoader";
import { useOrg } from "../../org/OrgContext";
import { HomeFrame } from "./HomeFrame";

/** Administrators: how many users, departments and windows there are, with the way to manage them. */
export function AdminHome({ role }: { role: Role }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const name = useLocalName();
  const errorText = useErrorText();
  const user = useUser();
  const org = useOrg().data;
  // limit=1: only the total is wanted.
  const users = useLoader(() => listUsers({ limit: 1, offset: 0 }), []);

  const activeDepartments = org?.departments.filter((d) => d.active).length;
  const activeWindows = org?.windows.filter((w) => w.active).length;

  return (
    <HomeFrame role={role}>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <ProfileCard user={user} />
        </Col>
        <Col xs={24} lg={16}>
          <Card
            title={t("home.adminStats")}
            extra={
              <Button type="link" onClick={() => navigate("/audit")}>
                {t("home.viewAudit")}
              </Button>
            }
            data-testid="admin-stats"
          >
            <Row gutter={[16, 16]}>
              <Col xs={24} sm={8}>
                <Card size="small" variant="borderless" style={{ background: "#eff6ff" }}>
                  <Statistic title={t("home.users")} value={users.error ? errorText(users.error) : users.data?.total} loading={users.loading} />
                  <Button type="link" style={{ paddingInline: 0 }} onClick={() => navigate("/admin/users")}>
                    {t("home.manageUsers")}
                  </Button>
                </Card>
              </Col>
              <Col xs={24} sm={8}>
                <Card size="small" variant="borderless" style={{ background: "#eff6ff" }}>
                  <Statistic title={t("home.activeDepartments")} value={activeDepartments} suffix={org && `/ ${org.departments.length}`} loading={!org} />
                  <Button type="link" style={{ paddingInline: 0 }} onClick={() => navigate("/admin/org")}>
                    {t("home.manageOrg")}
                  </Button>
                </Card>
              </Col>
              <Col xs={24} sm={8}>
                <Card size="small" variant="borderless" style={{ background: "#eff6ff" }}>
                  <Statistic title={t("home.activeWindows")} value={activeWindows} suffix={org && `/ ${org.windows.length}`} loading={!org} />
                  <Button type="link" style={{ paddingInline: 0 }} onClick={() => navigate("/admin/org")}>
                    {t("home.manageOrg")}
                  </Button>
                </Card>
              </Col>
            </Row>
          </Card>
          <Card title={t("home.centres")} style={{ marginTop: 16 }}>
            <Table<Centre>
              size="small"
              rowKey="id"
              pagination={false}
              loading={!org}
              dataSource={org?.centres ?? []}
              columns={[
                { title: t("home.centre"), key: "name", render: (_, c) => name(c) },
                { title: t("home.address"), dataIndex: "address", render: (a: string | null) => a ?? t("common.none") },
                { title: t("home.departments"), key: "departments", align: "right", render: (_, c) => org?.departmentsOf(c.id).length },
                {
                  title: t("home.windowsTotal"),
                  key: "windows",
                  align: "right",
                  render: (_, c) => org?.departmentsOf(c.id).reduce((n, d) => n + org.windowsOf(d.id).length, 0),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </HomeFrame>
  );
}
