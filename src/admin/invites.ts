/**
 * Invitations: how a person gets a role. An administrator creates a single-use code for a role
 * (and, for officers and secretaries, a unit); the person sends it to the assistant on any channel
 * (`/start <code>` or the deep link in Telegram, the bare code in Zalo or the web chat) and gets
 * the role. Codes expire, can be revoked, and can be redeemed once, also when two redeem at once.
 */
import { randomInt } from "node:crypto";
import type { Db } from "../db/open-database.ts";
import { insertFreshCode, normalizeOneTimeCode } from "./one-time-code.ts";
import { unitDisplayName } from "../catalogues/unit-name.ts";

export type InviteRole = "officer" | "secretary" | "admin";
export const INVITE_ROLES: readonly InviteRole[] = ["officer", "secretary", "admin"];

const DEFAULT_HOURS = 72;
/** A code should be redeemed within days; a year is the outer bound of a mistake. */
const MAX_HOURS = 24 * 365;

/** Why an invitation could not be created; `message` is Vietnamese, fit for the administrator. */
export class InviteError extends Error {
  override readonly name = "InviteError";
  constructor(
    readonly code: "role" | "unit_required" | "unit_unknown" | "unit_expired" | "unit_not_allowed" | "hours",
    message: string,
  ) {
    super(message);
  }
}

export interface CreateInviteInput {
  role: InviteRole;
  /** Required (an existing unit id) for officer and secretary; must be absent for admin. */
  unitId?: string | null;
  /** Hours until the code expires; 72 by default. */
  hours?: number;
  /** Who created it; becomes `grantedBy` of the role it gives. */
  createdBy?: string;
  now: Date;
}

/**
 * Creates a single-use code `INV-XXXX-XXXX-XXXX-X` (13 Crockford base32 symbols from the crypto
 * random source, 65 bits; see `one-time-code.ts`). Throws {@link InviteError} for a role
 * without its required unit, an unknown or abolished unit, a unit given to an admin role, or a
 * validity that is not a positive number of hours up to a year.
 */
export async function createInvite(db: Db, input: CreateInviteInput): Promise<{ code: string; expiresAt: Date }> {
  if (!INVITE_ROLES.includes(input.role)) {
    throw new InviteError("role", `vai trò "${String(input.role)}" không hợp lệ (officer, secretary hoặc admin)`);
  }
  const hours = input.hours ?? DEFAULT_HOURS;
  if (!Number.isFinite(hours) || hours <= 0 || hours > MAX_HOURS) {
    throw new InviteError("hours", `thời hạn phải là số giờ lớn hơn 0 và không quá ${MAX_HOURS}`);
  }
  const unitId = input.unitId?.trim() || null;
  if (input.role === "admin") {
    if (unitId) throw new InviteError("unit_not_allowed", "vai trò quản trị (admin) không gắn với đơn vị nào, bỏ --unit");
  } else {
    if (!unitId) throw new InviteError("unit_required", `vai trò ${input.role} cần một đơn vị (--unit <mã hoặc id đơn vị>)`);
    const unit = await db.administrativeUnit.findUnique({ where: { id: unitId } });
    if (!unit) throw new InviteError("unit_unknown", `không có đơn vị ${unitId}`);
    if (unit.validTo && unit.validTo.getTime() < input.now.getTime() - 24 * 3_600_000) {
      throw new InviteError("unit_expired", `đơn vị ${unitId} đã hết hiệu lực từ ${unit.validTo.toISOString().slice(0, 10)}`);
    }
  }
  const expiresAt = new Date(input.now.getTime() + hours * 3_600_000);
  const code = await insertFreshCode("INV", (code) =>
    retryWhenBusy(() =>
      db.$transaction(async (tx) => {
        await tx.invite.create({
          data: { code, role: input.role, unitId, createdBy: input.createdBy ?? null, createdAt: input.now, expiresAt },
        });
        await tx.auditLog.create({
          data: { at: input.now, actorId: input.createdBy ?? null, action: "invite.created", entity: "Invite", entityId: code, data: { role: input.role, unitId, expiresAt: expiresAt.toISOString() } },
        });
      }),
    ),
  );
  return { code, expiresAt };
}

/**
 * Reads an invitation code the way people type or paste it (`inv 7f3k 9qab x2md 4` →
 * `INV-7F3K-9QAB-X2MD-4`, also `inv_7F3K9QABX2MD4` from a deep link; see
 * {@link normalizeOneTimeCode}). Null when the text is not a code.
 */
export function normalizeInviteCode(text: string): string | null {
  return normalizeOneTimeCode("INV", text);
}

export type InviteStatus = "active" | "used" | "expired" | "revoked";

export interface InviteListing {
  code: string;
  role: string;
  unitId: string | null;
  /** "Xã Hà Trung", for display; null without a unit (or when the unit is gone). */
  unitName: string | null;
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  usedBy: string | null;
  revokedAt: Date | null;
  status: InviteStatus;
}

