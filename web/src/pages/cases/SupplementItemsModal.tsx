import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Checkbox, Flex, Input, Modal, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../api/client";
import type { CaseMaterial, SupplementItem } from "../../api/types";
import { FieldErrorsAlert } from "../../components/FieldErrorsAlert";
import { toApiError } from "../../lib/errors";
import { useLocalText } from "../../lib/locale";

/** The server's bounds on one item's text. */
const TEXT_MIN = 2;
const TEXT_MAX = 500;

interface Line {
  checked: boolean;
  text: string;
}

/**
 * Composes supplement items: materials to bring again (the missing ones
 * ticked), each with a text, and free-text items. Used for the single window's
 * one-time notice and a department's request. Server errors show with their paths.
 */
export function SupplementItemsModal(props: {
  open: boolean;
  title: string;
  okText: string;
  intro?: string;
  testId: string;
  materials: readonly CaseMaterial[];
  /** Codes ticked when the modal opens (the missing mandatory materials). */
  preselect: readonly string[];
  /** False when the round may go out without items of its own (the departments' requests are pending). */
  requireItems: boolean;
  onSubmit: (items: SupplementItem[]) => Promise<void>;
  onCancel: () => void;
}) {
  const { open, title, okText, intro, testId, materials, preselect, requireItems, onSubmit, onCancel } = props;
  const { t } = useTranslation();
  const text = useLocalText();
  const uploadable = materials.filter((m) => !m.generated);
  const [lines, setLines] = useState<Record<string, Line>>({});
  const [free, setFree] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [tried, setTried] = useState(false);

  // Each opening starts afresh from the case as it is now.
  useEffect(() => {
    if (!open) return;
    setLines(
      Object.fromEntries(
        uploadable.map((m) => [m.code, { checked: preselect.includes(m.code), text: t("notice.defaultText", { name: text(m.name) }) }]),
      ),
    );
    setFree([]);
    setError(null);
    setTried(false);
    // `materials` and `preselect` are read at opening only.
  }, [open]);

  const items: SupplementItem[] = [
    ...uploadable.filter((m) => lines[m.code]?.checked).map((m) => ({ materialCode: m.code, text: lines[m.code]!.text.trim() })),
    ...free.map((f) => ({ text: f.trim() })),
  ];
  const badText = (s: string) => s.trim().length < TEXT_MIN || s.trim().length > TEXT_MAX;
  const invalid = items.some((i) => badText(i.text)) || (requireItems && items.length === 0);

  const submit = async () => {
    setTried(true);
    if (invalid) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit(items);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const textProblem = (s: string) => (tried && badText(s) ? t("notice.textBounds", { min: TEXT_MIN, max: TEXT_MAX }) : undefined);

  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t("common.cancel")}
      onOk={() => void submit()}
      onCancel={onCancel}
      confirmLoading={busy}
      width={760}
      destroyOnHidden
      modalRender={(node) => <div data-testid={testId}>{node}</div>}
    >
      {intro && <Typography.Paragraph type="secondary">{intro}</Typography.Paragraph>}
      {error && <FieldErrorsAlert error={error} testId={`${testId}-error`} />}
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {t("notice.materialsTitle")}
      </Typography.Title>
      <Flex vertical gap={8}>
        {uploadable.map((m) => {
          const line = lines[m.code] ?? { checked: false, text: "" };
          const problem = line.checked ? textProblem(line.text) : undefined;
          return (
            <Flex key={m.code} gap={8} align="flex-start" data-testid={`notice-item-${m.code}`}>
              <Checkbox
                checked={line.checked}
                onChange={(e) => setLines((l) => ({ ...l, [m.code]: { ...line, checked: e.target.checked } }))}
                style={{ width: 260, flex: "none" }}
              >
                {m.code} {text(m.name)}
                {m.mandatory && !m.present && (
                  <Typography.Text type="danger" style={{ fontSize: 12 }}>
                    {" "}
                    （{t("materials.missing")}）
                  </Typography.Text>
                )}
              </Checkbox>
              <Flex vertical style={{ flex: 1 }}>
                <Input
                  size="small"
                  value={line.text}
                  disabled={!line.checked}
                  maxLength={TEXT_MAX}
                  status={problem ? "error" : undefined}
                  aria-label={t("notice.itemText", { code: m.code })}
                  onChange={(e) => setLines((l) => ({ ...l, [m.code]: { ...line, text: e.target.value } }))}
                />
                {problem && (
                  <Typography.Text type="danger" style={{ fontSize: 12 }}>
                    {problem}
                  </Typography.Text>
                )}
              </Flex>
            </Flex>
          );
        })}
      </Flex>
      <Typography.Title level={3} style={{ fontSize: 15, marginTop: 16 }}>
        {t("notice.freeTitle")}
      </Typography.Title>
      <Flex vertical gap={8}>
        {free.map((f, i) => {
          const problem = textProblem(f);
          return (
            <Flex key={i} gap={8} align="flex-start">
              <Flex vertical style={{ flex: 1 }}>
                <Input.TextArea
                  autoSize={{ minRows: 1, maxRows: 4 }}
                  value={f}
                  maxLength={TEXT_MAX}
                  status={problem ? "error" : undefined}
                  aria-label={t("notice.freeText", { n: i + 1 })}
                  placeholder={t("notice.freePlaceholder")}
                  onChange={(e) => setFree((all) => all.map((x, k) => (k === i ? e.target.value : x)))}
                />
                {problem && (
                  <Typography.Text type="danger" style={{ fontSize: 12 }}>
                    {problem}
                  </Typography.Text>
                )}
              </Flex>
              <Button icon={<DeleteOutlined aria-hidden />} aria-label={t("notice.removeFree", { n: i + 1 })} onClick={() => setFree((all) => all.filter((_x, k) => k !== i))} />
            </Flex>
          );
        })}
        <Button type="dashed" icon={<PlusOutlined aria-hidden />} onClick={() => setFree((all) => [...all, ""])} style={{ alignSelf: "flex-start" }}>
          {t("notice.addFree")}
        </Button>
      </Flex>
      {tried && requireItems && items.length === 0 && (
        <Typography.Text type="danger" style={{ display: "block", marginTop: 12 }} role="alert">
          {t("notice.atLeastOne")}
        </Typography.Text>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t("notice.summary", { count: items.length })}
      </Typography.Paragraph>
    </Modal>
  );
}
