/** `npm run telegram:webhook` against a fake Bot API on 127.0.0.1. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { PROJECT_ROOT, appEnv } from "../support/spawn-app.ts";
import { tempDir } from "../support/test-databases.ts";

const run = promisify(execFile);
const TOKEN = "123456:TEST-token-abcdefghijklmnop";
let fake: FakeTelegram | undefined;
afterEach(async () => fake?.close());

function cli(args: string[], extra: Record<string, string>) {
  return run(`${PROJECT_ROOT}node_modules/.bin/tsx`, ["src/cli/telegram-webhook.ts", ...args], {
    cwd: PROJECT_ROOT,
    env: appEnv(tempDir(), { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake!.apiRoot, ...extra }),
  });
}

describe("npm run telegram:webhook", () => {
  it("sets the webhook with the secret and allowed updates, then deletes it", async () => {
    fake = await FakeTelegram.start({ token: TOKEN });
    const set = await cli(["--url", "https://tdkt.example.gov.vn/telegram/webhook"], { TELEGRAM_WEBHOOK_SECRET: "webhook_secret_123" });
    expect(set.stdout).toContain("Webhook set");
    expect(fake.webhook).toEqual({ url: "https://tdkt.example.gov.vn/telegram/webhook", secret_token: "webhook_secret_123", allowed_updates: ["message", "callback_query"] });
    await cli(["--delete"], {});
    expect(fake.webhook).toBeUndefined();
  });

  it("refuses to set a webhook without a secret, naming the variable", async () => {
    fake = await FakeTelegram.start({ token: TOKEN });
    await expect(cli(["--url", "https://tdkt.example.gov.vn/telegram/webhook"], {})).rejects.toMatchObject({ stderr: expect.stringContaining("TELEGRAM_WEBHOOK_SECRET") });
    expect(fake.webhook).toBeUndefined();
  });
});
