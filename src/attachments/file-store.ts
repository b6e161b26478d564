/**
 * Content-addressed file storage on disk: bytes are kept under `<root>/<aa>/<bb>/<sha256>`, so the
 * same photo sent twice is stored once and a re-delivered upload is harmless. The database keeps
 * the sha256, sniffed type, size and this storage key.
 *
 * The tree holds citizens' photos: its folders are created 0700 and its files 0600 whatever the
 * process umask, and the root is set to 0700 on first use even if an older version made it.
 * Callers store only what they mean to keep (see the conversation service): nothing here refuses.
 */
import { createHash } from "node:crypto";
import { chmod, readdir, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { ensurePrivateDir, PRIVATE_FILE_MODE } from "../storage/ensure-private-dir.ts";

export interface StoredFile {
  sha256: string;
  size: number;
  storageKey: string;
}

/** A file found on disk by {@link FileStore.list}. */
export interface ListedFile {
  storageKey: string;
  /** Last write, or the last time `put` was asked for the same bytes. */
  modifiedAt: Date;
}

export class FileStore {
  private rootReady: Promise<void> | null = null;

  constructor(private readonly root: string) {}

  /** Creates the root folder (0700), or tightens an existing one; later calls reuse the first. */
  prepare(): Promise<void> {
    this.rootReady ??= ensurePrivateDir(this.root).catch((err: unknown) => {
      this.rootReady = null;
      throw err;
    });
    return this.rootReady;
  }

  /** Writes the bytes unless a file with the same hash is already stored. */
  async put(bytes: Uint8Array): Promise<StoredFile> {
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const storageKey = `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
    const path = this.pathOf(storageKey);
    const exists = await stat(path).then(() => true, () => false);
    if (!exists) {
      await this.prepare();
      await ensurePrivateDir(dirname(path));
      const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temp, bytes, { mode: PRIVATE_FILE_MODE });
      await chmod(temp, PRIVATE_FILE_MODE);
      await rename(temp, path);
    } else {
      // The bytes are stored before the row that references them: a fresh time tells the sweep of
      // unreferenced files (which spares recent files) that a row is about to point at them.
      const at = new Date();
      await utimes(path, at, at).catch(() => undefined);
    }
    return { sha256, size: bytes.byteLength, storageKey };
  }

  /** Deletes a stored file; a file already gone is not an error. */
  async remove(storageKey: string): Promise<void> {
    await rm(this.pathOf(storageKey), { force: true });
  }

  /** Every stored file (and leftover temporary file) under the root, for the retention sweep. */
  async list(): Promise<ListedFile[]> {
    const entries = await readdir(this.root, { recursive: true, withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") return [];
      throw err;
    });
    const found: ListedFile[] = [];
    for (const e of entries) {
      if (!e.isFile()) continue;
      const path = join(e.parentPath, e.name);
      const info = await stat(path).catch(() => null);
      if (info) found.push({ storageKey: relative(this.root, path).split(sep).join("/"), modifiedAt: info.mtime });
    }
    return found;
  }

  /** Absolute path of a stored file. */
  pathOf(storageKey: string): string {
    return join(this.root, storageKey);
  }
}
