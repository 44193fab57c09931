import { LoadingOutlined } from "@ant-design/icons";
import { App as AntApp, ConfigProvider } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import type { ReactNode } from "react";
import { CSP_NONCE } from "./csp";
import { useLargeText, useReducedMotion } from "./lib/display";
import { useLocale } from "./lib/locale";

/** antd writes its CSS-in-JS <style> elements with the page's nonce (the Content-Security-Policy asks for it). */
const CSP = { nonce: CSP_NONCE };

/** Government blue: readable on white, AA contrast with white text. */
const PRIMARY = "#1d4ed8";

/**
 * A coloured tag's text is its palette's 7th shade on the 1st: for these colours that fails 4.5:1
 * (antd's gold #d48806 on #fffbe6 is 2.75:1); their 8th shade reads (gold: its 9th). antd keeps each shade under two
 * names ("gold7" and "gold-7", the CSS variable follows the second): both are set.
 */
const READABLE_PALETTE = Object.fromEntries(
  Object.entries({ gold: "#874d00", orange: "#ad4e00", green: "#237804", cyan: "#006d75", volcano: "#ad2102", lime: "#3f6600" }).flatMap(([colour, shade]) => [
    [`${colour}7`, shade],
    [`${colour}-7`, shade],
  ]),
);

/**
 * The larger-text mode (长辈版): every text at least 18 px (antd's small sizes too), headings and
 * controls larger in step (antd derives them from these seeds), touch targets at least 44 px.
 */
const LARGE_TEXT = { fontSize: 18, fontSizeSM: 18, fontSizeLG: 20, fontSizeXL: 24, controlHeight: 44 } as const;

/** antd theme and locale, following the UI language, the larger-text mode and the system's reduced motion. */
export function Providers({ children }: { children: ReactNode }) {
  const locale = useLocale();
  const largeText = useLargeText();
  const reducedMotion = useReducedMotion();
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
          // Hover and pressed shades darker, not lighter (antd's lighter hover, #4373e6, is 4.3:1 under white text).
          colorPrimaryHover: "#1e40af",
          colorPrimaryActive: "#1e3a8a",
          colorLinkHover: "#1e40af",
          colorLinkActive: "#1e3a8a",
          // A button waiting for its request keeps its text readable (antd fades it to 65 %, white on #6d83cb
          // is 3.6:1); the spinner says it is busy.
          opacityLoading: 1,
          borderRadius: 6,
          // Secondary text, hints and placeholders dark enough to read (WCAG AA, 4.5:1 on white and on the
          // page's #f5f7fb): antd's defaults (#8c8c8c, #bfbfbf) fail it, and the centre's users read on
          // phones outdoors and at every age.
          colorTextDescription: "rgba(0, 0, 0, 0.62)",
          colorTextTertiary: "rgba(0, 0, 0, 0.62)",
          colorTextPlaceholder: "rgba(0, 0, 0, 0.56)",
          // Status colours dark enough for text (WCAG AA 4.5:1 on white and on their own light backgrounds):
          // antd's defaults (#52c41a, #faad14, #ff4d4f) are used for tags, form errors and typed text and
          // fail it. The seeds darken the text; the light backgrounds and borders stay antd's.
          colorSuccess: "#237804",
          colorSuccessBg: "#f6ffed",
          colorSuccessBorder: "#b7eb8f",
          colorWarning: "#874d00",
          colorWarningBg: "#fffbe6",
          colorWarningBorder: "#ffe58f",
          colorError: "#cf1322",
          colorErrorBg: "#fff2f0",
          colorErrorBorder: "#ffccc7",
          colorInfo: PRIMARY,
          colorInfoBg: "#e6f4ff",
          colorInfoBorder: "#91caff",
          ...READABLE_PALETTE,
          fontFamily:
            '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Helvetica Neue", Arial, sans-serif',
          ...(largeText ? LARGE_TEXT : {}),
          // "Reduce motion" in the system's settings (WCAG 2.3.3): no fades, slides or waves.
          motion: !reducedMotion,
        },
        // An empty table's "暂无数据" in the readable secondary grey, not antd's disabled grey (1.8:1).
        components: { Table: { colorTextDisabled: "rgba(0, 0, 0, 0.62)" } },
      }}
      // Buttons keep their accessible name exactly as written: antd would otherwise space
      // two-character Chinese labels ("登 录") and prefix "loading" while a request runs.
      button={{ autoInsertSpace: false, loadingIcon: <LoadingOutlined aria-hidden /> }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}
