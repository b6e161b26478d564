/**
 * The only reader of `process.env`. Every variable is listed in `.env.example` with a one-line
 * comment; the values are parsed once, here, with zod, and the rest of the code receives a typed
 * {@link Config}. A bad value stops the start with a message that names the variable.
 */
import { existsSync } from "node:fs";
import { z } from "zod";

/** Loads `.env` from the working directory into the environment, when there is one. */
export function loadDotEnv(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgresql://")
    .default("file:./data/tdkt.db"),
  DATA_DIR: z.string().min(1).default("./data"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_PRETTY: bool.optional(),
  DEFAULT_LOCALE: z.enum(["vi", "en"]).default("vi"),
  DRAFT_REMINDER_AFTER_HOURS: z.coerce.number().positive().default(24),
  REMINDER_CHECK_MINUTES: z.coerce.number().positive().default(15),
  MAX_UPLOAD_MB: z.coerce.number().positive().max(20).default(10),
  ALLOWED_FILE_TYPES: z
    .string()
    .default("image/jpeg,image/png,image/webp,image/heic,application/pdf")
    .transform((s) => s.split(",").map((t) => t.trim()).filter(Boolean)),
  TRUST_LOCAL_CHANNELS: bool.default(true),
});

export interface Config {
  databaseUrl: string;
  dataDir: string;
  filesDir: string;
  host: string;
  port: number;
  logLevel: string;
  /** Pretty, human-readable logs; defaults to true when stdout is a terminal. */
  logPretty: boolean;
  defaultLocale: "vi" | "en";
  draftReminderAfterMs: number;
  reminderCheckMs: number;
  maxUploadBytes: number;
  allowedFileTypes: string[];
  /**
   * People who write through the terminal chat or the web chat on this machine get the officer
   * role, so every flow can be tried locally. Telegram and Zalo users start as citizens.
   */
  trustLocalChannels: boolean;
}

/** Parses the environment (or the given record) into a {@link Config}; throws naming the bad variables. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    filesDir: `${e.DATA_DIR.replace(/\/$/, "")}/files`,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    logPretty: e.LOG_PRETTY ?? Boolean(process.stdout.isTTY),
    defaultLocale: e.DEFAULT_LOCALE,
    draftReminderAfterMs: e.DRAFT_REMINDER_AFTER_HOURS * 3_600_000,
    reminderCheckMs: e.REMINDER_CHECK_MINUTES * 60_000,
    maxUploadBytes: Math.round(e.MAX_UPLOAD_MB * 1024 * 1024),
    allowedFileTypes: e.ALLOWED_FILE_TYPES,
    trustLocalChannels: e.TRUST_LOCAL_CHANNELS,
  };
}
