import { DownloadOutlined, SendOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Col, Descriptions, Flex, Input, Result, Row, Skeleton, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type { ApiError } from "../../api/client";
import { answerSupplement, getCase, licencePdfUrl } from "../../api/endpoints";
import type { Case, SupplementNotice } from "../../api/types";
import { useUser } from "../../auth/AuthContext";
import { CaseStatusTag } from "../../components/CaseTags";
import { FieldErrorsAlert } from "../../components/FieldErrorsAlert";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { toApiError } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { useLocalText } from "../../lib/locale";
import { useLoader } from "../../lib/useLoader";
import { useDepartmentName } from "../../org/departments";
import { CaseTimeline, MaterialFiles, MaterialsChecklist, NoticeItems, TasksTable } from "./CaseParts";
import { MaterialUpload } from "./MaterialUpload";
import { DeadlineChangesCard } from "../../components/DeadlineChangesCard";

/** /cases/:id: where a case stands — timeline, the five departments, the notice to answer, the licence when done. */
export function CaseTrackingPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const loaded = useLoader(() => getCase(id), [id]);
  const kase = loaded.data;
  // Kept on screen while reloading, so an upload does not reset the page.
  if (loaded.error && !kase) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  if (!kase) return <Skeleton active paragraph={{ rows: 12 }} />;
  const owner = user.roles.includes("applicant");

  return (
    <section data-testid="case-tracking" data-status={kase.status}>
      <PageTitle
        extra={
          <Flex gap={8} align="center" wrap>
            <CaseStatusTag status={kase.status} />
            <Typography.Text type="secondary">{t("cases.numberIs", { number: kase.number })}</Typography.Text>
            <Link to={owner ? "/applications" : "/"}>{t(owner ? "founder.backToList" : "common.backHome")}</Link>
          </Flex>
        }
      >
        {kase.companyName ?? t("applications.unnamed")}
      </PageTitle>

      {kase.status === "completed" && <Completed kase={kase} />}
      {kase.status === "rejected" && <Rejected kase={kase} />}
      {kase.status === "awaiting_supplement" && <SupplementCard kase={kase} owner={owner} onChanged={loaded.reload} />}

      <Row gutter={[16, 16]}>
        <Col span={24}>
          <Card title={t("cases.progress")}>
            <CaseTimeline kase={kase} />
          </Card>
        </Col>
        <Col span={24}>
          <Card title={t("cases.overview")}>
            <Descriptions
              column={{ xs: 1, md: 2, xl: 3 }}
              size="small"
              items={[
                { key: "number", label: t("cases.number"), children: <span data-testid="case-number">{kase.number}</span> },
                {
                  key: "application",
                  label: t("applications.number"),
                  children: owner ? <Link to={`/applications/${kase.applicationId}`}>{kase.applicationNumber}</Link> : kase.applicationNumber,
                },
                { key: "status", label: t("common.status"), children: <CaseStatusTag status={kase.status} /> },
                { key: "submitted", label: t("applications.submitted"), children: formatDateTime(kase.submittedAt) },
                { key: "accepted", label: t("cases.acceptedAt"), children: formatDateTime(kase.acceptedAt) },
                {
                  key: "elapsed",
                  label: t("cases.elapsed"),
                  children: kase.workingDaysElapsed === null ? t("common.none") : t("cases.workingDays", { n: kase.workingDaysElapsed }),
                },
                ...(kase.pausedWorkingDays > 0 ? [{ key: "paused", label: t("cases.paused"), children: t("cases.workingDays", { n: kase.pausedWorkingDays }) }] : []),
                ...(kase.uscc ? [{ key: "uscc", label: t("cases.uscc"), children: <Typography.Text copyable strong>{kase.uscc}</Typography.Text> }] : []),
              ]}
            />
          </Card>
        </Col>
        <Col span={24}>
          <Card title={t("cases.departmentsTitle")}>
            {kase.tasks.length === 0 ? <Typography.Text type="secondary">{t("cases.tasksAfterAcceptance")}</Typography.Text> : <TasksTable tasks={kase.tasks} />}
          </Card>
        </Col>
        {(kase.deadlineChanges?.length ?? 0) > 0 && (
          <Col span={24}>
            <DeadlineChangesCard changes={kase.deadlineChanges} />
          </Col>
        )}
        <Col span={24}>
          <Card title={t("cases.materialsTitle")}>
            <MaterialsChecklist materials={kase.materials} />
          </Card>
        </Col>
        {kase.notices.some((n) => n.answeredAt !== null) && (
          <Col span={24}>
            <NoticeHistory kase={kase} />
          </Col>
        )}
      </Row>
    </section>
  );
}

function Completed({ kase }: { kase: Case }) {
  const { t } = useTranslation();
  return (
    <Result
      status="success"
      title={t("cases.completedTitle")}
      subTitle={
        <>
          {t("cases.completedText", { date: kase.completedDate ?? "" })}
          <div style={{ marginTop: 8, fontSize: 16 }}>
            {t("cases.uscc")}：
            <Typography.Text strong copyable data-testid="case-uscc">
              {kase.uscc}
            </Typography.Text>
          </div>
        </>
      }
      extra={
        <Button type="primary" icon={<DownloadOutlined aria-hidden />} href={licencePdfUrl(kase.id)} download data-testid="licence-download">
          {t("cases.downloadLicence")}
        </Button>
      }
      style={{ background: "#fff", borderRadius: 8, marginBottom: 16, padding: "24px 16px" }}
    />
  );
}

