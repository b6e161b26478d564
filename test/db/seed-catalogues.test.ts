import { createClient } from "@libsql/client";
import { describe, expect, it } from "vitest";
import { loadCatalogues } from "../../src/catalogues/load-catalogues.ts";
import { openDatabase } from "../../src/db/open-database.ts";
import { seedCatalogues } from "../../src/db/seed-catalogues.ts";
import { sqliteUrl } from "../support/test-databases.ts";

describe("seedCatalogues", () => {
  it("adds units and awards once, writes nothing when nothing changed, and updates a changed award", async () => {
    const url = sqliteUrl();
    const { db } = await openDatabase(url);
    try {
      const catalogues = await loadCatalogues();
      await seedCatalogues(db, catalogues);
      expect(await db.administrativeUnit.count()).toBe(catalogues.units.length);
      expect(await db.awardType.count()).toBe(catalogues.awards.length);

      // Another process holds the write lock: a start with nothing to change must not need it.
      const other = createClient({ url });
      const tx = await other.transaction("write");
      try {
        await tx.execute(`INSERT INTO "AuditLog" (action, entity, entityId) VALUES ('held', 'Test', '1')`);
        await seedCatalogues(db, catalogues);
      } finally {
        await tx.rollback();
        other.close();
      }

      const [first, ...rest] = catalogues.awards;
      await seedCatalogues(db, { ...catalogues, awards: [{ ...first!, name: `${first!.name} (sửa)` }, ...rest] });
      expect((await db.awardType.findUnique({ where: { code: first!.code } }))?.name).toBe(`${first!.name} (sửa)`);
      expect(await db.awardType.count()).toBe(catalogues.awards.length);
    } finally {
      await db.$disconnect();
    }
  });
});
