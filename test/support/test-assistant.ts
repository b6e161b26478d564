/**
 * Builds the real assistant for a test: real migrations on a real database file, the real flows
 * and catalogues, a clock the test controls, sequential ids, and a silent logger.
 */
import { join } from "node:path";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/log.ts";
import { buildAssistant, type Assistant } from "../../src/build-assistant.ts";
import { sqliteUrl, tempDir } from "./test-databases.ts";
import type { ChannelName } from "../../src/channels/channel-port.ts";

export interface TestClock {
  now: () => Date;
  set(iso: string): void;
  advance(ms: number): void;
}

/** A clock that stands still unless moved. Starts at 25/11/2026 09:00 in Vietnam. */
export function testClock(start = "2026-11-25T02:00:00.000Z"): TestClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (iso) => {
      t = new Date(iso).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

export interface TestAssistantOptions {
  databaseUrl?: string;
  dataDir?: string;
  clock?: TestClock;
  flowsDir?: string;
  env?: Record<string, string>;
  /** Channels whose new users become officers (default: memory, terminal, web). */
  trustedChannels?: ChannelName[];
  /** The dossier documents' templates (default: templates/). */
  templatesDir?: string;
}

export async function testAssistant(opts: TestAssistantOptions = {}): Promise<Assistant & { dataDir: string; clock: TestClock }> {
  const dataDir = opts.dataDir ?? tempDir();
  const clock = opts.clock ?? testClock();
  const config = loadConfig({ DATABASE_URL: opts.databaseUrl ?? sqliteUrl(dataDir), DATA_DIR: dataDir, LOG_LEVEL: "silent", ...opts.env });
  let id = 0;
  const assistant = await buildAssistant(config, {
    log: createLogger({ level: "silent", pretty: false }),
    now: clock.now,
    newId: () => `file-${++id}-${Math.random().toString(36).slice(2, 8)}`,
    trustedChannels: opts.trustedChannels ?? ["memory", "terminal", "web"],
    ...(opts.flowsDir ? { flowsDir: opts.flowsDir } : {}),
    ...(opts.templatesDir ? { templatesDir: opts.templatesDir } : {}),
  });
  return Object.assign(assistant, { dataDir, clock });
}

export { join };
