/** `npm start` with a Telegram token serves the web chat and the bot (here against a fake Bot API). */
import { afterEach, describe, expect, it } from "vitest";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { killAllChildren, startServer, waitForExit } from "../support/spawn-app.ts";
import { tempDir } from "../support/test-databases.ts";
import { WebChatClient } from "../support/web-chat-client.ts";

const TOKEN = "123456:TEST-token-abcdefghijklmnop";
let fake: FakeTelegram | undefined;
afterEach(async () => {
  await killAllChildren();
  await fake?.close();
});

describe("npm start with TELEGRAM_BOT_TOKEN", () => {
  it("answers on Telegram (long polling) and in the web chat, then stops gracefully on SIGTERM without logging the token", async () => {
    fake = await FakeTelegram.start({ token: TOKEN });
    const server = await startServer(tempDir(), 30_000, {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_SEND_INTERVAL_MS: "0",
    });
    fake.sendText(4242, "/start");
    await fake.waitForCalls((calls) => calls.some((c) => c.method === "sendMessage" && c.params.chat_id === 4242), 15_000);
    expect(fake.lastMessageTo(4242)?.text).toContain("muốn làm gì?");
    // The command menu is set in the background, after polling started.
    await fake.waitForCalls(() => (fake!.commands.get("vi")?.length ?? 0) > 0, 15_000);

    const web = await new WebChatClient(server.url).send({ text: "/start" });
    expect(web.status).toBe(200);

    server.child.kill("SIGTERM");
    const exit = await waitForExit(server.child);
    expect(exit.code).toBe(0);
    const everything = JSON.stringify(server.logs) + server.stderr();
    expect(everything).toContain("Telegram long polling started");
    expect(everything).not.toContain("TEST-token-abcdefghijklmnop");
  });
});
