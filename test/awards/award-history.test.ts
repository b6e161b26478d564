/**
 * Award history and duplicate detection on a real migrated database (SQLite, and PostgreSQL when
 * DATABASE_URL_POSTGRES is set): the rows a decision writes, the list the criteria evaluator
 * takes, and which earlier nominations flag a new one (Luật TĐKT 2022 Điều 5).
 */
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../src/db/open-database.ts";
import { awardHistoryFor, findDuplicateNominations, nomineeOf, recordAwardDecision, sameNominee, type NomineeIdentity } from "../../src/awards/award-history.ts";
import { isUpwardAward, isUpwardLevel } from "../../src/awards/is-upward-award.ts";
import { seedCatalogues } from "../../src/db/seed-catalogues.ts";
import { loadCatalogues } from "../../src/catalogues/load-catalogues.ts";
import { POSTGRES_URL, createPostgresDatabase, sqliteUrl } from "../support/test-databases.ts";

const AT = new Date("2026-11-25T02:00:00.000Z");
let serial = 0;

/** A nomination and its dossier with a local status, as submit-run and the feed leave them. */
async function nomination(db: Db, o: { name: string; birthDate?: string | null; nationalId?: string | null; kind?: "CA_NHAN" | "TAP_THE"; unitId?: string; awardCode?: string; year?: number; status: string }) {
  const n = ++serial;
  const row = await db.nomination.create({
    data: {
      nomineeKind: o.kind ?? "CA_NHAN",
      nomineeName: o.name,
      nomineeSnapshot: { fullName: o.name, nationalId: o.nationalId ?? null },
      birthDate: o.birthDate ?? null,
      awardCode: o.awardCode ?? "LAO_DONG_TIEN_TIEN",
      achievementType: "THUONG_XUYEN",
      summary: "Thành tích",
      unitId: o.unitId ?? "thanh-hoa/ha-trung/thon-tan-lap",
      year: o.year ?? 2026,
      status: "DA_TRINH",
      attestedAt: AT,
      draftId: `draft-${n}`,
      createdById: "officer",
    },
  });
  const code = `TDKT-2026-${String(n).padStart(6, "0")}`;
  const dossier = await db.dossier.create({
    data: { code, kind: "NOMINATION_INDIVIDUAL", payloadVersion: 1, payload: {}, status: o.status, unitId: row.unitId, submittedById: "officer", submittedAt: AT, nominationId: row.id },
  });
  return { row, dossier, code };
}

const HOA: NomineeIdentity = { kind: "CA_NHAN", name: "Nguyễn Thị Hoa", birthDate: "1985-03-05", nationalId: null, unitId: "thanh-hoa/ha-trung/thon-tan-lap" };

