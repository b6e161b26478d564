/**
 * Writes the catalogues into the database at start, so reports and dossiers can refer to units
 * and awards by key and queries can join on them: missing units are added (existing ones are the
 * administrators' to change), awards are updated from the file.
 */
import type { Catalogues, UnitCatalogueEntry } from "../catalogues/load-catalogues.ts";
import type { Db } from "./open-database.ts";

const date = (iso: string | null | undefined) => (iso ? new Date(`${iso}T00:00:00Z`) : null);

export async function seedCatalogues(db: Db, catalogues: Catalogues): Promise<void> {
  // Read first, write only what is missing or changed: most starts write nothing, so a restarted
  // process never waits for the write lock of another one on the same database.
  const [units, awards] = await Promise.all([
    db.administrativeUnit.findMany({ select: { id: true, code: true } }),
    db.awardType.findMany(),
  ]);
  // Units are only added: once in the database, a unit belongs to the administrators (renamed,
  // re-coded or closed with npm run admin), and a restart must not undo their changes.
  const ids = new Set(units.map((u) => u.id));
  const codes = new Set(units.flatMap((u) => (u.code ? [u.code] : [])));
  const newUnits = catalogues.units.filter((u) => !ids.has(u.id) && !(u.code && codes.has(u.code)));
  const stored = new Map(awards.map((a) => [a.code, a]));
  const changedAwards = catalogues.awards
    .map((a) => ({
      code: a.code,
      data: {
        name: a.name,
        group: a.group,
        subjectKinds: a.subjectKinds.join(","),
        level: a.level,
        grantedBy: a.grantedBy,
        legalBasis: a.legalBasis ?? null,
        rewardCoefficient: a.rewardCoefficient ?? null,
        validFrom: date(a.validFrom),
        validTo: date(a.validTo),
      },
    }))
    .filter(({ code, data }) => !sameAward(stored.get(code), data));
  if (newUnits.length === 0 && changedAwards.length === 0) return;
  await db.$transaction(async (tx) => {
    // Parents before children: the file lists them that way, and the tree needs it.
    for (const u of newUnits) {
      await tx.administrativeUnit.create({
        data: {
          id: u.id,
          code: u.code ?? null,
          name: u.name,
          type: u.type,
          localTypeName: u.localTypeName ?? null,
          level: u.level,
          parentId: u.parentId ?? null,
          validFrom: date(u.validFrom),
          validTo: date(u.validTo),
          successorIds: u.successorIds?.join(",") ?? null,
        },
      });
    }
    for (const { code, data } of changedAwards) {
      await tx.awardType.upsert({ where: { code }, create: { code, ...data }, update: data });
    }
    // The first start on the whole national list writes 3,355 units one at a time: seconds, not Prisma's default 5 s.
  }, { maxWait: 30_000, timeout: 600_000 });
}

function sameAward(row: Record<string, unknown> | undefined, data: Record<string, unknown>): boolean {
  if (!row) return false;
  return Object.entries(data).every(([k, v]) => {
    const have = row[k];
    return v instanceof Date || have instanceof Date
      ? (v as Date | null)?.getTime() === (have as Date | null)?.getTime()
      : String(v ?? "") === String(have ?? "") && (v === null) === (have === null);
  });
}

/** Every unit in the database, as catalogue entries (dates as yyyy-mm-dd). */
export async function loadUnits(db: Db): Promise<UnitCatalogueEntry[]> {
  const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
  const rows = await db.administrativeUnit.findMany({ orderBy: { id: "asc" } });
  return rows.map((u) => ({
    id: u.id,
    code: u.code,
    name: u.name,
    type: u.type,
    localTypeName: u.localTypeName,
    level: u.level as UnitCatalogueEntry["level"],
    parentId: u.parentId,
    validFrom: day(u.validFrom),
    validTo: day(u.validTo),
    successorIds: u.successorIds ? u.successorIds.split(",") : null,
  }));
}
