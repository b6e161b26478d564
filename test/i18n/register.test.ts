/**
 * One form of address per role (domain-review §7): the bot says "anh/chị" to officers, secretaries
 * and admins and "bạn" to citizens, in the shared texts as in the role-specific ones.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import { loadI18n, LOCALES_DIR } from "../../src/i18n/i18n.ts";
import { registerFor, withRegister } from "../../src/i18n/register.ts";
import { testAssistant } from "../support/test-assistant.ts";

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const a of open.splice(0)) await a.close();
});

describe("form of address", () => {
  it("is anh/chị for any staff role and bạn otherwise", () => {
    expect(registerFor([])).toBe("citizen");
    expect(registerFor(["citizen"])).toBe("citizen");
    expect(registerFor(["citizen", "officer"])).toBe("staff");
    expect(registerFor(["secretary"])).toBe("staff");
    const i18n = loadI18n();
    expect(withRegister(i18n, "staff").t("vi", "bot.menu.resume", { title: "X" })).toBe("Anh/chị đang điền dở “X”. Mời anh/chị tiếp tục với câu hỏi dưới đây:");
    expect(i18n.t("vi", "bot.menu.resume", { title: "X" })).toBe("Bạn đang điền dở “X”. Mời bạn tiếp tục với câu hỏi dưới đây:");
  });

  it("shared bot texts leave the form of address to the person's role", () => {
    const bot = JSON.parse(readFileSync(`${LOCALES_DIR}/vi/bot.json`, "utf8")) as Record<string, string>;
    const fixed = Object.entries(bot).filter(([, text]) => /\b[Bb]ạn\b/.test(text)).map(([key]) => key);
    expect(fixed).toEqual([]);
  });

  it("a citizen hears bạn and an officer anh/chị, from the same help text", async () => {
    const a = await testAssistant({ trustedChannels: ["memory"] });
    open.push(a);
    const officer = await new MemoryChat(a.service, "officer-1", "memory").say("trợ giúp");
    const citizen = await new MemoryChat(a.service, "citizen-1", "telegram").say("trợ giúp");
    expect(officer[0]?.text).toMatch(/^Tôi giúp anh\/chị báo gương/);
    expect(citizen[0]?.text).toMatch(/^Tôi giúp bạn báo gương/);
    for (const reply of [...officer, ...citizen]) expect(reply.text).not.toMatch(/\{Y?you\}/i);
  });
});
