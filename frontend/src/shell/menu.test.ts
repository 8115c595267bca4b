import { expect, test } from "vitest";

import { homeFor, menuFor, workReplacementFor } from "./menu";

test("a registrar's permissions show the petition pages", () => {
  const registrar = [
    "PETITION_REGISTER",
    "PETITION_DECIDE",
    "PETITION_ROUTE",
    "PETITION_VIEW",
    "PETITION_VIEW_IDENTITY",
    "CROSS_LEVEL_FLOW",
    "REPORT_SUBMIT",
  ];
  expect(menuFor(registrar).map((item) => item.label)).toEqual([
    "工作台",
    "信访件",
    "登记",
    "上级转交办",
    "本级下发",
    "领导接访日",
    "隐患与情况报告",
    "收到的督办",
    "报告报送",
    "站内通知",
  ]);
});

test("a handler sees the petitions but cannot register", () => {
  const handler = ["PETITION_HANDLE", "PETITION_VIEW", "PETITION_VIEW_IDENTITY"];
  expect(menuFor(handler).map((item) => item.path)).toEqual([
    "/work",
    "/petitions",
    "/reception-days",
    "/inbox",
  ]);
});

test("a unit administrator sees the workbench, administration and the inbox", () => {
  expect(menuFor(["UNIT_MANAGE", "USER_MANAGE", "DEPARTMENT_MANAGE"]).map((i) => i.name)).toEqual([
    "work",
    "admin",
    "inbox",
  ]);
});

test("a township liaison's home is first in the menu under its own name", () => {
  const liaison = ["PETITION_REGISTER", "PETITION_VIEW", "REPORT_SUBMIT", "CROSS_LEVEL_FLOW"];
  const labels = menuFor(liaison, ["LIAISON"]).map((item) => item.label);
  expect(labels.slice(0, 2)).toEqual(["联络员工作台", "工作台"]);
  expect(labels).not.toContain("隐患与情况报告");
  // a county registrar with the same permissions keeps the section's name
  expect(menuFor(liaison, ["REGISTRAR"]).map((item) => item.label)).toContain("隐患与情况报告");
});

test("an auditor's only page, the audit log, is its home and replaces the empty workbench", () => {
  expect(menuFor(["AUDIT_VIEW"], ["AUDITOR"]).map((item) => item.label)).toEqual(["审计记录", "站内通知"]);
  expect(homeFor(["AUDIT_VIEW"], ["AUDITOR"])).toBe("audit");
  expect(workReplacementFor(["AUDIT_VIEW"], ["AUDITOR"])).toBe("audit");
  // someone who also holds another role keeps the workbench as home
  const both = ["AUDIT_VIEW", "PETITION_HANDLE", "PETITION_VIEW"];
  expect(homeFor(both, ["AUDITOR", "HANDLER"])).toBeNull();
  expect(workReplacementFor(both, ["AUDITOR", "HANDLER"])).toBeNull();
  expect(menuFor(both, ["AUDITOR", "HANDLER"]).map((item) => item.name)).toEqual([
    "work",
    "petitions",
    "receptionDays",
    "audit",
    "inbox",
  ]);
  // and nobody without the permission sees the log
  expect(menuFor(["PETITION_VIEW"], ["AUDITOR"]).map((item) => item.name)).not.toContain("audit");
  expect(homeFor(["PETITION_REGISTER"], ["LIAISON"])).toBe("liaison");
  expect(homeFor(["PETITION_REGISTER"], ["REGISTRAR"])).toBeNull();
  // a liaison's own home keeps the workbench beside it
  expect(workReplacementFor(["PETITION_REGISTER"], ["LIAISON"])).toBeNull();
});

test("a unit without an upper unit is offered nothing that only comes from above", () => {
  const leader = ["CROSS_LEVEL_FLOW", "REPORT_SUBMIT", "SUPERVISION_ISSUE", "PETITION_VIEW"];
  const city = menuFor(leader, ["LEADER"]).map((item) => item.label);
  expect(city).toContain("上级转交办");
  expect(city).toContain("收到的督办");
  const province = menuFor(leader, ["LEADER"], { hasUpperUnit: false }).map((item) => item.label);
  expect(province).not.toContain("上级转交办");
  expect(province).not.toContain("收到的督办");
  // what the province sends down stays
  expect(province).toContain("本级下发");
  expect(province).toContain("签发的督办");
});
