/** A configuration the service cannot use: the real entry points say what is wrong, plainly, and exit 1. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT, appEnv } from "../support/spawn-app.ts";
import { tempDir } from "../support/test-databases.ts";

const run = promisify(execFile);

async function start(script: string, extra: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", script], { cwd: PROJECT_ROOT, env: appEnv(tempDir(), extra), timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== "number") throw err;
    return { code: e.code, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

describe("invalid configuration", { timeout: 90_000 }, () => {
  it("npm start names every wrong variable and what it expects, without a stack trace or the value, and exits 1", async () => {
    const result = await start("src/main.ts", { PORT: "abc", TELEGRAM_BOT_TOKEN: "bad-secret-value" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("PORT: expected a port number, 0–65535");
    expect(result.stderr).toContain("TELEGRAM_BOT_TOKEN: looks like 123456789:AA…, from @BotFather");
    expect(result.stderr).toContain(".env.example");
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr + result.stdout).not.toContain("bad-secret-value");
  });

  it("the council service and the CLIs do the same", async () => {
    const council = await start("src/council/council-main.ts", {});
    expect(council.code).toBe(1);
    expect(council.stderr).toContain("COUNCIL_CLIENTS: required");
    expect(council.stderr).not.toMatch(/^\s+at /m);

    for (const script of ["src/cli/admin.ts", "src/cli/chat.ts"]) {
      const args = script.endsWith("admin.ts") ? ["people"] : [];
      let result: { code: number; stderr: string };
      try {
        await run(process.execPath, ["--import", "tsx", script, ...args], { cwd: PROJECT_ROOT, env: appEnv(tempDir(), { LOG_LEVEL: "loud" }), timeout: 60_000 });
        result = { code: 0, stderr: "" };
      } catch (err) {
        result = err as { code: number; stderr: string };
      }
      expect(result.code, script).toBe(1);
      expect(result.stderr, script).toContain("LOG_LEVEL:");
      expect(result.stderr, script).not.toMatch(/^\s+at /m);
    }
  });
});
