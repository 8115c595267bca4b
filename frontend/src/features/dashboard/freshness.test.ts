import { describe, expect, it } from "vitest";

import { chinaDateTimeSeconds } from "@/shell/time";

import { freshnessNotice } from "./freshness";

const AS_OF = "2026-03-05T02:04:05.123+00:00"; // 10:04:05 in Beijing

describe("freshnessNotice", () => {
  it("says nothing without a replica or when the figures are current", () => {
    expect(freshnessNotice(null)).toBeNull();
    expect(
      freshnessNotice({ source: "PRIMARY", replicaConfigured: false, dataAsOf: AS_OF }),
    ).toBeNull();
    expect(
      freshnessNotice({
        source: "REPLICA",
        replicaConfigured: true,
        dataAsOf: AS_OF,
        replicaLagSeconds: 0,
      }),
    ).toBeNull();
    expect(
      freshnessNotice({
        source: "PRIMARY",
        replicaConfigured: true,
        fallback: "RECENT_WRITE",
        dataAsOf: AS_OF,
        replicaLagSeconds: null,
      }),
    ).toBeNull();
  });

  it("tells when figures from a lagging replica were current and how far behind", () => {
    expect(
      freshnessNotice({
        source: "REPLICA",
        replicaConfigured: true,
        dataAsOf: AS_OF,
        replicaLagSeconds: 12,
      }),
    ).toEqual({ text: "数据更新于 2026-03-05 10:04:05（延迟约 12 秒）", type: "info" });
  });

  it("says the primary was read when the replica lagged too far", () => {
    expect(
      freshnessNotice({
        source: "PRIMARY",
        replicaConfigured: true,
        fallback: "LAGGING",
        dataAsOf: AS_OF,
        replicaLagSeconds: 95,
      }),
    ).toEqual({
      text: "只读副本延迟约 95 秒，本页已改从主库读取，数据为最新",
      type: "warning",
    });
  });

  it("shows the time in Beijing time", () => {
    expect(chinaDateTimeSeconds("2026-12-31T16:00:00Z")).toBe("2027-01-01 00:00:00");
  });
});
