/**
 * The database file, its write-ahead log and the data and uploads folders are private to the
 * service's user whatever the umask: an operator's shell or another service on the machine cannot
 * read citizens' answers or photos.
 */
import { chmod, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import { openDatabase } from "../../src/db/open-database.ts";
import { testAssistant } from "../support/test-assistant.ts";
import { tempDir } from "../support/test-databases.ts";
import { photoWithLocation } from "../support/photo-with-location.ts";

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe("files on disk", () => {
  let umask: number;
  beforeEach(() => {
    umask = process.umask(0);
  });
  afterEach(() => {
    process.umask(umask);
  });

  it("creates the data folder 0700, the SQLite file and its -wal/-shm 0600, and uploads 0700/0600 with umask 0", async () => {
    const dataDir = join(tempDir(), "data");
    const a = await testAssistant({ dataDir, databaseUrl: `file:${join(dataDir, "tdkt.db")}` });
    try {
      const chat = new MemoryChat(a.service, "reporter");
      for (const line of ["/baotin", "đồng ý", "mot nguoi", "Đặng Văn Hùng", "bỏ qua", "cuu nguoi",
        "Chiều 20/11, anh Hùng đã nhảy xuống sông Hoạt cứu hai em học sinh bị đuối nước.", "20/11/2026", "tk2, ha trung"]) await chat.say(line);
      await chat.upload([{ bytes: await photoWithLocation() }]);

      expect(await mode(dataDir)).toBe(0o700);
      const names = await readdir(dataDir);
      expect(names).toEqual(expect.arrayContaining(["tdkt.db", "tdkt.db-wal", "tdkt.db-shm", "files"]));
      for (const name of names.filter((n) => n.startsWith("tdkt.db"))) expect([name, await mode(join(dataDir, name))]).toEqual([name, 0o600]);

      const files = join(dataDir, "files");
      const entries = await readdir(files, { recursive: true, withFileTypes: true });
      expect(entries.filter((e) => e.isFile())).toHaveLength(1);
      expect(await mode(files)).toBe(0o700);
      for (const e of entries) expect([e.name, await mode(join(e.parentPath, e.name))]).toEqual([e.name, e.isFile() ? 0o600 : 0o700]);
    } finally {
      await a.close();
    }
  });

  it("tightens a database file and data folder left readable by an older version", async () => {
    const dataDir = join(tempDir(), "data");
    const url = `file:${join(dataDir, "tdkt.db")}`;
    const first = await testAssistant({ dataDir, databaseUrl: url });
    await first.close();
    await chmod(dataDir, 0o755);
    await chmod(join(dataDir, "tdkt.db"), 0o644);
    await chmod(join(dataDir, "files"), 0o755);
    const again = await testAssistant({ dataDir, databaseUrl: url });
    await again.close();
    expect(await mode(dataDir)).toBe(0o700);
    expect(await mode(join(dataDir, "tdkt.db"))).toBe(0o600);
    expect(await mode(join(dataDir, "files"))).toBe(0o700);
  });

  it("leaves a folder it did not create alone when the SQLite file is named outside the data folder", async () => {
    const shared = tempDir();
    await chmod(shared, 0o755);
    const { db } = await openDatabase(`file:${join(shared, "other.db")}`);
    await db.$disconnect();
    expect(await mode(shared)).toBe(0o755);
    expect(await mode(join(shared, "other.db"))).toBe(0o600);
  });
});
