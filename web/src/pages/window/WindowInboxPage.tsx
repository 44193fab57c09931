import { Button, Card, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { listInbox } from "../../api/endpoints";
import type { InboxCase } from "../../api/types";
import { CaseStatusTag } from "../../components/CaseTags";
import { CursorPager, useCursorPaging } from "../../components/CursorPager";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { formatDateTime } from "../../lib/format";
import { useLoader } from "../../lib/useLoader";

const PAGE_SIZE = 20;

/** /window: the single window's inbox (一窗受理) — cases to accept, waiting for the founder, or in review. */
export function WindowInboxPage() {
  const { t } = useTranslation();
  // Pages by cursor: the server answers the next page's cursor and, on the first page, the total (up to 1,000).
  const paging = useCursorPaging("inbox");
  const result = useLoader(() => listInbox({ limit: PAGE_SIZE, after: paging.after }), [paging.after]);
  const items = result.data?.items ?? [];

  if (result.error?.code === "FORBIDDEN") return <LoadError error={result.error} />;

  return (
    <section data-testid="window-inbox">
      <PageTitle extra={<Button onClick={result.reload}>{t("window.refresh")}</Button>}>{t("window.title")}</PageTitle>
      <Typography.Paragraph type="secondary">{t("window.intro")}</Typography.Paragraph>
      <Card>
        {result.error && <LoadError error={result.error} onRetry={result.reload} />}
        <Table<InboxCase>
          rowKey="id"
          size="middle"
          loading={result.loading}
          dataSource={items}
          pagination={false}
          scroll={{ x: 760 }}
          locale={{ emptyText: t("window.empty") }}
          columns={[
            { title: t("cases.number"), dataIndex: "number", width: 160 },
            {
              title: t("applications.company"),
              dataIndex: "companyName",
              render: (v: string | null) => v ?? <Typography.Text type="secondary">{t("applications.unnamed")}</Typography.Text>,
            },
            { title: t("applications.submitted"), dataIndex: "submittedAt", width: 180, render: (v: string) => formatDateTime(v) },
            { title: t("common.status"), dataIndex: "status", width: 120, render: (s: InboxCase["status"]) => <CaseStatusTag status={s} /> },
            {
              title: t("window.materials"),
              key: "materials",
              width: 120,
              render: (_, c) =>
                c.missingMaterials > 0 ? (
                  <Typography.Text type="danger">{t("window.missingCount", { count: c.missingMaterials })}</Typography.Text>
                ) : (
                  <Typography.Text type="success">{t("window.complete")}</Typography.Text>
                ),
            },
            {
              title: t("common.actions"),
              key: "open",
              width: 110,
              render: (_, c) => <Link to={`/window/cases/${c.id}`}>{t(c.status === "submitted" ? "window.handle" : "window.open")}</Link>,
            },
          ]}
        />
        <CursorPager paging={paging} info={result.data} loading={result.loading} testId="inbox-pager" />
      </Card>
    </section>
  );
}
