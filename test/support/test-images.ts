/**
 * Small real images for channel and conversation tests. Every stored image is decoded and
 * re-encoded (metadata stripping), so a test picture must be one libvips can read, not just the
 * right magic bytes. Made with sharp when the test module loads; nothing is read from disk.
 */
import sharp from "sharp";
import { stripImageMetadata } from "../../src/attachments/strip-image-metadata.ts";

const solid = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } });

/** A 2×2 PNG. */
export const PNG = new Uint8Array(await solid(2, 2).png().toBuffer());

/** A 2×2 JPEG. */
export const JPEG = new Uint8Array(await solid(2, 2).jpeg().toBuffer());

/**
 * A 2×2 PNG in a colour chosen by `n`, already in the form the store keeps (re-encoded without
 * metadata), so its sha256 is the stored file's: distinct `n`, distinct images and hashes.
 */
export async function storedPng(n: number): Promise<Uint8Array> {
  const original = new Uint8Array(await sharp({ create: { width: 2, height: 2, channels: 3, background: { r: n % 256, g: 90, b: 160 } } }).png().toBuffer());
  const stripped = await stripImageMetadata(original, "image/png");
  if (!stripped.ok) throw new Error("test image not readable");
  return stripped.bytes;
}
