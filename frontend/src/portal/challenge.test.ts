import { createHash } from "node:crypto";

import { describe, expect, it } from "vitest";

import { solveChallenge } from "./challenge";

function challengeFor(salt: string, number: number): string {
  return createHash("sha256").update(`${salt}${number}`).digest("hex");
}

describe("abuse check", () => {
  it("finds the number and builds the payload the server verifies", async () => {
    const salt = "0a1b2c?expires=1900000000&";
    const fields = { algorithm: "SHA-256", challenge: challengeFor(salt, 137), maxNumber: 500, salt, signature: "sig" };
    const payload = await solveChallenge(fields);
    expect(JSON.parse(atob(payload!))).toEqual({
      algorithm: "SHA-256",
      challenge: fields.challenge,
      number: 137,
      salt,
      signature: "sig",
    });
  });
  it("gives up past maxNumber", async () => {
    const salt = "ff&";
    const fields = { algorithm: "SHA-256", challenge: challengeFor(salt, 90), maxNumber: 50, salt, signature: "s" };
    expect(await solveChallenge(fields)).toBeNull();
  });
  it("finds numbers in later batches, up to maxNumber itself", async () => {
    const salt = "9e&";
    for (const number of [511, 512, 1300, 2000]) {
      const fields = { algorithm: "SHA-256", challenge: challengeFor(salt, number), maxNumber: 2000, salt, signature: "s" };
      expect(JSON.parse(atob((await solveChallenge(fields))!)).number).toBe(number);
    }
  });
});
