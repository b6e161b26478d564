import { readFile } from "node:fs/promises";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { sniffMime } from "../../src/attachments/sniff-mime.ts";
import { MAX_INPUT_PIXELS, stripImageMetadata } from "../../src/attachments/strip-image-metadata.ts";
import { mentionsLocation, photoWithLocation, PHOTO_HEIGHT, PHOTO_WIDTH } from "../support/photo-with-location.ts";

describe("stripImageMetadata", () => {
  it.each(["jpeg", "png", "webp"] as const)("re-encodes a %s without EXIF, GPS or XMP, turned upright by its orientation tag", async (format) => {
    const photo = await photoWithLocation(format);
    expect(mentionsLocation(photo)).toBe(true);
    const result = await stripImageMetadata(photo, `image/${format}`);
    if (!result.ok) throw new Error(`refused: ${result.reason}`);
    expect(result.mime).toBe(`image/${format}`);
    expect(sniffMime(result.bytes)).toBe(`image/${format}`);
    expect(mentionsLocation(result.bytes)).toBe(false);
    const meta = await sharp(result.bytes).metadata();
    expect(meta).toMatchObject({ width: PHOTO_HEIGHT, height: PHOTO_WIDTH });
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.iptc).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
  });

  it("stores a PDF byte for byte", async () => {
    const pdf = new TextEncoder().encode("%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n");
    expect(await stripImageMetadata(pdf, "application/pdf")).toEqual({ ok: true, bytes: pdf, mime: "application/pdf" });
  });

  it("refuses an iPhone HEIC (HEVC-coded), which sharp's libvips cannot decode", async () => {
    // Made once with libheif's heif-enc (x265) from a 40×20 PNG; sharp's prebuilt libheif has no HEVC decoder.
    const heic = new Uint8Array(await readFile(new URL("./fixtures/hevc-40x20.heic", import.meta.url)));
    expect(sniffMime(heic)).toBe("image/heic");
    expect(await stripImageMetadata(heic, "image/heic")).toEqual({ ok: false, reason: "heic" });
  });

  it("converts an HEIC that does decode (AV1-coded, HEIC brand) to a clean JPEG", async () => {
    const avif = await sharp({ create: { width: 16, height: 8, channels: 3, background: "red" } }).heif({ compression: "av1" }).withExif({ IFD0: { Make: "TestPhone" } }).toBuffer();
    const heic = new Uint8Array(avif);
    // Rename the AVIF brands of the ftyp box (major and compatible) to heic.
    const ftypEnd = heic[3]!;
    for (let at = 8; at + 4 <= ftypEnd; at += 4) if (Buffer.from(heic.subarray(at, at + 4)).toString("latin1") === "avif") heic.set(new TextEncoder().encode("heic"), at);
    expect(sniffMime(heic)).toBe("image/heic");
    const result = await stripImageMetadata(heic, "image/heic");
    if (!result.ok) throw new Error(`refused: ${result.reason}`);
    expect(result.mime).toBe("image/jpeg");
    expect(sniffMime(result.bytes)).toBe("image/jpeg");
    expect(mentionsLocation(result.bytes)).toBe(false);
    expect(await sharp(result.bytes).metadata()).toMatchObject({ width: 16, height: 8 });
  });

  it("does not decode a picture with more pixels than the limit (a decompression bomb)", async () => {
    // A one-colour PNG compresses to almost nothing whatever its size; the limit is checked from the header.
    const png = new Uint8Array(await sharp({ create: { width: 100, height: 100, channels: 3, background: "white" } }).png().toBuffer());
    expect(await stripImageMetadata(png, "image/png", { maxPixels: 9_999 })).toEqual({ ok: false, reason: "unreadable" });
    expect((await stripImageMetadata(png, "image/png", { maxPixels: 10_000 })).ok).toBe(true);
    expect(MAX_INPUT_PIXELS).toBe(64_000_000);
  });

  it("refuses a truncated or corrupt image instead of storing it", async () => {
    const photo = await photoWithLocation("jpeg");
    expect(await stripImageMetadata(photo.subarray(0, photo.length / 2), "image/jpeg")).toEqual({ ok: false, reason: "unreadable" });
    expect(await stripImageMetadata(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]), "image/png")).toEqual({ ok: false, reason: "unreadable" });
  });
});
