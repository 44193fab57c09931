import { DownloadOutlined, ImportOutlined, PlusOutlined, UploadOutlined } from "@ant-design/icons";
import { Alert, App, Button, DatePicker, Descriptions, Drawer, Flex, Form, Input, Modal, Progress, Select, Table, Tag, Typography, Upload } from "antd";
import type { Dayjs } from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { addSubscriber, editSubscriber, getImport, getSubscriber, listSubscribers, optOutSubscriber, startImport, type ImportStatus, type Subscriber, type SubscriberDetail } from "../../api/sms";
import { useUser } from "../../auth/AuthContext";
import { FormModal, useFormSubmit } from "../../components/FormModal";
import { CursorPager, useCursorPaging } from "../../components/CursorPager";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { useErrorText } from "../../lib/errors";
import { useLoader } from "../../lib/useLoader";
import { VillagePicker, when } from "../hotline/parts";
import { RegionPicker } from "./parts";
import { serverDayjs } from "../../lib/serverTime";

const ROLES = ["farmer", "buyer", "coop"] as const;
const CONSENT = ["paper", "phone", "web", "import"] as const;

/**
 * /sms/subscribers: real-name subscribers with their products, region and role; staff add one with
 * the record of consent, import a list (progress, then the rows not imported), export all, and
 * opt a number out at the subscriber's request.
 */
export function SubscribersPage() {
  const { t } = useTranslation();
  const user = useUser();
  const canManage = user.roles.includes("operator") || user.roles.includes("supervisor");
  const [q, setQ] = useState("");
  const [tag, setTag] = useState("");
  const [region, setRegion] = useState<string[]>([]);
  const [role, setRole] = useState<string>();
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const paging = useCursorPaging(JSON.stringify([q, tag, region, role]));
  const loaded = useLoader(() => listSubscribers({ q: q || undefined, tag: tag || undefined, region: region[0], role, limit: 20, after: paging.after }), [q, tag, region, role, paging.after]);
  if (loaded.error) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  return (
    <section data-testid="subscribers-page">
      <PageTitle
        extra={
          canManage && (
            <Flex gap={8}>
              <Button icon={<DownloadOutlined aria-hidden />} href="/api/sms/subscribers/export.xlsx" data-testid="subscribers-export">
                {t("sms.subscribers.export")}
              </Button>
              <Button icon={<ImportOutlined aria-hidden />} onClick={() => setImporting(true)} data-testid="subscribers-import">
                {t("sms.subscribers.import")}
              </Button>
              <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)} data-testid="subscribers-add">
                {t("sms.subscribers.add")}
              </Button>
            </Flex>
          )
        }
      >
        {t("sms.subscribers.title")}
      </PageTitle>
      <Typography.Paragraph type="secondary">{t("sms.subscribers.intro")}</Typography.Paragraph>
      <Flex wrap gap={12} style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t("sms.subscribers.search")} onSearch={(v) => setQ(v.trim())} style={{ width: 200 }} />
        <Input.Search allowClear placeholder={t("sms.subscribers.tag")} onSearch={(v) => setTag(v.trim())} style={{ width: 160 }} />
        <RegionPicker value={region} onChange={(v) => setRegion(v.slice(-1))} style={{ width: 260 }} />
        <Select allowClear placeholder={t("sms.subscribers.role")} aria-label={t("sms.subscribers.role")} value={role} onChange={(v) => setRole(v)} options={ROLES.map((r) => ({ value: r, label: t(`sms.subscribers.roles.${r}`) }))} style={{ width: 120 }} />
      </Flex>
      <Table<Subscriber>
        rowKey="id"
        size="middle"
        loading={loaded.loading}
        dataSource={loaded.data?.items ?? []}
        pagination={false}
        data-testid="subscribers-table"
        columns={[
          {
            title: t("sms.subscribers.name"),
            dataIndex: "name",
            width: 100,
            render: (name: string, s) => (
              <Typography.Link onClick={() => setOpen(s.id)} data-testid="subscriber-open">
                {name}
              </Typography.Link>
            ),
          },
          { title: t("sms.subscribers.phone"), dataIndex: "phone", width: 130 },
          { title: t("sms.subscribers.village"), dataIndex: "village", ellipsis: true },
          { title: t("sms.subscribers.role"), dataIndex: "role", width: 90, render: (r: string) => t(`sms.subscribers.roles.${r}`) },
          { title: t("sms.subscribers.tags"), dataIndex: "tags", render: (tags: string[]) => tags.map((x) => <Tag key={x}>{x}</Tag>) },
          {
            title: "",
            key: "out",
            width: 140,
            render: (_, s) =>
              s.optedOutAt ? (
                <Tag color="default">
                  {t("sms.subscribers.optedOut")} {s.optedOutAt.slice(0, 10)}
                </Tag>
              ) : canManage ? (
                <OptOutButton subscriber={s} onDone={loaded.reload} />
              ) : null,
          },
        ]}
      />
      <CursorPager paging={paging} info={loaded.data} loading={loaded.loading} testId="subscribers-pager" />
      {canManage && <AddModal open={adding} onClose={() => setAdding(false)} onSaved={() => (setAdding(false), loaded.reload())} />}
      {canManage && <ImportModal open={importing} onClose={() => (setImporting(false), loaded.reload())} />}
      <SubscriberDrawer id={open} canManage={canManage} onClose={() => setOpen(null)} onSaved={loaded.reload} />
    </section>
  );
}

