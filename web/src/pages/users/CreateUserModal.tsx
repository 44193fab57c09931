import { Alert, App, Form, Input, Modal } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { createUser } from "../../api/endpoints";
import { applyFieldErrors, useErrorText } from "../../lib/errors";
import { usePasswordRule } from "../../lib/password";
import { blankToNull, PROFILE_FIELDS, UserProfileFields, type ProfileValues } from "./UserFields";

interface CreateValues extends ProfileValues {
  username: string;
  password: string;
}

const FIELDS = ["username", "password", ...PROFILE_FIELDS];

/** "新建用户": a modal form; the password is checked against the policy before sending. */
export function CreateUserModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const passwordRule = usePasswordRule();
  const [form] = Form.useForm<CreateValues>();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  const onFinish = async (v: CreateValues) => {
    setSaving(true);
    setError(null);
    try {
      await createUser({
        username: v.username.trim(),
        displayName: v.displayName.trim(),
        password: v.password,
        roles: v.roles,
        departmentId: v.departmentId ?? null,
        staffNo: blankToNull(v.staffNo),
        phone: blankToNull(v.phone),
        email: blankToNull(v.email),
        locale: v.locale,
        departmentHead: v.departmentHead ?? false,
        homeWindowId: v.homeWindowId ?? null,
      });
      void message.success(t("common.created"));
      form.resetFields();
      onCreated();
    } catch (err) {
      if (!applyFieldErrors(form, err, FIELDS)) setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t("users.createTitle")}
      okText={t("common.create")}
      cancelText={t("common.cancel")}
      onOk={() => form.submit()}
      onCancel={() => {
        form.resetFields();
        setError(null);
        onClose();
      }}
      confirmLoading={saving}
      width={760}
    >
      {error !== null && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} />}
      <Form<CreateValues>
        form={form}
        layout="vertical"
        name="create-user"
        onFinish={onFinish}
        initialValues={{ roles: [], locale: "zh-CN" }}
        // Two columns keep the whole form on one screen.
        style={{ display: "grid", gridTemplateColumns: "1fr 1fr", columnGap: 16 }}
      >
        <Form.Item label={t("users.username")} name="username" rules={[{ required: true, whitespace: true }, { min: 3, max: 32 }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          label={t("users.password")}
          name="password"
          dependencies={["username"]}
          rules={[{ required: true }, passwordRule(() => form.getFieldValue("username") as string | undefined)]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <UserProfileFields form={form} />
      </Form>
    </Modal>
  );
}
