import { Card, Descriptions, Flex, Result, Skeleton, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { getFixByToken, rateFixByToken } from "../../api/evaluation";
import { FocusHeading } from "../../components/FocusHeading";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { PublicFrame } from "../../layout/PublicFrame";
import { formatDateTime } from "../../lib/format";
import { useLoader } from "../../lib/useLoader";
import { RatingForm } from "./parts";

/**
 * /rate/fix/:token (public): the link of the SMS sent after a bad review was fixed; the
 * citizen reads what was done and rates the fix, once.
 */
export function FixRatingPage() {
  const { token = "" } = useParams();
  const { t } = useTranslation();
  const loaded = useLoader(() => getFixByToken(token), [token]);
  const [done, setDone] = useState(false);
  const fix = loaded.data;

  return (
    <PublicFrame>
      <section data-testid="fix-rating" style={{ maxWidth: 760, margin: "0 auto" }}>
        <PageTitle extra={<Link to="/evaluation">{t("evaluation.public.title")}</Link>}>{t("evaluation.fix.title")}</PageTitle>
        {done ? (
          <Result
            status="success"
            title={<FocusHeading>{t("evaluation.fix.thanksTitle")}</FocusHeading>}
            subTitle={t("evaluation.fix.thanksText")}
            style={{ background: "#fff", borderRadius: 8 }}
            data-testid="fix-thanks"
          />
        ) : loaded.error && !fix ? (
          <div data-testid="fix-error">
            {loaded.error.code === "NOT_FOUND" ? (
              <Result status="info" title={t("evaluation.fix.usedTitle")} subTitle={loaded.error.message} style={{ background: "#fff", borderRadius: 8 }} />
            ) : (
              <LoadError error={loaded.error} />
            )}
          </div>
        ) : !fix ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : (
          <Flex vertical gap={16}>
            <Card title={t("evaluation.fix.whatWasDone")}>
              <Descriptions
                column={1}
                size="small"
                items={[
                  { key: "number", label: t("evaluation.field.ticketNumber"), children: fix.number },
                  { key: "service", label: t("evaluation.field.service"), children: fix.serviceName },
                  { key: "department", label: t("evaluation.field.department"), children: fix.department },
                  { key: "fixedAt", label: t("evaluation.field.fixedAt"), children: formatDateTime(fix.fixedAt) },
                  {
                    key: "note",
                    label: t("evaluation.field.fixNote"),
                    children: (
                      <Typography.Text lang="zh-CN" data-testid="fix-note" style={{ whiteSpace: "pre-wrap" }}>
                        {fix.fixNote}
                      </Typography.Text>
                    ),
                  },
                ]}
              />
            </Card>
            <Card title={t("evaluation.fix.rateTitle")}>
              <Typography.Paragraph type="secondary">{t("evaluation.fix.rateIntro")}</Typography.Paragraph>
              <RatingForm
                withReasons={false}
                testId="fix-form"
                onSubmit={async (input) => {
                  await rateFixByToken(token, { level: input.level, comment: input.comment });
                  setDone(true);
                }}
              />
            </Card>
          </Flex>
        )}
      </section>
    </PublicFrame>
  );
}
