/**
 * The only reader of `process.env`. Every variable is listed in `.env.example` with a one-line
 * comment; the values are parsed once, here, with zod, and the rest of the code receives a typed
 * {@link Config}. A bad value stops the start with a message that names the variable.
 */
import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { z } from "zod";
import { DEFAULT_ZALO_BOT_BASE_URL, type ZaloBotConfig } from "./channels/zalo-bot/zalo-bot-config.ts";
import { isLoopbackHost } from "./channels/is-loopback-address.ts";
import { defaultAllowedHosts, HOST_ENTRY_PATTERN } from "./channels/web/host-allow-list.ts";
import { readNationalUnitsFile, unitsInScope, type UnitsScope } from "./catalogues/national-units.ts";

/** Loads `.env` from the working directory into the environment, when there is one. */
export function loadDotEnv(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/** What an instance id may be: 1–64 letters, digits, `_`, `.` and `-` (safe in logs, headers and file names). */
const INSTANCE_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * The instance id when INSTANCE_ID is unset: `<hostname>-<pid>`, which tells apart the processes
 * of one machine and the machines (or containers) behind a load balancer. Characters an id may not
 * have become `-`, and a long host name is cut so the whole fits in 64 characters.
 */
export function defaultInstanceId(host: string, pid: number): string {
  const suffix = `-${pid}`;
  const safeHost = host.replace(/[^A-Za-z0-9_.-]/g, "-").slice(0, 64 - suffix.length) || "host";
  return `${safeHost}${suffix}`;
}

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

/** One council API client, `id:role:token` (role submitter or staff, token of 16+ characters). */
const councilClientEntry = z.string().transform((entry, ctx) => {
  const [id = "", role = "", ...rest] = entry.trim().split(":");
  const parsed = z
    .object({
      id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "id: 1–64 letters, digits, _ . -"),
      role: z.enum(["submitter", "staff"], { error: "role: submitter or staff" }),
      token: z.string().min(16, "token: at least 16 characters").regex(/^\S+$/, "token: no spaces"),
    })
    .safeParse({ id, role, token: rest.join(":") });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: `"${id || "?"}" ${issue.message}` });
    return z.NEVER;
  }
  return parsed.data;
});

