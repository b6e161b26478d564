/**
 * The `notify` job: delivers a chat message to a person through the sender of their channel
 * (written by the council's way back, see apply-council-change.ts). A channel that has no sender
 * in this process (the terminal chat) cannot be reached: dead letter, visible to operators.
 */
import type { ChannelSender } from "../channels/channel-port.ts";
import type { JobHandler } from "../outbox/outbox-runner.ts";
import type { NotifyPayload } from "./apply-council-change.ts";

export function notifyJob(senders: ReadonlyMap<string, ChannelSender>): JobHandler {
  return async (job) => {
    const payload = job.payload as NotifyPayload;
    const sender = senders.get(payload.channel);
    if (!sender) return { type: "dead", error: `no sender for channel ${payload.channel}` };
    try {
      await sender.send(payload.chatId, payload.messages);
      return { type: "done" };
    } catch (err) {
      return { type: "retry", error: `send failed: ${(err as Error)?.message ?? String(err)}` };
    }
  };
}