function OptOutButton({ subscriber, onDone }: { subscriber: Subscriber; onDone: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  return (
    <Button
      size="small"
      onClick={() => {
        let reason = "";
        modal.confirm({
          title: `${t("sms.subscribers.optOut")}：${subscriber.name}`,
          content: <Input placeholder={t("sms.subscribers.optOutReason")} onChange={(e) => (reason = e.target.value)} />,
          onOk: async () => {
            try {
              await optOutSubscriber(subscriber.id, reason);
              onDone();
            } catch (err) {
              void message.error(errorText(err));
            }
          },
        });
      }}
    >
      {t("sms.subscribers.optOut")}
    </Button>
  );
}

interface AddValues {
  phone: string;
  name: string;
  villageCode: string;
  role: string;
  tags: string[];
  method: string;
  givenAt?: Dayjs;
  note?: string;
}

function AddModal(p: { open: boolean; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AddValues>();
  const s = useFormSubmit(form, ["phone", "name", "villageCode", "role", "tags", "method", "note"], (v: AddValues) => addSubscriber({ phone: v.phone, name: v.name, villageCode: v.villageCode, role: v.role, tags: v.tags ?? [], consent: { method: v.method, givenAt: v.givenAt ? v.givenAt.toISOString() : null, note: v.note ?? null } }), { created: true, onSaved: p.onSaved });
  const required = (label: string) => [{ required: true, message: t("hotline.duty.required", { label }) }];
  return (
    <FormModal open={p.open} title={t("sms.subscribers.add")} creating form={form} name="subscriber" saving={s.saving} error={s.error} onFinish={s.onFinish} onClose={p.onClose}>
      <Form.Item name="phone" label={t("sms.subscribers.phone")} rules={required(t("sms.subscribers.phone"))}>
        <Input inputMode="tel" data-testid="subscriber-phone" />
      </Form.Item>
      <Form.Item name="name" label={t("sms.subscribers.name")} rules={required(t("sms.subscribers.name"))}>
        <Input data-testid="subscriber-name" />
      </Form.Item>
      <Form.Item name="villageCode" label={t("sms.subscribers.village")} rules={required(t("sms.subscribers.village"))}>
        <VillagePicker testId="subscriber-village" />
      </Form.Item>
      <Form.Item name="role" label={t("sms.subscribers.role")} initialValue="farmer">
        <Select options={ROLES.map((r) => ({ value: r, label: t(`sms.subscribers.roles.${r}`) }))} />
      </Form.Item>
      <Form.Item name="tags" label={t("sms.subscribers.tags")} extra={t("sms.subscribers.tagsHint")} rules={required(t("sms.subscribers.tags"))}>
        <Select mode="tags" open={false} tokenSeparators={[",", "，", "、", " "]} data-testid="subscriber-tags" />
      </Form.Item>
      <Form.Item name="method" label={t("sms.subscribers.consent")} initialValue="paper">
        <Select options={CONSENT.map((c) => ({ value: c, label: t(`sms.subscribers.consentMethods.${c}`) }))} />
      </Form.Item>
      <Form.Item name="givenAt" label={t("sms.subscribers.givenAt")} extra={t("sms.subscribers.givenAtHint")}>
        <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.isAfter(serverDayjs())} style={{ width: "100%" }} data-testid="subscriber-given-at" />
      </Form.Item>
      <Form.Item name="note" label={t("sms.subscribers.consentNote")}>
        <Input />
      </Form.Item>
    </FormModal>
  );
}

/** Upload, then a progress bar while the server works through the rows, then the rows not imported. */
function ImportModal(p: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [file, setFile] = useState<File | null>(null);
  const [method, setMethod] = useState("import");
  const [status, setStatus] = useState<ImportStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (p.open) (setFile(null), setStatus(null), setError(null));
  }, [p.open]);
  useEffect(() => {
    if (!status || status.status !== "processing") return;
    const timer = setTimeout(() => getImport(status.id).then(setStatus, setError), 500);
    return () => clearTimeout(timer);
  }, [status]);
  const start = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const started = await startImport(file, method);
      setStatus(await getImport(started.id));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={p.open} title={t("sms.subscribers.importTitle")} onCancel={p.onClose} footer={null} width={720} data-testid="import-modal">
      <Typography.Paragraph type="secondary">{t("sms.subscribers.importHint")}</Typography.Paragraph>
      {error !== null && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 12 }} data-testid="import-error" />}
      {!status && (
        <Flex vertical gap={12}>
          <Upload accept=".xlsx,.csv" maxCount={1} beforeUpload={(f) => (setFile(f), false)} onRemove={() => setFile(null)}>
            <Button icon={<UploadOutlined aria-hidden />} data-testid="import-file">
              {t("sms.subscribers.chooseFile")}
            </Button>
          </Upload>
          <Select value={method} onChange={setMethod} options={CONSENT.map((c) => ({ value: c, label: t(`sms.subscribers.consentMethods.${c}`) }))} style={{ width: 280 }} />
          <Button type="primary" disabled={!file} loading={busy} onClick={() => void start()} data-testid="import-start">
            {t("sms.subscribers.startImport")}
          </Button>
        </Flex>
      )}
      {status && (
        <Flex vertical gap={12} data-testid="import-status" data-status={status.status}>
          <Progress percent={Math.round((status.done / Math.max(1, status.total)) * 100)} status={status.status === "failed" ? "exception" : status.status === "done" ? "success" : "active"} aria-label={t("sms.subscribers.progress", { done: status.done, total: status.total })} />
          <Typography.Text>{status.status === "processing" ? t("sms.subscribers.progress", { done: status.done, total: status.total }) : t("sms.subscribers.importDone", { imported: status.imported, updated: status.updated, rejected: status.rejected })}</Typography.Text>
          {status.errors.length > 0 && (
            <>
              <Table
                size="small"
                rowKey={(e) => `${e.row}-${e.field}-${e.message}`}
                dataSource={status.errors}
                pagination={{ pageSize: 8 }}
                data-testid="import-errors"
                columns={[
                  { title: t("sms.subscribers.row"), dataIndex: "row", width: 70 },
                  { title: t("sms.subscribers.column"), dataIndex: "field", width: 120 },
                  { title: t("sms.subscribers.problem"), dataIndex: "message" },
                ]}
              />
              {status.status !== "processing" && (
                <Button icon={<DownloadOutlined aria-hidden />} href={`/api/sms/imports/${status.id}/errors.xlsx`}>
                  {t("sms.subscribers.errorsReport")}
                </Button>
              )}
            </>
          )}
          <Typography.Text type="secondary">{when(status.createdAt)}</Typography.Text>
        </Flex>
      )}
    </Modal>
  );
}

