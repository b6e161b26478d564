/**
 * Builds the assistant from a {@link Config}: opens and migrates the database, loads and checks
 * the flows and catalogues, publishes flow revisions, and wires the conversation service. Used by
 * `npm start`, `npm run chat` and the tests, so all three run the same parts.
 */
import type { Config } from "./config.ts";
import { openDatabase, type Db } from "./db/open-database.ts";
import type { DatabaseProvider } from "./db/apply-migrations.ts";
import { loadUnits, seedCatalogues } from "./db/seed-catalogues.ts";
import { loadFlowsDir, FLOWS_DIR } from "./flows/load-flow.ts";
import { FlowRegistry } from "./flows/flow-registry.ts";
import { inForce, loadCatalogues } from "./catalogues/load-catalogues.ts";
import { runAwardsOf } from "./law/law-advisor.ts";
import { UnitDirectory } from "./catalogues/unit-directory.ts";
import { ProcessChatOrder } from "./concurrency/chat-order.ts";
import { PostgresChatOrder } from "./db/postgres-chat-order.ts";
import { unitDisplayName } from "./catalogues/unit-name.ts";
import { formerUnitsIn, loadFormerUnits } from "./catalogues/former-units.ts";
import { loadI18n, type I18n } from "./i18n/i18n.ts";
import { FileStore } from "./attachments/file-store.ts";
import { ensurePrivateDir } from "./storage/ensure-private-dir.ts";
import { ConversationService } from "./conversation/conversation-service.ts";
import { FailedAttempts } from "./admin/failed-attempts.ts";
import { KeyedMutex } from "./concurrency/keyed-mutex.ts";
import type { ChannelName, ChannelSender } from "./channels/channel-port.ts";
import { DigestService } from "./digests/digest-service.ts";
import { loadHolidays, type HolidayCalendar } from "./digests/working-days.ts";
import { loadProcessingLimits } from "./digests/processing-limits.ts";
import { addDays, toIsoDate, type LocalDate } from "./time/local-date.ts";
import { localDateInVietnam } from "./time/vietnam-time.ts";
import type { Logger } from "./log.ts";
import { DossierDocuments, TEMPLATES_DIR } from "./documents/dossier-documents.ts";
import type { PdfConverter } from "./documents/pdf-converter.ts";
import { ConsoleLinks } from "./console/console-links.ts";
import { PublicPostings } from "./posting/public-postings.ts";
import { DEFAULT_SHARE_REFERENCE, type ShareReference } from "./digests/digest-input.ts";
import { loadMeetingRules, type MeetingRules } from "./rounds/meeting-rules.ts";

export interface Assistant {
  db: Db;
  provider: DatabaseProvider;
  service: ConversationService;
  flows: FlowRegistry;
  i18n: I18n;
  files: FileStore;
  units: UnitDirectory;
  digests: DigestService;
  /** The dossiers' papers (báo cáo thành tích, tờ trình, biên bản, draft quyết định). */
  documents: DossierDocuments;
  /** Failed code redemptions; the composition root sweeps old ones. */
  failedAttempts: FailedAttempts;
  /** One-time sign-in links to the console (PUBLIC_BASE_URL/console/login?t=…). */
  consoleLinks: ConsoleLinks;
  /** Public postings of review rounds' lists (công khai), with their objections. */
  postings: PublicPostings;
  /** The council meeting's quorum and vote thresholds (flows/catalogues/council-meeting.yaml). */
  meetingRules: MeetingRules;
  /** What the direct-worker share is read against (DIGEST_SHARE_REFERENCE); null: nothing. */
  shareReference: ShareReference | null;
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
  /** Where digests and notifications can be delivered (filled by the composition root). */
  senders?: Map<string, ChannelSender>;
  /** LibreOffice for PDFs, detected by the composition root; absent: PDFs are skipped. */
  pdf?: PdfConverter | null;
  /** The folder of document templates (default: templates/ of the project). */
  templatesDir?: string;
}

