import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sniffMime } from "../../src/attachments/sniff-mime.ts";

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p)));

function ftyp(major: string, compatible: string[]): Uint8Array {
  const size = 16 + 4 * compatible.length;
  return bytes([0, 0, 0, size], "ftyp", major, [0, 0, 0, 0], ...compatible, [0, 0, 0, 8], "meta");
}

describe("sniffMime", () => {
  it("recognises the image and document types people send", () => {
    expect(sniffMime(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], "JFIF"))).toBe("image/jpeg");
    expect(sniffMime(bytes([0x89], "PNG", [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], "IHDR"))).toBe("image/png");
    expect(sniffMime(bytes("GIF89a", [1, 0, 1, 0]))).toBe("image/gif");
    expect(sniffMime(bytes("GIF87a"))).toBe("image/gif");
    expect(sniffMime(bytes("RIFF", [0x24, 0, 0, 0], "WEBPVP8 "))).toBe("image/webp");
    expect(sniffMime(bytes("%PDF-1.7\n%âãÏÓ"))).toBe("application/pdf");
  });

  it("recognises HEIC by its major or compatible brand", () => {
    expect(sniffMime(ftyp("heic", ["mif1", "heic"]))).toBe("image/heic");
    expect(sniffMime(ftyp("mif1", ["heic"]))).toBe("image/heic");
    expect(sniffMime(ftyp("heix", []))).toBe("image/heic");
    expect(sniffMime(ftyp("msf1", ["hevc"]))).toBe("image/heic");
  });

  it("refuses other containers and look-alikes", () => {
    expect(sniffMime(ftyp("avif", ["mif1", "miaf"]))).toBeNull(); // AVIF
    expect(sniffMime(ftyp("isom", ["iso2", "mp41"]))).toBeNull(); // MP4 video
    expect(sniffMime(ftyp("M4A ", ["M4A ", "mp42"]))).toBeNull(); // voice note
    expect(sniffMime(bytes("RIFF", [0x24, 0, 0, 0], "WAVEfmt "))).toBeNull();
    expect(sniffMime(bytes("PK", [3, 4, 20, 0]))).toBeNull(); // docx/zip
    expect(sniffMime(bytes("OggS", [0]))).toBeNull();
    expect(sniffMime(bytes([0xff, 0xd8]))).toBeNull(); // truncated JPEG
    expect(sniffMime(bytes("%PD"))).toBeNull();
    expect(sniffMime(new Uint8Array(0))).toBeNull();
  });

  it("never throws and answers only known types", () => {
    const known = new Set([null, "image/jpeg", "image/png", "image/webp", "image/heic", "image/gif", "application/pdf"]);
    const prefixes = fc.constantFrom(
      bytes([0xff, 0xd8, 0xff]),
      bytes("RIFF"),
      bytes([0, 0, 0, 0x18], "ftyp"),
      bytes([0xff, 0xff, 0xff, 0xff], "ftyp"),
      bytes([0, 0, 0, 1], "ftypheic"),
      new Uint8Array(0),
    );
    fc.assert(
      fc.property(prefixes, fc.uint8Array({ maxLength: 64 }), (prefix, rest) => {
        const input = new Uint8Array([...prefix, ...rest]);
        const mime = sniffMime(input);
        return known.has(mime) && (prefix[0] !== 0xff || prefix[1] !== 0xd8 || mime === "image/jpeg");
      }),
    );
  });

  it("decides from the first bytes only, whatever follows", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (tail) => {
        expect(sniffMime(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...tail]))).toBe("image/png");
        expect(sniffMime(new Uint8Array([...bytes("%PDF-"), ...tail]))).toBe("application/pdf");
      }),
    );
  });
});
