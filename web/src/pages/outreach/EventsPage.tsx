import { CheckOutlined, DownloadOutlined, RollbackOutlined } from "@ant-design/icons";
import { Alert, App, Button, DatePicker, Descriptions, Drawer, Flex, Image, Input, Modal, Segmented, Select, Space, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { decideEvent, eventTotals, eventsExcelUrl, getEvent, listEvents, type EventStatus, type OutreachEvent } from "../../api/outreach";
import { useUser } from "../../auth/AuthContext";
import { CursorPager, useCursorPaging } from "../../components/CursorPager";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { useErrorText } from "../../lib/errors";
import { useFilterParams } from "../../lib/useFilterParams";
import { useLoader } from "../../lib/useLoader";
import { useLocale } from "../../lib/locale";
import { useOrg } from "../../org/OrgContext";
import { when } from "../hotline/parts";
import { STATUS_COLOR } from "./parts";

const STATUSES = ["all", "submitted", "confirmed", "returned"] as const;
const PAGE = 20;

/** /outreach/events: the teams' outreach events; a supervisor confirms each (it counts) or returns it with the reason. */
export function EventsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const org = useOrg();
  const { params, setFilter, setFilters } = useFilterParams();
  const status = (params.get("status") as EventStatus | null) ?? undefined;
  const q = { from: params.get("from") ?? undefined, to: params.get("to") ?? undefined, department: params.get("department") ?? undefined, status };
  const paging = useCursorPaging(JSON.stringify(q));
  const loaded = useLoader(() => listEvents({ ...q, limit: PAGE, after: paging.after }), [q.from, q.to, q.department, q.status, paging.after]);
  // The filter's sums: once per filter (and after a decision), not per page.
  const totals = useLoader(() => eventTotals(q), [q.from, q.to, q.department, q.status]);
  const [open, setOpen] = useState<string | null>(null);
  const canDecide = user.roles.includes("supervisor");
  const departments = org.data?.departments.map((d) => ({ value: d.id, label: locale === "en" ? d.nameEn : d.nameZh })) ?? [];
  if (loaded.error) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  return (
    <section data-testid="events-page">
      <PageTitle
        extra={
          <Button icon={<DownloadOutlined aria-hidden />} href={eventsExcelUrl(q)} data-testid="events-excel">
            {t("outreach.events.export")}
          </Button>
        }
      >
        {t("outreach.events.title")}
      </PageTitle>
      <Typography.Paragraph type="secondary">{t("outreach.events.intro")}</Typography.Paragraph>
      <Flex wrap gap={12} style={{ marginBottom: 12 }}>
        <Segmented value={status ?? "all"} onChange={(v) => setFilter("status", v === "all" ? undefined : String(v))} options={STATUSES.map((s) => ({ value: s, label: s === "all" ? t("outreach.events.all") : t(`outreach.events.status.${s}`) }))} data-testid="events-status" />
        <DatePicker.RangePicker value={q.from && q.to ? [dayjs(q.from), dayjs(q.to)] : null} onChange={(r) => setFilters({ from: r?.[0]?.format("YYYY-MM-DD"), to: r?.[1]?.format("YYYY-MM-DD") })} />
        <Select allowClear showSearch={{ optionFilterProp: "label" }} placeholder={t("dashboard.allDepartments")} aria-label={t("dashboard.allDepartments")} value={q.department} onChange={(v) => setFilter("department", v)} options={departments} style={{ minWidth: 240 }} />
      </Flex>
      {totals.data && <Typography.Paragraph data-testid="events-totals">{t("outreach.events.totals", { n: totals.data.events, problems: totals.data.problemsSolved, people: totals.data.peopleServed })}</Typography.Paragraph>}
      <Table<OutreachEvent>
        rowKey="id"
        size="middle"
        loading={loaded.loading}
        dataSource={loaded.data?.items ?? []}
        pagination={false}
        scroll={{ x: 1200 }}
        onRow={(e) => ({ onClick: () => setOpen(e.id), style: { cursor: "pointer" } })}
        data-testid="events-table"
        columns={[
          { title: t("outreach.events.date"), dataIndex: "date", width: 110 },
          { title: t("outreach.events.team"), key: "team", width: 200, render: (_, e) => <>{e.team.name}<Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>{e.department.name}</Typography.Text></> },
          { title: t("outreach.events.place"), key: "place", width: 220, ellipsis: true, render: (_, e) => [(e.place ?? e.placeCode).replace(/^浙江省嘉兴市/, ""), e.address].filter(Boolean).join(" ") },
          { title: t("outreach.events.activity"), dataIndex: "activity", ellipsis: true },
          { title: t("outreach.events.problems"), dataIndex: "problemsSolved", width: 90 },
          { title: t("outreach.events.people"), dataIndex: "peopleServed", width: 90 },
          { title: t("outreach.events.photos"), dataIndex: "photoCount", width: 70 },
          { title: "", dataIndex: "status", width: 90, render: (s: EventStatus) => <Tag color={STATUS_COLOR[s]}>{t(`outreach.events.status.${s}`)}</Tag> },
        ]}
      />
      <CursorPager paging={paging} info={loaded.data} loading={loaded.loading} testId="events-pager" />
      <EventDrawer id={open} canDecide={canDecide} onClose={() => setOpen(null)} onChanged={() => (loaded.reload(), totals.reload())} />
    </section>
  );
}

