import { describe, expect, it } from "vitest";

import { buildTree, labelMap } from "./labels";

describe("buildTree", () => {
  it("nests units under their parents and keeps the root", () => {
    const roots = buildTree([
      { code: "320102002", name: "梅园新村街道", parentCode: "320102" },
      { code: "320102", name: "玄武区", parentCode: "320100" },
      { code: "320102001", name: "玄武门街道", parentCode: "320102" },
    ]);
    expect(roots.map((r) => r.unit.code)).toEqual(["320102"]);
    expect(roots[0].children.map((c) => c.unit.code)).toEqual(["320102001", "320102002"]);
  });
});

describe("labelMap", () => {
  it("maps enum values to the API's labels", () => {
    const map = labelMap([{ name: "Role", values: [{ value: "LIAISON", label: "联络员" }] }]);
    expect(map.Role.LIAISON).toBe("联络员");
  });
});
