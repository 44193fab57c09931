import { Button, Card, Col, Flex, Row, Select, Statistic, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFilterParams } from "../../lib/useFilterParams";
import { getSupervisionBoard } from "../../api/endpoints";
import type { BoardTask, Light } from "../../api/types";
import { CaseStatusTag, LIGHT_COLORS, LightTag, TaskStatusTag } from "../../components/CaseTags";
import { CursorPager, useCursorPaging } from "../../components/CursorPager";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { REVIEW_DEPARTMENTS } from "../../lib/autoRules";
import { useLoader } from "../../lib/useLoader";
import { useDepartmentName } from "../../org/departments";
import { OverdueTicketsPanel } from "../evaluation/OverdueTicketsPanel";
import { ProvisionalTag } from "../../components/ProvisionalTag";

const PAGE_SIZE = 20;
const LIGHTS: Light[] = ["red", "yellow", "green"];

/**
 * /supervision: electronic supervision (电子监察) — every open review task with
 * its light, filterable by department and light, with the count per light (each counted up to
 * 1,000: “1,000+” beyond). Filters live in the address, so a view can be shared; pages are read by
 * cursor (a changed filter starts again at the first page).
 */
export function SupervisionPage() {
  const { t } = useTranslation();
  const departmentName = useDepartmentName();
  const { params, setFilter } = useFilterParams();
  const department = params.get("department") ?? undefined;
  const lightParam = params.get("light");
  const light = LIGHTS.includes(lightParam as Light) ? (lightParam as Light) : undefined;

  const paging = useCursorPaging(`${department ?? ""}|${light ?? ""}`);
  const board = useLoader(() => getSupervisionBoard({ department, light, limit: PAGE_SIZE, after: paging.after }), [department, light, paging.after]);
  const counts = board.data?.counts;

  if (board.error?.code === "FORBIDDEN") return <LoadError error={board.error} />;

  return (
    <section data-testid="supervision-board">
      <PageTitle extra={<Button onClick={board.reload}>{t("window.refresh")}</Button>}>{t("supervision.title")}</PageTitle>
      <Typography.Paragraph type="secondary">
        {t("supervision.intro")}
        {board.data && ` ${t("supervision.today", { date: board.data.today })}`}
      </Typography.Paragraph>

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {LIGHTS.map((l) => (
          <Col xs={24} md={8} key={l}>
            <Card
              size="small"
              hoverable
              onClick={() => setFilter("light", light === l ? undefined : l)}
              style={{ borderTop: `4px solid ${LIGHT_COLORS[l]}`, background: light === l ? "#f8fafc" : undefined }}
              data-testid={`light-count-${l}`}
            >
              <Statistic
                title={
                  <Flex gap={8} align="center">
                    <LightTag light={l} variant="board" />
                    {t(`supervision.lightMeaning.${l}`)}
                  </Flex>
                }
                value={counts?.[l]}
                loading={!counts}
                suffix={`${counts?.exact?.[l] === false ? "+" : ""} ${t("supervision.tasksUnit")}`}
              />
            </Card>
          </Col>
        ))}
      </Row>

      <Card>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <Select
            allowClear
            value={department}
            onChange={(v: string | undefined) => setFilter("department", v)}
            placeholder={t("supervision.allDepartments")}
            style={{ width: 220 }}
            aria-label={t("guide.department")}
            options={REVIEW_DEPARTMENTS.map((d) => ({ value: d, label: departmentName(d) }))}
          />
          <Select
            allowClear
            value={light}
            onChange={(v: Light | undefined) => setFilter("light", v)}
            placeholder={t("supervision.allLights")}
            style={{ width: 160 }}
            aria-label={t("cases.lightTitle")}
            options={LIGHTS.map((l) => ({ value: l, label: t(`cases.light.board.${l}`) }))}
          />
        </Flex>
        {board.error && <LoadError error={board.error} onRetry={board.reload} />}
        <Table<BoardTask>
          rowKey="id"
          size="middle"
          loading={board.loading}
          dataSource={board.data?.items ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: t("supervision.empty") }}
          columns={[
            { title: t("cases.number"), dataIndex: "caseNumber", width: 150, render: (n: string, task) => <Link to={`/cases/${task.caseId}`}>{n}</Link> },
            { title: t("guide.department"), dataIndex: "department", render: (d: string) => departmentName(d) },
            {
              title: t("common.status"),
              key: "status",
              render: (_, task) => (
                <Flex gap={4} wrap>
                  <TaskStatusTag status={task.status} />
                  {task.waitingForFounder && <Tag color="orange">{t("supervision.waitingForFounder")}</Tag>}
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
                  <ProvisionalTag show={task.deadlineProvisional === true} testId={`provisional-${task.caseNumber}-${task.department}`} />
                </>
              ),
            },
            {
              title: t("cases.daysUsed"),
              key: "used",
              width: 130,
              align: "right",
              render: (_, task) => t("cases.usedOfPromised", { used: task.workingDaysUsed, promised: task.promisedDays }),
            },
            { title: t("cases.lightTitle"), key: "light", width: 90, render: (_, task) => <LightTag light={task.light} variant="board" /> },
          ]}
        />
        <CursorPager paging={paging} info={board.data} loading={board.loading} testId="board-pager" />
      </Card>

      <OverdueTicketsPanel />
    </section>
  );
}
