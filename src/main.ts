/**
 * `npm start`: the composition root. Builds the assistant on the configured database (SQLite
 * under ./data by default, migrated on start), serves the web chat on HOST:PORT, and sends
 * reminders for idle drafts. The only place that builds real adapters.
 *
 * Chat platforms are brought up in the background (`connect`), never awaited before the web server
 * listens: a Telegram or Zalo outage at start, or a Bot API server without some method, is logged
 * and retried, and never stops the web chat or the other channels.
 *
 * Behind a load balancer: every log line names the instance (INSTANCE_ID), `GET /readyz` says
 * whether this instance should get work (src/health/readiness.ts), and SIGTERM/SIGINT drains it
 * (src/health/graceful-shutdown.ts): not ready and no new work at once, the messages in hand
 * finished within SHUTDOWN_GRACE_MS, then the background work and the database are closed.
 */
import { serve } from "@hono/node-server";
import { loadConfig, loadDotEnv } from "./config.ts";
import { exitOnConfigError } from "./exit-on-config-error.ts";
import { createLogger } from "./log.ts";
import { buildAssistant } from "./build-assistant.ts";
import { createWebChatApp } from "./channels/web/web-chat-app.ts";
import { DocumentLinks, loadDocumentLinkKey, mountDocumentRoute } from "./documents/document-links.ts";
import { detectPdfConverter } from "./documents/pdf-converter.ts";
import { documentFiles } from "./documents/document-files.ts";
import { WebChatSender } from "./channels/web/web-chat-sender.ts";
import { WebSessions } from "./channels/web/web-sessions.ts";
import { randomBytes } from "node:crypto";
import { issueFirstAdminInvite } from "./admin/first-admin-invite.ts";
import type { ChannelAdapter, ChannelName, ChannelSender } from "./channels/channel-port.ts";
import { startBotChannel, type StartBotChannelOptions } from "./channels/bot-channel.ts";
import { LedChannel } from "./channels/led-channel.ts";
import { SoleLeadership } from "./concurrency/leadership.ts";
import { PostgresLeadership } from "./db/postgres-leadership.ts";
import { createCouncilApp } from "./council/council-app.ts";
import { createCouncilClient } from "./council/council-client.ts";
import { forwardDossierJob } from "./council/forward-dossier-job.ts";
import { sendDossierDocumentsJob } from "./council/send-dossier-documents-job.ts";
import { CouncilFeedFollower } from "./council/follow-council-changes.ts";
import { applyCouncilChange } from "./council/apply-council-change.ts";
import { notifyJob } from "./outbox/notify-job.ts";
import { useJobs } from "./jobs/jobs-in-use.ts";
import { CONCURRENT_JOB_KINDS, openJobs } from "./jobs/open-jobs.ts";
import { councilTransitionJob } from "./council/council-transition-job.ts";
import { COUNCIL_TRANSITION_JOB, FORWARD_DOSSIER_JOB, NOTIFY_JOB, PERSONAL_DATA_ERASED_JOB, SEND_DOSSIER_DOCUMENTS_JOB } from "./outbox/jobs.ts";
import { personalDataErasedJob } from "./privacy/personal-data-erased-job.ts";
import { sweepRetention } from "./privacy/sweep-retention.ts";
import { TelegramChannel } from "./channels/telegram/telegram-channel.ts";
import { mountTelegramWebhook } from "./channels/telegram/telegram-webhook.ts";
import { alertAdmins } from "./conversation/alert-admins.ts";
import { ZaloBotChannel } from "./channels/zalo-bot/zalo-bot-channel.ts";
import { mountZaloBotWebhook } from "./channels/zalo-bot/zalo-bot-webhook.ts";
import { createConsoleApp } from "./console/console-app.ts";
import { ConsoleSessions } from "./console/console-sessions.ts";
import { CONSOLE_PATH } from "./console/console-paths.ts";
import { createPublicPostingApp } from "./posting/public-posting-app.ts";
import { POSTING_PATH } from "./posting/public-postings.ts";
import { readMigrations } from "./db/apply-migrations.ts";
import { ChannelStates } from "./health/channel-states.ts";
import { missingMigrations, pingDatabase } from "./health/database-probes.ts";
import { gracefulShutdown } from "./health/graceful-shutdown.ts";
import { HttpDrain } from "./health/http-drain.ts";
import { mountReadiness } from "./health/readiness.ts";

