import { ArrowLeftOutlined, UploadOutlined } from "@ant-design/icons";
import { App, Button, Card, Checkbox, Col, DatePicker, Descriptions, Flex, Form, Image, Input, List, Radio, Row, Select, Space, Tag, Timeline, Typography, Upload } from "antd";
import type { Dayjs } from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import {
  answerTicket,
  callbackTicket,
  closeTicket,
  dispatchVisit,
  draftTicketNotice,
  getDutyBoard,
  getSpecialists,
  getTicket,
  recordVisit,
  resumeTicket,
  searchKnowledge,
  transferTicket,
  uploadVisitPhoto,
  waitTicket,
  type KnowledgeEntry,
  type SlaClock,
  type TicketAction,
  type TicketDetail,
} from "../../api/hotline";
import { FormModal, useFormSubmit } from "../../components/FormModal";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { useErrorText } from "../../lib/errors";
import { useLoader } from "../../lib/useLoader";
import { useUser } from "../../auth/AuthContext";
import { LightTag, NoticeFields, SPECIALTY_CODES, VillagePicker, clockProvisional, noticeOf, when } from "./parts";
import { serverTodayDayjs } from "../../lib/serverTime";
import { DeadlineChangesCard } from "../../components/DeadlineChangesCard";
import { ProvisionalTag } from "../../components/ProvisionalTag";

type Modal = Exclude<TicketAction, "resume"> | null;

/**
 * /hotline/tickets/:id: the ticket with its caller, place, clocks and history; the steps open to
 * the reader as buttons (answer, transfer, dispatch, record the visit with photos, close, wait,
 * resume, call back), each in its own dialog with the server's errors on its fields.
 */
export function HotlineTicketPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const loaded = useLoader(() => getTicket(id), [id]);
  const [ticket, setTicket] = useState<TicketDetail>();
  const [modal, setModal] = useState<Modal | "notice">(null);
  const user = useUser();
  useEffect(() => setTicket(loaded.data), [loaded.data]);
  if (loaded.error) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  if (!ticket) return <Card loading />;
  const done = (next: TicketDetail) => (setTicket(next), setModal(null));
  const resume = async () => {
    try {
      done(await resumeTicket(ticket.id));
    } catch (err) {
      void message.error(errorText(err));
    }
  };
  const planned = ticket.visits.find((v) => v.status === "planned");
  return (
    <section data-testid="ticket-page" data-status={ticket.status}>
      <PageTitle
        extra={
          <Link to="/hotline/tickets">
            <ArrowLeftOutlined aria-hidden /> {t("hotline.tickets.back")}
          </Link>
        }
      >
        {t("hotline.tickets.detail")} {ticket.number}
      </PageTitle>
      <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid="ticket-actions">
        {ticket.actions.map((a) =>
          a === "resume" ? (
            <Button key={a} onClick={() => void resume()} data-testid="action-resume">
              {t("hotline.tickets.resume")}
            </Button>
          ) : (
            <Button key={a} type={a === "answer" || a === "close" || a === "callback" ? "primary" : "default"} onClick={() => setModal(a)} data-testid={`action-${a}`}>
              {t(`hotline.tickets.${ACTION_LABEL[a]}`)}
            </Button>
          ),
        )}
        {/* A supply/demand question that came without its offer: staff draft the notice here, the caller its owner. */}
        {ticket.category === "supply_demand" && (user.roles.includes("operator") || user.roles.includes("supervisor")) && !ticket.notices.some((n) => n.status === "draft" || n.status === "verified") && (
          <Button onClick={() => setModal("notice")} data-testid="action-notice">
            {t("hotline.tickets.draftNotice")}
          </Button>
        )}
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Flex vertical gap={16}>
            <Summary ticket={ticket} />
            <Visits ticket={ticket} />
            <Card size="small" title={t("hotline.tickets.timeline")}>
              <Timeline
                data-testid="ticket-timeline"
                items={ticket.events.map((e) => ({
                  key: e.id,
                  children: (
                    <>
                      <Typography.Text strong>{t(`hotline.tickets.events.${e.kind}`, { defaultValue: e.kind })}</Typography.Text> <Typography.Text type="secondary">{when(e.at)} {e.actorName ?? ""}</Typography.Text>
                      {e.kind === "deadline_moved" ? <DeadlineMovedDetail detail={e.detail} /> : <EventDetail detail={e.detail} />}
                    </>
                  ),
                }))}
              />
            </Card>
          </Flex>
        </Col>
        <Col xs={24} lg={9}>
          <Flex vertical gap={16}>
            <ClocksCard ticket={ticket} />
            <DeadlineChangesCard changes={ticket.deadlineChanges} />
            {ticket.notices.length > 0 && (
              <Card size="small" title={t("hotline.tickets.notices")}>
                {ticket.notices.map((n) => (
                  <div key={n.id}>
                    <Tag>{t(`hotline.tickets.${n.kind}`)}</Tag>
                    {n.product} {n.quantity ?? ""} {n.price ?? ""} <Tag color="default">{t(`hotline.tickets.noticeStatus.${n.status}`, { defaultValue: n.status })}</Tag>
                  </div>
                ))}
              </Card>
            )}
            <Card size="small" title={t("hotline.tickets.otherCalls")}>
              <List
                size="small"
                dataSource={ticket.history}
                locale={{ emptyText: t("hotline.tickets.noHistory") }}
                renderItem={(h) => (
                  <List.Item>
                    <Typography.Text ellipsis>
                      <Link to={`/hotline/tickets/${h.id}`}>{h.number}</Link> {h.product ? `${h.product}：` : ""}
                      {h.text}
                    </Typography.Text>
                  </List.Item>
                )}
              />
            </Card>
          </Flex>
        </Col>
      </Row>
      <AnswerModal open={modal === "answer"} ticket={ticket} onClose={() => setModal(null)} onDone={done} />
      <TransferModal open={modal === "transfer"} ticket={ticket} onClose={() => setModal(null)} onDone={done} />
      <DispatchModal open={modal === "dispatch"} ticket={ticket} onClose={() => setModal(null)} onDone={done} />
      {planned && <RecordVisitModal open={modal === "record_visit"} ticket={ticket} visitId={planned.id} onClose={() => setModal(null)} onDone={done} />}
      <CloseModal open={modal === "close"} ticket={ticket} onClose={() => setModal(null)} onDone={done} />
      <WaitModal open={modal === "wait"} ticket={ticket} onClose={() => setModal(null)} onDone={done} />
      <CallbackModal open={modal === "callback"} ticket={ticket} onClose={() => setModal(null)} onDone={done} />
      <NoticeModal open={modal === "notice"} ticket={ticket} onClose={() => setModal(null)} onDone={done} />
    </section>
  );
}

