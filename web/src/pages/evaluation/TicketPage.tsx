import { Alert, App, Button, Card, Col, Descriptions, Flex, Input, Radio, Row, Skeleton, Steps, Tag, Typography } from "antd";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type { ApiError } from "../../api/client";
import { appealTicket, decideAppeal, fixTicket, getTicket, planTicket, verifyTicket, type ContactResult, type Ticket } from "../../api/evaluation";
import { useUser } from "../../auth/AuthContext";
import { FieldErrorsAlert } from "../../components/FieldErrorsAlert";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { toApiError } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { useLoader } from "../../lib/useLoader";
import { LevelTag, ReasonTags, TicketLightTag, TicketStatusTag } from "./parts";
import { dueStep } from "./TicketsPage";
import { DeadlineChangesCard } from "../../components/DeadlineChangesCard";
import { ProvisionalTag } from "../../components/ProvisionalTag";

/** Working days each step has (国办发〔2019〕51号), shown beside its deadline. */
const VERIFY_DAYS = 1;
const FIX_DAYS = 5;
const FIX_DAYS_COMPLEX = 15;

/**
 * /rectifications/:id: one bad review's follow-up (差评整改) step by step — verify and
 * contact the citizen (1 working day), a plan for a complex matter (15 working days),
 * the fix (5 working days), the citizen's rating of the fix — and the appeal, which a
 * supervisor decides. Every deadline is shown as a date, the current step marked.
 */
export function TicketPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const loaded = useLoader(() => getTicket(id), [id]);
  const [updated, setUpdated] = useState<Ticket>();
  const ticket = updated?.id === id ? updated : loaded.data;

  if (loaded.error && !ticket) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  if (!ticket) return <Skeleton active paragraph={{ rows: 12 }} />;

  // The department's clerks and reviewers follow up and may appeal; supervisors decide appeals.
  const followsUp = user.roles.includes("clerk") || user.roles.includes("reviewer");
  const decides = user.roles.includes("supervisor");

  return (
    <section data-testid="ticket" data-status={ticket.status}>
      <PageTitle
        extra={
          <Flex gap={8} align="center" wrap>
            <TicketStatusTag status={ticket.status} />
            <TicketLightTag light={ticket.light} />
            <Link to="/rectifications">{t("evaluation.ticket.backToList")}</Link>
          </Flex>
        }
      >
        {t("evaluation.ticket.title", { number: ticket.number })}
      </PageTitle>

      <CurrentStep ticket={ticket} />

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <ReviewCard ticket={ticket} />
        </Col>
        <Col xs={24} xl={12}>
          <DeadlinesCard ticket={ticket} />
        </Col>
        <Col span={24}>
          <Card title={t("evaluation.ticket.progress")}>
            <ProgressSteps ticket={ticket} followsUp={followsUp} decides={decides} onChanged={setUpdated} />
          </Card>
        </Col>
        {(ticket.deadlineChanges?.length ?? 0) > 0 && (
          <Col span={24}>
            <DeadlineChangesCard changes={ticket.deadlineChanges} />
          </Col>
        )}
      </Row>
    </section>
  );
}

