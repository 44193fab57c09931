import { BarChart, LineChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

// Only what the dashboard's charts use (bar, line and pie, with titles, legends, tooltips and grids, drawn
// as SVG): a third of the whole ECharts build, which a staff page's first load must stay under 600 kB with.
echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, SVGRenderer]);

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
