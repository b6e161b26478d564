/**
 * Small real images for channel and conversation tests. Every stored image is decoded and
 * re-encoded (metadata stripping), so a test picture must be one libvips can read, not just the
 * right magic bytes. Made with sharp when the test module loads; nothing is read from disk.
 */
import sharp from "sharp";

const solid = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } });

/** A 2×2 PNG. */
export const PNG = new Uint8Array(await solid(2, 2).png().toBuffer());

/** A 2×2 JPEG. */
export const JPEG = new Uint8Array(await solid(2, 2).jpeg().toBuffer());