const ACTION_LABEL: Record<TicketAction, string> = {
  answer: "answer",
  transfer: "transfer",
  dispatch: "dispatch",
  record_visit: "recordVisit",
  close: "close",
  wait: "wait",
  resume: "resume",
  callback: "callback",
};

function Summary({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  return (
    <Card size="small">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: "status", label: t("hotline.tickets.statusColumn"), children: <Space size={4}><Tag color={ticket.status === "closed" ? "default" : "processing"} data-testid="ticket-status">{t(`hotline.tickets.status.${ticket.status}`)}</Tag>{ticket.waiting && <Tag color="gold">{t("hotline.tickets.waiting")}</Tag>}</Space> },
          { key: "light", label: t("hotline.tickets.light"), children: <LightTag light={ticket.light} testId="ticket-light" /> },
          { key: "caller", label: t("hotline.tickets.caller"), children: `${ticket.caller.name ?? "—"} ${ticket.caller.phone}` },
          { key: "channel", label: t("hotline.tickets.created"), children: `${when(ticket.createdAt)} · ${t(`hotline.tickets.channel.${ticket.channel}`)}` },
          { key: "place", label: t("hotline.tickets.place"), children: ticket.village?.fullName ?? ticket.address ?? (ticket.lat !== null ? `${ticket.lat}, ${ticket.lng}` : "—") },
          { key: "cat", label: t("hotline.tickets.category"), children: `${t(`hotline.categories.${ticket.category}`)}${ticket.product ? ` · ${ticket.product}` : ""}` },
          { key: "assignee", label: t("hotline.tickets.assignee"), children: <span data-testid="ticket-assignee">{ticket.assignee?.name ?? "—"}</span> },
          { key: "specialty", label: t("hotline.tickets.specialtyNeeded"), children: ticket.specialty ? t(`hotline.specialty.${ticket.specialty}`) : "—" },
          { key: "text", label: t("hotline.tickets.text"), span: 2, children: <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: "pre-wrap" }}>{ticket.text}</Typography.Paragraph> },
          ...(ticket.answer
            ? [{ key: "answer", label: t("hotline.tickets.answer"), span: 2, children: <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: "pre-wrap" }} data-testid="ticket-answer">{ticket.resolution && <Tag>{t(`hotline.tickets.resolution.${ticket.resolution}`)}</Tag>}{ticket.answer}</Typography.Paragraph> }]
            : []),
          ...(ticket.callback
            ? [{ key: "callback", label: t("hotline.tickets.callback"), span: 2, children: <span data-testid="ticket-callback">{t(`hotline.tickets.satisfactionLevels.${ticket.callback.satisfaction}`)} · {ticket.callback.method === "phone" ? t("hotline.tickets.byPhone") : t("hotline.tickets.bySms")} · {when(ticket.callback.at)}{ticket.callback.note ? ` · ${ticket.callback.note}` : ""}</span> }]
            : []),
        ]}
      />
    </Card>
  );
}

