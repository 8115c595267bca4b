import { describe, expect, it } from "vitest";

import { enumText, entryFields, KEY_LABELS, labelMap, targetText } from "./labels";

const labels = labelMap([
  { name: "Role", values: [{ value: "AUDITOR", label: "审计员" }, { value: "DEPARTMENT_HEAD", label: "科室负责人" }] },
  {
    name: "Permission",
    values: [
      { value: "CROSS_LEVEL_FLOW", label: "转办、交办、上报" },
      { value: "UNIT_MANAGE", label: "管理下级单位" },
    ],
  },
  { name: "UnitLevel", values: [{ value: "TOWNSHIP", label: "乡镇（街道）" }] },
  { name: "AuditAction", values: [{ value: "LOGIN_FAILED", label: "登录失败" }] },
]);

describe("enumText", () => {
  it("names the server's stored codes by the API's enum labels", () => {
    expect(enumText(labels, "Role", "auditor")).toBe("审计员");
    expect(enumText(labels, "Role", "department_head")).toBe("科室负责人");
    expect(enumText(labels, "Permission", "crosslevel.flow")).toBe("转办、交办、上报");
    expect(enumText(labels, "Permission", "unit.manage")).toBe("管理下级单位");
    expect(enumText(labels, "AuditAction", "LOGIN_FAILED")).toBe("登录失败");
  });

  it("keeps a code it cannot name rather than hiding it", () => {
    expect(enumText(labels, "Role", "janitor")).toBe("janitor");
    expect(enumText(labels, "Nothing", "x")).toBe("x");
  });
});

describe("entryFields", () => {
  it("shows a failed login's details in words", () => {
    expect(entryFields('{"reason": "invalid_credentials", "user": 12}', labels)).toEqual([
      { key: "reason", label: "原因", value: "用户名或密码错误" },
      { key: "user", label: "用户编号", value: "12" },
    ]);
  });

  it("shows a refusal's missing permissions and a role change by their labels", () => {
    const refusal = entryFields('{"operation": "UnitRename", "missing": ["unit.manage"]}', labels);
    expect(refusal.map((f) => [f.label, f.value])).toEqual([
      ["操作", "UnitRename"],
      ["缺少的权限", "管理下级单位"],
    ]);
    expect(entryFields('{"roles": ["auditor", "department_head"]}', labels)[0].value).toBe(
      "审计员、科室负责人",
    );
    expect(entryFields('{"roles": []}', labels)[0].value).toBe("无");
  });

  it("names the identity fields that were shown, never needing their values", () => {
    const read = entryFields(
      '{"petition": "p-1", "fields": ["citizenId", "name", "phone"], "via": "graphql"}',
      labels,
    );
    expect(read.map((f) => f.value)).toEqual(["p-1", "身份证号码、姓名、联系电话", "查看信访件"]);
    expect(entryFields('{"field": "notice", "via": "notice:acceptance"}', labels)).toEqual([
      { key: "field", label: "显示的字段", value: "告知书（含身份信息）" },
      { key: "via", label: "途径", value: "打印告知书" },
    ]);
  });

  it("names a petition by the tracking number the server found, else marks its id as internal", () => {
    const details = '{"petition": "443f5e7b-b44e-4486-9555-7eb0864ac997", "petitioner": "a786"}';
    expect(entryFields(details, labels, { trackingNumber: "320102-2026-00012" })).toEqual([
      { key: "petition", label: "信访件编号", value: "320102-2026-00012" },
      { key: "petitioner", label: "信访人内部标识", value: "a786" },
    ]);
    expect(entryFields(details, labels, { trackingNumber: null })[0]).toEqual({
      key: "petition",
      label: "信访件内部标识",
      value: "443f5e7b-b44e-4486-9555-7eb0864ac997",
    });
  });

  it("names a refused operation by the server's Chinese label", () => {
    const refusal = entryFields('{"operation": "UnitRename", "missing": []}', labels, {
      operationLabel: "修改单位名称",
    });
    expect(refusal[0]).toEqual({ key: "operation", label: "拒绝的操作", value: "修改单位名称" });
  });

  it("names a report, an order reply and a user by what the server found, else keeps the id", () => {
    expect(entryFields('{"result_report": 12, "attachment": "a1"}', labels, { targetLabel: "320102-2026-00012 报结材料" })[0]).toEqual({
      key: "result_report",
      label: "报结材料",
      value: "320102-2026-00012 报结材料",
    });
    expect(entryFields('{"supervision_order_reply": 3}', labels, { targetLabel: "DB320100-1 回复附件" })).toEqual([
      { key: "supervision_order_reply", label: "督办单回复附件", value: "DB320100-1 回复附件" },
    ]);
    expect(entryFields('{"reason": "invalid_credentials", "user": 12}', labels, { targetLabel: "u1（王登记）" })[1]).toEqual({
      key: "user",
      label: "账号",
      value: "u1（王登记）",
    });
    expect(entryFields('{"user": 12}', labels, { targetLabel: null })[0].label).toBe("用户编号");
  });

  it("shows an export's filter with the actions by their labels", () => {
    const exported = entryFields(
      '{"file": "audit.xlsx", "rows": 2, "filters": {"actions": ["LOGIN_FAILED"], "include_subunits": true}}',
      labels,
    );
    expect(exported.map((f) => [f.label, f.value])).toEqual([
      ["文件", "audit.xlsx"],
      ["导出条数", "2"],
      ["导出条件", "操作类型：登录失败；含下级单位：是"],
    ]);
  });

  it("shows states, levels and missing values in words", () => {
    expect(entryFields('{"is_active": false, "level": "township", "parent": null}', labels)).toEqual([
      { key: "is_active", label: "状态", value: "停用" },
      { key: "level", label: "层级", value: "乡镇（街道）" },
      { key: "parent", label: "上级单位代码", value: "无" },
    ]);
  });

  it("answers nothing for an empty object and keeps unknown keys readable", () => {
    expect(entryFields("{}", labels)).toEqual([]);
    expect(entryFields(null, labels)).toEqual([]);
    expect(entryFields('{"extra": {"a": 1}}', labels)).toEqual([
      { key: "extra", label: "extra", value: "a：1" },
    ]);
  });

  it("labels every key the server's services store in Chinese", () => {
    for (const label of Object.values(KEY_LABELS)) expect(label).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe("targetText", () => {
  const petition = "443f5e7b-b44e-4486-9555-7eb0864ac997";
  const details = JSON.stringify({ petition });

  it("shows the tracking number or the refused operation instead of the stored target", () => {
    expect(targetText({ target: petition, details, trackingNumber: "320102-2026-00012" })).toBe(
      "320102-2026-00012",
    );
    expect(targetText({ target: "UnitRename", details: "{}", operationLabel: "修改单位名称" })).toBe(
      "修改单位名称",
    );
  });

  it("marks a petition's bare id as internal and keeps other targets", () => {
    expect(targetText({ target: petition, details, trackingNumber: null })).toBe(
      `信访件内部标识：${petition}`,
    );
    expect(targetText({ target: "county_a_registrar", details: '{"reason": "x"}' })).toBe(
      "county_a_registrar",
    );
    expect(targetText({ target: "report-3", details: null })).toBe("report-3");
  });

  it("shows a result report, order reply or user the server named instead of its id", () => {
    expect(targetText({ target: "result_report:12", details: "{}", targetLabel: "320102-2026-00012 报结材料" })).toBe(
      "320102-2026-00012 报结材料",
    );
    expect(targetText({ target: "result_report:12", details: "{}", targetLabel: null })).toBe("result_report:12");
  });
});
