import { describe, expect, test } from "vitest";

import {
  ACTION_FORMS,
  formErrors,
  formVariables,
  initialValues,
  visibleFields,
  type FormContext,
} from "./actionForms";

const APPEAL: FormContext = { legalType: "APPEAL", today: "2026-12-01" };
const ACCUSATION: FormContext = { legalType: "ACCUSATION", today: "2026-12-01" };

describe("action dialogs", () => {
  test("an appeal's conclusion is a 处理意见书 with every part required", () => {
    const form = ACTION_FORMS.CONCLUDE;
    expect(visibleFields(form, APPEAL).map((f) => f.name)).toEqual([
      "summary",
      "finding",
      "request",
      "facts",
      "reasons",
      "legalBasis",
      "decision",
    ]);
    const errors = formErrors(form, { summary: "已核查", legalBasis: " " }, APPEAL);
    expect(errors).toEqual({
      request: "处理意见书须写明信访请求",
      facts: "处理意见书须写明查明事实",
      reasons: "处理意见书须写明理由",
      legalBasis: "处理意见书须写明依据",
      decision: "处理意见书须作出支持、解释说明或不予支持的意见",
    });
  });

  test("an accusation's conclusion needs a finding and shows no opinion parts", () => {
    const form = ACTION_FORMS.CONCLUDE;
    expect(visibleFields(form, ACCUSATION).map((f) => f.name)).toEqual(["summary", "finding"]);
    expect(formErrors(form, { summary: "" }, ACCUSATION)).toEqual({
      summary: "请填写办理情况",
      finding: "检举控告类信访须作出属实、部分属实、不属实或查无实据的结论",
    });
  });

  test("an extension is 1 to 30 days, as the server says", () => {
    const form = ACTION_FORMS.EXTENSION_REQUEST;
    expect(initialValues(form, APPEAL)).toEqual({ days: 30, reason: null });
    expect(formErrors(form, { days: 31, reason: "需调查" }, APPEAL)).toEqual({
      days: "延长期限为1至30日",
    });
    expect(formErrors(form, { days: 0, reason: "" }, APPEAL)).toEqual({
      days: "延长期限为1至30日",
      reason: "请填写延期理由",
    });
    expect(formErrors(form, { days: 15, reason: "需调查" }, APPEAL)).toEqual({});
  });

  test("dates may not lie in the future", () => {
    const form = ACTION_FORMS.EXTENSION_APPROVE;
    expect(formErrors(form, { petitionerToldOn: "2026-12-02" }, APPEAL)).toEqual({
      petitionerToldOn: "告知信访人日期不能晚于今天",
    });
    expect(formErrors(form, { petitionerToldOn: "2026-12-01" }, APPEAL)).toEqual({});
  });

  test("variables carry the visible fields, trimmed, without blanks", () => {
    const form = ACTION_FORMS.CONCLUDE;
    const values = { summary: " 属实 ", finding: "TRUE", request: "不显示", decision: null };
    expect(formVariables(form, values, ACCUSATION, "p-1")).toEqual({
      petitionId: "p-1",
      summary: "属实",
      finding: "TRUE",
    });
    expect(formVariables(ACTION_FORMS.EXTENSION_REQUEST, { days: "20", reason: "x" }, APPEAL, "p-1")).toEqual({
      petitionId: "p-1",
      days: 20,
      reason: "x",
    });
  });

  test("the route dialog asks for a department and a handler", () => {
    expect(formErrors(ACTION_FORMS.ROUTE, {}, APPEAL)).toEqual({
      departmentId: "请选择承办科室",
      handlerId: "请选择承办人",
    });
  });
});
