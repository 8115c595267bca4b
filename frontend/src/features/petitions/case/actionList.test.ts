import { describe, expect, test } from "vitest";

import { actionButtons, mayUpload, type AllowedAction } from "./actionList";

function allowed(...actions: AllowedAction["action"][]): AllowedAction[] {
  return actions.map((action) => ({ action, label: `标签${action}` }));
}

describe("action list", () => {
  test("a registrar on a registered case: decide, recuse; upload apart", () => {
    const list = allowed("ACCEPT", "DECLINE", "REFER", "RECUSE", "ATTACHMENT_ADD");
    expect(actionButtons(list).map((b) => [b.action, b.primary, b.danger])).toEqual([
      ["ACCEPT", true, false],
      ["DECLINE", false, true],
      ["REFER", false, false],
      ["RECUSE", false, false],
    ]);
    expect(mayUpload(list)).toBe(true);
  });

  test("a handler sees the handling steps in the order of the work", () => {
    const list = allowed(
      "EXTENSION_REQUEST",
      "CLOSURE_SUBMIT",
      "CONCLUDE",
      "HANDLING_RECORD_ADD",
      "ATTACHMENT_ADD",
    );
    expect(actionButtons(list).map((b) => b.action)).toEqual([
      "HANDLING_RECORD_ADD",
      "CONCLUDE",
      "CLOSURE_SUBMIT",
      "EXTENSION_REQUEST",
    ]);
  });

  test("a leader awaiting closure approves or returns; labels come from the server", () => {
    const buttons = actionButtons(
      allowed("INSTRUCT", "CLOSURE_RETURN", "CLOSURE_APPROVE", "ASSIGN_OWNER", "RECUSE"),
    );
    expect(buttons.map((b) => [b.action, b.label, b.primary, b.danger])).toEqual([
      ["CLOSURE_APPROVE", "标签CLOSURE_APPROVE", true, false],
      ["CLOSURE_RETURN", "标签CLOSURE_RETURN", false, true],
      ["INSTRUCT", "标签INSTRUCT", false, false],
      ["ASSIGN_OWNER", "标签ASSIGN_OWNER", false, false],
      ["RECUSE", "标签RECUSE", false, false],
    ]);
    expect(mayUpload([])).toBe(false);
  });

  test("nothing allowed, nothing shown", () => {
    expect(actionButtons([])).toEqual([]);
  });
});
