import { DeleteOutlined, DownloadOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, Button, DatePicker, Descriptions, Drawer, Flex, Form, Input, Select, Switch, Table, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { createTeam, getTeam, leaderAccounts, listTeams, teamsExcelUrl, updateTeam, type Team, type TeamDetail } from "../../api/outreach";
import { useUser } from "../../auth/AuthContext";
import { FormModal, useFormSubmit } from "../../components/FormModal";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { useErrorText } from "../../lib/errors";
import { useFilterParams } from "../../lib/useFilterParams";
import { useLocale } from "../../lib/locale";
import { useLoader } from "../../lib/useLoader";
import { useOrg } from "../../org/OrgContext";
import { serverTodayDayjs } from "../../lib/serverTime";

const PAGE = 20;

/** /outreach/teams: the offices' service teams with their leaders and members; supervisors and admins set them up. */
export function TeamsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const org = useOrg();
  const { params, page, setFilter, setPage } = useFilterParams();
  const department = params.get("department") ?? undefined;
  const search = params.get("q") ?? undefined;
  const loaded = useLoader(() => listTeams({ department, q: search, limit: PAGE, offset: (page - 1) * PAGE }), [department, search, page]);
  const [open, setOpen] = useState<string | null>(null);
  const [editing, setEditing] = useState<TeamDetail | "new" | null>(null);
  const canManage = user.roles.includes("supervisor") || user.roles.includes("admin");
  const departments = org.data?.departments.map((d) => ({ value: d.id, label: locale === "en" ? d.nameEn : d.nameZh })) ?? [];
  if (loaded.error) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  return (
    <section data-testid="teams-page">
      <PageTitle
        extra={
          <Flex gap={8}>
            <Button icon={<DownloadOutlined aria-hidden />} href={teamsExcelUrl(department)}>
              {t("outreach.teams.export")}
            </Button>
            {canManage && (
              <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing("new")} data-testid="team-add">
                {t("outreach.teams.add")}
              </Button>
            )}
          </Flex>
        }
      >
        {t("outreach.teams.title")}
      </PageTitle>
      <Typography.Paragraph type="secondary">{t("outreach.teams.intro")}</Typography.Paragraph>
      <Flex wrap gap={12} style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t("outreach.teams.search")} defaultValue={search} onSearch={(v) => setFilter("q", v.trim() || undefined)} style={{ width: 240 }} />
        <Select allowClear showSearch={{ optionFilterProp: "label" }} placeholder={t("dashboard.allDepartments")} aria-label={t("dashboard.allDepartments")} value={department} onChange={(v) => setFilter("department", v)} options={departments} style={{ minWidth: 260 }} />
      </Flex>
      <Table<Team>
        rowKey="id"
        size="middle"
        loading={loaded.loading}
        dataSource={loaded.data?.items ?? []}
        pagination={{ current: page, pageSize: PAGE, total: loaded.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        locale={{ emptyText: t("outreach.teams.none") }}
        data-testid="teams-table"
        columns={[
          { title: t("outreach.teams.name"), dataIndex: "name", render: (name: string, x) => <Typography.Link onClick={() => setOpen(x.id)}>{name}</Typography.Link> },
          { title: t("outreach.teams.department"), key: "d", render: (_, x) => x.department.name },
          { title: t("outreach.teams.brand"), dataIndex: "brand", width: 110 },
          { title: t("outreach.teams.leader"), key: "l", width: 100, render: (_, x) => x.leader?.name ?? "—" },
          { title: t("outreach.teams.memberCount"), dataIndex: "members", width: 90 },
          { title: t("outreach.teams.events"), dataIndex: "events", width: 100 },
          { title: "", key: "a", width: 80, render: (_, x) => (x.active ? <Tag color="green">{t("outreach.teams.active")}</Tag> : <Tag>{t("outreach.teams.inactive")}</Tag>) },
        ]}
      />
      <TeamDrawer id={open} canManage={canManage} onClose={() => setOpen(null)} onEdit={(team) => setEditing(team)} />
      {canManage && <TeamModal team={editing} onClose={() => setEditing(null)} onSaved={() => (setEditing(null), setOpen(null), loaded.reload())} departments={departments} />}
    </section>
  );
}

function TeamDrawer(p: { id: string | null; canManage: boolean; onClose: () => void; onEdit: (t: TeamDetail) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [team, setTeam] = useState<TeamDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setTeam(null);
    setError(null);
    if (p.id) getTeam(p.id).then(setTeam, setError);
  }, [p.id]);
  return (
    <Drawer open={p.id !== null} onClose={p.onClose} title={team?.name ?? t("outreach.teams.title")} size={600} data-testid="team-drawer" extra={team && p.canManage && <Button onClick={() => p.onEdit(team)} data-testid="team-edit">{t("outreach.teams.edit")}</Button>}>
      {error !== null && <Alert type="error" showIcon title={errorText(error)} />}
      {team && (
        <Flex vertical gap={16}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t("outreach.teams.department")}>{team.department.name}</Descriptions.Item>
            <Descriptions.Item label={t("outreach.teams.brand")}>{team.brand ?? "—"}</Descriptions.Item>
            <Descriptions.Item label={t("outreach.teams.foundedOn")}>{team.foundedOn ?? "—"}</Descriptions.Item>
            <Descriptions.Item label={t("outreach.teams.leader")}>{team.leader?.name ?? "—"}</Descriptions.Item>
          </Descriptions>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={team.members}
            data-testid="team-members"
            columns={[
              { title: t("outreach.teams.memberName"), dataIndex: "name" },
              { title: t("outreach.teams.memberPosition"), dataIndex: "position" },
              { title: t("outreach.teams.memberPhone"), dataIndex: "phone" },
            ]}
          />
        </Flex>
      )}
    </Drawer>
  );
}

