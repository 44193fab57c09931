import type { deskZh } from "./desk.zh-CN";
import type { Strings } from "./strings";

/** English strings of the window desk, the evaluator kiosk and the evaluator admin page. */
export const deskEn: Strings<typeof deskZh> = {
  title: "Window desk",
};