function EventDrawer(p: { id: string | null; canDecide: boolean; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [e, setE] = useState<OutreachEvent | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState("");
  useEffect(() => {
    setE(null);
    setError(null);
    if (p.id) getEvent(p.id).then(setE, setError);
  }, [p.id]);
  const decide = async (decision: "confirm" | "return") => {
    if (!e) return;
    try {
      setE(await decideEvent(e.id, { decision, reason: decision === "return" ? reason : null, revision: e.revision }));
      setReturning(false);
      setReason("");
      p.onChanged();
    } catch (err) {
      void message.error(errorText(err));
    }
  };
  return (
    <Drawer open={p.id !== null} onClose={p.onClose} title={t("outreach.events.detail")} size={600} data-testid="event-drawer">
      {error !== null && <Alert type="error" showIcon title={errorText(error)} />}
      {e && (
        <Flex vertical gap={16}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t("outreach.events.team")}>{`${e.team.name}（${e.department.name}）`}</Descriptions.Item>
            <Descriptions.Item label={t("outreach.events.date")}>{e.date}</Descriptions.Item>
            <Descriptions.Item label={t("outreach.events.place")}>{[e.place, e.address].filter(Boolean).join(" ")}</Descriptions.Item>
            <Descriptions.Item label={t("outreach.events.activity")}>{e.activity}</Descriptions.Item>
            <Descriptions.Item label={t("outreach.events.problems")}>{e.problemsSolved}</Descriptions.Item>
            <Descriptions.Item label={t("outreach.events.people")}>{e.peopleServed}</Descriptions.Item>
            <Descriptions.Item label={t("outreach.events.loggedBy")}>{`${e.loggedBy ?? "—"} ${when(e.loggedAt)}`}</Descriptions.Item>
            <Descriptions.Item label="">
              <Tag color={STATUS_COLOR[e.status]} data-testid="event-status">
                {t(`outreach.events.status.${e.status}`)}
              </Tag>
              {e.decidedBy && t("outreach.events.decidedBy", { by: e.decidedBy, at: when(e.decidedAt) })}
              {e.returnReason && <Typography.Text type="warning"> {e.returnReason}</Typography.Text>}
            </Descriptions.Item>
          </Descriptions>
          {e.photos && e.photos.length > 0 && (
            <Image.PreviewGroup>
              <Flex wrap gap={8} data-testid="event-photos">
                {e.photos.map((ph) => (
                  <Image key={ph.id} src={ph.url} width={120} height={90} style={{ objectFit: "cover" }} alt={ph.fileName} />
                ))}
              </Flex>
            </Image.PreviewGroup>
          )}
          {p.canDecide && e.status === "submitted" && (
            <Space>
              <Button type="primary" icon={<CheckOutlined aria-hidden />} onClick={() => void decide("confirm")} data-testid="event-confirm">
                {t("outreach.events.confirm")}
              </Button>
              <Button icon={<RollbackOutlined aria-hidden />} onClick={() => setReturning(true)} data-testid="event-return">
                {t("outreach.events.return")}
              </Button>
            </Space>
          )}
        </Flex>
      )}
      <Modal open={returning} title={t("outreach.events.returnTitle")} onCancel={() => setReturning(false)} onOk={() => void decide("return")} okButtonProps={{ disabled: !reason.trim() }}>
        <Input.TextArea rows={3} value={reason} onChange={(x) => setReason(x.target.value)} placeholder={t("outreach.events.returnReason")} maxLength={200} data-testid="event-return-reason" />
      </Modal>
    </Drawer>
  );
}
