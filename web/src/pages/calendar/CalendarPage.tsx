import { CopyOutlined, EditOutlined } from "@ant-design/icons";
import { isWeekend } from "@yichuang/core";
import { Alert, App, Button, Card, Col, Empty, Flex, Grid, Input, Popconfirm, Row, Select, Skeleton, Space, Table, Tabs, Tag, Typography } from "antd";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import {
  CALENDAR_FEED_PATH,
  getCalendarOverview,
  getCalendarYear,
  saveYear,
  type CalendarDay,
  type CalendarOverview,
  type CalendarRevision,
  type CalendarYearSummary,
  type CalendarYearView,
  type DayKind,
  type SavedYear,
  type ScheduleDay,
} from "../../api/calendar";
import type { ApiError } from "../../api/client";
import { CALENDAR_CLOSURE_ROLES, CALENDAR_MANAGE_ROLES, hasAnyRole } from "../../auth/access";
import { useUser } from "../../auth/AuthContext";
import { FieldErrorsAlert } from "../../components/FieldErrorsAlert";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { useCalendarStatus } from "../../layout/CalendarWarning";
import { toApiError } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { serverToday } from "../../lib/serverTime";
import { useLoader } from "../../lib/useLoader";
import { ClosuresCard } from "./Closures";
import { IcsImportPanel } from "./IcsImport";
import { NoticeEntry } from "./NoticeEntry";
import { DayKindTag, SourceTag, useDayFormat } from "./parts";
import { VersionsPanel } from "./Versions";
import { GridLegend, YearGrid, type GridDay } from "./YearGrid";

const YEAR_MIN = 2000;
const YEAR_MAX = 2100;
/** From this month the State Council's notice for next year is expected (as the server warns). */
const NEXT_YEAR_MONTH = 10;

/** The year the page opens on: next year from October while the centre has not entered it, else this year. */
function defaultYear(overview: CalendarOverview): number {
  const thisYear = Number(overview.today.slice(0, 4));
  const month = Number(overview.today.slice(5, 7));
  const next = overview.years.find((y) => y.year === thisYear + 1);
  return month >= NEXT_YEAR_MONTH && next?.source !== "centre" ? thisYear + 1 : thisYear;
}

/**
 * /admin/calendar: the centre's working calendar. Everyone on the staff sees a year as twelve
 * months and where each year comes from, the closures and the subscription feed; leaders and
 * administrators close and reopen days; administrators enter a year from the State Council's notice,
 * by hand on the grid or from an .ics file, and read the versions.
 */
