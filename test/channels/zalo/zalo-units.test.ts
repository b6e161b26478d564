import { stat, readFile } from "node:fs/promises";
import { join } from "node:path";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { zaloToInbound } from "../../../src/channels/zalo/zalo-to-inbound.ts";
import { CircuitBreaker } from "../../../src/channels/zalo/circuit-breaker.ts";
import { CredentialStore } from "../../../src/channels/zalo/credential-store.ts";
import { qrMatrixFromPng, qrToText } from "../../../src/channels/zalo/qr-to-terminal.ts";
import { renderText } from "../../../src/channels/render-text.ts";
import { ZALO_CAPABILITIES } from "../../../src/channels/zalo/zalo-personal-channel.ts";
import { tempDir } from "../../support/test-databases.ts";

// Shapes as zca-js 2.2 reports them (UserMessage.data), reduced by zca-connector.ts.
const base = { msgId: "7301234567890", threadId: "8123456789012345678", fromId: "8123456789012345678", displayName: "Lê Thị Mai", isSelf: false, isGroup: false };

describe("zaloToInbound", () => {
  it("maps text", () => {
    expect(zaloToInbound({ ...base, msgType: "webchat", content: "bao guong nguoi tot" })).toEqual({
      kind: "message", chatId: base.threadId, senderId: base.fromId, senderName: "Lê Thị Mai", messageId: "z7301234567890", text: "bao guong nguoi tot",
    });
  });
  it("maps a photo to its URL and a file to its URL and name", () => {
    expect(zaloToInbound({ ...base, msgType: "chat.photo", content: { title: "", href: "https://photo-stal.zdn.vn/a.jpg", thumb: "t" } })).toMatchObject({ kind: "message", fileUrl: "https://photo-stal.zdn.vn/a.jpg" });
    expect(zaloToInbound({ ...base, msgType: "share.file", content: { title: "bao-cao.pdf", href: "https://f.zdn.vn/b.pdf" } })).toMatchObject({ fileUrl: "https://f.zdn.vn/b.pdf", fileName: "bao-cao.pdf" });
  });
  it("answers stickers and voice as unsupported, ignores own and group messages", () => {
    expect(zaloToInbound({ ...base, msgType: "chat.sticker", content: { id: 1 } }).kind).toBe("unsupported");
    expect(zaloToInbound({ ...base, isSelf: true, msgType: "webchat", content: "hi" }).kind).toBe("ignored");
    expect(zaloToInbound({ ...base, isGroup: true, msgType: "webchat", content: "hi" }).kind).toBe("ignored");
  });
});

describe("renderText for Zalo", () => {
  it("numbers choices and splits long text at a safe length", () => {
    const parts = renderText({ text: "Giới tính?", choices: [{ value: "NAM", label: "Nam" }, { value: "NU", label: "Nữ" }] }, ZALO_CAPABILITIES);
    expect(parts).toEqual(["Giới tính?\n1. Nam\n2. Nữ"]);
    const long = renderText({ text: "Thành tích. ".repeat(400) }, ZALO_CAPABILITIES);
    expect(long.length).toBeGreaterThan(1);
    for (const p of long) expect(p.length).toBeLessThanOrEqual(ZALO_CAPABILITIES.maxTextLength);
  });
});

describe("CircuitBreaker", () => {
  it("opens on 221, holds sends until the cool-down ends, then doubles the next cool-down", async () => {
    let now = 1_000_000;
    const slept: number[] = [];
    const breaker = new CircuitBreaker({ cooldownMs: 60_000, now: () => now, sleep: async (ms) => { slept.push(ms); now += ms; } });
    expect(breaker.failed("throttled")).toBe(true);
    expect(breaker.isOpen).toBe(true);
    await breaker.beforeSend();
    expect(slept).toEqual([60_000]);
    expect(breaker.isOpen).toBe(false);
    breaker.failed("throttled");
    expect(breaker.reopensAt - now).toBe(120_000);
    await breaker.beforeSend();
    breaker.succeeded();
    breaker.failed("throttled");
    expect(breaker.reopensAt - now).toBe(60_000);
  });
  it("opens after three 122 failures in the window, not after one", () => {
    let now = 0;
    const breaker = new CircuitBreaker({ cooldownMs: 1000, now: () => now });
    expect(breaker.failed("stranger")).toBe(false);
    now += 1000;
    expect(breaker.failed("stranger")).toBe(false);
    expect(breaker.failed("other")).toBe(false);
    expect(breaker.failed("stranger")).toBe(true);
  });
});

