import { PlusOutlined } from "@ant-design/icons";
import { App, Button, Card, Flex, Skeleton, Space, Switch, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { updateDepartment, updateWindow } from "../api/endpoints";
import type { Centre, Department, ServiceWindow } from "../api/types";
import { LoadError } from "../components/LoadError";
import { PageTitle } from "../components/PageTitle";
import { useErrorText } from "../lib/errors";
import { useLocalName } from "../lib/locale";
import { useOrg, type OrgDirectory } from "../org/OrgContext";
import { DepartmentModal, type DepartmentTarget } from "./org/DepartmentModal";
import { WindowModal, type WindowTarget } from "./org/WindowModal";
import { WindowServicesCard } from "./org/WindowServicesCard";

interface Editors {
  editDepartment: (target: DepartmentTarget) => void;
  editWindow: (target: WindowTarget) => void;
  /** Flips `active` at once, without a modal: the most common change. */
  toggle: (kind: "department" | "window", id: string, active: boolean) => void;
  busy: string | null;
}

/** /admin/org: each centre's departments, and each department's windows. */
export function AdminOrgPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const org = useOrg();
  const [department, setDepartment] = useState<DepartmentTarget | null>(null);
  const [windowTarget, setWindowTarget] = useState<WindowTarget | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const toggle = async (kind: "department" | "window", id: string, active: boolean) => {
    setBusy(id);
    try {
      if (kind === "department") await updateDepartment(id, { active });
      else await updateWindow(id, { active });
      void message.success(t("common.saved"));
      org.reload();
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  const editors: Editors = { editDepartment: setDepartment, editWindow: setWindowTarget, toggle: (k, id, a) => void toggle(k, id, a), busy };
  const saved = () => {
    setDepartment(null);
    setWindowTarget(null);
    org.reload();
  };

  return (
    <section data-testid="admin-org-page">
      <PageTitle>{t("org.title")}</PageTitle>
      {org.error ? (
        <LoadError error={org.error} onRetry={org.reload} />
      ) : !org.data ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={16}>
          {org.data.centres.map((c) => (
            <CentreDepartments key={c.id} centre={c} org={org.data!} editors={editors} />
          ))}
          <WindowServicesCard />
        </Flex>
      )}
      <DepartmentModal target={department} onClose={() => setDepartment(null)} onSaved={saved} />
      <WindowModal target={windowTarget} onClose={() => setWindowTarget(null)} onSaved={saved} />
    </section>
  );
}

function ActiveSwitch({ kind, id, active, label, editors }: { kind: "department" | "window"; id: string; active: boolean; label: string; editors: Editors }) {
  const { t } = useTranslation();
  return (
    <Switch
      checked={active}
      loading={editors.busy === id}
      onChange={(v) => editors.toggle(kind, id, v)}
      aria-label={`${t("org.active")} ${label}`}
      checkedChildren={t("common.active")}
      unCheckedChildren={t("common.inactive")}
    />
  );
}

/** One centre: its departments, each expandable to its windows. */
function CentreDepartments({ centre, org, editors }: { centre: Centre; org: OrgDirectory; editors: Editors }) {
  const { t } = useTranslation();
  const name = useLocalName();
  const departments = org.departmentsOf(centre.id);
  return (
    <Card
      title={
        <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
          {name(centre)}
        </Typography.Title>
      }
      extra={
        <Button icon={<PlusOutlined aria-hidden />} onClick={() => editors.editDepartment({ mode: "create", centreId: centre.id })}>
          {t("org.newDepartment")}
        </Button>
      }
      data-testid={`centre-${centre.code}`}
    >
      <Table<Department>
        rowKey="id"
        size="middle"
        pagination={false}
        tableLayout="fixed"
        dataSource={departments}
        expandable={{
          defaultExpandAllRows: true,
          expandedRowRender: (d) => <DepartmentWindows department={d} windows={org.windowsOf(d.id)} editors={editors} />,
        }}
        columns={[
          { title: t("org.code"), dataIndex: "code", width: 110, render: (code: string) => <Typography.Text strong>{code}</Typography.Text> },
          { title: t("org.nameZh"), dataIndex: "nameZh", width: 280 },
          { title: t("org.nameEn"), dataIndex: "nameEn" },
          { title: t("org.windows"), key: "windows", width: 90, align: "right", render: (_, d) => org.windowsOf(d.id).length },
          {
            title: t("org.active"),
            dataIndex: "active",
            width: 100,
            render: (_, d) => <ActiveSwitch kind="department" id={d.id} active={d.active} label={d.code} editors={editors} />,
          },
          {
            title: t("common.actions"),
            key: "actions",
            width: 200,
            render: (_, d) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => editors.editDepartment({ mode: "edit", department: d })}>
                  {t("common.edit")}
                </Button>
                <Button type="link" size="small" onClick={() => editors.editWindow({ mode: "create", departmentId: d.id })}>
                  {t("org.newWindow")}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

function DepartmentWindows({ department, windows, editors }: { department: Department; windows: ServiceWindow[]; editors: Editors }) {
  const { t } = useTranslation();
  return (
    <Table<ServiceWindow>
      rowKey="id"
      size="small"
      pagination={false}
      tableLayout="fixed"
      dataSource={windows}
      locale={{ emptyText: t("org.noWindows") }}
      aria-label={`${t("org.windows")} ${department.code}`}
      columns={[
        { title: t("org.number"), dataIndex: "number", width: 110 },
        { title: t("org.nameZh"), dataIndex: "nameZh", width: 280 },
        { title: t("org.nameEn"), dataIndex: "nameEn" },
        {
          title: t("org.active"),
          dataIndex: "active",
          width: 100,
          render: (_, w) => <ActiveSwitch kind="window" id={w.id} active={w.active} label={w.number} editors={editors} />,
        },
        {
          title: t("common.actions"),
          key: "actions",
          width: 200,
          render: (_, w) => (
            <Button type="link" size="small" onClick={() => editors.editWindow({ mode: "edit", window: w })}>
              {t("common.edit")}
            </Button>
          ),
        },
      ]}
    />
  );
}
