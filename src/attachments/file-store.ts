/**
 * Content-addressed file storage on disk: bytes are kept under `<root>/<aa>/<bb>/<sha256>`, so the
 * same photo sent twice is stored once and a re-delivered upload is harmless. The database keeps
 * the sha256, sniffed type, size and this storage key.
 */
import { createHash } from "node:crypto";
import { mkdir, rename, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

export interface StoredFile {
  sha256: string;
  size: number;
  storageKey: string;
}

export class FileStore {
  constructor(private readonly root: string) {}

  /** Writes the bytes unless a file with the same hash is already stored. */
  async put(bytes: Uint8Array): Promise<StoredFile> {
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const storageKey = `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
    const path = this.pathOf(storageKey);
    const exists = await stat(path).then(() => true, () => false);
    if (!exists) {
      await mkdir(dirname(path), { recursive: true });
      const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temp, bytes);
      await rename(temp, path);
    }
    return { sha256, size: bytes.byteLength, storageKey };
  }

  /** Absolute path of a stored file. */
  pathOf(storageKey: string): string {
    return join(this.root, storageKey);
  }
}
