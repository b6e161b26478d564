/**
 * Removes what a photo says besides its pixels before it is stored: EXIF (GPS position, time,
 * phone model), XMP and IPTC. A phone photo's GPS tags can show where the reporter was standing,
 * so every image is decoded and re-encoded by sharp (libvips) without `withMetadata`; the EXIF
 * orientation is applied to the pixels first (`rotate()`), so a portrait photo stays upright once
 * the tag is gone. PDFs are not images and are returned untouched.
 *
 * HEIC: sharp's prebuilt libvips reads HEIF only with the AV1 codec (AVIF); the HEVC-coded HEIC
 * that iPhones write cannot be decoded, so it cannot be cleaned and is refused (the person is
 * asked for a JPEG). An HEIC that does decode is converted to JPEG.
 *
 * Expected failures are values: `{ ok: false, reason }` for a file that cannot be decoded.
 */
import sharp from "sharp";

export type StripResult =
  | { ok: true; bytes: Uint8Array; mime: string }
  /** `heic`: an HEIC photo libvips cannot decode (HEVC); `unreadable`: a corrupt or truncated image. */
  | { ok: false; reason: "heic" | "unreadable" };

/**
 * Largest picture decoded, in pixels: a 10 MB PNG of one colour can declare hundreds of
 * megapixels and would take gigabytes to decode. 64 megapixels covers phone cameras' full-size
 * photos (usually 12 to 50) at about 200 MB of memory while decoding.
 */
export const MAX_INPUT_PIXELS = 64_000_000;

/** Quality of re-encoded JPEG and WebP photos: evidence for officers, so kept high. */
const QUALITY = 90;

/**
 * The image re-encoded without metadata, upright, in the same format (HEIC becomes JPEG); other
 * types unchanged. Only the first frame of an animated GIF or WebP is kept. Never throws for bad
 * input; an image over `maxPixels` ({@link MAX_INPUT_PIXELS} unless given) counts as unreadable
 * and is not decoded.
 */
export async function stripImageMetadata(bytes: Uint8Array, mime: string, opts: { maxPixels?: number } = {}): Promise<StripResult> {
  if (!mime.startsWith("image/")) return { ok: true, bytes, mime };
  try {
    const image = sharp(bytes, { failOn: "error", limitInputPixels: opts.maxPixels ?? MAX_INPUT_PIXELS }).rotate();
    const encoded =
      mime === "image/png"
        ? await image.png().toBuffer()
        : mime === "image/webp"
          ? await image.webp({ quality: QUALITY }).toBuffer()
          : mime === "image/gif"
            ? await image.gif().toBuffer()
            : await image.jpeg({ quality: QUALITY }).toBuffer();
    return { ok: true, bytes: new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength), mime: mime === "image/heic" ? "image/jpeg" : mime };
  } catch {
    return { ok: false, reason: mime === "image/heic" ? "heic" : "unreadable" };
  }
}