/** A comma-separated list of codes of `digits` digits, at least one (spaces and empty entries ignored); the wrong ones are named. */
function codeList(s: string, digits: number, expected: string, ctx: z.RefinementCtx): string[] {
  const codes = s.split(",").map((c) => c.trim()).filter(Boolean);
  const wrong = codes.filter((c) => !new RegExp(`^\\d{${digits}}$`).test(c));
  if (wrong.length || codes.length === 0) ctx.addIssue({ code: "custom", message: `${wrong.length ? `${wrong.map((c) => `"${c}"`).join(", ")}: ` : ""}expected ${expected}` });
  return codes;
}

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgresql://")
    .default("file:./data/tdkt.db"),
  DATA_DIR: z.string().min(1).default("./data"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number({ error: "expected a port number, 0–65535" }).int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_PRETTY: bool.optional(),
  INSTANCE_ID: z.string().regex(INSTANCE_ID_PATTERN, "1–64 letters, digits, _ . -").optional(),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000, "at most 600000 (10 minutes)").default(10_000),
  DEFAULT_LOCALE: z.enum(["vi", "en"]).default("vi"),
  DRAFT_REMINDER_AFTER_HOURS: z.coerce.number().positive().default(24),
  REMINDER_CHECK_MINUTES: z.coerce.number().positive().default(15),
  DRAFT_RETENTION_DAYS: z.coerce.number().int().positive().default(90),
  MAX_UPLOAD_MB: z.coerce.number().positive().max(2000).default(10),
  ALLOWED_FILE_TYPES: z
    .string()
    .default("image/jpeg,image/png,image/webp,image/heic,application/pdf")
    .transform((s) => s.split(",").map((t) => t.trim()).filter(Boolean)),
  UPLOADS_PER_HOUR: z.coerce.number().int().positive().default(60),
  UPLOAD_MB_PER_HOUR: z.coerce.number().positive().default(200),
  TRUST_LOCAL_CHANNELS: bool.default(true),
  ALLOWED_HOSTS: z
    .string()
    .transform((s) => s.split(",").map((h) => h.trim().toLowerCase()).filter(Boolean))
    .pipe(z.array(z.string().regex(HOST_ENTRY_PATTERN, "host or host:port, e.g. chat.example.org or [::1]:3000")).min(1))
    .optional(),
  WEB_SESSION_IDLE_DAYS: z.coerce.number().positive().max(400, "at most 400 (browsers cap a cookie's lifetime there)").default(30),
  CONSOLE_SESSION_IDLE_HOURS: z.coerce.number().positive().max(720, "at most 720 (30 days)").default(8),
  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[\w-]{20,}$/, "looks like 123456789:AA…, from @BotFather").optional(),
  TELEGRAM_MODE: z.enum(["polling", "webhook"]).default("polling"),
  TELEGRAM_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{8,256}$/, "8–256 characters: letters, digits, _ and -").optional(),
  TELEGRAM_API_ROOT: z.url().default("https://api.telegram.org"),
  TELEGRAM_SEND_INTERVAL_MS: z.coerce.number().int().min(0).default(1000),
  TELEGRAM_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  ZALO_ENABLED: bool.default(false),
  ZALO_CREDENTIALS_FILE: z.string().min(1).optional(),
  ZALO_CREDENTIALS_KEY: z.string().min(16, "at least 16 characters").optional(),
  ZALO_SENDS_PER_MINUTE: z.coerce.number().positive().max(60).default(12),
  ZALO_CIRCUIT_COOLDOWN_MINUTES: z.coerce.number().positive().default(15),
  ZALO_MAX_RESTARTS: z.coerce.number().int().min(1).default(8),
  ZALO_BOT_TOKEN: z.string().regex(/^\d+:\S{10,}$/, "looks like <bot id>:<secret>, from Zalo Bot Manager").optional(),
  ZALO_BOT_MODE: z.enum(["polling", "webhook"]).default("polling"),
  ZALO_BOT_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{8,256}$/, "8–256 characters: letters, digits, _ and -").optional(),
  ZALO_BOT_BASE_URL: z.url().default(DEFAULT_ZALO_BOT_BASE_URL),
  ZALO_BOT_SEND_INTERVAL_MS: z.coerce.number().int().min(0).default(1000),
  COUNCIL_API_URL: z.url().optional(),
  COUNCIL_API_TOKEN: z.string().min(16, "at least 16 characters").optional(),
  COUNCIL_STAFF_TOKEN: z.string().min(16, "at least 16 characters").optional(),
  COUNCIL_CLIENTS: z
    .string()
    .transform((s) => s.split(",").filter((e) => e.trim() !== ""))
    .pipe(z.array(councilClientEntry))
    .refine((clients) => new Set(clients.map((c) => c.id)).size === clients.length, "client ids must be unique")
    .refine((clients) => new Set(clients.map((c) => c.token)).size === clients.length, "client tokens must be unique")
    .default([]),
  COUNCIL_HOST: z.string().min(1).default("127.0.0.1"),
  COUNCIL_PORT: z.coerce.number({ error: "expected a port number, 0–65535" }).int().min(0).max(65535).default(3100),
  COUNCIL_FORWARD_INTERVAL_SECONDS: z.coerce.number().positive().default(5),
  COUNCIL_FEED_INTERVAL_SECONDS: z.coerce.number().positive().default(10),
  COUNCIL_TIMEOUT_SECONDS: z.coerce.number().positive().default(15),
  OUTBOX_LEASE_SECONDS: z.coerce.number().positive().default(60),
  LEADER_RETRY_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  JOBS_ENGINE: z.enum(["outbox", "pg-boss"]).optional(),
  PUBLIC_BASE_URL: z.url().optional(),
  DOCUMENT_LINK_SECRET: z.string().min(32, "at least 32 characters").optional(),
  DOCUMENT_LINK_DAYS: z.coerce.number().positive().max(365).default(7),
  SOFFICE_PATH: z.string().min(1).default("soffice"),
  DIGEST_SHARE_REFERENCE: z
    .string()
    .transform((s, ctx) => {
      if (/^(none|off|khong)$/i.test(s.trim())) return null;
      const m = /^(.+?)\s*[:=]\s*(\d{1,3}(?:[.,]\d+)?)\s*%?$/.exec(s.trim());
      const percent = m ? Number(m[2]!.replace(",", ".")) : NaN;
      if (!m || !(percent >= 0 && percent <= 100)) {
        ctx.addIssue({ code: "custom", message: 'like "Kon Tum 2021:58" (a label and a percentage), or "none"' });
        return z.NEVER;
      }
      return { label: m[1]!, percent };
    })
    .optional(),
  UNITS_PROVINCES: z
    .string()
    .transform((s, ctx) => (s.trim().toLowerCase() === "all" ? ("all" as const) : codeList(s, 2, 'province codes of 2 digits, comma-separated ("38" or "01,38,91"), or "all"', ctx)))
    .optional(),
  UNITS_COMMUNES: z
    .string()
    .transform((s, ctx) => codeList(s, 5, 'commune codes of 5 digits, comma-separated ("15271,15274")', ctx))
    .optional(),
})
  .refine((e) => !(e.UNITS_COMMUNES?.length && !e.UNITS_PROVINCES), {
    path: ["UNITS_COMMUNES"],
    message: "needs UNITS_PROVINCES: the communes kept must belong to a chosen province",
  })
  .refine((e) => !(e.TELEGRAM_BOT_TOKEN && e.TELEGRAM_MODE === "webhook" && !e.TELEGRAM_WEBHOOK_SECRET), {
    path: ["TELEGRAM_WEBHOOK_SECRET"],
    message: "required when TELEGRAM_MODE=webhook",
  })
  .refine((e) => !(e.ZALO_BOT_TOKEN && e.ZALO_BOT_MODE === "webhook" && !e.ZALO_BOT_WEBHOOK_SECRET), {
    path: ["ZALO_BOT_WEBHOOK_SECRET"],
    message: "required when ZALO_BOT_MODE=webhook",
  })
  .refine(
    (e) =>
      !(e.TRUST_LOCAL_CHANNELS &&
        (!isLoopbackHost(e.HOST) || (e.TELEGRAM_BOT_TOKEN && e.TELEGRAM_MODE === "webhook") || (e.ZALO_BOT_TOKEN && e.ZALO_BOT_MODE === "webhook"))),
    {
      path: ["TRUST_LOCAL_CHANNELS"],
      message:
        "set TRUST_LOCAL_CHANNELS=false: the web chat is reachable from other machines (HOST is not a loopback address, or a webhook mode is on), and local trust would be offered to visitors through a proxy",
    },
  )
  .refine((e) => e.OUTBOX_LEASE_SECONDS > e.COUNCIL_TIMEOUT_SECONDS, {
    path: ["OUTBOX_LEASE_SECONDS"],
    message: "must be longer than COUNCIL_TIMEOUT_SECONDS, or a slow forward could be taken over while it runs",
  })
  .refine((e) => !(e.JOBS_ENGINE === "pg-boss" && e.DATABASE_URL.startsWith("file:")), {
    path: ["JOBS_ENGINE"],
    message: "pg-boss needs PostgreSQL (DATABASE_URL=postgresql://…); on SQLite jobs run on the outbox",
  })
  .refine((e) => e.UPLOAD_MB_PER_HOUR >= e.MAX_UPLOAD_MB, {
    path: ["UPLOAD_MB_PER_HOUR"],
    message: "must be at least MAX_UPLOAD_MB, or a file of the allowed size could never be stored",
  })
  .refine((e) => !(e.COUNCIL_API_URL && !e.COUNCIL_API_TOKEN), {
    path: ["COUNCIL_API_TOKEN"],
    message: "required when COUNCIL_API_URL points at another council system",
  });

