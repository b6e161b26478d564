/**
 * Builds the assistant from a {@link Config}: opens and migrates the database, loads and checks
 * the flows and catalogues, publishes flow revisions, and wires the conversation service. Used by
 * `npm start`, `npm run chat` and the tests, so all three run the same parts.
 */
import type { Config } from "./config.ts";
import { openDatabase, type Db } from "./db/open-database.ts";
import type { DatabaseProvider } from "./db/apply-migrations.ts";
import { seedCatalogues } from "./db/seed-catalogues.ts";
import { loadFlowsDir, FLOWS_DIR } from "./flows/load-flow.ts";
import { FlowRegistry } from "./flows/flow-registry.ts";
import { loadCatalogues, inForce } from "./catalogues/load-catalogues.ts";
import { UnitDirectory } from "./catalogues/unit-directory.ts";
import { loadI18n, type I18n } from "./i18n/i18n.ts";
import { FileStore } from "./attachments/file-store.ts";
import { ConversationService } from "./conversation/conversation-service.ts";
import { KeyedMutex } from "./conversation/keyed-mutex.ts";
import type { ChannelName } from "./channels/channel-port.ts";
import type { Logger } from "./log.ts";

export interface Assistant {
  db: Db;
  provider: DatabaseProvider;
  service: ConversationService;
  flows: FlowRegistry;
  i18n: I18n;
  files: FileStore;
  /** Runs a write under the process-wide writer lock (a no-op lock on PostgreSQL). */
  serializeWrites: <T>(work: () => Promise<T>) => Promise<T>;
  close(): Promise<void>;
}

export interface BuildOptions {
  log: Logger;
  now?: () => Date;
  newId?: () => string;
  flowsDir?: string;
  /** Channels whose new users become officers; defaults to terminal and web when the config trusts local channels. */
  trustedChannels?: ChannelName[];
}

export async function buildAssistant(config: Config, opts: BuildOptions): Promise<Assistant> {
  const now = opts.now ?? (() => new Date());
  const { db, provider, applied } = await openDatabase(config.databaseUrl);
  if (applied.length) opts.log.info({ applied }, "database migrated");
  try {
    const flowsDir = opts.flowsDir ?? FLOWS_DIR;
    const [flows, catalogues] = await Promise.all([loadFlowsDir(flowsDir), loadCatalogues(`${flowsDir}/catalogues`)]);
    await seedCatalogues(db, catalogues);
    const registry = await FlowRegistry.publish(db, flows);
    const today = now().toISOString().slice(0, 10);
    const awards = catalogues.awards
      .filter((a) => inForce(a, today))
      .map((a) => ({ code: a.code, name: a.name, subjectKinds: a.subjectKinds, grantedBy: a.grantedBy }));
    const i18n = loadI18n();
    const writeLock = new KeyedMutex();
    const serializeWrites = <T>(work: () => Promise<T>): Promise<T> => (provider === "sqlite" ? writeLock.run("db", work) : work());
    const files = new FileStore(config.filesDir);
    const service = new ConversationService({
      db,
      flows: registry,
      i18n,
      units: new UnitDirectory(catalogues.units),
      awards,
      files,
      log: opts.log,
      now,
      ...(opts.newId ? { newId: opts.newId } : {}),
      defaultLocale: config.defaultLocale,
      maxUploadBytes: config.maxUploadBytes,
      allowedFileTypes: config.allowedFileTypes,
      trustedChannels: opts.trustedChannels ?? (config.trustLocalChannels ? ["terminal", "web"] : []),
      reminderAfterMs: config.draftReminderAfterMs,
      serializeWrites,
    });
    return { db, provider, service, flows: registry, i18n, files, serializeWrites, close: () => db.$disconnect() };
  } catch (err) {
    await db.$disconnect();
    throw err;
  }
}
