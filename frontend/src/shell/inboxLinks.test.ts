import { describe, expect, test } from "vitest";

import { notificationPath } from "./inboxLinks";

describe("notificationPath", () => {
  test("a case or an order opens itself", () => {
    expect(notificationPath({ kind: "OVERDUE_REMINDER", subjectType: "petition", subjectId: "p-1" })).toBe(
      "/petitions/p-1",
    );
    expect(
      notificationPath({ kind: "SUPERVISION_ORDER", subjectType: "supervision_order", subjectId: "7" }),
    ).toBe("/orders/7");
  });

  test("a transfer or assignment received opens 上级转交办, a result report 本级下发", () => {
    expect(notificationPath({ kind: "CASE_RECEIVED", subjectType: "case_link", subjectId: "3" })).toBe("/received");
    expect(notificationPath({ kind: "REPORT_RETURNED", subjectType: "case_link", subjectId: "3" })).toBe("/received");
    expect(notificationPath({ kind: "RESULT_REPORT", subjectType: "result_report", subjectId: "4" })).toBe("/issued");
  });

  test("a written report's reminder opens 报告报送", () => {
    expect(
      notificationPath({ kind: "WRITTEN_REPORT_RETURNED", subjectType: "report_requirement", subjectId: "2" }),
    ).toBe("/reporting");
  });

  test("an objection, which goes both ways, links nowhere", () => {
    expect(notificationPath({ kind: "OBJECTION", subjectType: "case_link", subjectId: "3" })).toBeNull();
  });
});
