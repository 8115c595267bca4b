// What the dashboard says about how current its figures are (数据时效), from
// the API's dataFreshness: figures read from a lagging read replica carry
// "数据更新于 …（延迟约 N 秒）"; a fallback to the primary because the replica
// lagged too far is said too. Current figures need no notice.
import { chinaDateTimeSeconds } from "@/shell/time";

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

export function freshnessNotice(freshness: Freshness | null | undefined): FreshnessNotice | null {
  if (!freshness || !freshness.replicaConfigured) return null;
  const lag = freshness.replicaLagSeconds ?? 0;
  if (freshness.source === "REPLICA" && lag >= 1) {
    return { text: t.freshness.lagging(chinaDateTimeSeconds(freshness.dataAsOf), lag), type: "info" };
  }
  if (freshness.source === "PRIMARY" && freshness.fallback === "LAGGING") {
    return { text: t.freshness.fellBack(lag), type: "warning" };
  }
  return null;
}
