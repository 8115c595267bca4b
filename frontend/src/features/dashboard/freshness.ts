// What the dashboard says about how current its figures are (数据时效), from
// the API's dataFreshness: figures read from a lagging read replica carry
// "数据更新于 …（延迟约 N 秒）"; a fallback to the primary because the replica
// lagged too far is said too. Current figures need no notice.
import { messages as t } from "./messages";

export interface Freshness {
  source: string;
  replicaConfigured: boolean;
  fallback?: string | null;
  dataAsOf: string;
  replicaLagSeconds?: number | null;
}

export interface FreshnessNotice {
  text: string;
  type: "info" | "warning";
}

const CLOCK = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
});

export function asOfText(iso: string): string {
  const parts = Object.fromEntries(CLOCK.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

export function freshnessNotice(freshness: Freshness | null | undefined): FreshnessNotice | null {
  if (!freshness || !freshness.replicaConfigured) return null;
  const lag = freshness.replicaLagSeconds ?? 0;
  if (freshness.source === "REPLICA" && lag >= 1) {
    return { text: t.freshness.lagging(asOfText(freshness.dataAsOf), lag), type: "info" };
  }
  if (freshness.source === "PRIMARY" && freshness.fallback === "LAGGING") {
    return { text: t.freshness.fellBack(lag), type: "warning" };
  }
  return null;
}
