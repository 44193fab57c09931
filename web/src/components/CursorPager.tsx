import { LeftOutlined, RightOutlined } from "@ant-design/icons";
import { Button, ConfigProvider, Flex, Typography } from "antd";
import { useCallback, useContext, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { CursorPageInfo } from "../api/types";

/** A list's paging by cursor: the cursors of the pages seen (back returns to the one before) and the first page's total. */
export interface CursorPaging {
  /** The cursor of the page to read (undefined: the first page). */
  after: string | undefined;
  /** 1 for the first page. */
  page: number;
  next: (cursor: string) => void;
  previous: () => void;
  total: { n: number; exact: boolean } | null;
  noteTotal: (n: number, exact: boolean) => void;
}

/**
 * Paging by cursor for a list whose filter is `filterKey` (any string that changes with the filter):
 * a changed filter starts again at the first page.
 */
export function useCursorPaging(filterKey: string): CursorPaging {
  const [state, setState] = useState<{ key: string; cursors: (string | undefined)[]; total: { n: number; exact: boolean } | null }>({ key: filterKey, cursors: [undefined], total: null });
  const current = state.key === filterKey ? state : { key: filterKey, cursors: [undefined], total: null };
  useEffect(() => {
    if (state.key !== filterKey) setState({ key: filterKey, cursors: [undefined], total: null });
  }, [filterKey, state.key]);
  const noteTotal = useCallback(
    (n: number, exact: boolean) => setState((s) => (s.key === filterKey && (s.total?.n !== n || s.total.exact !== exact) ? { ...s, total: { n, exact } } : s)),
    [filterKey],
  );
  return {
    after: current.cursors[current.cursors.length - 1],
    page: current.cursors.length,
    next: (cursor) => setState((s) => ({ ...s, cursors: [...s.cursors, cursor] })),
    previous: () => setState((s) => (s.cursors.length > 1 ? { ...s, cursors: s.cursors.slice(0, -1) } : s)),
    total: current.total,
    noteTotal,
  };
}

/**
 * Previous / next under a list read by cursor, with the total the first page counted: “共 1,000+ 条”
 * when the count stopped at its cap.
 */
export function CursorPager(p: { paging: CursorPaging; info: CursorPageInfo | undefined; loading?: boolean; testId?: string }) {
  const { t } = useTranslation();
  const { locale } = useContext(ConfigProvider.ConfigContext);
  const { paging, info } = p;
  const { noteTotal } = paging;
  useEffect(() => {
    if (info && info.total !== null && info.totalExact !== null) noteTotal(info.total, info.totalExact);
  }, [info, noteTotal]);
  const total = paging.total;
  return (
    <Flex justify="flex-end" align="center" gap={12} style={{ marginTop: 12 }} data-testid={p.testId ?? "cursor-pager"}>
      {total && (
        <Typography.Text type="secondary" data-testid="pager-total">
          {t("common.total", { total: `${total.n.toLocaleString("en")}${total.exact ? "" : "+"}` })}
        </Typography.Text>
      )}
      <Button size="small" icon={<LeftOutlined aria-hidden />} aria-label={locale?.Pagination?.prev_page ?? "上一页"} title={locale?.Pagination?.prev_page} disabled={paging.page <= 1 || p.loading} onClick={paging.previous} data-testid="pager-previous" />
      <Typography.Text data-testid="pager-page">{paging.page}</Typography.Text>
      <Button
        size="small"
        icon={<RightOutlined aria-hidden />}
        aria-label={locale?.Pagination?.next_page ?? "下一页"}
        title={locale?.Pagination?.next_page}
        disabled={!info?.nextCursor || p.loading}
        onClick={() => info?.nextCursor && paging.next(info.nextCursor)}
        data-testid="pager-next"
      />
    </Flex>
  );
}
