/**
 * Tells the administrators about a problem that needs a person (a Zalo account kicked out, a
 * channel that stopped), on every channel where they can be reached except the broken one.
 */
import type { ChannelSender } from "../channels/channel-port.ts";
import type { Db } from "../db/open-database.ts";
import type { Logger } from "../log.ts";

export function alertAdmins(db: Db, senders: ReadonlyMap<string, ChannelSender>, except: string, log: Logger): (text: string) => Promise<void> {
  return async (text) => {
    const admins = await db.user.findMany({ where: { roles: { some: { role: "admin" } } }, include: { identities: true } });
    let delivered = 0;
    for (const identity of admins.flatMap((a) => a.identities)) {
      const sender = senders.get(identity.channel);
      if (!sender || identity.channel === except) continue;
      await sender.send(identity.externalId, [{ text: `⚠️ ${text}` }]);
      delivered++;
    }
    if (delivered === 0) log.warn("no administrator reachable on another channel for this alert");
  };
}
