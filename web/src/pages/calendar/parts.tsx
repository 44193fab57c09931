import { Flex, Grid, Table, Tag, Typography } from "antd";
import { useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { DayChange, DayKind, DaySource } from "../../api/calendar";
import { useLocale } from "../../lib/locale";

/** Colours of the day kinds; every kind also has its word (and 休/班/闭 its glyph), never colour alone. */
export const KIND_STYLE: Record<DayKind | "closure", { background: string; color: string; border: string }> = {
  workday: { background: "#ffffff", color: "#1f2937", border: "#e5e7eb" },
  weekend: { background: "#f3f4f6", color: "#4b5563", border: "#e5e7eb" },
  holiday: { background: "#fee2e2", color: "#b91c1c", border: "#fca5a5" },
  makeup: { background: "#dbeafe", color: "#1d4ed8", border: "#93c5fd" },
  closure: { background: "#ede9fe", color: "#5b21b6", border: "#c4b5fd" },
};

const TAG_COLOR: Record<DayKind, string | undefined> = { workday: undefined, weekend: undefined, holiday: "red", makeup: "blue" };
const SOURCE_COLOR: Record<DaySource, string> = { centre: "green", package: "blue", estimate: "gold" };

const utc = (date: string) => new Date(`${date}T00:00:00Z`);

/** Dates as the page words them, in the UI language: "2027年2月6日" / "6 February 2027", 周六 / Sat. */
export function useDayFormat() {
  const locale = useLocale();
  const { t } = useTranslation();
  return useMemo(() => {
    const tag = locale === "en" ? "en-GB" : "zh-CN";
    const long = new Intl.DateTimeFormat(tag, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
    const weekday = new Intl.DateTimeFormat(tag, { weekday: "short", timeZone: "UTC" });
    const monthName = new Intl.DateTimeFormat("en-GB", { month: "long", timeZone: "UTC" });
    return {
      /** 2027年2月6日 */
      long: (date: string) => long.format(utc(date)),
      /** 周六 */
      weekday: (date: string) => weekday.format(utc(date)),
      /** 2月 / February */
      month: (year: number, month: number) =>
        locale === "en" ? monthName.format(utc(`${year}-${String(month).padStart(2, "0")}-01`)) : t("calendar.grid.month", { month }),
    };
  }, [locale, t]);
}

/** The glyph of a day shown in its cell: 休, 班 or 闭 (none for plain working days and weekends). */
export function useGlyph() {
  const { t } = useTranslation();
  return useCallback(
    (kind: DayKind, closure: string | null) => (closure !== null ? t("calendar.glyph.closure") : kind === "holiday" ? t("calendar.glyph.holiday") : kind === "makeup" ? t("calendar.glyph.makeup") : null),
    [t],
  );
}

/** A day's kind as a tag with its glyph and festival: "休 放假 · 春节". */
export function DayKindTag({ kind, name }: { kind: DayKind; name?: string | null }) {
  const { t } = useTranslation();
  const glyph = kind === "holiday" ? t("calendar.glyph.holiday") : kind === "makeup" ? t("calendar.glyph.makeup") : null;
  return (
    <Tag color={TAG_COLOR[kind]} style={{ marginInlineEnd: 0 }}>
      {glyph && <strong aria-hidden>{glyph} </strong>}
      {t(`calendar.kind.${kind}`)}
      {name ? (
        <span lang="zh-CN">
          {" · "}
          {name}
        </span>
      ) : null}
    </Tag>
  );
}

/** Where a year's days come from, as a tag. */
export function SourceTag({ source, testId }: { source: DaySource; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={SOURCE_COLOR[source]} data-testid={testId} data-source={source}>
      {t(`calendar.source.${source}`)}
    </Tag>
  );
}

/**
 * A year's days that differ between two states, day by day: before → after. On a phone the two
 * states share one column (the date above its weekday), so the change is seen without scrolling sideways.
 */
export function ChangesTable({ changes, beforeLabel, afterLabel, testId }: { changes: readonly DayChange[]; beforeLabel: string; afterLabel: string; testId: string }) {
  const { t } = useTranslation();
  const fmt = useDayFormat();
  const narrow = Grid.useBreakpoint().sm === false;
  const date = {
    title: t("calendar.diff.date"),
    dataIndex: "date",
    width: narrow ? 104 : 150,
    render: (d: string) =>
      narrow ? (
        <>
          {d}
          <Typography.Text type="secondary" style={{ display: "block" }}>
            {fmt.weekday(d)}
          </Typography.Text>
        </>
      ) : (
        <>
          {d} <Typography.Text type="secondary">{fmt.weekday(d)}</Typography.Text>
        </>
      ),
  };
  return (
    <Table<DayChange>
      size="small"
      rowKey="date"
      data-testid={testId}
      dataSource={[...changes]}
      pagination={changes.length > 40 ? { pageSize: 40, showSizeChanger: false } : false}
      scroll={narrow ? undefined : { x: 520 }}
      onRow={(c) => ({ "data-testid": `${testId}-${c.date}` }) as React.HTMLAttributes<HTMLElement>}
      columns={
        narrow
          ? [
              date,
              {
                title: `${beforeLabel} → ${afterLabel}`,
                key: "change",
                render: (_, c) => (
                  <Flex wrap gap={4} align="center">
                    <DayKindTag kind={c.before.kind} name={c.before.name} />
                    <span aria-hidden>→</span>
                    <DayKindTag kind={c.after.kind} name={c.after.name} />
                  </Flex>
                ),
              },
            ]
          : [
              date,
              { title: beforeLabel, key: "before", render: (_, c) => <DayKindTag kind={c.before.kind} name={c.before.name} /> },
              { title: "", key: "arrow", width: 32, render: () => <span aria-hidden>→</span> },
              { title: afterLabel, key: "after", render: (_, c) => <DayKindTag kind={c.after.kind} name={c.after.name} /> },
            ]
      }
    />
  );
}
