import type { Role } from "@yichuang/core";
import { Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useUser } from "../../auth/AuthContext";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { useOrg } from "../../org/OrgContext";

/** The common frame of every home: the role's test id, its <h1> and a greeting. */
export function HomeFrame({ role, children }: { role: Role; children: ReactNode }) {
  const { t } = useTranslation();
  const user = useUser();
  const org = useOrg();
  return (
    <section data-testid={`home-${role}`}>
      <PageTitle extra={<Typography.Text type="secondary">{t("home.welcome", { name: user.displayName })}</Typography.Text>}>
        {t(`home.title.${role}`)}
      </PageTitle>
      {org.error ? <LoadError error={org.error} onRetry={org.reload} /> : children}
    </section>
  );
}
