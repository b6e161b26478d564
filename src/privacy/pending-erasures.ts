/**
 * Erasure requests waiting for the person's confirmation, by user id.
 *
 * Decision: the confirmation is a pending state held in memory for a few minutes, not a flow. A
 * flow would be a draft — and the person may have a form open, which the erasure removes too —
 * and would appear in the menu; a flow's yes-no step also re-asks on an unclear answer, where
 * here anything but "có" must cancel. Memory is enough because the state is worth nothing: a
 * restart in the seconds between the question and the answer only means the next message is not
 * taken as a confirmation (it cancels nothing and erases nothing), and the person types
 * "xoá dữ liệu" again. Messages of one chat are already handled by one process (the per-chat lock
 * in the conversation service is in memory too).
 */

/** How long a request waits for "có". */
export const ERASURE_CONFIRM_MS = 10 * 60_000;

export class PendingErasures {
  private readonly pending = new Map<string, number>();

  /** Records that `userId` was asked to confirm at `now`. */
  ask(userId: string, now: Date): void {
    this.sweep(now);
    this.pending.set(userId, now.getTime() + ERASURE_CONFIRM_MS);
  }

  /** Whether a request of `userId` is waiting; it is consumed either way (one answer decides). */
  take(userId: string, now: Date): boolean {
    const until = this.pending.get(userId);
    this.pending.delete(userId);
    return until !== undefined && until > now.getTime();
  }

  private sweep(now: Date): void {
    for (const [id, until] of this.pending) if (until <= now.getTime()) this.pending.delete(id);
  }
}