function suite(open: () => Promise<{ db: Db; drop?: () => Promise<void> }>) {
  let opened: { db: Db; drop?: () => Promise<void> };
  afterAll(async () => {
    await opened?.db.$disconnect();
    await opened?.drop?.();
  });

  it("writes one row per decision with the nominee as stored, lists granted awards for the criteria, and flags duplicates", async () => {
    opened = await open();
    const { db } = opened;
    const granted = await nomination(db, { name: "Nguyễn Thị Hoa", birthDate: "1985-03-05", status: "GRANTED", year: 2025 });
    const decision = { number: "88/QĐ-UBND", signedOn: "2025-12-20", signer: "Chủ tịch UBND xã", outcome: "granted" as const, level: "commune" as const };
    await recordAwardDecision(db, { dossierId: granted.dossier.id, nomination: granted.row, decision, now: AT });
    // The same decision applied twice (a feed read again) leaves one row.
    await recordAwardDecision(db, { dossierId: granted.dossier.id, nomination: granted.row, decision: { ...decision, number: "khác" }, now: AT });
    const refused = await nomination(db, { name: "Nguyễn Thị Hoa", birthDate: "1985-03-05", status: "REFUSED", awardCode: "CSTD_CO_SO", year: 2025 });
    await recordAwardDecision(db, { dossierId: refused.dossier.id, nomination: refused.row, decision: { ...decision, number: "89/QĐ-UBND", outcome: "refused" }, now: AT });

    expect(await db.awardRecord.findMany({ orderBy: { decisionNumber: "asc" }, select: { nomineeName: true, nomineeKey: true, birthDate: true, awardCode: true, year: true, decisionNumber: true, decidedOn: true, signer: true, level: true, status: true } })).toEqual([
      { nomineeName: "Nguyễn Thị Hoa", nomineeKey: "nguyen thi hoa", birthDate: "1985-03-05", awardCode: "LAO_DONG_TIEN_TIEN", year: 2025, decisionNumber: "88/QĐ-UBND", decidedOn: "2025-12-20", signer: "Chủ tịch UBND xã", level: "XA", status: "GRANTED" },
      { nomineeName: "Nguyễn Thị Hoa", nomineeKey: "nguyen thi hoa", birthDate: "1985-03-05", awardCode: "CSTD_CO_SO", year: 2025, decisionNumber: "89/QĐ-UBND", decidedOn: "2025-12-20", signer: "Chủ tịch UBND xã", level: "XA", status: "REFUSED" },
    ]);
    // Only what was granted counts for the criteria; typed without diacritics, the name matches.
    expect(await awardHistoryFor(db, { ...HOA, name: "nguyen thi hoa" })).toEqual([{ awardCode: "LAO_DONG_TIEN_TIEN", year: 2025, decisionNumber: "88/QĐ-UBND", decidedOn: "2025-12-20", signer: "Chủ tịch UBND xã", dossierId: granted.dossier.id }]);
    // Another person with the same name but another birth date has no history.
    expect(await awardHistoryFor(db, { ...HOA, birthDate: "1990-01-01" })).toEqual([]);

    // 2025 LĐTT was granted: a new 2025 LĐTT nomination for her is flagged, a 2026 one is not.
    const again2025 = await nomination(db, { name: "Nguyễn  Thị Hoa", birthDate: "1985-03-05", status: "QUEUED", year: 2025 });
    expect(await findDuplicateNominations(db, { nominee: nomineeOf(again2025.row), awardCode: "LAO_DONG_TIEN_TIEN", year: 2025, excludeNominationId: again2025.row.id })).toEqual([
      { code: granted.code, awardCode: "LAO_DONG_TIEN_TIEN", year: 2025, kind: "GRANTED", status: "GRANTED", decisionNumber: "88/QĐ-UBND" },
    ]);
    const in2026 = await nomination(db, { name: "Nguyễn Thị Hoa", birthDate: "1985-03-05", status: "IN_REVIEW" });
    expect(await findDuplicateNominations(db, { nominee: nomineeOf(in2026.row), awardCode: "LAO_DONG_TIEN_TIEN", year: 2026, excludeNominationId: in2026.row.id })).toEqual([]);
    // A pending one is flagged; refused, not recommended and returned ones are not.
    const second2026 = await nomination(db, { name: "Nguyen Thi Hoa", birthDate: "1985-03-05", status: "QUEUED" });
    await nomination(db, { name: "Nguyễn Thị Hoa", birthDate: "1985-03-05", status: "NOT_RECOMMENDED" });
    await nomination(db, { name: "Nguyễn Thị Hoa", birthDate: "1985-03-05", status: "RETURNED" });
    expect(await findDuplicateNominations(db, { nominee: nomineeOf(second2026.row), awardCode: "LAO_DONG_TIEN_TIEN", year: 2026, excludeNominationId: second2026.row.id })).toEqual([
      { code: in2026.code, awardCode: "LAO_DONG_TIEN_TIEN", year: 2026, kind: "PENDING", status: "IN_REVIEW", decisionNumber: null },
    ]);
  });

  it("knows which awards go upward from the seeded catalogue", async () => {
    const { db } = opened;
    await seedCatalogues(db, await loadCatalogues());
    expect(await isUpwardAward(db, "BANG_KHEN_CT_UBND_TINH")).toBe(true);
    expect(await isUpwardAward(db, "CSTD_TINH")).toBe(true);
    expect(await isUpwardAward(db, "LAO_DONG_TIEN_TIEN")).toBe(false);
    expect(await isUpwardAward(db, "KHONG_CO")).toBe(false);
  });
}

describe("which awards go upward", () => {
  it("the level rule agrees with the catalogue's `upward` flag for every award", async () => {
    const { law } = await loadCatalogues();
    expect(law.awards.length).toBeGreaterThan(5);
    for (const award of law.awards) expect(isUpwardLevel(award.level), award.code).toBe(award.upward);
  });
});

describe("who is the same nominee", () => {
  it("by the số định danh when both have one, else by the folded name with the birth date (a person) or the unit (a collective)", () => {
    expect(sameNominee({ ...HOA, nationalId: "038185001234" }, { ...HOA, name: "Hoa", nationalId: "038185001234" })).toBe(true);
    expect(sameNominee({ ...HOA, nationalId: "038185001234" }, { ...HOA, nationalId: "038185009999" })).toBe(false);
    expect(sameNominee(HOA, { ...HOA, name: "NGUYEN THI HOA", nationalId: "038185001234" })).toBe(true);
    expect(sameNominee(HOA, { ...HOA, birthDate: null })).toBe(false);
    const team: NomineeIdentity = { kind: "TAP_THE", name: "Chi hội Phụ nữ thôn Tân Lập", birthDate: null, nationalId: null, unitId: "u1" };
    expect(sameNominee(team, { ...team, name: "chi hoi phu nu thon tan lap" })).toBe(true);
    expect(sameNominee(team, { ...team, unitId: "u2" })).toBe(false);
    expect(sameNominee(team, { ...team, kind: "HO_GIA_DINH" })).toBe(false);
  });
});

describe("award history on SQLite", () => {
  suite(async () => ({ db: (await openDatabase(sqliteUrl())).db }));
});

describe.skipIf(!POSTGRES_URL)("award history on PostgreSQL", () => {
  suite(async () => {
    const created = await createPostgresDatabase();
    return { db: (await openDatabase(created.url)).db, drop: created.drop };
  });
});
