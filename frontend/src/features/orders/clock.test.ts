import { describe, expect, it } from "vitest";

import { escalationText, isEscalation, orderClock, stateTone } from "./clock";

const open = { state: "OPEN", isAnsweredLate: false };

describe("orderClock", () => {
  it("counts the days overdue in red", () => {
    expect(orderClock({ ...open, daysRemaining: -3, daysOverdue: 3 })).toEqual({
      text: "逾期 3 天",
      tone: "danger",
    });
  });

  it("says due today on the due date", () => {
    expect(orderClock({ ...open, daysRemaining: 0, daysOverdue: 0 })).toEqual({
      text: "今日到期",
      tone: "warning",
    });
  });

  it("turns amber within three days and stays neutral before", () => {
    expect(orderClock({ ...open, daysRemaining: 3, daysOverdue: -3 }).tone).toBe("warning");
    expect(orderClock({ ...open, daysRemaining: 4, daysOverdue: -4 })).toEqual({
      text: "剩余 4 天",
      tone: "info",
    });
  });

  it("stops once answered and says whether on time", () => {
    const answered = { state: "ANSWERED", daysRemaining: null, daysOverdue: null };
    expect(orderClock({ ...answered, isAnsweredLate: false })).toEqual({
      text: "按期回复办结",
      tone: "success",
    });
    expect(orderClock({ ...answered, isAnsweredLate: true })).toEqual({
      text: "逾期回复办结",
      tone: "warning",
    });
  });
});

describe("stateTone", () => {
  it("maps open, overdue and answered", () => {
    expect(stateTone({ state: "OPEN", isOverdue: false })).toBe("warning");
    expect(stateTone({ state: "OPEN", isOverdue: true })).toBe("danger");
    expect(stateTone({ state: "ANSWERED", isOverdue: false })).toBe("success");
  });
});

describe("escalation", () => {
  it("names the stage reached", () => {
    expect([0, 1, 2].map(escalationText)).toEqual(["无", "已逾期催办", "已逾期通报"]);
  });

  it("marks the scan's steps in the history", () => {
    expect(["ISSUED", "REMINDED", "BULLETINED", "REPLIED"].map(isEscalation)).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });
});