loadDotEnv();
const config = exitOnConfigError(() => loadConfig());
const log = createLogger({ level: config.logLevel, pretty: config.logPretty, instance: config.instanceId });
const webSender = new WebChatSender();
const senders = new Map<string, ChannelSender>([["web", webSender]]);
// LibreOffice turns the dossiers' DOCX into PDF when it is installed; without it, PDFs are skipped.
const pdf = await detectPdfConverter({ program: config.documents.soffice });
if (pdf) log.info({ soffice: pdf.version }, "PDF documents: LibreOffice found");
else log.warn({ soffice: config.documents.soffice }, "PDF documents skipped: LibreOffice (soffice) not found; DOCX documents are still made (install libreoffice-writer-nogui for PDFs)");
const assistant = await buildAssistant(config, { log, senders, pdf });
// Jobs (forwarding, notices, digests, retention) on pg-boss or on the outbox tables (JOBS_ENGINE),
// named before anything can be queued.
const jobs = await openJobs(config, { db: assistant.db, provider: assistant.provider, log, serializeWrites: assistant.serializeWrites });
useJobs(jobs);
log.info({ engine: config.jobsEngine }, "jobs engine");
if (config.unitsScope) log.info({ provinces: config.unitsScope.provinces, communes: config.unitsScope.communes }, "administrative units: the national list (UNITS_PROVINCES)");
else log.warn("administrative units: the SAMPLE tree of flows/catalogues/units.yaml (set UNITS_PROVINCES before going live)");
const documentLinks = new DocumentLinks({ key: await loadDocumentLinkKey(config.dataDir, config.documents.linkSecret), baseUrl: config.documents.publicBaseUrl });
// How the channels deliver a reply's documents: uploaded bytes (Telegram, Zalo) or signed links (web, Zalo Bot).
const documentFilesPort = documentFiles(assistant.documents, documentLinks, config.documents.linkTtlMs);
const webSessions = new WebSessions({ db: assistant.db, now: () => new Date(), idleMs: config.webSessionIdleMs, serializeWrites: assistant.serializeWrites });
const app = createWebChatApp({
  handler: assistant.service,
  sender: webSender,
  maxUploadBytes: config.maxUploadBytes,
  log,
  sessions: webSessions,
  allowedHosts: config.allowedHosts,
  documents: documentFilesPort,
});

mountDocumentRoute(app, { links: documentLinks, documents: assistant.documents, log: log.child({ service: "documents" }) });

// The secretaries' console: sign-in with a one-time link (`đăng nhập web`), dossiers, council entries.
const consoleSessions = new ConsoleSessions({ db: assistant.db, now: () => new Date(), idleMs: config.consoleSessionIdleMs, serializeWrites: assistant.serializeWrites });
app.route(
  CONSOLE_PATH,
  createConsoleApp({
    db: assistant.db,
    units: assistant.units,
    flows: assistant.flows,
    i18n: assistant.i18n,
    links: assistant.consoleLinks,
    sessions: consoleSessions,
    failedAttempts: assistant.failedAttempts,
    documents: assistant.documents,
    meetingRules: assistant.meetingRules,
    shareReference: assistant.shareReference,
    files: assistant.files,
    runContext: (now) => assistant.service.runContext(now),
    postings: assistant.postings,
    // With another council system, entries reach it only with a staff token there.
    council: config.council.apiUrl ? { external: true, url: config.council.apiUrl, acceptsEntries: config.council.staffToken !== null } : { external: false },
    allowedHosts: config.allowedHosts,
    secureCookies: config.documents.publicBaseUrl.startsWith("https:"),
    serializeWrites: assistant.serializeWrites,
    now: () => new Date(),
    log: log.child({ service: "console" }),
  }),
);