/** The banner saying which step is due and by when (or how the ticket ended). */
function CurrentStep({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const step = dueStep(ticket);
  if (step && ticket.dueDate) {
    const overdue = ticket.light === "red";
    return (
      <Alert
        type={overdue ? "error" : ticket.light === "yellow" ? "warning" : "info"}
        showIcon
        style={{ marginBottom: 16 }}
        data-testid="current-step"
        title={
          <>
            {t(overdue ? "evaluation.ticket.currentOverdue" : "evaluation.ticket.current", { step: t(`evaluation.step.${step}`), date: ticket.dueDate })}
            <ProvisionalTag show={ticket.deadlinesEstimated === true} testId="current-step-provisional" />
          </>
        }
      />
    );
  }
  const key = ticket.status === "fixed" ? "awaitingRating" : ticket.status === "set_aside" ? "setAside" : "closed";
  return <Alert type={ticket.status === "fixed" ? "info" : "success"} showIcon style={{ marginBottom: 16 }} data-testid="current-step" title={t(`evaluation.ticket.ended.${key}`)} />;
}

function ReviewCard({ ticket }: { ticket: Ticket }) {
  const { t, i18n } = useTranslation();
  const r = ticket.review;
  const c = ticket.citizen;
  return (
    <Card title={t("evaluation.ticket.reviewTitle")} style={{ height: "100%" }}>
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: "level", label: t("evaluation.field.level"), children: <LevelTag level={r.level} /> },
          ...(r.reasons.length ? [{ key: "reasons", label: t("evaluation.field.reasons"), children: <ReasonTags reasons={r.reasons} /> }] : []),
          ...(r.comment ? [{ key: "comment", label: t("evaluation.field.comment"), children: <span lang="zh-CN">{r.comment}</span> }] : []),
          { key: "at", label: t("evaluation.field.reviewedAt"), children: formatDateTime(r.at) },
          { key: "channel", label: t("evaluation.field.channel"), children: t(`evaluation.channel.${r.channel}`, { defaultValue: r.channel }) },
          { key: "service", label: t("evaluation.field.service"), children: r.serviceName },
          ...(r.windowNumber ? [{ key: "window", label: t("evaluation.field.window"), children: r.windowNumber }] : []),
          ...(r.caseNumber ? [{ key: "case", label: t("evaluation.field.caseNumber"), children: r.caseNumber }] : []),
          ...(r.transactionEndedAt ? [{ key: "ended", label: t("evaluation.field.endedAt"), children: formatDateTime(r.transactionEndedAt) }] : []),
          { key: "department", label: t("evaluation.field.department"), children: i18n.language === "en" ? ticket.department.nameEn : ticket.department.name },
          {
            key: "clerk",
            label: t("evaluation.field.clerk"),
            children: ticket.clerk ? (ticket.clerk.staffNo ? t("evaluation.field.clerkWithNo", { name: ticket.clerk.name, staffNo: ticket.clerk.staffNo }) : ticket.clerk.name) : t("common.none"),
          },
          {
            key: "citizen",
            label: t("evaluation.field.citizen"),
            children: (
              <span data-testid="ticket-citizen">
                {!r.realName ? (
                  <Tag>{t("evaluation.ticket.anonymous")}</Tag>
                ) : c ? (
                  <Flex gap={8} wrap align="center">
                    {c.name && <span>{c.name}</span>}
                    {c.phone && <Typography.Text copyable>{c.phone}</Typography.Text>}
                    {c.accountHolder && <Tag color="blue">{t("evaluation.ticket.accountHolder")}</Tag>}
                  </Flex>
                ) : (
                  t("common.none")
                )}
              </span>
            ),
          },
        ]}
      />
    </Card>
  );
}

function DeadlinesCard({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const step = dueStep(ticket);
  const mark = (s: "verify" | "fix") => (step === s ? <Tag color={ticket.light === "red" ? "red" : "processing"}>{t("evaluation.ticket.dueNow")}</Tag> : null);
  return (
    <Card title={t("evaluation.ticket.deadlinesTitle")} style={{ height: "100%" }}>
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: "opened", label: t("evaluation.field.openedDate"), children: <span data-testid="opened-date">{ticket.openedDate}</span> },
          {
            key: "verify",
            label: t("evaluation.step.verify"),
            children: (
              <Flex gap={8} align="center" wrap>
                <Typography.Text strong data-testid="verify-due">
                  {ticket.verifyDue}
                </Typography.Text>
                <ProvisionalTag show={ticket.deadlinesEstimated === true} testId="verify-due-provisional" />
                <Typography.Text type="secondary">{t("evaluation.ticket.workingDays", { n: VERIFY_DAYS })}</Typography.Text>
                {mark("verify")}
              </Flex>
            ),
          },
          {
            key: "fix",
            label: t("evaluation.step.fix"),
            children: (
              <Flex gap={8} align="center" wrap>
                <Typography.Text strong data-testid="fix-due">
                  {ticket.fixDue}
                </Typography.Text>
                <ProvisionalTag show={ticket.deadlinesEstimated === true} testId="fix-due-provisional" />
                <Typography.Text type="secondary">{t("evaluation.ticket.workingDays", { n: ticket.complex ? FIX_DAYS_COMPLEX : FIX_DAYS })}</Typography.Text>
                {ticket.complex && <Tag color="gold">{t("evaluation.ticket.complex")}</Tag>}
                {mark("fix")}
              </Flex>
            ),
          },
          { key: "rule", label: t("evaluation.ticket.ruleLabel"), children: <Typography.Text type="secondary">{t("evaluation.ticket.rule")}</Typography.Text> },
          ...(ticket.deadlinesEstimated
            ? [{ key: "estimated", label: t("evaluation.ticket.estimatedLabel"), children: <Typography.Text type="warning" data-testid="deadlines-estimated">{t("evaluation.ticket.estimated")}</Typography.Text> }]
            : []),
        ]}
      />
    </Card>
  );
}

