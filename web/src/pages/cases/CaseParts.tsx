import { CheckCircleFilled, CloseCircleFilled, FileOutlined } from "@ant-design/icons";
import { Flex, Steps, Table, Tag, Typography } from "antd";
import type { HTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { materialFileUrl } from "../../api/endpoints";
import type { Case, CaseMaterial, Material, ReviewTask, SupplementNotice } from "../../api/types";
import { AutoTag, LightTag, TaskStatusTag } from "../../components/CaseTags";
import { REVIEW_DEPARTMENTS } from "../../lib/autoRules";
import { formatDateTime, formatSize } from "../../lib/format";
import { useLocalText } from "../../lib/locale";
import { useDepartmentName } from "../../org/departments";
import { ProvisionalTag } from "../../components/ProvisionalTag";

/** Uploaded files as links that open the file (owner or staff), with size and the round they came in. */
export function MaterialFiles({ files }: { files: readonly Material[] }) {
  const { t } = useTranslation();
  if (files.length === 0) return null;
  return (
    <ul style={{ listStyle: "none", margin: 0, padding: 0 }}>
      {files.map((f) => (
        <li key={f.id} style={{ padding: "2px 0" }}>
          <a href={materialFileUrl(f.id)} target="_blank" rel="noopener noreferrer" style={{ textDecoration: "underline" }} data-testid={`material-file-${f.materialCode}`}>
            <FileOutlined aria-hidden /> {f.fileName}
          </a>
          <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
            {formatSize(f.size)} · {formatDateTime(f.uploadedAt)}
            {f.round > 0 && ` · ${t("materials.round", { round: f.round })}`}
          </Typography.Text>
        </li>
      ))}
    </ul>
  );
}

/** Whether the guide requires a material: 平台生成, 必交 or 视情形提交. */
export function RequirementTag({ material }: { material: { mandatory: boolean; generated?: boolean } }) {
  const { t } = useTranslation();
  if (material.generated) return <Tag color="green">{t("guide.generated")}</Tag>;
  return material.mandatory ? <Tag color="red">{t("guide.mandatory")}</Tag> : <Tag>{t("guide.conditional")}</Tag>;
}

/**
 * A case's materials against the guide on one screen: what is there (with the
 * files), what is missing. `flagged` marks codes the server named in an error.
 */
export function MaterialsChecklist({ materials, flagged = new Set<string>() }: { materials: readonly CaseMaterial[]; flagged?: ReadonlySet<string> }) {
  const { t } = useTranslation();
  const text = useLocalText();
  return (
    <Table<CaseMaterial>
      size="small"
      rowKey="code"
      pagination={false}
      dataSource={[...materials]}
      scroll={{ x: 720 }}
      onRow={(m) => ({ "data-testid": `checklist-${m.code}`, "data-present": String(m.present), style: flagged.has(m.code) ? { background: "#fef2f2" } : undefined }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: "#", dataIndex: "code", width: 60 },
        { title: t("guide.material"), key: "name", render: (_, m) => text(m.name) },
        { title: t("guide.form"), dataIndex: "form", width: 110, render: (f: string) => t(`guide.forms.${f}`) },
        { title: t("guide.required"), key: "required", width: 110, render: (_, m) => <RequirementTag material={m} /> },
        {
          title: t("materials.state"),
          key: "present",
          width: 100,
          render: (_, m) =>
            m.present ? (
              <Typography.Text type="success">
                <CheckCircleFilled aria-hidden /> {t(m.generated ? "materials.generatedPresent" : "materials.present")}
              </Typography.Text>
            ) : (
              <Typography.Text type={m.mandatory ? "danger" : "secondary"}>
                <CloseCircleFilled aria-hidden /> {t(m.mandatory ? "materials.missing" : "materials.notSubmitted")}
              </Typography.Text>
            ),
        },
        { title: t("materials.files"), key: "files", render: (_, m) => <MaterialFiles files={m.files} /> },
      ]}
    />
  );
}

/** Position of a department in the guide's order (工商, 质监, 国税, 地税, 统计); others last. */
function order(department: string): number {
  const i = (REVIEW_DEPARTMENTS as readonly string[]).indexOf(department);
  return i < 0 ? REVIEW_DEPARTMENTS.length : i;
}