export function CalendarPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { message } = App.useApp();
  const status = useCalendarStatus();
  const canManage = hasAnyRole(user.roles, CALENDAR_MANAGE_ROLES);
  const canClose = hasAnyRole(user.roles, CALENDAR_CLOSURE_ROLES);
  const narrow = Grid.useBreakpoint().sm === false;
  const [params, setParams] = useSearchParams();
  // Any change (a year saved, a closure added or lifted) reads everything again.
  const [round, setRound] = useState(0);
  const [saved, setSaved] = useState<SavedYear | null>(null);
  const [editing, setEditing] = useState(false);

  const overview = useLoader(getCalendarOverview, [round]);
  const today = overview.data?.today ?? serverToday();
  const asked = Number(params.get("year"));
  const year = Number.isInteger(asked) && asked >= YEAR_MIN && asked <= YEAR_MAX ? asked : overview.data ? defaultYear(overview.data) : null;
  const view = useLoader(() => (year === null ? Promise.resolve(undefined) : getCalendarYear(year)), [year, round]);
  const shown = view.data && view.data.year === year ? view.data : undefined;

  // An edit belongs to its year: another year (the select, the back button) ends it.
  useEffect(() => setEditing(false), [year]);

  // The default year is pinned in the address once known, so a save (which may change the default) keeps the page on its year.
  useEffect(() => {
    if (!params.get("year") && year !== null) {
      setParams(
        (p) => {
          p.set("year", String(year));
          return p;
        },
        { replace: true },
      );
    }
  }, [params, setParams, year]);

  const chooseYear = (y: number) => {
    setEditing(false);
    setParams((p) => {
      p.set("year", String(y));
      return p;
    });
  };
  const changed = () => setRound((r) => r + 1);
  const onSaved = (s: SavedYear) => {
    setSaved(s);
    setEditing(false);
    void message.success(t("calendar.saved", { year: s.year, version: s.version }));
    chooseYear(s.year);
    changed();
    status.reload();
  };

  const thisYear = Number(today.slice(0, 4));
  const yearOptions = useMemo(() => {
    const ys = new Set<number>([thisYear - 2, thisYear - 1, thisYear, thisYear + 1, thisYear + 2, ...(overview.data?.years.map((y) => y.year) ?? [])]);
    if (year !== null) ys.add(year);
    return [...ys].filter((y) => y >= YEAR_MIN && y <= YEAR_MAX).sort((a, b) => a - b);
  }, [thisYear, overview.data, year]);

  if (overview.error?.code === "FORBIDDEN") return <LoadError error={overview.error} />;

  return (
    <section data-testid="calendar-page">
      <PageTitle
        extra={
          <Select<number>
            value={year ?? undefined}
            onChange={chooseYear}
            loading={year === null}
            style={{ width: 130 }}
            aria-label={t("calendar.year")}
            data-testid="calendar-year-select"
            options={yearOptions.map((y) => ({ value: y, label: t("calendar.yearOption", { year: y }) }))}
          />
        }
      >
        {t("calendar.title")}
      </PageTitle>
      <Typography.Paragraph type="secondary">{t("calendar.intro")}</Typography.Paragraph>

      {saved && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setSaved(null) }}
          style={{ marginBottom: 16 }}
          data-testid="calendar-saved"
          data-version={saved.version}
          title={t("calendar.savedDetail", { year: saved.year, version: saved.version, revision: saved.revision })}
        />
      )}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          {view.error ? (
            <LoadError error={view.error} onRetry={view.reload} />
          ) : !shown || year === null ? (
            <Card>
              <Skeleton active paragraph={{ rows: 10 }} />
            </Card>
          ) : (
            <YearCard key={shown.year} view={shown} today={today} canManage={canManage} editing={editing} onEditing={setEditing} onSaved={onSaved} onReload={changed} />
          )}
        </Col>
        <Col xs={24} xl={8}>
          <Flex vertical gap={16}>
            <OverviewCard overview={overview.data} loading={overview.loading} error={overview.error} onRetry={overview.reload} selected={year} onSelect={chooseYear} />
            <FeedCard />
          </Flex>
        </Col>
        {canManage && year !== null && (
          <Col span={24}>
            <Card data-testid="calendar-entry">
              <Tabs
                // A narrower gap keeps the three tabs on a phone's screen (not behind "…").
                tabBarGutter={narrow ? 16 : undefined}
                items={[
                  { key: "notice", label: t("calendar.tabs.notice"), children: <NoticeEntry today={today} onSaved={onSaved} /> },
                  { key: "ics", label: t("calendar.tabs.ics"), children: <IcsImportPanel year={year} onSaved={onSaved} /> },
                  { key: "versions", label: t("calendar.tabs.versions"), children: <VersionsPanel year={year} round={round} /> },
                ]}
              />
            </Card>
          </Col>
        )}
        <Col span={24}>
          <ClosuresCard canClose={canClose} round={round} onChanged={changed} />
        </Col>
      </Row>
    </section>
  );
}

/** The schedule of a year being edited: the days it names (holidays and make-up working days), by date. */
type Draft = ReadonlyMap<string, ScheduleDay>;

/** The days in force a manual edit starts from. */
function draftOf(days: readonly CalendarDay[]): Draft {
  const out = new Map<string, ScheduleDay>();
  for (const d of days) if (d.kind === "holiday" || d.kind === "makeup") out.set(d.date, { date: d.date, kind: d.kind, name: d.name ?? "" });
  return out;
}

/** What a click does: working day → holiday → working day; weekend → make-up working day → holiday → weekend. */
function nextKind(date: string, current: ScheduleDay["kind"] | null): ScheduleDay["kind"] | null {
  if (!isWeekend(date)) return current === null ? "holiday" : null;
  return current === null ? "makeup" : current === "makeup" ? "holiday" : null;
}

const plainKind = (date: string): DayKind => (isWeekend(date) ? "weekend" : "workday");
const sameDay = (a: ScheduleDay | undefined, b: ScheduleDay | undefined) => (a?.kind ?? null) === (b?.kind ?? null) && (a?.name ?? "") === (b?.name ?? "");

/** The year's days as the draft makes them (closures stay). */
function draftDays(days: readonly CalendarDay[], base: Draft, draft: Draft): GridDay[] {
  return days.map((d) => {
    const e = draft.get(d.date);
    const kind: DayKind = e ? e.kind : plainKind(d.date);
    return { date: d.date, kind, working: d.closure === null && (kind === "workday" || kind === "makeup"), name: e?.name || null, closure: d.closure, changed: !sameDay(base.get(d.date), e) };
  });
}

