/**
 * Writes the catalogues into the database at start, so reports and dossiers can refer to units
 * and awards by key and queries can join on them: missing units are added (existing ones are the
 * administrators' to change), awards are updated from the file.
 */
import type { Catalogues, UnitCatalogueEntry } from "../catalogues/load-catalogues.ts";
import type { Db } from "./open-database.ts";

const date = (iso: string | null | undefined) => (iso ? new Date(`${iso}T00:00:00Z`) : null);

export async function seedCatalogues(db: Db, catalogues: Catalogues): Promise<void> {
  // Parents before children: the file lists them that way, and the tree needs it.
  await db.$transaction(async (tx) => {
    // Units are only added: once in the database, a unit belongs to the administrators (renamed,
    // re-coded or closed with npm run admin), and a restart must not undo their changes.
    const existing = await tx.administrativeUnit.findMany({ select: { id: true, code: true } });
    const ids = new Set(existing.map((u) => u.id));
    const codes = new Set(existing.flatMap((u) => (u.code ? [u.code] : [])));
    for (const u of catalogues.units) {
      if (ids.has(u.id) || (u.code && codes.has(u.code))) continue;
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
    for (const a of catalogues.awards) {
      const data = {
        name: a.name,
        group: a.group,
        subjectKinds: a.subjectKinds.join(","),
        level: a.level,
        grantedBy: a.grantedBy,
        legalBasis: a.legalBasis ?? null,
        rewardCoefficient: a.rewardCoefficient ?? null,
        validFrom: date(a.validFrom),
        validTo: date(a.validTo),
      };
      await tx.awardType.upsert({ where: { code: a.code }, create: { code: a.code, ...data }, update: data });
    }
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