interface TeamValues {
  departmentId: string;
  name: string;
  brand?: string;
  foundedOn?: Dayjs;
  leaderUserId?: string;
  active: boolean;
  members: { name: string; phone?: string; position?: string }[];
}

function TeamModal(p: { team: TeamDetail | "new" | null; onClose: () => void; onSaved: () => void; departments: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TeamValues>();
  const leaders = useLoader(leaderAccounts, []);
  const existing = p.team && p.team !== "new" ? p.team : null;
  useEffect(() => {
    if (!p.team) return;
    form.resetFields();
    if (existing) form.setFieldsValue({ departmentId: existing.department.id, name: existing.name, brand: existing.brand ?? undefined, foundedOn: existing.foundedOn ? dayjs(existing.foundedOn) : undefined, leaderUserId: existing.leader?.id, active: existing.active, members: existing.members.filter((m) => m.userId !== existing.leader?.id).map((m) => ({ name: m.name, phone: m.phone ?? undefined, position: m.position ?? undefined })) });
  }, [p.team]);
  const s = useFormSubmit(
    form,
    ["departmentId", "name", "brand", "foundedOn", "leaderUserId", "members"],
    (v: TeamValues) => {
      const body = { departmentId: v.departmentId, name: v.name, brand: v.brand || null, foundedOn: v.foundedOn?.format("YYYY-MM-DD") ?? null, leaderUserId: v.leaderUserId ?? null, active: v.active, members: (v.members ?? []).map((m) => ({ name: m.name, phone: m.phone || null, position: m.position || null })) };
      return existing ? updateTeam(existing.id, body) : createTeam(body);
    },
    { created: !existing, onSaved: p.onSaved },
  );
  const required = (label: string) => [{ required: true, message: t("hotline.duty.required", { label }) }];
  return (
    <FormModal open={p.team !== null} title={existing ? t("outreach.teams.edit") : t("outreach.teams.add")} creating={!existing} form={form} name="team" saving={s.saving} error={s.error} onFinish={s.onFinish} onClose={p.onClose}>
      <Form.Item name="departmentId" label={t("outreach.teams.department")} rules={required(t("outreach.teams.department"))}>
        <Select showSearch={{ optionFilterProp: "label" }} options={p.departments} data-testid="team-department" />
      </Form.Item>
      <Form.Item name="name" label={t("outreach.teams.name")} rules={required(t("outreach.teams.name"))}>
        <Input data-testid="team-name" />
      </Form.Item>
      <Flex gap={12}>
        <Form.Item name="brand" label={t("outreach.teams.brand")} style={{ flex: 1 }}>
          <Input />
        </Form.Item>
        <Form.Item name="foundedOn" label={t("outreach.teams.foundedOn")} style={{ flex: 1 }}>
          <DatePicker style={{ width: "100%" }} disabledDate={(d) => d.isAfter(serverTodayDayjs(), "day")} />
        </Form.Item>
      </Flex>
      <Form.Item name="leaderUserId" label={t("outreach.teams.leader")} extra={t("outreach.teams.leaderHint")}>
        <Select allowClear showSearch={{ optionFilterProp: "label" }} loading={leaders.loading} options={(leaders.data ?? []).map((u) => ({ value: u.id, label: `${u.name}（${u.username}${u.department ? `，${u.department}` : ""}）` }))} data-testid="team-leader" />
      </Form.Item>
      <Form.Item name="active" label={t("outreach.teams.active")} valuePropName="checked" initialValue={true}>
        <Switch />
      </Form.Item>
      <Typography.Text strong>{t("outreach.teams.members")}</Typography.Text>
      <Form.List name="members">
        {(fields, { add, remove }) => (
          <Flex vertical gap={4} style={{ marginTop: 8 }}>
            {fields.map((f) => (
              <Flex key={f.key} gap={8} align="baseline">
                <Form.Item name={[f.name, "name"]} rules={required(t("outreach.teams.memberName"))} style={{ flex: 2, marginBottom: 8 }}>
                  <Input placeholder={t("outreach.teams.memberName")} />
                </Form.Item>
                <Form.Item name={[f.name, "position"]} style={{ flex: 2, marginBottom: 8 }}>
                  <Input placeholder={t("outreach.teams.memberPosition")} />
                </Form.Item>
                <Form.Item name={[f.name, "phone"]} style={{ flex: 3, marginBottom: 8 }}>
                  <Input placeholder={t("outreach.teams.memberPhone")} inputMode="tel" />
                </Form.Item>
                <Button type="text" icon={<DeleteOutlined aria-hidden />} onClick={() => remove(f.name)} aria-label="remove" />
              </Flex>
            ))}
            <Button onClick={() => add({})} icon={<PlusOutlined aria-hidden />} data-testid="team-add-member">
              {t("outreach.teams.addMember")}
            </Button>
          </Flex>
        )}
      </Form.List>
    </FormModal>
  );
}
