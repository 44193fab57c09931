import { CONDITIONS } from "@yichuang/core";
import { Card, Col, Collapse, Empty, Row, Skeleton, Statistic, Table, Tag, Typography, theme } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { getServiceItemForm } from "../../api/endpoints";
import type { ElementSource, FormControl, FormSection } from "../../api/types";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { ReductionHeadline, ReductionReportTable, useDepartmentLabel } from "../../components/ReductionReportTable";
import { PublicFrame } from "../../layout/PublicFrame";
import { useLocalText as useText, useLocale } from "../../lib/locale";
import { useLoader } from "../../lib/useLoader";

const ORIGIN_COLORS: Record<ElementSource["origin"], string> = { applicant: "blue", derived: "green", issued: "orange", department: "purple" };

/** /forms/:code (public): the unified form of a service item, read-only, and how it reduces the departments' forms. */
export function OpenFormPage() {
  const { code = "" } = useParams();
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const locale = useLocale();
  const loaded = useLoader(() => getServiceItemForm(code), [code]);
  const form = loaded.data;

  return (
    <PublicFrame>
      <section data-testid="open-form">
        {loaded.error ? (
          <LoadError error={loaded.error} onRetry={loaded.reload} />
        ) : !form ? (
          <Skeleton active paragraph={{ rows: 10 }} />
        ) : (
          <>
            <PageTitle extra={<Tag color="blue">{t("openForm.openData")}</Tag>}>
              {t("openForm.title", { name: locale === "en" ? form.serviceItem.nameEn : form.serviceItem.name })}
            </PageTitle>
            <Typography.Paragraph type="secondary">{t("openForm.intro")}</Typography.Paragraph>

            <Card style={{ marginBottom: 16 }} title={t("openForm.figuresTitle")}>
              <ReductionHeadline report={form.report} formCount={form.forms.length} />
              <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
                {(
                  [
                    ["legacy", form.report.legacyFieldCount],
                    ["asked", form.report.askedFieldCount],
                    ["required", form.report.requiredFieldCount],
                    ["distinct", form.report.distinctElementCount],
                    ["derived", form.report.derivedElementCount],
                    ["issued", form.report.issuedElementCount],
                    ["department", form.report.departmentElementCount],
                    ["conditional", form.report.conditionalElementCount],
                  ] as const
                ).map(([k, v]) => (
                  <Col key={k} xs={12} md={6} lg={3}>
                    <Statistic title={t(`openForm.stats.${k}`)} value={v} />
                  </Col>
                ))}
              </Row>
            </Card>

            <Card style={{ marginBottom: 16 }} title={t("openForm.reportTitle")}>
              <ReductionReportTable report={form.report} forms={form.forms} />
              <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: token.fontSizeSM }}>
                {t("openForm.reportNote", { asked: form.report.askedFieldCount })}
              </Typography.Paragraph>
            </Card>

            <Typography.Title level={2} style={{ fontSize: token.fontSizeLG + 2, margin: "24px 0 12px" }}>
              {t("openForm.sectionsTitle")}
            </Typography.Title>
            {form.sections.map((s) => (
              <SectionCard key={s.block.key} section={s} />
            ))}

            <Collapse
              style={{ marginTop: 16, background: "#fff" }}
              items={[
                {
                  key: "elements",
                  label: t("openForm.elementsTitle", { count: form.elements.length }),
                  children: <ElementsTable elements={form.elements} />,
                },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
              {t("openForm.applyHint")} <Link to="/applications" style={{ textDecoration: "underline" }}>{t("openForm.applyLink")}</Link>
            </Typography.Paragraph>
          </>
        )}
      </section>
    </PublicFrame>
  );
}

/** Conditions as readable tags. */
function Conditions({ when }: { when: readonly string[] }) {
  const locale = useLocale();
  const { t } = useTranslation();
  if (when.length === 0) return <Typography.Text type="secondary">{t("openForm.always")}</Typography.Text>;
  return (
    <>
      {when.map((c) => (
        <Tag key={c} color="gold">
          {CONDITIONS[c] ? (locale === "en" ? CONDITIONS[c].en : CONDITIONS[c].zh) : c}
        </Tag>
      ))}
    </>
  );
}

