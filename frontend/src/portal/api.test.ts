import { describe, expect, it, vi } from "vitest";

import { requestBody, token } from "./api";

describe("the portal's CSRF token", () => {
  it("is asked for once when calls start together", async () => {
    let served = 0;
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ csrfToken: `t${++served}` })));
    vi.stubGlobal("fetch", fetchMock);
    try {
      const tokens = await Promise.all([token(), token(), token()]);
      expect(tokens).toEqual(["t1", "t1", "t1"]);
      expect(fetchMock).toHaveBeenCalledTimes(1);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe("the portal's request body", () => {
  it("is JSON without files", () => {
    expect(requestBody("query { a }", { x: 1 })).toBe('{"query":"query { a }","variables":{"x":1}}');
  });
  it("follows the multipart request spec with files", async () => {
    const photo = new File([new Uint8Array([0x89, 0x50])], "照片.png", { type: "image/png" });
    const letter = new File(["%PDF-"], "信.pdf", { type: "application/pdf" });
    const body = requestBody(
      "mutation",
      { input: { attachments: [null, null] } },
      [
        { path: "variables.input.attachments.0", file: photo },
        { path: "variables.input.attachments.1", file: letter },
      ],
    ) as FormData;
    expect(JSON.parse(body.get("operations") as string)).toEqual({
      query: "mutation",
      variables: { input: { attachments: [null, null] } },
    });
    expect(JSON.parse(body.get("map") as string)).toEqual({
      0: ["variables.input.attachments.0"],
      1: ["variables.input.attachments.1"],
    });
    expect((body.get("0") as File).name).toBe("照片.png");
    expect(await (body.get("1") as File).text()).toBe("%PDF-");
  });
});
