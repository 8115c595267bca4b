// The abuse check (人机验证): find the number whose SHA-256(salt + number)
// is the server's challenge, with the browser's own Web Crypto; no outside
// service. The payload is what the server's altcha library verifies.

export type ChallengeFields = {
  algorithm: string;
  challenge: string;
  maxNumber: number;
  salt: string;
  signature: string;
};

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The base64 payload for `fields`, or null when no number up to maxNumber fits. */
export async function solveChallenge(fields: ChallengeFields): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error("当前浏览器不支持人机验证，请使用HTTPS访问或更换浏览器");
  const encoder = new TextEncoder();
  for (let number = 0; number <= fields.maxNumber; number++) {
    const digest = await subtle.digest("SHA-256", encoder.encode(`${fields.salt}${number}`));
    if (hex(digest) === fields.challenge) {
      const payload = {
        algorithm: fields.algorithm,
        challenge: fields.challenge,
        number,
        salt: fields.salt,
        signature: fields.signature,
      };
      return btoa(JSON.stringify(payload));
    }
  }
  return null;
}
