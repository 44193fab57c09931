import { FileExcelOutlined, FilePdfOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Descriptions, Flex, Skeleton, Table, Tabs, Tag, Typography } from "antd";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { departmentFormFileUrl, getDepartmentForm, getServiceItemForm } from "../../api/endpoints";
import type { DepartmentField } from "../../api/types";
import { ALL_DEPARTMENTS_ROLES, hasAnyRole } from "../../auth/access";
import { useUser } from "../../auth/AuthContext";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { useDepartmentLabel } from "../../components/ReductionReportTable";
import { formatDateTime } from "../../lib/format";
import { useLocalName, useLocalText } from "../../lib/locale";
import { COMPANY_SETUP_ITEM } from "../../lib/serviceItems";
import { useLoader } from "../../lib/useLoader";
import { useOrg } from "../../org/OrgContext";

/**
 * /registrations/:id: a submitted application as each department's own
 * legacy form. Reviewers and clerks see their department's; supervisors and
 * admins choose the department.
 */
export function DepartmentViewPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const org = useOrg();
  const localName = useLocalName();
  const departmentLabel = useDepartmentLabel();
  const seesAll = hasAnyRole(user.roles, ALL_DEPARTMENTS_ROLES);
  // The departments with a form for this service, in filing order (open data).
  const unified = useLoader(() => (seesAll ? getServiceItemForm(COMPANY_SETUP_ITEM) : Promise.resolve(undefined)), [seesAll]);
  const [chosen, setChosen] = useState<string>();

  const departments = unified.data?.forms.map((f) => f.department) ?? [];
  const own = org.data?.department(user.departmentId)?.code;
  const active = seesAll ? (chosen ?? departments[0]) : own;
  const nameOf = (code: string) => {
    const d = org.data?.departments.find((x) => x.code === code);
    return d ? localName(d) : departmentLabel(code);
  };

  let body: ReactNode;
  if (seesAll && unified.error) body = <LoadError error={unified.error} onRetry={unified.reload} />;
  else if (!org.data || (seesAll && !unified.data)) body = <Skeleton active paragraph={{ rows: 10 }} />;
  else if (!active) body = <Alert type="info" showIcon title={t("home.noDepartment")} />;
  else body = <DepartmentForm key={`${id}:${active}`} id={id} department={active} />;

  return (
    <section>
      <PageTitle extra={<Link to="/registrations">{t("registrations.backToList")}</Link>}>{t("deptView.title")}</PageTitle>
      {seesAll && departments.length > 0 && (
        <Tabs
          activeKey={active}
          onChange={setChosen}
          items={departments.map((code) => ({ key: code, label: `${nameOf(code)} · ${code}` }))}
          data-testid="department-tabs"
        />
      )}
      {body}
    </section>
  );
}

/** One department's legacy form of the application, in its own layout. */
function DepartmentForm({ id, department }: { id: string; department: string }) {
  const { t } = useTranslation();
  const text = useLocalText();
  const loaded = useLoader(() => getDepartmentForm(id, department), [id, department]);
  const view = loaded.data;

  if (loaded.error) {
    return (
      <div data-testid="department-view" data-department={department}>
        <LoadError error={loaded.error} onRetry={loaded.reload} />
      </div>
    );
  }
  if (!view) return <Skeleton active paragraph={{ rows: 10 }} />;

  const sections = groupBySection(view.fields);
  return (
    <div data-testid="department-view" data-department={department}>
      <Card style={{ marginBottom: 16 }}>
        <Flex justify="space-between" align="flex-start" gap={16} wrap>
          <div>
            <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
              {text(view.form.title)}
            </Typography.Title>
            <Typography.Text type="secondary">
              {t("deptView.formMeta", { code: view.form.code, version: view.form.version, count: view.fields.length })}
            </Typography.Text>
            <div style={{ marginTop: 8 }}>
              <Typography.Text>
                {t("applications.numberIs", { number: view.application.number })} · {t("applications.submittedAt", { time: formatDateTime(view.application.submittedAt) })}
              </Typography.Text>
            </div>
          </div>
          <Flex gap={8} wrap>
            <Button icon={<FileExcelOutlined aria-hidden />} href={departmentFormFileUrl(id, department, "xlsx")} download>
              {t("deptView.exportExcel")}
            </Button>
            <Button icon={<FilePdfOutlined aria-hidden />} href={departmentFormFileUrl(id, department, "pdf")} download>
              {t("deptView.printPdf")}
            </Button>
          </Flex>
        </Flex>
        <Flex gap={16} wrap style={{ marginTop: 12 }}>
          <Legend />
        </Flex>
      </Card>
      {sections.map(([section, fields]) => (
        <Card key={section} size="small" title={section} style={{ marginBottom: 16 }}>
          {segments(fields).map((seg) =>
            seg.rows ? (
              <RowsTable key={seg.fields[0]!.no} fields={seg.fields} />
            ) : (
              <Descriptions
                key={seg.fields[0]!.no}
                size="small"
                bordered
                column={{ xs: 1, lg: 2 }}
                style={{ marginBottom: 12 }}
                items={seg.fields.map((f) => ({
                  key: String(f.no),
                  label: <FieldLabel field={f} />,
                  children: <FieldValue field={f} />,
                }))}
              />
            ),
          )}
        </Card>
      ))}
    </div>
  );
}

