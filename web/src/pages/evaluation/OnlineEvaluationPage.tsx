import type { Rating } from "@yichuang/core";
import { App, Button, Card, Flex, Modal, Skeleton, Table, Tag, Typography } from "antd";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import {
  getOwnEvaluables,
  rateOwnCase,
  rateOwnFix,
  rateOwnTransaction,
  type OwnCase,
  type OwnFix,
  type OwnTransaction,
  type RatingInput,
} from "../../api/evaluation";
import { ApiError } from "../../api/client";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { formatDateTime } from "../../lib/format";
import { useLoader } from "../../lib/useLoader";
import { LevelTag, RatingForm } from "./parts";

/** What the founder is rating in the open dialog. */
type Target =
  | { kind: "case"; item: OwnCase }
  | { kind: "transaction"; item: OwnTransaction }
  | { kind: "fix"; item: OwnFix };

/** A given rating, read-only: the level, how and when. */
function GivenRating({ level, at, channel, testId }: { level: Rating; at: string | null; channel?: string | null; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Flex gap={4} align="center" wrap data-testid={testId}>
      <LevelTag level={level} />
      {channel && <Tag>{t(`evaluation.channel.${channel}`, { defaultValue: channel })}</Tag>}
      {at && <Typography.Text type="secondary">{formatDateTime(at)}</Typography.Text>}
    </Flex>
  );
}

/**
 * /evaluations/mine (founders, 网上评价专栏): completed cases to rate as a whole (一事一评),
 * window transactions to rate, what was rated already, and fixes of one's bad reviews
 * waiting for a rating.
 */
