/**
 * Follows the council's changes feed (`GET /v1/changes?after=<cursor>`): the council never has to
 * reach the bot, and nothing is missed while the bot is down, because the cursor is stored with
 * each applied change and reading resumes after it.
 */
import type { Db } from "../db/open-database.ts";
import type { Logger } from "../log.ts";
import type { CouncilChange } from "./apply-council-change.ts";
import type { CouncilApiClient } from "./council-client.ts";
import { RepeatEvery } from "../outbox/repeat-every.ts";

export interface FollowerOptions {
  db: Db;
  client: CouncilApiClient;
  /** Applies one change (and stores the cursor with it). */
  apply: (feed: string, change: CouncilChange) => Promise<boolean>;
  log: Logger;
  /** Names the cursor; one per council followed. */
  feed?: string;
}

export class CouncilFeedFollower {
  private readonly loop: RepeatEvery;
  readonly feed: string;

  constructor(private readonly opts: FollowerOptions) {
    this.feed = opts.feed ?? "council";
    this.loop = new RepeatEvery(() => this.pollOnce(), opts.log, "reading the council feed");
  }

  /** Reads and applies every change after the stored cursor; returns how many were read. */
  async pollOnce(): Promise<number> {
    let read = 0;
    for (;;) {
      const stored = await this.opts.db.feedCursor.findUnique({ where: { name: this.feed } });
      const after = stored?.cursor ?? "0";
      const { data, error, response } = await this.opts.client.GET("/v1/changes", { params: { query: { after, limit: 100 } } });
      if (!data) throw new Error(`council changes feed answered HTTP ${response.status}: ${JSON.stringify(error)}`);
      for (const change of data.changes) await this.opts.apply(this.feed, change as CouncilChange);
      read += data.changes.length;
      if (data.changes.length < 100) return read;
    }
  }

  start(intervalMs: number): void {
    this.loop.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}
