import { describe, expect, it } from "vitest";

import { dueMark } from "./due";

describe("dueMark", () => {
  it("marks an overdue deadline with the days past it", () => {
    expect(dueMark("OVERDUE", -12)).toEqual({ type: "danger", text: "超期12天" });
    expect(dueMark("OVERDUE", -1)).toEqual({ type: "danger", text: "超期1天" });
  });

  it("marks a deadline in its warning period with the days left", () => {
    expect(dueMark("WARNING", 3)).toEqual({ type: "warning", text: "剩3天" });
    expect(dueMark("WARNING", 0)).toEqual({ type: "warning", text: "今日到期" });
  });

  it("leaves a running deadline and a case without one unmarked", () => {
    expect(dueMark("RUNNING", 30)).toBeNull();
    expect(dueMark(null, null)).toBeNull();
  });
});
