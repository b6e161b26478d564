/**
 * Everything a turn reads before it decides, in one round trip: whether the message was applied
 * already (and the replies stored with it), the person behind the sender with their roles, and
 * their open draft. Measured on the message path it replaces five statements (the message id, the
 * identity, the user, the roles, the draft) with one; the SQL is plain enough to run as written on
 * SQLite and PostgreSQL (quoted identifiers, left joins on primary and unique keys, one scalar
 * subquery on the draft index on userId, status, createdAt).
 */
import type { InboundMessage } from "../channels/channel-port.ts";
import type { Db } from "../db/open-database.ts";
import type { Person, Role } from "./person.ts";

/** The open draft's row, as DraftStore resolves it against the flow registry. */
export interface DraftRow {
  id: string;
  flowId: string;
  flowRevision: number;
  state: unknown;
  sourceDossierId: string | null;
}

export interface TurnSnapshot {
  /** Set when the message id was applied already, with the replies stored for it (web chat only). */
  seen: { replies: unknown } | null;
  /** Null for a sender seen for the first time. */
  person: Person | null;
  draft: DraftRow | null;
}

interface Row {
  seen: number | bigint;
  replies: unknown;
  userId: string | null;
  fullName: string | null;
  locale: string | null;
  role: string | null;
  unitId: string | null;
  draftId: string | null;
  flowId: string | null;
  flowRevision: number | bigint | null;
  state: unknown;
  sourceDossierId: string | null;
}

/** SQLite hands JSON columns back as text, PostgreSQL as values. */
function json(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}

export async function readTurnSnapshot(db: Db, msg: InboundMessage): Promise<TurnSnapshot> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT
      CASE WHEN p."messageId" IS NULL THEN 0 ELSE 1 END AS "seen", p."replies" AS "replies",
      u."id" AS "userId", u."fullName" AS "fullName", u."locale" AS "locale", r."role" AS "role", r."unitId" AS "unitId",
      d."id" AS "draftId", d."flowId" AS "flowId", d."flowRevision" AS "flowRevision", d."state" AS "state", d."sourceDossierId" AS "sourceDossierId"
    FROM (SELECT 1 AS "one") base
    LEFT JOIN "ProcessedMessage" p ON p."channel" = ${msg.channel} AND p."chatId" = ${msg.chatId} AND p."messageId" = ${msg.messageId}
    LEFT JOIN "ChannelIdentity" i ON i."channel" = ${msg.channel} AND i."externalId" = ${msg.senderId}
    LEFT JOIN "User" u ON u."id" = i."userId"
    LEFT JOIN "UserRole" r ON r."userId" = u."id"
    LEFT JOIN "Draft" d ON d."id" = (
      SELECT d2."id" FROM "Draft" d2 WHERE d2."userId" = u."id" AND d2."status" = 'ACTIVE' ORDER BY d2."createdAt" DESC LIMIT 1
    )`;
  const first = rows[0];
  if (!first) throw new Error("the turn snapshot query returned no row");
  const seen = Number(first.seen) === 1 ? { replies: first.replies === null ? null : json(first.replies) } : null;
  const person: Person | null = first.userId
    ? {
        id: first.userId,
        fullName: first.fullName,
        locale: first.locale === "en" ? "en" : "vi",
        roles: rows.filter((r) => r.role !== null).map((r) => r.role as Role),
        units: Object.fromEntries(rows.filter((r) => r.role !== null).map((r) => [r.role, r.unitId])),
      }
    : null;
  const draft: DraftRow | null = first.draftId
    ? { id: first.draftId, flowId: first.flowId!, flowRevision: Number(first.flowRevision), state: json(first.state), sourceDossierId: first.sourceDossierId }
    : null;
  return { seen, person, draft };
}