// Public postings of review rounds' lists (công khai): read-only pages by their short code.
app.route(
  POSTING_PATH,
  createPublicPostingApp({ db: assistant.db, units: assistant.units, i18n: assistant.i18n, allowedHosts: config.allowedHosts, now: () => new Date(), log: log.child({ service: "public-posting" }) }),
);

// Readiness for a load balancer: the database, its migrations, the channels, and whether this instance is stopping.
const http = new HttpDrain(app.fetch);
const channelStates = new ChannelStates();
channelStates.watch("web", () => "serving");
const shippedMigrations = (await readMigrations(assistant.provider)).map((m) => m.name);
mountReadiness(
  app,
  {
    instance: config.instanceId,
    stopping: () => http.isDraining,
    database: () => pingDatabase(assistant.db),
    missingMigrations: () => missingMigrations(assistant.db, shippedMigrations),
    channels: () => channelStates.snapshot(),
    inFlight: () => ({ messages: assistant.service.inFlight, requests: http.inFlight }),
  },
  log.child({ service: "readiness" }),
);
/**
 * Brings a bot channel up (see startBotChannel) and returns what to register, its state followed
 * for /readyz: "standby" in a polling instance that does not lead the channel.
 */
const startBot = (opts: StartBotChannelOptions): ChannelAdapter => {
  const { adapter, ready } = startBotChannel(opts);
  void channelStates.follow(opts.channel.channel, opts.mode, ready, () => adapter instanceof LedChannel && adapter.standingBy());
  return adapter;
};

// Every channel adapter started here is stopped on shutdown (web: the server itself is closed).
const channels: ChannelAdapter[] = [webSender];
const addChannel = (channel: ChannelAdapter) => {
  channels.push(channel);
  senders.set(channel.channel, channel);
};
/** What every chat platform's channel is given alike: the conversation, the strings, its own log, the upload cap, the dossiers' papers. */
const channelBasics = (channel: ChannelName) => ({
  handler: assistant.service,
  i18n: assistant.i18n,
  log: log.child({ channel }),
  maxFileBytes: config.maxUploadBytes,
  documents: documentFilesPort,
});

// Polling channels receive in one instance at a time: on PostgreSQL the instances elect it (the
// others take over within LEADER_RETRY_MS when it dies); in one process (SQLite) it is this one.
const leadership =
  assistant.provider === "postgresql"
    ? new PostgresLeadership({ connectionString: config.databaseUrl, retryMs: config.leaderRetryMs, log: log.child({ service: "leadership" }) })
    : new SoleLeadership({ retryMs: config.leaderRetryMs, log: log.child({ service: "leadership" }) });

if (config.telegram) {
  const { mode, webhookSecret } = config.telegram;
  const telegram = new TelegramChannel({
    ...channelBasics("telegram"),
    token: config.telegram.token,
    apiRoot: config.telegram.apiRoot,
    sendIntervalMs: config.telegram.sendIntervalMs,
    concurrency: config.telegram.concurrency,
  });
  addChannel(startBot({ channel: telegram, mode, mountWebhook: () => mountTelegramWebhook(app, telegram, webhookSecret!), leadership, log }));
}
// The council: another council system when COUNCIL_API_URL is set, else the embedded service,
// served by this process under /council with the bot as a submitter client.
const botToken = config.council.apiToken ?? randomBytes(24).toString("base64url");
const staffToken = config.council.staffToken ?? randomBytes(24).toString("base64url");
if (!config.council.apiUrl) {
  const clients = [
    { id: "bot", role: "submitter" as const, token: botToken },
    // Secretaries' decisions taken in the chat reach the council as the bot's staff client.
    { id: "bot-secretaries", role: "staff" as const, token: staffToken },
    ...config.council.clients,
  ];
  app.route("/council", createCouncilApp({ db: assistant.db, clients, log: log.child({ service: "council" }) }));
}

