/**
 * Who may see a dossier's contents beyond its status (its papers, with the nominee's personal
 * data): the person who submitted it; an officer or a council secretary whose unit covers the
 * dossier's unit; an administrator. An officer or secretary not bound to a unit (an officer made
 * by a trusted local channel) sees only their own: a unit is granted by an admin's invitation.
 * Everyone else, citizens included, is refused, and the caller answers a refusal exactly as it
 * answers an unknown code, so that a code's existence is not revealed.
 */
import type { UnitDirectory } from "../catalogues/unit-directory.ts";

export interface DossierViewer {
  id: string;
  roles: readonly string[];
  /** The unit each role is bound to (null or absent: not bound). */
  units: Partial<Record<string, string | null>>;
}

export function maySeeDossier(viewer: DossierViewer, dossier: { submittedById: string | null; unitId: string }, units: Pick<UnitDirectory, "isWithin">): boolean {
  if (dossier.submittedById !== null && dossier.submittedById === viewer.id) return true;
  if (viewer.roles.includes("admin")) return true;
  return (["officer", "secretary"] as const).some((role) => {
    const scope = viewer.roles.includes(role) ? viewer.units[role] : null;
    return Boolean(scope) && units.isWithin(dossier.unitId, scope!);
  });
}
