import type { Rating, TicketStatus } from "@yichuang/core";
import { Button, Card, Flex, Select, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFilterParams } from "../../lib/useFilterParams";
import { listTickets, type Ticket, type TicketStatusFilter } from "../../api/evaluation";
import type { Light } from "../../api/types";
import { useUser } from "../../auth/AuthContext";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { useLocalName } from "../../lib/locale";
import { useLoader } from "../../lib/useLoader";
import { useOrg } from "../../org/OrgContext";
import { LevelTag, ReasonTags, TicketLightTag, TicketStatusTag } from "./parts";
import { ProvisionalTag } from "../../components/ProvisionalTag";

const PAGE_SIZE = 50;
const STATUSES: TicketStatusFilter[] = ["active", "open", "verified", "fixed", "closed", "set_aside", "all"];
const LIGHTS: Light[] = ["red", "yellow", "green"];

/** The step a ticket's due date belongs to. */
export function dueStep(ticket: Pick<Ticket, "status">): "verify" | "fix" | null {
  return ticket.status === "open" ? "verify" : ticket.status === "verified" ? "fix" : null;
}

/**
 * /rectifications (clerks and reviewers: their department; supervisors: all): the
 * follow-up of bad reviews (差评整改) with each ticket's light and the date its
 * current step is due. Filters live in the address.
 */
export function TicketsPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const org = useOrg().data;
  const localName = useLocalName();
  const { params, page, setFilter, setPage } = useFilterParams();
  const statusParam = params.get("status") as TicketStatusFilter | null;
  const status: TicketStatusFilter = statusParam && STATUSES.includes(statusParam) ? statusParam : "active";
  const lightParam = params.get("light") as Light | null;
  const light = lightParam && LIGHTS.includes(lightParam) ? lightParam : undefined;
  const department = params.get("department") ?? undefined;
  const global = user.roles.includes("supervisor");

  // One more than a page tells whether a next page exists.
  const loaded = useLoader(
    () => listTickets({ status, light, department: global ? department : undefined, limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE }),
    [status, light, department, page, global],
  );
  const rows = loaded.data?.slice(0, PAGE_SIZE) ?? [];
  const more = (loaded.data?.length ?? 0) > PAGE_SIZE;


  if (loaded.error?.code === "FORBIDDEN") return <LoadError error={loaded.error} />;

  return (
    <section data-testid="tickets">
      <PageTitle extra={<Button onClick={loaded.reload}>{t("evaluation.refresh")}</Button>}>{t("evaluation.tickets.title")}</PageTitle>
      <Typography.Paragraph type="secondary">{t("evaluation.tickets.intro")}</Typography.Paragraph>
      <Card>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <Select
            value={status}
            onChange={(v: TicketStatusFilter) => setFilter("status", v === "active" ? undefined : v)}
            style={{ width: 180 }}
            aria-label={t("common.status")}
            options={STATUSES.map((s) => ({ value: s, label: t(`evaluation.ticketFilter.${s}`) }))}
            data-testid="tickets-status"
          />
          <Select
            allowClear
            value={light}
            onChange={(v: Light | undefined) => setFilter("light", v)}
            placeholder={t("evaluation.tickets.allLights")}
            style={{ width: 160 }}
            aria-label={t("evaluation.field.light")}
            options={LIGHTS.map((l) => ({ value: l, label: t(`evaluation.light.${l}`) }))}
          />
          {global && (
            <Select
              allowClear
              value={department}
              onChange={(v: string | undefined) => setFilter("department", v)}
              placeholder={t("evaluation.allDepartments")}
              style={{ width: 240 }}
              aria-label={t("evaluation.field.department")}
              options={(org?.departments ?? []).map((d) => ({ value: d.code, label: localName(d) }))}
            />
          )}
        </Flex>
        {loaded.error && <LoadError error={loaded.error} onRetry={loaded.reload} />}
        <Table<Ticket>
          rowKey="id"
          size="middle"
          loading={loaded.loading}
          dataSource={rows}
          scroll={{ x: 1200 }}
          locale={{ emptyText: t("evaluation.tickets.empty") }}
          pagination={page > 1 || more ? { current: page, pageSize: PAGE_SIZE, total: (page - 1) * PAGE_SIZE + rows.length + (more ? 1 : 0), showSizeChanger: false, onChange: setPage } : false}
          columns={[
            {
              title: t("evaluation.field.ticketNumber"),
              dataIndex: "number",
              width: 130,
              render: (n: string, k) => (
                <Link to={`/rectifications/${k.id}`} data-testid={`ticket-link-${k.number}`}>
                  {n}
                </Link>
              ),
            },
            {
              title: t("common.status"),
              dataIndex: "status",
              width: 150,
              render: (s: TicketStatus, k) => (
                <Flex gap={4} wrap>
                  <TicketStatusTag status={s} />
                  {k.appeal?.decision === "pending" && <Tag color="purple">{t("evaluation.appeal.pending")}</Tag>}
                </Flex>
              ),
            },
            { title: t("evaluation.field.light"), dataIndex: "light", width: 90, render: (l: Light | null) => <TicketLightTag light={l} /> },
            {
              title: t("evaluation.field.dueDate"),
              key: "due",
              width: 170,
              render: (_, k) => {
                const step = dueStep(k);
                if (!step || !k.dueDate) return t("common.none");
                return (
                  <>
                    <Typography.Text type={k.light === "red" ? "danger" : undefined} strong={k.light === "red"} data-testid={`due-${k.number}`}>
                      {k.dueDate}
                    </Typography.Text>
                    <ProvisionalTag show={k.deadlinesEstimated === true} testId={`provisional-${k.number}`} />
                    <div>
                      <Typography.Text type="secondary">{t(`evaluation.step.${step}`)}</Typography.Text>
                    </div>
                  </>
                );
              },
            },
            { title: t("evaluation.field.department"), key: "department", width: 170, render: (_, k) => (i18n.language === "en" ? k.department.nameEn : k.department.name) },
            {
              title: t("evaluation.field.clerk"),
              key: "clerk",
              width: 150,
              render: (_, k) => (k.clerk ? (k.clerk.staffNo ? t("evaluation.field.clerkWithNo", { name: k.clerk.name, staffNo: k.clerk.staffNo }) : k.clerk.name) : t("common.none")),
            },
            {
              title: t("evaluation.field.review"),
              key: "review",
              render: (_, k) => (
                <Flex vertical gap={4}>
                  <Flex gap={4} wrap align="center">
                    <LevelTag level={k.review.level as Rating} />
                    <Typography.Text type="secondary">{k.review.serviceName}</Typography.Text>
                  </Flex>
                  <ReasonTags reasons={k.review.reasons} />
                </Flex>
              ),
            },
            { title: t("evaluation.field.openedDate"), dataIndex: "openedDate", width: 110 },
          ]}
        />
      </Card>
    </section>
  );
}
