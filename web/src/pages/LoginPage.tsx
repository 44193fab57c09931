import { FileSearchOutlined, LikeOutlined, ReadOutlined, PhoneOutlined, TrophyOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Flex, Form, Input, Typography, theme } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useLocation, useNavigate, type Location } from "react-router";
import { useAuth } from "../auth/AuthContext";
import { FullPageSpin } from "../auth/guards";
import { Brand } from "../layout/Brand";
import { LanguageSwitch } from "../layout/LanguageSwitch";
import { LargeTextSwitch } from "../layout/LargeTextSwitch";
import { ApiError } from "../api/client";
import { useErrorText } from "../lib/errors";
import { formatDateTime } from "../lib/format";
import { COMPANY_SETUP_ITEM } from "../lib/serviceItems";

interface LoginValues {
  username: string;
  password: string;
}

/** Where to go after signing in: the page first asked for, else home. */
function targetOf(state: unknown): string {
  const from = (state as { from?: Location } | null)?.from;
  if (!from || from.pathname === "/login") return "/";
  return `${from.pathname}${from.search}${from.hash}`;
}

export function LoginPage() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { status, expired, login } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const target = targetOf(location.state);
  // ACCOUNT_LOCKED says until when; the server's message does not include the time.
  const locked = error instanceof ApiError && error.code === "ACCOUNT_LOCKED" ? error.extra.lockedUntil : undefined;
  const lockedUntil = typeof locked === "string" ? locked : undefined;

  if (status === "loading") return <FullPageSpin />;
  if (status === "authenticated" && !submitting) return <Navigate to={target} replace />;

  const onFinish = async ({ username, password }: LoginValues) => {
    setSubmitting(true);
    setError(null);
    try {
      await login(username.trim(), password);
      navigate(target, { replace: true });
    } catch (err) {
      setError(err);
      setSubmitting(false);
    }
  };

  return (
    <Flex vertical align="center" justify="center" gap={24} style={{ minHeight: "100vh", padding: 16, background: "linear-gradient(180deg, #1d4ed8 0, #1e40af 280px, #f1f5f9 280px)" }}>
      <Flex gap={8} style={{ position: "absolute", top: 16, right: 16 }}>
        <LargeTextSwitch />
        <LanguageSwitch />
      </Flex>
      <Card style={{ width: "100%", maxWidth: 400, boxShadow: "0 10px 30px rgba(15, 23, 42, .12)" }}>
        <Flex vertical gap={4} style={{ marginBottom: 24 }}>
          <Brand wrap />
          <Typography.Title level={1} style={{ fontSize: token.fontSize + 4, margin: "16px 0 0", fontWeight: 500 }}>
            {t("login.title")}
          </Typography.Title>
        </Flex>
        {expired && !error && <Alert type="warning" showIcon title={t("errors.UNAUTHENTICATED")} style={{ marginBottom: 16 }} />}
        {error !== null && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={errorText(error)}
            description={lockedUntil && t("login.lockedUntil", { time: formatDateTime(lockedUntil) })}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        )}
        <Form<LoginValues> layout="vertical" name="login" onFinish={onFinish} requiredMark={false} disabled={submitting}>
          <Form.Item label={t("login.username")} name="username" rules={[{ required: true, whitespace: true, message: t("login.usernameRequired") }]}>
            <Input autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item label={t("login.password")} name="password" rules={[{ required: true, message: t("login.passwordRequired") }]}>
            <Input.Password autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
            {t("login.submit")}
          </Button>
        </Form>
      </Card>
      <Flex gap={16} wrap justify="center">
        <Link to={`/guides/${COMPANY_SETUP_ITEM}`} data-testid="guide-link">
          <ReadOutlined aria-hidden /> {t("guide.link")}
        </Link>
        <Link to={`/forms/${COMPANY_SETUP_ITEM}`} data-testid="open-data-link">
          <FileSearchOutlined aria-hidden /> {t("login.openData")}
        </Link>
        <Link to="/evaluation" data-testid="public-evaluation-link">
          <LikeOutlined aria-hidden /> {t("menu.publicEvaluation")}
        </Link>
        <Link to="/12316" data-testid="ask-link">
          <PhoneOutlined aria-hidden /> {t("hotline.ask.link")}
        </Link>
        <Link to="/stars" data-testid="stars-link">
          <TrophyOutlined aria-hidden /> {t("menu.stars")}
        </Link>
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: token.fontSizeSM }}>
        {t("login.footer")}
      </Typography.Text>
    </Flex>
  );
}