/** The printed fields by printed section, in form order. */
function groupBySection(fields: readonly DepartmentField[]): [string, DepartmentField[]][] {
  const out = new Map<string, DepartmentField[]>();
  for (const f of [...fields].sort((a, b) => a.no - b.no)) out.set(f.section, [...(out.get(f.section) ?? []), f]);
  return [...out];
}

/** Runs of single fields and of table fields (one column per field, one line per row), in order. */
function segments(fields: readonly DepartmentField[]): { rows: boolean; fields: DepartmentField[] }[] {
  const out: { rows: boolean; fields: DepartmentField[] }[] = [];
  for (const f of fields) {
    const rows = f.rows !== null;
    const last = out.at(-1);
    if (last && last.rows === rows) last.fields.push(f);
    else out.push({ rows, fields: [f] });
  }
  return out;
}

function FieldLabel({ field }: { field: DepartmentField }) {
  return (
    <span style={{ color: field.applies ? undefined : "#6b7280" }}>
      <Typography.Text type="secondary" style={{ marginInlineEnd: 6 }}>
        {field.no}.
      </Typography.Text>
      {field.label}
    </span>
  );
}

/** What the department reads for a field: the value, or why there is none yet. */
function FieldValue({ field }: { field: Pick<DepartmentField, "source" | "applies" | "display" | "pending"> }) {
  const { t } = useTranslation();
  if (!field.applies) return <Typography.Text style={{ color: "#6b7280" }}>{t("deptView.notApplicable")}</Typography.Text>;
  const value = field.display ? <span>{field.display}</span> : null;
  const pending = field.pending ? <PendingTag source={field.source} pending={field.pending} /> : null;
  if (field.source === "derived") {
    return (
      <Flex gap={6} wrap align="center">
        {value ?? (!pending && <Typography.Text type="secondary">{t("common.none")}</Typography.Text>)}
        <Tag color="green">{t("deptView.derived")}</Tag>
        {pending}
      </Flex>
    );
  }
  if (pending) {
    return (
      <Flex gap={6} wrap align="center">
        {value}
        {pending}
      </Flex>
    );
  }
  return value ?? <Typography.Text type="secondary">{t("common.none")}</Typography.Text>;
}

/** "待核发" with the step that issues it, or "部门填写" for what the department fills in review. */
function PendingTag({ source, pending }: { source: string; pending: string }) {
  const { t } = useTranslation();
  if (source === "department" || pending === "department") return <Tag color="purple">{t("deptView.departmentFills")}</Tag>;
  const step = pending.split("(")[0] ?? pending;
  return (
    <>
      <Tag color="orange">{t("deptView.pending")}</Tag>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t(`deptView.steps.${step}`, { defaultValue: t("deptView.rule", { rule: pending }) })}
      </Typography.Text>
    </>
  );
}

/** Fields of a repeating block (shareholders, directors): a small table with one line per row. */
function RowsTable({ fields }: { fields: DepartmentField[] }) {
  const { t } = useTranslation();
  const count = Math.max(0, ...fields.map((f) => f.rows?.length ?? 0));
  const lines = Array.from({ length: count }, (_, i) => i);
  return (
    <Table<number>
      size="small"
      bordered
      pagination={false}
      rowKey={(i) => String(i)}
      scroll={{ x: true }}
      style={{ marginBottom: 12 }}
      dataSource={lines}
      locale={{ emptyText: t("deptView.noRows") }}
      columns={[
        { title: "#", key: "n", width: 44, render: (_v, i) => i + 1 },
        ...fields.map((f) => ({
          title: <FieldLabel field={f} />,
          key: String(f.no),
          render: (_v: unknown, i: number) => {
            const cell = f.rows?.[i];
            return cell ? <FieldValue field={{ source: f.source, applies: f.applies, display: cell.display, pending: cell.pending ?? null }} /> : null;
          },
        })),
      ]}
    />
  );
}

/** What the marks mean. */
function Legend() {
  const { t } = useTranslation();
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      <Tag color="green">{t("deptView.derived")}</Tag>
      {t("deptView.legendDerived")}　<Tag color="orange">{t("deptView.pending")}</Tag>
      {t("deptView.legendPending")}　<Tag color="purple">{t("deptView.departmentFills")}</Tag>
      {t("deptView.legendDepartment")}　<span style={{ color: "#6b7280" }}>{t("deptView.notApplicable")}</span>
      {" "}
      {t("deptView.legendNotApplicable")}
    </Typography.Text>
  );
}
