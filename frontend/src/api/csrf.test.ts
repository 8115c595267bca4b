import { afterEach, describe, expect, it, vi } from "vitest";

import { csrfToken } from "./csrf";

function serving(...answers: (string | Error)[]) {
  const fetchMock = vi.fn(async () => {
    const answer = answers.shift();
    if (answer instanceof Error || answer === undefined) throw answer ?? new Error("no answer");
    return new Response(JSON.stringify({ csrfToken: answer }));
  });
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

afterEach(() => vi.unstubAllGlobals());

describe("the CSRF token", () => {
  it("is asked for once when calls start together", async () => {
    const fetchMock = serving("t1", "t2");
    const token = csrfToken();
    expect(await Promise.all([token.get(), token.get(), token.get()])).toEqual(["t1", "t1", "t1"]);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it("starts from the page's own token, and asks /csrf/ once forgotten", async () => {
    const fetchMock = serving("fresh");
    const token = csrfToken(Promise.resolve("embedded"));
    expect(await token.get()).toBe("embedded");
    expect(fetchMock).not.toHaveBeenCalled();
    token.forget();
    expect(await token.get()).toBe("fresh");
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it("is asked for again after a failed request", async () => {
    const fetchMock = serving(new Error("offline"), "t2");
    const token = csrfToken();
    await expect(token.get()).rejects.toThrow("offline");
    expect(await token.get()).toBe("t2");
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });
});
