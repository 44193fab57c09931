import { Form, Input, Select, Switch } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { createWindow, updateWindow } from "../../api/endpoints";
import type { ServiceWindow } from "../../api/types";
import { FormModal, useFormSubmit } from "../../components/FormModal";
import { useDepartmentOptions } from "../users/UserFields";

interface Values {
  departmentId: string;
  number: string;
  nameZh: string;
  nameEn: string;
  active: boolean;
}

const FIELDS = ["departmentId", "number", "nameZh", "nameEn", "active"];

/** What the modal is doing: opening a window in a department, or editing one. */
export type WindowTarget = { mode: "create"; departmentId: string } | { mode: "edit"; window: ServiceWindow };

/** Open or edit a window; an existing window may move to another department, its number stays. */
export function WindowModal({ target, onClose, onSaved }: { target: WindowTarget | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const departmentOptions = useDepartmentOptions();
  const [form] = Form.useForm<Values>();
  const editing = target?.mode === "edit" ? target.window : null;

  const { error, setError, saving, onFinish } = useFormSubmit(
    form,
    FIELDS,
    (v: Values) => {
      const names = { nameZh: v.nameZh.trim(), nameEn: v.nameEn.trim() };
      return editing
        ? updateWindow(editing.id, { departmentId: v.departmentId, ...names, active: v.active })
        : createWindow({ departmentId: v.departmentId, number: v.number.trim(), ...names });
    },
    { created: !editing, onSaved },
  );

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    setError(null);
    form.setFieldsValue(
      target.mode === "edit" ? { ...target.window } : { departmentId: target.departmentId, number: "", nameZh: "", nameEn: "", active: true },
    );
  }, [target, form]);

  return (
    <FormModal<Values>
      open={target !== null}
      title={editing ? t("org.editWindow") : t("org.newWindow")}
      creating={editing === null}
      form={form}
      name="window"
      saving={saving}
      error={error}
      onFinish={onFinish}
      onClose={onClose}
    >
        <Form.Item label={t("org.department")} name="departmentId" rules={[{ required: true }]}>
          <Select options={departmentOptions} />
        </Form.Item>
        <Form.Item
          label={t("org.number")}
          name="number"
          extra={editing ? undefined : t("org.numberHint")}
          normalize={(v: string) => v.toUpperCase()}
          rules={[{ required: true }, { pattern: /^[A-Z]{1,2}\d{2,3}$/, message: t("org.numberHint") }]}
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
    </FormModal>
  );
}