function Rejected({ kase }: { kase: Case }) {
  const { t } = useTranslation();
  const departmentName = useDepartmentName();
  const rejected = kase.tasks.filter((x) => x.status === "rejected");
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={t("cases.rejectedTitle")}
      description={rejected.map((x) => (
        <div key={x.id} lang="zh-CN">
          {departmentName(x.department)}：{x.reason}
        </div>
      ))}
    />
  );
}

/**
 * The open notice (一次性补正告知): every item at once; the founder uploads the
 * asked materials here and answers with 提交补正, which restarts the clock.
 */
function SupplementCard({ kase, owner, onChanged }: { kase: Case; owner: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const text = useLocalText();
  const { message } = App.useApp();
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const notice = kase.notices.find((n) => n.round === kase.supplementRound);
  if (!notice) return null;
  const materialOf = (code: string) => kase.materials.find((m) => m.code === code);
  const materialName = (code: string) => text(materialOf(code)?.name);
  const asked = [...new Set(notice.items.flatMap((i) => (i.materialCode ? [i.materialCode] : [])))];
  const thisRound = (code: string) => (materialOf(code)?.files ?? []).filter((f) => f.round === kase.supplementRound);
  const pending = asked.filter((code) => thisRound(code).length === 0);

  const answer = async () => {
    setBusy(true);
    setError(null);
    try {
      await answerSupplement(kase.id, note.trim() || undefined);
      void message.success(t("supplement.answered"));
      onChanged();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={
        <Flex gap={8} align="center" wrap>
          <Tag color="orange">{t("supplement.round", { round: notice.round })}</Tag>
          {t("supplement.title")}
        </Flex>
      }
      style={{ marginBottom: 16, borderColor: "#f59e0b" }}
      data-testid="supplement-notice"
    >
      <Typography.Paragraph>
        {t("supplement.intro", { time: formatDateTime(notice.sentAt), count: notice.items.length })}
      </Typography.Paragraph>
      <NoticeItems notice={notice} materialName={materialName} />
      {owner && (
        <>
          {asked.length > 0 && (
            <>
              <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
                {t("supplement.uploadTitle")}
              </Typography.Title>
              <Flex vertical gap={12}>
                {asked.map((code) => (
                  <Flex key={code} gap={16} align="flex-start" wrap style={{ padding: 8, background: "#fffbeb", borderRadius: 6 }}>
                    <div style={{ minWidth: 240, flex: "1 1 240px" }}>
                      <Typography.Text strong>
                        {code} {materialName(code)}
                      </Typography.Text>
                      <div style={{ marginTop: 4 }}>
                        {thisRound(code).length > 0 ? (
                          <MaterialFiles files={thisRound(code)} />
                        ) : (
                          <Typography.Text type="warning">{t("supplement.notYet")}</Typography.Text>
                        )}
                      </div>
                    </div>
                    <MaterialUpload
                      applicationId={kase.applicationId}
                      materialCode={code}
                      testId={`supplement-upload-${code}`}
                      label={thisRound(code).length > 0 ? t("materials.uploadMore") : undefined}
                      onUploaded={() => {
                        setError(null);
                        onChanged();
                      }}
                    />
                  </Flex>
                ))}
              </Flex>
            </>
          )}
          <Input.TextArea
            style={{ marginTop: 16 }}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={500}
            autoSize={{ minRows: 2, maxRows: 5 }}
            placeholder={t("supplement.notePlaceholder")}
            aria-label={t("supplement.note")}
          />
          {error && (
            <div style={{ marginTop: 12 }}>
              <FieldErrorsAlert error={error} testId="supplement-error" />
            </div>
          )}
          <Flex justify="space-between" align="center" gap={12} wrap style={{ marginTop: 12 }}>
            <Typography.Text type={pending.length > 0 ? "warning" : "success"}>
              {pending.length > 0 ? t("supplement.pending", { codes: pending.join("、") }) : t("supplement.ready")}
            </Typography.Text>
            <Button type="primary" icon={<SendOutlined aria-hidden />} loading={busy} onClick={() => void answer()}>
              {t("supplement.submit")}
            </Button>
          </Flex>
        </>
      )}
    </Card>
  );
}

/** Every notice of the case, newest first, with when it was answered. */
function NoticeHistory({ kase }: { kase: Case }) {
  const { t } = useTranslation();
  const text = useLocalText();
  const materialName = (code: string) => text(kase.materials.find((m) => m.code === code)?.name);
  // The open notice has its own card above.
  const notices: SupplementNotice[] = kase.notices.filter((n) => n.answeredAt !== null).sort((a, b) => b.round - a.round);
  return (
    <Card title={t("supplement.history")}>
      {notices.map((n) => (
        <div key={n.round} style={{ marginBottom: 12 }}>
          <Typography.Text strong>{t("supplement.round", { round: n.round })}</Typography.Text>
          <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
            {t("supplement.sentAt", { time: formatDateTime(n.sentAt) })} ·{" "}
            {n.answeredAt ? t("supplement.answeredAt", { time: formatDateTime(n.answeredAt) }) : t("supplement.unanswered")}
          </Typography.Text>
          <NoticeItems notice={n} materialName={materialName} />
        </div>
      ))}
    </Card>
  );
}
