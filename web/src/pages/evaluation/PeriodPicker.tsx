import { DatePicker } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { serverTodayDayjs } from "../../lib/serverTime";

/** A period of days as the API takes it. */
export interface PeriodValue {
  from: string;
  to: string;
}

const DAY = "YYYY-MM-DD";

/** Today in the centre's time zone, on the server's clock. */
function today(): Dayjs {
  return serverTodayDayjs();
}

/** The first day of the quarter of `d`. */
function quarterStart(d: Dayjs): Dayjs {
  return d.month(Math.floor(d.month() / 3) * 3).date(1);
}

/**
 * A date range with the usual presets (this quarter, this month, last quarter, this year).
 * `value` is what the server answered for, so the picker shows its default period too.
 */
export function PeriodPicker({ value, onChange, testId = "period" }: { value: PeriodValue | undefined; onChange: (p: PeriodValue) => void; testId?: string }) {
  const { t } = useTranslation();
  const now = today();
  const lastQuarter = quarterStart(now).subtract(3, "month");
  return (
    <DatePicker.RangePicker
      allowClear={false}
      value={value ? [dayjs(value.from), dayjs(value.to)] : null}
      onChange={(range) => {
        if (range?.[0] && range[1]) onChange({ from: range[0].format(DAY), to: range[1].format(DAY) });
      }}
      disabledDate={(d) => d.isAfter(now, "day")}
      presets={[
        { label: t("evaluation.period.thisQuarter"), value: [quarterStart(now), now] },
        { label: t("evaluation.period.thisMonth"), value: [now.date(1), now] },
        { label: t("evaluation.period.lastQuarter"), value: [lastQuarter, lastQuarter.add(3, "month").subtract(1, "day")] },
        { label: t("evaluation.period.thisYear"), value: [now.month(0).date(1), now] },
      ]}
      aria-label={t("evaluation.period.label")}
      data-testid={testId}
    />
  );
}
