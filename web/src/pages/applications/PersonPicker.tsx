import { UserAddOutlined } from "@ant-design/icons";
import { Select } from "antd";
import { useTranslation } from "react-i18next";
import type { PersonChoice } from "./formModel";

/** Shows an ID number with its middle hidden: enough to tell people apart on screen. */
export function maskId(id: string | undefined): string {
  if (!id) return "";
  return id.length > 8 ? `${id.slice(0, 4)}…${id.slice(-4)}` : id;
}

/**
 * "选择已填写的人员": fills a person's card (or a table row) with someone
 * already entered in this form, from an earlier application, or the founder.
 */
export function PersonPicker({ people, onPick }: { people: readonly PersonChoice[]; onPick: (p: PersonChoice) => void }) {
  const { t } = useTranslation();
  const options = people.map((p) => ({
    value: p.key,
    label: [p.name, maskId(p.idNumber), `（${p.from}）`].filter(Boolean).join(" "),
  }));
  return (
    <Select
      aria-label={t("founder.pickPerson")}
      placeholder={
        <span>
          <UserAddOutlined aria-hidden /> {t("founder.pickPerson")}
        </span>
      }
      value={null}
      size="small"
      showSearch={{ optionFilterProp: "label" }}
      style={{ minWidth: 220, maxWidth: 320 }}
      popupMatchSelectWidth={false}
      options={options}
      notFoundContent={t("founder.noPeople")}
      onChange={(key: string) => {
        const p = people.find((x) => x.key === key);
        if (p) onPick(p);
      }}
    />
  );
}
