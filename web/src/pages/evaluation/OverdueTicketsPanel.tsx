import { WarningOutlined } from "@ant-design/icons";
import { Card, Flex, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { getOverdueCounts, listTickets, type Ticket } from "../../api/evaluation";
import { useUser } from "../../auth/AuthContext";
import { LIGHT_COLORS } from "../../components/CaseTags";
import { LoadError } from "../../components/LoadError";
import { useLoader } from "../../lib/useLoader";
import { LevelTag } from "./parts";
import { dueStep } from "./TicketsPage";
import { ProvisionalTag } from "../../components/ProvisionalTag";

const RED = LIGHT_COLORS.red;

/**
 * The supervision board's panel of overdue bad-review follow-ups (差评整改超期): the count
 * per department and, for supervisors, each red ticket linking to its page.
 */
export function OverdueTicketsPanel() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  // Supervisors follow tickets up across departments; admins see the counts only.
  const lists = user.roles.includes("supervisor");
  const counts = useLoader(getOverdueCounts, []);
  const red = useLoader(() => (lists ? listTickets({ status: "active", light: "red", limit: 50, offset: 0 }) : Promise.resolve([] as Ticket[])), [lists]);
  const total = (counts.data ?? []).reduce((n, c) => n + c.overdue, 0);

  return (
    <Card
      style={{ marginTop: 16, borderTop: `4px solid ${RED}` }}
      data-testid="overdue-tickets"
      title={
        <Flex gap={8} align="center">
          <WarningOutlined aria-hidden style={{ color: RED }} />
          {t("evaluation.overdue.title")}
          <Tag color={total > 0 ? RED : "default"} variant={total > 0 ? "solid" : undefined} data-testid="overdue-total">
            {t("evaluation.overdue.count", { count: total })}
          </Tag>
        </Flex>
      }
      extra={lists && <Link to="/rectifications?light=red">{t("evaluation.overdue.all")}</Link>}
    >
      {counts.error && <LoadError error={counts.error} onRetry={counts.reload} />}
      {counts.data && counts.data.length > 0 && (
        <Flex gap={8} wrap style={{ marginBottom: lists ? 16 : 0 }}>
          {counts.data.map((c) => (
            <Tag key={c.department} color={RED} variant="solid" data-testid={`overdue-${c.department}`}>
              {t("evaluation.overdue.department", { name: i18n.language === "en" ? c.nameEn : c.name, count: c.overdue })}
            </Tag>
          ))}
        </Flex>
      )}
      {counts.data && counts.data.length === 0 && <Typography.Text type="secondary">{t("evaluation.overdue.none")}</Typography.Text>}
      {lists && (red.data?.length ?? 0) > 0 && (
        <Table<Ticket>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={red.data}
          scroll={{ x: 800 }}
          columns={[
            {
              title: t("evaluation.field.ticketNumber"),
              dataIndex: "number",
              width: 130,
              render: (n: string, k) => (
                <Link to={`/rectifications/${k.id}`} style={{ color: RED, fontWeight: 600 }}>
                  {n}
                </Link>
              ),
            },
            { title: t("evaluation.field.department"), key: "department", render: (_, k) => (i18n.language === "en" ? k.department.nameEn : k.department.name) },
            { title: t("evaluation.field.clerk"), key: "clerk", render: (_, k) => k.clerk?.name ?? t("common.none") },
            { title: t("evaluation.field.level"), key: "level", width: 110, render: (_, k) => <LevelTag level={k.review.level} /> },
            {
              title: t("evaluation.field.dueDate"),
              key: "due",
              width: 200,
              render: (_, k) => {
                const step = dueStep(k);
                return (
                  <>
                    <Typography.Text type="danger" strong>
                      {k.dueDate}
                      {step && ` · ${t(`evaluation.step.${step}`)}`}
                    </Typography.Text>
                    <ProvisionalTag show={k.deadlinesEstimated === true} testId={`provisional-${k.number}`} />
                  </>
                );
              },
            },
          ]}
        />
      )}
    </Card>
  );
}
