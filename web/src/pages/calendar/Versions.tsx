import { Button, Descriptions, Drawer, Flex, Skeleton, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { getYearVersion, listYearVersions, type YearVersionRow } from "../../api/calendar";
import { LoadError } from "../../components/LoadError";
import { formatDateTime } from "../../lib/format";
import { useLoader } from "../../lib/useLoader";
import { NoticeDays } from "./NoticeEntry";
import { ChangesTable } from "./parts";

/** 历史版本: every saved version of a year, newest first; one opens with its source text (or file) and its changes. */
export function VersionsPanel({ year, round }: { year: number; round: number }) {
  const { t } = useTranslation();
  const list = useLoader(() => listYearVersions(year), [year, round]);
  const [open, setOpen] = useState<number | null>(null);
  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  return (
    <div data-testid="calendar-versions">
      <Table<YearVersionRow>
        size="small"
        rowKey="version"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        scroll={{ x: 860 }}
        locale={{ emptyText: t("calendar.versions.empty", { year }) }}
        onRow={(v) => ({ "data-testid": `version-row-${v.version}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t("calendar.versions.version"), dataIndex: "version", width: 90, render: (v: number) => t("calendar.versionN", { version: v }) },
          {
            title: t("calendar.versions.sourceColumn"),
            key: "source",
            width: 150,
            render: (_, v) => (
              <>
                {t(`calendar.versions.source.${v.source}`)}
                {v.fileName && (
                  <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }} ellipsis>
                    {v.fileName}
                  </Typography.Text>
                )}
              </>
            ),
          },
          { title: t("calendar.versions.holidays"), dataIndex: "holidays", width: 70, align: "right" },
          { title: t("calendar.versions.makeupDays"), dataIndex: "makeupDays", width: 90, align: "right" },
          { title: t("calendar.versions.changed"), dataIndex: "changed", width: 90, align: "right" },
          { title: t("calendar.versions.createdBy"), dataIndex: "createdBy", width: 140, render: (v: string | null) => v ?? "—" },
          { title: t("calendar.versions.createdAt"), dataIndex: "createdAt", width: 170, render: (v: string) => formatDateTime(v) },
          { title: t("calendar.versions.note"), dataIndex: "note", render: (v: string | null) => (v ? <span lang="zh-CN">{v}</span> : "—") },
          {
            title: t("common.actions"),
            key: "open",
            width: 80,
            render: (_, v) => (
              <Button type="link" size="small" onClick={() => setOpen(v.version)} data-testid={`version-open-${v.version}`}>
                {t("calendar.versions.open")}
              </Button>
            ),
          },
        ]}
      />
      <Drawer open={open !== null} onClose={() => setOpen(null)} size={760} title={open !== null ? t("calendar.versions.detail", { year, version: open }) : undefined} destroyOnHidden>
        {open !== null && <VersionDetail year={year} version={open} />}
      </Drawer>
    </div>
  );
}

function VersionDetail({ year, version }: { year: number; version: number }) {
  const { t } = useTranslation();
  const loaded = useLoader(() => getYearVersion(year, version), [year, version]);
  const v = loaded.data;
  if (loaded.error) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  if (!v || v.version !== version) return <Skeleton active />;
  return (
    <Flex vertical gap={16} data-testid="version-detail" data-version={v.version}>
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: "source", label: t("calendar.versions.sourceColumn"), children: t(`calendar.versions.source.${v.source}`) },
          ...(v.fileName ? [{ key: "file", label: t("calendar.versions.fileName"), children: v.fileName }] : []),
          { key: "by", label: t("calendar.versions.createdBy"), children: v.createdBy ?? "—" },
          { key: "at", label: t("calendar.versions.createdAt"), children: formatDateTime(v.createdAt) },
          ...(v.note ? [{ key: "note", label: t("calendar.versions.note"), children: <span lang="zh-CN">{v.note}</span> }] : []),
        ]}
      />
      <div>
        <Typography.Title level={3} style={{ fontSize: 15 }}>
          {v.version > 1 ? t("calendar.diff.versionTitle", { count: v.changes.length }) : t("calendar.diff.firstVersionTitle", { count: v.changes.length })}
        </Typography.Title>
        {v.changes.length === 0 ? (
          <Typography.Text type="secondary">{t("calendar.diff.noneVersion")}</Typography.Text>
        ) : (
          <ChangesTable changes={v.changes} beforeLabel={t("calendar.diff.versionBefore")} afterLabel={t("calendar.diff.versionAfter")} testId="version-changes" />
        )}
      </div>
      <div>
        <Typography.Title level={3} style={{ fontSize: 15 }}>
          {t("calendar.versions.sourceText")}
        </Typography.Title>
        {v.sourceText ? (
          <pre
            data-testid="version-source-text"
            lang="zh-CN"
            style={{ whiteSpace: "pre-wrap", wordBreak: "break-word", maxHeight: 360, overflow: "auto", background: "#f8fafc", border: "1px solid #e5e7eb", borderRadius: 6, padding: 12, margin: 0, fontFamily: "inherit" }}
          >
            {v.sourceText}
          </pre>
        ) : (
          <Typography.Text type="secondary">{t("calendar.versions.noSourceText")}</Typography.Text>
        )}
      </div>
      <div>
        <Typography.Title level={3} style={{ fontSize: 15 }}>
          {t("calendar.versions.days", { count: v.days.length })}
        </Typography.Title>
        <NoticeDays days={v.days} testId="version-days" />
      </div>
    </Flex>
  );
}
