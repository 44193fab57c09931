import { divisionFullName } from "./divisions.js";
import { findIndustry } from "./industry.js";
import type { DataElement, Dictionary } from "./model.js";
import type { AddressValue, MoneyValue, TermValue } from "./values.js";

/** A value as text for people (zh or en), as printed on a department's form. Empty for no value. */
export function formatValue(e: DataElement, value: unknown, dictionary: Dictionary, lang: "zh" | "en" = "zh"): string {
  if (value === undefined || value === null || value === "") return "";
  const code = (list: string | undefined, v: unknown) => {
    const o = list ? dictionary.codeLists[list]?.options.find((x) => x.code === String(v)) : undefined;
    return o ? o[lang] : String(v);
  };
  switch (e.type) {
    case "enum":
      return code(e.codeList, value);
    case "multienum":
      return Array.isArray(value) ? value.map((v) => code(e.codeList, v)).join("、") : String(value);
    case "boolean":
      return value ? (lang === "zh" ? "是" : "Yes") : lang === "zh" ? "否" : "No";
    case "money": {
      const m = value as MoneyValue;
      const cur = dictionary.codeLists.currency?.options.find((o) => o.code === m.currency);
      return lang === "zh" ? `${m.amount} 万元（${cur?.zh ?? m.currency}）` : `${m.amount} × 10,000 ${m.currency}`;
    }
    case "percent":
      return `${value}%`;
    case "address": {
      const a = value as AddressValue;
      return `${divisionFullName(a.division) ?? a.division}${a.detail}`;
    }
    case "division":
      return divisionFullName(String(value)) ?? String(value);
    case "industry": {
      const i = findIndustry(String(value));
      return i ? `${i.code} ${i.name}` : String(value);
    }
    case "term": {
      const t = value as TermValue;
      if (t.kind === "indefinite") return lang === "zh" ? "长期" : "Indefinite";
      return lang === "zh" ? `${t.years} 年` : `${t.years} years`;
    }
    default:
      if (e.codeList && typeof value === "string") return code(e.codeList, value);
      return Array.isArray(value) ? value.join("、") : String(value);
  }
}
