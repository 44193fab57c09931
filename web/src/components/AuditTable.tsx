import { Table, Tag, Tooltip, Typography } from "antd";
import type { TablePaginationConfig } from "antd";
import { useTranslation } from "react-i18next";
import type { AuditEntry } from "../api/types";
import { compactJson, formatDateTime } from "../lib/format";

/** Tag colours that make failures and locks stand out in a long log. */
const ACTION_COLOURS: Record<string, string> = {
  login: "cyan",
  "login.failed": "orange",
  "account.locked": "red",
  "password.change": "purple",
  create: "green",
  update: "blue",
};

/** Audit entries; `compact` drops the less-used columns for the supervisor's home. */
export function AuditTable({
  entries,
  loading,
  compact = false,
  pagination = false,
}: {
  entries: AuditEntry[];
  loading: boolean;
  compact?: boolean;
  pagination?: TablePaginationConfig | false;
}) {
  const { t } = useTranslation();
  const none = t("common.none");
  const columns = [
    { title: t("audit.time"), dataIndex: "at", key: "at", width: 170, render: (at: string) => <span style={{ whiteSpace: "nowrap" }}>{formatDateTime(at)}</span> },
    {
      title: t("audit.actor"),
      key: "actor",
      width: 180,
      render: (_: unknown, e: AuditEntry) => <span style={{ whiteSpace: "nowrap" }}>{e.actorName ?? e.actorId ?? none}</span>,
    },
    {
      title: t("audit.action"),
      dataIndex: "action",
      key: "action",
      width: 120,
      render: (a: string) => <Tag color={ACTION_COLOURS[a]}>{t(`audit.actions.${a}`, { defaultValue: a })}</Tag>,
    },
    { title: t("audit.entity"), dataIndex: "entity", key: "entity", width: 100, render: (e: string) => t(`audit.entities.${e}`, { defaultValue: e }) },
    {
      title: t("audit.entityId"),
      dataIndex: "entityId",
      key: "entityId",
      width: 120,
      render: (id: string | null) =>
        id ? (
          <Tooltip title={id}>
            <Typography.Text code style={{ whiteSpace: "nowrap" }}>
              {id.slice(0, 8)}
            </Typography.Text>
          </Tooltip>
        ) : (
          none
        ),
    },
    { title: t("audit.ip"), dataIndex: "ip", key: "ip", width: 130, render: (ip: string | null) => ip ?? none },
    {
      title: t("audit.detail"),
      dataIndex: "detail",
      key: "detail",
      render: (d: AuditEntry["detail"]) =>
        d ? (
          <Typography.Text code ellipsis={{ tooltip: compactJson(d) }} style={{ maxWidth: compact ? 260 : 420, fontSize: 12 }}>
            {compactJson(d)}
          </Typography.Text>
        ) : (
          none
        ),
    },
  ];
  const shown = compact ? columns.filter((c) => c.key !== "entityId" && c.key !== "ip") : columns;
  return (
    <Table<AuditEntry>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={entries}
      columns={shown}
      pagination={pagination}
      scroll={{ x: compact ? undefined : 1000 }}
    />
  );
}