/** One section of the unified form: its controls, read-only. */
function SectionCard({ section }: { section: FormSection }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const text = useText();
  const departmentLabel = useDepartmentLabel();
  const kind = t(`openForm.blockKind.${section.block.kind}`);
  const rowsNote =
    section.block.kind === "repeating" ? t("openForm.rows", { min: section.block.minRows ?? 0, max: section.block.maxRows ?? "—" }) : "";
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      title={
        <span>
          {text(section.block.title)} <Tag style={{ marginInlineStart: 8, fontWeight: 400 }}>{kind}</Tag>
          {section.when.length > 0 && <Conditions when={section.when} />}
        </span>
      }
      extra={<Typography.Text type="secondary">{t("openForm.controlCount", { count: section.controls.length })}{rowsNote && ` · ${rowsNote}`}</Typography.Text>}
      data-testid={`open-section-${section.block.key}`}
    >
      {section.block.help && <Typography.Paragraph type="secondary">{text(section.block.help)}</Typography.Paragraph>}
      <Table<FormControl>
        size="small"
        rowKey="key"
        pagination={false}
        scroll={{ x: 760 }}
        dataSource={section.controls}
        columns={[
          { title: "#", key: "n", width: 44, render: (_v, _c, i) => i + 1 },
          {
            title: t("openForm.control"),
            key: "label",
            render: (_, c) => (
              <div>
                {c.elements.map((e) => (
                  <div key={e.key}>
                    {text(e.label)}
                    {e.help && (
                      <Typography.Text type="secondary" style={{ display: "block", fontSize: token.fontSizeSM }}>
                        {text(e.help)}
                      </Typography.Text>
                    )}
                  </div>
                ))}
              </div>
            ),
          },
          {
            title: t("openForm.type"),
            key: "type",
            width: 150,
            render: (_, c) => c.elements.map((e) => t(`elementTypes.${e.type}`, { defaultValue: e.type })).join(" + "),
          },
          {
            title: t("openForm.required"),
            key: "required",
            width: 80,
            render: (_, c) => (c.optional ? <Tag>{t("openForm.optional")}</Tag> : <Tag color="red">{t("openForm.mandatory")}</Tag>),
          },
          { title: t("openForm.when"), key: "when", width: 160, render: (_, c) => <Conditions when={c.when} /> },
          {
            title: t("openForm.usedBy"),
            key: "departments",
            width: 220,
            render: (_, c) => c.departments.map((d) => <Tag key={d}>{departmentLabel(d)}</Tag>),
          },
        ]}
      />
    </Card>
  );
}

/** Every data element of the departments' forms and how the platform obtains it. */
function ElementsTable({ elements }: { elements: readonly ElementSource[] }) {
  const { t } = useTranslation();
  const text = useText();
  const departmentLabel = useDepartmentLabel();
  if (elements.length === 0) return <Empty />;
  return (
    <Table<ElementSource>
      size="small"
      rowKey="key"
      dataSource={[...elements]}
      pagination={{ pageSize: 20, showSizeChanger: false }}
      scroll={{ x: 760 }}
      columns={[
        { title: t("openForm.element"), key: "label", render: (_, e) => text(e.label) },
        { title: t("openForm.elementKey"), dataIndex: "key", width: 150, render: (k: string) => <Typography.Text code>{k}</Typography.Text> },
        {
          title: t("openForm.origin"),
          dataIndex: "origin",
          width: 120,
          filters: (["applicant", "derived", "issued", "department"] as const).map((o) => ({ text: t(`openForm.origins.${o}`), value: o })),
          onFilter: (v, e) => e.origin === v,
          render: (o: ElementSource["origin"]) => <Tag color={ORIGIN_COLORS[o]}>{t(`openForm.origins.${o}`)}</Tag>,
        },
        { title: t("openForm.rule"), dataIndex: "rule", width: 200, render: (r: string | null) => (r ? <Typography.Text code>{r}</Typography.Text> : "—") },
        { title: t("openForm.when"), key: "when", width: 150, render: (_, e) => <Conditions when={e.when} /> },
        { title: t("openForm.usedBy"), key: "departments", width: 200, render: (_, e) => e.departments.map((d) => <Tag key={d}>{departmentLabel(d)}</Tag>) },
      ]}
    />
  );
}
