import { describe, expect, it } from "vitest";

import { chinaDateTime, chinaDateTimeSeconds, chinaTimeRange, chinaTimeToIso } from "./time";

describe("chinaDateTime", () => {
  it("shows Beijing time whatever the offset the server or the browser uses", () => {
    expect(chinaDateTime("2026-12-02T17:01:05.123+00:00")).toBe("2026-12-03 01:01");
    expect(chinaDateTime("2026-12-03T09:05:00+08:00")).toBe("2026-12-03 09:05");
    expect(chinaDateTime("2026-12-31T23:59:59-05:00")).toBe("2027-01-01 12:59");
  });

  it("pads single digits and uses a 24-hour clock", () => {
    expect(chinaDateTime("2026-01-04T16:07:00Z")).toBe("2026-01-05 00:07");
  });
});

describe("chinaDateTimeSeconds", () => {
  it("shows Beijing time to the second", () => {
    expect(chinaDateTimeSeconds("2026-12-02T17:01:05.923+00:00")).toBe("2026-12-03 01:01:05");
    expect(chinaDateTimeSeconds("2026-12-03T09:05:07+08:00")).toBe("2026-12-03 09:05:07");
  });
});

describe("chinaTimeRange", () => {
  it("reads the picked times as Beijing time, whatever the browser's zone", () => {
    expect(chinaTimeToIso("2026-12-03 09:05:07")).toBe("2026-12-03T09:05:07+08:00");
    expect(chinaTimeToIso("2026-12-03")).toBeNull();
    expect(chinaTimeToIso("")).toBeNull();
  });

  it("includes the last picked second, across midnight and the year's end", () => {
    expect(chinaTimeRange("2026-12-01 00:00:00", "2026-12-03 12:00:00")).toEqual({
      since: "2026-12-01T00:00:00+08:00",
      until: "2026-12-03T12:00:01+08:00",
    });
    expect(chinaTimeRange("", "2026-12-31 23:59:59")).toEqual({
      since: null,
      until: "2027-01-01T00:00:00+08:00",
    });
    expect(chinaTimeRange("2026-12-01 08:00:00", "")).toEqual({
      since: "2026-12-01T08:00:00+08:00",
      until: null,
    });
  });
});
