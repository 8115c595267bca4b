import { expect, test } from "vitest";

import { emptyReceptionDay, receptionDayErrors } from "./receptionForm";

test("a reception day needs its date, leader and place, as the server", () => {
  expect(receptionDayErrors({ ...emptyReceptionDay(""), place: "  " })).toEqual({
    heldOn: "请选择接访日期",
    leaderId: "请选择接访领导",
    place: "请填写接访地点",
  });
});

test("a complete reception day has no error", () => {
  const draft = { ...emptyReceptionDay("2026-12-02"), leaderId: "7", place: "区委组织部接待室" };

  expect(receptionDayErrors(draft)).toEqual({});
});
