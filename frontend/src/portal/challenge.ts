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

// Digests asked for at once: one await per batch instead of one per number
// keeps the search a second or two on a phone or a busy machine.
const BATCH = 512;

function bytesOf(hexText: string): Uint8Array {
  const bytes = new Uint8Array(hexText.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hexText.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

function sameBytes(buffer: ArrayBuffer, wanted: Uint8Array): boolean {
  const bytes = new Uint8Array(buffer);
  if (bytes.length !== wanted.length) return false;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== wanted[i]) return false;
  return true;
}

/** The base64 payload for `fields`, or null when no number up to maxNumber fits. */
export async function solveChallenge(fields: ChallengeFields): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error("当前浏览器不支持人机验证，请使用HTTPS访问或更换浏览器");
  const encoder = new TextEncoder();
  const wanted = bytesOf(fields.challenge.toLowerCase());
  for (let first = 0; first <= fields.maxNumber; first += BATCH) {
    const last = Math.min(first + BATCH - 1, fields.maxNumber);
    const numbers = Array.from({ length: last - first + 1 }, (_, i) => first + i);
    const digests = await Promise.all(
      numbers.map((number) => subtle.digest("SHA-256", encoder.encode(`${fields.salt}${number}`))),
    );
    const found = digests.findIndex((digest) => sameBytes(digest, wanted));
    if (found >= 0) {
      const payload = {
        algorithm: fields.algorithm,
        challenge: fields.challenge,
        number: numbers[found],
        salt: fields.salt,
        signature: fields.signature,
      };
      return btoa(JSON.stringify(payload));
    }
  }
  return null;
}
