import { CalendarOutlined, PlusOutlined } from "@ant-design/icons";
import { App, Button, Card, Col, DatePicker, Empty, Flex, Form, Input, Popconfirm, Row, Select, Space, Switch, Table, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { addOverride, cancelOverride, getDutyBoard, saveRoster, type DutyBoard, type DutyTurn } from "../../api/hotline";
import { useUser } from "../../auth/AuthContext";
import { FormModal, useFormSubmit } from "../../components/FormModal";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { useErrorText } from "../../lib/errors";
import { useLocale } from "../../lib/locale";
import { useLoader } from "../../lib/useLoader";

const DAY = "YYYY-MM-DD";
const LAYER_COLOR = { working: "blue", holiday: "purple", override: "orange", none: "default" } as const;

/**
 * /hotline/duty (operators, experts, supervisors, admins): who is on duty today and next, the
 * next two weeks, the experts with their specialties, swaps and leave. Supervisors and admins
 * edit the roster and add or cancel overrides.
 */
export function DutyPage() {
  const { t } = useTranslation();
  const user = useUser();
  const canManage = user.roles.includes("supervisor") || user.roles.includes("admin");
  const loaded = useLoader(() => getDutyBoard({ days: 14 }), []);
  const data = loaded.data;
  const [overrideOpen, setOverrideOpen] = useState(false);
  const [rosterOpen, setRosterOpen] = useState(false);
  if (loaded.error) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  return (
    <section data-testid="duty-page">
      <PageTitle
        extra={
          canManage && data ? (
            <Space>
              <Button icon={<PlusOutlined aria-hidden />} onClick={() => setOverrideOpen(true)} data-testid="add-override">
                {t("hotline.duty.addOverride")}
              </Button>
              <Button icon={<CalendarOutlined aria-hidden />} onClick={() => setRosterOpen(true)} data-testid="edit-roster">
                {t("hotline.duty.editRoster")}
              </Button>
            </Space>
          ) : undefined
        }
      >
        {t("hotline.duty.title")}
      </PageTitle>
      <Typography.Paragraph type="secondary">{t("hotline.duty.intro")}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          <TurnCard title={t("hotline.duty.now")} turn={data?.now ?? null} board={data} testId="duty-now" loading={loaded.loading} />
        </Col>
        <Col xs={24} md={12}>
          <TurnCard title={t("hotline.duty.next")} turn={data?.next ?? null} board={data} testId="duty-next" loading={loaded.loading} />
        </Col>
        <Col xs={24} lg={14}>
          <ScheduleCard data={data} loading={loaded.loading} />
        </Col>
        <Col xs={24} lg={10}>
          <Flex vertical gap={16}>
            <OverridesCard data={data} canManage={canManage} onChanged={loaded.reload} />
            <ExpertsCard data={data} />
          </Flex>
        </Col>
      </Row>
      {data && canManage && (
        <>
          <OverrideModal open={overrideOpen} board={data} onClose={() => setOverrideOpen(false)} onSaved={() => (setOverrideOpen(false), loaded.reload())} />
          <RosterModal open={rosterOpen} board={data} onClose={() => setRosterOpen(false)} onSaved={() => (setRosterOpen(false), loaded.reload())} />
        </>
      )}
    </section>
  );
}

function useSpecialty() {
  const { t } = useTranslation();
  return (code: string) => t(`hotline.specialty.${code}`, { defaultValue: code });
}

function weekday(date: string, locale: string) {
  return dayjs(date).toDate().toLocaleDateString(locale === "en" ? "en-GB" : "zh-CN", { weekday: "short" });
}

function TurnCard({ title, turn, board, testId, loading }: { title: string; turn: DutyTurn | null; board: DutyBoard | undefined; testId: string; loading: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const specialty = useSpecialty();
  const expert = board?.experts.find((e) => e.id === turn?.expertId);
  return (
    <Card title={title} loading={loading} data-testid={testId}>
      {turn?.expertId ? (
        <Flex vertical gap={6}>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid={`${testId}-name`}>
            {turn.expertName}
          </Typography.Title>
          <Typography.Text type="secondary">
            {turn.date} {weekday(turn.date, locale)} · {t(`hotline.duty.layer.${turn.layer}`)}
            {turn.reason ? `（${turn.reason}）` : ""}
          </Typography.Text>
          <div>{expert?.specialties.map((s) => <Tag key={s}>{specialty(s)}</Tag>)}</div>
        </Flex>
      ) : (
        <Typography.Text type="secondary">{board?.roster ? t("hotline.duty.nobody") : t("hotline.duty.noRoster")}</Typography.Text>
      )}
    </Card>
  );
}

function ScheduleCard({ data, loading }: { data: DutyBoard | undefined; loading: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Card title={t("hotline.duty.schedule")}>
      <Table<DutyTurn>
        rowKey="date"
        size="small"
        loading={loading}
        pagination={false}
        dataSource={data?.schedule ?? []}
        data-testid="duty-schedule"
        columns={[
          {
            title: t("hotline.duty.date"),
            dataIndex: "date",
            render: (d: string, r) => (
              <Space>
                <span>
                  {d} {weekday(d, locale)}
                </span>
                <Tag color={r.workingDay ? "green" : "default"}>{r.workingDay ? t("hotline.duty.workday") : t("hotline.duty.rest")}</Tag>
                {r.estimated && <Tag title={t("hotline.duty.estimated")}>≈</Tag>}
              </Space>
            ),
          },
          { title: t("hotline.duty.expert"), dataIndex: "expertName", render: (n: string | null) => n ?? "—" },
          {
            title: " ",
            key: "layer",
            render: (_, r) => (
              <Tag color={LAYER_COLOR[r.layer]}>
                {t(`hotline.duty.layer.${r.layer}`)}
                {r.reason ? `：${r.reason}` : ""}
              </Tag>
            ),
          },
        ]}
      />
    </Card>
  );
}

function OverridesCard({ data, canManage, onChanged }: { data: DutyBoard | undefined; canManage: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const cancel = async (id: string) => {
    try {
      await cancelOverride(id);
      onChanged();
    } catch (err) {
      void message.error(errorText(err));
    }
  };
  return (
    <Card title={t("hotline.duty.overrides")} data-testid="duty-overrides">
      {data?.overrides.length ? (
        <Flex vertical gap={8}>
          {data.overrides.map((o) => (
            <Flex key={o.id} justify="space-between" align="center" gap={8}>
              <span>
                {o.from === o.to ? o.from : `${o.from} – ${o.to}`} · <Typography.Text strong>{o.expertName}</Typography.Text> · {o.reason}
              </span>
              {canManage && (
                <Popconfirm title={t("hotline.duty.cancelConfirm")} onConfirm={() => cancel(o.id)}>
                  <Button size="small" type="link">
                    {t("hotline.duty.cancel")}
                  </Button>
                </Popconfirm>
              )}
            </Flex>
          ))}
        </Flex>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("hotline.duty.noOverrides")} />
      )}
    </Card>
  );
}

function ExpertsCard({ data }: { data: DutyBoard | undefined }) {
  const { t } = useTranslation();
  const specialty = useSpecialty();
  return (
    <Card title={t("hotline.duty.experts")}>
      <Flex vertical gap={8}>
        {(data?.experts ?? []).map((e) => (
          <div key={e.id}>
            <Typography.Text strong>{e.name}</Typography.Text> {e.staffNo && <Typography.Text type="secondary">{e.staffNo}</Typography.Text>}
            <div>
              {e.specialties.map((s) => (
                <Tag key={s}>{specialty(s)}</Tag>
              ))}
            </div>
          </div>
        ))}
      </Flex>
    </Card>
  );
}

interface OverrideValues {
  range: [Dayjs, Dayjs];
  expertId: string;
  reason: string;
}

function OverrideModal({ open, board, onClose, onSaved }: { open: boolean; board: DutyBoard; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<OverrideValues>();
  const required = (label: string) => [{ required: true, message: t("hotline.duty.required", { label }) }];
  const submit = useFormSubmit(form, ["expertId", "reason"], (v: OverrideValues) => addOverride({ from: v.range[0].format(DAY), to: v.range[1].format(DAY), expertId: v.expertId, reason: v.reason }), {
    created: true,
    onSaved: () => (form.resetFields(), onSaved()),
  });
  return (
    <FormModal open={open} title={t("hotline.duty.addOverride")} creating form={form} name="override" saving={submit.saving} error={submit.error} onFinish={submit.onFinish} onClose={onClose}>
      <Form.Item name="range" label={`${t("hotline.duty.from")} – ${t("hotline.duty.to")}`} rules={required(t("hotline.duty.from"))}>
        <DatePicker.RangePicker style={{ width: "100%" }} />
      </Form.Item>
      <Form.Item name="expertId" label={t("hotline.duty.expert")} rules={required(t("hotline.duty.expert"))}>
        <Select aria-label={t("hotline.duty.expert")} options={board.experts.map((e) => ({ value: e.id, label: e.name }))} />
      </Form.Item>
      <Form.Item name="reason" label={t("hotline.duty.reason")} rules={required(t("hotline.duty.reason"))}>
        <Input maxLength={200} aria-label={t("hotline.duty.reason")} />
      </Form.Item>
    </FormModal>
  );
}

interface RosterValues {
  working: string[];
  workingStart: Dayjs;
  holidayOn: boolean;
  holiday: string[];
  holidayStart: Dayjs | null;
}

function RosterModal({ open, board, onClose, onSaved }: { open: boolean; board: DutyBoard; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RosterValues>();
  const holidayOn = Form.useWatch("holidayOn", form);
  const experts = board.experts.map((e) => ({ value: e.id, label: e.name }));
  const required = (label: string) => [{ required: true, message: t("hotline.duty.required", { label }) }];
  const submit = useFormSubmit(
    form,
    ["working", "holiday"],
    (v: RosterValues) =>
      saveRoster({
        working: { members: v.working, start: v.workingStart.format(DAY) },
        holiday: v.holidayOn && v.holidayStart ? { members: v.holiday ?? [], start: v.holidayStart.format(DAY) } : null,
        revision: board.roster?.revision ?? 0,
      }),
    { created: false, onSaved },
  );
  const r = board.roster;
  return (
    <FormModal open={open} title={t("hotline.duty.editRoster")} creating={false} form={form} name="roster" saving={submit.saving} error={submit.error} onFinish={submit.onFinish} onClose={onClose}>
      <Form.Item name="working" label={t("hotline.duty.working")} rules={required(t("hotline.duty.working"))} initialValue={r?.working.members ?? []}>
        <Select mode="multiple" options={experts} aria-label={t("hotline.duty.working")} />
      </Form.Item>
      <Form.Item name="workingStart" label={t("hotline.duty.start")} rules={required(t("hotline.duty.start"))} initialValue={r ? dayjs(r.working.start) : dayjs(board.today)}>
        <DatePicker />
      </Form.Item>
      <Form.Item name="holidayOn" label={t("hotline.duty.holidayOn")} valuePropName="checked" initialValue={!!r?.holiday}>
        <Switch />
      </Form.Item>
      {holidayOn && (
        <>
          <Form.Item name="holiday" label={t("hotline.duty.holiday")} rules={required(t("hotline.duty.holiday"))} initialValue={r?.holiday?.members ?? []}>
            <Select mode="multiple" options={experts} aria-label={t("hotline.duty.holiday")} />
          </Form.Item>
          <Form.Item name="holidayStart" label={t("hotline.duty.start")} rules={required(t("hotline.duty.start"))} initialValue={r?.holiday ? dayjs(r.holiday.start) : dayjs(board.today)}>
            <DatePicker />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}
