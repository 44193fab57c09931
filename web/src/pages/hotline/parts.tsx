import { AutoComplete, Card, Form, Input, Radio, Select, Space, Tag } from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../lib/format";
import { searchPlaces, type Clocks, type Light, type Place, type SlaClock } from "../../api/hotline";

/** The 12316 categories and specialties, in the server's order. */
export const CATEGORY_CODES = ["production", "supply_demand", "policy", "market", "complaint", "other"] as const;
export const SPECIALTY_CODES = ["aquaculture", "crops", "horticulture", "livestock", "seeds", "plant_protection", "soil_fertilizer", "machinery", "marketing"] as const;

const LIGHT_COLOR: Record<Light, string> = { green: "success", yellow: "warning", red: "error" };

/** A ticket's light as a tag (red: overdue). */
export function LightTag({ light, testId }: { light: Light; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={LIGHT_COLOR[light]} data-testid={testId} data-light={light}>
      {t(`hotline.tickets.lights.${light}`)}
    </Tag>
  );
}

/** Date and time in the centre's time zone (Asia/Shanghai), to the minute. */
export const when = (iso: string | null | undefined) => (iso ? formatDateTime(iso).slice(0, 16) : "—");

/**
 * Whether a clock's due time is 预计 (counted over a year whose holidays are not entered yet): the
 * clock's own flag; only a server without per-clock flags falls back to the ticket's.
 */
export function clockProvisional(c: SlaClock, ticket: { dueProvisional?: boolean; clocks: Clocks }): boolean {
  return c.provisional ?? ticket.dueProvisional ?? ticket.clocks.provisional ?? false;
}

/**
 * Picks a village (or town) by name: searches the places of Jiaxing as the operator types,
 * the value is the 12-digit (or 9-digit) division code.
 */
export function VillagePicker(p: { value?: string | null; onChange?: (code: string | null) => void; initial?: Place | null; id?: string; testId?: string }) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<Place[]>(p.initial ? [p.initial] : []);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  useEffect(() => {
    if (p.initial && !options.some((o) => o.code === p.initial!.code)) setOptions((xs) => [p.initial!, ...xs]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.initial?.code]);
  const onSearch = (q: string) => {
    const n = ++seq.current;
    if (!q.trim()) return;
    setLoading(true);
    searchPlaces(q.trim())
      .then((xs) => n === seq.current && setOptions(xs.filter((x) => x.level !== "county")))
      .catch(() => n === seq.current && setOptions([]))
      .finally(() => n === seq.current && setLoading(false));
  };
  return (
    <Select
      id={p.id}
      data-testid={p.testId}
      showSearch={{ filterOption: false, onSearch }}
      allowClear
      value={p.value ?? undefined}
      onChange={(v) => p.onChange?.((v as string | undefined) ?? null)}
      placeholder={t("hotline.tickets.villagePlaceholder")}
      loading={loading}
      notFoundContent={null}
      options={options.map((o) => ({ value: o.code, label: o.path.slice(2).join(" ") }))}
    />
  );
}

/**
 * The question's fields, the same on the operator's call form and the farmer's web form:
 * name, village (picked by name), category, product, text; test ids start with `prefix`.
 */
export function QuestionFields(p: { prefix: string; initialVillage?: Place | null; buttons?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="name" label={t("hotline.tickets.name")}>
        <Input data-testid={`${p.prefix}-name`} />
      </Form.Item>
      <Form.Item name="villageCode" label={t("hotline.tickets.village")} rules={[{ required: true, message: t("hotline.tickets.villageRequired", { label: t("hotline.tickets.village") }) }]}>
        <VillagePicker initial={p.initialVillage ?? null} testId={`${p.prefix}-village`} />
      </Form.Item>
      <Form.Item name="category" label={t("hotline.tickets.category")}>
        <Radio.Group optionType={p.buttons ? "button" : "default"} options={CATEGORY_CODES.map((c) => ({ value: c, label: t(`hotline.categories.${c}`) }))} data-testid={`${p.prefix}-category`} />
      </Form.Item>
      <Form.Item name="product" label={t("hotline.tickets.product")}>
        <Input data-testid={`${p.prefix}-product`} />
      </Form.Item>
      <Form.Item name="text" label={t("hotline.tickets.text")} rules={[{ required: true, message: t("hotline.duty.required", { label: t("hotline.tickets.text") }) }]}>
        <Input.TextArea rows={4} data-testid={`${p.prefix}-text`} />
      </Form.Item>
    </>
  );
}

/**
 * The offer of a supply/demand question (kind, product, quantity with its unit, price) as form
 * fields named noticeKind, noticeProduct, quantity, unit, price: the call drawer, the public
 * form and a ticket's "draft the notice" dialog ask the same.
 */
export function NoticeFields() {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t("hotline.tickets.notice")} style={{ marginBottom: 16 }}>
      <Form.Item name="noticeKind" label={t("hotline.tickets.noticeKind")} rules={[{ required: true, message: t("hotline.duty.required", { label: t("hotline.tickets.noticeKind") }) }]}>
        <Radio.Group options={[{ value: "supply", label: t("hotline.tickets.supply") }, { value: "demand", label: t("hotline.tickets.demand") }]} />
      </Form.Item>
      <Form.Item name="noticeProduct" label={t("hotline.tickets.noticeProduct")} rules={[{ required: true, message: t("hotline.duty.required", { label: t("hotline.tickets.noticeProduct") }) }]}>
        <Input />
      </Form.Item>
      <Space.Compact block>
        <Form.Item name="quantity" label={t("hotline.tickets.quantity")} style={{ flex: 1 }} rules={[{ pattern: /^\s*\d+(\.\d+)?\s*$/, message: t("hotline.tickets.quantityNumber") }]}>
          <Input inputMode="decimal" />
        </Form.Item>
        <Form.Item name="unit" label={t("hotline.tickets.unit")} style={{ flex: 1 }} dependencies={["quantity"]} rules={[({ getFieldValue }) => ({ validator: (_, v) => (getFieldValue("quantity")?.trim() && !v?.trim() ? Promise.reject(new Error(t("hotline.tickets.unitNeeded"))) : Promise.resolve()) })]}>
          <AutoComplete options={["公斤", "吨", "斤", "头", "只", "羽", "亩", "箱"].map((u) => ({ value: u }))} />
        </Form.Item>
        <Form.Item name="price" label={t("hotline.tickets.price")} style={{ flex: 1 }}>
          <Input />
        </Form.Item>
      </Space.Compact>
    </Card>
  );
}

/** The notice a form with NoticeFields gives (null without a kind). */
export function noticeOf(v: { noticeKind?: "supply" | "demand"; noticeProduct?: string; quantity?: string; unit?: string; price?: string }) {
  return v.noticeKind ? { kind: v.noticeKind, product: v.noticeProduct ?? "", quantity: v.quantity?.trim() || null, unit: v.unit?.trim() || null, price: v.price?.trim() || null } : null;
}
