import { describe, expect, it } from "vitest";
import { defaultAllowedHosts, HostAllowList } from "../../src/channels/web/host-allow-list.ts";
import { isSameOriginRequest } from "../../src/channels/web/is-same-origin-request.ts";

describe("HostAllowList", () => {
  it("matches a bare entry on any port and a host:port entry on that port only, without case", () => {
    const list = new HostAllowList(["chat.example.org", "10.0.0.5:3000", "[::1]"]);

    for (const host of ["chat.example.org", "CHAT.example.org:8443", "10.0.0.5:3000", "[::1]", "[::1]:3000"]) expect(list.allows(host), host).toBe(true);
    for (const host of ["evil.example", "chat.example.org.evil.example", "10.0.0.5", "10.0.0.5:3001", "::1", "", undefined, "chat.example.org:x"]) {
      expect(list.allows(host), String(host)).toBe(false);
    }
  });

  it("defaults to the loopback names and the listen address", () => {
    expect(defaultAllowedHosts("127.0.0.1")).toEqual(["127.0.0.1", "localhost", "[::1]"]);
    expect(defaultAllowedHosts("chat.lan")).toEqual(["127.0.0.1", "localhost", "[::1]", "chat.lan"]);
    expect(defaultAllowedHosts("fd00::5")).toEqual(["127.0.0.1", "localhost", "[::1]", "[fd00::5]"]);
    expect(new HostAllowList(defaultAllowedHosts("fd00::5")).allows("[fd00::5]:3000")).toBe(true);
  });

  it("refuses a malformed entry", () => {
    expect(() => new HostAllowList(["https://chat.example.org"])).toThrow(/not a host/);
  });
});

describe("isSameOriginRequest", () => {
  const host = "127.0.0.1:3000";
  it.each([
    [{ origin: "http://127.0.0.1:3000", secFetchSite: undefined }, true],
    [{ origin: "https://127.0.0.1:3000", secFetchSite: "same-origin" }, true],
    [{ origin: undefined, secFetchSite: "same-origin" }, true],
    [{ origin: undefined, secFetchSite: undefined }, false],
    [{ origin: "http://evil.example", secFetchSite: undefined }, false],
    [{ origin: "http://127.0.0.1:3000", secFetchSite: "cross-site" }, false],
    [{ origin: undefined, secFetchSite: "none" }, false],
    [{ origin: "null", secFetchSite: undefined }, false],
  ])("%o → %s", (headers, expected) => {
    expect(isSameOriginRequest({ ...headers, host })).toBe(expected);
  });
});
