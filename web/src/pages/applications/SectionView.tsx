import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { CONDITIONS, type CodeList, type MoneyValue } from "@yichuang/core";
import { Alert, Button, Card, Col, Flex, Row, Switch, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { FormControl, FormSection } from "../../api/types";
import { useLocalText as useText, useLocale } from "../../lib/locale";
import { ControlView, type ChangeHandler } from "./ControlView";
import {
  applicableControls,
  applies,
  askedConditionsOf,
  cellPath,
  isPersonLike,
  personTargets,
  tablePath,
  valuePath,
  type FormState,
  type PersonChoice,
  type PersonTargets,
} from "./formModel";
import { PersonPicker } from "./PersonPicker";

export interface SectionHandlers {
  onChange: ChangeHandler;
  onAddRow: (block: string) => void;
  onRemoveRow: (block: string, rowId: string) => void;
  onAnswer: (condition: string, value: boolean) => void;
  onFillPerson: (targets: PersonTargets, person: PersonChoice, block?: string, rowId?: string) => void;
}

interface SectionViewProps extends SectionHandlers {
  section: FormSection;
  state: FormState;
  conditions: Record<string, boolean>;
  codeLists: Record<string, CodeList>;
  /** The text to show for a path's problem, if any. */
  problemOf: (path: string) => string | undefined;
  people: readonly PersonChoice[];
  counts: { filled: number; total: number };
}

/** Types that need the card's full width; the others sit two to a line. */
const WIDE_TYPES = new Set(["longtext", "address", "industry", "multienum"]);

/** True for a control taking a whole line: a group, a long text, an address, or a long name. */
const isWide = (c: FormControl) =>
  c.elements.length > 1 || c.elements.some((e) => WIDE_TYPES.has(e.type) || (e.type === "text" && (e.maxLength ?? 200) >= 100));

/** The domicile, offered to other addresses of the company ("同住所"). */
const DOMICILE = "dom_addr";

/** One section of the founder's form as a card: a single block, a person's card, or a table of rows. */
export function SectionView(props: SectionViewProps) {
  const { section, state, conditions, codeLists, problemOf, people, counts, onChange, onAddRow, onRemoveRow, onAnswer, onFillPerson } = props;
  const { t } = useTranslation();
  const text = useText();
  const locale = useLocale();
  const block = section.block;
  const asked = askedConditionsOf(section);
  const sectionApplies = applies(section.when, conditions);
  const controls = applicableControls(section, conditions);
  const targets = personTargets(section.controls);
  const personLike = isPersonLike(targets);

  const control = (c: FormControl, values: Record<string, unknown>, path: (k: string) => string, rowId?: string, prefix = "f") => {
    const sameAs =
      block.kind !== "repeating" && c.elements.length === 1 && c.elements[0]!.type === "address" && c.key !== DOMICILE && state.values[DOMICILE] !== undefined && block.key === "company"
        ? { label: t("founder.sameAsDomicile"), value: state.values[DOMICILE] }
        : undefined;
    return (
      <Col key={c.key} xs={24} md={isWide(c) ? 24 : 12}>
        <ControlView
        control={c}
        values={c.elements.map((e) => values[e.key])}
        errors={c.elements.map((e) => problemOf(path(e.key)))}
        paths={c.elements.map((e) => path(e.key))}
        idPrefix={prefix}
        codeLists={codeLists}
        onChange={onChange}
        block={rowId ? block.key : undefined}
        rowId={rowId}
        sameAs={sameAs}
        showHelp={block.kind !== "repeating"}
        />
      </Col>
    );
  };

  const rows = state.rows[block.key] ?? [];
  const tableProblem = problemOf(tablePath(block.key));
  const maxRows = block.maxRows ?? 200;
  const minRows = block.minRows ?? 0;

  return (
    <Card
      id={`sec-${block.key}`}
      style={{ marginBottom: 16, scrollMarginTop: 72 }}
      title={
        <Flex align="center" gap={8} wrap>
          <span>{text(block.title)}</span>
          {counts.total > 0 && (
            <Tag color={counts.filled === counts.total ? "green" : "default"} style={{ fontWeight: 400 }}>
              {t("founder.sectionCount", { filled: counts.filled, total: counts.total })}
            </Tag>
          )}
        </Flex>
      }
      extra={
        block.kind === "person" && personLike && sectionApplies ? (
          <PersonPicker people={people} onPick={(p) => onFillPerson(targets, p)} />
        ) : undefined
      }
      data-testid={`section-${block.key}`}
    >
      {block.help && (
        <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
          {text(block.help)}
        </Typography.Paragraph>
      )}
      {asked.map((c) => {
        const on = state.answers[c] === true;
        const label = locale === "en" ? CONDITIONS[c]?.en : CONDITIONS[c]?.zh;
        return (
          <Flex key={c} align="center" gap={12} style={{ marginBottom: 16 }} data-testid={`answer-${c}`}>
            <Switch checked={on} onChange={(v) => onAnswer(c, v)} aria-label={t("founder.askCondition", { condition: label })} />
            <Typography.Text>{t("founder.askCondition", { condition: label })}</Typography.Text>
            <Typography.Text type="secondary">{on ? t("founder.yes") : t("founder.no")}</Typography.Text>
          </Flex>
        );
      })}
      {sectionApplies && block.kind !== "repeating" && <Row gutter={16}>{controls.map((c) => control(c, state.values, valuePath))}</Row>}
      {sectionApplies && block.kind === "repeating" && (
        <>
          {tableProblem && (
            <div data-path={tablePath(block.key)} data-problem="true">
              <Alert type="error" showIcon title={<span lang="zh-CN">{tableProblem}</span>} style={{ marginBottom: 12 }} />
            </div>
          )}
          {rows.map((r, i) => (
            <div
              key={r.id}
              data-testid={`row-${block.key}-${i}`}
              style={{ border: "1px solid #e5e7eb", borderRadius: 8, padding: "12px 16px 0", marginBottom: 12, background: "#fafbfc" }}
            >
              <Flex align="center" justify="space-between" gap={8} wrap style={{ marginBottom: 12 }}>
                <Typography.Text strong>{t("founder.rowTitle", { title: text(block.title), n: i + 1 })}</Typography.Text>
                <Flex gap={8} align="center" wrap>
                  {personLike && <PersonPicker people={people} onPick={(p) => onFillPerson(targets, p, block.key, r.id)} />}
                  <Button
                    size="small"
                    danger
                    icon={<DeleteOutlined aria-hidden />}
                    disabled={rows.length <= minRows}
                    onClick={() => onRemoveRow(block.key, r.id)}
                    aria-label={t("founder.removeRowNamed", { n: i + 1 })}
                  >
                    {t("founder.removeRow")}
                  </Button>
                </Flex>
              </Flex>
              <Row gutter={16}>{controls.map((c) => control(c, r.values, (k) => cellPath(block.key, i, k), r.id, `f-${block.key}-${r.id}`))}</Row>
            </div>
          ))}
          <Flex align="center" gap={12} wrap>
            <Button icon={<PlusOutlined aria-hidden />} disabled={rows.length >= maxRows} onClick={() => onAddRow(block.key)}>
              {t("founder.addRow", { title: text(block.title) })}
            </Button>
            <Typography.Text type="secondary">
              {t("founder.rowLimits", { min: minRows, max: maxRows, count: rows.length })}
            </Typography.Text>
          </Flex>
          {block.key === "sh" && <CapitalCheck state={state} />}
        </>
      )}
    </Card>
  );
}

/** Under the shareholders: their subscriptions add up to the registered capital, or say by how much they do not. */
function CapitalCheck({ state }: { state: FormState }) {
  const { t } = useTranslation();
  const regcap = state.values.regcap as MoneyValue | undefined;
  const rows = state.rows.sh ?? [];
  if (!regcap || rows.length === 0) return null;
  const sum = rows.reduce((n, r) => n + ((r.values.sh_subcap as MoneyValue | undefined)?.amount ?? 0), 0);
  const equal = Math.abs(sum - regcap.amount) < 1e-6;
  const fmt = (n: number) => Number(n.toFixed(6)).toString();
  return (
    <Alert
      style={{ marginTop: 12 }}
      type={equal ? "success" : "warning"}
      showIcon
      title={t(equal ? "founder.capitalMatches" : "founder.capitalDiffers", { sum: fmt(sum), regcap: fmt(regcap.amount) })}
      data-testid="capital-check"
    />
  );
}
