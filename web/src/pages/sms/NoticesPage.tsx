import { CheckOutlined, PlusOutlined, SendOutlined } from "@ant-design/icons";
import { App, Button, DatePicker, Flex, Form, Input, InputNumber, Radio, Segmented, Space, Table, Tag, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { addNotice, decideNotice, markOwnerTold, listNotices, type Notice } from "../../api/sms";
import { useUser } from "../../auth/AuthContext";
import { FormModal, useFormSubmit } from "../../components/FormModal";
import { CursorPager, useCursorPaging } from "../../components/CursorPager";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { useErrorText } from "../../lib/errors";
import { useLoader } from "../../lib/useLoader";
import { VillagePicker, when } from "../hotline/parts";
import { serverTodayDayjs } from "../../lib/serverTime";

const STATUSES = ["draft", "verified", "rejected", "broadcast"] as const;
const STATUS_COLOR = { draft: "processing", verified: "success", rejected: "error", broadcast: "default" } as const;

/**
 * /sms/notices: supply/demand notices from 12316 calls or entered here; another member of staff
 * verifies each (approve, or reject with the reason); a verified notice opens the broadcast composer.
 */
export function NoticesPage() {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const canWrite = user.roles.includes("operator") || user.roles.includes("supervisor");
  const [status, setStatus] = useState<(typeof STATUSES)[number]>("draft");
  const [adding, setAdding] = useState(false);
  const paging = useCursorPaging(status);
  const loaded = useLoader(() => listNotices({ status, limit: 20, after: paging.after }), [status, paging.after]);
  if (loaded.error) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  const decide = async (n: Notice, decision: "approve" | "reject", reason?: string) => {
    try {
      await decideNotice(n.id, { decision, reason: reason ?? null });
      void message.success(t(decision === "approve" ? "sms.notices.status.verified" : "sms.notices.status.rejected"));
      loaded.reload();
    } catch (err) {
      void message.error(errorText(err));
    }
  };
  // An owner on a landline takes no SMS: staff phone them and record it.
  const told = async (n: Notice) => {
    try {
      await markOwnerTold(n.id);
      void message.success(t("sms.notices.ownerToldDone"));
      loaded.reload();
    } catch (err) {
      void message.error(errorText(err));
    }
  };
  const reject = (n: Notice) => {
    let reason = "";
    modal.confirm({ title: `${t("sms.notices.reject")}：${n.product}`, content: <Input placeholder={t("sms.notices.rejectReason")} onChange={(e) => (reason = e.target.value)} data-testid="reject-reason" />, onOk: () => decide(n, "reject", reason) });
  };
  return (
    <section data-testid="notices-page">
      <PageTitle
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)} data-testid="notice-add">
              {t("sms.notices.add")}
            </Button>
          )
        }
      >
        {t("sms.notices.title")}
      </PageTitle>
      <Typography.Paragraph type="secondary">{t("sms.notices.intro")}</Typography.Paragraph>
      <Segmented value={status} onChange={setStatus} options={STATUSES.map((s) => ({ value: s, label: t(`sms.notices.status.${s}`) }))} style={{ marginBottom: 12 }} data-testid="notice-status" />
      <Table<Notice>
        rowKey="id"
        size="middle"
        loading={loaded.loading}
        dataSource={loaded.data?.items ?? []}
        pagination={false}
        data-testid="notices-table"
        scroll={{ x: 900 }}
        columns={[
          { title: t("sms.notices.kind"), dataIndex: "kind", width: 70, render: (k: Notice["kind"]) => <Tag color={k === "supply" ? "green" : "blue"}>{t(`sms.notices.kinds.${k}`)}</Tag> },
          { title: t("sms.notices.product"), key: "p", width: 160, render: (_, n) => `${n.product}${n.quantity ? ` ${n.quantity}${n.unit ?? ""}` : ""}${n.price ? ` · ${n.price}` : ""}` },
          { title: t("sms.notices.text"), dataIndex: "text", ellipsis: true },
          { title: t("sms.notices.ownerName"), key: "o", width: 150, render: (_, n) => `${n.owner.name ?? "—"} ${n.owner.phone}` },
          { title: t("sms.notices.validUntil"), dataIndex: "validUntil", width: 100 },
          { title: t("sms.notices.author"), key: "a", width: 150, render: (_, n) => <>{n.author ?? "12316"}<Typography.Text type="secondary"> {when(n.createdAt)}</Typography.Text></> },
          {
            title: "",
            key: "act",
            width: 200,
            render: (_, n) => (
              <Space>
                {n.status === "draft" && canWrite && n.authorId === user.id && <Typography.Text type="secondary">{t("sms.notices.ownDraft")}</Typography.Text>}
                {n.status === "draft" && canWrite && n.authorId !== user.id && (
                  <>
                    <Button size="small" type="primary" icon={<CheckOutlined aria-hidden />} onClick={() => void decide(n, "approve")} data-testid={`approve-${n.product}`}>
                      {t("sms.notices.approve")}
                    </Button>
                    <Button size="small" danger onClick={() => reject(n)}>
                      {t("sms.notices.reject")}
                    </Button>
                  </>
                )}
                {n.status === "verified" && canWrite && (
                  <Button size="small" icon={<SendOutlined aria-hidden />} onClick={() => navigate(`/sms/broadcasts?notice=${n.id}`)} data-testid={`broadcast-${n.product}`}>
                    {t("sms.notices.broadcast")}
                  </Button>
                )}
                {n.status === "rejected" && <Typography.Text type="danger">{n.rejectReason}</Typography.Text>}
                {n.status !== "draft" && !n.ownerToldAt && canWrite && (
                  <Button size="small" onClick={() => void told(n)} data-testid={`owner-told-${n.product}`}>
                    {t("sms.notices.ownerTold")}
                  </Button>
                )}
                {n.decidedBy && <Tag color={STATUS_COLOR[n.status]}>{n.decidedBy}</Tag>}
              </Space>
            ),
          },
        ]}
      />
      <CursorPager paging={paging} info={loaded.data} loading={loaded.loading} testId="notices-pager" />
      {canWrite && <AddModal open={adding} onClose={() => setAdding(false)} onSaved={() => (setAdding(false), loaded.reload())} />}
    </section>
  );
}

