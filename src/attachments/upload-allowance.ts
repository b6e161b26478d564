/**
 * Per-person upload limits: at most `filesPerHour` files and `bytesPerHour` bytes stored in any
 * sliding hour, counted from the person's Attachment rows (uploadedById, createdAt; indexed for
 * this). A citizen cannot fill the disk by sending photos in a loop, and is told when to try again.
 */
import type { Db } from "../db/open-database.ts";

export interface UploadLimits {
  filesPerHour: number;
  bytesPerHour: number;
}

export const UPLOAD_WINDOW_MS = 3_600_000;

interface Stored {
  size: number;
  at: Date;
}

/**
 * The person's uploads in the hour before `now`, as an allowance: `take(size, now)` answers
 * whether one more file of `size` bytes fits and, if so, counts it (for a message carrying
 * several files); if not, when the oldest uploads will have left the window far enough for it.
 */
export class UploadAllowance {
  private constructor(
    private readonly limits: UploadLimits,
    /** Oldest first. */
    private readonly recent: Stored[],
  ) {}

  /** Reads the person's uploads of the last hour. */
  static async load(db: Db, userId: string, now: Date, limits: UploadLimits): Promise<UploadAllowance> {
    const rows = await db.attachment.findMany({
      where: { uploadedById: userId, createdAt: { gt: new Date(now.getTime() - UPLOAD_WINDOW_MS) } },
      select: { size: true, createdAt: true },
      orderBy: { createdAt: "asc" },
    });
    return new UploadAllowance(limits, rows.map((r) => ({ size: r.size, at: r.createdAt })));
  }

  /** Pure constructor for tests and callers that already hold the rows. */
  static of(limits: UploadLimits, recent: ReadonlyArray<{ size: number; at: Date }>): UploadAllowance {
    return new UploadAllowance(limits, [...recent].sort((a, b) => a.at.getTime() - b.at.getTime()));
  }

  take(size: number, now: Date): { ok: true } | { ok: false; retryAt: Date } {
    const fits = (from: number) => {
      const kept = this.recent.slice(from);
      return kept.length + 1 <= this.limits.filesPerHour && kept.reduce((sum, r) => sum + r.size, 0) + size <= this.limits.bytesPerHour;
    };
    if (fits(0)) {
      this.recent.push({ size, at: now });
      return { ok: true };
    }
    // The earliest moment enough of the oldest uploads are more than an hour old.
    for (let i = 0; i < this.recent.length; i++) {
      if (fits(i + 1)) return { ok: false, retryAt: new Date(this.recent[i]!.at.getTime() + UPLOAD_WINDOW_MS) };
    }
    return { ok: false, retryAt: new Date(now.getTime() + UPLOAD_WINDOW_MS) };
  }
}
