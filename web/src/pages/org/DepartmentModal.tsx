import { Form, Input, Select, Switch } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { createDepartment, updateDepartment } from "../../api/endpoints";
import type { Department } from "../../api/types";
import { FormModal, useFormSubmit } from "../../components/FormModal";
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
  const name = useLocalName();
  const org = useOrg().data;
  const [form] = Form.useForm<Values>();
  const editing = target?.mode === "edit" ? target.department : null;

  const { error, setError, saving, onFinish } = useFormSubmit(
    form,
    FIELDS,
    (v: Values) =>
      editing
        ? updateDepartment(editing.id, { nameZh: v.nameZh.trim(), nameEn: v.nameEn.trim(), active: v.active })
        : createDepartment({ centreId: v.centreId, code: v.code.trim(), nameZh: v.nameZh.trim(), nameEn: v.nameEn.trim() }),
    { created: !editing, onSaved },
  );

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

  return (
    <FormModal<Values>
      open={target !== null}
      title={editing ? t("org.editDepartment") : t("org.newDepartment")}
      creating={editing === null}
      form={form}
      name="department"
      saving={saving}
      error={error}
      onFinish={onFinish}
      onClose={onClose}
    >
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
    </FormModal>
  );
}
