import { Flex, Tag, Tooltip, Typography } from "antd";
import type { CSSProperties, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { DayKind } from "../../api/calendar";
import { KIND_STYLE, useDayFormat, useGlyph } from "./parts";

/** A day as the grid shows it (the year in force, a preview, or the days being edited). */
export interface GridDay {
  date: string;
  kind: DayKind;
  working: boolean;
  name: string | null;
  closure: string | null;
  /** Changed in the edit under way. */
  changed?: boolean;
}

const WEEK = ["w1", "w2", "w3", "w4", "w5", "w6", "w7"] as const;

const monthsStyle: CSSProperties = { display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(236px, 1fr))", gap: 12 };
const tableStyle: CSSProperties = { width: "100%", borderCollapse: "separate", borderSpacing: 2, tableLayout: "fixed" };
const captionStyle: CSSProperties = { textAlign: "start", fontWeight: 600, padding: "2px 2px 6px", captionSide: "top" };
const headStyle: CSSProperties = { fontWeight: 400, fontSize: 12, color: "#4b5563", padding: "2px 0", textAlign: "center" };
const innerStyle: CSSProperties = {
  display: "block",
  position: "relative",
  width: "100%",
  minHeight: 34,
  padding: "3px 2px 2px",
  font: "inherit",
  fontSize: 13,
  lineHeight: "16px",
  textAlign: "center",
  background: "transparent",
  border: 0,
  color: "inherit",
};
const glyphStyle: CSSProperties = { display: "block", fontSize: 11, fontWeight: 700, lineHeight: "13px" };

/** Monday-first position of a date's weekday: 0 Monday … 6 Sunday. */
const mondayIndex = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;

/**
 * A year as twelve month grids, Monday first like Chinese calendars. Each day is coloured by its
 * kind and carries its glyph (休 holiday, 班 make-up working day, 闭 closure), the festival or the
 * closure's reason in a tooltip, and a full aria-label ("2027年2月6日 春节 放假"); days of an
 * estimated year are marked 预计. With `onDayClick` every day is a button (the edit mode).
 */
export function YearGrid(p: { year: number; days: readonly GridDay[]; today: string; estimated: boolean; testIdPrefix?: string; onDayClick?: (date: string) => void }) {
  const { t } = useTranslation();
  const fmt = useDayFormat();
  const glyphOf = useGlyph();
  const prefix = p.testIdPrefix ?? "day";
  const months: GridDay[][] = Array.from({ length: 12 }, () => []);
  for (const d of p.days) {
    const m = Number(d.date.slice(5, 7));
    if (d.date.startsWith(`${p.year}-`) && m >= 1 && m <= 12) months[m - 1]!.push(d);
  }
  const estimateWord = t("calendar.provisional.tag");

  const labelOf = (d: GridDay) => {
    const parts = [fmt.long(d.date)];
    if (d.name) parts.push(d.name);
    parts.push(t(`calendar.kind.${d.kind}`));
    if (d.closure !== null) parts.push(t("calendar.grid.closed", { reason: d.closure }));
    if (p.estimated) parts.push(estimateWord);
    if (d.changed) parts.push(t("calendar.edit.changed"));
    return parts.join(" ");
  };

  const cell = (d: GridDay) => {
    const look = KIND_STYLE[d.closure !== null ? "closure" : d.kind];
    const glyph = glyphOf(d.kind, d.closure);
    const label = labelOf(d);
    const isToday = d.date === p.today;
    const style: CSSProperties = {
      background: look.background,
      color: look.color,
      border: `1px ${p.estimated ? "dashed" : "solid"} ${look.border}`,
      borderRadius: 4,
      padding: 0,
      verticalAlign: "top",
      outline: isToday ? "2px solid #1e3a8a" : undefined,
      outlineOffset: isToday ? -1 : undefined,
      boxShadow: d.changed ? "inset 0 0 0 2px #f59e0b" : undefined,
    };
    const tip = d.closure !== null ? [d.name, t("calendar.grid.closed", { reason: d.closure })].filter(Boolean).join(" · ") : d.name;
    const content = (
      <>
        <span aria-hidden>{Number(d.date.slice(8))}</span>
        <span aria-hidden style={glyphStyle}>
          {glyph ?? "\u00a0"}
        </span>
      </>
    );
    const inner: ReactNode = p.onDayClick ? (
      <button type="button" aria-label={`${label}，${t("calendar.edit.cellHint")}`} onClick={() => p.onDayClick!(d.date)} style={{ ...innerStyle, cursor: "pointer" }} data-testid={`${prefix}-button-${d.date}`}>
        {content}
      </button>
    ) : (
      <span style={innerStyle}>{content}</span>
    );
    return (
      <td
        key={d.date}
        aria-label={label}
        style={style}
        data-testid={`${prefix}-${d.date}`}
        data-kind={d.kind}
        data-working={String(d.working)}
        data-closed={d.closure !== null ? "true" : undefined}
        data-changed={d.changed ? "true" : undefined}
      >
        {tip ? (
          <Tooltip title={<span lang="zh-CN">{tip}</span>} mouseEnterDelay={0.2}>
            {inner}
          </Tooltip>
        ) : (
          inner
        )}
      </td>
    );
  };

  return (
    <div style={monthsStyle} role="group" aria-label={t("calendar.grid.label", { year: p.year })} data-testid={`${prefix}-grid`} data-year={p.year}>
      {months.map((days, i) => {
        if (days.length === 0) return null;
        const rows: (GridDay | null)[][] = [];
        let row: (GridDay | null)[] = Array.from({ length: mondayIndex(days[0]!.date) }, () => null);
        for (const d of days) {
          row.push(d);
          if (row.length === 7) {
            rows.push(row);
            row = [];
          }
        }
        if (row.length) rows.push([...row, ...Array.from({ length: 7 - row.length }, () => null)]);
        return (
          <table key={i} style={tableStyle} data-testid={`${prefix}-month-${i + 1}`}>
            <caption style={captionStyle}>
              <Flex align="center" gap={6}>
                <span>{fmt.month(p.year, i + 1)}</span>
                {p.estimated && (
                  <Tag color="gold" style={{ marginInlineEnd: 0, fontWeight: 400 }}>
                    {estimateWord}
                  </Tag>
                )}
              </Flex>
            </caption>
            <thead>
              <tr>
                {WEEK.map((w) => (
                  <th key={w} scope="col" abbr={t(`calendar.grid.weekdayFull.${w}`)} style={headStyle}>
                    {t(`calendar.grid.weekday.${w}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, j) => (
                <tr key={j}>{r.map((d, k) => (d ? cell(d) : <td key={`e${k}`} />))}</tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </div>
  );
}

/** What the colours and glyphs mean. */
export function GridLegend() {
  const { t } = useTranslation();
  const swatch = (look: (typeof KIND_STYLE)[keyof typeof KIND_STYLE], glyph: string | null, label: string, extra: CSSProperties = {}) => (
    <Flex align="center" gap={6} key={label}>
      <span aria-hidden style={{ display: "inline-flex", alignItems: "center", justifyContent: "center", width: 26, height: 22, borderRadius: 4, background: look.background, color: look.color, border: `1px solid ${look.border}`, fontSize: 12, fontWeight: 700, ...extra }}>
        {glyph}
      </span>
      <Typography.Text>{label}</Typography.Text>
    </Flex>
  );
  return (
    <Flex wrap gap={14} align="center" data-testid="calendar-legend" aria-label={t("calendar.grid.legend")} role="group">
      {swatch(KIND_STYLE.workday, null, t("calendar.kind.workday"))}
      {swatch(KIND_STYLE.weekend, null, t("calendar.kind.weekend"))}
      {swatch(KIND_STYLE.holiday, t("calendar.glyph.holiday"), t("calendar.kind.holiday"))}
      {swatch(KIND_STYLE.makeup, t("calendar.glyph.makeup"), t("calendar.kind.makeup"))}
      {swatch(KIND_STYLE.closure, t("calendar.glyph.closure"), t("calendar.grid.legendClosure"))}
      {swatch(KIND_STYLE.workday, null, t("calendar.grid.legendEstimate"), { borderStyle: "dashed", borderColor: "#9ca3af" })}
      {swatch(KIND_STYLE.workday, null, t("calendar.grid.today"), { outline: "2px solid #1e3a8a", outlineOffset: -1 })}
    </Flex>
  );
}
