import { Alert, Button, Card, Col, Flex, Row, Segmented, Select, Skeleton, Table, Tag, Typography } from "antd";
import { useState, type HTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { listDepartmentTasks } from "../../api/endpoints";
import type { DepartmentTask } from "../../api/types";
import { useUser } from "../../auth/AuthContext";
import { AutoTag, CaseStatusTag, LightTag, TaskStatusTag } from "../../components/CaseTags";
import { CursorPager, useCursorPaging } from "../../components/CursorPager";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { REVIEW_DEPARTMENTS } from "../../lib/autoRules";
import { useLoader } from "../../lib/useLoader";
import { useDepartmentName } from "../../org/departments";
import { useOrg } from "../../org/OrgContext";
import { AutoRulesCard } from "./AutoRulesCard";
import { useReviewDepartment } from "./useReviewDepartment";
import { ProvisionalTag } from "../../components/ProvisionalTag";

const PAGE_SIZE = 20;

/** /tasks: a department's parallel review tasks (并联审批) with deadlines and lights, and its auto rules. */
export function TasksPage() {
  const { t } = useTranslation();
  const user = useUser();
  const org = useOrg();
  const departmentName = useDepartmentName();
  const { department, seesAll, choose } = useReviewDepartment();
  const [scope, setScope] = useState<"open" | "all">("open");
  // Soonest deadline first, a page at a time by cursor (a new department or scope starts at the first page).
  const paging = useCursorPaging(`${department ?? ""}|${scope}`);
  const list = useLoader(
    () => (department ? listDepartmentTasks(department, { status: scope, limit: PAGE_SIZE, after: paging.after }) : Promise.resolve(undefined)),
    [department, scope, paging.after],
  );

  if (!org.data) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (!department) return <Alert type="info" showIcon title={t("home.noDepartment")} />;
  if (list.error?.code === "FORBIDDEN") return <LoadError error={list.error} />;

  const rows = list.data?.items ?? [];
  const rulesEditable = user.roles.includes("admin") || user.roles.includes("reviewer");
  // Only the department's own reviewers decide; the others open tasks to read.
  const decides = user.roles.includes("reviewer") && !seesAll;
  const query = seesAll ? `?department=${department}` : "";

  return (
    <section data-testid="tasks-page" data-department={department}>
      <PageTitle
        extra={
          <Flex gap={8} align="center" wrap>
            {seesAll && (
              <Select
                value={department}
                onChange={choose}
                style={{ width: 200 }}
                aria-label={t("guide.department")}
                options={REVIEW_DEPARTMENTS.map((d) => ({ value: d, label: departmentName(d) }))}
              />
            )}
            <Button onClick={list.reload}>{t("window.refresh")}</Button>
          </Flex>
        }
      >
        {t("tasks.title", { department: departmentName(department) })}
      </PageTitle>
      <Typography.Paragraph type="secondary">{t("tasks.intro")}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={17}>
          <Card
            title={t(scope === "open" ? "tasks.openTitle" : "tasks.allTitle")}
            extra={
              <Segmented<"open" | "all">
                value={scope}
                onChange={setScope}
                options={[
                  { value: "open", label: t("tasks.scopeOpen") },
                  { value: "all", label: t("tasks.scopeAll") },
                ]}
              />
            }
          >
            {list.error && <LoadError error={list.error} onRetry={list.reload} />}
            <Table<DepartmentTask>
              rowKey="id"
              size="middle"
              loading={list.loading}
              dataSource={rows}
              pagination={false}
              scroll={{ x: 760 }}
              locale={{ emptyText: t(scope === "open" ? "tasks.emptyOpen" : "tasks.empty") }}
              onRow={(task) => ({ "data-testid": `task-row-${task.caseNumber}` }) as HTMLAttributes<HTMLElement>}
              columns={[
                { title: t("cases.number"), dataIndex: "caseNumber", width: 150 },
                {
                  title: t("common.status"),
                  key: "status",
                  render: (_, task) => (
                    <Flex gap={4} wrap>
                      <TaskStatusTag status={task.status} />
                      {task.auto && <AutoTag />}
                      {task.caseStatus === "awaiting_supplement" && <Tag color="orange">{t("supervision.waitingForFounder")}</Tag>}
                      {task.caseStatus !== "in_review" && task.caseStatus !== "awaiting_supplement" && <CaseStatusTag status={task.caseStatus} />}
                    </Flex>
                  ),
                },
                { title: t("cases.started"), dataIndex: "startedDate", width: 110 },
                {
                  title: t("cases.deadline"),
                  dataIndex: "deadlineDate",
                  width: 150,
                  render: (d: string, task) => (
                    <>
                      {d}
                      <ProvisionalTag show={task.deadlineProvisional === true} testId={`provisional-${task.caseNumber}`} />
                    </>
                  ),
                },
                { title: t("cases.daysUsed"), key: "used", width: 110, align: "right", render: (_, task) => t("cases.usedOfPromised", { used: task.workingDaysUsed, promised: task.promisedDays }) },
                { title: t("cases.lightTitle"), key: "light", width: 80, render: (_, task) => <LightTag light={task.light} /> },
                {
                  title: t("common.actions"),
                  key: "open",
                  width: 90,
                  render: (_, task) => <Link to={`/tasks/${task.caseId}${query}`}>{t(decides && task.status === "open" ? "tasks.handle" : "tasks.view")}</Link>,
                },
              ]}
            />
            <CursorPager paging={paging} info={list.data} loading={list.loading} testId="tasks-pager" />
          </Card>
        </Col>
        <Col xs={24} xl={7}>
          <AutoRulesCard department={department} editable={rulesEditable} />
        </Col>
      </Row>
    </section>
  );
}