function ClockLine({ label, c, provisional, testId }: { label: string; c: SlaClock; provisional: boolean; testId: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid={testId}>
      <Typography.Text strong>{label}</Typography.Text> <LightTag light={c.light} />
      <div>
        <Typography.Text type="secondary">
          {c.met ? t("hotline.tickets.met") : c.dueAt ? t("hotline.tickets.due", { at: when(c.dueAt) }) : t("hotline.tickets.paused")} · {t("hotline.tickets.used", { used: c.usedMinutes, limit: c.limitMinutes })}
        </Typography.Text>
        <ProvisionalTag show={provisional && !c.met && c.dueAt !== null} testId={`${testId}-provisional`} />
      </div>
    </div>
  );
}

function ClocksCard({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t("hotline.tickets.clocks")} data-testid="ticket-clocks">
      <Flex vertical gap={8}>
        <ClockLine label={t("hotline.tickets.response")} c={ticket.clocks.response} provisional={clockProvisional(ticket.clocks.response, ticket)} testId="clock-response" />
        <ClockLine label={t("hotline.tickets.solution")} c={ticket.clocks.solution} provisional={clockProvisional(ticket.clocks.solution, ticket)} testId="clock-solution" />
        {ticket.pauses.map((p, i) => (
          <Typography.Text type="secondary" key={i}>
            {t("hotline.tickets.waiting")}：{when(p.from)} – {p.to ? when(p.to) : "…"}（{p.reason}）
          </Typography.Text>
        ))}
      </Flex>
    </Card>
  );
}

/** A due time moved by a calendar change: which one, before → after, and why. */
function DeadlineMovedDetail({ detail }: { detail: Record<string, unknown> }) {
  const { t } = useTranslation();
  const str = (v: unknown) => (typeof v === "string" && v ? v : null);
  const at = (v: unknown) => {
    const s = str(v);
    return s === null ? "—" : /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : when(s);
  };
  const field = str(detail.field);
  const reason = str(detail.reason);
  return (
    <div data-testid="event-deadline-moved">
      {field ? `${t(`hotline.tickets.fields.${field}`, { defaultValue: field })}：` : ""}
      {at(detail.before)} → {at(detail.after)}
      {reason && (
        <Typography.Text type="secondary" lang="zh-CN">
          {" "}
          {t("hotline.tickets.movedBy", { reason })}
        </Typography.Text>
      )}
    </div>
  );
}

function EventDetail({ detail }: { detail: Record<string, unknown> }) {
  const { t } = useTranslation();
  const parts: string[] = [];
  if (typeof detail.toName === "string") parts.push(`→ ${detail.toName}（${t(`hotline.specialty.${String(detail.specialty)}`)}）`);
  for (const k of ["note", "reason", "date", "findings", "advice", "answer", "summary"] as const) if (typeof detail[k] === "string" && detail[k]) parts.push(String(detail[k]));
  if (typeof detail.satisfaction === "string") parts.push(t(`hotline.tickets.satisfactionLevels.${detail.satisfaction}`));
  return parts.length ? <div style={{ whiteSpace: "pre-wrap" }}>{parts.join(" · ")}</div> : null;
}

