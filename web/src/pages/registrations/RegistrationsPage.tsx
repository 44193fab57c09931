import { Card, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { listSubmittedApplications } from "../../api/endpoints";
import type { SubmittedApplication } from "../../api/types";
import { CursorPager, useCursorPaging } from "../../components/CursorPager";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { formatDateTime } from "../../lib/format";
import { useLoader } from "../../lib/useLoader";

const PAGE_SIZE = 20;

/** /registrations: submitted company set-up applications, newest first; opening one shows the department's own form. */
export function RegistrationsPage() {
  const { t } = useTranslation();
  // Pages by cursor: the server answers the next page's cursor and, on the first page, the total (up to 1,000).
  const paging = useCursorPaging("submitted");
  const result = useLoader(() => listSubmittedApplications({ limit: PAGE_SIZE, after: paging.after }), [paging.after]);
  const items = result.data?.items ?? [];

  if (result.error?.code === "FORBIDDEN") return <LoadError error={result.error} />;

  return (
    <section data-testid="registrations-page">
      <PageTitle>{t("registrations.title")}</PageTitle>
      <Typography.Paragraph type="secondary">{t("registrations.intro")}</Typography.Paragraph>
      <Card>
        {result.error && <LoadError error={result.error} onRetry={result.reload} />}
        <Table<SubmittedApplication>
          rowKey="id"
          size="middle"
          loading={result.loading}
          dataSource={items}
          pagination={false}
          scroll={{ x: 720 }}
          locale={{ emptyText: t("registrations.empty") }}
          columns={[
            { title: t("applications.number"), dataIndex: "number", width: 160 },
            {
              title: t("applications.company"),
              dataIndex: "companyName",
              render: (v: unknown) => (typeof v === "string" ? v : <Typography.Text type="secondary">{t("applications.unnamed")}</Typography.Text>),
            },
            { title: t("registrations.applicant"), dataIndex: "applicantName", width: 120 },
            { title: t("applications.submitted"), dataIndex: "submittedAt", width: 180, render: (v: string | null) => formatDateTime(v) },
            {
              title: t("common.actions"),
              key: "open",
              width: 110,
              render: (_, a) => <Link to={`/registrations/${a.id}`}>{t("registrations.open")}</Link>,
            },
          ]}
        />
        <CursorPager paging={paging} info={result.data} loading={result.loading} testId="registrations-pager" />
      </Card>
    </section>
  );
}
