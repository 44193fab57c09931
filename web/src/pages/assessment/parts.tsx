import { StarFilled, UserOutlined } from "@ant-design/icons";
import { Alert, Avatar, Descriptions, Flex, Space, Table, Tag, Typography, type TableColumnsType } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { staffPhotoUrl, type Dimension, type Explanation, type Standing } from "../../api/assessment";
import { useLocale } from "../../lib/locale";

const pct = (x: number | null | undefined, digits = 2) => (x === null || x === undefined ? "—" : `${(x * 100).toFixed(digits)}%`);
const score = (x: number | null) => (x === null ? "—" : x.toFixed(4));

/** A dimension's formula with its numbers, in the page's language. */
export function useFormula(): (d: Dimension) => string {
  const { t } = useTranslation();
  return (d) => {
    const n = d.numbers;
    if (d.key === "quality") {
      return "z" in n
        ? t("assessment.formula.wilson", { good: n.good, rated: n.rated, z: n.z!.toFixed(2) })
        : t("assessment.formula.bayes", { good: n.good, rated: n.rated, prior: n.prior, centre: pct(n.centreShare) });
    }
    if (d.key === "volume") return t("assessment.formula.volume", { completed: n.completed, max: n.max });
    if (d.key === "followUp" && !n.due) return t("assessment.formula.followUpNone");
    return t(`assessment.formula.${d.key}`, { onTime: n.onTime, due: n.due });
  };
}

/** Why a standing's subject is not eligible, in the page's language. */
export function useIneligibleText(): (s: Standing) => string[] {
  const { t } = useTranslation();
  return (s) =>
    s.ineligible.map((i) =>
      i.code === "min_rated" ? t("assessment.why.minRated", { rated: i.rated, min: i.min }) : t("assessment.why.badGate", { upper: pct(i.upper), bad: i.bad, rated: i.rated, gate: pct(i.gate) }),
    );
}

/** The star mark with the consecutive quarters. */
export function StarTag({ streak }: { streak?: number }) {
  const { t } = useTranslation();
  return (
    <Tag color="gold" icon={<StarFilled aria-hidden />} data-testid="star-tag">
      {t("assessment.starTag")}
      {streak && streak > 1 ? ` · ${t("assessment.col.streak", { n: streak })}` : ""}
    </Tag>
  );
}

/** A staff photo, or the name's first character when there is none. */
export function StaffAvatar({ id, name, hasPhoto, size = 64 }: { id: string; name: string; hasPhoto: boolean; size?: number }) {
  const [broken, setBroken] = useState(false);
  if (hasPhoto && !broken) return <Avatar size={size} src={<img src={staffPhotoUrl(id)} alt={name} onError={() => setBroken(true)} data-testid="star-photo" />} />;
  return (
    <Avatar size={size} style={{ background: "#b45309", fontSize: size / 2.4 }} icon={name ? undefined : <UserOutlined />} aria-label={name}>
      {name.slice(0, 1)}
    </Avatar>
  );
}

/**
 * Where a clerk (or window) stands and why: eligibility, every dimension with its score,
 * weight, share and formula with the numbers, the combined score, the rank in the centre,
 * the star line and the one above, and how a tie was broken.
 */
export function StandingExplanation({ data }: { data: Explanation }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const formula = useFormula();
  const ineligible = useIneligibleText();
  const { item, context, scheme } = data;
  const s = item.standing;
  const columns: TableColumnsType<Dimension> = [
    { title: t("assessment.why.dimension"), key: "name", render: (_, d) => <Typography.Text strong>{t(`assessment.dimension.${d.key}`)}</Typography.Text> },
    { title: t("assessment.why.score"), dataIndex: "score", align: "right", render: (x: number | null) => <span data-testid="dim-score">{score(x)}</span> },
    { title: t("assessment.why.weight"), dataIndex: "weight", align: "right" },
    { title: t("assessment.why.share"), dataIndex: "share", align: "right", render: (x: number, d) => (d.score === null || d.weight === 0 ? "—" : pct(x, 1)) },
    { title: t("assessment.why.contribution"), key: "c", align: "right", render: (_, d) => (d.score === null ? "—" : (d.share * d.score).toFixed(4)) },
    {
      title: t("assessment.why.formula"),
      key: "f",
      render: (_, d) => (
        <span data-testid={`formula-${d.key}`}>
          {formula(d)}
          {d.score === null && <Typography.Text type="secondary"> · {t("assessment.why.unmeasured")}</Typography.Text>}
        </span>
      ),
    },
  ];
  const centre = locale === "en" ? item.centre.nameEn : item.centre.name;
  return (
    <div data-testid="standing-explanation">
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        {item.star && <StarTag streak={item.streak} />}
        {item.eligible ? <Tag color="green">{t("assessment.eligible")}</Tag> : <Tag>{t("assessment.notEligible")}</Tag>}
        <Tag>{locale === "en" ? data.quarter : data.label}</Tag>
      </Flex>
      {!item.eligible && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={ineligible(s).join("；")} data-testid="ineligible-reason" />
      )}
      {item.rank !== null && (
        <Typography.Paragraph data-testid="standing-rank">
          <Typography.Text strong>{t(item.kind === "clerk" ? "assessment.why.rank" : "assessment.why.rankWindow", { rank: item.rank, n: context.eligible, centre })}</Typography.Text>
          {context.starLine && item.kind === "clerk" && (
            <>
              <br />
              {t("assessment.why.starLine", { stars: context.stars, rank: context.starLine.rank, combined: context.starLine.combined.toFixed(4) })}
            </>
          )}
          {context.above && (
            <>
              <br />
              {context.above.name
                ? t("assessment.why.above", { rank: context.above.rank, name: context.above.name, combined: context.above.combined.toFixed(4) })
                : t("assessment.why.aboveAnonymous", { rank: context.above.rank, combined: context.above.combined.toFixed(4) })}
            </>
          )}
          {s.tieBreak && (
            <>
              <br />
              <Typography.Text type="warning" data-testid="tie-break">
                {t(`assessment.why.tieBreak.${s.tieBreak.by}`)}
              </Typography.Text>
            </>
          )}
        </Typography.Paragraph>
      )}
      <Table<Dimension> rowKey="key" size="small" pagination={false} dataSource={s.dimensions} columns={columns} scroll={{ x: 720 }} data-testid="dimensions" />
      <Space orientation="vertical" style={{ marginTop: 12 }}>
        <Typography.Text strong data-testid="combined">
          {t("assessment.why.combined", { combined: s.combined.toFixed(4) })}
        </Typography.Text>
        <Typography.Text type="secondary">{t("assessment.why.badUpper", { upper: pct(s.badUpper), gate: pct(scheme.scheme.badRateGate), z: scheme.scheme.quality.z.toFixed(2) })}</Typography.Text>
      </Space>
      <Descriptions size="small" column={{ xs: 2, md: 4 }} style={{ marginTop: 12 }} bordered>
        <Descriptions.Item label={t("assessment.col.completed")}>{s.subject.completed}</Descriptions.Item>
        <Descriptions.Item label={t("assessment.col.rated")}>{s.subject.rated}</Descriptions.Item>
        <Descriptions.Item label={t("assessment.col.bad")}>{s.subject.bad}</Descriptions.Item>
        <Descriptions.Item label={t("assessment.col.goodShare")}>{pct(s.subject.rated ? s.subject.good / s.subject.rated : null)}</Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t("assessment.why.notes")}
      </Typography.Paragraph>
    </div>
  );
}

export { pct as formatShare };
