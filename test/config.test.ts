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

  it("reads how often a waiting instance tries to take over a polling channel", () => {
    expect(loadConfig({}).leaderRetryMs).toBe(2000);
    expect(loadConfig({ LEADER_RETRY_MS: "500" }).leaderRetryMs).toBe(500);
    expect(() => loadConfig({ LEADER_RETRY_MS: "50" })).toThrow(/LEADER_RETRY_MS/);
    expect(() => loadConfig({ LEADER_RETRY_MS: "two seconds" })).toThrow(/LEADER_RETRY_MS/);
  });

  it("parses PostgreSQL URLs and booleans", () => {
    const c = loadConfig({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/tdkt", TRUST_LOCAL_CHANNELS: "false", LOG_PRETTY: "0" });
    expect(c.databaseUrl).toMatch(/^postgresql:/);
    expect(c.trustLocalChannels).toBe(false);
    expect(c.logPretty).toBe(false);
  });
});

describe("loadConfig: the administrative units served", () => {
  it("keeps the sample tree when UNITS_PROVINCES is unset or empty, else reads province codes, all, and communes", () => {
    expect(loadConfig({}).unitsScope).toBeNull();
    expect(loadConfig({ UNITS_PROVINCES: "" }).unitsScope).toBeNull();
    expect(loadConfig({ UNITS_PROVINCES: "38" }).unitsScope).toEqual({ provinces: ["38"], communes: [] });
    expect(loadConfig({ UNITS_PROVINCES: " 01, 38,91 ," }).unitsScope).toEqual({ provinces: ["01", "38", "91"], communes: [] });
    expect(loadConfig({ UNITS_PROVINCES: "ALL" }).unitsScope).toEqual({ provinces: "all", communes: [] });
    expect(loadConfig({ UNITS_PROVINCES: "38", UNITS_COMMUNES: "15271, 14797" }).unitsScope).toEqual({ provinces: ["38"], communes: ["15271", "14797"] });
    expect(loadConfig({ UNITS_PROVINCES: "all", UNITS_COMMUNES: "00004" }).unitsScope).toEqual({ provinces: "all", communes: ["00004"] });
  });

  it("names the variable of a malformed or unknown code, and of a commune outside the chosen provinces", () => {
    expect(() => loadConfig({ UNITS_PROVINCES: "thanh-hoa" })).toThrow(/UNITS_PROVINCES: "thanh-hoa": expected province codes of 2 digits/);
    expect(() => loadConfig({ UNITS_PROVINCES: "38,1" })).toThrow(/UNITS_PROVINCES: "1": expected province codes of 2 digits/);
    expect(() => loadConfig({ UNITS_PROVINCES: " , " })).toThrow(/UNITS_PROVINCES: expected province codes of 2 digits/);
    expect(() => loadConfig({ UNITS_PROVINCES: "38,99" })).toThrow(/UNITS_PROVINCES: no province has the code 99 in flows\/catalogues\/national-units.csv/);
    // 27 was Bắc Ninh's code before the 2025 merger; today's Bắc Ninh is 24.
    expect(() => loadConfig({ UNITS_PROVINCES: "27" })).toThrow(/UNITS_PROVINCES: no province has the code 27/);
    expect(() => loadConfig({ UNITS_PROVINCES: "38", UNITS_COMMUNES: "1527" })).toThrow(/UNITS_COMMUNES: "1527": expected commune codes of 5 digits/);
    // 00004 is Phường Ba Đình, in Hà Nội, not in Thanh Hóa.
    expect(() => loadConfig({ UNITS_PROVINCES: "38", UNITS_COMMUNES: "15271,00004" })).toThrow(/UNITS_COMMUNES: 00004: not a commune of the chosen provinces/);
    expect(() => loadConfig({ UNITS_PROVINCES: "38", UNITS_COMMUNES: "38" })).toThrow(/UNITS_COMMUNES/);
    expect(() => loadConfig({ UNITS_COMMUNES: "15271" })).toThrow(/UNITS_COMMUNES: needs UNITS_PROVINCES/);
  });
});

describe("loadConfig: the web chat's exposure", () => {
  it("refuses local trust when the web chat listens beyond this machine or a webhook is on, naming TRUST_LOCAL_CHANNELS", () => {
    const telegram = { TELEGRAM_BOT_TOKEN: "123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAA", TELEGRAM_WEBHOOK_SECRET: "secret-123" };
    const zaloBot = { ZALO_BOT_TOKEN: "12345:abcdefghijkl", ZALO_BOT_WEBHOOK_SECRET: "secret-123" };
    for (const env of [
      { HOST: "0.0.0.0" },
      { HOST: "192.168.1.5" },
      { HOST: "::" },
      { ...telegram, TELEGRAM_MODE: "webhook" },
      { ...zaloBot, ZALO_BOT_MODE: "webhook" },
    ]) {
      expect(() => loadConfig(env), JSON.stringify(env)).toThrow(/TRUST_LOCAL_CHANNELS: set TRUST_LOCAL_CHANNELS=false/);
      expect(loadConfig({ ...env, TRUST_LOCAL_CHANNELS: "false" }).trustLocalChannels).toBe(false);
    }
    for (const env of [{ HOST: "127.0.0.1" }, { HOST: "localhost" }, { HOST: "::1" }, { ...telegram }, { ...zaloBot }]) {
      expect(loadConfig(env).trustLocalChannels, JSON.stringify(env)).toBe(true);
    }
  });

  it("answers the loopback names and HOST by default, or exactly ALLOWED_HOSTS", () => {
    expect(loadConfig({}).allowedHosts).toEqual(["127.0.0.1", "localhost", "[::1]"]);
    expect(loadConfig({ HOST: "0.0.0.0", TRUST_LOCAL_CHANNELS: "false" }).allowedHosts).toEqual(["127.0.0.1", "localhost", "[::1]", "0.0.0.0"]);
    expect(loadConfig({ ALLOWED_HOSTS: " Chat.Example.org , 10.0.0.5:3000,[::1]:3000" }).allowedHosts).toEqual(["chat.example.org", "10.0.0.5:3000", "[::1]:3000"]);
    expect(() => loadConfig({ ALLOWED_HOSTS: "https://chat.example.org" })).toThrow(/ALLOWED_HOSTS/);
  });

  it("expires idle web sessions after WEB_SESSION_IDLE_DAYS, 30 by default, at most 400", () => {
    expect(loadConfig({}).webSessionIdleMs).toBe(30 * 86_400_000);
    expect(loadConfig({ WEB_SESSION_IDLE_DAYS: "7" }).webSessionIdleMs).toBe(7 * 86_400_000);
    expect(() => loadConfig({ WEB_SESSION_IDLE_DAYS: "500" })).toThrow(/WEB_SESSION_IDLE_DAYS/);
  });

  it("ends idle console sessions after CONSOLE_SESSION_IDLE_HOURS, 8 by default, at most 720", () => {
    expect(loadConfig({}).consoleSessionIdleMs).toBe(8 * 3_600_000);
    expect(loadConfig({ CONSOLE_SESSION_IDLE_HOURS: "1.5" }).consoleSessionIdleMs).toBe(1.5 * 3_600_000);
    expect(() => loadConfig({ CONSOLE_SESSION_IDLE_HOURS: "721" })).toThrow(/CONSOLE_SESSION_IDLE_HOURS/);
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
