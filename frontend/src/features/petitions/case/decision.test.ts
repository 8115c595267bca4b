import { describe, expect, test } from "vitest";

import { decisionText } from "./decision";

describe("decisionText", () => {
  test("an accepted case says 受理, however far it has gone", () => {
    for (const status of ["ACCEPTED", "HANDLING", "CLOSED", "ARCHIVED"] as const) {
      expect(decisionText({ status, acceptedOn: "2026-01-14", referTo: "" })).toBe("受理");
    }
  });

  test("a case awaiting the decision has none yet", () => {
    expect(decisionText({ status: "REGISTERED", acceptedOn: null, referTo: "" })).toBe("无");
  });

  test("a declined case names the ground, a referred one the body", () => {
    expect(
      decisionText({ status: "DECLINED", declineGroundLabel: "已经复核终结", referTo: "" }),
    ).toBe("不予受理：已经复核终结");
    expect(
      decisionText({
        status: "REFERRED",
        referTargetLabel: "告知向有权机关提出",
        referTo: "区人民法院",
      }),
    ).toBe("告知向有权机关提出（区人民法院）");
  });

  test("a case sent elsewhere before any decision has none", () => {
    expect(decisionText({ status: "TRANSFERRED", acceptedOn: null, referTo: "" })).toBe("无");
  });
});
