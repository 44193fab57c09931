import { CheckOutlined, CloseOutlined, FileSearchOutlined, FormOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Col, Descriptions, Flex, Input, Modal, Row, Skeleton, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type { ApiError } from "../../api/client";
import { decideTask, getCase, type TaskDecision } from "../../api/endpoints";
import type { Case, SupplementItem } from "../../api/types";
import { useUser } from "../../auth/AuthContext";
import { AutoTag, CaseStatusTag, LightTag, TaskStatusTag } from "../../components/CaseTags";
import { FieldErrorsAlert } from "../../components/FieldErrorsAlert";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { toApiError } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { useLocalText } from "../../lib/locale";
import { useLoader } from "../../lib/useLoader";
import { useDepartmentName, useOwnDepartmentCode } from "../../org/departments";
import { CaseTimeline, MaterialsChecklist, NoticeItems, TasksTable } from "../cases/CaseParts";
import { SupplementItemsModal } from "../cases/SupplementItemsModal";
import { useReviewDepartment } from "./useReviewDepartment";
import { DeadlineChangesCard } from "../../components/DeadlineChangesCard";
import { ProvisionalTag } from "../../components/ProvisionalTag";

/**
 * /tasks/:caseId: a case as one department reviews it — company, materials,
 * the way to the department's own form — with 同意, 不予许可 (reason required)
 * and 要求补正 (items, gathered into the round's one notice).
 */
export function TaskViewPage() {
  const { caseId = "" } = useParams();
  const { t } = useTranslation();
  const text = useLocalText();
  const user = useUser();
  const { message } = App.useApp();
  const departmentName = useDepartmentName();
  const own = useOwnDepartmentCode();
  const { department, seesAll } = useReviewDepartment();
  const loaded = useLoader(() => getCase(caseId), [caseId]);
  const [busy, setBusy] = useState<TaskDecision["decision"] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonTried, setReasonTried] = useState(false);
  const [asking, setAsking] = useState(false);

  const kase = loaded.data;
  if (loaded.error && !kase) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  if (!kase) return <Skeleton active paragraph={{ rows: 12 }} />;

  const task = kase.tasks.find((x) => x.department === department);
  // Only the department's own reviewers decide; supervisors and admins read.
  const mayDecide = user.roles.includes("reviewer") && !!own && own === department;
  const decidable = mayDecide && task?.status === "open" && kase.status === "in_review";
  const materialName = (code: string) => text(kase.materials.find((m) => m.code === code)?.name);
  const listLink = seesAll ? `/tasks?department=${department}` : "/tasks";

  const decide = async (body: TaskDecision, done?: () => void) => {
    if (!task) return;
    setBusy(body.decision);
    setError(null);
    try {
      const updated: Case = await decideTask(task.id, body);
      done?.();
      void message.success(t(`tasks.done.${body.decision}`, { number: updated.number }));
      loaded.reload();
    } catch (err) {
      const e = toApiError(err);
      // Modals show their own errors; the page shows the rest.
      if (body.decision === "supplement") throw e;
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const reject = async () => {
    setReasonTried(true);
    if (!reason.trim()) return;
    await decide({ decision: "reject", reason: reason.trim() }, () => {
      setRejecting(false);
      setReason("");
      setReasonTried(false);
    });
  };

  return (
    <section data-testid="task-view" data-department={department} data-task-status={task?.status ?? "none"}>
      <PageTitle
        extra={
          <Flex gap={8} align="center" wrap>
            <CaseStatusTag status={kase.status} />
            <Typography.Text type="secondary">{t("cases.numberIs", { number: kase.number })}</Typography.Text>
            <Link to={listLink}>{t("tasks.backToList")}</Link>
          </Flex>
        }
      >
        {kase.companyName ?? t("applications.unnamed")}
      </PageTitle>

      {error && <FieldErrorsAlert error={error} onClose={() => setError(null)} testId="task-error" />}

      <Card title={t("tasks.ownTask", { department: department ? departmentName(department) : "" })} style={{ marginBottom: 16 }}>
        {!task ? (
          <Typography.Text type="secondary">{t("tasks.noTask")}</Typography.Text>
        ) : (
          <Flex vertical gap={12}>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2, xl: 3 }}
              items={[
                {
                  key: "status",
                  label: t("common.status"),
                  children: (
                    <Flex gap={4} wrap>
                      <TaskStatusTag status={task.status} />
                      {task.auto && <AutoTag />}
                    </Flex>
                  ),
                },
                { key: "light", label: t("cases.lightTitle"), children: <LightTag light={task.light} /> },
                {
                  key: "deadline",
                  label: t("cases.deadline"),
                  children: (
                    <span data-testid="task-deadline">
                      {t("cases.deadlineWithDays", { date: task.deadlineDate, n: task.promisedDays })}
                      <ProvisionalTag show={task.deadlineProvisional === true} />
                    </span>
                  ),
                },
                { key: "started", label: t("cases.started"), children: task.startedDate },
                { key: "used", label: t("cases.daysUsedShort"), children: t("cases.usedOfPromised", { used: task.workingDaysUsed, promised: task.promisedDays }) },
                { key: "legal", label: t("guide.legal"), children: t("guide.days", { n: task.legalDays }) },
                ...(task.reason ? [{ key: "reason", label: t("tasks.reason"), children: <span lang="zh-CN">{task.reason}</span> }] : []),
              ]}
            />
            {mayDecide && (task.status === "open" || task.status === "awaiting_supplement") && (
              <Flex gap={8} wrap>
                <Button type="primary" icon={<CheckOutlined aria-hidden />} disabled={!decidable || busy !== null} loading={busy === "approve"} onClick={() => void decide({ decision: "approve" })}>
                  {t("tasks.approve")}
                </Button>
                <Button danger icon={<CloseOutlined aria-hidden />} disabled={!decidable || busy !== null} onClick={() => setRejecting(true)}>
                  {t("tasks.reject")}
                </Button>
                <Button icon={<FormOutlined aria-hidden />} disabled={!decidable || busy !== null} onClick={() => setAsking(true)}>
                  {t("tasks.supplement")}
                </Button>
              </Flex>
            )}
          </Flex>
        )}
        {mayDecide && task && !decidable && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {t(task.status === "awaiting_supplement" || kase.status === "awaiting_supplement" ? "tasks.waitingFounder" : task.status === "open" ? "tasks.caseNotInReview" : "tasks.decided")}
          </Typography.Paragraph>
        )}
        {!mayDecide && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {t("tasks.readOnly")}
          </Typography.Paragraph>
        )}
      </Card>

      {kase.status === "awaiting_supplement" && kase.notices.find((n) => n.round === kase.supplementRound) && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t("tasks.noticeOut", { round: kase.supplementRound })}
          description={<NoticeItems notice={kase.notices.find((n) => n.round === kase.supplementRound)!} materialName={materialName} />}
        />
      )}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={8}>
          <Card title={t("cases.overview")}>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: "company", label: t("applications.company"), children: kase.companyName ?? t("applications.unnamed") },
                { key: "number", label: t("cases.number"), children: kase.number },
                { key: "application", label: t("applications.number"), children: kase.applicationNumber },
                { key: "submitted", label: t("applications.submitted"), children: formatDateTime(kase.submittedAt) },
                { key: "accepted", label: t("cases.acceptedAt"), children: formatDateTime(kase.acceptedAt) },
              ]}
            />
            <Link to={`/registrations/${kase.applicationId}`} data-testid="department-form-link" style={{ display: "inline-block", marginTop: 8 }}>
              <FileSearchOutlined aria-hidden /> {t("tasks.ownForm")}
            </Link>
          </Card>
        </Col>
        <Col xs={24} xl={16}>
          <Card title={t("cases.progress")}>
            <CaseTimeline kase={kase} />
          </Card>
        </Col>
        <Col span={24}>
          <Card title={t("cases.materialsTitle")}>
            <MaterialsChecklist materials={kase.materials} />
          </Card>
        </Col>
        <Col span={24}>
          <Card title={t("tasks.allDepartments")}>
            <TasksTable tasks={kase.tasks} highlight={department} />
          </Card>
        </Col>
        {(kase.deadlineChanges?.length ?? 0) > 0 && (
          <Col span={24}>
            <DeadlineChangesCard changes={kase.deadlineChanges} />
          </Col>
        )}
      </Row>

      <Modal
        open={rejecting}
        title={t("tasks.rejectTitle", { number: kase.number })}
        okText={t("tasks.confirmReject")}
        okButtonProps={{ danger: true }}
        cancelText={t("common.cancel")}
        confirmLoading={busy === "reject"}
        onOk={() => void reject()}
        onCancel={() => setRejecting(false)}
        destroyOnHidden
        modalRender={(node) => <div data-testid="reject-modal">{node}</div>}
      >
        {error && busy === null && rejecting && <FieldErrorsAlert error={error} />}
        <Typography.Paragraph type="secondary">{t("tasks.rejectIntro")}</Typography.Paragraph>
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={500}
          autoSize={{ minRows: 3, maxRows: 8 }}
          status={reasonTried && !reason.trim() ? "error" : undefined}
          aria-label={t("tasks.reason")}
          aria-required
          placeholder={t("tasks.reasonPlaceholder")}
        />
        {reasonTried && !reason.trim() && (
          <Typography.Text type="danger" role="alert">
            {t("tasks.reasonRequired")}
          </Typography.Text>
        )}
      </Modal>

      <SupplementItemsModal
        open={asking}
        title={t("tasks.supplementTitle", { number: kase.number })}
        okText={t("tasks.sendSupplement")}
        intro={t("tasks.supplementIntro")}
        testId="supplement-modal"
        materials={kase.materials}
        preselect={[]}
        requireItems
        onSubmit={(items: SupplementItem[]) => decide({ decision: "supplement", items }, () => setAsking(false))}
        onCancel={() => setAsking(false)}
      />
    </section>
  );
}
