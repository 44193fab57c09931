import { DEPARTMENT_ROLES, ROLES, type Role } from "@yichuang/core";
import { Form, Input, Select, Switch, type FormInstance } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import type { Locale } from "../../api/types";
import { useLocalName, useRoleLabel } from "../../lib/locale";
import { useOrg } from "../../org/OrgContext";

/** The account fields both the create and the edit form hold. */
export interface ProfileValues {
  displayName: string;
  roles: Role[];
  departmentId?: string | null;
  staffNo?: string;
  phone?: string;
  email?: string;
  locale: Locale;
  departmentHead?: boolean;
  homeWindowId?: string | null;
}

/** Names of the fields below, for mapping server field errors. */
export const PROFILE_FIELDS = ["displayName", "roles", "departmentId", "homeWindowId", "staffNo", "phone", "email", "locale", "departmentHead"] as const;

/** Blank optional text becomes null: the API's "not set". */
export function blankToNull(value: string | undefined | null): string | null {
  const v = value?.trim();
  return v ? v : null;
}

/** Department options grouped by centre; inactive ones stay listed (marked) so existing assignments still show. */
export function useDepartmentOptions() {
  const { t } = useTranslation();
  const name = useLocalName();
  const org = useOrg().data;
  return (org?.centres ?? []).map((c) => ({
    label: name(c),
    title: name(c),
    options: org!.departmentsOf(c.id).map((d) => ({
      value: d.id,
      label: d.active ? name(d) : `${name(d)}（${t("common.inactive")}）`,
    })),
  }));
}

/** Name, roles, department, home window, staff number, phone, email and language fields. */
export function UserProfileFields({ form }: { form: FormInstance }) {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel();
  const name = useLocalName();
  const org = useOrg().data;
  const departmentOptions = useDepartmentOptions();
  const roles = Form.useWatch<Role[] | undefined>("roles", form) ?? [];
  const departmentId = Form.useWatch<string | null | undefined>("departmentId", form);
  const homeWindowId = Form.useWatch<string | null | undefined>("homeWindowId", form);
  // Clerks and reviewers work for one department; the server insists, so ask here too.
  const needsDepartment = roles.some((r) => DEPARTMENT_ROLES.includes(r));
  // The home window is one of the department's windows (inactive ones stay listed, marked, when already set).
  const windows = departmentId && org ? org.windowsOf(departmentId).filter((w) => w.active || w.id === homeWindowId) : [];

  useEffect(() => {
    // Another department: its windows, not the old one's.
    if (!org || !homeWindowId) return;
    const w = org.windows.find((x) => x.id === homeWindowId);
    if (!departmentId || (w && w.departmentId !== departmentId)) form.setFieldValue("homeWindowId", null);
  }, [departmentId, homeWindowId, org, form]);

  return (
    <>
      <Form.Item label={t("users.displayName")} name="displayName" rules={[{ required: true, whitespace: true }, { max: 50 }]}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item label={t("users.roles")} name="roles" rules={[{ required: true, message: t("users.rolesRequired") }]}>
        <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} />
      </Form.Item>
      <Form.Item label={t("users.department")} name="departmentId" rules={[{ required: needsDepartment, message: t("users.departmentRequired") }]}>
        <Select allowClear options={departmentOptions} placeholder={t("users.noDepartment")} />
      </Form.Item>
      <Form.Item label={t("desk.users.homeWindow")} name="homeWindowId" tooltip={t("desk.users.homeWindowHint")}>
        <Select
          allowClear
          disabled={!departmentId}
          placeholder={departmentId ? t("desk.users.noHomeWindow") : t("desk.users.homeWindowNeedsDepartment")}
          options={windows.map((w) => ({ value: w.id, label: `${w.number} ${name(w)}${w.active ? "" : `（${t("common.inactive")}）`}` }))}
        />
      </Form.Item>
      <Form.Item label={t("users.departmentHead")} name="departmentHead" valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item label={t("users.staffNo")} name="staffNo" rules={[{ max: 20 }]}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item label={t("users.phone")} name="phone">
        <Input autoComplete="off" inputMode="tel" />
      </Form.Item>
      <Form.Item label={t("users.email")} name="email" rules={[{ type: "email" }]}>
        <Input autoComplete="off" inputMode="email" />
      </Form.Item>
      <Form.Item label={t("users.locale")} name="locale">
        <Select
          options={[
            { value: "zh-CN", label: t("lang.zh") },
            { value: "en", label: t("lang.en") },
          ]}
        />
      </Form.Item>
    </>
  );
}
