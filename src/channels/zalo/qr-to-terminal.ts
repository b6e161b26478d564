/**
 * Draws a QR code image (PNG, as zca-js delivers it) in a terminal, so `npm run zalo:login` can be
 * scanned from an SSH session. The modules are found from the image itself: the dark bounding box
 * is the code, and the top-left finder pattern (7 modules wide) gives the module size; each
 * module is sampled at its centre and drawn as two characters.
 */
import { PNG } from "pngjs";

export interface QrMatrix {
  size: number;
  dark: boolean[][];
}

/** Reads the module matrix of a QR code picture; null when no code is found. */
export function qrMatrixFromPng(png: Buffer): QrMatrix | null {
  const img = PNG.sync.read(png);
  const isDark = (x: number, y: number) => {
    const i = (img.width * y + x) * 4;
    const alpha = img.data[i + 3]! / 255;
    const lum = (0.299 * img.data[i]! + 0.587 * img.data[i + 1]! + 0.114 * img.data[i + 2]!) * alpha + 255 * (1 - alpha);
    return lum < 128;
  };
  let minX = img.width, minY = img.height, maxX = -1, maxY = -1;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (!isDark(x, y)) continue;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  if (maxX < 0) return null;
  // The finder pattern's top edge is a run of 7 dark modules starting at the corner.
  let run = 0;
  while (minX + run <= maxX && isDark(minX + run, minY)) run++;
  const module = run / 7;
  if (module < 1) return null;
  const size = Math.round((maxX - minX + 1) / module);
  if (size < 21 || size > 177) return null;
  const dark = Array.from({ length: size }, (_, row) =>
    Array.from({ length: size }, (_, col) => {
      const x = Math.min(maxX, Math.floor(minX + (col + 0.5) * module));
      const y = Math.min(maxY, Math.floor(minY + (row + 0.5) * module));
      return isDark(x, y);
    }),
  );
  return { size, dark };
}

/** The matrix as text: two characters per module, light-on-dark friendly, with a quiet zone. */
export function qrToText(matrix: QrMatrix, quiet = 2): string {
  const light = "██";
  const darkCell = "  ";
  const row = (cells: boolean[]) => light.repeat(quiet) + cells.map((d) => (d ? darkCell : light)).join("") + light.repeat(quiet);
  const blank = light.repeat(matrix.size + quiet * 2);
  return [...Array(quiet).fill(blank), ...matrix.dark.map(row), ...Array(quiet).fill(blank)].join("\n");
}
