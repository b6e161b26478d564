/**
 * Uploads through the real conversation service: what reaches the disk (photos without their
 * metadata, nothing at all for a refused file) and the per-person hourly limits.
 */
import { readdir, readFile } from "node:fs/promises";
import { createHash, randomBytes } from "node:crypto";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import type { Assistant } from "../../src/build-assistant.ts";
import { testAssistant } from "../support/test-assistant.ts";
import { POSTGRES_URL, createPostgresDatabase } from "../support/test-databases.ts";
import { mentionsLocation, photoWithLocation, PHOTO_HEIGHT, PHOTO_WIDTH } from "../support/photo-with-location.ts";
import { GOOD_DEED_TO_PHOTOS } from "../support/good-deed-answers.ts";

const open: Assistant[] = [];
afterEach(async () => {
  for (const a of open.splice(0)) await a.close();
});
async function start(opts: Parameters<typeof testAssistant>[0] = {}) {
  const a = await testAssistant(opts);
  open.push(a);
  return a;
}

const PHOTO_PROMPT = "Nếu có ảnh hoặc giấy tờ (PDF) liên quan";

/** Every file under the assistant's files directory. */
async function storedFiles(a: Assistant & { dataDir: string }): Promise<string[]> {
  const entries = await readdir(`${a.dataDir}/files`, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

/** A distinct small PNG per seed (each upload a different file, so none is deduplicated). */
async function png(seed: number): Promise<Uint8Array> {
  return new Uint8Array(await sharp({ create: { width: 4, height: 4, channels: 3, background: { r: seed % 256, g: (seed >> 8) % 256, b: 7 } } }).png().toBuffer());
}

describe("photos", () => {
  it("stores a phone photo without EXIF, GPS or XMP, upright, hashed after stripping", async () => {
    const a = await start();
    const chat = new MemoryChat(a.service, "reporter");
    for (const line of GOOD_DEED_TO_PHOTOS) await chat.say(line);
    const photo = await photoWithLocation("jpeg");
    const ack = await chat.upload([{ bytes: photo, fileName: "IMG_0001.jpg" }]);
    expect(ack[0]?.text).toContain("Đã nhận 1 tệp");

    const attachment = await a.db.attachment.findFirstOrThrow();
    const stored = new Uint8Array(await readFile(a.files.pathOf(attachment.storageKey)));
    expect(mentionsLocation(stored)).toBe(false);
    const meta = await sharp(stored).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: PHOTO_HEIGHT, height: PHOTO_WIDTH });
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(attachment).toMatchObject({ mime: "image/jpeg", size: stored.byteLength, sha256: createHash("sha256").update(stored).digest("hex") });
    expect(attachment.sha256).not.toBe(createHash("sha256").update(photo).digest("hex"));
  });

  it("asks for a JPEG instead of an iPhone HEIC, and keeps nothing", async () => {
    const a = await start();
    const chat = new MemoryChat(a.service, "iphone");
    for (const line of GOOD_DEED_TO_PHOTOS) await chat.say(line);
    const heic = new Uint8Array(await readFile(new URL("../attachments/fixtures/hevc-40x20.heic", import.meta.url)));
    const reply = await chat.upload([{ bytes: heic, fileName: "IMG_0002.HEIC" }]);
    expect(reply[0]?.text).toContain("gửi lại ảnh dạng JPEG");
    expect(reply.at(-1)?.text).toContain(PHOTO_PROMPT);
    expect(await storedFiles(a)).toEqual([]);
    expect(await a.db.attachment.count()).toBe(0);
  });

  it("cautions about children's faces before photos are sent", async () => {
    const a = await start();
    const chat = new MemoryChat(a.service, "cautious");
    let prompt = "";
    for (const line of GOOD_DEED_TO_PHOTOS) prompt = (await chat.say(line)).at(-1)?.text ?? "";
    expect(prompt).toContain("Không gửi ảnh rõ mặt trẻ em nếu chưa có sự đồng ý của cha mẹ.");
    expect(prompt).not.toContain("video");
  });
});

