import { formatCardCode, isValidCardCode, normaliseCardCode } from "@yichuang/core";
import { Alert, Button, Card, Descriptions, Flex, Input, Result, Skeleton, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { getCardInfo, rateByCard, type CardInfo } from "../../api/evaluation";
import { LoadError } from "../../components/LoadError";
import { FocusHeading } from "../../components/FocusHeading";
import { PageTitle } from "../../components/PageTitle";
import { PublicFrame } from "../../layout/PublicFrame";
import { formatDateTime } from "../../lib/format";
import { useLoader } from "../../lib/useLoader";
import { RatingForm } from "./parts";

/**
 * /rate/card and /rate/card/:code (public): a citizen rates the transaction a window
 * handed them a supervision card (服务监督卡) for, once, by the card's 12-character code.
 */
export function CardRatingPage() {
  const { code } = useParams();
  const { t } = useTranslation();
  return (
    <PublicFrame>
      <section data-testid="card-rating" style={{ maxWidth: 760, margin: "0 auto" }}>
        <PageTitle extra={<Link to="/evaluation">{t("evaluation.public.title")}</Link>}>{t("evaluation.card.title")}</PageTitle>
        {code ? <CardByCode key={code} code={code} /> : <CardCodeBox />}
      </section>
    </PublicFrame>
  );
}

/**
 * The box to type a card's code in: spaces, dashes and lower case are accepted, and the
 * check character catches a mistyped code before anything is asked of the server.
 */
export function CardCodeBox({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [value, setValue] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const go = () => {
    const code = normaliseCardCode(value);
    if (!isValidCardCode(code)) {
      setProblem(code.length === 12 ? t("evaluation.card.codeCheckFailed") : t("evaluation.card.codeLength", { n: code.length }));
      return;
    }
    navigate(`/rate/card/${code}`);
  };
  const box = (
    <>
      <Flex gap={8} wrap>
        <Input
          size="large"
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            setProblem(null);
          }}
          onPressEnter={go}
          placeholder={t("evaluation.card.codePlaceholder")}
          aria-label={t("evaluation.card.code")}
          maxLength={20}
          status={problem ? "error" : undefined}
          style={{ flex: "1 1 260px", fontFamily: "monospace", letterSpacing: 1 }}
          data-testid="card-code-input"
        />
        <Button type="primary" size="large" onClick={go} data-testid="card-code-go">
          {t("evaluation.card.open")}
        </Button>
      </Flex>
      {problem && (
        <Typography.Text type="danger" role="alert" data-testid="card-code-problem" style={{ display: "block", marginTop: 8 }}>
          {problem}
        </Typography.Text>
      )}
    </>
  );
  if (compact) return box;
  return (
    <Card>
      <Typography.Paragraph>{t("evaluation.card.intro")}</Typography.Paragraph>
      {box}
    </Card>
  );
}

function CardByCode({ code }: { code: string }) {
  const { t } = useTranslation();
  const loaded = useLoader(() => getCardInfo(code), [code]);
  const [done, setDone] = useState(false);
  const info = loaded.data;

  if (loaded.error && !info) {
    return (
      <Flex vertical gap={16}>
        <div data-testid="card-error">
          <LoadError error={loaded.error} />
        </div>
        <CardCodeBox />
      </Flex>
    );
  }
  if (!info) return <Skeleton active paragraph={{ rows: 6 }} />;

  if (done) {
    return (
      <Result
        status="success"
        title={<FocusHeading>{t("evaluation.card.thanksTitle")}</FocusHeading>}
        subTitle={t("evaluation.card.thanksText")}
        extra={<Link to="/evaluation">{t("evaluation.public.title")}</Link>}
        style={{ background: "#fff", borderRadius: 8 }}
        data-testid="card-thanks"
      />
    );
  }

  return (
    <Flex vertical gap={16} data-testid="card-info" data-state={info.state}>
      <TransactionCard info={info} />
      {info.state === "ready" ? (
        <Card title={t("evaluation.card.rateTitle")}>
          <RatingForm
            onSubmit={async (input) => {
              try {
                await rateByCard(info.code, input);
                setDone(true);
              } catch (err) {
                // Rated meanwhile (another tab, another device): show the card's state too.
                loaded.reload();
                throw err;
              }
            }}
          />
        </Card>
      ) : (
        <Alert
          type={info.state === "used" || info.state === "rated" ? "info" : "warning"}
          showIcon
          title={t(`evaluation.card.state.${info.state}`)}
          description={t(`evaluation.card.stateText.${info.state}`)}
          data-testid="card-state"
        />
      )}
    </Flex>
  );
}

function TransactionCard({ info }: { info: CardInfo }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const tx = info.transaction;
  return (
    <Card title={t("evaluation.card.transaction")} extra={<Typography.Text code data-testid="card-code">{formatCardCode(info.code)}</Typography.Text>}>
      {tx ? (
        <Descriptions
          column={{ xs: 1, md: 2 }}
          size="small"
          items={[
            { key: "service", label: t("evaluation.field.service"), children: en ? tx.serviceNameEn : tx.serviceName },
            { key: "department", label: t("evaluation.field.department"), children: en ? tx.departmentEn : tx.department },
            { key: "window", label: t("evaluation.field.window"), children: `${tx.windowNumber} ${en ? tx.windowNameEn : tx.windowName}` },
            {
              key: "clerk",
              label: t("evaluation.field.clerk"),
              children: (
                <span data-testid="card-clerk">
                  {tx.clerkStaffNo ? t("evaluation.field.clerkWithNo", { name: tx.clerkName, staffNo: tx.clerkStaffNo }) : tx.clerkName}
                </span>
              ),
            },
            { key: "time", label: t("evaluation.field.endedAt"), children: formatDateTime(tx.endedAt) },
          ]}
        />
      ) : (
        <Typography.Text type="secondary">{t("evaluation.card.noTransaction")}</Typography.Text>
      )}
    </Card>
  );
}
