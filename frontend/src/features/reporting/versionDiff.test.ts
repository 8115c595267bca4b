import { describe, expect, it } from "vitest";

import { diffVersions } from "./versionDiff";

const v1 = [
  { key: "BASIC_SITUATION", label: "基本情况", text: "共收到信访件12件，办结10件。" },
  { key: "PROBLEMS", label: "存在问题", text: "答复说理不够充分。" },
];

describe("diffVersions", () => {
  it("marks what the resubmission added and removed inside a section", () => {
    const v2 = [
      { key: "BASIC_SITUATION", label: "基本情况", text: "共收到信访件12件，办结11件。" },
      { key: "PROBLEMS", label: "存在问题", text: "答复说理不够充分。" },
    ];
    const [basic, problems] = diffVersions(v1, v2);
    expect(basic.changed).toBe(true);
    expect(basic.parts.filter((p) => p.kind === "removed").map((p) => p.text)).toEqual(["0"]);
    expect(basic.parts.filter((p) => p.kind === "added").map((p) => p.text)).toEqual(["1"]);
    expect(basic.parts.filter((p) => p.kind !== "removed").map((p) => p.text).join("")).toBe(
      v2[0].text,
    );
    expect(problems.changed).toBe(false);
    expect(problems.parts).toEqual([{ text: "答复说理不够充分。", kind: "same" }]);
  });

  it("shows a section added in the new version and one dropped from it", () => {
    const v2 = [
      { key: "BASIC_SITUATION", label: "基本情况", text: "共收到信访件12件，办结10件。" },
      { key: "NEXT_STEPS", label: "下一步工作", text: "加强业务培训。" },
    ];
    const diffs = diffVersions(v1, v2);
    expect(diffs.map((d) => d.key)).toEqual(["BASIC_SITUATION", "NEXT_STEPS", "PROBLEMS"]);
    expect(diffs[1].parts).toEqual([{ text: "加强业务培训。", kind: "added" }]);
    expect(diffs[2].parts).toEqual([{ text: "答复说理不够充分。", kind: "removed" }]);
    expect(diffs[2].label).toBe("存在问题");
  });
});
