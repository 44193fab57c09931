import { CheckOutlined, NotificationOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Col, Descriptions, Flex, Row, Skeleton, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type { ApiError } from "../../api/client";
import { acceptCase, getCase, sendSupplementNotice } from "../../api/endpoints";
import type { SupplementItem } from "../../api/types";
import { CaseStatusTag } from "../../components/CaseTags";
import { FieldErrorsAlert } from "../../components/FieldErrorsAlert";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { toApiError } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { useLocalText } from "../../lib/locale";
import { useLoader } from "../../lib/useLoader";
import { CaseTimeline, MaterialsChecklist, NoticeItems, TasksTable } from "../cases/CaseParts";
import { SupplementItemsModal } from "../cases/SupplementItemsModal";
import { serverNow } from "../../lib/serverTime";
import { DeadlineChangesCard } from "../../components/DeadlineChangesCard";

/**
 * /window/cases/:id: the single window's desk for one case — the whole
 * materials checklist against the guide, 受理 (accept) and 一次性告知补正 (one
 * consolidated notice), then the five departments' tasks.
 */
export function WindowCasePage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const text = useLocalText();
  const { message } = App.useApp();
  const loaded = useLoader(() => getCase(id), [id]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [composing, setComposing] = useState(false);
  // When the clerk opened the case (or finished the last step on it): the start of the window
  // transaction that the accept or the notice records.
  const [startedAt, setStartedAt] = useState(() => serverNow().toISOString());
  useEffect(() => setStartedAt(serverNow().toISOString()), [id]);

  const kase = loaded.data;
  if (loaded.error && !kase) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  if (!kase) return <Skeleton active paragraph={{ rows: 12 }} />;

  const missing = kase.materials.filter((m) => m.mandatory && !m.present);
  const mandatory = kase.materials.filter((m) => m.mandatory);
  // Codes the server named in its last refusal ("materials.M05").
  const flagged = new Set((error?.fields ?? []).map((f) => /^materials\.(M\d{2})$/.exec(f.path)?.[1]).filter((c): c is string => !!c));
  const canAccept = kase.status === "submitted";
  const canNotify = kase.status === "submitted" || kase.status === "in_review";
  const openNotice = kase.status === "awaiting_supplement" ? kase.notices.find((n) => n.round === kase.supplementRound) : undefined;
  const materialName = (code: string) => text(kase.materials.find((m) => m.code === code)?.name);

  const accept = async () => {
    setBusy(true);
    setError(null);
    try {
      const accepted = await acceptCase(kase.id, startedAt);
      setStartedAt(serverNow().toISOString());
      void message.success(t("window.accepted", { number: accepted.number }));
      loaded.reload();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const notify = async (items: SupplementItem[]) => {
    // Errors stay in the modal, with their paths.
    const sent = await sendSupplementNotice(kase.id, items, startedAt);
    setStartedAt(serverNow().toISOString());
    setComposing(false);
    setError(null);
    void message.success(t("window.noticeSent", { number: sent.number }));
    loaded.reload();
  };

  return (
    <section data-testid="window-case" data-status={kase.status}>
      <PageTitle
        extra={
          <Flex gap={8} align="center" wrap>
            <CaseStatusTag status={kase.status} />
            <Typography.Text type="secondary">{t("cases.numberIs", { number: kase.number })}</Typography.Text>
            <Link to="/window">{t("window.backToInbox")}</Link>
          </Flex>
        }
      >
        {kase.companyName ?? t("applications.unnamed")}
      </PageTitle>

      <Card style={{ marginBottom: 16 }}>
        <Flex justify="space-between" align="center" gap={16} wrap>
          <Descriptions
            size="small"
            column={{ xs: 1, md: 2, xl: 4 }}
            style={{ flex: "1 1 560px" }}
            items={[
              { key: "number", label: t("cases.number"), children: kase.number },
              { key: "application", label: t("applications.number"), children: <Link to={`/registrations/${kase.applicationId}`}>{kase.applicationNumber}</Link> },
              { key: "submitted", label: t("applications.submitted"), children: formatDateTime(kase.submittedAt) },
              { key: "accepted", label: t("cases.acceptedAt"), children: formatDateTime(kase.acceptedAt) },
            ]}
          />
          <Flex gap={8} wrap>
            <Button icon={<NotificationOutlined aria-hidden />} disabled={!canNotify} onClick={() => setComposing(true)}>
              {t("window.notice")}
            </Button>
            <Button type="primary" icon={<CheckOutlined aria-hidden />} disabled={!canAccept} loading={busy} onClick={() => void accept()}>
              {t("window.accept")}
            </Button>
          </Flex>
        </Flex>
      </Card>

      {error && <FieldErrorsAlert error={error} onClose={() => setError(null)} testId="window-error" />}
      {openNotice && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t("window.waitingFounder", { round: openNotice.round, time: formatDateTime(openNotice.sentAt) })}
          description={<NoticeItems notice={openNotice} materialName={materialName} />}
        />
      )}

      <Row gutter={[16, 16]}>
        <Col span={24}>
          <Card
            title={t("window.checklist")}
            extra={
              missing.length > 0 ? (
                <Typography.Text type="danger">{t("window.mandatoryMissing", { count: missing.length, total: mandatory.length })}</Typography.Text>
              ) : (
                <Typography.Text type="success">{t("window.mandatoryComplete", { total: mandatory.length })}</Typography.Text>
              )
            }
          >
            <MaterialsChecklist materials={kase.materials} flagged={flagged} />
          </Card>
        </Col>
        <Col span={24}>
          <Card title={t("cases.progress")}>
            <CaseTimeline kase={kase} />
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
      </Row>

      <SupplementItemsModal
        open={composing}
        title={t("window.noticeTitle", { number: kase.number })}
        okText={t("window.sendNotice")}
        intro={t("window.noticeIntro")}
        testId="notice-modal"
        materials={kase.materials}
        preselect={missing.map((m) => m.code)}
        requireItems={false}
        onSubmit={notify}
        onCancel={() => setComposing(false)}
      />
    </section>
  );
}
