import { describe, expect, it } from "vitest";

import { dueClock, objectionClock, stateTag } from "./clock";

const base = { state: "ACTIVE" as const, objectionOpen: true, objectionDueOn: "2026-12-10" };

describe("objectionClock", () => {
  it("words the server's working days left", () => {
    expect(objectionClock({ ...base, objectionDaysLeft: 5 })).toEqual({
      text: "剩 5 个工作日（至 2026-12-10）",
      tone: "normal",
    });
    expect(objectionClock({ ...base, objectionDaysLeft: 1 }).tone).toBe("warning");
  });

  it("says the last day is today", () => {
    expect(objectionClock({ ...base, objectionDaysLeft: 0 })).toEqual({
      text: "今日届满（2026-12-10）",
      tone: "danger",
    });
  });

  it("shows a closed window as past, and nothing once the link moved on", () => {
    expect(objectionClock({ ...base, objectionOpen: false, objectionDaysLeft: null })).toEqual({
      text: "已届满（2026-12-10）",
      tone: "muted",
    });
    expect(objectionClock({ ...base, state: "OBJECTED", objectionOpen: false }).text).toBe("异议待决");
    expect(objectionClock({ ...base, state: "ACCEPTED", objectionOpen: false }).text).toBe("—");
  });
});

describe("dueClock", () => {
  it("counts down, warns in the last week and flags overdue", () => {
    expect(dueClock({ dueOn: "2027-03-03", dueDaysLeft: 90 })).toEqual({
      text: "2027-03-03（还剩 90 天）",
      tone: "normal",
    });
    expect(dueClock({ dueOn: "2027-03-03", dueDaysLeft: 7 }).tone).toBe("warning");
    expect(dueClock({ dueOn: "2027-03-03", dueDaysLeft: 0 }).text).toBe("2027-03-03（今日到期）");
    expect(dueClock({ dueOn: "2027-03-03", dueDaysLeft: -2 })).toEqual({
      text: "2027-03-03（已逾期 2 天）",
      tone: "danger",
    });
  });

  it("shows only the date once the link is over, and a dash without one", () => {
    expect(dueClock({ dueOn: "2027-03-03", dueDaysLeft: null })).toEqual({ text: "2027-03-03", tone: "muted" });
    expect(dueClock({ dueOn: null })).toEqual({ text: "—", tone: "muted" });
  });
});

describe("stateTag", () => {
  it("gives every state a tag type", () => {
    expect(stateTag("REPORTED")).toBe("warning");
    expect(stateTag("ACCEPTED")).toBe("success");
    expect(stateTag("WITHDRAWN")).toBe("info");
  });
});
