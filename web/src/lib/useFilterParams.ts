import { useSearchParams } from "react-router";

/**
 * A list page's filters and page number in the address, so a view can be shared and the
 * back button works: setting a filter goes back to the first page.
 */
export function useFilterParams() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get("page")) || 1);
  /** Sets or clears (undefined / empty) several filters at once, back to the first page. */
  const setFilters = (values: Record<string, string | undefined>) =>
    setParams((p) => {
      for (const [k, v] of Object.entries(values)) {
        if (v) p.set(k, v);
        else p.delete(k);
      }
      p.delete("page");
      return p;
    });
  const setFilter = (key: string, value: string | undefined) => setFilters({ [key]: value });
  const setPage = (n: number) =>
    setParams((p) => {
      if (n > 1) p.set("page", String(n));
      else p.delete("page");
      return p;
    });
  return { params, page, setFilter, setFilters, setPage };
}
