import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileStore } from "../../src/attachments/file-store.ts";
import { tempDir } from "../support/test-databases.ts";

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe("FileStore", () => {
  let umask: number;
  beforeEach(() => {
    umask = process.umask(0);
  });
  afterEach(() => {
    process.umask(umask);
  });

  it("creates its folders 0700 and its files 0600 even with umask 0", async () => {
    const root = join(tempDir(), "data", "files");
    const store = new FileStore(root);
    const stored = await store.put(new TextEncoder().encode("%PDF-1.7 private"));
    const [aa, bb] = stored.storageKey.split("/");
    expect(await mode(store.pathOf(stored.storageKey))).toBe(0o600);
    expect(await mode(join(root, aa!, bb!))).toBe(0o700);
    expect(await mode(join(root, aa!))).toBe(0o700);
    expect(await mode(root)).toBe(0o700);
    expect(await mode(join(root, ".."))).toBe(0o700);
    expect(await readdir(join(root, aa!, bb!))).toEqual([stored.sha256]);
  });
});
