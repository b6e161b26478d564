/**
 * The administrative-unit tree in memory: labels for display ("Tiểu khu 2, Xã Hà Trung"), the
 * path from the province down for dossiers, the units in force on a date for answering "where?"
 * questions, and the units abolished before it with the units that took them over, so that
 * "huyện Hà Trung" or "Kon Tum" still find today's unit.
 */
import type { RunFormerUnit, RunUnit } from "../flows/advance-run.ts";
import { inForce, type UnitCatalogueEntry } from "./load-catalogues.ts";
import { formerTypeWord } from "./former-units.ts";
import { unitDisplayName } from "./unit-name.ts";

/** A unit of the list of former units (src/catalogues/former-units.ts), as far as the directory needs it. */
export interface FormerUnitSource {
  /** Its own code (old codes and today's overlap: they are never looked up together). */
  code: string;
  /** With its type word: "Huyện Hà Trung", "Thị trấn Hà Trung". */
  name: string;
  kind: string;
  /** The old unit it belonged to (a district, a province), in the same list. */
  parentCode: string | null;
  /** Today's units that took its territory, by code. */
  successorCodes: readonly string[];
}

export class UnitDirectory {
  private readonly byId: ReadonlyMap<string, UnitCatalogueEntry>;
  // The engine's lists for the last date asked: the same array objects all day, so matchers may
  // index them once.
  private onDay: { iso: string; units: RunUnit[]; former: RunFormerUnit[] } | undefined;

  /** `former`: the units abolished before the catalogue's map, from the national list of former units. */
  constructor(
    readonly units: readonly UnitCatalogueEntry[],
    private readonly former: readonly FormerUnitSource[] = [],
  ) {
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

  /** Units in force on the ISO date, as the flow engine takes them (the same array for the same date). */
  runUnits(onIso: string): RunUnit[] {
    return this.day(onIso).units;
  }

  /**
   * Units no longer in force on the ISO date that were taken over by units in force then: the
   * catalogue's own closed units with successors (units.yaml) and the national list of former
   * units. Successors outside the installation's units are left out, and so is a former unit
   * without any left.
   */
  formerUnits(onIso: string): RunFormerUnit[] {
    return this.day(onIso).former;
  }

  private day(iso: string): { iso: string; units: RunUnit[]; former: RunFormerUnit[] } {
    if (this.onDay?.iso !== iso) {
      const current = this.units.filter((u) => inForce(u, iso));
      const units = current.map((u): RunUnit => ({ ...this.entryOf(u, (parent) => parent.name), level: u.level }));
      this.onDay = { iso, units, former: this.formerOn(iso, current) };
    }
    return this.onDay;
  }

  /** A unit as the matchers read it, with its label; `parentName` says how its parent is named. */
  private entryOf(u: UnitCatalogueEntry, parentName: (parent: UnitCatalogueEntry) => string): Omit<RunUnit, "level"> {
    const parent = u.parentId ? this.byId.get(u.parentId) : undefined;
    return {
      id: u.id,
      name: u.name,
      type: u.type,
      localTypeName: u.localTypeName ?? null,
      parentName: parent ? parentName(parent) : null,
      validTo: u.validTo ?? null,
      label: this.label(u.id),
    };
  }

  private formerOn(iso: string, current: readonly UnitCatalogueEntry[]): RunFormerUnit[] {
    const idOfCode = new Map(current.flatMap((u) => (u.code ? [[u.code, u.id] as const] : [])));
    const currentIds = new Set(current.map((u) => u.id));
    const closed = this.units
      .filter((u) => u.validTo != null && u.validTo < iso)
      .map((u): RunFormerUnit => ({
        // Named with its parent's type word: several former units of one name are told apart by it.
        ...this.entryOf(u, unitDisplayName),
        successorIds: (u.successorIds ?? []).filter((id) => currentIds.has(id)),
      }));
    const byCode = new Map(this.former.map((f) => [f.code, f]));
    const listed = this.former.map((f): RunFormerUnit => {
      const parent = f.parentCode ? byCode.get(f.parentCode) : undefined;
      return {
        id: `former/${f.code}`,
        name: f.name,
        type: f.kind,
        localTypeName: formerTypeWord(f.kind),
        parentName: parent?.name ?? null,
        validTo: null,
        label: parent ? `${f.name}, ${parent.name}` : f.name,
        successorIds: f.successorCodes.flatMap((code) => idOfCode.get(code) ?? []),
      };
    });
    return [...closed, ...listed].filter((f) => f.successorIds.length > 0);
  }
}
