/**
 * A region that scrolls sideways (a wide table on a phone or a narrow window) can be scrolled with the
 * keyboard only if it can take the focus (WCAG 2.1.1; axe's scrollable-region-focusable). antd's tables
 * do not make their scrolling box focusable: every such box that really scrolls gets tabindex="0", checked
 * once a frame after the page changes or the window is resized.
 */
const SCROLLERS = ".ant-table-content, .ant-table-body";

export function keepScrollRegionsFocusable(root: HTMLElement = document.body): void {
  let queued = false;
  const apply = () => {
    queued = false;
    for (const el of root.querySelectorAll<HTMLElement>(SCROLLERS)) {
      if (el.hasAttribute("tabindex")) continue;
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) el.tabIndex = 0;
    }
  };
  const queue = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(apply);
  };
  new MutationObserver(queue).observe(root, { childList: true, subtree: true });
  window.addEventListener("resize", queue);
  queue();
}
