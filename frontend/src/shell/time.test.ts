import { describe, expect, it } from "vitest";

import { chinaDateTime } from "./time";

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
