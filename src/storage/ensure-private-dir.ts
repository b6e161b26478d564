/**
 * Creates a directory (and any missing parents) readable only by the service's user, whatever
 * the process umask: 0700 on the directory itself and on every parent this call created. Parents
 * that already existed keep their mode (they may be shared, like /var/lib). A directory that
 * already exists is set to 0700 too (tightening a data folder made by an older version), unless
 * `tightenExisting` is false: for a folder the operator chose that may hold other things, such as
 * the folder of a SQLite file named outside the data directory.
 */
import { chmod, mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

export async function ensurePrivateDir(path: string, opts: { tightenExisting?: boolean } = {}): Promise<void> {
  const target = resolve(path);
  const first = await mkdir(target, { recursive: true, mode: PRIVATE_DIR_MODE });
  // `first` is the outermost directory created (undefined if none was): chmod from there down.
  const created: string[] = [];
  if (first) for (let dir = target; dir.length >= first.length; dir = dirname(dir)) {
    created.push(dir);
    if (dir === first || dirname(dir) === dir) break;
  }
  if (!created.includes(target) && opts.tightenExisting !== false) created.push(target);
  for (const dir of created) await chmod(dir, PRIVATE_DIR_MODE);
}
