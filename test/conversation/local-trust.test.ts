/**
 * TRUST_LOCAL_CHANNELS gives local users the officer role; on the web chat, "local" is decided by
 * the socket's address (msg.clientIp), never by the channel alone: the same port can face the
 * internet through a proxy.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Assistant } from "../../src/build-assistant.ts";
import type { InboundMessage } from "../../src/channels/channel-port.ts";
import { isLoopbackAddress, isLoopbackHost } from "../../src/channels/is-loopback-address.ts";
import { testAssistant } from "../support/test-assistant.ts";

const open: Assistant[] = [];
afterEach(async () => {
  for (const a of open.splice(0)) await a.close();
});

async function rolesOfNewWebUser(a: Assistant, chatId: string, clientIp: string | undefined): Promise<string[]> {
  const msg: InboundMessage = { channel: "web", chatId, senderId: chatId, messageId: "m1", text: "/start", ...(clientIp !== undefined ? { clientIp } : {}) };
  const replies = await a.service.handle(msg);
  expect(replies.length).toBeGreaterThan(0);
  const identity = await a.db.channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel: "web", externalId: chatId } }, include: { user: { include: { roles: true } } } });
  return identity.user.roles.map((r) => r.role).sort();
}

describe("local trust on the web chat", () => {
  it("makes a new web user an officer only when the socket address is a loopback address", async () => {
    const a = await testAssistant({ trustedChannels: ["terminal", "web"] });
    open.push(a);

    expect(await rolesOfNewWebUser(a, "w-local-v4", "127.0.0.1")).toEqual(["citizen", "officer"]);
    expect(await rolesOfNewWebUser(a, "w-local-v6", "::1")).toEqual(["citizen", "officer"]);
    expect(await rolesOfNewWebUser(a, "w-local-mapped", "::ffff:127.0.0.1")).toEqual(["citizen", "officer"]);
    expect(await rolesOfNewWebUser(a, "w-internet", "203.0.113.9")).toEqual(["citizen"]);
    expect(await rolesOfNewWebUser(a, "w-lan", "192.168.1.20")).toEqual(["citizen"]);
    expect(await rolesOfNewWebUser(a, "w-unknown", undefined)).toEqual(["citizen"]);
  });

  it("gives no web user the officer role when local channels are not trusted", async () => {
    const a = await testAssistant({ trustedChannels: [] });
    open.push(a);

    expect(await rolesOfNewWebUser(a, "w-local", "127.0.0.1")).toEqual(["citizen"]);
  });
});

describe("isLoopbackAddress", () => {
  it.each(["127.0.0.1", "127.1.2.3", "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1", "::FFFF:127.9.9.9"])("%s is loopback", (ip) => {
    expect(isLoopbackAddress(ip)).toBe(true);
  });
  it.each(["10.0.0.1", "128.0.0.1", "::ffff:10.0.0.1", "::2", "0.0.0.0", "::", "localhost", "127.0.0.1.evil.example", "", undefined])("%s is not", (ip) => {
    expect(isLoopbackAddress(ip)).toBe(false);
  });
  it("accepts loopback listen addresses as HOST, and nothing that listens beyond the machine", () => {
    for (const host of ["127.0.0.1", "localhost", "::1", "[::1]", "LOCALHOST"]) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ["0.0.0.0", "::", "192.168.1.5", "chat.example.org"]) expect(isLoopbackHost(host), host).toBe(false);
  });
});
