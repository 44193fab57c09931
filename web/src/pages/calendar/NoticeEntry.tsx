import { WarningOutlined } from "@ant-design/icons";
import { Alert, Button, Col, Collapse, Empty, Flex, Form, Input, Row, Select, Table, Tag, Typography } from "antd";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { previewNotice, saveYear, type NoticeClause, type NoticePreview, type SavedYear, type ScheduleDay } from "../../api/calendar";
import type { ApiError } from "../../api/client";
import { FieldErrorsAlert } from "../../components/FieldErrorsAlert";
import { applyFieldErrors, clearChangedFieldErrors, toApiError } from "../../lib/errors";
import { ChangesTable, DayKindTag, useDayFormat } from "./parts";
import { YearGrid } from "./YearGrid";

interface Values {
  text: string;
  year?: number | null;
  note?: string;
}

const STATUS_COLOR: Record<NoticeClause["status"], string> = { understood: "green", partial: "orange", not_understood: "red" };

/** A problem the server found in the notice; `clause` is the index in `parse.clauses` of the clause it is about. */
type Problem = NoticePreview["parse"]["problems"][number];

/**
 * 粘贴国务院通知录入: the administrator pastes the State Council's notice, 识别 shows each clause with
 * what was understood (the pieces not understood highlighted), the days read, the problems and the
 * difference from what is in force; 确认保存 is open only for a notice understood in full, and
 * sends the version compared against (a save in between is refused: read it again).
 */
