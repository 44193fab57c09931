import { UnlockOutlined } from "@ant-design/icons";
import { Alert, App, Button, Drawer, Flex, Form, Input, Switch } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { updateUser, type UserChanges } from "../../api/endpoints";
import type { User } from "../../api/types";
import { applyFieldErrors, useErrorText } from "../../lib/errors";
import { formatDateTime, isLocked } from "../../lib/format";
import { usePasswordRule } from "../../lib/password";
import { StaffPhotoField } from "./StaffPhotoField";
import { blankToNull, PROFILE_FIELDS, UserProfileFields, type ProfileValues } from "./UserFields";

interface EditValues extends ProfileValues {
  disabled: boolean;
  password?: string;
}

const FIELDS = [...PROFILE_FIELDS, "disabled", "password"];

function toValues(u: User): EditValues {
  return {
    displayName: u.displayName,
    roles: u.roles,
    departmentId: u.departmentId,
    staffNo: u.staffNo ?? "",
    phone: u.phone ?? "",
    email: u.email ?? "",
    locale: u.locale,
    departmentHead: u.departmentHead,
    homeWindowId: u.homeWindowId,
    disabled: u.disabled,
    password: "",
  };
}

/** Only what changed, so the audit log names the fields the admin really edited. */
function changesOf(u: User, v: EditValues): UserChanges {
  const c: UserChanges = {};
  if (v.displayName.trim() !== u.displayName) c.displayName = v.displayName.trim();
  if (v.roles.length !== u.roles.length || v.roles.some((r) => !u.roles.includes(r))) c.roles = v.roles;
  if ((v.departmentId ?? null) !== u.departmentId) c.departmentId = v.departmentId ?? null;
  if (blankToNull(v.staffNo) !== u.staffNo) c.staffNo = blankToNull(v.staffNo);
  if (blankToNull(v.phone) !== u.phone) c.phone = blankToNull(v.phone);
  if (blankToNull(v.email) !== u.email) c.email = blankToNull(v.email);
  if (v.locale !== u.locale) c.locale = v.locale;
  if ((v.departmentHead ?? false) !== u.departmentHead) c.departmentHead = v.departmentHead ?? false;
  if ((v.homeWindowId ?? null) !== u.homeWindowId) c.homeWindowId = v.homeWindowId ?? null;
  if (v.disabled !== u.disabled) c.disabled = v.disabled;
  if (v.password) c.password = v.password;
  return c;
}

/** "编辑": change an account, unlock it, or reset its password. */
export function EditUserDrawer({
  user,
  onClose,
  onSaved,
  onPhotoChanged,
}: {
  user: User | null;
  onClose: () => void;
  onSaved: (u: User, keepOpen: boolean) => void;
  /** A new photo was stored (the form's unsaved edits stay). */
  onPhotoChanged?: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const passwordRule = usePasswordRule();
  const [form] = Form.useForm<EditValues>();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!user) return;
    form.resetFields();
    form.setFieldsValue(toValues(user));
    setError(null);
  }, [user, form]);

  const save = async (changes: UserChanges, done: string, keepOpen = false) => {
    if (!user) return;
    setSaving(true);
    setError(null);
    try {
      const updated = await updateUser(user.id, changes);
      void message.success(done);
      onSaved(updated, keepOpen);
    } catch (err) {
      if (!applyFieldErrors(form, err, FIELDS)) setError(err);
    } finally {
      setSaving(false);
    }
  };

  const onFinish = (v: EditValues) => {
    if (!user) return;
    const changes = changesOf(user, v);
    if (Object.keys(changes).length === 0) return onClose();
    void save(changes, t("common.saved"));
  };

  const locked = user !== null && isLocked(user.lockedUntil);

  return (
    <Drawer
      open={user !== null}
      title={user ? t("users.editTitle", { name: user.displayName }) : ""}
      size={520}
      onClose={onClose}
      forceRender
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {t("common.save")}
          </Button>
        </Flex>
      }
    >
      {user && locked && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t("users.lockedNotice", { time: formatDateTime(user.lockedUntil) })}
          action={
            <Button size="small" icon={<UnlockOutlined aria-hidden />} loading={saving} onClick={() => void save({ unlock: true }, t("users.unlocked"), true)}>
              {t("users.unlock")}
            </Button>
          }
        />
      )}
      {error !== null && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} />}
      <Form<EditValues> form={form} layout="vertical" name="edit-user" onFinish={onFinish} disabled={saving}>
        <Form.Item label={t("users.username")} htmlFor="edit-user-username">
          <Input id="edit-user-username" value={user?.username} disabled />
        </Form.Item>
        <UserProfileFields form={form} />
        {user && <StaffPhotoField user={user} onUploaded={() => onPhotoChanged?.()} />}
        <Form.Item label={t("users.disabledSwitch")} name="disabled" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item
          label={t("users.resetPassword")}
          name="password"
          extra={t("users.resetPasswordHint")}
          rules={[passwordRule(() => user?.username)]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
