import { BellOutlined } from "@ant-design/icons";
import { Badge, Button, Dropdown, Empty, Typography } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { listNotifications } from "../api/endpoints";
import type { AppNotification } from "../api/types";
import { formatDateTime } from "../lib/format";
import { useLoader } from "../lib/useLoader";

/** How many notifications the dropdown lists. */
const SHOWN = 10;
/** How often the count refreshes while the app is open. */
const POLL_MS = 60_000;

/**
 * The header's bell: the number of unread notifications and the latest ten
 * (最新通知). There is no "mark read" yet, so unread means readAt is null.
 */
export function NotificationsBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // A failed poll leaves the bell as it was; it is not worth an error on every page.
  const loaded = useLoader(() => listNotifications().catch(() => null), []);
  const { reload } = loaded;
  useEffect(() => {
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);

  const all = loaded.data ?? [];
  const latest = [...all].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, SHOWN);
  const unread = all.filter((n) => n.readAt === null).length;

  const open = (n: AppNotification) => {
    if (n.caseId) navigate(`/cases/${n.caseId}`);
  };

  return (
    <Dropdown
      trigger={["click"]}
      placement="bottomRight"
      onOpenChange={(o) => o && reload()}
      popupRender={() => (
        <div
          data-testid="notifications"
          style={{ width: 360, maxHeight: 480, overflowY: "auto", background: "#fff", borderRadius: 8, boxShadow: "0 6px 16px rgba(15,23,42,.16)", padding: "8px 0" }}
        >
          <Typography.Text strong style={{ display: "block", padding: "4px 16px 8px", borderBottom: "1px solid #f0f0f0" }}>
            {t("notifications.title")}
          </Typography.Text>
          {latest.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("notifications.empty")} />
          ) : (
            <ul style={{ listStyle: "none", margin: 0, padding: 0 }}>
              {latest.map((n) => (
                <li key={n.id} style={{ borderBottom: "1px solid #f5f5f5" }}>
                  <button
                    type="button"
                    onClick={() => open(n)}
                    disabled={!n.caseId}
                    style={{ all: "unset", display: "block", width: "100%", boxSizing: "border-box", padding: "8px 16px", cursor: n.caseId ? "pointer" : "default" }}
                  >
                    <Typography.Text strong={n.readAt === null} lang="zh-CN">
                      {n.title}
                    </Typography.Text>
                    <Typography.Paragraph type="secondary" style={{ margin: "2px 0 0", fontSize: 12 }} ellipsis={{ rows: 3 }} lang="zh-CN">
                      {n.body}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                      {formatDateTime(n.createdAt)}
                    </Typography.Text>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    >
      <Button
        type="text"
        aria-label={t("notifications.bell", { count: unread })}
        data-testid="notifications-bell"
        style={{ color: "#fff" }}
        icon={
          <Badge count={unread} size="small" overflowCount={99}>
            <BellOutlined style={{ color: "#fff", fontSize: 18 }} aria-hidden />
          </Badge>
        }
      />
    </Dropdown>
  );
}
