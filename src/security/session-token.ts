/**
 * Bearer secrets a browser or a link carries (a session cookie, a one-time sign-in link): 256
 * random bits from the crypto source, base64url, and the SHA-256 under which the database keeps
 * them, so a copy of the database does not let anyone act as their holder.
 */
import { createHash, randomBytes } from "node:crypto";

/** Random bytes in a token: 256 bits, far beyond guessing. */
const TOKEN_BYTES = 32;
/** What a token looks like (base64url of {@link TOKEN_BYTES} bytes); anything else is unknown. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A fresh token. */
export function newSessionToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

/** True when `value` has a token's shape: worth a database lookup. */
export function isSessionToken(value: string | undefined): value is string {
  return value !== undefined && TOKEN_PATTERN.test(value);
}

/** The SHA-256 (hex) of a token: the only form in which the database holds it. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * What a stored session's last use means now: `expired` after `idleMs` unused; `touch` when its
 * lastSeenAt is due to be moved on (written at most every `touchMs`, not on every request, and the
 * cookie sent again so its expiry moves too); `fresh` otherwise.
 */
export function sessionUse(lastSeenAt: Date, now: Date, limits: { idleMs: number; touchMs: number }): "expired" | "touch" | "fresh" {
  const idle = now.getTime() - lastSeenAt.getTime();
  if (idle >= limits.idleMs) return "expired";
  return idle < limits.touchMs ? "fresh" : "touch";
}
