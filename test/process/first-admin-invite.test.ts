/**
 * `npm start` on a fresh data folder, standard output piped (no terminal): the first administrator
 * invitation goes to a 0600 file, never to the log, and a restart does not show it again.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { killAllChildren, startServer, stopChild, type RunningServer } from "../support/spawn-app.ts";
import { tempDir } from "../support/test-databases.ts";

afterEach(killAllChildren);

async function logged(server: RunningServer, text: string): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const line = server.logs.find((l) => String(l.msg).includes(text));
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no log line with "${text}"; got:\n${server.logs.map((l) => l.msg).join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("first administrator invitation", () => {
  it("is written to <DATA_DIR>/admin-invite.txt (0600), the log says only where, and a restart shows nothing new", async () => {
    const dataDir = tempDir("tdkt-admin-invite-");
    const file = join(dataDir, "admin-invite.txt");
    const first = await startServer(dataDir);
    expect(await logged(first, "Mã mời quản trị đã được ghi vào tệp")).toMatchObject({ file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const content = readFileSync(file, "utf8");
    const code = /INV-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]/.exec(content)![0];
    expect(JSON.stringify(first.logs)).not.toContain(code.slice(4));
    await stopChild(first.child, "SIGTERM");

    const second = await startServer(dataDir);
    expect(await logged(second, "Mã mời quản trị đang chờ dùng")).toMatchObject({ file });
    expect(JSON.stringify(second.logs)).not.toMatch(/INV-[0-9A-Z]{4}/);
    expect(readFileSync(file, "utf8")).toBe(content);
  }, 90_000);
});