interface NoticeValues {
  ownerPhone: string;
  ownerName?: string;
  kind: "supply" | "demand";
  product: string;
  quantity?: number;
  unit?: string;
  price?: string;
  villageCode?: string;
  contactPhone: string;
  text: string;
  validUntil: Dayjs;
}

function AddModal(p: { open: boolean; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<NoticeValues>();
  const s = useFormSubmit(
    form,
    ["ownerPhone", "ownerName", "kind", "product", "quantity", "unit", "price", "villageCode", "contactPhone", "text", "validUntil"],
    (v: NoticeValues) => addNotice({ ...v, quantity: v.quantity === undefined || v.quantity === null ? null : String(v.quantity), validUntil: v.validUntil?.format("YYYY-MM-DD") ?? "" }),
    { created: true, onSaved: p.onSaved },
  );
  const required = (label: string) => [{ required: true, message: t("hotline.duty.required", { label }) }];
  return (
    <FormModal open={p.open} title={t("sms.notices.add")} creating form={form} name="notice" saving={s.saving} error={s.error} onFinish={s.onFinish} onClose={p.onClose}>
      <Flex gap={12}>
        <Form.Item name="ownerPhone" label={t("sms.notices.ownerPhone")} rules={required(t("sms.notices.ownerPhone"))} style={{ flex: 1 }}>
          <Input />
        </Form.Item>
        <Form.Item name="ownerName" label={t("sms.notices.ownerName")} style={{ flex: 1 }}>
          <Input />
        </Form.Item>
      </Flex>
      <Form.Item name="kind" label={t("sms.notices.kind")} initialValue="supply">
        <Radio.Group options={[{ value: "supply", label: t("sms.notices.kinds.supply") }, { value: "demand", label: t("sms.notices.kinds.demand") }]} />
      </Form.Item>
      <Flex gap={12}>
        <Form.Item name="product" label={t("sms.notices.product")} rules={required(t("sms.notices.product"))} style={{ flex: 2 }}>
          <Input />
        </Form.Item>
        <Form.Item name="quantity" label={t("sms.notices.quantity")} style={{ flex: 1 }}>
          <InputNumber min={0} style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="unit" label={t("sms.notices.unit")} style={{ flex: 1 }}>
          <Input placeholder="公斤" />
        </Form.Item>
      </Flex>
      <Form.Item name="price" label={t("sms.notices.price")}>
        <Input />
      </Form.Item>
      <Form.Item name="villageCode" label={t("sms.notices.place")}>
        <VillagePicker />
      </Form.Item>
      <Form.Item name="contactPhone" label={t("sms.notices.contactPhone")} rules={required(t("sms.notices.contactPhone"))}>
        <Input />
      </Form.Item>
      <Form.Item name="text" label={t("sms.notices.text")} rules={required(t("sms.notices.text"))}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item name="validUntil" label={t("sms.notices.validUntil")} initialValue={serverTodayDayjs().add(7, "day")} rules={required(t("sms.notices.validUntil"))}>
        <DatePicker disabledDate={(d) => d.isBefore(serverTodayDayjs(), "day")} />
      </Form.Item>
    </FormModal>
  );
}