let listening!: (port: number) => void;
const bound = new Promise<number>((resolve) => (listening = resolve));
const server = serve({ fetch: http.fetch, hostname: config.host, port: config.port }, (info) => listening(info.port));
const port = await bound;
log.info({ url: `http://${config.host}:${port}`, database: assistant.provider }, `Trò chuyện thử tại http://${config.host}:${port}`);

const councilUrl = config.council.apiUrl ?? `http://${config.host}:${port}/council`;
// A council that does not answer in time is retried later, like one that cannot be reached.
const timedFetch: typeof fetch = (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(config.council.timeoutMs) });
const council = createCouncilClient({ baseUrl: councilUrl, token: botToken, fetch: timedFetch });
const councilStaff = createCouncilClient({ baseUrl: councilUrl, token: staffToken, fetch: timedFetch });
const jobsStarted = jobs.start({
  handlers: {
    // The dossier's papers go with it, as links to GET /documents/:id on this server.
    [FORWARD_DOSSIER_JOB.kind]: forwardDossierJob({ db: assistant.db, client: council, documents: assistant.documents, links: documentLinks, log: log.child({ service: "forward-dossier" }) }),
    [NOTIFY_JOB.kind]: notifyJob(senders),
    [COUNCIL_TRANSITION_JOB.kind]: councilTransitionJob(councilStaff),
    [SEND_DOSSIER_DOCUMENTS_JOB.kind]: sendDossierDocumentsJob({ db: assistant.db, client: council, documents: assistant.documents, links: documentLinks }),
    [PERSONAL_DATA_ERASED_JOB.kind]: personalDataErasedJob({ db: assistant.db, client: council }),
  },
  concurrentKinds: CONCURRENT_JOB_KINDS,
  concurrency: 8,
  recurring: [
    // Digests: a tick every minute queues the ones that are due (once per secretary and period).
    { name: "digest-tick", cron: "* * * * *", run: () => assistant.digests.tick() },
    // Retention: expired drafts, orphan attachments and unreferenced files, hourly.
    {
      name: "retention-sweep",
      cron: "17 * * * *",
      run: async () => {
        const swept = await sweepRetention({ db: assistant.db, files: assistant.files, now: () => new Date(), draftRetentionMs: config.draftRetentionMs, serializeWrites: assistant.serializeWrites });
        log.info(swept, "retention sweep done");
      },
    },
  ],
});
const follower = new CouncilFeedFollower({
  db: assistant.db,
  client: council,
  log: log.child({ service: "council-feed" }),
  apply: (feed, change) =>
    applyCouncilChange(
      { db: assistant.db, flows: assistant.flows, i18n: assistant.i18n, runContext: (now) => assistant.service.runContext(now), now: () => new Date() },
      feed,
      change,
    ),
});
jobsStarted.catch((err: unknown) => log.error({ err }, "jobs failed to start"));
follower.start(config.council.feedIntervalMs);
log.info({ council: config.council.apiUrl ? councilUrl : "embedded", url: councilUrl }, "dossiers are forwarded to the council");

if (config.zaloBot) {
  const { mode, webhookSecret } = config.zaloBot;
  const zaloBot = new ZaloBotChannel({
    ...channelBasics("zalo-bot"),
    token: config.zaloBot.token,
    baseUrl: config.zaloBot.baseUrl,
    sendIntervalMs: config.zaloBot.sendIntervalMs,
  });
  addChannel(startBot({ channel: zaloBot, mode, mountWebhook: () => mountZaloBotWebhook(app, zaloBot, webhookSecret!), leadership, log }));
}

