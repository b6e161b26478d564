/**
 * The retention sweep on a real SQLite file with a fixed clock: cancelled and abandoned drafts go
 * after DRAFT_RETENTION_DAYS with their files; attachments of nothing and unreferenced files on
 * disk go; submitted dossiers, drafts in use and recent uploads stay.
 */
import { utimes, writeFile, mkdir, stat } from "node:fs/promises";
import { createHash } from "node:crypto";
import { dirname } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import type { Assistant } from "../../src/build-assistant.ts";
import { loadConfig } from "../../src/config.ts";
import { sweepRetention } from "../../src/privacy/sweep-retention.ts";
import { testAssistant } from "../support/test-assistant.ts";
import { storedPng } from "../support/test-images.ts";
import { GOOD_DEED_TO_PHOTOS as TO_PHOTOS } from "../support/good-deed-answers.ts";

const open: Assistant[] = [];
afterEach(async () => {
  for (const a of open.splice(0)) await a.close();
});

const IMAGES = await Promise.all(Array.from({ length: 15 }, (_, n) => storedPng(n)));
const png = (n: number) => IMAGES[n]!;
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const keyOf = (b: Uint8Array) => `${sha(b).slice(0, 2)}/${sha(b).slice(2, 4)}/${sha(b)}`;
const exists = (path: string) => stat(path).then(() => true, () => false);
const DAY = 86_400_000;


describe("the retention sweep", () => {
  it("DRAFT_RETENTION_DAYS defaults to 90 and is read from the environment", () => {
    expect(loadConfig({}).draftRetentionMs).toBe(90 * DAY);
    expect(loadConfig({ DRAFT_RETENTION_DAYS: "30" }).draftRetentionMs).toBe(30 * DAY);
    expect(() => loadConfig({ DRAFT_RETENTION_DAYS: "0" })).toThrow(/DRAFT_RETENTION_DAYS/);
  });

  it("erases cancelled and abandoned drafts after the period with their files, and keeps dossiers, recent drafts and shared bytes", async () => {
    const a = await testAssistant();
    open.push(a);
    const sweep = () => sweepRetention({ db: a.db, files: a.files, now: a.clock.now, draftRetentionMs: 90 * DAY, serializeWrites: a.serializeWrites });

    // Submitted with photo 1; abandoned with photo 2 and photo 1 again; cancelled with photo 3.
    const submitted = new MemoryChat(a.service, "submitted");
    for (const line of TO_PHOTOS) await submitted.say(line);
    await submitted.upload([{ bytes: png(1) }]);
    for (const line of ["xong", "có", "1", "gửi"]) await submitted.say(line);
    const abandoned = new MemoryChat(a.service, "abandoned");
    for (const line of TO_PHOTOS) await abandoned.say(line);
    await abandoned.upload([{ bytes: png(2) }, { bytes: png(1) }]);
    const cancelled = new MemoryChat(a.service, "cancelled");
    for (const line of TO_PHOTOS) await cancelled.say(line);
    await cancelled.upload([{ bytes: png(3) }]);
    await cancelled.say("hủy");

    a.clock.advance(60 * DAY);
    const recent = new MemoryChat(a.service, "recent");
    for (const line of TO_PHOTOS) await recent.say(line);
    await recent.upload([{ bytes: png(4) }]);
    expect(await a.db.attachment.count()).toBe(5);

    // Day 89 after the first drafts: nothing is old enough.
    a.clock.advance(29 * DAY);
    expect(await sweep()).toEqual({ drafts: 0, attachments: 0, files: 0 });

    a.clock.advance(2 * DAY);
    expect(await sweep()).toEqual({ drafts: 2, attachments: 3, files: 2 });
    const left = await a.db.draft.findMany({ select: { chatKey: true, status: true }, orderBy: { chatKey: "asc" } });
    expect(left).toEqual([
      { chatKey: "memory:recent", status: "ACTIVE" },
      { chatKey: "memory:submitted", status: "SUBMITTED" },
    ]);
    expect(await a.db.dossier.count()).toBe(1);
    expect((await a.db.attachment.findMany({ select: { sha256: true }, orderBy: { sha256: "asc" } })).map((x) => x.sha256)).toEqual([sha(png(1)), sha(png(4))].sort());
    expect(await exists(a.files.pathOf(keyOf(png(1))))).toBe(true);
    expect(await exists(a.files.pathOf(keyOf(png(2))))).toBe(false);
    expect(await exists(a.files.pathOf(keyOf(png(3))))).toBe(false);
    expect(await exists(a.files.pathOf(keyOf(png(4))))).toBe(true);
    expect(await a.db.auditLog.count({ where: { action: "retention.drafts_erased" } })).toBe(1);

    // A second run finds nothing more.
    expect(await sweep()).toEqual({ drafts: 0, attachments: 0, files: 0 });
  });

  it("sweeps attachments of no record and files no attachment references, but spares recent ones", async () => {
    const a = await testAssistant();
    open.push(a);
    const now = a.clock.now();
    const sweep = () => sweepRetention({ db: a.db, files: a.files, now: a.clock.now, draftRetentionMs: 90 * DAY });
    const old = new Date(now.getTime() - 2 * 3_600_000);

    // An attachment row of nothing, with its bytes; an unreferenced old file; a leftover temporary
    // file; a fresh unreferenced file (an upload whose row is not written yet).
    const orphan = await a.files.put(png(10));
    await a.db.attachment.create({ data: { sha256: orphan.sha256, mime: "image/png", size: orphan.size, storageKey: orphan.storageKey, uploadedById: "someone", createdAt: old } });
    const stray = await a.files.put(png(11));
    const temp = `${a.files.pathOf(keyOf(png(12)))}.123.456.tmp`;
    await mkdir(dirname(temp), { recursive: true });
    await writeFile(temp, png(12));
    const fresh = await a.files.put(png(13));
    for (const path of [a.files.pathOf(orphan.storageKey), a.files.pathOf(stray.storageKey), temp]) await utimes(path, old, old);
    await utimes(a.files.pathOf(fresh.storageKey), now, now);
    // An orphan created a minute ago is spared too.
    const young = await a.files.put(png(14));
    await a.db.attachment.create({ data: { sha256: young.sha256, mime: "image/png", size: young.size, storageKey: young.storageKey, uploadedById: "someone", createdAt: new Date(now.getTime() - 60_000) } });
    await utimes(a.files.pathOf(young.storageKey), now, now);

    expect(await sweep()).toEqual({ drafts: 0, attachments: 1, files: 3 });
    expect(await a.db.attachment.findMany({ select: { sha256: true } })).toEqual([{ sha256: young.sha256 }]);
    expect(await exists(a.files.pathOf(orphan.storageKey))).toBe(false);
    expect(await exists(a.files.pathOf(stray.storageKey))).toBe(false);
    expect(await exists(temp)).toBe(false);
    expect(await exists(a.files.pathOf(fresh.storageKey))).toBe(true);
    expect(await exists(a.files.pathOf(young.storageKey))).toBe(true);
  });
});