export interface Config {
  databaseUrl: string;
  dataDir: string;
  filesDir: string;
  /** Generated dossier documents (DOCX, PDF), apart from uploads. */
  documentsDir: string;
  documents: {
    /** Where people and the council reach this service, for document links; default http://HOST:PORT. */
    publicBaseUrl: string;
    /** The key that signs download links; null: one kept in DATA_DIR/document-links.key. */
    linkSecret: string | null;
    /** How long a download link sent in a chat stays valid. */
    linkTtlMs: number;
    /** The LibreOffice program, for PDFs. */
    soffice: string;
  };
  host: string;
  port: number;
  logLevel: string;
  /** Pretty, human-readable logs; defaults to true when stdout is a terminal. */
  logPretty: boolean;
  /** Names this process in every log line and in /readyz (INSTANCE_ID, else `<hostname>-<pid>`). */
  instanceId: string;
  /** On SIGTERM/SIGINT, how long turns in flight may take to finish before they are abandoned. */
  shutdownGraceMs: number;
  defaultLocale: "vi" | "en";
  draftReminderAfterMs: number;
  reminderCheckMs: number;
  /** Cancelled drafts, and open drafts idle this long, are erased with their files (the retention sweep). */
  draftRetentionMs: number;
  maxUploadBytes: number;
  allowedFileTypes: string[];
  /** Files and bytes one person may store in any hour, so nobody can fill the disk. */
  uploadLimits: { filesPerHour: number; bytesPerHour: number };
  /**
   * People who write through the terminal chat, or through the web chat from this machine (a
   * loopback socket address, never a forwarded header), get the officer role, so every flow can be
   * tried locally. Telegram and Zalo users start as citizens. Refused at start when the web chat
   * can be reached from elsewhere (HOST not loopback, or a webhook mode on).
   */
  trustLocalChannels: boolean;
  /**
   * The Host header values the web chat answers (host, or host:port); a request for any other
   * name is refused, which defeats DNS rebinding. From ALLOWED_HOSTS, else the loopback names and HOST.
   */
  allowedHosts: string[];
  /** A web chat session unused this long is forgotten (its cookie then gets a fresh session). */
  webSessionIdleMs: number;
  /** A console session unused this long ends: the secretary asks for a new sign-in link. */
  consoleSessionIdleMs: number;
  /** Present when a Telegram bot token is configured. */
  telegram: TelegramConfig | null;
  zalo: ZaloConfig;
  /** Present when a Zalo Bot Platform token is configured. */
  zaloBot: ZaloBotConfig | null;
  council: CouncilConfig;
  /** How long a claimed outbox job stays claimed; a job of a process that died is taken over after it. */
  outboxLeaseMs: number;
  /**
   * On PostgreSQL, how often an instance tries to become the one that polls Telegram, the Zalo Bot
   * Platform and the Zalo account (and waits after a failed start): a dead leader is replaced within about this.
   */
  leaderRetryMs: number;
  /** What stores and runs jobs: pg-boss (PostgreSQL's default) or the in-database outbox (SQLite's, and PostgreSQL's by choice). */
  jobsEngine: "outbox" | "pg-boss";
  /** What digests read the direct-worker share against; undefined = the default (Kon Tum 2021, 58%), null = none. */
  digestShareReference?: { label: string; percent: number } | null;
  /**
   * The provinces (and communes) this installation serves, from the national list; null: the
   * sample tree of flows/catalogues/units.yaml (UNITS_PROVINCES unset).
   */
  unitsScope: UnitsScope | null;
}

