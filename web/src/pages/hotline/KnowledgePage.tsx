import { CopyOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { App, Button, Card, Empty, Flex, Form, Input, List, Popconfirm, Select, Space, Tag, Typography } from "antd";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { addKnowledge, editKnowledge, searchKnowledge, type KnowledgeEntry } from "../../api/hotline";
import { useUser } from "../../auth/AuthContext";
import { FormModal, useFormSubmit } from "../../components/FormModal";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { useErrorText } from "../../lib/errors";
import { useLoader } from "../../lib/useLoader";
import { CATEGORY_CODES, SPECIALTY_CODES, when } from "./parts";

/** The words of the query marked in a text (any run of letters or digits of the query). */
function highlight(text: string, q: string): ReactNode {
  const words = (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter(Boolean);
  if (!words.length) return text;
  const re = new RegExp(`(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`, "giu");
  return text.split(re).map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : part));
}

/**
 * /hotline/knowledge: full-text search of answered questions (Chinese, any two characters or
 * more; filters by category and specialty); operators copy an answer to reuse it on a call;
 * hotline staff add entries by hand.
 */
export function KnowledgePage() {
  const { t } = useTranslation();
  const user = useUser();
  const { message } = App.useApp();
  const canWrite = user.roles.some((r) => r === "operator" || r === "expert" || r === "supervisor");
  const [q, setQ] = useState("");
  const [category, setCategory] = useState<string>();
  const [specialty, setSpecialty] = useState<string>();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<KnowledgeEntry | null>(null);
  const canManage = user.roles.some((r) => r === "expert" || r === "supervisor");
  const errorText = useErrorText();
  const retire = async (e: KnowledgeEntry) => {
    try {
      await editKnowledge(e.id, { retired: true });
      void message.success(t("hotline.knowledge.retired"));
      loaded.reload();
    } catch (err) {
      void message.error(errorText(err));
    }
  };
  const loaded = useLoader(() => searchKnowledge({ q: q || undefined, category, specialty, limit: 20 }), [q, category, specialty]);
  if (loaded.error && loaded.error.status !== 400) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  const copy = (e: KnowledgeEntry) => navigator.clipboard?.writeText(e.answer).then(() => void message.success(t("hotline.knowledge.copied")));
  return (
    <section data-testid="knowledge-page">
      <PageTitle
        extra={
          canWrite ? (
            <Button icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)} data-testid="knowledge-add">
              {t("hotline.knowledge.add")}
            </Button>
          ) : undefined
        }
      >
        {t("hotline.knowledge.title")}
      </PageTitle>
      <Typography.Paragraph type="secondary">{t("hotline.knowledge.intro")}</Typography.Paragraph>
      <Flex wrap gap={12} style={{ marginBottom: 16 }}>
        <Input.Search allowClear enterButton placeholder={t("hotline.knowledge.search")} onSearch={(v) => setQ(v.trim())} style={{ maxWidth: 420 }} data-testid="knowledge-search" />
        <Select allowClear placeholder={t("hotline.tickets.category")} aria-label={t("hotline.tickets.category")} value={category} onChange={setCategory} style={{ width: 160 }} options={CATEGORY_CODES.map((c) => ({ value: c, label: t(`hotline.categories.${c}`) }))} />
        <Select allowClear placeholder={t("hotline.tickets.specialtyNeeded")} aria-label={t("hotline.tickets.specialtyNeeded")} value={specialty} onChange={setSpecialty} style={{ width: 160 }} options={SPECIALTY_CODES.map((c) => ({ value: c, label: t(`hotline.specialty.${c}`) }))} />
      </Flex>
      {loaded.error && <Typography.Text type="danger">{loaded.error.message}</Typography.Text>}
      <List
        loading={loaded.loading}
        dataSource={loaded.data?.items ?? []}
        locale={{ emptyText: <Empty description={t("hotline.knowledge.empty")} /> }}
        data-testid="knowledge-results"
        footer={loaded.data?.more ? <Typography.Text type="secondary">{t("hotline.knowledge.more")}</Typography.Text> : undefined}
        renderItem={(e) => (
          // The list is a <ul>: each entry in its <li> (List.Item), its card inside.
          <List.Item style={{ display: "block", padding: 0, borderBlockEnd: 0 }}>
            <Card size="small" style={{ marginBottom: 12 }} data-testid="knowledge-entry">
              <Flex justify="space-between" align="start" gap={8}>
                <Typography.Title level={5} style={{ marginTop: 0 }}>
                  {highlight(e.title, q)}
                </Typography.Title>
                <Space size={4}>
                  <Button size="small" icon={<CopyOutlined aria-hidden />} onClick={() => void copy(e)}>
                    {t("hotline.knowledge.copy")}
                  </Button>
                  {canManage && (
                    <>
                      <Button size="small" icon={<EditOutlined aria-hidden />} onClick={() => setEditing(e)} data-testid="knowledge-edit">
                        {t("hotline.knowledge.edit")}
                      </Button>
                      <Popconfirm title={t("hotline.knowledge.retireConfirm")} onConfirm={() => void retire(e)}>
                        <Button size="small" danger icon={<DeleteOutlined aria-hidden />} data-testid="knowledge-retire">
                          {t("hotline.knowledge.retire")}
                        </Button>
                      </Popconfirm>
                    </>
                  )}
                </Space>
              </Flex>
              <Space size={4} wrap style={{ marginBottom: 8 }}>
                <Tag>{t(`hotline.categories.${e.category}`)}</Tag>
                {e.specialty && <Tag color="blue">{t(`hotline.specialty.${e.specialty}`)}</Tag>}
                {e.product && <Tag color="green">{e.product}</Tag>}
                <Typography.Text type="secondary">
                  {when(e.createdAt)} · {t("hotline.knowledge.uses", { n: e.uses })}
                  {e.ticketId && (
                    <>
                      {" · "}
                      <Link to={`/hotline/tickets/${e.ticketId}`}>{t("hotline.knowledge.fromTicket")}</Link>
                    </>
                  )}
                </Typography.Text>
              </Space>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
                {t("hotline.knowledge.question")}：{highlight(e.question, q)}
              </Typography.Paragraph>
              <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginBottom: 0 }}>{highlight(e.answer, q)}</Typography.Paragraph>
            </Card>
          </List.Item>
        )}
      />
      {canWrite && <AddModal open={adding} onClose={() => setAdding(false)} onSaved={() => (setAdding(false), loaded.reload())} />}
      {canManage && editing && <EditModal entry={editing} onClose={() => setEditing(null)} onSaved={() => (setEditing(null), loaded.reload())} />}
    </section>
  );
}