export function NoticeEntry({ today, onSaved }: { today: string; onSaved: (saved: SavedYear) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const text = Form.useWatch("text", form);
  const [preview, setPreview] = useState<{ text: string; result: NoticePreview } | null>(null);
  const [busy, setBusy] = useState<"parse" | "save" | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const thisYear = Number(today.slice(0, 4));
  const stale = preview !== null && (text ?? "") !== preview.text;

  const parse = async () => {
    let v: Values;
    try {
      v = await form.validateFields(["text", "year"]);
    } catch {
      return;
    }
    setBusy("parse");
    setError(null);
    try {
      const result = await previewNotice({ text: v.text, year: v.year ?? undefined });
      setPreview({ text: v.text, result });
    } catch (err) {
      setPreview(null);
      if (!applyFieldErrors(form, err, ["text", "year"])) setError(toApiError(err));
    } finally {
      setBusy(null);
    }
  };

  const save = async () => {
    const year = preview?.result.year;
    if (!preview || year === null || year === undefined) return;
    setBusy("save");
    setError(null);
    try {
      const note = (form.getFieldValue("note") as string | undefined)?.trim();
      const saved = await saveYear(year, { source: "notice", text: preview.text, expectedVersion: preview.result.current?.version ?? 0, note: note || undefined });
      form.resetFields();
      setPreview(null);
      onSaved(saved);
    } catch (err) {
      const e = toApiError(err);
      // A conflict (someone saved in between) stays in the alert with the way to read it again.
      if (e.code === "CONFLICT" || !applyFieldErrors(form, e, ["text", "year", "note"])) setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div data-testid="notice-entry">
      <Typography.Paragraph type="secondary">{t("calendar.notice.intro")}</Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" name="calendar-notice" onValuesChange={(changed) => clearChangedFieldErrors(form, changed)}>
        <Form.Item name="text" label={t("calendar.notice.text")} rules={[{ required: true, whitespace: true, message: t("calendar.closures.required", { label: t("calendar.notice.text") }) }]}>
          <Input.TextArea
            autoSize={{ minRows: 8, maxRows: 24 }}
            maxLength={20000}
            placeholder={t("calendar.notice.placeholder")}
            aria-label={t("calendar.notice.text")}
            data-testid="notice-text"
            lang="zh-CN"
            spellCheck={false}
          />
        </Form.Item>
        <Flex gap={12} wrap align="flex-end">
          <Form.Item name="year" label={t("calendar.notice.year")} tooltip={t("calendar.notice.yearHelp")} style={{ marginBottom: 0 }}>
            <Select<number | null>
              allowClear
              placeholder={t("calendar.notice.yearAuto")}
              style={{ width: 160 }}
              aria-label={t("calendar.notice.year")}
              data-testid="notice-year"
              options={[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => ({ value: y, label: t("calendar.yearOption", { year: y }) }))}
            />
          </Form.Item>
          <Button type="primary" onClick={() => void parse()} loading={busy === "parse"} data-testid="notice-parse">
            {t("calendar.notice.parse")}
          </Button>
        </Flex>

        {error && (
          <Flex vertical gap={8} style={{ marginTop: 12 }}>
            <FieldErrorsAlert error={error} onClose={() => setError(null)} testId="notice-error" />
            {error.code === "CONFLICT" && (
              <Button onClick={() => void parse()} style={{ alignSelf: "flex-start" }} data-testid="notice-reparse">
                {t("calendar.notice.reparse")}
              </Button>
            )}
          </Flex>
        )}

        {preview && (
          <div data-testid="notice-preview" data-complete={String(preview.result.parse.complete)} style={{ marginTop: 16 }}>
            <NoticePreviewView result={preview.result} />
            {stale && <Alert type="warning" showIcon style={{ marginTop: 16 }} title={t("calendar.notice.stale")} data-testid="notice-stale" />}
            <Flex gap={12} wrap align="flex-end" style={{ marginTop: 16 }}>
              <Form.Item name="note" label={t("calendar.notice.note")} style={{ marginBottom: 0, flex: "1 1 260px" }}>
                <Input maxLength={500} aria-label={t("calendar.notice.note")} data-testid="notice-note" />
              </Form.Item>
              <Button
                type="primary"
                onClick={() => void save()}
                loading={busy === "save"}
                disabled={!preview.result.parse.complete || preview.result.year === null || stale}
                data-testid="notice-save"
              >
                {t("calendar.notice.confirm")}
              </Button>
            </Flex>
          </div>
        )}
      </Form>
    </div>
  );
}

/** What the server understood: the clauses beside the days, the problems, the difference from what is in force, the year after saving. */
function NoticePreviewView({ result }: { result: NoticePreview }) {
  const { t } = useTranslation();
  const { parse } = result;
  const holidays = parse.days.filter((d) => d.kind === "holiday").length;
  const makeup = parse.days.length - holidays;
  // A problem about a clause is shown on that clause; the rest (the year, text outside the clauses) above them.
  const onClause = (p: Problem) => p.clause !== undefined && p.clause >= 0 && p.clause < parse.clauses.length;
  const general = parse.problems.filter((p) => !onClause(p));
  const byClause = (i: number) => parse.problems.filter((p) => p.clause === i);
  return (
    <Flex vertical gap={16}>
      <Alert
        type={parse.complete ? "success" : "error"}
        showIcon
        data-testid="notice-summary"
        title={parse.complete ? t("calendar.notice.complete", { year: parse.year, holidays, makeup }) : t("calendar.notice.incomplete")}
      />
      {general.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="notice-problems"
          title={t("calendar.notice.problems")}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {general.map((p, i) => (
                <li key={i} lang="zh-CN" data-path={p.path}>
                  {p.message}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Typography.Title level={3} style={{ fontSize: 15 }}>
            {t("calendar.notice.clauses")}
          </Typography.Title>
          {parse.clauses.length === 0 ? (
            <Typography.Text type="secondary">{t("calendar.notice.noClauses")}</Typography.Text>
          ) : (
            <Flex vertical gap={8} data-testid="notice-clauses">
              {parse.clauses.map((c, i) => (
                <ClauseView key={i} clause={c} problems={byClause(i)} />
              ))}
            </Flex>
          )}
        </Col>
        <Col xs={24} xl={12}>
          <Typography.Title level={3} style={{ fontSize: 15 }}>
            {t("calendar.notice.days", { count: parse.days.length })}
          </Typography.Title>
          <NoticeDays days={parse.days} />
        </Col>
      </Row>
      {result.year !== null && result.current && <PreviewDifference year={result.year} current={result.current} changes={result.changes} days={result.days} testId="notice-changes" />}
    </Flex>
  );
}

/** The border of a clause: green understood, amber partial or with a problem, red not understood. */
const clauseBorder = (status: NoticeClause["status"], problem: boolean) =>
  status === "not_understood" ? "#f87171" : status === "partial" || problem ? "#f59e0b" : "#bbf7d0";

/** One clause as written, its status, the pieces not understood marked, the problems found in it. */
function ClauseView({ clause, problems }: { clause: NoticeClause; problems: readonly Problem[] }) {
  const { t } = useTranslation();
  const problem = problems.length > 0;
  const flagged = problem || clause.status !== "understood";
  return (
    <div
      data-testid={`notice-clause-${clause.index}`}
      data-status={clause.status}
      data-problem={problem ? "true" : undefined}
      style={{
        border: `1px solid ${clauseBorder(clause.status, problem)}`,
        borderInlineStartWidth: flagged ? 4 : 1,
        borderRadius: 6,
        padding: "8px 10px",
        background: flagged ? "#fffbeb" : "#fff",
      }}
    >
      <Flex gap={8} align="center" wrap style={{ marginBottom: 4 }}>
        {flagged && <WarningOutlined aria-hidden style={{ color: "#b45309" }} />}
        <Typography.Text strong>{t("calendar.notice.clause", { index: clause.index })}</Typography.Text>
        {clause.festival && <span lang="zh-CN">{clause.festival}</span>}
        <Tag color={STATUS_COLOR[clause.status]} data-testid={`notice-clause-status-${clause.index}`}>
          {t(`calendar.notice.status.${clause.status}`)}
        </Tag>
        {problem && (
          <Tag color="warning" data-testid={`notice-clause-problem-tag-${clause.index}`}>
            {t("calendar.notice.clauseProblems", { count: problems.length })}
          </Tag>
        )}
      </Flex>
      <Typography.Paragraph style={{ marginBottom: clause.unparsed.length ? 6 : 0, whiteSpace: "pre-wrap" }} lang="zh-CN">
        <Highlighted text={clause.text} pieces={clause.unparsed} />
      </Typography.Paragraph>
      {clause.unparsed.length > 0 && (
        <div>
          <Typography.Text type="danger">{t("calendar.notice.unparsed")}：</Typography.Text>
          <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid={`notice-clause-unparsed-${clause.index}`}>
            {clause.unparsed.map((u, i) => (
              <li key={i} lang="zh-CN">
                <mark style={{ background: "#fde68a", padding: "0 2px" }}>{u}</mark>
              </li>
            ))}
          </ul>
        </div>
      )}
      {problem && (
        <div style={{ marginTop: 6 }}>
          <Typography.Text strong style={{ color: "#92400e" }}>
            {t("calendar.notice.problems")}：
          </Typography.Text>
          <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid={`notice-clause-problems-${clause.index}`}>
            {problems.map((p, i) => (
              <li key={i} lang="zh-CN" data-path={p.path}>
                {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** `text` with each of `pieces` marked where it first occurs. */
function Highlighted({ text, pieces }: { text: string; pieces: readonly string[] }) {
  const ranges: [number, number][] = [];
  for (const raw of pieces) {
    const piece = raw.trim();
    if (!piece) continue;
    const at = text.indexOf(piece);
    if (at >= 0) ranges.push([at, at + piece.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([...r]);
  }
  const out: ReactNode[] = [];
  let pos = 0;
  merged.forEach(([from, to], i) => {
    if (from > pos) out.push(text.slice(pos, from));
    out.push(
      <mark key={i} style={{ background: "#fde68a", padding: "0 1px" }} data-unparsed="true">
        {text.slice(from, to)}
      </mark>,
    );
    pos = to;
  });
  if (pos < text.length) out.push(text.slice(pos));
  return <>{out}</>;
}

/** The days a notice or a file gives: date, weekday, 放假 / 调休上班, festival. */
export function NoticeDays({ days, testId = "notice-days" }: { days: readonly ScheduleDay[]; testId?: string }) {
  const { t } = useTranslation();
  const fmt = useDayFormat();
  if (days.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("calendar.notice.noDays")} />;
  return (
    <Table<ScheduleDay>
      size="small"
      rowKey="date"
      data-testid={testId}
      dataSource={[...days]}
      pagination={false}
      scroll={{ y: 420 }}
      onRow={(d) => ({ "data-testid": `${testId}-${d.date}`, "data-kind": d.kind }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        // Widths that leave the festival room on a phone (the header stays fixed, so the layout is fixed too).
        { title: t("calendar.notice.date"), dataIndex: "date", width: 100 },
        { title: t("calendar.notice.weekday"), key: "weekday", width: 56, render: (_, d) => fmt.weekday(d.date) },
        { title: t("calendar.notice.kind"), key: "kind", width: 108, render: (_, d) => <DayKindTag kind={d.kind} /> },
        { title: t("calendar.notice.festival"), dataIndex: "name", render: (n: string) => <span lang="zh-CN">{n || "—"}</span> },
      ]}
    />
  );
}

/** What is in force, the version a save makes, the difference day by day, and the whole year after saving. */
export function PreviewDifference(p: {
  year: number;
  current: { source: "centre" | "package" | "estimate"; version: number };
  changes: NoticePreview["changes"];
  days: NoticePreview["days"];
  testId: string;
}) {
  const { t } = useTranslation();
  const source = t(`calendar.source.${p.current.source}`);
  return (
    <div>
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {t("calendar.diff.title", { count: p.changes.length })}
      </Typography.Title>
      <Flex gap={8} wrap style={{ marginBottom: 8 }} data-testid={`${p.testId}-current`}>
        <Typography.Text>{p.current.version > 0 ? t("calendar.diff.currentVersion", { source, version: p.current.version }) : t("calendar.diff.current", { source })}</Typography.Text>
        <Typography.Text type="secondary">· {t("calendar.diff.willBe", { year: p.year, version: p.current.version + 1 })}</Typography.Text>
      </Flex>
      {p.changes.length === 0 ? (
        <Typography.Text type="secondary" data-testid={`${p.testId}-none`}>
          {p.current.version > 0 ? t("calendar.diff.none") : t("calendar.diff.sameAsSource", { source })}
        </Typography.Text>
      ) : (
        <ChangesTable changes={p.changes} beforeLabel={t("calendar.diff.before")} afterLabel={t("calendar.diff.after")} testId={p.testId} />
      )}
      {p.days.length > 0 && (
        <Collapse
          style={{ marginTop: 12 }}
          size="small"
          items={[
            {
              key: "grid",
              label: t("calendar.diff.afterGrid"),
              children: <YearGrid year={p.year} days={p.days} today="" estimated={false} testIdPrefix={`${p.testId}-day`} />,
            },
          ]}
        />
      )}
    </div>
  );
}
