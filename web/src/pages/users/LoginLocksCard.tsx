import { UnlockOutlined } from "@ant-design/icons";
import { Button, Card, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { LoginLocks } from "../../api/types";
import { LoadError } from "../../components/LoadError";
import { formatDateTime } from "../../lib/format";
import type { Loaded } from "../../lib/useLoader";

type Subject = { username: string; userId: string | null; displayName: string | null };

/**
 * "登录限制" on the users page: what holds sign-ins back now (locked usernames, usernames waiting
 * at one address, addresses over their limit). Shown only while something is held back; a locked
 * account has its 解锁 button here as in the list.
 */
export function LoginLocksCard({ locks, unlocking, onUnlock }: { locks: Loaded<LoginLocks>; unlocking: string | null; onUnlock: (userId: string, name: string) => void }) {
  const { t } = useTranslation();
  if (locks.error) return <LoadError error={locks.error} onRetry={locks.reload} />;
  const data = locks.data;
  if (!data || data.accounts.length + data.pairs.length + data.addresses.length === 0) return null;
  const who = (s: Subject) => (
    <span>
      <Typography.Text code>{s.username}</Typography.Text> {s.displayName ?? <Typography.Text type="secondary">{t("users.locks.noAccount")}</Typography.Text>}
    </span>
  );
  return (
    <Card title={t("users.locks.title")} style={{ marginBottom: 16 }} data-testid="login-locks">
      <Typography.Paragraph type="secondary">{t("users.locks.hint", { failures: data.threshold, hours: Math.round((data.windowMinutes / 60) * 10) / 10 })}</Typography.Paragraph>
      {data.accounts.length > 0 && (
        <>
          <Typography.Title level={5}>{t("users.locks.accounts")}</Typography.Title>
          <Table
            rowKey="username"
            size="small"
            pagination={false}
            dataSource={data.accounts}
            style={{ marginBottom: 16 }}
            columns={[
              { title: t("users.locks.account"), key: "who", render: (_, a) => who(a) },
              { title: t("users.locks.failures"), dataIndex: "failures", width: 90 },
              { title: t("users.locks.addressCount"), dataIndex: "addresses", width: 100 },
              { title: t("users.locks.lastFailure"), dataIndex: "lastFailureAt", width: 170, render: (v: string) => formatDateTime(v) },
              { title: t("users.locks.lockedUntil"), dataIndex: "lockedUntil", width: 170, render: (v: string) => <Tag color="red">{formatDateTime(v)}</Tag> },
              {
                title: t("common.actions"),
                key: "actions",
                width: 90,
                render: (_, a) =>
                  a.userId && (
                    <Button size="small" icon={<UnlockOutlined aria-hidden />} loading={unlocking === a.userId} onClick={() => onUnlock(a.userId!, a.displayName ?? a.username)}>
                      {t("users.unlockRow")}
                    </Button>
                  ),
              },
            ]}
          />
        </>
      )}
      {data.pairs.length > 0 && (
        <>
          <Typography.Title level={5}>{t("users.locks.pairs")}</Typography.Title>
          <Table
            rowKey={(p) => `${p.username} ${p.ip}`}
            size="small"
            pagination={false}
            dataSource={data.pairs}
            style={{ marginBottom: 16 }}
            columns={[
              { title: t("users.locks.account"), key: "who", render: (_, p) => who(p) },
              { title: t("users.locks.ip"), dataIndex: "ip", width: 160 },
              { title: t("users.locks.failures"), dataIndex: "failures", width: 90 },
              { title: t("users.locks.lastFailure"), dataIndex: "lastFailureAt", width: 170, render: (v: string) => formatDateTime(v) },
              { title: t("users.locks.waitUntil"), dataIndex: "waitUntil", width: 170, render: (v: string) => formatDateTime(v) },
            ]}
          />
        </>
      )}
      {data.addresses.length > 0 && (
        <>
          <Typography.Title level={5}>{t("users.locks.addresses")}</Typography.Title>
          <Table
            rowKey="ip"
            size="small"
            pagination={false}
            dataSource={data.addresses}
            columns={[
              { title: t("users.locks.ip"), dataIndex: "ip" },
              { title: t("users.locks.failures"), dataIndex: "failures", width: 90 },
              { title: t("users.locks.lastFailure"), dataIndex: "lastFailureAt", width: 170, render: (v: string) => formatDateTime(v) },
              { title: t("users.locks.until"), dataIndex: "until", width: 170, render: (v: string) => formatDateTime(v) },
            ]}
          />
        </>
      )}
    </Card>
  );
}