describe("refused uploads are not written", () => {
  it("with no form open", async () => {
    const a = await start();
    const chat = new MemoryChat(a.service, "no-form");
    const reply = await chat.upload([{ bytes: await png(1) }]);
    expect(reply[0]?.text).toContain("chưa mở biểu mẫu");
    expect(await storedFiles(a)).toEqual([]);
  });

  it("at a step that takes no files, which is asked again", async () => {
    const a = await start();
    const chat = new MemoryChat(a.service, "wrong-step");
    for (const line of GOOD_DEED_TO_PHOTOS.slice(0, 6)) await chat.say(line);
    const reply = await chat.upload([{ bytes: await png(2) }], "ảnh hiện trường");
    expect(reply[0]?.text).toContain("Bước này không cần ảnh hay tệp");
    expect(reply.at(-1)?.text).toContain("kể ngắn gọn");
    expect(await storedFiles(a)).toEqual([]);
    expect((await a.db.draft.findFirstOrThrow()).currentStepId).toBe("story");
  });

  it("past the step's 10-file cap, in one message or later ones", async () => {
    const a = await start();
    const chat = new MemoryChat(a.service, "many");
    for (const line of GOOD_DEED_TO_PHOTOS) await chat.say(line);
    const twelve = await Promise.all(Array.from({ length: 12 }, (_, i) => png(100 + i)));
    const reply = await chat.upload(twelve.map((bytes) => ({ bytes })));
    expect(reply.map((r) => r.text).join("\n")).toContain("Chỉ nhận tối đa 10 tệp");
    expect(reply.at(-1)?.text).toContain("Đã nhận 10 tệp");
    expect(await storedFiles(a)).toHaveLength(10);
    const more = await chat.upload([{ bytes: await png(200) }]);
    expect(more[0]?.text).toContain("Chỉ nhận tối đa 10 tệp");
    expect(more.at(-1)?.text).toContain(PHOTO_PROMPT);
    expect(await storedFiles(a)).toHaveLength(10);
    expect(await a.db.attachment.count()).toBe(10);
  });
});

describe("hourly upload limits", () => {
  it("refuses the file past UPLOADS_PER_HOUR, says when to try again, and takes it after that", async () => {
    const a = await start({ env: { UPLOADS_PER_HOUR: "2" } });
    const chat = new MemoryChat(a.service, "busy");
    for (const line of GOOD_DEED_TO_PHOTOS) await chat.say(line);
    await chat.upload([{ bytes: await png(1) }]); // 09:00 in Vietnam
    a.clock.advance(10 * 60_000);
    await chat.upload([{ bytes: await png(2) }]); // 09:10
    const refused = await chat.upload([{ bytes: await png(3) }]);
    expect(refused[0]?.text).toBe("Anh/chị đã gửi nhiều tệp trong một giờ qua nên tệp này chưa được lưu. Anh/chị vui lòng gửi lại sau 10:00.");
    expect(refused.at(-1)?.text).toContain(PHOTO_PROMPT);
    expect(await storedFiles(a)).toHaveLength(2);

    a.clock.advance(50 * 60_000); // 10:00
    const later = await chat.upload([{ bytes: await png(3) }]);
    expect(later.at(-1)?.text).toContain("Đã nhận 3 tệp");
    expect(await storedFiles(a)).toHaveLength(3);
  });

  it("refuses the file past UPLOAD_MB_PER_HOUR, counted after stripping", async () => {
    const a = await start({ env: { MAX_UPLOAD_MB: "0.02", UPLOAD_MB_PER_HOUR: "0.02" } });
    const chat = new MemoryChat(a.service, "heavy");
    for (const line of GOOD_DEED_TO_PHOTOS) await chat.say(line);
    // Noise does not compress: each PNG stays above half the 20,971-byte hourly budget.
    const noisy = async () => new Uint8Array(await sharp(randomBytes(70 * 70 * 3), { raw: { width: 70, height: 70, channels: 3 } }).png().toBuffer());
    const first = await noisy();
    expect(first.byteLength).toBeGreaterThan(20_971 / 2);
    expect((await chat.upload([{ bytes: first }])).at(-1)?.text).toContain("Đã nhận 1 tệp");
    expect((await a.db.attachment.findFirstOrThrow()).size).toBeGreaterThan(20_971 / 2);
    const second = await chat.upload([{ bytes: await noisy() }]);
    expect(second[0]?.text).toContain("gửi lại sau 10:00");
    expect(await storedFiles(a)).toHaveLength(1);
  });
});

describe.skipIf(!POSTGRES_URL)("hourly upload limits on PostgreSQL", () => {
  it("counts the person's stored files of the last hour", async () => {
    const { url, drop } = await createPostgresDatabase();
    try {
      const a = await start({ databaseUrl: url, env: { UPLOADS_PER_HOUR: "1" } });
      const chat = new MemoryChat(a.service, "pg-busy");
      for (const line of GOOD_DEED_TO_PHOTOS) await chat.say(line);
      expect((await chat.upload([{ bytes: await png(1) }])).at(-1)?.text).toContain("Đã nhận 1 tệp");
      a.clock.advance(30 * 60_000);
      expect((await chat.upload([{ bytes: await png(2) }]))[0]?.text).toContain("gửi lại sau 10:00");
      expect(await storedFiles(a)).toHaveLength(1);
    } finally {
      for (const a of open.splice(0)) await a.close();
      await drop();
    }
  });
});
