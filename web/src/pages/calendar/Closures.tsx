import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, Modal, Space, Switch, Table, Tag, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { addClosure, liftClosure, listClosures, type Closure } from "../../api/calendar";
import type { ApiError } from "../../api/client";
import { FieldErrorsAlert } from "../../components/FieldErrorsAlert";
import { LoadError } from "../../components/LoadError";
import { applyFieldErrors, clearChangedFieldErrors, toApiError, useErrorText } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { useLoader } from "../../lib/useLoader";
import { useDayFormat } from "./parts";

interface AddValues {
  date: Dayjs | null;
  reason: string;
}

/**
 * 闭馆日: the days the centre closes (台风停工 …), in force or, on request, lifted too. Administrators
 * and leaders add one (date and reason, the server's errors on the fields) and lift one (with a reason).
 */
export function ClosuresCard({ canClose, round, onChanged }: { canClose: boolean; round: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const fmt = useDayFormat();
  const [includeLifted, setIncludeLifted] = useState(false);
  const list = useLoader(() => listClosures({ includeLifted }), [includeLifted, round]);
  const [lifting, setLifting] = useState<Closure | null>(null);
  return (
    <Card
      title={t("calendar.closures.title")}
      data-testid="calendar-closures"
      extra={
        <Space>
          <Switch checked={includeLifted} onChange={setIncludeLifted} aria-label={t("calendar.closures.includeLifted")} data-testid="closures-include-lifted" />
          <Typography.Text>{t("calendar.closures.includeLifted")}</Typography.Text>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t("calendar.closures.intro")}</Typography.Paragraph>
      {canClose && <AddClosureForm onAdded={onChanged} />}
      {list.error ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : (
        <Table<Closure>
          size="small"
          rowKey="id"
          loading={list.loading}
          dataSource={list.data ?? []}
          pagination={(list.data?.length ?? 0) > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          scroll={{ x: 920 }}
          locale={{ emptyText: t("calendar.closures.empty") }}
          data-testid="closures-table"
          onRow={(c) => ({ "data-testid": `closure-row-${c.date}`, "data-lifted": String(c.liftedAt !== null) }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t("calendar.closures.date"),
              dataIndex: "date",
              width: 150,
              render: (d: string) => (
                <>
                  {d} <Typography.Text type="secondary">{fmt.weekday(d)}</Typography.Text>
                </>
              ),
            },
            { title: t("calendar.closures.reason"), dataIndex: "reason", render: (r: string) => <span lang="zh-CN">{r}</span> },
            {
              title: t("calendar.closures.createdBy"),
              key: "created",
              width: 200,
              render: (_, c) => (
                <>
                  {c.createdBy ?? "—"}
                  <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
                    {formatDateTime(c.createdAt)}
                  </Typography.Text>
                </>
              ),
            },
            {
              title: t("calendar.closures.status"),
              key: "status",
              width: 220,
              render: (_, c) =>
                c.liftedAt ? (
                  <>
                    <Tag>{t("calendar.closures.lifted")}</Tag>
                    <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }} lang="zh-CN">
                      {t("calendar.closures.liftedInfo", { by: c.liftedBy ?? "—", at: formatDateTime(c.liftedAt), reason: c.liftReason ?? "" })}
                    </Typography.Text>
                  </>
                ) : (
                  <Tag color="purple">{t("calendar.closures.inForce")}</Tag>
                ),
            },
            ...(canClose
              ? [
                  {
                    title: t("common.actions"),
                    key: "actions",
                    width: 110,
                    render: (_: unknown, c: Closure) =>
                      c.liftedAt ? null : (
                        <Button type="link" size="small" onClick={() => setLifting(c)} data-testid={`closure-lift-${c.date}`}>
                          {t("calendar.closures.lift")}
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {canClose && (
        <LiftModal
          closure={lifting}
          onClose={() => setLifting(null)}
          onLifted={() => {
            setLifting(null);
            onChanged();
          }}
        />
      )}
    </Card>
  );
}

function AddClosureForm({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AddValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const required = (label: string) => [{ required: true, whitespace: true, message: t("calendar.closures.required", { label }) }];
  const onFinish = async (v: AddValues) => {
    if (!v.date) return;
    setSaving(true);
    setError(null);
    const date = v.date.format("YYYY-MM-DD");
    try {
      await addClosure({ date, reason: v.reason.trim() });
      void message.success(t("calendar.closures.added", { date }));
      form.resetFields();
      onAdded();
    } catch (err) {
      if (!applyFieldErrors(form, err, ["date", "reason"])) setError(toApiError(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <>
      {error && <FieldErrorsAlert error={error} onClose={() => setError(null)} testId="closure-error" />}
      <Form<AddValues> form={form} layout="vertical" name="calendar-closure" onFinish={(v) => void onFinish(v)} onValuesChange={(changed) => clearChangedFieldErrors(form, changed)} style={{ marginBottom: 16 }}>
        <Flex gap={12} wrap align="flex-start">
          <Form.Item name="date" label={t("calendar.closures.date")} rules={[{ required: true, message: t("calendar.closures.required", { label: t("calendar.closures.date") }) }]} style={{ marginBottom: 0, minWidth: 180 }}>
            <DatePicker style={{ width: "100%" }} aria-label={t("calendar.closures.date")} data-testid="closure-date" />
          </Form.Item>
          <Form.Item name="reason" label={t("calendar.closures.reason")} rules={required(t("calendar.closures.reason"))} style={{ marginBottom: 0, flex: "1 1 240px" }}>
            <Input maxLength={200} placeholder={t("calendar.closures.reasonPlaceholder")} aria-label={t("calendar.closures.reason")} data-testid="closure-reason" />
          </Form.Item>
          <Form.Item label=" " colon={false} style={{ marginBottom: 0 }}>
            <Button type="primary" htmlType="submit" loading={saving} data-testid="closure-add">
              {t("calendar.closures.add")}
            </Button>
          </Form.Item>
        </Flex>
      </Form>
    </>
  );
}

function LiftModal({ closure, onClose, onLifted }: { closure: Closure | null; onClose: () => void; onLifted: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (closure) {
      form.resetFields();
      setError(null);
    }
  }, [closure, form]);
  const onFinish = async (v: { reason: string }) => {
    if (!closure) return;
    setSaving(true);
    setError(null);
    try {
      await liftClosure(closure.id, { reason: v.reason.trim() });
      void message.success(t("calendar.closures.liftDone", { date: closure.date }));
      onLifted();
    } catch (err) {
      if (!applyFieldErrors(form, err, ["reason"])) setError(err);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={closure !== null}
      title={closure ? t("calendar.closures.liftTitle", { date: closure.date }) : undefined}
      okText={t("calendar.closures.liftConfirm")}
      cancelText={t("common.cancel")}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ "data-testid": "lift-confirm" }}
      forceRender
    >
      {error !== null && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} />}
      {closure && (
        <Typography.Paragraph lang="zh-CN">
          {closure.date} · {closure.reason}
        </Typography.Paragraph>
      )}
      <Form<{ reason: string }> form={form} layout="vertical" name="calendar-lift" onFinish={(v) => void onFinish(v)}>
        <Form.Item name="reason" label={t("calendar.closures.liftReason")} rules={[{ required: true, whitespace: true, message: t("calendar.closures.required", { label: t("calendar.closures.liftReason") }) }]}>
          <Input maxLength={200} placeholder={t("calendar.closures.liftReasonPlaceholder")} aria-label={t("calendar.closures.liftReason")} data-testid="lift-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
