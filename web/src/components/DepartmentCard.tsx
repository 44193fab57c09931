import { Card, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { Department } from "../api/types";
import { useLocalName } from "../lib/locale";
import { useOrg } from "../org/OrgContext";
import { WindowsTable } from "./WindowsTable";

/** The user's department: its centre and its windows. */
export function DepartmentCard({ department }: { department: Department }) {
  const { t } = useTranslation();
  const name = useLocalName();
  const org = useOrg().data;
  const centre = org?.centre(department.centreId);
  return (
    <Card title={t("home.departmentTitle", { name: name(department) })} extra={<Typography.Text type="secondary">{department.code}</Typography.Text>} data-testid="department-card">
      {centre && (
        <Typography.Paragraph type="secondary">
          {name(centre)}
          {centre.address ? ` · ${centre.address}` : ""}
        </Typography.Paragraph>
      )}
      <WindowsTable windows={org?.windowsOf(department.id) ?? []} />
    </Card>
  );
}
