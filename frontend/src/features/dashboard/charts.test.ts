import { describe, expect, it } from "vitest";

import {
  RATE_COLORS,
  childRatesOption,
  enumLabeller,
  hasChildRates,
  rankingOption,
  splitOption,
  treemapItems,
  trendOption,
  type OverviewData,
} from "./charts";

function figures(received: number, onTime: number | null, satisfaction: number | null = null) {
  return {
    received,
    open: 0,
    closed: 0,
    repeat: 0,
    onTimeClosureRate: onTime,
    satisfactionRate: satisfaction,
  };
}

function overview(): OverviewData {
  const unit = (code: string, name: string) => ({ code, name, level: "COUNTY" as const });
  return {
    unit: { code: "320000", name: "省委组织部", level: "PROVINCE", parentCode: null },
    includesSubordinates: true,
    fromMonth: "2026-01",
    toMonth: "2026-03",
    totals: figures(30, 0.8),
    openCounts: { open: 5, overdue: 2, dueSoon: 1 },
    supervisionOrders: { issued: 0, open: 0, overdue: 0 },
    children: [
      { unit: unit("320100", "南京市"), figures: figures(10, 0.95, 0.9) },
      { unit: unit("320200", "无锡市"), figures: figures(15, 0.5, null) },
      { unit: unit("320300", "徐州市"), figures: figures(5, null) },
    ],
    childrenOpenCounts: [
      { unit: { code: "320100" }, openCounts: { open: 1, overdue: 0, dueSoon: 1 } },
      { unit: { code: "320200" }, openCounts: { open: 4, overdue: 2, dueSoon: 0 } },
      { unit: { code: "320300" }, openCounts: { open: 0, overdue: 0, dueSoon: 0 } },
    ],
    trend: [
      { month: "2026-01", figures: { received: 10, closed: 4, closedInTime: 3 } },
      { month: "2026-02", figures: { received: 20, closed: 6, closedInTime: 6 } },
    ],
    ranking: [
      { rank: 1, value: 0.95, unit: { code: "320100", name: "南京市" } },
      { rank: 2, value: 0.5, unit: { code: "320200", name: "无锡市" } },
      { rank: 3, value: null, unit: { code: "320300", name: "徐州市" } },
    ],
    legalTypes: [{ value: "accusation", figures: { received: 12 } }],
    channels: [],
    topics: [],
    hotTopics: [],
    accusedUnits: [],
  } as OverviewData;
}

describe("the dashboard's treemap", () => {
  it("sizes children by received, colours them by on-time rate and marks overdue ones", () => {
    const items = treemapItems(overview());

    expect(items.map((i) => [i.code, i.value, i.itemStyle.color, i.overdue])).toEqual([
      ["320200", 15, RATE_COLORS.poor, 2],
      ["320100", 10, RATE_COLORS.good, 0],
      ["320300", 5, RATE_COLORS.none, 0],
    ]);
    expect(items[0].itemStyle.borderWidth).toBeGreaterThan(items[1].itemStyle.borderWidth);
  });

  it("draws at most the given number of children, the largest", () => {
    expect(treemapItems(overview(), 2).map((i) => i.code)).toEqual(["320200", "320100"]);
  });
});

describe("the dashboard's charts", () => {
  it("plots the API's monthly figures as they are", () => {
    const option = trendOption(overview());

    expect(option.xAxis.data).toEqual(["2026-01", "2026-02"]);
    expect(option.series.map((s) => s.data)).toEqual([
      [10, 20],
      [4, 6],
      [3, 6],
    ]);
  });

  it("labels split values with the API's enum labels", () => {
    const labels = new Map([["LegalType", [{ value: "ACCUSATION", label: "检举控告" }]]]);
    const option = splitOption(overview().legalTypes, enumLabeller(labels, "LegalType"));

    expect(option.series[0].data).toEqual([{ name: "检举控告", value: 12 }]);
  });

  it("shows rates in percent and leaves a missing rate empty", () => {
    const data = overview();
    const option = childRatesOption(treemapItems(data), data);

    expect(option.xAxis.data).toEqual(["无锡市", "南京市", "徐州市"]);
    expect(option.series[0].data).toEqual([50, 95, null]);
    expect(option.series[1].data).toEqual([null, 90, null]);
  });

  it("has rates to draw only once a child has a closed or rated case", () => {
    const data = overview();
    expect(hasChildRates(treemapItems(data), data)).toBe(true);

    const none = {
      ...data,
      children: data.children.map((c) => ({ ...c, figures: figures(c.figures.received, null) })),
    };
    expect(hasChildRates(treemapItems(none), none)).toBe(false);
  });

  it("keeps the API's ranking order and leaves out units without a value", () => {
    const option = rankingOption(overview());

    expect(option.yAxis.data).toEqual(["1. 南京市", "2. 无锡市"]);
    expect(option.series[0].data).toEqual([95, 50]);
  });
});
