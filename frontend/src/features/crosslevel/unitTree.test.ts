import { describe, expect, it } from "vitest";

import { buildTree, defaultDueOn, filterTree, nodeTitle, reasonsWhenNoneAllowed, type Candidate } from "./unitTree";

const RECUSAL = "该信访件反映中共南京市玄武区委、南京市玄武区人民政府的主要负责人，不得转交中共南京市玄武区委组织部或其下级单位办理（回避）";
const LEVELS: Record<string, string> = { COUNTY: "县级", TOWNSHIP: "乡镇（街道）" };

function candidate(code: string, name: string, parentCode: string, allowed = true, reason = "", suggested = false): Candidate {
  const township = code.length > 6;
  return {
    allowed,
    reason,
    suggested,
    unit: { code, name, shortName: name, level: township ? "TOWNSHIP" : "COUNTY", depth: township ? 3 : 2, parentCode },
  };
}

// As the server answers a city's assignment of an accusation against the main
// leader of 玄武区: that county and its townships refused, the others allowed.
const CANDIDATES: Candidate[] = [
  candidate("320102", "中共南京市玄武区委组织部", "320100", false, RECUSAL),
  candidate("320102001", "玄武门街道党工委组织办", "320102", false, RECUSAL),
  candidate("320102002", "梅园新村街道党工委组织办", "320102", false, RECUSAL),
  candidate("320104", "中共南京市秦淮区委组织部", "320100"),
  candidate("320104001", "夫子庙街道党工委组织办", "320104", false, "只能转交直接下级单位；跨级转交须由被反映人的干部管理权限决定"),
  candidate("320105", "中共南京市建邺区委组织部", "320100", true, "", true),
];

describe("the unit-tree picker", () => {
  const tree = buildTree(CANDIDATES, (level) => LEVELS[level] ?? level);

  it("nests townships under their county, the suggested unit first, with levels", () => {
    expect(tree.map((node) => node.code)).toEqual(["320105", "320102", "320104"]);
    expect(tree[1].children.map((node) => node.code)).toEqual(["320102001", "320102002"]);
    expect(tree[1].levelLabel).toBe("县级");
    expect(tree[1].children[0].levelLabel).toBe("乡镇（街道）");
  });

  it("greys out exactly the units the server refused, with its reason on hover", () => {
    const county = tree[1];
    expect(county.disabled).toBe(true);
    expect(county.children.every((node) => node.disabled)).toBe(true);
    expect(nodeTitle(county, "建议")).toBe(RECUSAL);
    expect(nodeTitle(county.children[1], "建议")).toBe(RECUSAL);
    const qinhuai = tree[2];
    expect(qinhuai.disabled).toBe(false);
    expect(nodeTitle(qinhuai, "建议")).toBe("");
    expect(qinhuai.children[0].disabled).toBe(true);
    expect(qinhuai.children[0].reason).toMatch(/^只能转交直接下级单位/);
    expect(nodeTitle(tree[0], "按干部管理权限建议的承办单位")).toBe("按干部管理权限建议的承办单位");
  });

  it("keeps no reason on an allowed unit even if the server sent one", () => {
    const [node] = buildTree([candidate("320111", "浦口", "320100", true, "ignored")], () => "");
    expect(node.reason).toBe("");
  });

  it("searches by name or code and keeps the ancestors of a match", () => {
    const byName = filterTree(tree, "梅园");
    expect(byName.map((node) => node.code)).toEqual(["320102"]);
    expect(byName[0].children.map((node) => node.code)).toEqual(["320102002"]);
    expect(filterTree(tree, "320104").map((node) => node.code)).toEqual(["320104"]);
    expect(filterTree(tree, "没有这个单位")).toEqual([]);
    expect(filterTree(tree, "  ")).toHaveLength(3);
  });

  it("defaults an assignment's result date to three months later", () => {
    expect(defaultDueOn(new Date(2026, 11, 2))).toBe("2027-03-02");
    expect(defaultDueOn(new Date(2026, 10, 30))).toBe("2027-02-28");
  });
});

describe("reasonsWhenNoneAllowed", () => {
  it("gives each of the server's reasons once when every unit is refused", () => {
    const refused = CANDIDATES.map((c) => ({ ...c, allowed: false, reason: c.reason || RECUSAL }));
    expect(reasonsWhenNoneAllowed(refused)).toEqual([
      RECUSAL,
      "只能转交直接下级单位；跨级转交须由被反映人的干部管理权限决定",
    ]);
  });

  it("is null while any unit may be chosen, or when there is none", () => {
    expect(reasonsWhenNoneAllowed(CANDIDATES)).toBeNull();
    expect(reasonsWhenNoneAllowed([])).toBeNull();
  });
});