function statusOf(i: { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date): InviteStatus {
  if (i.usedAt) return "used";
  if (i.revokedAt) return "revoked";
  return i.expiresAt.getTime() > now.getTime() ? "active" : "expired";
}

/** Every invitation, newest first, with its status at `now`. */
export async function listInvites(db: Db, now: Date): Promise<InviteListing[]> {
  const invites = await db.invite.findMany({ orderBy: [{ createdAt: "desc" }, { code: "asc" }] });
  const unitIds = [...new Set(invites.map((i) => i.unitId).filter((id): id is string => id !== null))];
  const units = await db.administrativeUnit.findMany({ where: { id: { in: unitIds } }, select: { id: true, name: true, localTypeName: true } });
  const names = new Map(units.map((u) => [u.id, unitDisplayName(u)]));
  return invites.map((i) => ({ ...i, unitName: i.unitId ? (names.get(i.unitId) ?? null) : null, status: statusOf(i, now) }));
}

/**
 * Revokes a code that was not used yet (an expired one too, harmlessly). Accepts the code as typed
 * (see {@link normalizeInviteCode}).
 */
export async function revokeInvite(
  db: Db,
  code: string,
  now: Date,
  by?: string,
): Promise<{ ok: true; code: string } | { ok: false; reason: "unknown" | "used" | "revoked" }> {
  const normalized = normalizeInviteCode(code);
  if (!normalized) return { ok: false, reason: "unknown" };
  return retryWhenBusy(() =>
    db.$transaction(async (tx) => {
      const { count } = await tx.invite.updateMany({ where: { code: normalized, usedAt: null, revokedAt: null }, data: { revokedAt: now } });
      if (count !== 1) {
        const invite = await tx.invite.findUnique({ where: { code: normalized } });
        return { ok: false as const, reason: !invite ? ("unknown" as const) : invite.usedAt ? ("used" as const) : ("revoked" as const) };
      }
      await tx.auditLog.create({ data: { at: now, actorId: by ?? null, action: "invite.revoked", entity: "Invite", entityId: normalized } });
      return { ok: true as const, code: normalized };
    }),
  );
}

export type RedeemResult =
  | { ok: true; role: InviteRole; unitId: string | null }
  | { ok: false; reason: "unknown" | "used" | "expired" | "revoked" };

/**
 * Gives `userId` the invitation's role, once. The code is claimed with one conditional update
 * (unused, not revoked, not expired at `now`) that only one of two concurrent redeemers can win;
 * in the same transaction the role is granted (or re-bound to the invitation's unit, with the
 * invitation's creator as `grantedBy`) and `invite.redeemed` is written to the audit log. The
 * user must exist. Failures are returned: an unknown code (also text that is not a code), one
 * already used (by anyone), expired or revoked.
 */
export async function redeemInvite(db: Db, input: { code: string; userId: string; now: Date }): Promise<RedeemResult> {
  const code = normalizeInviteCode(input.code);
  if (!code) return { ok: false, reason: "unknown" };
  const { now, userId } = input;
  return retryWhenBusy(() =>
    db.$transaction(
      async (tx): Promise<RedeemResult> => {
        const { count } = await tx.invite.updateMany({
          where: { code, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
          data: { usedAt: now, usedBy: userId },
        });
        const invite = await tx.invite.findUnique({ where: { code } });
        if (count !== 1 || !invite) {
          if (!invite) return { ok: false, reason: "unknown" };
          return { ok: false, reason: invite.usedAt ? "used" : invite.revokedAt ? "revoked" : "expired" };
        }
        const role = invite.role as InviteRole;
        const grant = { unitId: invite.unitId, grantedAt: now, grantedBy: invite.createdBy };
        await tx.userRole.upsert({
          where: { userId_role: { userId, role } },
          create: { userId, role, ...grant },
          update: grant,
        });
        await tx.auditLog.create({
          data: { at: now, actorId: userId, action: "invite.redeemed", entity: "Invite", entityId: code, data: { role, unitId: invite.unitId, grantedBy: invite.createdBy } },
        });
        return { ok: true, role, unitId: invite.unitId };
      },
      { maxWait: 15_000, timeout: 30_000 },
    ),
  );
}

/**
 * Runs a write transaction again when the database was busy. Two SQLite connections (the service
 * and a second process, or a second client) that write at once can lock each other until the busy
 * timeout gives one up; the loser then retries and sees the winner's result. PostgreSQL reports a
 * write conflict as P2034.
 */
async function retryWhenBusy<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      const code = (err as { code?: string }).code;
      const busy = code === "P1008" || code === "P2034" || /SQLITE_BUSY|database is locked/i.test(String((err as Error).message));
      if (!busy || attempt >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + randomInt(50)));
    }
  }
}
