import { Button, Card, DatePicker, Form, Input, Select, Space } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { searchAudit, type AuditSearch } from "../api/endpoints";
import { AuditTable } from "../components/AuditTable";
import { LoadError } from "../components/LoadError";
import { PageTitle } from "../components/PageTitle";
import { zhCN } from "../i18n/zh-CN";
import { useLoader } from "../lib/useLoader";

type Filters = Omit<AuditSearch, "limit" | "offset">;

interface FormValues {
  actor?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  ip?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

// The actions and entities the server records, taken from the dictionary so labels and options cannot drift.
const ACTIONS = Object.keys(zhCN.audit.actions);
const ENTITIES = Object.keys(zhCN.audit.entities);

/** Trims text inputs and turns empty ones into "no filter". */
function clean(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

/** /audit: supervisors' and admins' search of the audit log. */
export function AuditPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const result = useLoader(() => searchAudit({ ...filters, limit: pageSize, offset: (page - 1) * pageSize }), [filters, page, pageSize]);

  const onSearch = (v: FormValues) => {
    setFilters({
      actor: clean(v.actor),
      action: v.action,
      entity: v.entity,
      entityId: clean(v.entityId),
      ip: clean(v.ip),
      // Calendar days; the server reads them as days in Asia/Shanghai, `to` inclusive.
      from: v.range?.[0]?.format("YYYY-MM-DD"),
      to: v.range?.[1]?.format("YYYY-MM-DD"),
    });
    setPage(1);
  };

  const onReset = () => {
    form.resetFields();
    setFilters({});
    setPage(1);
  };

  return (
    <section data-testid="audit-page">
      <PageTitle>{t("audit.title")}</PageTitle>
      <Card style={{ marginBottom: 16 }}>
        <Form<FormValues> form={form} layout="inline" name="audit-search" onFinish={onSearch} style={{ rowGap: 12 }}>
          <Form.Item label={t("audit.actor")} name="actor">
            <Input placeholder={t("audit.actorPlaceholder")} allowClear style={{ width: 160 }} />
          </Form.Item>
          <Form.Item label={t("audit.action")} name="action">
            <Select
              allowClear
              placeholder={t("common.all")}
              style={{ width: 140 }}
              options={ACTIONS.map((a) => ({ value: a, label: t(`audit.actions.${a}`) }))}
            />
          </Form.Item>
          <Form.Item label={t("audit.entity")} name="entity">
            <Select
              allowClear
              placeholder={t("common.all")}
              style={{ width: 120 }}
              options={ENTITIES.map((e) => ({ value: e, label: t(`audit.entities.${e}`) }))}
            />
          </Form.Item>
          <Form.Item label={t("audit.entityId")} name="entityId">
            <Input allowClear style={{ width: 180 }} />
          </Form.Item>
          <Form.Item label={t("audit.dateRange")} name="range">
            <DatePicker.RangePicker allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item label={t("audit.ip")} name="ip">
            <Input allowClear style={{ width: 150 }} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                {t("common.search")}
              </Button>
              <Button onClick={onReset}>{t("common.reset")}</Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Card>
        {result.error ? (
          <LoadError error={result.error} onRetry={result.reload} />
        ) : (
          <AuditTable
            entries={result.data?.items ?? []}
            loading={result.loading}
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
          />
        )}
      </Card>
    </section>
  );
}
