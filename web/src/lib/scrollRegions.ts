/**
 * A region that scrolls sideways (a wide table on a phone or a narrow window) can be scrolled with the
 * keyboard only if it can take the focus (WCAG 2.1.1; axe's scrollable-region-focusable). antd's tables
 * do not make their scrolling box focusable: every such box that really scrolls gets tabindex="0". Only the
 * boxes a change touched are measured (reading a box's size makes the browser lay the page out), once a
 * frame; all of them when the window is resized.
 */
const SCROLLERS = ".ant-table-content, .ant-table-body";

export function keepScrollRegionsFocusable(root: HTMLElement = document.body): void {
  const touched = new Set<HTMLElement>();
  let queued = false;
  const apply = () => {
    queued = false;
    for (const el of touched) {
      if (el.isConnected && !el.hasAttribute("tabindex") && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) el.tabIndex = 0;
    }
    touched.clear();
  };
  const queue = (boxes: Iterable<HTMLElement>) => {
    for (const box of boxes) touched.add(box);
    if (queued || touched.size === 0) return;
    queued = true;
    requestAnimationFrame(apply);
  };
  const elementOf = (node: Node) => (node instanceof HTMLElement ? node : node.parentElement);
  // The box a node is in (rows loaded into a table)...
  const around = (node: Node): HTMLElement[] => {
    const box = elementOf(node)?.closest<HTMLElement>(SCROLLERS);
    return box ? [box] : [];
  };
  // ...or, for a new subtree (a page shown), also the boxes it holds.
  const added = (node: Node): HTMLElement[] => {
    const boxes = around(node);
    return boxes.length || !(node instanceof HTMLElement) ? boxes : [...node.querySelectorAll<HTMLElement>(SCROLLERS)];
  };
  new MutationObserver((records) => queue(records.flatMap((r) => [...around(r.target), ...[...r.addedNodes].flatMap(added)]))).observe(root, { childList: true, subtree: true });
  window.addEventListener("resize", () => queue(root.querySelectorAll<HTMLElement>(SCROLLERS)));
  queue(root.querySelectorAll<HTMLElement>(SCROLLERS));
}