if (config.zalo.enabled) {
  // Loaded only when enabled: zca-js alone adds more than half a second to every start.
  const [{ ZaloPersonalChannel }, { ZcaConnector }, { CredentialStore }] = await Promise.all([
    import("./channels/zalo/zalo-personal-channel.ts"),
    import("./channels/zalo/zca-connector.ts"),
    import("./channels/zalo/credential-store.ts"),
  ]);
  const zalo = new ZaloPersonalChannel({
    ...channelBasics("zalo"),
    connector: new ZcaConnector(),
    store: new CredentialStore(config.zalo.credentialsFile, config.zalo.credentialsKey ?? undefined),
    sendIntervalMs: config.zalo.sendIntervalMs,
    circuitCooldownMs: config.zalo.circuitCooldownMs,
    maxRestarts: config.zalo.maxRestarts,
    alert: alertAdmins(assistant.db, senders, "zalo", log),
    // A person "wrote first" when they are known on Zalo: they started the conversation.
    wroteFirst: async (chatId) => (await assistant.db.channelIdentity.count({ where: { channel: "zalo", externalId: chatId } })) > 0,
  });
  // The account's listener runs in the leading instance only (two listeners kick each other off);
  // the channel supervises itself there. Not awaited: the first login attempt may hang on the network.
  const zaloReceiver = new LedChannel(zalo, {
    leadership,
    name: "zalo",
    role: {
      start: () => zalo.start().then(() => log.info({ status: zalo.status }, "Zalo personal account channel started")),
      stop: () => zalo.stop(),
    },
  });
  addChannel(zaloReceiver);
  channelStates.watch("zalo", () => (zaloReceiver.standingBy() ? "standby" : zalo.status));
  void zaloReceiver.start();
}

const reminders = setInterval(() => {
  assistant.service.remindIdleDrafts(senders).catch((err: unknown) => log.error({ err }, "reminders failed"));
  assistant.service.forgetOldMessages().catch((err: unknown) => log.error({ err }, "forgetting old messages failed"));
  assistant.failedAttempts.sweep(new Date()).catch((err: unknown) => log.error({ err }, "sweeping failed code attempts failed"));
  webSessions.sweep().catch((err: unknown) => log.error({ err }, "sweeping expired web sessions failed"));
  consoleSessions.sweep().catch((err: unknown) => log.error({ err }, "sweeping expired console sessions failed"));
  assistant.consoleLinks.sweep().catch((err: unknown) => log.error({ err }, "sweeping expired console links failed"));
}, config.reminderCheckMs);

/** Resolves once the HTTP server has closed, or after `ms` with the connections still open closed at once. */
async function closeServer(ms: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
  if ("closeAllConnections" in server) server.closeAllConnections();
}

// Graceful shutdown: not ready and no new work at once, the messages in hand finished (for at most
// SHUTDOWN_GRACE_MS), then the background work and the database. A second signal exits at once.
let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) {
    log.warn({ signal, inFlight: assistant.service.inFlightByChannel() }, "second stop signal: exiting without finishing the work in hand");
    process.exit(1);
  }
  stopping = true;
  log.info({ signal, inFlight: assistant.service.inFlight, graceMs: config.shutdownGraceMs }, "stopping: finishing the messages in hand");
  const { finished } = await gracefulShutdown({
    graceMs: config.shutdownGraceMs,
    log,
    stopIntake: () => {
      http.drain();
      clearInterval(reminders);
      // Channels stop polling, finish the updates in hand and flush their replies.
      return Promise.all([...channels.map((channel) => channel.stop()), assistant.service.drained(), http.drained()]);
    },
    inHand: () => ({ messages: assistant.service.inFlightByChannel(), requests: http.inFlight }),
    close: async () => {
      await closeServer(1000);
      await jobs.stop();
      await follower.stop();
      await assistant.close();
    },
  });
  log.info({ finished }, "stopped");
  process.exit(0);
}
const onSignal = (signal: NodeJS.Signals) =>
  void stop(signal).catch((err: unknown) => {
    log.error({ err }, "stopping failed");
    process.exit(1);
  });
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

// A fresh installation shows, once, a code that makes its first user an administrator. Last, so a
// stop signal that arrives meanwhile is already handled.
issueFirstAdminInvite({
  db: assistant.db,
  now: new Date(),
  isTTY: process.stdout.isTTY === true,
  dataDir: config.dataDir,
  log,
  print: (line) => process.stdout.write(`${line}\n`),
  webUrl: `http://${config.host}:${port}`,
}).catch((err: unknown) => {
  if (!stopping) log.error({ err }, "first administrator invitation failed");
});