function Visits({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  if (!ticket.visits.length) return null;
  return (
    <Card size="small" title={t("hotline.tickets.visits")} data-testid="ticket-visits">
      {ticket.visits.map((v) => (
        <div key={v.id} style={{ marginBottom: 12 }}>
          <Space wrap>
            <Tag color={v.status === "done" ? "success" : "processing"}>{t(`hotline.tickets.${v.status}`)}</Tag>
            <Typography.Text>{v.date}</Typography.Text>
            <Typography.Text>{v.expertName}</Typography.Text>
            <Typography.Text type="secondary">
              {v.village}
              {v.address ?? ""}
            </Typography.Text>
          </Space>
          {v.findings && (
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: "f", label: t("hotline.tickets.findings"), children: v.findings },
                { key: "a", label: t("hotline.tickets.advice"), children: v.advice },
              ]}
            />
          )}
          {v.photos.length > 0 && (
            <Image.PreviewGroup>
              <Space wrap data-testid="visit-photos">
                {v.photos.map((p) => (
                  <Image key={p.id} src={p.url} alt={p.fileName} width={96} height={96} style={{ objectFit: "cover" }} />
                ))}
              </Space>
            </Image.PreviewGroup>
          )}
        </div>
      ))}
    </Card>
  );
}

interface ModalProps {
  open: boolean;
  ticket: TicketDetail;
  onClose: () => void;
  onDone: (t: TicketDetail) => void;
}

