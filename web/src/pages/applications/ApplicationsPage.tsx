import { FileAddOutlined, FileSearchOutlined, ReadOutlined } from "@ant-design/icons";
import { App, Button, Card, Flex, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { createApplication, listApplications } from "../../api/endpoints";
import type { Application } from "../../api/types";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { useErrorText } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { COMPANY_SETUP_ITEM } from "../../lib/serviceItems";
import { useLoader } from "../../lib/useLoader";
import { MyCasesCard } from "../cases/MyCasesCard";

/** The founder's applications with the way to start one; on /applications and on the applicant's home. */
export function ApplicationsCard({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const list = useLoader(listApplications, []);
  const [creating, setCreating] = useState(false);

  const create = async () => {
    setCreating(true);
    try {
      const created = await createApplication(COMPANY_SETUP_ITEM);
      void message.success(t("applications.created", { number: created.number }));
      navigate(`/applications/${created.id}`);
    } catch (err) {
      void message.error(errorText(err));
      setCreating(false);
    }
  };

  const rows = [...(list.data ?? [])].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return (
    <Card
      title={t("applications.listTitle")}
      data-testid="my-applications"
      extra={
        <Button type="primary" icon={<FileAddOutlined aria-hidden />} loading={creating} onClick={() => void create()}>
          {t("applications.newCompany")}
        </Button>
      }
    >
      {list.error ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : (
        <Table<Application>
          rowKey="id"
          size={compact ? "small" : "middle"}
          loading={list.loading}
          dataSource={rows}
          pagination={rows.length > 10 ? { pageSize: 10 } : false}
          scroll={{ x: 640 }}
          locale={{ emptyText: t("applications.empty") }}
          columns={[
            { title: t("applications.number"), dataIndex: "number", width: 150 },
            {
              title: t("applications.company"),
              key: "company",
              render: (_, a) =>
                typeof a.data.values.name === "string" ? a.data.values.name : <Typography.Text type="secondary">{t("applications.unnamed")}</Typography.Text>,
            },
            {
              title: t("applications.status"),
              dataIndex: "status",
              width: 90,
              render: (s: Application["status"]) => <Tag color={s === "submitted" ? "green" : "blue"}>{t(s === "submitted" ? "applications.statusSubmitted" : "applications.statusDraft")}</Tag>,
            },
            { title: t("applications.updated"), dataIndex: "updatedAt", width: 170, render: (v: string) => formatDateTime(v) },
            {
              title: t("common.actions"),
              key: "open",
              width: 100,
              render: (_, a) => <Link to={`/applications/${a.id}`}>{t(a.status === "draft" ? "applications.continue" : "applications.view")}</Link>,
            },
          ]}
        />
      )}
      <Flex style={{ marginTop: 12 }} gap={16}>
        <Link to={`/guides/${COMPANY_SETUP_ITEM}`}>
          <ReadOutlined aria-hidden /> {t("guide.link")}
        </Link>
        <Link to={`/forms/${COMPANY_SETUP_ITEM}`}>
          <FileSearchOutlined aria-hidden /> {t("applications.openData")}
        </Link>
      </Flex>
    </Card>
  );
}

/** /applications: the founder's applications. */
export function ApplicationsPage() {
  const { t } = useTranslation();
  return (
    <section data-testid="applications-page">
      <PageTitle>{t("applications.title")}</PageTitle>
      <Typography.Paragraph type="secondary">{t("applications.intro")}</Typography.Paragraph>
      <ApplicationsCard />
      <MyCasesCard />
    </section>
  );
}
