import { Button, Flex, Layout } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useAuth } from "../auth/AuthContext";
import { Brand } from "./Brand";
import { LanguageSwitch } from "./LanguageSwitch";

const HEADER_BLUE = "#1e3a8a";

/** The frame of public pages (open data): the brand, the language switch, and the way in. */
export function PublicFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { status } = useAuth();
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header style={{ background: HEADER_BLUE, paddingInline: 24, display: "flex", alignItems: "center", gap: 16, height: 56, lineHeight: "56px" }}>
        <Link to="/" style={{ minWidth: 0, flex: "1 1 auto", overflow: "hidden" }}>
          <Brand light />
        </Link>
        <Flex align="center" gap={12} style={{ flex: "none" }}>
          <LanguageSwitch light />
          <Link to={status === "authenticated" ? "/" : "/login"}>
            <Button ghost>{status === "authenticated" ? t("common.backHome") : t("login.submit")}</Button>
          </Link>
        </Flex>
      </Layout.Header>
      <Layout.Content style={{ padding: 24, background: "#f5f7fb" }}>
        <main style={{ maxWidth: 1280, margin: "0 auto" }}>{children}</main>
      </Layout.Content>
    </Layout>
  );
}
