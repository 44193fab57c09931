import { PlusOutlined, UnlockOutlined } from "@ant-design/icons";
import { ROLES, type Role } from "@yichuang/core";
import { App, Button, Card, Form, Input, Select, Space, Table, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { listLoginLocks, listUsers, unlockUser } from "../api/endpoints";
import type { User } from "../api/types";
import { LoadError } from "../components/LoadError";
import { PageTitle } from "../components/PageTitle";
import { RoleTags } from "../components/RoleTags";
import { useErrorText } from "../lib/errors";
import { formatDateTime, isLocked } from "../lib/format";
import { useLocalName, useRoleLabel } from "../lib/locale";
import { useLoader } from "../lib/useLoader";
import { useOrg } from "../org/OrgContext";
import { CreateUserModal } from "./users/CreateUserModal";
import { EditUserDrawer } from "./users/EditUserDrawer";
import { LoginLocksCard } from "./users/LoginLocksCard";
import { useDepartmentOptions } from "./users/UserFields";

interface Filters {
  q?: string;
  role?: Role;
  departmentId?: string;
}

/** An account's state: locked wins over disabled, as it is the one an admin can clear here and now. */
function UserStatus({ user }: { user: User }) {
  const { t } = useTranslation();
  if (isLocked(user.lockedUntil)) return <Tag color="red">{t("users.lockedUntil", { time: formatDateTime(user.lockedUntil) })}</Tag>;
  if (user.disabled) return <Tag>{t("users.disabled")}</Tag>;
  return <Tag color="green">{t("users.enabled")}</Tag>;
}

/** /admin/users: search, create and edit accounts; see what holds sign-ins back and unlock locked accounts. */
export function AdminUsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const roleLabel = useRoleLabel();
  const name = useLocalName();
  const org = useOrg().data;
  const departmentOptions = useDepartmentOptions();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const result = useLoader(() => listUsers({ ...filters, limit: pageSize, offset: (page - 1) * pageSize }), [filters, page, pageSize]);
  const locks = useLoader(listLoginLocks, []);
  const [unlocking, setUnlocking] = useState<string | null>(null);

  const unlock = async (id: string, name: string) => {
    setUnlocking(id);
    try {
      await unlockUser(id);
      void message.success(t("users.unlockedName", { name }));
      result.reload();
      locks.reload();
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setUnlocking(null);
    }
  };

  const onSearch = (v: Filters) => {
    setFilters({ q: v.q?.trim() || undefined, role: v.role, departmentId: v.departmentId });
    setPage(1);
  };

  if (result.error?.code === "FORBIDDEN") return <LoadError error={result.error} />;

  return (
    <section data-testid="admin-users-page">
      <PageTitle
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
            {t("users.create")}
          </Button>
        }
      >
        {t("users.title")}
      </PageTitle>
      <LoginLocksCard locks={locks} unlocking={unlocking} onUnlock={(id, name) => void unlock(id, name)} />
      <Card style={{ marginBottom: 16 }}>
        <Form<Filters> form={form} layout="inline" name="user-search" onFinish={onSearch} style={{ rowGap: 12 }}>
          <Form.Item label={t("users.keyword")} name="q">
            <Input allowClear placeholder={t("users.searchPlaceholder")} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item label={t("users.role")} name="role">
            <Select allowClear placeholder={t("users.allRoles")} style={{ width: 170 }} options={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} />
          </Form.Item>
          <Form.Item label={t("users.department")} name="departmentId">
            <Select allowClear placeholder={t("users.allDepartments")} style={{ width: 240 }} options={departmentOptions} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                {t("common.search")}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setFilters({});
                  setPage(1);
                }}
              >
                {t("common.reset")}
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Card>
        {result.error && <LoadError error={result.error} onRetry={result.reload} />}
        <Table<User>
          rowKey="id"
          size="middle"
          loading={result.loading}
          dataSource={result.data?.items ?? []}
          scroll={{ x: 960 }}
          pagination={{
            current: page,
            pageSize,
            total: result.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (total) => t("common.total", { total }),
            onChange: (p, size) => {
              setPage(size === pageSize ? p : 1);
              setPageSize(size);
            },
          }}
          columns={[
            { title: t("users.username"), dataIndex: "username", width: 140 },
            { title: t("users.displayName"), dataIndex: "displayName", width: 110 },
            { title: t("users.roles"), dataIndex: "roles", render: (_, u) => <RoleTags roles={u.roles} /> },
            { title: t("users.department"), dataIndex: "departmentId", render: (id: string | null) => (id ? name(org?.department(id)) : t("common.none")) },
            { title: t("users.staffNo"), dataIndex: "staffNo", width: 100, render: (v: string | null) => v ?? t("common.none") },
            { title: t("users.status"), key: "status", width: 200, render: (_, u) => <UserStatus user={u} /> },
            {
              title: t("common.actions"),
              key: "actions",
              width: 160,
              fixed: "right",
              render: (_, u) => (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => setEditing(u)}>
                    {t("common.edit")}
                  </Button>
                  {isLocked(u.lockedUntil) && (
                    <Button type="link" size="small" icon={<UnlockOutlined aria-hidden />} loading={unlocking === u.id} onClick={() => void unlock(u.id, u.displayName)}>
                      {t("users.unlockRow")}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <CreateUserModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          result.reload();
        }}
      />
      <EditUserDrawer
        user={editing}
        onClose={() => setEditing(null)}
        onSaved={(updated, keepOpen) => {
          setEditing(keepOpen ? updated : null);
          result.reload();
          locks.reload();
        }}
        onPhotoChanged={result.reload}
      />
    </section>
  );
}
