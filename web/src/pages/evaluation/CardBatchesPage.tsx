import { FilePdfOutlined, PlusOutlined } from "@ant-design/icons";
import { App, Button, Card, Form, Input, InputNumber, Modal, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { cardBatchPdfUrl, createCardBatch, listCardBatches, type CardBatch } from "../../api/evaluation";
import { FieldErrorsAlert } from "../../components/FieldErrorsAlert";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { applyFieldErrors, toApiError } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { useLoader } from "../../lib/useLoader";
import type { ApiError } from "../../api/client";

interface NewBatch {
  size: number;
  note?: string;
}

/**
 * /cards (supervisors, admins): printed batches of supervision cards (服务监督卡) — how
 * many were handed out at the windows and used — a new batch, and each batch's PDF.
 */
export function CardBatchesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const loaded = useLoader(listCardBatches, []);
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [form] = Form.useForm<NewBatch>();

  if (loaded.error?.code === "FORBIDDEN") return <LoadError error={loaded.error} />;

  const onFinish = async (v: NewBatch) => {
    setSaving(true);
    setError(null);
    try {
      const b = await createCardBatch({ size: v.size, note: v.note?.trim() || null });
      void message.success(t("evaluation.cards.created", { number: b.number, size: b.size }));
      setCreating(false);
      loaded.reload();
    } catch (err) {
      if (!applyFieldErrors(form, err, ["size", "note"])) setError(toApiError(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section data-testid="card-batches">
      <PageTitle
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined aria-hidden />}
            onClick={() => {
              setError(null);
              setCreating(true);
            }}
            data-testid="batch-new"
          >
            {t("evaluation.cards.new")}
          </Button>
        }
      >
        {t("evaluation.cards.title")}
      </PageTitle>
      <Typography.Paragraph type="secondary">{t("evaluation.cards.intro")}</Typography.Paragraph>
      {loaded.error && <LoadError error={loaded.error} onRetry={loaded.reload} />}
      <Card>
        <Table<CardBatch>
          rowKey="id"
          size="middle"
          loading={loaded.loading}
          dataSource={loaded.data ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: t("evaluation.cards.empty") }}
          columns={[
            { title: t("evaluation.cards.number"), dataIndex: "number", width: 150, render: (n: string) => <span data-testid="batch-number">{n}</span> },
            { title: t("evaluation.cards.size"), dataIndex: "size", align: "right", width: 90 },
            { title: t("evaluation.cards.bound"), dataIndex: "bound", align: "right", width: 90, render: (n: number) => <span data-testid="batch-bound">{n}</span> },
            { title: t("evaluation.cards.used"), dataIndex: "used", align: "right", width: 90, render: (n: number) => <span data-testid="batch-used">{n}</span> },
            { title: t("evaluation.cards.note"), dataIndex: "note", render: (n: string | null) => n ?? t("common.none") },
            { title: t("evaluation.cards.createdAt"), dataIndex: "createdAt", width: 170, render: (v: string) => formatDateTime(v) },
            { title: t("evaluation.cards.createdBy"), dataIndex: "createdBy", width: 120, render: (v: string | null) => v ?? t("common.none") },
            {
              title: t("common.actions"),
              key: "pdf",
              width: 140,
              render: (_, b) => (
                <a href={cardBatchPdfUrl(b.id)} download data-testid={`batch-pdf-${b.number}`}>
                  <FilePdfOutlined aria-hidden /> {t("evaluation.cards.pdf")}
                </a>
              ),
            },
          ]}
        />
      </Card>

      <Modal
        open={creating}
        title={t("evaluation.cards.new")}
        onCancel={() => setCreating(false)}
        okText={t("evaluation.cards.create")}
        okButtonProps={{ loading: saving, "data-testid": "batch-create" }}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t("evaluation.cards.newIntro")}</Typography.Paragraph>
        {error && <FieldErrorsAlert error={error} testId="batch-error" />}
        <Form<NewBatch> form={form} preserve={false} layout="vertical" initialValues={{ size: 100 }} onFinish={(v) => void onFinish(v)}>
          <Form.Item name="size" label={t("evaluation.cards.size")} rules={[{ required: true, type: "integer", min: 1, max: 2000, message: t("evaluation.cards.sizeRule") }]}>
            <InputNumber min={1} max={2000} precision={0} style={{ width: 160 }} data-testid="batch-size" />
          </Form.Item>
          <Form.Item name="note" label={t("evaluation.cards.note")}>
            <Input maxLength={100} placeholder={t("evaluation.cards.notePlaceholder")} data-testid="batch-note" />
          </Form.Item>
        </Form>
      </Modal>
    </section>
  );
}
