/**
 * The people who hold roles, for an administrator: who they are on which channel, what they may do
 * and for which unit, and taking a role away again.
 */
import type { Db } from "../db/open-database.ts";
import { unitDisplayName } from "../catalogues/unit-name.ts";

/** Roles an administrator can take away; everybody stays a citizen. */
export const REVOCABLE_ROLES = ["officer", "secretary", "admin"] as const;
export type RevocableRole = (typeof REVOCABLE_ROLES)[number];

export interface PersonListing {
  userId: string;
  createdAt: Date;
  roles: { role: string; unitId: string | null; unitName: string | null; grantedAt: Date; grantedBy: string | null }[];
  /** How the person appears on each channel; no channel ids, phone numbers or full names. */
  identities: { channel: string; displayName: string | null }[];
}

/**
 * People with a role beyond citizen (everyone with `includeCitizens`), oldest first. Only display
 * names leave this function: an administrator reading the list needs to recognise a person, not
 * their phone number or chat id.
 */
export async function listPeople(db: Db, opts: { includeCitizens?: boolean } = {}): Promise<PersonListing[]> {
  const users = await db.user.findMany({
    where: opts.includeCitizens ? {} : { roles: { some: { role: { not: "citizen" } } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      createdAt: true,
      roles: { orderBy: { role: "asc" } },
      identities: { orderBy: { createdAt: "asc" }, select: { channel: true, displayName: true } },
    },
  });
  const unitIds = [...new Set(users.flatMap((u) => u.roles.map((r) => r.unitId)).filter((id): id is string => id !== null))];
  const units = await db.administrativeUnit.findMany({ where: { id: { in: unitIds } }, select: { id: true, name: true, localTypeName: true } });
  const names = new Map(units.map((u) => [u.id, unitDisplayName(u)]));
  return users.map((u) => ({
    userId: u.id,
    createdAt: u.createdAt,
    roles: u.roles.map((r) => ({
      role: r.role,
      unitId: r.unitId,
      unitName: r.unitId ? (names.get(r.unitId) ?? null) : null,
      grantedAt: r.grantedAt,
      grantedBy: r.grantedBy,
    })),
    identities: u.identities,
  }));
}

/**
 * Takes `role` away from `userId` and writes `role.revoked` to the audit log, in one transaction.
 * The citizen role cannot be revoked. Failures are returned: an unknown user, a role the person
 * does not hold, or a role that is not revocable.
 */
export async function revokeRole(
  db: Db,
  input: { userId: string; role: RevocableRole; by?: string; now: Date },
): Promise<{ ok: true; unitId: string | null } | { ok: false; reason: "unknown_user" | "no_role" | "not_revocable" }> {
  if (!(REVOCABLE_ROLES as readonly string[]).includes(input.role)) return { ok: false, reason: "not_revocable" };
  return db.$transaction(async (tx) => {
    const held = await tx.userRole.findUnique({ where: { userId_role: { userId: input.userId, role: input.role } } });
    if (!held) {
      const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true } });
      return { ok: false as const, reason: user ? ("no_role" as const) : ("unknown_user" as const) };
    }
    const { count } = await tx.userRole.deleteMany({ where: { userId: input.userId, role: input.role } });
    if (count !== 1) return { ok: false as const, reason: "no_role" as const };
    await tx.auditLog.create({
      data: { at: input.now, actorId: input.by ?? null, action: "role.revoked", entity: "UserRole", entityId: input.userId, data: { role: input.role, unitId: held.unitId } },
    });
    return { ok: true as const, unitId: held.unitId };
  });
}