export interface CouncilConfig {
  /** Another council system's intake API; null = the embedded council service, served by npm start. */
  apiUrl: string | null;
  /** The bot's token at the council; for the embedded service a random one is made at start when unset. */
  apiToken: string | null;
  /** The staff token the bot uses for secretaries' decisions taken in the chat (another council system); embedded: random when unset. */
  staffToken: string | null;
  /** Clients of the embedded (or standalone) council service, e.g. the secretaries' staff token. */
  clients: Array<{ id: string; role: "submitter" | "staff"; token: string }>;
  /** Where `npm run council` listens when run alone. */
  host: string;
  port: number;
  forwardIntervalMs: number;
  feedIntervalMs: number;
  timeoutMs: number;
}

export interface ZaloConfig {
  /** Run the personal Zalo account (zca-js) linked with `npm run zalo:login`. */
  enabled: boolean;
  credentialsFile: string;
  credentialsKey: string | null;
  /** Minimum gap between two sends of the account. */
  sendIntervalMs: number;
  circuitCooldownMs: number;
  maxRestarts: number;
}

export interface TelegramConfig {
  token: string;
  mode: "polling" | "webhook";
  /** Set in webhook mode (and for `npm run telegram:webhook`). */
  webhookSecret: string | null;
  apiRoot: string;
  sendIntervalMs: number;
  concurrency: number;
}

