import { ArrowLeftOutlined, DownloadOutlined } from "@ant-design/icons";
import { Button, Flex, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { getRecords, recordsExcelUrl, type RecordKind } from "../../api/dashboard";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { useLocale } from "../../lib/locale";
import { useLoader } from "../../lib/useLoader";
import { useOrg } from "../../org/OrgContext";
import { NotFoundPage } from "../NotFoundPage";
import { useDashboardQuery } from "./DashboardPage";

const KINDS: readonly RecordKind[] = ["cases", "events", "teams", "tickets", "broadcasts"];
const PAGE = 50;

/** /dashboard/records/:kind: every record behind a figure of the dashboard, for its period and department, and the same as Excel. */
export function RecordsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { kind } = useParams();
  const [q] = useDashboardQuery();
  const [page, setPage] = useState(1);
  const org = useOrg();
  const dept = q.department ? org.data?.department(q.department) : undefined;
  const scope = !q.department ? t("dashboard.allDepartments") : dept ? (locale === "en" ? dept.nameEn : dept.nameZh) : q.department;
  const valid = KINDS.includes(kind as RecordKind);
  const loaded = useLoader(() => (valid ? getRecords(kind as RecordKind, { ...q, limit: PAGE, offset: (page - 1) * PAGE }) : Promise.resolve(null)), [kind, q.from, q.to, q.department, page]);
  if (!valid) return <NotFoundPage />;
  const table = loaded.data;
  const back = `/dashboard?${new URLSearchParams(Object.entries(q).filter(([, v]) => v) as [string, string][]).toString()}`;
  return (
    <section data-testid="records-page">
      <PageTitle
        extra={
          <Flex gap={8}>
            <Link to={back}>
              <ArrowLeftOutlined aria-hidden /> {t("dashboard.recordsBack")}
            </Link>
            <Button icon={<DownloadOutlined aria-hidden />} href={recordsExcelUrl(kind as RecordKind, q)} data-testid="records-excel">
              {t("dashboard.exportExcel")}
            </Button>
          </Flex>
        }
      >
        {t(`dashboard.kinds.${kind}`)}
      </PageTitle>
      <Typography.Paragraph type="secondary" data-testid="records-scope">
        {q.from} – {q.to} · {t("dashboard.department")}：{scope}
        {table ? ` · ${t("dashboard.total", { n: table.total })}` : ""}
        {table?.totals ? ` · ${Object.entries(table.totals).map(([k, v]) => `${(locale === "en" ? table.columns.find((c) => c.key === k)?.en : table.columns.find((c) => c.key === k)?.zh) ?? k} ${v}`).join(" · ")}` : ""}
      </Typography.Paragraph>
      {loaded.error && <LoadError error={loaded.error} onRetry={loaded.reload} />}
      <Table
        size="small"
        loading={loaded.loading}
        rowKey={(_, i) => String(i)}
        dataSource={table?.rows ?? []}
        scroll={{ x: 1100 }}
        pagination={{ current: page, pageSize: PAGE, total: table?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={(table?.columns ?? []).map((c) => ({
          title: locale === "en" ? c.en : c.zh,
          dataIndex: c.key,
          key: c.key,
          width: c.width * 8,
          ellipsis: c.width >= 30,
          // Coded values (状态, 渠道 …) in English when English is on; names and places as written.
          render: locale === "en" && c.valuesEn ? (v: string | number | null) => (v === null ? v : (c.valuesEn![String(v)] ?? v)) : undefined,
        }))}
        data-testid="records-table"
      />
    </section>
  );
}
