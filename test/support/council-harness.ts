/**
 * The bot and the embedded council service on 127.0.0.1, wired as in production (outbox runner
 * with the forwarder, the notifier and the secretary's transitions; the follower of the changes
 * feed; one HTTP server with the council under /council and the signed document links at
 * /documents/:id, so the papers the forwarder lists can be fetched), on the test's fixed clock. People are MemoryChats (citizens unless invited); what the outbox sends them is written
 * into one shared narrative, so a golden transcript shows who was told what, and when.
 */
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import type { ChannelName, ChannelSender, OutgoingMessage } from "../../src/channels/channel-port.ts";
import { createCouncilApp } from "../../src/council/council-app.ts";
import { createCouncilClient } from "../../src/council/council-client.ts";
import { forwardDossierJob, type ForwardDeps } from "../../src/council/forward-dossier-job.ts";
import { sendDossierDocumentsJob } from "../../src/council/send-dossier-documents-job.ts";
import { SEND_DOSSIER_DOCUMENTS_JOB } from "../../src/outbox/jobs.ts";
import { DocumentLinks, mountDocumentRoute } from "../../src/documents/document-links.ts";
import { CouncilFeedFollower } from "../../src/council/follow-council-changes.ts";
import { councilTransitionJob } from "../../src/council/council-transition-job.ts";
import { applyCouncilChange } from "../../src/council/apply-council-change.ts";
import { notifyJob } from "../../src/outbox/notify-job.ts";
import { OutboxRunner } from "../../src/outbox/outbox-runner.ts";
import { createLogger } from "../../src/log.ts";
import { testAssistant } from "./test-assistant.ts";

const silent = createLogger({ level: "silent", pretty: false });
const MENU_START = "Xin chào! Tôi là trợ lý";

/** A person in the narrative: their chat, under a display name. */
export interface Actor {
  name: string;
  chat: MemoryChat;
  /** Says something and records the exchange in the narrative. */
  say(text: string): Promise<OutgoingMessage[]>;
}

export async function councilHarness(opts: { databaseUrl?: string; templatesDir?: string } = {}) {
  // Nobody is trusted: a new chat is a citizen, staff join with an invitation.
  const assistant = await testAssistant({
    trustedChannels: [],
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
    ...(opts.templatesDir ? { templatesDir: opts.templatesDir } : {}),
  });
  const narrative: string[] = [];
  const names = new Map<string, string>();
  const council = createCouncilApp({
    db: assistant.db,
    clients: [
      { id: "bot", token: "bot-token-0123456789abcdef", role: "submitter" },
      { id: "bot-staff", token: "staff-token-0123456789abcdef", role: "staff" },
    ],
    now: assistant.clock.now,
    log: silent,
  });
  // Routes are added once the port (and so the links' base URL) is known, before any request.
  const app = new Hono();
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  const botUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const links = new DocumentLinks({ key: new Uint8Array(32).fill(7), baseUrl: botUrl, now: assistant.clock.now });
  mountDocumentRoute(app, { links, documents: assistant.documents, log: silent });
  app.route("/council", council);
  const baseUrl = `${botUrl}/council`;
  const client = createCouncilClient({ baseUrl, token: "bot-token-0123456789abcdef" });
  const staff = createCouncilClient({ baseUrl, token: "staff-token-0123456789abcdef" });
  /** What the outbox sends to people: written to the narrative, from the memory chats and a terminal alike. */
  const sender = (channel: ChannelName): ChannelSender => ({
    channel,
    async send(chatId: string, messages: readonly OutgoingMessage[]) {
      for (const m of messages) narrative.push(`[${names.get(chatId) ?? chatId}] < (tin nhắn) ${m.text}`);
    },
  });
  /** The forwarder as main.ts builds it (papers listed with signed links), with test overrides. */
  const forwarder = (extra: Partial<ForwardDeps> = {}) =>
    forwardDossierJob({ db: assistant.db, client, documents: assistant.documents, links, log: silent, now: assistant.clock.now, ...extra });
  const runner = new OutboxRunner({
    db: assistant.db,
    handlers: {
      "forward-dossier": forwarder(),
      notify: notifyJob(new Map([["memory", sender("memory")], ["terminal", sender("terminal")]])),
      "council-transition": councilTransitionJob(staff),
      [SEND_DOSSIER_DOCUMENTS_JOB.kind]: sendDossierDocumentsJob({ db: assistant.db, client, documents: assistant.documents, links, now: assistant.clock.now }),
    },
    log: silent,
    now: assistant.clock.now,
    serialize: assistant.serializeWrites,
  });
  const follower = new CouncilFeedFollower({
    db: assistant.db,
    client,
    log: silent,
    apply: (feed, change) =>
      applyCouncilChange({ db: assistant.db, flows: assistant.flows, i18n: assistant.i18n, runContext: (now) => assistant.service.runContext(now), now: assistant.clock.now }, feed, change),
  });

  /** Runs the outbox and the feed until both are quiet: everything sent has been answered and told. */
  async function settle(): Promise<void> {
    for (;;) {
      const jobs = await runner.drain();
      const changes = await follower.pollOnce();
      if (jobs === 0 && changes === 0) return;
    }
  }

  function actor(name: string, chatId: string): Actor {
    names.set(chatId, name);
    const chat = new MemoryChat(assistant.service, chatId);
    return {
      name,
      chat,
      async say(text) {
        // Invitation codes are random: the narrative shows their prefix only.
        narrative.push(`[${name}] > ${text.replace(/^INV-[A-Z0-9-]+$/, "INV-…")}`);
        const replies = await chat.say(text);
        for (const r of replies) {
          // The main menu follows every finished form; one line stands for it.
          if (r.text.startsWith(MENU_START)) narrative.push(`[${name}] < (menu)`);
          else narrative.push(`[${name}] < ${[r.text, ...(r.choices ?? []).map((c) => `[${c.label}]`)].join("\n")}`);
        }
        return replies;
      },
    };
  }

  return {
    assistant,
    /** The HTTP app on 127.0.0.1 (council, documents): a test mounts more on it (the console). */
    app,
    /** Where that app is served. */
    botUrl,
    /** The bot's submitter client and its staff client, at the council. */
    client,
    staff,
    /** Where the council is served (…/council), for a client of one's own. */
    councilUrl: baseUrl,
    links,
    forwarder,
    narrative,
    settle,
    actor,
    note: (line: string) => narrative.push(`— ${line}`),
    /** Jobs that ended in the dead-letter state, with the council's reason: none in a good run. */
    deadJobs: async () => (await assistant.db.outboxJob.findMany({ where: { status: "DEAD" } })).map((j) => `${j.kind}: ${j.lastError}`),
    text: () => narrative.join("\n") + "\n",
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await assistant.close();
    },
  };
}
