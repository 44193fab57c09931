import { FrownOutlined, MehOutlined, SmileOutlined } from "@ant-design/icons";
import { BAD_REVIEW_REASONS, RATING_LEVELS, isBadReview, type BadReviewReason, type Rating, type TicketStatus } from "@yichuang/core";
import { Button, Flex, Input, Radio, Tag, Typography } from "antd";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../api/client";
import type { RatingInput } from "../../api/evaluation";
import type { Light } from "../../api/types";
import { LIGHT_COLORS, LIGHT_TEXT } from "../../components/CaseTags";
import { FieldErrorsAlert } from "../../components/FieldErrorsAlert";
import { toApiError } from "../../lib/errors";
import { useLocale } from "../../lib/locale";

/** The name of a rating level (非常满意 … 非常不满意) in the UI language. */
export function useLevelLabel(): (level: Rating) => string {
  const locale = useLocale();
  return useCallback((level) => {
    const l = RATING_LEVELS.find((x) => x.value === level);
    return l ? (locale === "en" ? l.en : l.zh) : String(level);
  }, [locale]);
}

/** The label of a bad-review reason code in the UI language. */
export function useReasonLabel(): (code: string) => string {
  const locale = useLocale();
  return useCallback((code) => {
    const r = BAD_REVIEW_REASONS.find((x) => x.code === code);
    return r ? (locale === "en" ? r.en : r.zh) : code;
  }, [locale]);
}

const LEVEL_COLORS: Record<Rating, string> = { 5: "green", 4: "lime", 3: "blue", 2: "orange", 1: "red" };

/** A rating as a coloured tag: green for good, red for bad reviews. */
export function LevelTag({ level, testId }: { level: Rating; testId?: string }) {
  const label = useLevelLabel();
  return (
    <Tag color={LEVEL_COLORS[level]} data-level={level} data-testid={testId}>
      {label(level)}
    </Tag>
  );
}

/** The reasons of a bad review as tags. */
export function ReasonTags({ reasons }: { reasons: readonly string[] }) {
  const label = useReasonLabel();
  if (!reasons.length) return null;
  return (
    <Flex gap={4} wrap>
      {reasons.map((r) => (
        <Tag key={r}>{label(r)}</Tag>
      ))}
    </Flex>
  );
}

/** A rate (0–1) as a percentage with one decimal; "—" when nothing was counted. */
export function formatRate(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? "—" : `${(rate * 100).toFixed(1)}%`;
}

function LevelIcon({ level }: { level: Rating }) {
  if (level >= 4) return <SmileOutlined aria-hidden />;
  if (level === 3) return <MehOutlined aria-hidden />;
  return <FrownOutlined aria-hidden />;
}

/**
 * The rating form: the five national levels; for 不满意 / 非常不满意 the reasons to tick
 * (when `withReasons`) and an optional comment. The server's refusal (e.g. a second
 * rating, 409) is shown above the button, in its own words.
 */
export function RatingForm({
  onSubmit,
  withReasons = true,
  submitLabel,
  testId = "rating-form",
}: {
  onSubmit: (input: RatingInput) => Promise<void>;
  withReasons?: boolean;
  submitLabel?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const levelLabel = useLevelLabel();
  const reasonLabel = useReasonLabel();
  const [level, setLevel] = useState<Rating>();
  const [reasons, setReasons] = useState<BadReviewReason[]>([]);
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const bad = level !== undefined && isBadReview(level);

  const toggle = (code: BadReviewReason, on: boolean) => setReasons((rs) => (on ? [...rs, code] : rs.filter((r) => r !== code)));

  const submit = async () => {
    if (level === undefined) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ level, ...(withReasons && bad ? { reasons } : {}), comment: comment.trim() || null });
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid={testId}>
      <Typography.Paragraph strong id={`${testId}-levels`}>
        {t("evaluation.form.levelPrompt")}
      </Typography.Paragraph>
      <Radio.Group
        aria-labelledby={`${testId}-levels`}
        optionType="button"
        buttonStyle="solid"
        size="large"
        value={level}
        onChange={(e) => {
          setLevel(e.target.value as Rating);
          setError(null);
        }}
        style={{ display: "flex", flexWrap: "wrap", gap: 8 }}
      >
        {RATING_LEVELS.map((l) => (
          <Radio.Button key={l.value} value={l.value} data-testid={`level-${l.value}`} style={{ borderRadius: 6, borderInlineStartWidth: 1 }}>
            <LevelIcon level={l.value} /> {levelLabel(l.value)}
          </Radio.Button>
        ))}
      </Radio.Group>

      {withReasons && bad && (
        <div style={{ marginTop: 16 }} data-testid={`${testId}-reasons`}>
          <Typography.Paragraph strong id={`${testId}-reasons-title`} style={{ marginBottom: 8 }}>
            {t("evaluation.form.reasonsPrompt")}
          </Typography.Paragraph>
          <Flex gap={8} wrap role="group" aria-labelledby={`${testId}-reasons-title`}>
            {/* Toggle buttons: reached with Tab, switched with Space or Enter, their state read out. */}
            {BAD_REVIEW_REASONS.map((r) => {
              const on = reasons.includes(r.code);
              return (
                <Button key={r.code} shape="round" type={on ? "primary" : "default"} danger={on} aria-pressed={on} onClick={() => toggle(r.code, !on)} data-testid={`reason-${r.code}`}>
                  {reasonLabel(r.code)}
                </Button>
              );
            })}
          </Flex>
        </div>
      )}

      {level !== undefined && (
        <Input.TextArea
          style={{ marginTop: 16 }}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          maxLength={500}
          showCount
          autoSize={{ minRows: 2, maxRows: 6 }}
          placeholder={bad ? t("evaluation.form.commentBadPlaceholder") : t("evaluation.form.commentPlaceholder")}
          aria-label={t("evaluation.form.comment")}
          data-testid={`${testId}-comment`}
        />
      )}

      {error && (
        <div style={{ marginTop: 16 }}>
          <FieldErrorsAlert error={error} testId={`${testId}-error`} />
        </div>
      )}

      <Flex justify="flex-end" style={{ marginTop: 16 }}>
        <Button type="primary" size="large" disabled={level === undefined} loading={busy} onClick={() => void submit()} data-testid={`${testId}-submit`}>
          {submitLabel ?? t("evaluation.form.submit")}
        </Button>
      </Flex>
    </div>
  );
}

const STATUS_COLORS: Record<TicketStatus, string> = { open: "processing", verified: "blue", fixed: "cyan", closed: "green", set_aside: "default" };

/** A rectification ticket's status as a tag. */
export function TicketStatusTag({ status }: { status: TicketStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-status={status}>
      {t(`evaluation.ticketStatus.${status}`)}
    </Tag>
  );
}

/** A ticket's light: green, yellow (due today), red (overdue); "—" when nothing is due from staff. */
export function TicketLightTag({ light }: { light: Light | null }) {
  const { t } = useTranslation();
  if (!light) return <span aria-label={t("evaluation.light.none")}>{t("common.none")}</span>;
  return (
    <Tag color={LIGHT_COLORS[light]} variant="solid" data-light={light} style={{ fontWeight: 600, color: LIGHT_TEXT[light] }}>
      {t(`evaluation.light.${light}`)}
    </Tag>
  );
}