export function OnlineEvaluationPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const loaded = useLoader(getOwnEvaluables, []);
  const [target, setTarget] = useState<Target | null>(null);
  const data = loaded.data;

  if (loaded.error && !data) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  if (!data) return <Skeleton active paragraph={{ rows: 10 }} />;

  const completedCases = data.cases.filter((c) => c.status === "completed");
  const openCases = data.cases.length - completedCases.length;
  const fixesToRate = data.fixes.filter((f) => f.awaitingRating);
  const toRate = completedCases.filter((c) => c.rating === null).length + data.transactions.filter((x) => x.rating === null).length + fixesToRate.length;

  const submit = async (input: RatingInput) => {
    if (!target) return;
    try {
      if (target.kind === "case") await rateOwnCase(target.item.id, input);
      else if (target.kind === "transaction") await rateOwnTransaction(target.item.id, input);
      else await rateOwnFix(target.item.ticketId, { level: input.level, comment: input.comment });
    } catch (err) {
      // Rated meanwhile (another tab or a supervision card): the list shows it, the dialog says why.
      if (err instanceof ApiError && err.code === "CONFLICT") loaded.reload();
      throw err;
    }
    setTarget(null);
    void message.success(t("evaluation.mine.thanks"));
    loaded.reload();
  };

  const rateButton = (testId: string, onClick: () => void) => (
    <Button type="primary" onClick={onClick} data-testid={testId}>
      {t("evaluation.mine.rate")}
    </Button>
  );

  return (
    <section data-testid="online-evaluation">
      <PageTitle extra={<Link to="/evaluation">{t("evaluation.public.title")}</Link>}>{t("evaluation.mine.title")}</PageTitle>
      <Typography.Paragraph type="secondary">
        {t("evaluation.mine.intro")} {toRate > 0 ? t("evaluation.mine.toRate", { count: toRate }) : t("evaluation.mine.nothingToRate")}
      </Typography.Paragraph>

      <Flex vertical gap={16}>
        {data.fixes.length > 0 && (
          <Card title={t("evaluation.mine.fixesTitle")} style={fixesToRate.length ? { borderColor: "#f59e0b" } : undefined} data-testid="mine-fixes">
            <Table<OwnFix>
              rowKey="ticketId"
              size="middle"
              pagination={false}
              dataSource={data.fixes}
              scroll={{ x: 800 }}
              columns={[
                { title: t("evaluation.field.ticketNumber"), dataIndex: "number", width: 130 },
                { title: t("evaluation.mine.yourReview"), dataIndex: "originalLevel", width: 120, render: (l: Rating) => <LevelTag level={l} /> },
                { title: t("evaluation.field.fixNote"), dataIndex: "fixNote", render: (n: string | null) => <span lang="zh-CN">{n}</span> },
                { title: t("evaluation.field.fixedAt"), dataIndex: "fixedAt", width: 170, render: (v: string | null) => formatDateTime(v) },
                {
                  title: t("evaluation.mine.fixRating"),
                  key: "rating",
                  width: 160,
                  render: (_, f) =>
                    f.fixRating !== null ? (
                      <GivenRating level={f.fixRating} at={null} testId={`fix-rated-${f.ticketId}`} />
                    ) : f.awaitingRating ? (
                      rateButton(`rate-fix-${f.ticketId}`, () => setTarget({ kind: "fix", item: f }))
                    ) : (
                      t("common.none")
                    ),
                },
              ]}
            />
          </Card>
        )}

        <Card title={t("evaluation.mine.casesTitle")} data-testid="mine-cases">
          <Typography.Paragraph type="secondary">
            {t("evaluation.mine.casesIntro")}
            {openCases > 0 && ` ${t("evaluation.mine.openCases", { count: openCases })}`}
          </Typography.Paragraph>
          <Table<OwnCase>
            rowKey="id"
            size="middle"
            pagination={false}
            dataSource={completedCases}
            scroll={{ x: 700 }}
            locale={{ emptyText: t("evaluation.mine.noCases") }}
            columns={[
              { title: t("evaluation.field.caseNumber"), dataIndex: "number", width: 170, render: (n: string, c) => <Link to={`/cases/${c.id}`}>{n}</Link> },
              { title: t("evaluation.field.serviceItem"), dataIndex: "serviceName", render: (zh: string, c) => (i18n.language === "en" ? c.serviceNameEn : zh) },
              { title: t("evaluation.field.completedAt"), dataIndex: "completedAt", width: 170, render: (v: string | null) => formatDateTime(v) },
              {
                title: t("evaluation.mine.rating"),
                key: "rating",
                width: 280,
                render: (_, c) =>
                  c.rating !== null ? (
                    <GivenRating level={c.rating} at={c.ratedAt} testId={`case-rated-${c.id}`} />
                  ) : (
                    rateButton(`rate-case-${c.id}`, () => setTarget({ kind: "case", item: c }))
                  ),
              },
            ]}
          />
        </Card>

        <Card title={t("evaluation.mine.transactionsTitle")} data-testid="mine-transactions">
          <Typography.Paragraph type="secondary">{t("evaluation.mine.transactionsIntro")}</Typography.Paragraph>
          <Table<OwnTransaction>
            rowKey="id"
            size="middle"
            pagination={data.transactions.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            dataSource={data.transactions}
            scroll={{ x: 900 }}
            locale={{ emptyText: t("evaluation.mine.noTransactions") }}
            columns={[
              { title: t("evaluation.field.service"), dataIndex: "serviceName", render: (zh: string, x) => (i18n.language === "en" ? x.serviceNameEn : zh) },
              {
                title: t("evaluation.field.window"),
                key: "window",
                width: 220,
                render: (_, x) => (
                  <>
                    <div>{x.windowNumber}</div>
                    <Typography.Text type="secondary">
                      {x.clerkStaffNo ? t("evaluation.field.clerkWithNo", { name: x.clerkName, staffNo: x.clerkStaffNo }) : x.clerkName}
                    </Typography.Text>
                  </>
                ),
              },
              { title: t("evaluation.field.caseNumber"), dataIndex: "caseNumber", width: 150, render: (n: string | null) => n ?? t("common.none") },
              { title: t("evaluation.field.endedAt"), dataIndex: "endedAt", width: 170, render: (v: string | null) => formatDateTime(v) },
              {
                title: t("evaluation.mine.rating"),
                key: "rating",
                width: 300,
                render: (_, x) =>
                  x.rating !== null ? (
                    <GivenRating level={x.rating} at={x.ratedAt} channel={x.channel} testId={`tx-rated-${x.id}`} />
                  ) : (
                    rateButton(`rate-tx-${x.id}`, () => setTarget({ kind: "transaction", item: x }))
                  ),
              },
            ]}
          />
        </Card>
      </Flex>

      <Modal
        open={target !== null}
        onCancel={() => setTarget(null)}
        footer={null}
        destroyOnHidden
        width={680}
        title={target ? t(`evaluation.mine.dialogTitle.${target.kind}`) : undefined}
      >
        {target && (
          <>
            <TargetSummary target={target} />
            <RatingForm key={`${target.kind}-${"id" in target.item ? target.item.id : target.item.ticketId}`} withReasons={target.kind !== "fix"} onSubmit={submit} />
          </>
        )}
      </Modal>
    </section>
  );
}

function TargetSummary({ target }: { target: Target }) {
  const { t } = useTranslation();
  let text: ReactNode;
  if (target.kind === "case") text = t("evaluation.mine.aboutCase", { number: target.item.number });
  else if (target.kind === "transaction") {
    const x = target.item;
    text = t("evaluation.mine.aboutTransaction", { service: x.serviceName, window: x.windowNumber, clerk: x.clerkName, time: formatDateTime(x.endedAt) });
  } else text = t("evaluation.mine.aboutFix", { number: target.item.number });
  return (
    <Typography.Paragraph type="secondary" style={{ marginBottom: 16 }} data-testid="rating-target">
      {text}
    </Typography.Paragraph>
  );
}