/** A step's dialog: one form, the server's field errors on the fields. */
function useStep<V extends object>(p: ModalProps, fields: string[], save: (v: V) => Promise<TicketDetail>) {
  const [form] = Form.useForm<V>();
  let result: TicketDetail | null = null;
  const submit = useFormSubmit(form, fields, async (v: V) => (result = await save(v)), { created: false, onSaved: () => result && p.onDone(result) });
  useEffect(() => {
    if (p.open) {
      form.resetFields();
      submit.setError(null);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.open]);
  return { form, ...submit };
}

function NoticeModal(p: ModalProps) {
  const { t } = useTranslation();
  const s = useStep<{ noticeKind?: "supply" | "demand"; noticeProduct?: string; quantity?: string; unit?: string; price?: string }>(p, ["noticeKind", "noticeProduct", "quantity", "unit", "price"], (v) => draftTicketNotice(p.ticket.id, noticeOf(v)!));
  return (
    <FormModal open={p.open} title={t("hotline.tickets.draftNotice")} creating={false} form={s.form} name="notice" saving={s.saving} error={s.error} onFinish={s.onFinish} onClose={p.onClose}>
      <NoticeFields />
    </FormModal>
  );
}

function AnswerModal(p: ModalProps) {
  const { t } = useTranslation();
  const s = useStep<{ answer: string; knowledgeId?: string; publish: boolean }>(p, ["answer", "knowledgeId"], (v) => answerTicket(p.ticket.id, { answer: v.answer, knowledgeId: v.knowledgeId ?? null, publish: v.publish }));
  const [found, setFound] = useState<KnowledgeEntry[]>([]);
  const search = (q: string) => {
    if (q.trim().length < 1) return;
    searchKnowledge({ q, limit: 10 }).then((r) => setFound(r.items), () => setFound([]));
  };
  return (
    <FormModal open={p.open} title={t("hotline.tickets.answer")} creating={false} form={s.form} name="answer" saving={s.saving} error={s.error} onFinish={s.onFinish} onClose={p.onClose}>
      <Form.Item name="knowledgeId" label={t("hotline.tickets.pickKnowledge")}>
        <Select
          allowClear
          showSearch={{ filterOption: false, onSearch: search }}
          placeholder={t("hotline.knowledge.search")}
          options={found.map((e) => ({ value: e.id, label: e.title }))}
          onChange={(id) => {
            const e = found.find((x) => x.id === id);
            if (e) s.form.setFieldsValue({ answer: e.answer, publish: false });
          }}
          data-testid="answer-knowledge"
        />
      </Form.Item>
      <Form.Item name="answer" label={t("hotline.tickets.answerText")} rules={[{ required: true, message: t("hotline.duty.required", { label: t("hotline.tickets.answerText") }) }]}>
        <Input.TextArea rows={5} data-testid="answer-text" />
      </Form.Item>
      <Form.Item name="publish" valuePropName="checked" initialValue={true}>
        <Checkbox>{t("hotline.tickets.publish")}</Checkbox>
      </Form.Item>
    </FormModal>
  );
}

function TransferModal(p: ModalProps) {
  const { t } = useTranslation();
  const s = useStep<{ specialty: string; expertId?: string; note?: string }>(p, ["specialty", "expertId", "note"], (v) => transferTicket(p.ticket.id, { specialty: v.specialty, expertId: v.expertId ?? null, note: v.note ?? null }));
  const specialty = Form.useWatch("specialty", s.form);
  const [experts, setExperts] = useState<{ id: string; name: string; open: number }[]>([]);
  useEffect(() => {
    setExperts([]);
    s.form.setFieldValue("expertId", undefined);
    if (specialty) getSpecialists(specialty).then(setExperts, () => setExperts([]));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [specialty]);
  return (
    <FormModal open={p.open} title={t("hotline.tickets.transfer")} creating={false} form={s.form} name="transfer" saving={s.saving} error={s.error} onFinish={s.onFinish} onClose={p.onClose}>
      <Form.Item name="specialty" label={t("hotline.tickets.specialtyNeeded")} rules={[{ required: true, message: t("hotline.duty.required", { label: t("hotline.tickets.specialtyNeeded") }) }]}>
        <Select options={SPECIALTY_CODES.map((c) => ({ value: c, label: t(`hotline.specialty.${c}`) }))} data-testid="transfer-specialty" />
      </Form.Item>
      <Form.Item name="expertId" label={t("hotline.tickets.transferTo")}>
        <Select allowClear placeholder={t("hotline.tickets.autoPick")} options={experts.map((e) => ({ value: e.id, label: `${e.name}（${t("hotline.tickets.openCount", { n: e.open })}）` }))} data-testid="transfer-expert" />
      </Form.Item>
      <Form.Item name="note" label={t("hotline.tickets.note")}>
        <Input.TextArea rows={2} data-testid="transfer-note" />
      </Form.Item>
    </FormModal>
  );
}

function DispatchModal(p: ModalProps) {
  const { t } = useTranslation();
  const s = useStep<{ expertId?: string; date?: Dayjs; villageCode?: string; address?: string; note?: string }>(p, ["expertId", "date", "villageCode", "address", "note"], (v) =>
    dispatchVisit(p.ticket.id, { expertId: v.expertId ?? null, date: v.date ? v.date.format("YYYY-MM-DD") : "", villageCode: v.villageCode ?? "", address: v.address ?? null, note: v.note ?? null }),
  );
  const [experts, setExperts] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    if (p.open) getDutyBoard({ days: 1 }).then((b) => setExperts(b.experts), () => setExperts([]));
  }, [p.open]);
  return (
    <FormModal open={p.open} title={t("hotline.tickets.dispatch")} creating={false} form={s.form} name="dispatch" saving={s.saving} error={s.error} onFinish={s.onFinish} onClose={p.onClose}>
      <Form.Item name="expertId" label={t("hotline.tickets.visitExpert")} initialValue={p.ticket.assignee?.id}>
        <Select options={experts.map((e) => ({ value: e.id, label: e.name }))} data-testid="dispatch-expert" />
      </Form.Item>
      <Form.Item name="date" label={t("hotline.tickets.visitDate")} initialValue={serverTodayDayjs().add(1, "day")} rules={[{ required: true, message: t("hotline.duty.required", { label: t("hotline.tickets.visitDate") }) }]}>
        <DatePicker disabledDate={(d) => d.isBefore(serverTodayDayjs(), "day")} data-testid="dispatch-date" />
      </Form.Item>
      <Form.Item name="villageCode" label={t("hotline.tickets.place")} initialValue={p.ticket.villageCode ?? undefined} rules={[{ required: true, message: t("hotline.tickets.villageRequired", { label: t("hotline.tickets.place") }) }]}>
        <VillagePicker initial={p.ticket.village} testId="dispatch-village" />
      </Form.Item>
      <Form.Item name="address" label={t("hotline.tickets.address")}>
        <Input data-testid="dispatch-address" />
      </Form.Item>
      <Form.Item name="note" label={t("hotline.tickets.note")}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormModal>
  );
}

