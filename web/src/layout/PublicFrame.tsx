import { Button, Flex, Grid, Layout } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useAuth } from "../auth/AuthContext";
import { Brand } from "./Brand";
import { HeaderTheme } from "./HeaderTheme";
import { LanguageSwitch } from "./LanguageSwitch";
import { LargeTextSwitch } from "./LargeTextSwitch";

const HEADER_BLUE = "#1e3a8a";

/** The frame of public pages: the brand, the larger-text (长辈版) and language switches, and the way in. */
export function PublicFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { status } = useAuth();
  // On a phone the header's buttons keep their icons and names for screen readers, not their words.
  const narrow = Grid.useBreakpoint().sm === false;
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <HeaderTheme>
        <Layout.Header
          style={{ background: HEADER_BLUE, paddingInline: narrow ? 12 : 24, display: "flex", alignItems: "center", gap: narrow ? 8 : 16, height: "auto", minHeight: 56, lineHeight: "normal", paddingBlock: 8 }}
        >
          <Link to="/" style={{ minWidth: 0, flex: "1 1 auto", overflow: "hidden" }}>
            <Brand light />
          </Link>
          <Flex align="center" gap={narrow ? 8 : 12} style={{ flex: "none" }}>
            <LargeTextSwitch light compact={narrow} />
            <LanguageSwitch light compact={narrow} />
            <Link to={status === "authenticated" ? "/" : "/login"}>
              <Button ghost>{status === "authenticated" ? t("common.backHome") : t("login.submit")}</Button>
            </Link>
          </Flex>
        </Layout.Header>
      </HeaderTheme>
      {/* antd's Content is the page's <main> landmark. */}
      <Layout.Content style={{ padding: narrow ? 12 : 24, background: "#f5f7fb" }}>
        <div style={{ maxWidth: 1280, margin: "0 auto" }}>{children}</div>
      </Layout.Content>
    </Layout>
  );
}
