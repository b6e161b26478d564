/** The instance id: configured or `<hostname>-<pid>`, validated, and carried by every log line. */
import { hostname } from "node:os";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { defaultInstanceId, loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/log.ts";

describe("INSTANCE_ID", () => {
  it("defaults to <hostname>-<pid>, made a valid id", () => {
    expect(loadConfig({}).instanceId).toBe(defaultInstanceId(hostname(), process.pid));
    expect(loadConfig({}).instanceId).toMatch(new RegExp(`^[A-Za-z0-9_.-]{1,64}-${process.pid}$`));
    expect(defaultInstanceId("web-01.prod", 4242)).toBe("web-01.prod-4242");
    expect(defaultInstanceId("máy chủ", 7)).toBe("m-y-ch--7");
    const long = defaultInstanceId("a".repeat(200), 123456);
    expect(long).toHaveLength(64);
    expect(long.endsWith("-123456")).toBe(true);
  });

  it("takes 1–64 letters, digits, _ . - and refuses anything else, naming the variable", () => {
    expect(loadConfig({ INSTANCE_ID: "chat-1.eu_west" }).instanceId).toBe("chat-1.eu_west");
    expect(loadConfig({ INSTANCE_ID: "x".repeat(64) }).instanceId).toHaveLength(64);
    for (const bad of ["x".repeat(65), "chat 1", "chat/1", "máy-1"]) {
      expect(() => loadConfig({ INSTANCE_ID: bad }), bad).toThrow(/INSTANCE_ID: 1–64 letters, digits/);
    }
  });

  it("reads SHUTDOWN_GRACE_MS, 10 s by default", () => {
    expect(loadConfig({}).shutdownGraceMs).toBe(10_000);
    expect(loadConfig({ SHUTDOWN_GRACE_MS: "0" }).shutdownGraceMs).toBe(0);
    expect(loadConfig({ SHUTDOWN_GRACE_MS: "2500" }).shutdownGraceMs).toBe(2500);
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: "-1" })).toThrow(/SHUTDOWN_GRACE_MS/);
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: "soon" })).toThrow(/SHUTDOWN_GRACE_MS/);
  });

  it("is carried by every log line, also a child logger's, beside pid and hostname", () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        cb();
      },
    });
    const log = createLogger({ level: "info", pretty: false, instance: "chat-7", destination: sink });
    log.info("one");
    log.child({ service: "outbox" }).warn({ jobs: 2 }, "two");
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatchObject({ instance: "chat-7", pid: process.pid, hostname: expect.any(String) });
    expect(lines[1]).toMatchObject({ service: "outbox", jobs: 2, msg: "two" });
  });
});
