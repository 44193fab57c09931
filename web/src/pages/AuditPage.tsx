import { Button, Card, DatePicker, Flex, Form, Input, Select, Space } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { searchAudit, type AuditSearch } from "../api/endpoints";
import { AuditTable } from "../components/AuditTable";
import { CursorPager, useCursorPaging } from "../components/CursorPager";
import { LoadError } from "../components/LoadError";
import { PageTitle } from "../components/PageTitle";
import { zhCN } from "../i18n/zh-CN";
import { useLoader } from "../lib/useLoader";

type Filters = Omit<AuditSearch, "limit" | "after">;

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
  const [pageSize, setPageSize] = useState(20);
  // Newest first, a page at a time by cursor; new filters or page size start again at the first page.
  const paging = useCursorPaging(JSON.stringify([filters, pageSize]));
  const result = useLoader(() => searchAudit({ ...filters, limit: pageSize, after: paging.after }), [filters, pageSize, paging.after]);

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
  };

  const onReset = () => {
    form.resetFields();
    setFilters({});
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
          <>
            <AuditTable entries={result.data?.items ?? []} loading={result.loading} />
            <Flex justify="flex-end" align="center" gap={12}>
              <Select<number>
                size="small"
                value={pageSize}
                onChange={setPageSize}
                aria-label={t("audit.pageSize")}
                style={{ width: 110, marginTop: 12 }}
                options={[20, 50, 100].map((n) => ({ value: n, label: t("audit.perPage", { count: n }) }))}
                data-testid="audit-page-size"
              />
              <CursorPager paging={paging} info={result.data} loading={result.loading} testId="audit-pager" />
            </Flex>
          </>
        )}
      </Card>
    </section>
  );
}
