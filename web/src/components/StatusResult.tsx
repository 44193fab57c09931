import { Button, Result } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

/** A full-page status (403/404) with its own <h1> and a way back home. */
export function StatusResult({ status, title, text, testId }: { status: "403" | "404"; title: string; text: string; testId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div data-testid={testId}>
      <Result
        status={status}
        title={<h1 style={{ fontSize: 24, margin: 0, fontWeight: 600 }}>{title}</h1>}
        subTitle={text}
        extra={
          <Button type="primary" onClick={() => navigate("/")}>
            {t("common.backHome")}
          </Button>
        }
      />
    </div>
  );
}
