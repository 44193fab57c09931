import { Button, Card, Flex, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { listSubmittedApplications } from "../../api/endpoints";
import type { SubmittedApplication } from "../../api/types";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { formatDateTime } from "../../lib/format";
import { useLoader } from "../../lib/useLoader";

const PAGE_SIZE = 20;

/** /registrations: submitted company set-up applications, newest first; opening one shows the department's own form. */
export function RegistrationsPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(0);
  // One more than a page tells whether a next page exists (the list has no total).
  const result = useLoader(() => listSubmittedApplications({ limit: PAGE_SIZE + 1, offset: page * PAGE_SIZE }), [page]);
  const items = (result.data ?? []).slice(0, PAGE_SIZE);
  const hasNext = (result.data?.length ?? 0) > PAGE_SIZE;

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
        {(page > 0 || hasNext) && (
          <Flex justify="flex-end" gap={8} style={{ marginTop: 12 }}>
            <Button disabled={page === 0 || result.loading} onClick={() => setPage((p) => p - 1)}>
              {t("registrations.previous")}
            </Button>
            <Button disabled={!hasNext || result.loading} onClick={() => setPage((p) => p + 1)}>
              {t("registrations.next")}
            </Button>
          </Flex>
        )}
      </Card>
    </section>
  );
}
