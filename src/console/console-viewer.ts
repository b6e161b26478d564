/**
 * Who may use the console, and over which dossiers: an administrator over all of them, a council
 * secretary over their council's unit and the units under it. A secretary bound to no unit is not
 * let in (a unit comes with the administrator's invitation): the console shows personal data, and
 * "no unit" must never read as "every unit". Officers and citizens are refused. Read from the
 * roles on every request, so revoking a role ends access at once.
 */
import type { Db } from "../db/open-database.ts";

/** The dossiers a console user may see and act on. */
export type ConsoleScope = { all: true } | { all: false; unitId: string };

export interface ConsoleViewer {
  userId: string;
  scope: ConsoleScope;
}

/** The console scope of a person with these roles (and the unit each is bound to), or null: no access. */
export function consoleScopeOf(roles: readonly string[], units: Partial<Record<string, string | null>>): ConsoleScope | null {
  if (roles.includes("admin")) return { all: true };
  const unitId = roles.includes("secretary") ? units.secretary : null;
  return unitId ? { all: false, unitId } : null;
}

/** The person as the console sees them, or null when they may not use it (or their data was erased). */
export async function loadConsoleViewer(db: Db, userId: string): Promise<ConsoleViewer | null> {
  const user = await db.user.findUnique({ where: { id: userId }, include: { roles: true } });
  if (!user || user.erasedAt) return null;
  const scope = consoleScopeOf(
    user.roles.map((r) => r.role),
    Object.fromEntries(user.roles.map((r) => [r.role, r.unitId])),
  );
  return scope ? { userId, scope } : null;
}
