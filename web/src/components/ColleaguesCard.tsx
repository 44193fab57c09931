import { Card, Table, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { getDepartmentMembers } from "../api/endpoints";
import type { Member } from "../api/types";
import { useErrorText } from "../lib/errors";
import { useLoader } from "../lib/useLoader";
import { RoleTags } from "./RoleTags";

/**
 * The active staff of a department. Roles the API does not let read the
 * member list (FORBIDDEN) simply get no card rather than an error.
 */
export function ColleaguesCard({ departmentId, selfId }: { departmentId: string; selfId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const members = useLoader(() => getDepartmentMembers(departmentId), [departmentId]);
  if (members.error?.code === "FORBIDDEN") return null;
  return (
    <Card title={t("home.colleagues")} data-testid="colleagues-card">
      <Table<Member>
        size="small"
        rowKey="id"
        pagination={false}
        loading={members.loading}
        dataSource={members.data ?? []}
        locale={{ emptyText: members.error ? errorText(members.error) : t("home.noColleagues") }}
        columns={[
          {
            title: t("profile.displayName"),
            dataIndex: "displayName",
            render: (value: string, m) => (
              <>
                {value}
                {m.id === selfId && (
                  <Tag color="blue" style={{ marginInlineStart: 8 }}>
                    {t("home.me")}
                  </Tag>
                )}
              </>
            ),
          },
          { title: t("profile.staffNo"), dataIndex: "staffNo", render: (v: string | null) => v ?? t("common.none") },
          { title: t("profile.roles"), dataIndex: "roles", render: (_, m) => <RoleTags roles={m.roles} /> },
        ]}
      />
    </Card>
  );
}