/** The departments' review tasks of a case: state, promised deadline, working days used, light, auto approval. */
export function TasksTable({ tasks, highlight }: { tasks: readonly ReviewTask[]; highlight?: string }) {
  const { t } = useTranslation();
  const departmentName = useDepartmentName();
  return (
    <Table<ReviewTask>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={[...tasks].sort((a, b) => order(a.department) - order(b.department))}
      scroll={{ x: 820 }}
      locale={{ emptyText: t("cases.noTasks") }}
      onRow={(task) => ({ "data-testid": `task-${task.department}`, "data-status": task.status, style: task.department === highlight ? { background: "#eff6ff" } : undefined }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: t("guide.department"), dataIndex: "department", render: (d: string) => departmentName(d) },
        {
          title: t("common.status"),
          key: "status",
          render: (_, task) => (
            <Flex gap={4} wrap>
              <TaskStatusTag status={task.status} />
              {task.auto && <AutoTag />}
            </Flex>
          ),
        },
        {
          title: t("cases.deadline"),
          key: "deadline",
          render: (_, task) => (
            <>
              <span data-testid={`deadline-${task.department}`}>{task.deadlineDate}</span>
              <ProvisionalTag show={task.deadlineProvisional === true} testId={`provisional-${task.department}`} />
              <Typography.Text type="secondary" style={{ fontSize: 12, display: "block" }}>
                {t("cases.promisedDays", { n: task.promisedDays })}
              </Typography.Text>
            </>
          ),
        },
        { title: t("cases.daysUsed"), key: "used", align: "right", render: (_, task) => t("cases.usedOfPromised", { used: task.workingDaysUsed, promised: task.promisedDays }) },
        { title: t("cases.lightTitle"), key: "light", render: (_, task) => <LightTag light={task.light} /> },
        {
          title: t("cases.decided"),
          key: "decided",
          render: (_, task) => (
            <>
              {formatDateTime(task.decidedAt)}
              {task.reason && (
                <Typography.Text type="secondary" style={{ fontSize: 12, display: "block" }} lang="zh-CN">
                  {task.reason}
                </Typography.Text>
              )}
            </>
          ),
        },
      ]}
    />
  );
}

/** 提交 → 受理 → 部门并联审批 → 办结, with the dates reached so far. */
export function CaseTimeline({ kase }: { kase: Case }) {
  const { t } = useTranslation();
  const decided = kase.tasks.filter((x) => x.status === "approved" || x.status === "rejected");
  const lastDecision = decided.map((x) => x.decidedAt ?? "").sort().at(-1);
  const waiting = kase.status === "awaiting_supplement";
  const accepted = kase.acceptedAt !== null;
  const current = kase.status === "completed" || kase.status === "rejected" ? 3 : accepted ? 2 : 1;
  const status = kase.status === "rejected" ? "error" : kase.status === "completed" ? "finish" : waiting ? "wait" : "process";
  return (
    <Steps
      current={current}
      status={status}
      data-testid="case-timeline"
      items={[
        { title: t("cases.steps.submitted"), content: formatDateTime(kase.submittedAt) },
        {
          title: t("cases.steps.accepted"),
          content: accepted ? formatDateTime(kase.acceptedAt) : waiting ? t("cases.steps.waitingSupplement") : t("cases.steps.waitingWindow"),
        },
        {
          title: t("cases.steps.review"),
          content: accepted ? (
            <>
              {t("cases.steps.reviewProgress", { done: decided.length, total: kase.tasks.length })}
              {kase.workingDaysElapsed !== null && <div>{t("cases.steps.elapsed", { n: kase.workingDaysElapsed })}</div>}
              {waiting && <div>{t("cases.steps.waitingSupplement")}</div>}
              {kase.status !== "in_review" && !waiting && lastDecision && <div>{formatDateTime(lastDecision)}</div>}
            </>
          ) : null,
        },
        {
          title: kase.status === "rejected" ? t("cases.steps.rejected") : t("cases.steps.completed"),
          content: kase.completedAt ? formatDateTime(kase.completedAt) : null,
        },
      ]}
    />
  );
}

/** One supplement notice (一次性补正告知): every item, each with the department that asked. */
export function NoticeItems({ notice, materialName }: { notice: SupplementNotice; materialName: (code: string) => string }) {
  const departmentName = useDepartmentName();
  return (
    <ol style={{ margin: 0, paddingInlineStart: 20 }}>
      {notice.items.map((item, i) => (
        <li key={i} style={{ padding: "4px 0" }}>
          <Tag>{departmentName(item.department)}</Tag>
          {item.materialCode && (
            <Tag color="orange">
              {item.materialCode} {materialName(item.materialCode)}
            </Tag>
          )}
          <span lang="zh-CN">{item.text}</span>
        </li>
      ))}
    </ol>
  );
}
