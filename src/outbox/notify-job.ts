/**
 * The `notify` job: delivers a chat message to a person through the sender of their channel
 * (written by the council's way back, src/council/apply-council-change.ts, by digests and by the report-nomination path). A channel that has no sender
 * in this process (the terminal chat) cannot be reached: dead letter, visible to operators.
 */
import type { ChannelSender } from "../channels/channel-port.ts";
import type { JobHandler } from "./outbox-runner.ts";
import { jobHandler, NOTIFY_JOB } from "./jobs.ts";

export function notifyJob(senders: ReadonlyMap<string, ChannelSender>): JobHandler {
  return jobHandler(NOTIFY_JOB, async (payload) => {
    const sender = senders.get(payload.channel);
    if (!sender) return { type: "dead", error: `no sender for channel ${payload.channel}` };
    try {
      await sender.send(payload.chatId, payload.messages);
      return { type: "done" };
    } catch (err) {
      return { type: "retry", error: `send failed: ${(err as Error)?.message ?? String(err)}` };
    }
  });
}
