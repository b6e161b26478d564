/**
 * The administrative-unit tree in memory: labels for display ("Tiểu khu 2, Xã Hà Trung"), the
 * path from the province down for dossiers, and the units in force on a date for answering
 * "where?" questions.
 */
import type { RunUnit } from "../flows/advance-run.ts";
import { inForce, type UnitCatalogueEntry } from "./load-catalogues.ts";
import { unitDisplayName } from "./unit-name.ts";

export class UnitDirectory {
  private readonly byId: ReadonlyMap<string, UnitCatalogueEntry>;

  constructor(readonly units: readonly UnitCatalogueEntry[]) {
    this.byId = new Map(units.map((u) => [u.id, u]));
  }

  /** The unit with its ancestors, province first. */
  chain(id: string): UnitCatalogueEntry[] {
    const out: UnitCatalogueEntry[] = [];
    for (let u = this.byId.get(id); u && out.length < 10; u = u.parentId ? this.byId.get(u.parentId) : undefined) out.unshift(u);
    return out;
  }

  /** The ids of the unit and of every unit under it. */
  idsWithin(rootId: string): string[] {
    return this.units.filter((u) => this.isWithin(u.id, rootId)).map((u) => u.id);
  }

  /** True when `id` is `ancestorId` or lies under it in the tree. */
  isWithin(id: string, ancestorId: string): boolean {
    return this.chain(id).some((u) => u.id === ancestorId);
  }

  /** Display name with its type word: "Xã Hà Trung", "Tiểu khu 2". */
  displayName(u: UnitCatalogueEntry): string {
    return unitDisplayName(u);
  }

  /** "Tiểu khu 2, Xã Hà Trung": the unit and its parent, enough to tell two of the same name apart. */
  label(id: string): string {
    const chain = this.chain(id);
    return chain.slice(-2).reverse().map((u) => this.displayName(u)).join(", ");
  }

  /** Names from the province down, for the dossier. */
  path(id: string): string[] {
    return this.chain(id).map((u) => this.displayName(u));
  }

  /** Units in force on the ISO date, as the flow engine takes them. */
  runUnits(onIso: string): RunUnit[] {
    return this.units
      .filter((u) => inForce(u, onIso))
      .map((u) => {
        const parent = u.parentId ? this.byId.get(u.parentId) : undefined;
        return {
          id: u.id,
          name: u.name,
          type: u.type,
          localTypeName: u.localTypeName ?? null,
          parentName: parent?.name ?? null,
          validTo: u.validTo ?? null,
          level: u.level,
          label: this.label(u.id),
        };
      });
  }
}
