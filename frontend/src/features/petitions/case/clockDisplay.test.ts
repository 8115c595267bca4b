import { describe, expect, test } from "vitest";

import { clockView, headerDaysLeft, remainingText, type CaseClock } from "./clockDisplay";

function clock(overrides: Partial<CaseClock> = {}): CaseClock {
  return {
    code: "HANDLING",
    name: "办理期限",
    basis: "《信访工作条例》第三十四条",
    start: "2026-09-20",
    nominalEnd: "2026-11-19",
    end: "2026-11-19",
    warnOn: "2026-11-07",
    explanation: "办理期限：自2026年9月20日起算60个自然日，期满日为2026年11月19日。",
    state: "RUNNING",
    stateLabel: "正常",
    daysRemaining: 12,
    isUnitDeadline: true,
    isProvisional: false,
    ...overrides,
  };
}

describe("clock display", () => {
  test("states map to tag colours and keep the server's label", () => {
    expect(clockView(clock()).tagType).toBe("success");
    const warning = clockView(clock({ state: "WARNING", stateLabel: "临期预警" }));
    expect([warning.tagType, warning.stateLabel]).toEqual(["warning", "临期预警"]);
    const overdue = clockView(clock({ state: "OVERDUE", stateLabel: "已超期" }));
    expect([overdue.tagType, overdue.stateLabel]).toEqual(["danger", "已超期"]);
  });

  test("the petitioner's own window is neutral even when it runs out", () => {
    const window = clockView(
      clock({ code: "REVIEW_REQUEST", state: "OVERDUE", isUnitDeadline: false }),
    );
    expect([window.tagType, window.isPetitionerWindow]).toEqual(["info", true]);
  });

  test("days left read as words", () => {
    expect(remainingText(5)).toBe("剩余5天");
    expect(remainingText(0)).toBe("今日到期");
    expect(remainingText(-3)).toBe("已超期3天");
  });

  test("an end moved past a holiday names the day it would have been", () => {
    const moved = clockView(clock({ nominalEnd: "2026-10-03", end: "2026-10-09" }));
    expect(moved.movedFrom).toBe("2026-10-03");
    expect(clockView(clock()).movedFrom).toBe(null);
  });

  test("a provisional end is marked and explained", () => {
    const provisional = clockView(clock({ end: "2027-01-19", isProvisional: true }));
    expect(provisional.isProvisional).toBe(true);
    expect(provisional.provisionalNote).toBe(
      "暂定：该年度节假日安排尚未收录，暂按周末顺延，收录后重新计算",
    );
    expect(clockView(clock()).provisionalNote).toBe(null);
  });

  test("the header shows the unit's running deadline, marked if provisional", () => {
    const window = clock({ isUnitDeadline: false, daysRemaining: 20 });
    expect(headerDaysLeft([clock({ daysRemaining: 7 })])).toBe("剩余7天");
    expect(headerDaysLeft([clock({ daysRemaining: 7, isProvisional: true })])).toBe(
      "剩余7天（暂定）",
    );
    expect(headerDaysLeft([window])).toBe(null);
    expect(headerDaysLeft([])).toBe(null);
  });
});
