import { Select } from "antd";
import { useRef, useState, type CSSProperties } from "react";
import { useTranslation } from "react-i18next";
import { searchPlaces, type Place } from "../../api/hotline";

/** Picks regions by name (a county, town or village of Jiaxing); the values are division codes. */
export function RegionPicker(p: { value?: string[]; onChange?: (codes: string[]) => void; style?: CSSProperties; testId?: string; id?: string }) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<Place[]>([]);
  const known = useRef(new Map<string, Place>());
  const seq = useRef(0);
  const onSearch = (q: string) => {
    const n = ++seq.current;
    if (!q.trim()) return;
    searchPlaces(q.trim()).then(
      (xs) => {
        if (n !== seq.current) return;
        for (const x of xs) known.current.set(x.code, x);
        setOptions(xs);
      },
      () => n === seq.current && setOptions([]),
    );
  };
  const label = (pl: Place) => pl.path.slice(2).join(" ") || pl.fullName;
  const selected = (p.value ?? []).map((code) => known.current.get(code)).filter((x): x is Place => !!x);
  const all = [...selected, ...options.filter((o) => !(p.value ?? []).includes(o.code))];
  return (
    <Select
      id={p.id}
      mode="multiple"
      allowClear
      showSearch={{ filterOption: false, onSearch }}
      value={p.value ?? []}
      onChange={(v) => p.onChange?.(v as string[])}
      placeholder={t("sms.subscribers.region")}
      // In a filter bar (no form label points at it) the placeholder is not a name: give it one.
      aria-label={p.id ? undefined : t("sms.subscribers.region")}
      options={all.map((o) => ({ value: o.code, label: label(o) }))}
      notFoundContent={null}
      style={p.style}
      data-testid={p.testId}
    />
  );
}
