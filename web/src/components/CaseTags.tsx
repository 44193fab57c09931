import { RobotOutlined } from "@ant-design/icons";
import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { CaseStatus, Light, TaskStatus } from "../api/types";

const CASE_COLORS: Record<CaseStatus, string> = {
  submitted: "blue",
  awaiting_supplement: "orange",
  in_review: "processing",
  completed: "green",
  rejected: "red",
};

/** A case's status as a coloured tag (已提交, 待补正, 并联审批中, 已办结, 不予许可). */
export function CaseStatusTag({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return <Tag color={CASE_COLORS[status]}>{t(`cases.status.${status}`)}</Tag>;
}

const TASK_COLORS: Record<TaskStatus, string> = {
  open: "processing",
  awaiting_supplement: "orange",
  approved: "green",
  rejected: "red",
};

/** A review task's status as a coloured tag. */
export function TaskStatusTag({ status }: { status: TaskStatus }) {
  const { t } = useTranslation();
  return <Tag color={TASK_COLORS[status]}>{t(`cases.taskStatus.${status}`)}</Tag>;
}

/** The colours of the supervision lights, strong enough to read white text on. */
/** The supervision lights: green and red with white text, a yellow card with dark text (each 4.5:1 or more). */
export const LIGHT_COLORS: Record<Light, string> = { green: "#15803d", yellow: "#facc15", red: "#b91c1c" };
/** The text on a light's tag. */
export const LIGHT_TEXT: Record<Light, string> = { green: "#ffffff", yellow: "#1f2937", red: "#ffffff" };

/**
 * A task's supervision light: 绿/黄/红 (short, in case tables) or 绿灯/黄牌/红牌
 * (the electronic supervision board's words). Nothing when the task is not open.
 */
export function LightTag({ light, variant = "short" }: { light: Light | null; variant?: "short" | "board" }) {
  const { t } = useTranslation();
  if (!light) return <span aria-label={t("cases.noLight")}>{t("common.none")}</span>;
  return (
    <Tag color={LIGHT_COLORS[light]} variant="solid" data-light={light} style={{ fontWeight: 600, color: LIGHT_TEXT[light] }}>
      {t(`cases.light.${variant}.${light}`)}
    </Tag>
  );
}

/** Marks a task approved by a department's auto rule (自动办理). */
export function AutoTag() {
  const { t } = useTranslation();
  return (
    <Tag color="cyan" icon={<RobotOutlined aria-hidden />}>
      {t("cases.auto")}
    </Tag>
  );
}