describe("CredentialStore", () => {
  const creds = { imei: "3f8a-imei", userAgent: "Mozilla/5.0 test", cookie: [{ key: "zpw_sek", value: "secret-cookie-value" }] };
  it("writes a file only its owner can read, and reads it back", async () => {
    const store = new CredentialStore(join(tempDir(), "zalo", "credentials.json"));
    expect(await store.load()).toBeNull();
    await store.save(creds);
    expect((await stat(store.path)).mode & 0o777).toBe(0o600);
    expect(await store.load()).toEqual(creds);
  });
  it("encrypts with a key: no secret in the file, wrong key refused", async () => {
    const path = join(tempDir(), "credentials.json");
    await new CredentialStore(path, "a-long-enough-key-123").save(creds);
    const text = await readFile(path, "utf8");
    expect(text).not.toContain("secret-cookie-value");
    expect(await new CredentialStore(path, "a-long-enough-key-123").load()).toEqual(creds);
    await expect(new CredentialStore(path, "another-key-456789").load()).rejects.toThrow();
    await expect(new CredentialStore(path).load()).rejects.toThrow(/ZALO_CREDENTIALS_KEY/);
  });
});

describe("QR code in the terminal", () => {
  it("recovers the module matrix from a picture and draws it", () => {
    // A synthetic 25×25 code: three finder patterns and pseudo-random data, 6 px per module, 4 modules of margin.
    const size = 25;
    const dark = Array.from({ length: size }, (_, r) => Array.from({ length: size }, (_, c) => ((r * 7 + c * 13) % 5 === 0)));
    const finder = (r0: number, c0: number) => {
      for (let r = 0; r < 7; r++) for (let c = 0; c < 7; c++) dark[r0 + r]![c0 + c] = r === 0 || r === 6 || c === 0 || c === 6 || (r >= 2 && r <= 4 && c >= 2 && c <= 4);
      for (let i = -1; i <= 7; i++) for (const [r, c] of [[r0 - 1, c0 + i], [r0 + 7, c0 + i], [r0 + i, c0 - 1], [r0 + i, c0 + 7]] as const) if (dark[r]?.[c] !== undefined) dark[r]![c] = false;
    };
    finder(0, 0); finder(0, size - 7); finder(size - 7, 0);
    const px = 6, margin = 4, side = (size + margin * 2) * px;
    const png = new PNG({ width: side, height: side });
    for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) {
      const r = Math.floor(y / px) - margin, c = Math.floor(x / px) - margin;
      const v = dark[r]?.[c] ? 0 : 255;
      const i = (y * side + x) * 4;
      png.data[i] = png.data[i + 1] = png.data[i + 2] = v;
      png.data[i + 3] = 255;
    }
    const matrix = qrMatrixFromPng(PNG.sync.write(png));
    expect(matrix?.size).toBe(size);
    expect(matrix?.dark).toEqual(dark);
    const text = qrToText(matrix!);
    expect(text.split("\n")).toHaveLength(size + 4);
    expect(text.split("\n")[2]!.length).toBe((size + 4) * 2);
  });
  it("returns null for a picture without a code", () => {
    const png = new PNG({ width: 10, height: 10 });
    png.data.fill(255);
    expect(qrMatrixFromPng(PNG.sync.write(png))).toBeNull();
  });
});
