import { describe, expect, it } from "vitest";

import { replyFilesError } from "./replyFiles";

const MB = 1024 * 1024;
const pdf = { name: "方案.pdf", size: 2 * MB };

describe("a topic order's reply files", () => {
  it("passes five files within the limits", () => {
    expect(replyFilesError([])).toBeNull();
    expect(replyFilesError(Array(5).fill({ ...pdf, size: 5 * MB }))).toBeNull();
    expect(replyFilesError([{ ...pdf, size: 10 * MB }])).toBeNull();
  });
  it("refuses a sixth file, an empty one, one over 10MB and over 25MB together", () => {
    expect(replyFilesError(Array(6).fill(pdf))).toBe("附件不能超过5个");
    expect(replyFilesError([pdf, { ...pdf, size: 0 }])).toBe("“方案.pdf”：文件为空");
    expect(replyFilesError([{ ...pdf, size: 10 * MB + 1 }])).toBe("“方案.pdf”：文件不能超过10MB");
    expect(replyFilesError(Array(3).fill({ ...pdf, size: 9 * MB }))).toBe("附件合计不能超过25MB");
  });
});
