/**
 * Channels report file names and MIME types that senders control, so the type of an attachment is
 * decided from its first bytes only.
 */

const HEIC_BRANDS = new Set(["heic", "heix", "mif1", "msf1", "hevc"]);
// AVIF files also list the generic HEIF brands mif1/msf1; they are not HEIC and we do not accept them.
const AVIF_BRANDS = new Set(["avif", "avis"]);
const MAX_FTYP_BYTES = 4096;

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

function heifBrands(bytes: Uint8Array): string[] {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== "ftyp") return [];
  const boxSize = ((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0);
  // Size 0 ("to end of file") and 1 (64-bit size) do not occur for real ftyp boxes; a cap keeps a
  // corrupt size from making us scan a whole video.
  const size = boxSize >>> 0;
  const end = Math.min(size >= 16 ? size : 16, bytes.length, MAX_FTYP_BYTES);
  // Major brand at 8–11, minor version at 12–15, then compatible brands up to the end of the box.
  const brands = [ascii(bytes, 8, 12)];
  for (let at = 16; at + 4 <= end; at += 4) brands.push(ascii(bytes, at, at + 4));
  return brands;
}

/**
 * The MIME type of a file from its magic bytes: `image/jpeg`, `image/png`, `image/gif`,
 * `image/webp` (RIFF container with form type WEBP), `image/heic` (ISO-BMFF `ftyp` box whose major
 * or compatible brands include heic, heix, mif1, msf1 or hevc, and no AVIF brand) or
 * `application/pdf`; `null` for anything else, including empty or truncated input. Reads at most
 * the first box of the file; never throws.
 */
export function sniffMime(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (bytes.length >= 6 && (ascii(bytes, 0, 6) === "GIF87a" || ascii(bytes, 0, 6) === "GIF89a")) return "image/gif";
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") return "image/webp";
  if (bytes.length >= 5 && ascii(bytes, 0, 5) === "%PDF-") return "application/pdf";
  const brands = heifBrands(bytes);
  if (brands.some((b) => HEIC_BRANDS.has(b)) && !brands.some((b) => AVIF_BRANDS.has(b))) return "image/heic";
  return null;
}