interface Pending {
  date: string;
  before: ScheduleDay | undefined;
  after: ScheduleDay | undefined;
}

/** The year's grid with where it comes from, and (administrators) the manual edit on it. */
function YearCard(p: {
  view: CalendarYearView;
  today: string;
  canManage: boolean;
  editing: boolean;
  onEditing: (on: boolean) => void;
  onSaved: (s: SavedYear) => void;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const { view } = p;
  const estimated = view.source === "estimate";
  const [base, setBase] = useState<{ version: number; draft: Draft }>({ version: 0, draft: new Map() });
  const [draft, setDraft] = useState<Draft>(new Map());
  const [brush, setBrush] = useState("");

  const start = () => {
    const d = draftOf(view.days);
    setBase({ version: view.version ?? 0, draft: d });
    setDraft(d);
    p.onEditing(true);
  };
  const cycle = (date: string) =>
    setDraft((prev) => {
      const next = new Map(prev);
      const current = prev.get(date);
      const kind = nextKind(date, current?.kind ?? null);
      if (kind === null) next.delete(date);
      else next.set(date, { date, kind, name: brush.trim() || current?.name || base.draft.get(date)?.name || "" });
      return next;
    });

  const days: GridDay[] = p.editing ? draftDays(view.days, base.draft, draft) : view.days;
  const pending: Pending[] = p.editing
    ? [...new Set([...base.draft.keys(), ...draft.keys()])]
        .filter((date) => !sameDay(base.draft.get(date), draft.get(date)))
        .sort()
        .map((date) => ({ date, before: base.draft.get(date), after: draft.get(date) }))
    : [];

  return (
    <Card
      data-testid="calendar-year"
      data-year={view.year}
      data-source={view.source}
      title={
        <Flex gap={8} align="center" wrap>
          <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
            {t("calendar.grid.title", { year: view.year })}
          </Typography.Title>
          <SourceTag source={view.source} testId="calendar-year-source" />
          {view.version !== null && <Tag data-testid="calendar-year-version">{t("calendar.versionN", { version: view.version })}</Tag>}
          {estimated && <Tag color="gold">{t("calendar.provisional.tag")}</Tag>}
        </Flex>
      }
      extra={
        p.canManage &&
        (p.editing ? (
          <Popconfirm title={t("calendar.edit.discardConfirm")} onConfirm={() => p.onEditing(false)} disabled={pending.length === 0}>
            <Button onClick={pending.length === 0 ? () => p.onEditing(false) : undefined} data-testid="manual-stop">
              {pending.length ? t("calendar.edit.discard") : t("calendar.edit.stop")}
            </Button>
          </Popconfirm>
        ) : (
          <Button icon={<EditOutlined aria-hidden />} onClick={start} data-testid="manual-start">
            {t("calendar.edit.start")}
          </Button>
        ))
      }
    >
      <Flex vertical gap={12}>
        <Alert
          type={estimated ? "warning" : "info"}
          showIcon
          data-testid="calendar-year-note"
          title={
            estimated
              ? t("calendar.grid.estimatedYear", { year: view.year })
              : view.source === "package"
                ? t("calendar.grid.packageYear", { year: view.year })
                : t("calendar.grid.centreYear", { year: view.year, version: view.version ?? "—", by: view.enteredBy ?? "—", at: formatDateTime(view.enteredAt) })
          }
        />
        {p.editing && (
          <Flex vertical gap={8} data-testid="manual-edit">
            <Typography.Text>{t("calendar.edit.hint")}</Typography.Text>
            <label style={{ maxWidth: 280 }}>
              <div style={{ marginBottom: 4 }}>{t("calendar.edit.name")}</div>
              <Input value={brush} onChange={(e) => setBrush(e.target.value)} maxLength={20} placeholder={t("calendar.edit.namePlaceholder")} data-testid="manual-name" lang="zh-CN" />
            </label>
          </Flex>
        )}
        <GridLegend />
        <YearGrid year={view.year} days={days} today={p.today} estimated={estimated && !p.editing} onDayClick={p.editing ? cycle : undefined} />
        {p.editing && (
          <ManualPending
            year={view.year}
            version={base.version}
            pending={pending}
            draft={draft}
            onRename={(date, name) =>
              setDraft((prev) => {
                const e = prev.get(date);
                if (!e) return prev;
                return new Map(prev).set(date, { ...e, name });
              })
            }
            onUndo={(date) =>
              setDraft((prev) => {
                const next = new Map(prev);
                const before = base.draft.get(date);
                if (before) next.set(date, before);
                else next.delete(date);
                return next;
              })
            }
            onSaved={p.onSaved}
            onReload={() => {
              p.onEditing(false);
              p.onReload();
            }}
          />
        )}
      </Flex>
    </Card>
  );
}

/** The days changed by hand, each with its festival name, and the save as a new version with a note. */
function ManualPending(p: {
  year: number;
  version: number;
  pending: Pending[];
  draft: Draft;
  onRename: (date: string, name: string) => void;
  onUndo: (date: string) => void;
  onSaved: (s: SavedYear) => void;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useDayFormat();
  const [note, setNote] = useState("");
  const [basis, setBasis] = useState("");
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const kindOf = (date: string, e: ScheduleDay | undefined): DayKind => e?.kind ?? plainKind(date);

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const days = [...p.draft.values()].sort((a, b) => (a.date < b.date ? -1 : 1)).map((d) => ({ ...d, name: d.name.trim() }));
      const saved = await saveYear(p.year, { source: "manual", days, expectedVersion: p.version, note: note.trim() || undefined, text: basis.trim() || undefined });
      p.onSaved(saved);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Flex vertical gap={12} data-testid="manual-pending">
      <Typography.Title level={3} style={{ fontSize: 15, margin: 0 }}>
        {t("calendar.edit.pending", { count: p.pending.length })}
      </Typography.Title>
      {p.pending.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("calendar.edit.noPending")} />
      ) : (
        <Table<Pending>
          size="small"
          rowKey="date"
          dataSource={p.pending}
          pagination={false}
          scroll={{ x: 560 }}
          onRow={(r) => ({ "data-testid": `manual-pending-${r.date}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t("calendar.edit.date"),
              dataIndex: "date",
              width: 140,
              render: (d: string) => (
                <>
                  {d} <Typography.Text type="secondary">{fmt.weekday(d)}</Typography.Text>
                </>
              ),
            },
            { title: t("calendar.edit.before"), key: "before", render: (_, r) => <DayKindTag kind={kindOf(r.date, r.before)} name={r.before?.name} /> },
            { title: t("calendar.edit.after"), key: "after", render: (_, r) => <DayKindTag kind={kindOf(r.date, r.after)} /> },
            {
              title: t("calendar.edit.name"),
              key: "name",
              width: 150,
              render: (_, r) =>
                r.after ? (
                  <Input
                    size="small"
                    value={r.after.name}
                    maxLength={20}
                    onChange={(e) => p.onRename(r.date, e.target.value)}
                    aria-label={t("calendar.edit.rowName", { date: r.date })}
                    data-testid={`manual-pending-name-${r.date}`}
                    lang="zh-CN"
                  />
                ) : (
                  "—"
                ),
            },
            {
              title: t("common.actions"),
              key: "undo",
              width: 80,
              render: (_, r) => (
                <Button type="link" size="small" onClick={() => p.onUndo(r.date)} data-testid={`manual-undo-${r.date}`}>
                  {t("calendar.edit.undo")}
                </Button>
              ),
            },
          ]}
        />
      )}
      <Row gutter={[12, 12]}>
        <Col xs={24} md={10}>
          <label>
            <div style={{ marginBottom: 4 }}>{t("calendar.edit.note")}</div>
            <Input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} placeholder={t("calendar.edit.notePlaceholder")} data-testid="manual-note" />
          </label>
        </Col>
        <Col xs={24} md={14}>
          <label>
            <div style={{ marginBottom: 4 }}>{t("calendar.edit.basis")}</div>
            <Input.TextArea value={basis} onChange={(e) => setBasis(e.target.value)} maxLength={20000} autoSize={{ minRows: 1, maxRows: 6 }} placeholder={t("calendar.edit.basisPlaceholder")} data-testid="manual-basis" />
          </label>
        </Col>
      </Row>
      {error && (
        <Flex vertical gap={8}>
          <FieldErrorsAlert error={error} onClose={() => setError(null)} testId="manual-error" />
          {error.code === "CONFLICT" && (
            <Button onClick={p.onReload} style={{ alignSelf: "flex-start" }} data-testid="manual-reload">
              {t("calendar.edit.conflictReload")}
            </Button>
          )}
        </Flex>
      )}
      <Flex justify="flex-end">
        <Button type="primary" onClick={() => void save()} loading={saving} disabled={p.pending.length === 0} data-testid="manual-save">
          {t("calendar.edit.save")}
        </Button>
      </Flex>
    </Flex>
  );
}

/** The years around today (and every year entered): where each comes from; recent changes of the calendar. */
function OverviewCard(p: { overview: CalendarOverview | undefined; loading: boolean; error: ApiError | undefined; onRetry: () => void; selected: number | null; onSelect: (y: number) => void }) {
  const { t } = useTranslation();
  return (
    <Card title={t("calendar.overview.title")} data-testid="calendar-overview" size="small">
      {p.error ? (
        <LoadError error={p.error} onRetry={p.onRetry} />
      ) : (
        <Flex vertical gap={12}>
          <Table<CalendarYearSummary>
            size="small"
            rowKey="year"
            loading={p.loading && !p.overview}
            dataSource={p.overview?.years ?? []}
            pagination={false}
            data-testid="calendar-years"
            onRow={(y) =>
              ({
                "data-testid": `calendar-year-row-${y.year}`,
                "data-source": y.source,
                style: y.year === p.selected ? { background: "#eff6ff" } : undefined,
              }) as React.HTMLAttributes<HTMLElement>
            }
            columns={[
              {
                title: t("calendar.overview.year"),
                dataIndex: "year",
                width: 80,
                render: (y: number) => (
                  <Button type="link" size="small" style={{ padding: 0 }} onClick={() => p.onSelect(y)} aria-label={t("calendar.overview.show", { year: y })} aria-current={y === p.selected ? "true" : undefined}>
                    {y}
                  </Button>
                ),
              },
              { title: t("calendar.overview.source"), dataIndex: "source", render: (_, y) => <SourceTag source={y.source} /> },
              {
                title: t("calendar.overview.version"),
                key: "version",
                render: (_, y) =>
                  y.version !== null ? (
                    <>
                      {t("calendar.versionN", { version: y.version })}
                      {y.enteredBy && (
                        <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
                          {y.enteredBy} · {formatDateTime(y.enteredAt).slice(0, 10)}
                        </Typography.Text>
                      )}
                    </>
                  ) : (
                    <Typography.Text type="secondary">{t("calendar.notEntered")}</Typography.Text>
                  ),
              },
            ]}
          />
          <div>
            <Typography.Title level={3} style={{ fontSize: 14 }}>
              {t("calendar.overview.revisions")}
            </Typography.Title>
            {p.overview && p.overview.revisions.length === 0 ? (
              <Typography.Text type="secondary">{t("calendar.overview.noRevisions")}</Typography.Text>
            ) : (
              <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="calendar-revisions">
                {(p.overview?.revisions ?? []).map((r) => (
                  <RevisionLine key={r.revision} revision={r} />
                ))}
              </ul>
            )}
          </div>
        </Flex>
      )}
    </Card>
  );
}

function RevisionLine({ revision: r }: { revision: CalendarRevision }) {
  const { t } = useTranslation();
  return (
    <li style={{ marginBottom: 6 }} data-testid={`calendar-revision-${r.revision}`}>
      <span lang="zh-CN">{r.reason}</span>
      <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
        {formatDateTime(r.at).slice(0, 16)} · {r.recomputedAt ? t("calendar.overview.recomputed") : t("calendar.overview.recomputing")}
        {r.moved > 0 && ` · ${t("calendar.overview.moved", { count: r.moved })}`}
      </Typography.Text>
    </li>
  );
}

/** The public subscription feed's address, with a copy button. */
function FeedCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const url = `${location.origin}${CALENDAR_FEED_PATH}`;
  const field = useRef<HTMLInputElement | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      void message.success(t("calendar.feed.copied"));
    } catch {
      // No clipboard (an insecure origin, or refused): select the address so it can be copied by hand.
      field.current?.select();
      void message.warning(t("calendar.feed.copyFailed"));
    }
  };
  return (
    <Card title={t("calendar.feed.title")} size="small" data-testid="calendar-feed">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t("calendar.feed.intro")}
      </Typography.Paragraph>
      <Space.Compact style={{ width: "100%" }}>
        <Input
          readOnly
          value={url}
          aria-label={t("calendar.feed.url")}
          data-testid="feed-url"
          ref={(el) => {
            field.current = el?.input ?? null;
          }}
          onFocus={(e) => e.target.select()}
        />
        <Button icon={<CopyOutlined aria-hidden />} onClick={() => void copy()} data-testid="feed-copy">
          {t("calendar.feed.copy")}
        </Button>
      </Space.Compact>
    </Card>
  );
}
