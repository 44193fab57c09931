import { evaluateConditions, formatValue, type CodeList } from "@yichuang/core";
import { Card, Descriptions, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { ApplicationData, UnifiedFormView } from "../../api/types";
import { useLocalText as useText, useLocale } from "../../lib/locale";
import { applicableControls, displayDictionary, isEmptyValue } from "./formModel";

/** A submitted application, read-only: each section with what the founder entered. */
export function ApplicationSummary({ form, data, codeLists }: { form: UnifiedFormView; data: ApplicationData; codeLists: Record<string, CodeList> }) {
  const { t } = useTranslation();
  const text = useText();
  const lang = useLocale() === "en" ? "en" : "zh";
  const dictionary = displayDictionary(codeLists);
  const conditions = evaluateConditions(data);
  const none = t("common.none");
  return (
    <div data-testid="application-summary">
      {form.sections.map((s) => {
        const controls = applicableControls(s, conditions);
        if (controls.length === 0) return null;
        const elements = controls.flatMap((c) => c.elements);
        const show = (key: string, v: unknown) => {
          const e = elements.find((x) => x.key === key)!;
          return isEmptyValue(v) ? none : formatValue(e, v, dictionary, lang);
        };
        if (s.block.kind === "repeating") {
          const rows = data.rows[s.block.key] ?? [];
          return (
            <Card key={s.block.key} size="small" title={text(s.block.title)} style={{ marginBottom: 16 }}>
              {rows.length === 0 ? (
                <Typography.Text type="secondary">{none}</Typography.Text>
              ) : (
                <Table
                  size="small"
                  pagination={false}
                  scroll={{ x: true }}
                  rowKey={(_, i) => String(i)}
                  dataSource={rows}
                  columns={[
                    { title: "#", key: "n", width: 48, render: (_v, _r, i) => i + 1 },
                    ...elements.map((e) => ({ title: text(e.label), key: e.key, render: (_v: unknown, r: Record<string, unknown>) => show(e.key, r[e.key]) })),
                  ]}
                />
              )}
            </Card>
          );
        }
        return (
          <Card key={s.block.key} size="small" title={text(s.block.title)} style={{ marginBottom: 16 }}>
            <Descriptions
              size="small"
              bordered
              column={{ xs: 1, md: 2 }}
              items={elements.map((e) => ({ key: e.key, label: text(e.label), children: show(e.key, data.values[e.key]) }))}
            />
          </Card>
        );
      })}
    </div>
  );
}
