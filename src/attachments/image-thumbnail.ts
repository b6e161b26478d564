/**
 * A small JPEG of a stored photo, for lists of evidence shown on a phone: the console shows
 * thumbnails first and the full photo on request, so a dossier with ten photos does not cost a
 * secretary's mobile data the full size of all ten. Stored photos were already stripped of their
 * metadata (strip-image-metadata.ts); the thumbnail keeps none either.
 */
import sharp from "sharp";
import { MAX_INPUT_PIXELS } from "./strip-image-metadata.ts";

/** The longer side of a thumbnail, in pixels: sharp on a 2× screen at 160 CSS pixels. */
export const THUMBNAIL_SIZE = 320;

/** The thumbnail's JPEG bytes, or null when the bytes are not a readable image. */
export async function imageThumbnail(bytes: Uint8Array): Promise<Uint8Array | null> {
  try {
    const out = await sharp(bytes, { failOn: "error", limitInputPixels: MAX_INPUT_PIXELS })
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: "inside", withoutEnlargement: true })
      .jpeg({ quality: 80 })
      .toBuffer();
    return new Uint8Array(out);
  } catch {
    return null;
  }
}