type StepStatus = "wait" | "process" | "finish" | "error";

function ProgressSteps({ ticket, followsUp, decides, onChanged }: { ticket: Ticket; followsUp: boolean; decides: boolean; onChanged: (t: Ticket) => void }) {
  const { t } = useTranslation();
  const step = dueStep(ticket);
  const overdue = ticket.light === "red";
  const live = ticket.status === "open" || ticket.status === "verified";
  const running = (s: "verify" | "fix"): StepStatus => (step === s ? (overdue ? "error" : "process") : "wait");
  const due = (date: string, n: number) => (
    <>
      {t("evaluation.ticket.dueBy", { date, n })}
      <ProvisionalTag show={ticket.deadlinesEstimated === true} testId="step-due-provisional" />
    </>
  );

  // 1 · verify and contact
  const verify: ReactNode = ticket.verifiedAt ? (
    <Done at={ticket.verifiedAt} testId="verify-done">
      <Tag color={ticket.contactResult === "contacted" ? "green" : "default"}>{t(`evaluation.contact.${ticket.contactResult ?? "contacted"}`)}</Tag>
      <span lang="zh-CN">{ticket.verifyNote}</span>
    </Done>
  ) : ticket.status === "open" && followsUp ? (
    <VerifyForm ticket={ticket} onChanged={onChanged} />
  ) : (
    <Typography.Text type="secondary">{t("evaluation.ticket.pendingStep")}</Typography.Text>
  );

  // 2 · plan for a complex matter (optional)
  const plan: ReactNode = ticket.complex ? (
    <Done testId="plan-done">
      <span lang="zh-CN" style={{ whiteSpace: "pre-wrap" }}>
        {ticket.plan}
      </span>
    </Done>
  ) : live && followsUp ? (
    <PlanForm ticket={ticket} onChanged={onChanged} />
  ) : (
    <Typography.Text type="secondary">{t("evaluation.ticket.notComplex")}</Typography.Text>
  );

  // 3 · the fix
  const fix: ReactNode = ticket.fixedAt ? (
    <Done at={ticket.fixedAt} testId="fix-done">
      <span lang="zh-CN" style={{ whiteSpace: "pre-wrap" }}>
        {ticket.fixNote}
      </span>
    </Done>
  ) : ticket.status === "verified" && followsUp ? (
    <NoteForm
      testId="fix-form"
      label={t("evaluation.ticket.fixNote")}
      placeholder={t("evaluation.ticket.fixPlaceholder")}
      minLength={4}
      submitLabel={t("evaluation.ticket.fixSubmit")}
      onSubmit={async (note) => onChanged(await fixTicket(ticket.id, { note }))}
    />
  ) : (
    <Typography.Text type="secondary">{ticket.status === "open" ? t("evaluation.ticket.fixAfterVerify") : t("evaluation.ticket.pendingStep")}</Typography.Text>
  );

  // 4 · the citizen rates the fix
  const rated = ticket.fixRating !== null;
  const rating: ReactNode = rated ? (
    <Done at={ticket.fixRatedAt} testId="fix-rating-done">
      <LevelTag level={ticket.fixRating!} />
      {ticket.fixComment && <span lang="zh-CN">{ticket.fixComment}</span>}
    </Done>
  ) : ticket.status === "fixed" ? (
    <Typography.Text>{t("evaluation.ticket.awaitingCitizen")}</Typography.Text>
  ) : ticket.status === "closed" ? (
    <Typography.Text type="secondary">{t("evaluation.ticket.closedWithoutRating")}</Typography.Text>
  ) : (
    <Typography.Text type="secondary">{t("evaluation.ticket.ratingAfterFix")}</Typography.Text>
  );

  // 5 · appeal (beside the follow-up)
  const a = ticket.appeal;
  const appealStatus: StepStatus = !a ? "wait" : a.decision === "pending" ? "process" : "finish";
  const appeal: ReactNode = a ? (
    <Flex vertical gap={8} data-testid="appeal">
      <Done at={a.at}>
        <span lang="zh-CN">{a.reason}</span>
      </Done>
      {a.decision === "pending" ? (
        decides ? (
          <AppealDecisionForm ticket={ticket} onChanged={onChanged} />
        ) : (
          <Tag color="purple" style={{ alignSelf: "flex-start" }}>
            {t("evaluation.appeal.pending")}
          </Tag>
        )
      ) : (
        <Alert
          type={a.decision === "upheld" ? "success" : "warning"}
          showIcon
          data-testid="appeal-decision"
          title={t(`evaluation.appeal.${a.decision === "upheld" ? "upheld" : "rejected"}`)}
          description={
            <>
              <span lang="zh-CN">{a.decisionReason}</span>
              <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                {formatDateTime(a.decidedAt)}
              </Typography.Text>
            </>
          }
        />
      )}
    </Flex>
  ) : live || ticket.status === "fixed" ? (
    followsUp ? (
      <AppealForm ticket={ticket} onChanged={onChanged} />
    ) : (
      <Typography.Text type="secondary">{t("evaluation.appeal.none")}</Typography.Text>
    )
  ) : (
    <Typography.Text type="secondary">{t("evaluation.appeal.none")}</Typography.Text>
  );

  return (
    <Steps
      orientation="vertical"
      data-testid="ticket-steps"
      items={[
        {
          title: t("evaluation.step.verify"),
          subTitle: due(ticket.verifyDue, VERIFY_DAYS),
          status: ticket.verifiedAt ? "finish" : ticket.status === "set_aside" ? "wait" : running("verify"),
          content: <StepBody testId="step-verify">{verify}</StepBody>,
        },
        {
          title: t("evaluation.step.plan"),
          subTitle: t("evaluation.ticket.planSub", { n: FIX_DAYS_COMPLEX }),
          status: ticket.complex ? "finish" : "wait",
          content: <StepBody testId="step-plan">{plan}</StepBody>,
        },
        {
          title: t("evaluation.step.fix"),
          subTitle: due(ticket.fixDue, ticket.complex ? FIX_DAYS_COMPLEX : FIX_DAYS),
          status: ticket.fixedAt ? "finish" : running("fix"),
          content: <StepBody testId="step-fix">{fix}</StepBody>,
        },
        {
          title: t("evaluation.step.rating"),
          status: rated || ticket.status === "closed" ? "finish" : ticket.status === "fixed" ? "process" : "wait",
          content: <StepBody testId="step-rating">{rating}</StepBody>,
        },
        {
          title: t("evaluation.step.appeal"),
          subTitle: t("evaluation.appeal.sub"),
          status: appealStatus,
          content: <StepBody testId="step-appeal">{appeal}</StepBody>,
        },
      ]}
    />
  );
}

