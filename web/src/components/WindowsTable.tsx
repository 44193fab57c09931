import { Table, Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { ServiceWindow } from "../api/types";
import { useLocalName } from "../lib/locale";

/** A department's service windows, read-only. */
export function WindowsTable({ windows }: { windows: ServiceWindow[] }) {
  const { t } = useTranslation();
  const name = useLocalName();
  return (
    <Table<ServiceWindow>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={windows}
      locale={{ emptyText: t("home.noWindows") }}
      columns={[
        { title: t("org.number"), dataIndex: "number", width: 100 },
        { title: t("org.windowName"), key: "name", render: (_, w) => name(w) },
        {
          title: t("common.status"),
          dataIndex: "active",
          width: 90,
          render: (active: boolean) => (active ? <Tag color="green">{t("common.active")}</Tag> : <Tag>{t("common.inactive")}</Tag>),
        },
      ]}
    />
  );
}