interface EntryValues {
  title: string;
  category: string;
  specialty?: string;
  product?: string;
  question: string;
  answer: string;
}

function AddModal(p: { open: boolean; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EntryValues>();
  const s = useFormSubmit(form, ["title", "category", "specialty", "product", "question", "answer"], (v: EntryValues) => addKnowledge({ ...v, specialty: v.specialty ?? null, product: v.product ?? null }), { created: true, onSaved: p.onSaved });
  return (
    <FormModal open={p.open} title={t("hotline.knowledge.add")} creating form={form} name="knowledge" saving={s.saving} error={s.error} onFinish={s.onFinish} onClose={p.onClose}>
      <Form.Item name="title" label={t("hotline.knowledge.titleField")} rules={[{ required: true, message: t("hotline.duty.required", { label: t("hotline.knowledge.titleField") }) }]}>
        <Input />
      </Form.Item>
      <Form.Item name="category" label={t("hotline.tickets.category")} initialValue="production">
        <Select options={CATEGORY_CODES.map((c) => ({ value: c, label: t(`hotline.categories.${c}`) }))} />
      </Form.Item>
      <Form.Item name="specialty" label={t("hotline.tickets.specialtyNeeded")}>
        <Select allowClear options={SPECIALTY_CODES.map((c) => ({ value: c, label: t(`hotline.specialty.${c}`) }))} />
      </Form.Item>
      <Form.Item name="product" label={t("hotline.tickets.product")}>
        <Input />
      </Form.Item>
      <Form.Item name="question" label={t("hotline.knowledge.question")} rules={[{ required: true, message: t("hotline.duty.required", { label: t("hotline.knowledge.question") }) }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item name="answer" label={t("hotline.knowledge.answer")} rules={[{ required: true, message: t("hotline.duty.required", { label: t("hotline.knowledge.answer") }) }]}>
        <Input.TextArea rows={5} />
      </Form.Item>
    </FormModal>
  );
}

function EditModal(p: { entry: KnowledgeEntry; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ title: string; product?: string; specialty?: string; answer: string }>();
  const s = useFormSubmit(form, ["title", "product", "specialty", "answer"], (v: { title: string; product?: string; specialty?: string; answer: string }) => editKnowledge(p.entry.id, { title: v.title, product: v.product || null, specialty: v.specialty ?? null, answer: v.answer }), { created: false, onSaved: p.onSaved });
  return (
    <FormModal open title={t("hotline.knowledge.edit")} creating={false} form={form} name="knowledge-edit" saving={s.saving} error={s.error} onFinish={s.onFinish} onClose={p.onClose}>
      <Form.Item name="title" label={t("hotline.knowledge.titleField")} initialValue={p.entry.title} rules={[{ required: true, message: t("hotline.duty.required", { label: t("hotline.knowledge.titleField") }) }]}>
        <Input />
      </Form.Item>
      <Form.Item name="specialty" label={t("hotline.tickets.specialtyNeeded")} initialValue={p.entry.specialty ?? undefined}>
        <Select allowClear options={SPECIALTY_CODES.map((c) => ({ value: c, label: t(`hotline.specialty.${c}`) }))} />
      </Form.Item>
      <Form.Item name="product" label={t("hotline.tickets.product")} initialValue={p.entry.product ?? undefined}>
        <Input />
      </Form.Item>
      <Form.Item name="answer" label={t("hotline.knowledge.answer")} initialValue={p.entry.answer} rules={[{ required: true, message: t("hotline.duty.required", { label: t("hotline.knowledge.answer") }) }]}>
        <Input.TextArea rows={6} data-testid="knowledge-edit-answer" />
      </Form.Item>
    </FormModal>
  );
}