function StepBody({ children, testId }: { children: ReactNode; testId: string }) {
  return (
    <div data-testid={testId} style={{ padding: "4px 0 16px", maxWidth: 820 }}>
      {children}
    </div>
  );
}

function Done({ at, children, testId }: { at?: string | null; children: ReactNode; testId?: string }) {
  return (
    <Flex gap={8} align="center" wrap data-testid={testId}>
      {children}
      {at && <Typography.Text type="secondary">{formatDateTime(at)}</Typography.Text>}
    </Flex>
  );
}

/** A text and a button; the server's refusal shown above the button. */
function NoteForm({
  label,
  placeholder,
  minLength,
  submitLabel,
  onSubmit,
  testId,
  extra,
  ready = true,
}: {
  label: string;
  placeholder: string;
  minLength: number;
  submitLabel: string;
  onSubmit: (text: string) => Promise<void>;
  testId: string;
  extra?: ReactNode;
  /** False while something besides the text is still to be chosen. */
  ready?: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const short = text.trim().length < minLength;
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await onSubmit(text.trim());
      void message.success(t("common.saved"));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Flex vertical gap={8} data-testid={testId}>
      {extra}
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 2, maxRows: 8 }}
        maxLength={2000}
        placeholder={placeholder}
        aria-label={label}
      />
      <Typography.Text type="secondary">{t("evaluation.ticket.minLength", { n: minLength })}</Typography.Text>
      {error && <FieldErrorsAlert error={error} testId={`${testId}-error`} />}
      <Button type="primary" disabled={short || !ready} loading={busy} onClick={() => void submit()} style={{ alignSelf: "flex-start" }}>
        {submitLabel}
      </Button>
    </Flex>
  );
}

