/**
 * Review rounds: a nomination an officer submits in the chat joins the open round of their unit
 * that takes its kind of commendation (year-end for "bình xét cuối năm", of its year); none when no
 * round fits or the round is closed; a village's own round before its commune's.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createInvite } from "../../src/admin/invites.ts";
import { closeRound, createRound, roundTakes } from "../../src/rounds/review-rounds.ts";
import { testAssistant } from "../support/test-assistant.ts";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import { nominationOfHoa, sayAll } from "../support/officer-scripts.ts";

const HA_TRUNG = "thanh-hoa/ha-trung";

describe("roundTakes", () => {
  const yearEnd = { kind: "TONG_KET_NAM", year: 2026, movement: null };
  const movement = { kind: "PHONG_TRAO", year: 2026, movement: "Toàn dân đoàn kết xây dựng đời sống văn hóa" };
  it("takes the year-end nominations of its year only", () => {
    expect(roundTakes(yearEnd, { achievementType: "THUONG_XUYEN", movement: null, year: 2026 })).toBe(true);
    expect(roundTakes(yearEnd, { achievementType: "THUONG_XUYEN", movement: null, year: 2025 })).toBe(false);
    expect(roundTakes(yearEnd, { achievementType: "DOT_XUAT", movement: null, year: 2026 })).toBe(false);
  });
  it("takes a movement's nominations by its name, with or without diacritics", () => {
    expect(roundTakes(movement, { achievementType: "CHUYEN_DE", movement: "toan dan doan ket xay dung doi song van hoa", year: 2026 })).toBe(true);
    expect(roundTakes(movement, { achievementType: "CHUYEN_DE", movement: "Xây dựng nông thôn mới", year: 2026 })).toBe(false);
    expect(roundTakes({ ...movement, movement: null }, { achievementType: "CHUYEN_DE", movement: "Xây dựng nông thôn mới", year: 2026 })).toBe(true);
  });
});

describe("a submitted nomination joins the open round", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function officerOfHaTrung() {
    const a = await testAssistant();
    close = () => a.close();
    const chat = new MemoryChat(a.service, "can-bo-ht");
    await chat.say((await createInvite(a.db, { role: "officer", unitId: HA_TRUNG, now: a.clock.now() })).code);
    return { a, chat };
  }
  const open = (a: Awaited<ReturnType<typeof testAssistant>>, kind: "TONG_KET_NAM" | "DOT_XUAT", unitId = HA_TRUNG) =>
    a.db.$transaction((tx) => createRound(tx, { unitId, kind, year: 2026, title: "Bình xét thi đua năm 2026", deadline: "2026-12-10", createdById: "thu-ky", now: a.clock.now() }));

  it("joins the year-end round of the officer's commune, and a later one joins none once it is closed", async () => {
    const { a, chat } = await officerOfHaTrung();
    await open(a, "DOT_XUAT");
    const round = await open(a, "TONG_KET_NAM");
    expect(round.code).toBe("DX-2026-002");
    await sayAll(chat, nominationOfHoa());
    const first = await a.db.dossier.findFirstOrThrow({ orderBy: { code: "asc" } });
    expect(first.roundId).toBe(round.id);

    await a.db.$transaction((tx) => closeRound(tx, round.id, "thu-ky", a.clock.now()));
    await sayAll(chat, nominationOfHoa());
    const second = await a.db.dossier.findFirstOrThrow({ orderBy: { code: "desc" } });
    expect(second.code).not.toBe(first.code);
    expect(second.roundId).toBeNull();
  });

  it("joins no round when none takes its kind of commendation", async () => {
    const { a, chat } = await officerOfHaTrung();
    await open(a, "DOT_XUAT");
    await sayAll(chat, nominationOfHoa());
    expect((await a.db.dossier.findFirstOrThrow()).roundId).toBeNull();
  });
});
