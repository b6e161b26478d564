/**
 * The shape of the single-use codes people copy between places: invitations (`INV-…`, from an
 * administrator) and identity links (`LK-…`, from the person's other channel). Both carry 13
 * symbols of Crockford base32 drawn from the crypto random source, 65 bits, so guessing one is
 * hopeless even before the failed-attempt limits (see `failed-attempts.ts`) apply. They are
 * written in groups of four for reading aloud, `INV-7F3K-9QAB-X2MD-4`, and only use characters
 * Telegram allows in a deep-link payload, so `t.me/<bot>?start=INV-7F3K-9QAB-X2MD-4` works.
 */
import { randomInt } from "node:crypto";

export type OneTimeCodePrefix = "INV" | "LK";

/** Crockford's base32: digits and capitals without I, L, O and U. */
export const CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** Symbols after the prefix: 13 × 5 = 65 bits. */
export const ONE_TIME_CODE_SYMBOLS = 13;
/** Bits of randomness in a code. */
export const ONE_TIME_CODE_BITS = ONE_TIME_CODE_SYMBOLS * Math.log2(CROCKFORD_ALPHABET.length);

/** A fresh code such as `LK-7F3K-9QAB-X2MD-4`; every symbol uniform from the crypto random source. */
export function generateOneTimeCode(prefix: OneTimeCodePrefix): string {
  let body = "";
  for (let i = 0; i < ONE_TIME_CODE_SYMBOLS; i++) body += CROCKFORD_ALPHABET[randomInt(CROCKFORD_ALPHABET.length)];
  return format(prefix, body);
}

/**
 * Stores a fresh code with `insert` (which writes the row whose primary key is the code) and
 * returns it. A collision of 65-bit codes is astronomically rare: the primary key refuses it
 * (Prisma's P2002) and a new code is drawn, at most three times; other errors are thrown.
 */
export async function insertFreshCode(prefix: OneTimeCodePrefix, insert: (code: string) => Promise<unknown>): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const code = generateOneTimeCode(prefix);
    try {
      await insert(code);
      return code;
    } catch (err) {
      if (attempt >= 3 || (err as { code?: string }).code !== "P2002") throw err;
    }
  }
}

/**
 * Reads a code the way people type, paste or dictate it: any case, with or without spaces,
 * dashes, underscores or dots (also full-width, from phone keyboards), I or L for 1 and O for 0
 * (`inv 7f3k 9qab x2md 4`, `inv_7F3K9QABX2MD4` from a deep link). Returns the canonical
 * `INV-XXXX-XXXX-XXXX-X`, or null when the text is not a code with this prefix.
 */
export function normalizeOneTimeCode(prefix: OneTimeCodePrefix, text: string): string | null {
  const compact = compactCodeText(text);
  if (!compact.startsWith(prefix)) return null;
  const body = compact.slice(prefix.length).replace(/[IL]/g, "1").replace(/O/g, "0");
  if (body.length !== ONE_TIME_CODE_SYMBOLS) return null;
  for (const c of body) if (!CROCKFORD_ALPHABET.includes(c)) return null;
  return format(prefix, body);
}

/** The text upper-cased, in NFKC (full-width forms become ASCII), without separators. */
export function compactCodeText(text: string): string {
  return text
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\-_.\u2010-\u2015\u2212]+/gu, "");
}

function format(prefix: OneTimeCodePrefix, body: string): string {
  return `${prefix}-${body.match(/.{1,4}/g)!.join("-")}`;
}
