import { Card, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { DeadlineChange } from "../api/calendar";
import { formatDateTime } from "../lib/format";
import { ProvisionalTag } from "./ProvisionalTag";

/** A due value as stored: a date stays a date, an instant shows in Asia/Shanghai to the minute. */
function dueText(value: string | null): string {
  if (!value) return "—";
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : formatDateTime(value).slice(0, 16);
}

/**
 * 期限调整记录: the due dates of a case or ticket moved by calendar changes (a year entered, a
 * closure), oldest first; nothing when none moved.
 */
export function DeadlineChangesCard({ changes }: { changes: readonly DeadlineChange[] | undefined }) {
  const { t } = useTranslation();
  if (!changes?.length) return null;
  return (
    <Card size="small" title={t("calendar.changes.title")} data-testid="deadline-changes">
      <Table<DeadlineChange>
        size="small"
        rowKey={(c) => `${c.revision}|${c.label}|${c.field}|${c.at}`}
        pagination={false}
        dataSource={[...changes]}
        scroll={{ x: 560 }}
        onRow={(c) => ({ "data-testid": `deadline-change-${c.revision}-${c.field}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t("calendar.changes.at"), dataIndex: "at", width: 160, render: (v: string) => formatDateTime(v).slice(0, 16) },
          { title: t("calendar.changes.item"), dataIndex: "label", render: (v: string) => <span lang="zh-CN">{v}</span> },
          {
            title: t("calendar.changes.change"),
            key: "change",
            width: 260,
            render: (_, c) => (
              <>
                <Typography.Text delete type="secondary">
                  {dueText(c.before)}
                </Typography.Text>{" "}
                → <Typography.Text strong>{dueText(c.after)}</Typography.Text>
                <ProvisionalTag show={c.provisional} />
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}
