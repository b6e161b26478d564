/**
 * Test photos made on the spot with sharp: a 40×20 JPEG whose EXIF says "rotate 90°" (orientation
 * 6, as a phone held upright writes), with GPS coordinates, a phone model and an XMP packet that
 * repeats the position, as phones and editors write them.
 */
import sharp from "sharp";

export const PHOTO_WIDTH = 40;
export const PHOTO_HEIGHT = 20;

const XMP = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="21,1.5N" exif:GPSLongitude="105,51.0E"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

/** A JPEG (or PNG/WebP) carrying orientation 6, EXIF GPS and XMP. */
export async function photoWithLocation(format: "jpeg" | "png" | "webp" = "jpeg"): Promise<Uint8Array> {
  const buffer = await sharp({ create: { width: PHOTO_WIDTH, height: PHOTO_HEIGHT, channels: 3, background: { r: 20, g: 120, b: 40 } } })
    .toFormat(format)
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: "TestPhone", Model: "Reporter 1" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "21/1 1/1 30/1", GPSLongitudeRef: "E", GPSLongitude: "105/1 51/1 0/1" },
    })
    .withXmp(XMP)
    .toBuffer();
  return new Uint8Array(buffer);
}

/** True when the bytes still carry any of the test photo's location or device details. */
export function mentionsLocation(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes).toString("latin1");
  return ["Exif\0\0", "TestPhone", "Reporter 1", "GPSLatitude", "xmpmeta"].some((needle) => text.includes(needle));
}
