import * as echarts from "echarts";
import { useEffect, useRef } from "react";

/**
 * One ECharts chart from a plain option (the dashboard's options come from core, shared with the
 * PDF report). SVG renderer: crisp when printed and readable by tests; resizes with its box.
 */
export function Chart({ option, height = 300, testId, label }: { option: Record<string, unknown>; height?: number; testId?: string; label?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!box.current) return;
    const c = echarts.init(box.current, null, { renderer: "svg" });
    chart.current = c;
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(box.current);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div ref={box} style={{ width: "100%", height }} role="img" aria-label={label} data-testid={testId} />;
}
