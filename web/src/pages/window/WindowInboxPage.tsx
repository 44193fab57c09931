import { Button, Card, Flex, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { listInbox } from "../../api/endpoints";
import type { Case } from "../../api/types";
import { CaseStatusTag } from "../../components/CaseTags";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { formatDateTime } from "../../lib/format";
import { useLoader } from "../../lib/useLoader";

const PAGE_SIZE = 20;

/** /window: the single window's inbox (一窗受理) — cases to accept, waiting for the founder, or in review. */
export function WindowInboxPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(0);
  // One more than a page tells whether a next page exists (the list has no total).
  const result = useLoader(() => listInbox({ limit: PAGE_SIZE + 1, offset: page * PAGE_SIZE }), [page]);
  const items = (result.data ?? []).slice(0, PAGE_SIZE);
  const hasNext = (result.data?.length ?? 0) > PAGE_SIZE;

  if (result.error?.code === "FORBIDDEN") return <LoadError error={result.error} />;

  return (
    <section data-testid="window-inbox">
      <PageTitle extra={<Button onClick={result.reload}>{t("window.refresh")}</Button>}>{t("window.title")}</PageTitle>
      <Typography.Paragraph type="secondary">{t("window.intro")}</Typography.Paragraph>
      <Card>
        {result.error && <LoadError error={result.error} onRetry={result.reload} />}
        <Table<Case>
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
            { title: t("common.status"), dataIndex: "status", width: 120, render: (s: Case["status"]) => <CaseStatusTag status={s} /> },
            {
              title: t("window.materials"),
              key: "materials",
              width: 120,
              render: (_, c) => {
                const missing = c.materials.filter((m) => m.mandatory && !m.present).length;
                return missing > 0 ? <Typography.Text type="danger">{t("window.missingCount", { count: missing })}</Typography.Text> : <Typography.Text type="success">{t("window.complete")}</Typography.Text>;
              },
            },
            {
              title: t("common.actions"),
              key: "open",
              width: 110,
              render: (_, c) => <Link to={`/window/cases/${c.id}`}>{t(c.status === "submitted" ? "window.handle" : "window.open")}</Link>,
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
