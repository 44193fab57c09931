import { CheckCircleOutlined, FileExcelOutlined, SettingOutlined, TrophyOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Drawer, Flex, Input, Popconfirm, Segmented, Select, Space, Table, Tag, Typography, type TableColumnsType } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { checkQuarter, closeQuarter, getExplanation, getQuarter, getQuarters, quarterXlsxUrl, type SubjectKind, type StandingView } from "../../api/assessment";
import { useUser } from "../../auth/AuthContext";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { formatDateTime } from "../../lib/format";
import { useErrorText } from "../../lib/errors";
import { useLocale, useLocalName } from "../../lib/locale";
import { useFilterParams } from "../../lib/useFilterParams";
import { useLoader } from "../../lib/useLoader";
import { useOrg } from "../../org/OrgContext";
import { StandingExplanation, StarTag, formatShare, useIneligibleText } from "./parts";

const PAGE = 50;

/**
 * /assessment (supervisors, admins): a quarter's standings of every clerk and window — frozen
 * once closed, as of now before — each with the why; supervisors close an ended quarter, and
 * anyone here checks a closed one against the records or exports it to Excel.
 */
export function AssessmentPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const user = useUser();
  const locale = useLocale();
  const localName = useLocalName();
  const org = useOrg().data;
  const ineligible = useIneligibleText();
  const { params, page, setFilter, setFilters, setPage } = useFilterParams();
  const quarters = useLoader(getQuarters, []);
  const list = quarters.data?.items ?? [];
  const quarter = params.get("quarter") ?? list.find((q) => q.closable)?.quarter ?? list.find((q) => q.closed)?.quarter ?? list[0]?.quarter;
  const kind = (params.get("kind") === "window" ? "window" : "clerk") as SubjectKind;
  const department = params.get("department") ?? undefined;
  const search = params.get("q") ?? undefined;
  const loaded = useLoader(
    () => (quarter ? getQuarter(quarter, { kind, department, q: search, limit: PAGE, offset: (page - 1) * PAGE }) : Promise.resolve(undefined)),
    [quarter, kind, department, search, page],
  );
  const data = loaded.data;
  const summary = list.find((q) => q.quarter === quarter);
  const [why, setWhy] = useState<StandingView | null>(null);
  const explanation = useLoader(() => (why && quarter ? getExplanation(quarter, why.kind, why.subjectId) : Promise.resolve(undefined)), [why?.subjectId, quarter]);
  const [busy, setBusy] = useState(false);
  const [check, setCheck] = useState<Awaited<ReturnType<typeof checkQuarter>> | null>(null);
  const quarterName = (q: { quarter: string; label: string }) => (locale === "en" ? q.quarter : q.label);

  const close = async () => {
    if (!quarter || !summary) return;
    setBusy(true);
    try {
      const r = await closeQuarter(quarter);
      void message.success(t("assessment.action.closed", { label: quarterName(summary), stars: r.stars, ms: r.milliseconds }));
      quarters.reload();
      loaded.reload();
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const runCheck = async (source: "counters" | "records") => {
    if (!quarter) return;
    setBusy(true);
    try {
      setCheck(await checkQuarter(quarter, source));
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const columns: TableColumnsType<StandingView> = [
    { title: t("assessment.col.rank"), dataIndex: "rank", width: 70, align: "right", render: (r: number | null) => <span data-testid="rank">{r ?? "—"}</span> },
    {
      title: kind === "clerk" ? t("assessment.col.name") : t("assessment.col.window"),
      key: "name",
      width: 220,
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <Typography.Link onClick={() => setWhy(r)} data-testid="standing-name">
            {kind === "clerk" ? r.name : `${r.code} ${locale === "en" && r.window ? r.window.nameEn : r.name}`}
          </Typography.Link>
          {kind === "clerk" && <Typography.Text type="secondary">{[r.code, r.window ? `${r.window.number}` : null].filter(Boolean).join(" · ")}</Typography.Text>}
          {r.star && <StarTag streak={r.streak} />}
        </Space>
      ),
    },
    { title: t("assessment.col.department"), key: "dept", width: 170, render: (_, r) => (locale === "en" ? r.department.nameEn : r.department.name) },
    { title: t("assessment.col.completed"), key: "completed", align: "right", width: 90, render: (_, r) => r.standing.subject.completed },
    { title: t("assessment.col.rated"), key: "rated", align: "right", width: 90, render: (_, r) => r.standing.subject.rated },
    { title: t("assessment.col.bad"), key: "bad", align: "right", width: 70, render: (_, r) => r.standing.subject.bad },
    { title: t("assessment.col.goodShare"), key: "share", align: "right", width: 120, render: (_, r) => formatShare(r.standing.subject.rated ? r.standing.subject.good / r.standing.subject.rated : null) },
    { title: t("assessment.col.quality"), key: "quality", align: "right", width: 90, render: (_, r) => r.standing.dimensions[0]?.score?.toFixed(4) ?? "—" },
    { title: t("assessment.col.combined"), key: "combined", align: "right", width: 90, render: (_, r) => <span data-testid="combined-score">{r.eligible ? r.standing.combined.toFixed(4) : "—"}</span> },
    {
      title: t("assessment.col.eligibility"),
      key: "eligible",
      width: 260,
      render: (_, r) => (r.eligible ? <Tag color="green">{t("assessment.eligible")}</Tag> : <Typography.Text type="secondary">{ineligible(r.standing).join("；")}</Typography.Text>),
    },
  ];

  if (quarters.error) return <LoadError error={quarters.error} onRetry={quarters.reload} />;
  const isSupervisor = user.roles.includes("supervisor");

  return (
    <section data-testid="assessment">
      <PageTitle>{t("assessment.title")}</PageTitle>
      <Typography.Paragraph type="secondary">{t("assessment.intro")}</Typography.Paragraph>

      <Card style={{ marginBottom: 16 }}>
        <Flex gap={12} wrap align="center" justify="space-between">
          <Flex gap={12} wrap align="center">
            <Typography.Text strong>{t("assessment.quarter")}</Typography.Text>
            <Select
              value={quarter}
              style={{ width: 260 }}
              loading={quarters.loading}
              aria-label={t("assessment.quarter")}
              data-testid="quarter-select"
              onChange={(v: string) => {
                setCheck(null);
                setFilter("quarter", v);
              }}
              options={list.map((q) => ({
                value: q.quarter,
                label: `${quarterName(q)} · ${q.closed ? t("assessment.status.closed") : q.closable ? t("assessment.status.closable") : q.ended ? t("assessment.status.ended") : t("assessment.status.running")}`,
              }))}
            />
            {summary?.closed ? <Tag color="blue">{t("assessment.status.closed")}</Tag> : summary?.ended ? <Tag color="orange">{t("assessment.status.ended")}</Tag> : <Tag>{t("assessment.status.running")}</Tag>}
          </Flex>
          <Space wrap>
            {isSupervisor && summary?.closable && (
              <Popconfirm
                title={t("assessment.action.closeConfirm", { label: quarterName(summary) })}
                description={<div style={{ maxWidth: 320 }}>{t("assessment.action.closeConfirmText", { version: data?.scheme.version ?? "" })}</div>}
                onConfirm={close}
              >
                <Button type="primary" icon={<TrophyOutlined aria-hidden />} loading={busy} data-testid="close-quarter">
                  {t("assessment.action.close")}
                </Button>
              </Popconfirm>
            )}
            {summary?.closed && (
              <>
                <Button icon={<CheckCircleOutlined aria-hidden />} onClick={() => runCheck("counters")} loading={busy} data-testid="check-quarter">
                  {t("assessment.action.check")}
                </Button>
                <Button onClick={() => runCheck("records")} loading={busy} data-testid="check-quarter-records">
                  {t("assessment.action.checkRecords")}
                </Button>
              </>
            )}
            {quarter && (
              <Button icon={<FileExcelOutlined aria-hidden />} href={quarterXlsxUrl(quarter)} download data-testid="export-quarter">
                {t("assessment.action.export")}
              </Button>
            )}
            <Link to="/assessment/scheme">
              <Button icon={<SettingOutlined aria-hidden />}>{t("assessment.action.scheme")}</Button>
            </Link>
            <Link to="/stars">
              <Button icon={<TrophyOutlined aria-hidden />}>{t("assessment.action.board")}</Button>
            </Link>
          </Space>
        </Flex>
        {data && (
          <div style={{ marginTop: 12 }} data-testid="quarter-status">
            {data.closed ? (
              <Typography.Text type="secondary">{t("assessment.status.closedBy", { at: formatDateTime(data.closed.at), by: data.closed.by ?? "—", version: data.closed.schemeVersion })}</Typography.Text>
            ) : (
              <Alert type="info" showIcon title={t("assessment.status.provisional", { version: data.scheme.version })} />
            )}
          </div>
        )}
        {check && (
          <Alert
            style={{ marginTop: 12 }}
            type={check.identical ? "success" : "warning"}
            showIcon
            data-testid="check-result"
            title={check.identical ? t("assessment.action.checkIdentical", { n: check.compared }) : t("assessment.action.checkDiffers", { n: check.differenceCount })}
            description={
              check.identical ? undefined : (
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {check.differences.slice(0, 10).map((d) => (
                    <li key={`${d.kind}${d.name}`}>
                      {d.name}: {d.frozenRank ?? "—"} → {d.nowRank ?? "—"}
                    </li>
                  ))}
                </ul>
              )
            }
          />
        )}
      </Card>

      <Card>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
          <Segmented<SubjectKind>
            value={kind}
            onChange={(v) => setFilters({ kind: v === "clerk" ? undefined : v })}
            options={[
              { value: "clerk", label: t("assessment.kind.clerk") },
              { value: "window", label: t("assessment.kind.window") },
            ]}
            data-testid="kind-switch"
          />
          <Select
            allowClear
            value={department}
            onChange={(v: string | undefined) => setFilter("department", v)}
            placeholder={t("evaluation.allDepartments")}
            style={{ width: 240 }}
            aria-label={t("assessment.col.department")}
            options={(org?.departments ?? []).map((d) => ({ value: d.id, label: localName(d) }))}
          />
          <Input.Search allowClear defaultValue={search} placeholder={t("assessment.search")} style={{ width: 240 }} onSearch={(v) => setFilter("q", v.trim() || undefined)} data-testid="standing-search" />
        </Flex>
        {loaded.error && <LoadError error={loaded.error} onRetry={loaded.reload} />}
        <Table<StandingView>
          rowKey="subjectId"
          size="middle"
          loading={loaded.loading}
          dataSource={data?.items ?? []}
          columns={columns}
          scroll={{ x: 1300 }}
          pagination={{ current: page, pageSize: PAGE, total: data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
          rowClassName={(r) => (r.star ? "row-star" : "")}
          data-testid="standings"
        />
      </Card>

      <Drawer open={!!why} onClose={() => setWhy(null)} size={760} title={why ? `${t("assessment.why.title")} · ${why.kind === "clerk" ? why.name : `${why.code} ${locale === "en" && why.window ? why.window.nameEn : why.name}`}` : ""} destroyOnHidden>
        {explanation.error && <LoadError error={explanation.error} onRetry={explanation.reload} />}
        {explanation.data && <StandingExplanation data={explanation.data} />}
      </Drawer>
    </section>
  );
}
