/**
 * Who is writing: the person behind a channel identity, with their language, roles and the unit
 * each role is bound to. A sender seen for the first time becomes a person at once (a citizen,
 * and an officer too on a trusted local channel).
 */
import type { ChannelName, InboundMessage } from "../channels/channel-port.ts";
import { isLoopbackAddress } from "../channels/is-loopback-address.ts";
import type { Tx } from "../db/open-database.ts";
import type { Lang } from "../i18n/i18n.ts";

export type Role = "citizen" | "officer" | "secretary" | "admin";

export interface Person {
  id: string;
  fullName: string | null;
  locale: Lang;
  roles: Role[];
  /** The unit each role is bound to (null: not bound). */
  units: Partial<Record<Role, string | null>>;
}

export interface IdentifyDeps {
  defaultLocale: Lang;
  trustedChannels: readonly ChannelName[];
  /** Runs a writing transaction under the process's writer lock. */
  transaction: <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;
}

/** A person for a sender seen for the first time, with the default roles (see turn-snapshot.ts for the others). */
export async function createPerson(deps: IdentifyDeps, msg: InboundMessage): Promise<Person> {
  // A web visitor is local only when the socket says so: the same port may face the internet
  // through a proxy (webhooks), and forwarded headers can be forged.
  const trusted = deps.trustedChannels.includes(msg.channel) && (msg.channel !== "web" || isLoopbackAddress(msg.clientIp));
  const roles: Role[] = trusted ? ["citizen", "officer"] : ["citizen"];
  const user = await deps.transaction(async (tx) => {
    const created = await tx.user.create({
      data: {
        locale: deps.defaultLocale,
        fullName: msg.senderName ?? null,
        identities: { create: { channel: msg.channel, externalId: msg.senderId, displayName: msg.senderName ?? null } },
        roles: { create: roles.map((role) => ({ role, grantedBy: "system" })) },
      },
    });
    await tx.auditLog.create({ data: { actorId: created.id, action: "user.created", entity: "User", entityId: created.id, data: { channel: msg.channel, roles } } });
    return created;
  });
  return { id: user.id, fullName: user.fullName, locale: deps.defaultLocale, roles, units: {} };
}
