import { Flex } from "antd";
import { useTranslation } from "react-i18next";
import { useLargeText } from "../lib/display";

/**
 * The product mark and name ("一窗 · 嘉兴市行政审批服务中心"). `light` for the blue
 * header; `wrap` lets the name break where width is short (the login card in English).
 */
export function Brand({ light = false, wrap = false }: { light?: boolean; wrap?: boolean }) {
  const { t } = useTranslation();
  const largeText = useLargeText();
  return (
    <Flex align="center" gap={10} style={{ minWidth: 0 }}>
      <img
        src="/favicon.svg"
        alt=""
        width={28}
        height={28}
        style={{ flex: "none", borderRadius: 6, boxShadow: light ? "0 0 0 1px rgba(255,255,255,.5)" : undefined }}
      />
      <span
        style={{
          fontWeight: 600,
          fontSize: largeText ? 20 : 16,
          lineHeight: 1.4,
          color: light ? "#fff" : undefined,
          ...(wrap ? {} : { whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis" }),
        }}
      >
        {t("app.name")}
        <span style={{ opacity: 0.6 }}> · </span>
        <span style={{ fontWeight: 400 }}>{t("app.centre")}</span>
      </span>
    </Flex>
  );
}
