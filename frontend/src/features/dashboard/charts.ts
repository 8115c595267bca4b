// Maps the overview's figures (from the API) to ECharts options. Nothing here
// computes a figure: sizes, rates and counts are the server's; the page only
// chooses what to show, in which order and in which colour.
import type { DashboardOverviewQuery } from "@/gql/graphql";

import { messages as t } from "./messages";

export type OverviewData = NonNullable<DashboardOverviewQuery["overview"]>;

/** The most children the treemap draws; the rest are named in a note. */
export const TREEMAP_LIMIT = 30;

export const RATE_COLORS = {
  good: "#67c23a",
  fair: "#e6a23c",
  poor: "#f56c6c",
  none: "#c0c4cc",
} as const;

/** The colour band of an on-time closure rate (按期办结率). */
export function rateColor(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return RATE_COLORS.none;
  if (rate >= 0.9) return RATE_COLORS.good;
  if (rate >= 0.7) return RATE_COLORS.fair;
  return RATE_COLORS.poor;
}

export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return "—";
  return `${(rate * 100).toFixed(1)}%`;
}

export interface TreemapItem {
  name: string;
  code: string;
  value: number;
  onTimeClosureRate: number | null;
  overdue: number;
  open: number;
  itemStyle: { color: string; borderColor: string; borderWidth: number };
}

/** The children as treemap cells: size by received, colour by on-time
 * rate, a red border where cases are overdue; the largest first, at most
 * `limit` of them. */
export function treemapItems(data: OverviewData, limit = TREEMAP_LIMIT): TreemapItem[] {
  const open = new Map(data.childrenOpenCounts.map((c) => [c.unit.code, c.openCounts]));
  return data.children
    .map((child) => {
      const counts = open.get(child.unit.code);
      const overdue = counts?.overdue ?? 0;
      return {
        name: child.unit.name,
        code: child.unit.code,
        value: child.figures.received,
        onTimeClosureRate: child.figures.onTimeClosureRate ?? null,
        overdue,
        open: counts?.open ?? 0,
        itemStyle: {
          color: rateColor(child.figures.onTimeClosureRate),
          borderColor: overdue > 0 ? "#c45656" : "#ffffff",
          borderWidth: overdue > 0 ? 3 : 1,
        },
      };
    })
    .sort((a, b) => b.value - a.value || b.overdue - a.overdue || a.code.localeCompare(b.code))
    .slice(0, limit);
}

export function treemapOption(items: TreemapItem[]) {
  return {
    tooltip: {
      formatter: (info: { data: TreemapItem }) =>
        `${info.data.name}<br/>${t.kpi.received}：${info.data.value}<br/>` +
        `${t.kpi.onTime}：${percent(info.data.onTimeClosureRate)}<br/>` +
        `${t.kpi.open}：${info.data.open}　${t.kpi.overdue}：${info.data.overdue}`,
    },
    series: [
      {
        type: "treemap",
        roam: false,
        nodeClick: false,
        breadcrumb: { show: false },
        width: "100%",
        height: "100%",
        label: {
          show: true,
          formatter: (info: { data: TreemapItem }) =>
            info.data.overdue > 0
              ? `${info.data.name}\n${t.kpi.overdue} ${info.data.overdue}`
              : info.data.name,
        },
        data: items,
      },
    ],
  };
}

export function trendOption(data: OverviewData) {
  const months = data.trend.map((m) => m.month);
  return {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 32, bottom: 24 },
    xAxis: { type: "category", data: months },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: t.trendReceived, type: "line", data: data.trend.map((m) => m.figures.received) },
      { name: t.trendClosed, type: "line", data: data.trend.map((m) => m.figures.closed) },
      {
        name: t.trendClosedInTime,
        type: "line",
        data: data.trend.map((m) => m.figures.closedInTime),
      },
    ],
  };
}

export type Labeller = (value: string) => string;

export function splitOption(
  values: readonly { value: string; figures: { received: number } }[],
  label: Labeller,
) {
  return {
    tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
    series: [
      {
        type: "pie",
        // Room beside the ring for the labels: a narrow card otherwise cuts
        // a long one short (建议意见 → 建...).
        radius: ["28%", "50%"],
        label: { formatter: "{b}\n{c}", overflow: "none" },
        labelLine: { length: 8, length2: 6 },
        data: values.map((v) => ({ name: label(v.value), value: v.figures.received })),
      },
    ],
  };
}

/** Whether any of the children shown has a rate to draw (none before a case is closed or rated). */
export function hasChildRates(items: TreemapItem[], data: OverviewData, limit = 15): boolean {
  const byCode = new Map(data.children.map((c) => [c.unit.code, c.figures]));
  return items.slice(0, limit).some((i) => {
    const figures = byCode.get(i.code);
    return (
      (figures?.onTimeClosureRate ?? null) !== null || (figures?.satisfactionRate ?? null) !== null
    );
  });
}

/** On-time closure and satisfaction rate of the largest children, as bars in percent. */
export function childRatesOption(items: TreemapItem[], data: OverviewData, limit = 15) {
  const byCode = new Map(data.children.map((c) => [c.unit.code, c.figures]));
  const shown = items.slice(0, limit);
  const pct = (rate: number | null | undefined) =>
    rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10;
  return {
    tooltip: { trigger: "axis", valueFormatter: (v: number | null) => (v === null ? "—" : `${v}%`) },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 32, bottom: 60 },
    xAxis: {
      type: "category",
      data: shown.map((i) => i.name),
      axisLabel: { interval: 0, rotate: 30 },
    },
    yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    series: [
      {
        name: t.kpi.onTime,
        type: "bar",
        data: shown.map((i) => pct(byCode.get(i.code)?.onTimeClosureRate)),
      },
      {
        name: t.kpi.satisfaction,
        type: "bar",
        data: shown.map((i) => pct(byCode.get(i.code)?.satisfactionRate)),
      },
    ],
  };
}

/** The ranking as the API ranked it, best first, the top `limit`. */
export function rankingOption(data: OverviewData, limit = 10) {
  const ranked = data.ranking.filter((r) => r.value !== null).slice(0, limit);
  return {
    tooltip: { trigger: "axis", valueFormatter: (v: number) => `${v}%` },
    grid: { left: 150, right: 40, top: 8, bottom: 24 },
    xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    yAxis: {
      type: "category",
      inverse: true,
      data: ranked.map((r) => `${r.rank}. ${r.unit.name}`),
      axisLabel: { width: 140, overflow: "truncate" },
    },
    series: [
      {
        type: "bar",
        data: ranked.map((r) => Math.round((r.value ?? 0) * 1000) / 10),
        label: { show: true, position: "right", formatter: "{c}%" },
      },
    ],
  };
}

/** `letter` → the label of `LETTER` in the API's enum labels. */
export function enumLabeller(
  labels: Map<string, { value: string; label: string }[]>,
  enumName: string,
): Labeller {
  const values = new Map((labels.get(enumName) ?? []).map((v) => [v.value, v.label]));
  return (value: string) => values.get(value.toUpperCase()) ?? value;
}