export async function buildAssistant(config: Config, opts: BuildOptions): Promise<Assistant> {
  const now = opts.now ?? (() => new Date());
  // The data folder holds the SQLite file, uploads and channel credentials: 0700 whatever the umask.
  await ensurePrivateDir(config.dataDir);
  const { db, provider, applied } = await openDatabase(config.databaseUrl);
  if (applied.length) opts.log.info({ applied }, "database migrated");
  try {
    const flowsDir = opts.flowsDir ?? FLOWS_DIR;
    const [flows, catalogues] = await Promise.all([loadFlowsDir(flowsDir), loadCatalogues(`${flowsDir}/catalogues`, config.unitsScope)]);
    await seedCatalogues(db, catalogues);
    const registry = await FlowRegistry.publish(db, flows);
    // Awards and unit contacts in force today in Vietnam, which is already tomorrow from 17:00 UTC.
    const today = toIsoDate(localDateInVietnam(now()));
    const awards = runAwardsOf(catalogues.law, today);
    // The database holds the catalogue's units and those an admin added or imported.
    const stored = await loadUnits(db);
    // With the national list, the units abolished on 1/7/2025 that went into the installation's
    // units (by code) are still understood ("huyện Hà Trung"); the sample's closed units carry theirs.
    const codes = new Set(stored.filter((u) => inForce(u, today)).flatMap((u) => u.code ?? []));
    const former = config.unitsScope ? formerUnitsIn(await loadFormerUnits(`${flowsDir}/catalogues/former-units.csv`), (code) => codes.has(code)) : [];
    const units = new UnitDirectory(stored, former);
    const contacts = catalogues.units
      .filter((u) => u.phone && u.level === "XA" && inForce(u, today))
      .map((u) => {
        // "Hà Trung" of type "Xã" (units.yaml) and "Xã Hà Trung" (national list) both read "UBND xã Hà Trung".
        const type = u.localTypeName ?? "Xã";
        return { office: `UBND ${type.toLowerCase()}${unitDisplayName({ ...u, localTypeName: type }).slice(type.length)}`, phone: u.phone! };
      });
    const i18n = loadI18n();
    const writeLock = new KeyedMutex();
    const serializeWrites = <T>(work: () => Promise<T>): Promise<T> => (provider === "sqlite" ? writeLock.run("db", work) : work());
    const files = new FileStore(config.filesDir);
    await files.prepare();
    const goodDeed = registry.current.get("good-deed-report");
    const calendar = await loadHolidays(`${flowsDir}/catalogues`);
    checkCalendarCoverage(calendar, localDateInVietnam(now()), opts.log);
    const shareReference = config.digestShareReference === undefined ? DEFAULT_SHARE_REFERENCE : config.digestShareReference;
    const meetingRules = await loadMeetingRules(`${flowsDir}/catalogues`, catalogues.law.awards.map((a) => a.code));
    const digests = new DigestService({
      db,
      units,
      i18n,
      calendar,
      limits: await loadProcessingLimits(`${flowsDir}/catalogues`),
      shareReference,
      senders: opts.senders ?? new Map(),
      log: opts.log,
      now,
      categoryLabel: (category, lang) => {
        const step = goodDeed?.steps.find((s) => s.id === "category");
        const label = step?.kind === "choice" ? step.options.find((o) => o.value === category)?.label : undefined;
        return (lang === "en" ? label?.en : undefined) ?? label?.vi ?? category;
      },
    });
    const failedAttempts = new FailedAttempts({ db, serializeWrites });
    const documents = new DossierDocuments({
      db,
      flows: registry,
      law: catalogues.law,
      units,
      templatesDir: opts.templatesDir ?? TEMPLATES_DIR,
      store: new FileStore(config.documentsDir),
      pdf: opts.pdf ?? null,
      serializeWrites,
      now,
    });
    const consoleLinks = new ConsoleLinks({ db, baseUrl: config.documents.publicBaseUrl, now, serializeWrites });
    const postings = new PublicPostings({ db, units, calendar, i18n, baseUrl: config.documents.publicBaseUrl, serializeWrites, now });
    // Several instances may share a PostgreSQL database: a chat's turns are ordered across them.
    const chatOrder = provider === "postgresql" ? new PostgresChatOrder({ connectionString: config.databaseUrl }) : new ProcessChatOrder();
    const service = new ConversationService({
      chatOrder,
      db,
      provider,
      flows: registry,
      i18n,
      units,
      awards,
      contacts,
      law: catalogues.law,
      files,
      digests,
      log: opts.log,
      now,
      ...(opts.newId ? { newId: opts.newId } : {}),
      defaultLocale: config.defaultLocale,
      maxUploadBytes: config.maxUploadBytes,
      allowedFileTypes: config.allowedFileTypes,
      uploadLimits: config.uploadLimits,
      trustedChannels: opts.trustedChannels ?? (config.trustLocalChannels ? ["terminal", "web"] : []),
      reminderAfterMs: config.draftReminderAfterMs,
      serializeWrites,
      failedAttempts,
      documents,
      consoleLinks,
    });
    return { db, provider, service, flows: registry, i18n, files, units, digests, documents, failedAttempts, consoleLinks, postings, meetingRules, shareReference, serializeWrites,
      close: async () => {
        await chatOrder.close();
        await db.$disconnect();
      },
    };
  } catch (err) {
    await db.$disconnect();
    throw err;
  }
}

/**
 * Says at start when the holiday file does not cover this year (an error: due dates cannot be
 * counted, digests say so) or, from November, next year (a warning: dossiers sent in December are
 * due in January). The service still starts: chats and submissions do not need the calendar.
 */
export function checkCalendarCoverage(calendar: HolidayCalendar, today: LocalDate, log: Pick<Logger, "error" | "warn">): void {
  const file = "flows/catalogues/holidays.yaml";
  if (!calendar.covers(today)) {
    log.error({ coveredThrough: calendar.coveredThrough }, `${file} has no days off for ${today.year}: due dates of dossiers cannot be counted until the year is added`);
  } else if (today.month >= 11 && !calendar.covers({ year: today.year + 1, month: 1, day: 1 })) {
    log.warn({ coveredThrough: calendar.coveredThrough }, `${file} has no days off for ${today.year + 1} yet: add next year's Tết and holidays before due dates reach January`);
  }
  const soon = calendar.covers(today) ? calendar.tentativeBetween(today, addDays(today, 120)) : [];
  if (soon.length > 0) {
    log.warn({ days: soon.map((d) => toIsoDate(d.date)) }, `${file} counts days off that are not announced yet (tentative: true): replace them with the official notice`);
  }
}
