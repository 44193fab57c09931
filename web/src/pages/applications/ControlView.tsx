import type { CodeList, DataElement } from "@yichuang/core";
import { Col, Form, Radio, Row } from "antd";
import { memo } from "react";
import type { FormControl } from "../../api/types";
import { useLocalText as useText } from "../../lib/locale";
import { ElementInput } from "./inputs";

/** Reports a change of one element; `block` and `rowId` name the table row, when in one. */
export type ChangeHandler = (key: string, value: unknown, block?: string, rowId?: string) => void;

interface ControlViewProps {
  control: FormControl;
  /** Values of the control's elements, in order. */
  values: readonly unknown[];
  /** The problem to show under each element, in order. */
  errors: readonly (string | undefined)[];
  /** Paths of the elements (values.x or rows.b.i.x), for scrolling to a problem. */
  paths: readonly string[];
  /** Makes input ids unique when a table repeats the control. */
  idPrefix: string;
  codeLists: Record<string, CodeList>;
  onChange: ChangeHandler;
  block?: string;
  rowId?: string;
  sameAs?: { label: string; value: unknown };
  /** Element help under the input; tables leave it to the section's help. */
  showHelp?: boolean;
}

/** True for a group of yes/no-like choices (the four mandate powers): radios, one line each. */
const isChoiceGroup = (c: FormControl, codeLists: Record<string, CodeList>) =>
  c.elements.length > 1 &&
  c.elements.every((e) => e.type === "enum" && e.codeList === c.elements[0]!.codeList && (codeLists[e.codeList ?? ""]?.options.length ?? 9) <= 3);

/**
 * One control of the founder's form, labelled with its elements' names: one
 * input, or a group shown together (ID type beside the number; the mandate
 * powers as 同意/不同意 radios). Re-renders only when its own values change.
 */
export const ControlView = memo(function ControlView(props: ControlViewProps) {
  const { control, values, errors, paths, idPrefix, codeLists, onChange, block, rowId, sameAs, showHelp = true } = props;
  const text = useText();
  const choiceGroup = isChoiceGroup(control, codeLists);
  const item = (e: DataElement, i: number) => {
    const id = `${idPrefix}-${e.key}`;
    const error = errors[i];
    const change = (v: unknown) => onChange(e.key, v, block, rowId);
    const label = text(e.label);
    return (
      <div data-path={paths[i]} data-problem={error ? "true" : undefined} key={e.key}>
        <Form.Item
          label={label}
          htmlFor={id}
          required={!e.optional}
          validateStatus={error ? "error" : undefined}
          help={error ? <span lang="zh-CN">{error}</span> : undefined}
          extra={showHelp && e.help ? text(e.help) : undefined}
          style={{ marginBottom: 16 }}
        >
          {choiceGroup ? (
            <Radio.Group
              id={id}
              aria-label={label}
              value={typeof values[i] === "string" ? values[i] : undefined}
              options={(codeLists[e.codeList ?? ""]?.options ?? []).map((o) => ({ value: o.code, label: text(o) }))}
              onChange={(ev) => change(ev.target.value as string)}
            />
          ) : (
            <ElementInput element={e} value={values[i]} onChange={change} id={id} codeLists={codeLists} invalid={Boolean(error)} sameAs={sameAs} />
          )}
        </Form.Item>
      </div>
    );
  };

  let body;
  if (control.elements.length === 1) body = item(control.elements[0]!, 0);
  else if (choiceGroup) body = <div style={{ paddingInlineStart: 4 }}>{control.elements.map(item)}</div>;
  else {
    // ID type beside its number: the type narrow, the number wide.
    body = (
      <Row gutter={12}>
        {control.elements.map((e, i) => (
          <Col key={e.key} xs={24} md={e.type === "enum" ? 9 : 15}>
            {item(e, i)}
          </Col>
        ))}
      </Row>
    );
  }
  return <div data-testid={`field-${control.key}`}>{body}</div>;
}, sameProps);

function sameProps(a: ControlViewProps, b: ControlViewProps): boolean {
  return (
    a.control === b.control &&
    a.idPrefix === b.idPrefix &&
    a.codeLists === b.codeLists &&
    a.onChange === b.onChange &&
    a.block === b.block &&
    a.rowId === b.rowId &&
    a.showHelp === b.showHelp &&
    a.sameAs?.label === b.sameAs?.label &&
    a.sameAs?.value === b.sameAs?.value &&
    sameArray(a.values, b.values) &&
    sameArray(a.errors, b.errors) &&
    sameArray(a.paths, b.paths)
  );
}

const sameArray = (x: readonly unknown[], y: readonly unknown[]) => x.length === y.length && x.every((v, i) => v === y[i]);
