import {
  divisionFullName,
  findIndustry,
  searchDivisions,
  searchIndustries,
  type AddressValue,
  type CodeList,
  type DataElement,
  type MoneyValue,
  type TermValue,
} from "@yichuang/core";
import { Button, Checkbox, Col, DatePicker, Input, InputNumber, Radio, Row, Select, Space } from "antd";
import dayjs from "dayjs";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocalText as useText } from "../../lib/locale";
import { serverTodayDayjs } from "../../lib/serverTime";

/**
 * One input per element type. Each takes the stored value shape (see
 * `@yichuang/core` values) and reports the new value, or undefined when the
 * founder cleared it.
 */

export interface ElementInputProps {
  element: DataElement;
  value: unknown;
  onChange: (value: unknown) => void;
  /** The input's id, which the Form.Item label points at. */
  id: string;
  codeLists: Record<string, CodeList>;
  invalid?: boolean;
  /** A value offered by a "same as domicile" button (addresses only). */
  sameAs?: { label: string; value: unknown };
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

/** Upper-case letters for codes that only use capitals (USCC, TIN, the X of an ID number). */
const upper = (v: string) => v.toUpperCase();

/** The input for one element, chosen by its type. */
export function ElementInput(props: ElementInputProps) {
  const { element: e, value, onChange, id, codeLists, invalid, sameAs } = props;
  const { t } = useTranslation();
  const text = useText();
  const status = invalid ? "error" : undefined;

  switch (e.type) {
    case "text":
    case "mobile":
    case "landline":
    case "email":
    case "url":
    case "postcode":
    case "uscc":
    case "orgcode":
    case "tin":
    case "idNumber": {
      const caps = e.type === "uscc" || e.type === "orgcode" || e.type === "tin" || e.type === "idNumber";
      const maxLength =
        e.maxLength ?? (e.type === "mobile" ? 11 : e.type === "postcode" ? 6 : e.type === "uscc" ? 18 : e.type === "tin" ? 20 : e.type === "orgcode" ? 10 : undefined);
      return (
        <Input
          id={id}
          value={str(value)}
          status={status}
          maxLength={maxLength}
          showCount={e.type === "text" && maxLength !== undefined}
          inputMode={e.type === "mobile" || e.type === "postcode" ? "numeric" : e.type === "landline" ? "tel" : e.type === "email" ? "email" : undefined}
          autoComplete="off"
          placeholder={t(`founder.placeholder.${e.type}`, { defaultValue: "" })}
          onChange={(ev) => onChange(caps ? upper(ev.target.value) : ev.target.value)}
          onBlur={() => {
            if (typeof value === "string" && value !== value.trim()) onChange(value.trim());
          }}
        />
      );
    }
    case "longtext":
      return (
        <Input.TextArea
          id={id}
          value={str(value)}
          status={status}
          maxLength={e.maxLength ?? 2000}
          showCount
          autoSize={{ minRows: 3, maxRows: 10 }}
          onChange={(ev) => onChange(ev.target.value)}
          onBlur={() => {
            if (typeof value === "string" && value !== value.trim()) onChange(value.trim());
          }}
        />
      );
    case "enum": {
      const list = e.codeList ? codeLists[e.codeList] : undefined;
      return (
        <Select
          id={id}
          value={typeof value === "string" ? value : undefined}
          status={status}
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          placeholder={t("founder.choose")}
          style={{ width: "100%" }}
          options={(list?.options ?? []).map((o) => ({ value: o.code, label: text(o) }))}
          onChange={(v: string | undefined) => onChange(v)}
        />
      );
    }
    case "multienum": {
      const list = e.codeList ? codeLists[e.codeList] : undefined;
      return (
        <div id={id} role="group" aria-label={text(e.label)}>
          <Checkbox.Group
            value={Array.isArray(value) ? (value as string[]) : []}
            options={(list?.options ?? []).map((o) => ({ value: o.code, label: text(o) }))}
            onChange={(v) => onChange(v)}
          />
        </div>
      );
    }
    case "boolean":
      return (
        <Radio.Group
          id={id}
          aria-label={text(e.label)}
          value={typeof value === "boolean" ? value : undefined}
          options={[
            { value: true, label: t("founder.yes") },
            { value: false, label: t("founder.no") },
          ]}
          onChange={(ev) => onChange(ev.target.value as boolean)}
        />
      );
    case "integer":
      return (
        <InputNumber<number>
          id={id}
          value={typeof value === "number" ? value : null}
          status={status}
          min={e.min ?? 0}
          max={e.max}
          precision={0}
          style={{ width: "100%", maxWidth: 240 }}
          onChange={(v) => onChange(v ?? undefined)}
        />
      );
    case "percent":
      return (
        <InputNumber<number>
          id={id}
          value={typeof value === "number" ? value : null}
          status={status}
          min={0}
          max={100}
          step={0.01}
          precision={2}
          suffix="%"
          style={{ width: "100%", maxWidth: 240 }}
          onChange={(v) => onChange(v ?? undefined)}
        />
      );
    case "date":
      return (
        <DatePicker
          id={id}
          value={typeof value === "string" && dayjs(value, "YYYY-MM-DD", true).isValid() ? dayjs(value, "YYYY-MM-DD") : null}
          status={status}
          format="YYYY-MM-DD"
          style={{ width: "100%", maxWidth: 240 }}
          disabledDate={e.notFuture ? (d) => d.isAfter(serverTodayDayjs(), "day") : undefined}
          onChange={(d) => onChange(d ? d.format("YYYY-MM-DD") : undefined)}
        />
      );
    case "money":
      return <MoneyInput {...props} />;
    case "division":
      return <DivisionSelect id={id} value={typeof value === "string" ? value : undefined} invalid={invalid} onChange={onChange} />;
    case "industry":
      return <IndustrySelect id={id} value={typeof value === "string" ? value : undefined} invalid={invalid} onChange={onChange} />;
    case "address":
      return <AddressInput id={id} value={value as Partial<AddressValue> | undefined} invalid={invalid} onChange={onChange} sameAs={sameAs} />;
    case "term":
      return <TermInput id={id} label={text(e.label)} value={value as Partial<TermValue> | undefined} invalid={invalid} onChange={onChange} />;
  }
}

/** 注册资本 and 认缴出资额: an amount in 万元 and its currency (人民币 unless chosen). */
function MoneyInput({ id, value, onChange, invalid, codeLists }: ElementInputProps) {
  const { t } = useTranslation();
  const text = useText();
  const m = (value ?? {}) as Partial<MoneyValue>;
  const currency = m.currency ?? "CNY";
  const list = codeLists.currency?.options ?? [{ code: "CNY", zh: "人民币", en: "Renminbi" }];
  return (
    <Space.Compact style={{ width: "100%", maxWidth: 420 }}>
      <InputNumber<number>
        id={id}
        value={typeof m.amount === "number" ? m.amount : null}
        status={invalid ? "error" : undefined}
        min={0}
        suffix={t("founder.tenThousandYuan")}
        style={{ width: "100%" }}
        onChange={(v) => onChange(v === null ? undefined : { amount: v, currency })}
      />
      <Select
        aria-label={t("founder.currency")}
        value={currency}
        style={{ width: 130 }}
        showSearch={{ optionFilterProp: "label" }}
        options={list.map((o) => ({ value: o.code, label: text(o) }))}
        onChange={(c: string) => onChange(typeof m.amount === "number" ? { amount: m.amount, currency: c } : undefined)}
      />
    </Space.Compact>
  );
}

/** Jiaxing's divisions first: most founders here register locally. */
const HOME_DIVISIONS = "浙江省嘉兴市";

/** A county-level division (GB/T 2260), searched by name or code, shown by its full name. */
export function DivisionSelect({
  id,
  value,
  onChange,
  invalid,
  ariaLabel,
}: {
  id?: string;
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  invalid?: boolean;
  ariaLabel?: string;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState("");
  const options = useMemo(() => {
    const found = searchDivisions(query.trim() || HOME_DIVISIONS, 30);
    const list = found.map((d) => ({ value: d.code, label: divisionFullName(d.code) ?? d.name }));
    if (value && !list.some((o) => o.value === value)) list.unshift({ value, label: divisionFullName(value) ?? value });
    return list;
  }, [query, value]);
  return (
    <Select
      id={id}
      aria-label={ariaLabel}
      value={value || undefined}
      status={invalid ? "error" : undefined}
      allowClear
      showSearch={{ filterOption: false, onSearch: setQuery }}
      placeholder={t("founder.divisionPlaceholder")}
      notFoundContent={t("founder.noMatch")}
      style={{ width: "100%" }}
      options={options}
      onChange={(v: string | undefined) => {
        setQuery("");
        onChange(v);
      }}
    />
  );
}

/** A GB/T 4754-2017 class (小类), searched by code or name, shown as "0412 内陆养殖". */
function IndustrySelect({ id, value, onChange, invalid }: { id: string; value: string | undefined; onChange: (v: unknown) => void; invalid?: boolean }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState("");
  const options = useMemo(() => {
    const list = searchIndustries(query, 40).map((e) => ({ value: e.code, label: `${e.code} ${e.name}` }));
    if (value && !list.some((o) => o.value === value)) {
      const current = findIndustry(value);
      list.unshift({ value, label: current ? `${current.code} ${current.name}` : value });
    }
    return list;
  }, [query, value]);
  return (
    <Select
      id={id}
      value={value || undefined}
      status={invalid ? "error" : undefined}
      allowClear
      showSearch={{ filterOption: false, onSearch: setQuery }}
      placeholder={t("founder.industryPlaceholder")}
      notFoundContent={query ? t("founder.noMatch") : t("founder.industryHint")}
      style={{ width: "100%" }}
      options={options}
      onChange={(v: string | undefined) => {
        setQuery("");
        onChange(v);
      }}
    />
  );
}

/** An address: the division, the street address within it, and optionally its postcode. */
function AddressInput({
  id,
  value,
  onChange,
  invalid,
  sameAs,
}: {
  id: string;
  value: Partial<AddressValue> | undefined;
  onChange: (v: unknown) => void;
  invalid?: boolean;
  sameAs?: { label: string; value: unknown };
}) {
  const { t } = useTranslation();
  const a = value ?? {};
  const set = (patch: Partial<AddressValue>) => onChange({ division: a.division ?? "", detail: a.detail ?? "", postcode: a.postcode, ...patch });
  const status = invalid ? "error" : undefined;
  return (
    <Row gutter={[8, 8]}>
      <Col xs={24} md={9}>
        <DivisionSelect id={id} value={a.division} invalid={invalid} onChange={(division) => set({ division: division ?? "" })} />
      </Col>
      <Col xs={24} md={10}>
        <Input
          aria-label={t("founder.addressDetail")}
          placeholder={t("founder.addressDetailPlaceholder")}
          value={a.detail ?? ""}
          status={status}
          maxLength={120}
          onChange={(ev) => set({ detail: ev.target.value })}
          onBlur={() => {
            if (a.detail && a.detail !== a.detail.trim()) set({ detail: a.detail.trim() });
          }}
        />
      </Col>
      <Col xs={24} md={5}>
        <Input
          aria-label={t("founder.postcode")}
          placeholder={t("founder.postcodePlaceholder")}
          value={a.postcode ?? ""}
          inputMode="numeric"
          maxLength={6}
          onChange={(ev) => set({ postcode: ev.target.value.trim() || undefined })}
        />
      </Col>
      {sameAs && (
        <Col span={24}>
          <Button size="small" disabled={!sameAs.value} onClick={() => onChange(sameAs.value)}>
            {sameAs.label}
          </Button>
        </Col>
      )}
    </Row>
  );
}

/** 营业期限: indefinite (长期), or a number of years. */
function TermInput({
  id,
  label,
  value,
  onChange,
  invalid,
}: {
  id: string;
  label: string;
  value: Partial<TermValue> | undefined;
  onChange: (v: unknown) => void;
  invalid?: boolean;
}) {
  const { t } = useTranslation();
  const years = value?.kind === "years" ? (value as { years?: number }).years : undefined;
  return (
    <Space wrap>
      <Radio.Group
        id={id}
        aria-label={label}
        value={value?.kind}
        options={[
          { value: "indefinite", label: t("founder.termIndefinite") },
          { value: "years", label: t("founder.termYears") },
        ]}
        onChange={(ev) => onChange(ev.target.value === "indefinite" ? { kind: "indefinite" } : { kind: "years", years: years ?? 20 })}
      />
      {value?.kind === "years" && (
        <InputNumber<number>
          aria-label={t("founder.termYearsCount")}
          value={years ?? null}
          status={invalid ? "error" : undefined}
          min={1}
          max={100}
          precision={0}
          suffix={t("founder.yearsUnit")}
          style={{ width: 140 }}
          onChange={(v) => onChange(v === null ? { kind: "years" } : { kind: "years", years: v })}
        />
      )}
    </Space>
  );
}
