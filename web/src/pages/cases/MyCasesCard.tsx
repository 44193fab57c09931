import { Button, Card, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { listMyCases } from "../../api/endpoints";
import type { Case } from "../../api/types";
import { CaseStatusTag } from "../../components/CaseTags";
import { LoadError } from "../../components/LoadError";
import { formatDateTime } from "../../lib/format";
import { useLoader } from "../../lib/useLoader";

/** The founder's cases (办件), newest first, each with the way to its tracking page. */
export function MyCasesCard({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const list = useLoader(listMyCases, []);
  const rows = [...(list.data ?? [])].sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
  return (
    <Card title={t("cases.mine")} data-testid="my-cases" style={{ marginTop: 16 }}>
      {list.error ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : (
        <Table<Case>
          rowKey="id"
          size={compact ? "small" : "middle"}
          loading={list.loading}
          dataSource={rows}
          pagination={rows.length > 10 ? { pageSize: 10 } : false}
          scroll={{ x: 640 }}
          locale={{ emptyText: t("cases.mineEmpty") }}
          columns={[
            { title: t("cases.number"), dataIndex: "number", width: 150 },
            {
              title: t("applications.company"),
              dataIndex: "companyName",
              render: (v: string | null) => v ?? <Typography.Text type="secondary">{t("applications.unnamed")}</Typography.Text>,
            },
            { title: t("common.status"), dataIndex: "status", width: 110, render: (s: Case["status"]) => <CaseStatusTag status={s} /> },
            { title: t("applications.submitted"), dataIndex: "submittedAt", width: 170, render: (v: string) => formatDateTime(v) },
            {
              title: t("common.actions"),
              key: "open",
              width: 120,
              render: (_, c) => <Link to={`/cases/${c.id}`}>{t(c.status === "awaiting_supplement" ? "cases.answerNotice" : "cases.track")}</Link>,
            },
          ]}
        />
      )}
    </Card>
  );
}

/** The link from a submitted application to its case, once the case is found. */
export function CaseLinkButton({ applicationId }: { applicationId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useLoader(listMyCases, [applicationId]);
  const kase = list.data?.find((c) => c.applicationId === applicationId);
  if (!kase) return null;
  return (
    <Button type="primary" data-testid="case-link" onClick={() => navigate(`/cases/${kase.id}`)}>
      {t("cases.trackNumber", { number: kase.number })}
    </Button>
  );
}