function VerifyForm({ ticket, onChanged }: { ticket: Ticket; onChanged: (t: Ticket) => void }) {
  const { t } = useTranslation();
  const realName = ticket.review.realName;
  const [contact, setContact] = useState<ContactResult>(realName ? "contacted" : "anonymous");
  const options: ContactResult[] = ["contacted", "unreachable", "anonymous"];
  return (
    <NoteForm
      testId="verify-form"
      label={t("evaluation.ticket.verifyNote")}
      placeholder={t("evaluation.ticket.verifyPlaceholder")}
      minLength={4}
      submitLabel={t("evaluation.ticket.verifySubmit")}
      onSubmit={async (note) => onChanged(await verifyTicket(ticket.id, { contactResult: contact, note }))}
      extra={
        <Radio.Group
          value={contact}
          onChange={(e) => setContact(e.target.value as ContactResult)}
          aria-label={t("evaluation.ticket.contactResult")}
          options={options.map((o) => ({
            value: o,
            label: t(`evaluation.contact.${o}`),
            // A real-name review must be called back; an anonymous one cannot be.
            disabled: realName ? o === "anonymous" : o !== "anonymous",
          }))}
        />
      }
    />
  );
}

function PlanForm({ ticket, onChanged }: { ticket: Ticket; onChanged: (t: Ticket) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <Flex gap={8} align="center" wrap>
        <Typography.Text type="secondary">{t("evaluation.ticket.planHint")}</Typography.Text>
        <Button onClick={() => setOpen(true)} data-testid="plan-open">
          {t("evaluation.ticket.planOpen")}
        </Button>
      </Flex>
    );
  }
  return (
    <NoteForm
      testId="plan-form"
      label={t("evaluation.ticket.plan")}
      placeholder={t("evaluation.ticket.planPlaceholder")}
      minLength={10}
      submitLabel={t("evaluation.ticket.planSubmit")}
      onSubmit={async (plan) => onChanged(await planTicket(ticket.id, { plan }))}
    />
  );
}

function AppealForm({ ticket, onChanged }: { ticket: Ticket; onChanged: (t: Ticket) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <Flex gap={8} align="center" wrap>
        <Typography.Text type="secondary">{t("evaluation.appeal.hint")}</Typography.Text>
        <Button onClick={() => setOpen(true)} data-testid="appeal-open">
          {t("evaluation.appeal.open")}
        </Button>
      </Flex>
    );
  }
  return (
    <NoteForm
      testId="appeal-form"
      label={t("evaluation.appeal.reason")}
      placeholder={t("evaluation.appeal.placeholder")}
      minLength={4}
      submitLabel={t("evaluation.appeal.submit")}
      onSubmit={async (reason) => onChanged(await appealTicket(ticket.id, { reason }))}
    />
  );
}

function AppealDecisionForm({ ticket, onChanged }: { ticket: Ticket; onChanged: (t: Ticket) => void }) {
  const { t } = useTranslation();
  // No default: upholding sets a citizen's review aside, so it is always an explicit choice.
  const [uphold, setUphold] = useState<boolean>();
  return (
    <NoteForm
      testId="appeal-decision-form"
      label={t("evaluation.appeal.decisionReason")}
      placeholder={t("evaluation.appeal.decisionPlaceholder")}
      minLength={4}
      submitLabel={t("evaluation.appeal.decide")}
      ready={uphold !== undefined}
      onSubmit={async (reason) => onChanged(await decideAppeal(ticket.id, { uphold: uphold === true, reason }))}
      extra={
        <Radio.Group
          value={uphold}
          onChange={(e) => setUphold(e.target.value as boolean)}
          aria-label={t("evaluation.appeal.decision")}
          options={[
            { value: true, label: t("evaluation.appeal.uphold") },
            { value: false, label: t("evaluation.appeal.reject") },
          ]}
        />
      }
    />
  );
}