interface EditValues {
  name: string;
  villageCode: string;
  role: string;
  tags: string[];
}

/** One subscriber in full (the read is audited): region, role, products, every consent record (when, how, by whom), opt-out; staff correct the record. */
function SubscriberDrawer(p: { id: string | null; canManage: boolean; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [detail, setDetail] = useState<SubscriberDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<EditValues>();
  useEffect(() => {
    setDetail(null);
    setError(null);
    setEditing(false);
    if (p.id) getSubscriber(p.id).then(setDetail, setError);
  }, [p.id]);
  const s = useFormSubmit(form, ["name", "villageCode", "role", "tags"], async (v: EditValues) => setDetail(await editSubscriber(p.id!, { name: v.name, villageCode: v.villageCode, role: v.role, tags: v.tags })), {
    created: false,
    onSaved: () => (setEditing(false), p.onSaved()),
  });
  const required = (label: string) => [{ required: true, message: t("hotline.duty.required", { label }) }];
  return (
    <Drawer open={p.id !== null} onClose={p.onClose} title={detail ? `${detail.name} ${detail.phone}` : t("sms.subscribers.detail")} size={640} data-testid="subscriber-drawer">
      {error !== null && <Alert type="error" showIcon title={errorText(error)} />}
      {detail && !editing && (
        <Flex vertical gap={16}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t("sms.subscribers.village")}>{detail.village ?? detail.villageCode}</Descriptions.Item>
            <Descriptions.Item label={t("sms.subscribers.role")}>{t(`sms.subscribers.roles.${detail.role}`)}</Descriptions.Item>
            <Descriptions.Item label={t("sms.subscribers.tags")}>{detail.tags.map((x) => <Tag key={x}>{x}</Tag>)}</Descriptions.Item>
            <Descriptions.Item label={t("sms.subscribers.optedOut")}>
              {detail.optOut ? `${when(detail.optOut.at)} · ${t(`sms.subscribers.optOutSources.${detail.optOut.source}`)}${detail.optOut.detail ? ` · ${detail.optOut.detail}` : ""}` : "—"}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t("sms.subscribers.consents")}
          </Typography.Title>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={detail.consents}
            data-testid="subscriber-consents"
            columns={[
              { title: t("sms.subscribers.givenAt"), dataIndex: "givenAt", width: 150, render: (v: string) => when(v) },
              { title: t("sms.subscribers.consent"), dataIndex: "method", render: (m: string) => t(`sms.subscribers.consentMethods.${m}`, { defaultValue: m }) },
              { title: t("sms.subscribers.recordedBy"), dataIndex: "recordedByName", width: 100, render: (v: string | null) => v ?? "—" },
              { title: t("sms.subscribers.consentNote"), dataIndex: "note", render: (v: string | null) => v ?? "" },
            ]}
          />
          {p.canManage && (
            <Button onClick={() => (form.setFieldsValue({ name: detail.name, villageCode: detail.villageCode, role: detail.role, tags: detail.tags }), setEditing(true))} data-testid="subscriber-edit">
              {t("sms.subscribers.edit")}
            </Button>
          )}
        </Flex>
      )}
      {detail && editing && (
        <Form<EditValues> form={form} layout="vertical" name="subscriber-edit" onFinish={s.onFinish}>
          {s.error !== null && <Alert type="error" showIcon title={errorText(s.error)} style={{ marginBottom: 12 }} />}
          <Form.Item name="name" label={t("sms.subscribers.name")} rules={required(t("sms.subscribers.name"))}>
            <Input />
          </Form.Item>
          <Form.Item name="villageCode" label={t("sms.subscribers.village")} rules={required(t("sms.subscribers.village"))}>
            <VillagePicker initial={detail.village ? { code: detail.villageCode, level: "village", name: detail.village, countyCode: detail.villageCode.slice(0, 6), path: [], fullName: detail.village } : null} />
          </Form.Item>
          <Form.Item name="role" label={t("sms.subscribers.role")}>
            <Select options={ROLES.map((r) => ({ value: r, label: t(`sms.subscribers.roles.${r}`) }))} />
          </Form.Item>
          <Form.Item name="tags" label={t("sms.subscribers.tags")} extra={t("sms.subscribers.tagsHint")} rules={required(t("sms.subscribers.tags"))}>
            <Select mode="tags" open={false} tokenSeparators={[",", "，", "、", " "]} />
          </Form.Item>
          <Flex gap={8}>
            <Button type="primary" htmlType="submit" loading={s.saving} data-testid="subscriber-save">
              {t("common.save")}
            </Button>
            <Button onClick={() => setEditing(false)}>{t("common.cancel")}</Button>
          </Flex>
        </Form>
      )}
    </Drawer>
  );
}