/**
 * A configuration that cannot be used: every wrong variable with what is expected (never its value,
 * which may be a secret). Entry points print it with {@link ./exit-on-config-error.ts}.
 */
export class ConfigError extends Error {
  constructor(readonly problems: readonly { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Every code of UNITS_PROVINCES and UNITS_COMMUNES must be in the national list, each commune in a chosen province. */
function checkUnitsScope(scope: UnitsScope): void {
  let national;
  try {
    national = readNationalUnitsFile();
  } catch (err) {
    throw new ConfigError([{ variable: "UNITS_PROVINCES", message: (err as Error).message.split("\n")[0]! }]);
  }
  const { unknown } = unitsInScope(national, scope);
  const problems = [
    ...(unknown.provinces.length ? [{ variable: "UNITS_PROVINCES", message: `no province has the code ${unknown.provinces.join(", ")} in flows/catalogues/national-units.csv` }] : []),
    ...(unknown.communes.length ? [{ variable: "UNITS_COMMUNES", message: `${unknown.communes.join(", ")}: not a commune of the chosen provinces (UNITS_PROVINCES) in flows/catalogues/national-units.csv` }] : []),
  ];
  if (problems.length) throw new ConfigError(problems);
}

/** Parses the environment (or the given record) into a {@link Config}; throws a {@link ConfigError} naming the bad variables. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty value (`TELEGRAM_BOT_TOKEN=` in .env) means "not set".
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: i.path.join(".") || "(configuration)", message: i.message })));
  }
  const e = parsed.data;
  const unitsScope = e.UNITS_PROVINCES ? { provinces: e.UNITS_PROVINCES, communes: e.UNITS_COMMUNES ?? [] } : null;
  if (unitsScope) checkUnitsScope(unitsScope);
  return {
    unitsScope,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    filesDir: `${e.DATA_DIR.replace(/\/$/, "")}/files`,
    documentsDir: `${e.DATA_DIR.replace(/\/$/, "")}/documents`,
    documents: {
      publicBaseUrl: e.PUBLIC_BASE_URL ?? `http://${e.HOST.includes(":") ? `[${e.HOST}]` : e.HOST}:${e.PORT}`,
      linkSecret: e.DOCUMENT_LINK_SECRET ?? null,
      linkTtlMs: e.DOCUMENT_LINK_DAYS * 86_400_000,
      soffice: e.SOFFICE_PATH,
    },
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    logPretty: e.LOG_PRETTY ?? Boolean(process.stdout.isTTY),
    instanceId: e.INSTANCE_ID ?? defaultInstanceId(hostname(), process.pid),
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    defaultLocale: e.DEFAULT_LOCALE,
    draftReminderAfterMs: e.DRAFT_REMINDER_AFTER_HOURS * 3_600_000,
    reminderCheckMs: e.REMINDER_CHECK_MINUTES * 60_000,
    draftRetentionMs: e.DRAFT_RETENTION_DAYS * 86_400_000,
    maxUploadBytes: Math.round(e.MAX_UPLOAD_MB * 1024 * 1024),
    allowedFileTypes: e.ALLOWED_FILE_TYPES,
    uploadLimits: { filesPerHour: e.UPLOADS_PER_HOUR, bytesPerHour: Math.round(e.UPLOAD_MB_PER_HOUR * 1024 * 1024) },
    trustLocalChannels: e.TRUST_LOCAL_CHANNELS,
    allowedHosts: e.ALLOWED_HOSTS ?? defaultAllowedHosts(e.HOST),
    webSessionIdleMs: e.WEB_SESSION_IDLE_DAYS * 86_400_000,
    consoleSessionIdleMs: e.CONSOLE_SESSION_IDLE_HOURS * 3_600_000,
    zalo: {
      enabled: e.ZALO_ENABLED,
      credentialsFile: e.ZALO_CREDENTIALS_FILE ?? `${e.DATA_DIR.replace(/\/$/, "")}/zalo-credentials.json`,
      credentialsKey: e.ZALO_CREDENTIALS_KEY ?? null,
      sendIntervalMs: Math.round(60_000 / e.ZALO_SENDS_PER_MINUTE),
      circuitCooldownMs: e.ZALO_CIRCUIT_COOLDOWN_MINUTES * 60_000,
      maxRestarts: e.ZALO_MAX_RESTARTS,
    },
    council: {
      apiUrl: e.COUNCIL_API_URL?.replace(/\/$/, "") ?? null,
      apiToken: e.COUNCIL_API_TOKEN ?? null,
      staffToken: e.COUNCIL_STAFF_TOKEN ?? null,
      clients: e.COUNCIL_CLIENTS,
      host: e.COUNCIL_HOST,
      port: e.COUNCIL_PORT,
      forwardIntervalMs: e.COUNCIL_FORWARD_INTERVAL_SECONDS * 1000,
      feedIntervalMs: e.COUNCIL_FEED_INTERVAL_SECONDS * 1000,
      timeoutMs: e.COUNCIL_TIMEOUT_SECONDS * 1000,
    },
    outboxLeaseMs: e.OUTBOX_LEASE_SECONDS * 1000,
    leaderRetryMs: e.LEADER_RETRY_MS,
    jobsEngine: e.JOBS_ENGINE ?? (e.DATABASE_URL.startsWith("file:") ? "outbox" : "pg-boss"),
    ...(e.DIGEST_SHARE_REFERENCE !== undefined ? { digestShareReference: e.DIGEST_SHARE_REFERENCE } : {}),
    zaloBot: e.ZALO_BOT_TOKEN
      ? {
          token: e.ZALO_BOT_TOKEN,
          mode: e.ZALO_BOT_MODE,
          webhookSecret: e.ZALO_BOT_WEBHOOK_SECRET ?? null,
          baseUrl: e.ZALO_BOT_BASE_URL.replace(/\/$/, ""),
          sendIntervalMs: e.ZALO_BOT_SEND_INTERVAL_MS,
        }
      : null,
    telegram: e.TELEGRAM_BOT_TOKEN
      ? {
          token: e.TELEGRAM_BOT_TOKEN,
          mode: e.TELEGRAM_MODE,
          webhookSecret: e.TELEGRAM_WEBHOOK_SECRET ?? null,
          apiRoot: e.TELEGRAM_API_ROOT.replace(/\/$/, ""),
          sendIntervalMs: e.TELEGRAM_SEND_INTERVAL_MS,
          concurrency: e.TELEGRAM_CONCURRENCY,
        }
      : null,
  };
}
