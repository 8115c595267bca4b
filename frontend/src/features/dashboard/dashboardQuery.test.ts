import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import {
  firstOverdueVariables,
  loadOverdue,
  loadOverview,
  overviewVariables,
  prefetchDashboard,
} from "./dashboardQuery";

/** The GraphQL requests sent, by operation name and variables. */
let sent: { operation: string; variables: Record<string, unknown> }[] = [];

function answer(operation: string, variables: Record<string, unknown>) {
  if (operation === "DashboardOverview") {
    return { overview: { unit: { code: variables.unitCode ?? "320000" } } };
  }
  return { overdueCases: { totalCount: 1, items: [{ unitCode: variables.unitCode }] } };
}

beforeEach(() => {
  sent = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init?: RequestInit) => {
      if (url === "/csrf/") return new Response(JSON.stringify({ csrfToken: "t" }));
      const body = JSON.parse(String(init?.body)) as {
        query: string;
        variables: Record<string, unknown>;
      };
      const operation = /query (\w+)/.exec(body.query)?.[1] ?? "";
      sent.push({ operation, variables: body.variables });
      return new Response(JSON.stringify({ data: answer(operation, body.variables) }));
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("the dashboard's queries sent ahead", () => {
  it("are sent at once, and the page takes them instead of asking again", async () => {
    prefetchDashboard("320100");
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    expect(sent.map((s) => s.operation).sort()).toEqual(["DashboardOverdue", "DashboardOverview"]);

    const figures = await loadOverview(overviewVariables("320100"));
    const list = await loadOverdue({ limit: 10, offset: 0, level: null, unitCode: "320100" });
    expect(figures.overview?.unit.code).toBe("320100");
    expect(list.overdueCases?.totalCount).toBe(1);
    expect(sent).toHaveLength(2);
  });

  it("are taken once: the next load asks the server", async () => {
    prefetchDashboard("");
    await loadOverview(overviewVariables(""));
    await loadOverview(overviewVariables(""));
    expect(sent.filter((s) => s.operation === "DashboardOverview")).toHaveLength(2);
  });

  it("are not taken for other variables", async () => {
    prefetchDashboard("");
    await loadOverdue({ ...firstOverdueVariables(""), level: "COUNTY" });
    await loadOverview(overviewVariables("", ["2026-03", "2026-04"]));
    const overdue = sent.filter((s) => s.operation === "DashboardOverdue");
    expect(overdue.map((s) => s.variables.level)).toEqual([null, "COUNTY"]);
    const overview = sent.filter((s) => s.operation === "DashboardOverview");
    expect(overview.map((s) => s.variables.fromMonth)).toContain("2026-03");
    expect(overview).toHaveLength(2);
  });

  it("are not taken once they are old", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    prefetchDashboard("");
    vi.setSystemTime(Date.now() + 60_000);
    await loadOverdue(firstOverdueVariables(""));
    expect(sent.filter((s) => s.operation === "DashboardOverdue")).toHaveLength(2);
  });
});
