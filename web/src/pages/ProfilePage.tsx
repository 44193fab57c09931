import { PASSWORD_MIN_LENGTH } from "@yichuang/core";
import { Alert, App, Button, Card, Col, Form, Input, Row, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { changePassword } from "../api/endpoints";
import { useUser } from "../auth/AuthContext";
import { PageTitle } from "../components/PageTitle";
import { ProfileCard } from "../components/ProfileCard";
import { applyFieldErrors, useErrorText } from "../lib/errors";
import { usePasswordRule } from "../lib/password";

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

const FIELDS = ["currentPassword", "newPassword"] as const;

/** /profile: the user's own details and password change. */
export function ProfilePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useUser();
  const errorText = useErrorText();
  const passwordRule = usePasswordRule();
  const [form] = Form.useForm<PasswordValues>();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  const onFinish = async (v: PasswordValues) => {
    setSaving(true);
    setError(null);
    try {
      await changePassword(v.currentPassword, v.newPassword);
      form.resetFields();
      void message.success(t("profile.passwordChanged"));
    } catch (err) {
      if (!applyFieldErrors(form, err, FIELDS)) setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <section data-testid="profile-page">
      <PageTitle>{t("profile.title")}</PageTitle>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <ProfileCard user={user} detailed />
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t("profile.changePassword")}>
            <Typography.Paragraph type="secondary">{t("profile.passwordHint", { min: PASSWORD_MIN_LENGTH })}</Typography.Paragraph>
            {error !== null && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} />}
            <Form<PasswordValues> form={form} layout="vertical" name="change-password" onFinish={onFinish} disabled={saving}>
              <Form.Item label={t("profile.currentPassword")} name="currentPassword" rules={[{ required: true }]}>
                <Input.Password autoComplete="current-password" />
              </Form.Item>
              <Form.Item label={t("profile.newPassword")} name="newPassword" rules={[{ required: true }, passwordRule(() => user.username)]}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item
                label={t("profile.confirmPassword")}
                name="confirmPassword"
                dependencies={["newPassword"]}
                rules={[
                  { required: true },
                  ({ getFieldValue }) => ({
                    validator: async (_, value: string | undefined) => {
                      if (value && value !== getFieldValue("newPassword")) throw new Error(t("profile.passwordMismatch"));
                    },
                  }),
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={saving}>
                {t("profile.changePassword")}
              </Button>
            </Form>
          </Card>
        </Col>
      </Row>
    </section>
  );
}