function RecordVisitModal(p: ModalProps & { visitId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [photos, setPhotos] = useState<{ id: string; name: string }[]>([]);
  const s = useStep<{ findings: string; advice: string }>(p, ["findings", "advice"], (v) => recordVisit(p.ticket.id, p.visitId, v));
  return (
    <FormModal open={p.open} title={t("hotline.tickets.recordVisit")} creating={false} form={s.form} name="record" saving={s.saving} error={s.error} onFinish={s.onFinish} onClose={p.onClose}>
      <Form.Item name="findings" label={t("hotline.tickets.findings")} rules={[{ required: true, message: t("hotline.duty.required", { label: t("hotline.tickets.findings") }) }]}>
        <Input.TextArea rows={3} data-testid="visit-findings" />
      </Form.Item>
      <Form.Item name="advice" label={t("hotline.tickets.advice")} rules={[{ required: true, message: t("hotline.duty.required", { label: t("hotline.tickets.advice") }) }]}>
        <Input.TextArea rows={3} data-testid="visit-advice" />
      </Form.Item>
      <Form.Item label={t("hotline.tickets.photos")}>
        <Upload
          accept="image/jpeg,image/png"
          showUploadList={false}
          customRequest={({ file, onSuccess, onError }) => {
            uploadVisitPhoto(p.ticket.id, p.visitId, file as File).then(
              (r) => (setPhotos((xs) => [...xs, { id: r.id, name: (file as File).name }]), onSuccess?.(r)),
              (err) => (void message.error(errorText(err)), onError?.(err as Error)),
            );
          }}
        >
          <Button icon={<UploadOutlined aria-hidden />} data-testid="visit-photo-upload">
            {t("hotline.tickets.addPhoto")}
          </Button>
        </Upload>
        <div data-testid="visit-photo-list">
          {photos.map((ph) => (
            <Tag key={ph.id}>{ph.name}</Tag>
          ))}
        </div>
      </Form.Item>
    </FormModal>
  );
}

function CloseModal(p: ModalProps) {
  const { t } = useTranslation();
  const s = useStep<{ summary?: string; publish: boolean }>(p, ["summary"], (v) => closeTicket(p.ticket.id, { summary: v.summary || null, publish: v.publish }));
  return (
    <FormModal open={p.open} title={t("hotline.tickets.close")} creating={false} form={s.form} name="close" saving={s.saving} error={s.error} onFinish={s.onFinish} onClose={p.onClose}>
      <Form.Item name="summary" label={t("hotline.tickets.summary")}>
        <Input.TextArea rows={4} data-testid="close-summary" />
      </Form.Item>
      <Form.Item name="publish" valuePropName="checked" initialValue={true}>
        <Checkbox>{t("hotline.tickets.publish")}</Checkbox>
      </Form.Item>
    </FormModal>
  );
}

function WaitModal(p: ModalProps) {
  const { t } = useTranslation();
  const s = useStep<{ reason: string }>(p, ["reason"], (v) => waitTicket(p.ticket.id, v.reason ?? ""));
  return (
    <FormModal open={p.open} title={t("hotline.tickets.wait")} creating={false} form={s.form} name="wait" saving={s.saving} error={s.error} onFinish={s.onFinish} onClose={p.onClose}>
      <Form.Item name="reason" label={t("hotline.tickets.waitReason")} rules={[{ required: true, message: t("hotline.duty.required", { label: t("hotline.tickets.waitReason") }) }]}>
        <Input data-testid="wait-reason" />
      </Form.Item>
    </FormModal>
  );
}

function CallbackModal(p: ModalProps) {
  const { t } = useTranslation();
  const s = useStep<{ method: "phone" | "sms"; satisfaction: string; note?: string }>(p, ["method", "satisfaction", "note"], (v) => callbackTicket(p.ticket.id, { method: v.method, satisfaction: v.satisfaction, note: v.note ?? null }));
  return (
    <FormModal open={p.open} title={t("hotline.tickets.callback")} creating={false} form={s.form} name="callback" saving={s.saving} error={s.error} onFinish={s.onFinish} onClose={p.onClose}>
      <Form.Item name="method" label={t("hotline.tickets.callbackMethod")} initialValue="phone">
        <Radio.Group options={[{ value: "phone", label: t("hotline.tickets.byPhone") }, { value: "sms", label: t("hotline.tickets.bySms") }]} />
      </Form.Item>
      <Form.Item name="satisfaction" label={t("hotline.tickets.satisfaction")} rules={[{ required: true, message: t("hotline.duty.required", { label: t("hotline.tickets.satisfaction") }) }]}>
        <Radio.Group optionType="button" options={(["satisfied", "basic", "unsatisfied", "unreachable"] as const).map((c) => ({ value: c, label: t(`hotline.tickets.satisfactionLevels.${c}`) }))} data-testid="callback-satisfaction" />
      </Form.Item>
      <Form.Item name="note" label={t("hotline.tickets.callbackNote")}>
        <Input.TextArea rows={2} data-testid="callback-note" />
      </Form.Item>
    </FormModal>
  );
}

