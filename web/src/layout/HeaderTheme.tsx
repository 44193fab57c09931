import { ConfigProvider } from "antd";
import type { ReactNode } from "react";

/**
 * The blue header's outlined buttons (ghost: white on blue) stay white when hovered or pressed: antd
 * would turn their text and border the primary hover colour, dark blue on the dark blue header (1.2:1).
 */
const HEADER_BUTTONS = { defaultHoverColor: "#ffffff", defaultHoverBorderColor: "#ffffff", defaultActiveColor: "#dbeafe", defaultActiveBorderColor: "#dbeafe" };

export function HeaderTheme({ children }: { children: ReactNode }) {
  return <ConfigProvider theme={{ components: { Button: HEADER_BUTTONS } }}>{children}</ConfigProvider>;
}
