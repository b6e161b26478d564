import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/log.ts";

describe("loadConfig", () => {
  it("has working defaults for the embedded setup", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ databaseUrl: "file:./data/tdkt.db", filesDir: "./data/files", host: "127.0.0.1", port: 3000, defaultLocale: "vi", trustLocalChannels: true });
    expect(c.maxUploadBytes).toBe(10 * 1024 * 1024);
    expect(c.allowedFileTypes).toContain("image/heic");
    expect(c.draftReminderAfterMs).toBe(24 * 3_600_000);
  });

  it("names every bad variable", () => {
    expect(() => loadConfig({ DATABASE_URL: "mysql://x", PORT: "eighty", MAX_UPLOAD_MB: "5000" })).toThrow(
      /DATABASE_URL[\s\S]*PORT[\s\S]*MAX_UPLOAD_MB/,
    );
  });

  it("reads the digest's share reference as label:percent, or none", () => {
    expect(loadConfig({}).digestShareReference).toBeUndefined();
    expect(loadConfig({ DIGEST_SHARE_REFERENCE: "Bắc Ninh 2025: 62,5%" }).digestShareReference).toEqual({ label: "Bắc Ninh 2025", percent: 62.5 });
    expect(loadConfig({ DIGEST_SHARE_REFERENCE: "none" }).digestShareReference).toBeNull();
    expect(() => loadConfig({ DIGEST_SHARE_REFERENCE: "58" })).toThrow(/DIGEST_SHARE_REFERENCE: like "Kon Tum 2021:58"/);
  });

  it("keeps the outbox lease longer than a council request may take", () => {
    expect(loadConfig({}).outboxLeaseMs).toBe(60_000);
    expect(loadConfig({ OUTBOX_LEASE_SECONDS: "8", COUNCIL_TIMEOUT_SECONDS: "5" }).outboxLeaseMs).toBe(8000);
    expect(() => loadConfig({ OUTBOX_LEASE_SECONDS: "10" })).toThrow(/OUTBOX_LEASE_SECONDS: must be longer than COUNCIL_TIMEOUT_SECONDS/);
  });

  it("limits uploads per person and hour, never below one file of the largest size", () => {
    expect(loadConfig({}).uploadLimits).toEqual({ filesPerHour: 60, bytesPerHour: 200 * 1024 * 1024 });
    expect(loadConfig({ UPLOADS_PER_HOUR: "5", UPLOAD_MB_PER_HOUR: "20" }).uploadLimits).toEqual({ filesPerHour: 5, bytesPerHour: 20 * 1024 * 1024 });
    expect(() => loadConfig({ UPLOAD_MB_PER_HOUR: "5" })).toThrow(/UPLOAD_MB_PER_HOUR: must be at least MAX_UPLOAD_MB/);
    expect(() => loadConfig({ UPLOADS_PER_HOUR: "0" })).toThrow(/UPLOADS_PER_HOUR/);
  });

  it("parses PostgreSQL URLs and booleans", () => {
    const c = loadConfig({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/tdkt", TRUST_LOCAL_CHANNELS: "false", LOG_PRETTY: "0" });
    expect(c.databaseUrl).toMatch(/^postgresql:/);
    expect(c.trustLocalChannels).toBe(false);
    expect(c.logPretty).toBe(false);
  });
});

describe("createLogger", () => {
  it("redacts message text, phone numbers and national ids", () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const log = createLogger({ level: "info", pretty: false, destination: sink });
    log.info({ text: "Số CCCD của tôi là 038185001234", phone: "+84912345678", user: { nationalId: "038185001234", phone: "0912345678" }, code: "TDKT-2026-000001" }, "hello");
    const out = lines.join("");
    expect(out).toContain("TDKT-2026-000001");
    expect(out).not.toContain("038185001234");
    expect(out).not.toContain("912345678");
    expect(out).toContain("[ẩn]");
  });
});
