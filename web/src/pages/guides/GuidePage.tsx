import { Card, Descriptions, Skeleton, Statistic, Table, Tag, Typography, Row, Col } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { getServiceGuide, type ServiceGuide } from "../../api/endpoints";
import { useDepartmentLabel } from "../../components/ReductionReportTable";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { PublicFrame } from "../../layout/PublicFrame";
import { useLocalText as useText } from "../../lib/locale";
import { useLoader } from "../../lib/useLoader";

/** /guides/:code (public): the service guide, so a question is answered fully the first time. */
export function GuidePage() {
  const { code = "" } = useParams();
  const { t } = useTranslation();
  const text = useText();
  const departmentLabel = useDepartmentLabel();
  const loaded = useLoader(() => getServiceGuide(code), [code]);
  const g = loaded.data;

  return (
    <PublicFrame>
      <section data-testid="service-guide">
        {loaded.error ? (
          <LoadError error={loaded.error} onRetry={loaded.reload} />
        ) : !g ? (
          <Skeleton active paragraph={{ rows: 10 }} />
        ) : (
          <>
            <PageTitle extra={<Link to={`/forms/${g.serviceItem}`}>{t("guide.openForm")}</Link>}>{text(g.title)}</PageTitle>
            <Typography.Paragraph>{text(g.applicability)}</Typography.Paragraph>

            <Card style={{ marginBottom: 16 }} title={t("guide.timeTitle")}>
              <Row gutter={16}>
                <Col xs={24} md={8}>
                  <Statistic title={t("guide.promised")} value={g.timeLimits.promisedDays} suffix={t("guide.workingDays")} />
                </Col>
                <Col xs={24} md={8}>
                  <Statistic title={t("guide.legal")} value={g.timeLimits.legalDays} suffix={t("guide.workingDays")} />
                </Col>
                <Col xs={24} md={8}>
                  <Statistic title={t("guide.sequential")} value={g.timeLimits.sequentialLegalDays} suffix={t("guide.workingDays")} />
                </Col>
              </Row>
              <Table
                style={{ marginTop: 16 }}
                size="small"
                pagination={false}
                rowKey="department"
                dataSource={g.departments}
                columns={[
                  { title: t("guide.department"), dataIndex: "department", render: (d: string) => departmentLabel(d) },
                  { title: t("guide.task"), dataIndex: "task", render: (v: ServiceGuide["departments"][number]["task"]) => text(v) },
                  { title: t("guide.legal"), dataIndex: "legalDays", align: "right", render: (n: number) => t("guide.days", { n }) },
                  { title: t("guide.promised"), dataIndex: "promisedDays", align: "right", render: (n: number) => t("guide.days", { n }) },
                ]}
              />
            </Card>

            <Card style={{ marginBottom: 16 }} title={t("guide.materialsTitle")}>
              <Table
                size="small"
                pagination={false}
                rowKey="code"
                dataSource={g.materials}
                columns={[
                  { title: "#", dataIndex: "code", width: 60 },
                  {
                    title: t("guide.material"),
                    dataIndex: "name",
                    render: (_: unknown, m: ServiceGuide["materials"][number]) => (
                      <>
                        <div>{text(m.name)}</div>
                        {m.note && <Typography.Text type="secondary">{text(m.note)}</Typography.Text>}
                        {m.when && <Typography.Text type="secondary">{text(m.when)}</Typography.Text>}
                      </>
                    ),
                  },
                  { title: t("guide.form"), dataIndex: "form", width: 110, render: (f: string) => t(`guide.forms.${f}`) },
                  { title: t("guide.copies"), dataIndex: "copies", width: 80, align: "right" },
                  {
                    title: t("guide.required"),
                    width: 140,
                    render: (_: unknown, m: ServiceGuide["materials"][number]) =>
                      m.generated ? <Tag color="green">{t("guide.generated")}</Tag> : m.mandatory ? <Tag color="red">{t("guide.mandatory")}</Tag> : <Tag>{t("guide.conditional")}</Tag>,
                  },
                ]}
              />
            </Card>

            <Card title={t("guide.moreTitle")}>
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t("guide.fees")}>
                  {g.fees.map((f) => `${text(f.name)}：${f.amountYuan === 0 ? t("guide.free") : `${f.amountYuan} 元`}`).join("；")}
                </Descriptions.Item>
                <Descriptions.Item label={t("guide.window")}>{text(g.window)}</Descriptions.Item>
                <Descriptions.Item label={t("guide.contact")}>{g.contact}</Descriptions.Item>
                <Descriptions.Item label={t("guide.basis")}>{g.basis.join("；")}</Descriptions.Item>
              </Descriptions>
            </Card>
          </>
        )}
      </section>
    </PublicFrame>
  );
}
