/** Chinese calendar quarters (Q1 = January–March …), as the centre's assessments use them. */
export interface Quarter {
  year: number;
  quarter: 1 | 2 | 3 | 4;
}

/** The quarter a day (YYYY-MM-DD) falls in. */
export function quarterOf(date: string): Quarter {
  const m = Number(date.slice(5, 7));
  return { year: Number(date.slice(0, 4)), quarter: (Math.floor((m - 1) / 3) + 1) as Quarter["quarter"] };
}

/** "2026-Q4". */
export function quarterKey(q: Quarter): string {
  return `${q.year}-Q${q.quarter}`;
}

/** Parses "2026-Q4"; null when it is not one. */
export function parseQuarter(key: string): Quarter | null {
  const m = /^(\d{4})-Q([1-4])$/.exec(key);
  return m ? { year: Number(m[1]), quarter: Number(m[2]) as Quarter["quarter"] } : null;
}

/** First and last day of a quarter (YYYY-MM-DD). */
export function quarterDates(q: Quarter): { from: string; to: string } {
  const first = (q.quarter - 1) * 3 + 1;
  const last = first + 2;
  const days = new Date(Date.UTC(q.year, last, 0)).getUTCDate();
  const mm = (n: number) => String(n).padStart(2, "0");
  return { from: `${q.year}-${mm(first)}-01`, to: `${q.year}-${mm(last)}-${mm(days)}` };
}

/** True once the quarter's last day is over on `today` (YYYY-MM-DD, Asia/Shanghai). */
export function quarterEnded(q: Quarter, today: string): boolean {
  return today > quarterDates(q).to;
}

/** The quarter before `q` (for "consecutive quarters as star"). */
export function previousQuarter(q: Quarter): Quarter {
  return q.quarter === 1 ? { year: q.year - 1, quarter: 4 } : { year: q.year, quarter: (q.quarter - 1) as Quarter["quarter"] };
}

/** The quarter after `q`. */
export function nextQuarter(q: Quarter): Quarter {
  return q.quarter === 4 ? { year: q.year + 1, quarter: 1 } : { year: q.year, quarter: (q.quarter + 1) as Quarter["quarter"] };
}
