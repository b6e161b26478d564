import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Constant-time comparison of two secrets of any length: compares their SHA-256 digests, so
 * neither the content nor the length of `expected` leaks through timing. Used for webhook secret
 * headers and the council's bearer tokens. A missing `given` is never equal.
 */
export function secretsEqual(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}
