import { Card, Descriptions } from "antd";
import { useTranslation } from "react-i18next";
import type { User } from "../api/types";
import { formatDateTime } from "../lib/format";
import { useLocalName } from "../lib/locale";
import { useOrg } from "../org/OrgContext";
import { RoleTags } from "./RoleTags";

/** The signed-in user's own details, shown on every home page and the profile page. */
export function ProfileCard({ user, detailed = false }: { user: User; detailed?: boolean }) {
  const { t } = useTranslation();
  const name = useLocalName();
  const org = useOrg().data;
  const department = org?.department(user.departmentId);
  const none = t("common.none");
  const items = [
    { key: "displayName", label: t("profile.displayName"), children: user.displayName },
    { key: "username", label: t("profile.username"), children: user.username },
    { key: "staffNo", label: t("profile.staffNo"), children: user.staffNo ?? none },
    { key: "department", label: t("profile.department"), children: department ? name(department) : none },
    { key: "roles", label: t("profile.roles"), children: <RoleTags roles={user.roles} /> },
  ];
  if (detailed) {
    items.push(
      { key: "phone", label: t("profile.phone"), children: user.phone ?? none },
      { key: "email", label: t("profile.email"), children: user.email ?? none },
      { key: "lastLogin", label: t("profile.lastLogin"), children: formatDateTime(user.lastLoginAt) },
    );
  }
  return (
    <Card title={t("profile.card")} data-testid="profile-card">
      <Descriptions column={1} size="small" items={items} />
    </Card>
  );
}
