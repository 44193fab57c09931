import { PlusOutlined } from "@ant-design/icons";
import { App, Button, Card, Form, Input, Select, Switch, Table, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { createWindowService, listWindowServices, updateWindowService } from "../../api/endpoints";
import type { TransactionKind, WindowService } from "../../api/types";
import { LoadError } from "../../components/LoadError";
import { FormModal, useFormSubmit } from "../../components/FormModal";
import { useErrorText } from "../../lib/errors";
import { useLoader } from "../../lib/useLoader";
import { useDepartmentOptions } from "../users/UserFields";

const KINDS: TransactionKind[] = ["consultation", "acceptance", "supplement_notice", "pickup", "other"];
const FIELDS = ["code", "departmentId", "nameZh", "nameEn", "kind"];

type Target = { mode: "create" } | { mode: "edit"; service: WindowService };

/** The services (办事事项) each department's windows offer at the desk: add, rename, retire. */
export function WindowServicesCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const services = useLoader(listWindowServices, []);
  const [target, setTarget] = useState<Target | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const toggle = async (s: WindowService, active: boolean) => {
    setBusy(s.code);
    try {
      await updateWindowService(s.code, { active });
      void message.success(t("common.saved"));
      services.reload();
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card
      title={
        <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
          {t("desk.services.title")}
        </Typography.Title>
      }
      extra={
        <Button icon={<PlusOutlined aria-hidden />} onClick={() => setTarget({ mode: "create" })} data-testid="window-service-create">
          {t("desk.services.create")}
        </Button>
      }
      data-testid="window-services"
    >
      <Typography.Paragraph type="secondary">{t("desk.services.intro")}</Typography.Paragraph>
      {services.error ? (
        <LoadError error={services.error} onRetry={services.reload} />
      ) : (
        <Table<WindowService>
          rowKey="code"
          size="small"
          loading={services.loading}
          dataSource={services.data ?? []}
          pagination={false}
          columns={[
            { title: t("desk.services.department"), dataIndex: "departmentCode", width: 90 },
            { title: t("desk.services.code"), dataIndex: "code", width: 130, render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
            { title: t("desk.services.nameZh"), dataIndex: "nameZh" },
            { title: t("desk.services.nameEn"), dataIndex: "nameEn" },
            { title: t("desk.services.kind"), dataIndex: "kind", width: 100, render: (k: TransactionKind) => t(`desk.kinds.${k}`) },
            {
              title: t("desk.services.active"),
              dataIndex: "active",
              width: 100,
              render: (_, s) => (
                <Switch
                  checked={s.active}
                  loading={busy === s.code}
                  onChange={(v) => void toggle(s, v)}
                  aria-label={`${t("desk.services.active")} ${s.code}`}
                  checkedChildren={t("common.active")}
                  unCheckedChildren={t("common.inactive")}
                />
              ),
            },
            {
              title: t("common.actions"),
              key: "actions",
              width: 90,
              render: (_, s) => (
                <Button type="link" size="small" onClick={() => setTarget({ mode: "edit", service: s })}>
                  {t("common.edit")}
                </Button>
              ),
            },
          ]}
        />
      )}
      <ServiceModal
        target={target}
        onClose={() => setTarget(null)}
        onSaved={() => {
          setTarget(null);
          services.reload();
        }}
      />
    </Card>
  );
}

interface Values {
  code: string;
  departmentId: string;
  nameZh: string;
  nameEn: string;
  kind: TransactionKind;
}

function ServiceModal({ target, onClose, onSaved }: { target: Target | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const departmentOptions = useDepartmentOptions();
  const [form] = Form.useForm<Values>();
  const editing = target?.mode === "edit" ? target.service : null;

  const { error, setError, saving, onFinish } = useFormSubmit(
    form,
    FIELDS,
    (v: Values) =>
      editing ? updateWindowService(editing.code, { nameZh: v.nameZh, nameEn: v.nameEn, kind: v.kind }) : createWindowService({ ...v, code: v.code.trim() }),
    { created: !editing, onSaved },
  );

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    setError(null);
    if (target.mode === "edit") form.setFieldsValue({ ...target.service });
    else form.setFieldsValue({ kind: "consultation" });
  }, [target, form]);

  return (
    <FormModal<Values>
      open={target !== null}
      title={editing ? t("desk.services.edit") : t("desk.services.create")}
      creating={editing === null}
      form={form}
      name="window-service"
      saving={saving}
      error={error}
      onFinish={onFinish}
      onClose={onClose}
    >
        <Form.Item label={t("desk.services.department")} name="departmentId" rules={[{ required: true, message: t("desk.services.chooseDepartment") }]}>
          <Select options={departmentOptions} disabled={editing !== null} />
        </Form.Item>
        <Form.Item
          label={t("desk.services.code")}
          name="code"
          extra={t("desk.services.codeHint")}
          normalize={(v: string) => v.toUpperCase()}
          rules={[{ required: true }, { pattern: /^[A-Z0-9][A-Z0-9-]{1,38}$/, message: t("desk.services.codeHint") }]}
        >
          <Input disabled={editing !== null} autoComplete="off" />
        </Form.Item>
        <Form.Item label={t("desk.services.nameZh")} name="nameZh" rules={[{ required: true, whitespace: true }, { min: 2, max: 60 }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label={t("desk.services.nameEn")} name="nameEn" rules={[{ required: true, whitespace: true }, { min: 2, max: 100 }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label={t("desk.services.kind")} name="kind" rules={[{ required: true }]}>
          <Select options={KINDS.map((k) => ({ value: k, label: t(`desk.kinds.${k}`) }))} />
        </Form.Item>
    </FormModal>
  );
}
