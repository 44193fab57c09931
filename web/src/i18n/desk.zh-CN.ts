/** zh-CN strings of the window desk, the evaluator kiosk and the evaluator admin page. */
export const deskZh = {
  title: "窗口服务台",
};
