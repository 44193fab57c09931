import { LoadingOutlined } from "@ant-design/icons";
import { App as AntApp, ConfigProvider } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import type { ReactNode } from "react";
import { CSP_NONCE } from "./csp";
import { useLocale } from "./lib/locale";

/** antd writes its CSS-in-JS <style> elements with the page's nonce (the Content-Security-Policy asks for it). */
const CSP = { nonce: CSP_NONCE };

/** Government blue: readable on white, AA contrast with white text. */
const PRIMARY = "#1d4ed8";

/** antd theme and locale, following the UI language. */
export function Providers({ children }: { children: ReactNode }) {
  const locale = useLocale();
  // Date pickers take month and weekday names from dayjs; set before they render.
  dayjs.locale(locale === "en" ? "en" : "zh-cn");
  return (
    <ConfigProvider
      csp={CSP}
      locale={locale === "en" ? enUS : zhCN}
      theme={{
        token: {
          colorPrimary: PRIMARY,
          colorLink: PRIMARY,
          borderRadius: 6,
          // Secondary text, hints and placeholders dark enough to read (WCAG AA, 4.5:1 on white and on the
          // page's #f5f7fb): antd's defaults (#8c8c8c, #bfbfbf) fail it, and the centre's users read on
          // phones outdoors and at every age.
          colorTextDescription: "rgba(0, 0, 0, 0.62)",
          colorTextTertiary: "rgba(0, 0, 0, 0.62)",
          colorTextPlaceholder: "rgba(0, 0, 0, 0.56)",
          fontFamily:
            '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Helvetica Neue", Arial, sans-serif',
        },
      }}
      // Buttons keep their accessible name exactly as written: antd would otherwise space
      // two-character Chinese labels ("登 录") and prefix "loading" while a request runs.
      button={{ autoInsertSpace: false, loadingIcon: <LoadingOutlined aria-hidden /> }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}
