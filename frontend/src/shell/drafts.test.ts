import { expect, test } from "vitest";

import { draftClear, draftKey, draftLoad, draftSave, type DraftStorage } from "./drafts";

function memory(): DraftStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

test("a draft is kept per user and form until cleared", () => {
  const store = memory();
  const key = draftKey("county_a_registrar", "petition-register");

  draftSave(key, { title: "反映换届问题", petitioners: [{ name: "张三" }] }, store);

  expect(key).toBe("zugong.draft.county_a_registrar.petition-register");
  expect(draftLoad(key, store)).toEqual({ title: "反映换届问题", petitioners: [{ name: "张三" }] });
  expect(draftLoad(draftKey("county_b_registrar", "petition-register"), store)).toBe(null);
  draftClear(key, store);
  expect(draftLoad(key, store)).toBe(null);
  expect(store.items.size).toBe(0);
});

test("a damaged draft is dropped rather than breaking the form", () => {
  const store = memory();
  store.setItem("zugong.draft.u.f", "{not json");

  expect(draftLoad("zugong.draft.u.f", store)).toBe(null);
  expect(store.items.has("zugong.draft.u.f")).toBe(false);
});
