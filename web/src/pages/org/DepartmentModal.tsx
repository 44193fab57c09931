import { Alert, App, Form, Input, Modal, Select, Switch } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { createDepartment, updateDepartment } from "../../api/endpoints";
import type { Department } from "../../api/types";
import { applyFieldErrors, useErrorText } from "../../lib/errors";
import { useLocalName } from "../../lib/locale";
import { useOrg } from "../../org/OrgContext";

interface Values {
  centreId: string;
  code: string;
  nameZh: string;
  nameEn: string;
  active: boolean;
}

const FIELDS = ["centreId", "code", "nameZh", "nameEn", "active"];

/** What the modal is doing: creating in a centre, or editing a department. */
export type DepartmentTarget = { mode: "create"; centreId: string } | { mode: "edit"; department: Department };

/** Create or edit a department. The code and centre are fixed once created (the API does not change them). */
export function DepartmentModal({ target, onClose, onSaved }: { target: DepartmentTarget | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const name = useLocalName();
  const errorText = useErrorText();
  const org = useOrg().data;
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const editing = target?.mode === "edit" ? target.department : null;

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    setError(null);
    form.setFieldsValue(
      target.mode === "edit"
        ? { ...target.department }
        : { centreId: target.centreId, code: "", nameZh: "", nameEn: "", active: true },
    );
  }, [target, form]);

  const onFinish = async (v: Values) => {
    setSaving(true);
    setError(null);
    try {
      if (editing) await updateDepartment(editing.id, { nameZh: v.nameZh.trim(), nameEn: v.nameEn.trim(), active: v.active });
      else await createDepartment({ centreId: v.centreId, code: v.code.trim(), nameZh: v.nameZh.trim(), nameEn: v.nameEn.trim() });
      void message.success(editing ? t("common.saved") : t("common.created"));
      onSaved();
    } catch (err) {
      if (!applyFieldErrors(form, err, FIELDS)) setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={target !== null}
      title={editing ? t("org.editDepartment") : t("org.newDepartment")}
      okText={editing ? t("common.save") : t("common.create")}
      cancelText={t("common.cancel")}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      forceRender
    >
      {error !== null && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" name="department" onFinish={onFinish}>
        <Form.Item label={t("org.centre")} name="centreId" rules={[{ required: true }]}>
          <Select disabled={editing !== null} options={(org?.centres ?? []).map((c) => ({ value: c.id, label: name(c) }))} />
        </Form.Item>
        <Form.Item
          label={t("org.code")}
          name="code"
          extra={editing ? undefined : t("org.codeHint")}
          normalize={(v: string) => v.toUpperCase()}
          rules={[{ required: true }, { pattern: /^[A-Z][A-Z0-9_]{1,19}$/, message: t("org.codeHint") }]}
        >
          <Input disabled={editing !== null} autoComplete="off" />
        </Form.Item>
        <Form.Item label={t("org.nameZh")} name="nameZh" rules={[{ required: true, whitespace: true }, { max: 60 }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label={t("org.nameEn")} name="nameEn" rules={[{ required: true, whitespace: true }, { max: 120 }]}>
          <Input autoComplete="off" />
        </Form.Item>
        {editing && (
          <Form.Item label={t("org.active")} name="active" valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
