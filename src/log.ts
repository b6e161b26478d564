/**
 * Structured logs with pino; pretty in a terminal. Personal data must not reach the logs: the
 * redaction paths below drop message text, phone numbers and national ids wherever a caller
 * passes them under these names, and callers log masked values (maskPhone, maskCccd) otherwise.
 */
import { hostname } from "node:os";
import { pino, type Logger } from "pino";

export type { Logger };

/**
 * What an HTTP app logs through (an object first, then the message): pino's {@link Logger}
 * satisfies it, and a test can pass three functions instead of a whole logger.
 */
export interface AppLog {
  info(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
  error(o: object, msg?: string): void;
}

const REDACT = [
  "text",
  "*.text",
  "phone",
  "*.phone",
  "nationalId",
  "*.nationalId",
  "cccd",
  "*.cccd",
  "answers",
  "*.answers",
  "token",
  "*.token",
];

/**
 * Creates the root logger. `instance` (the server's INSTANCE_ID) is then carried by every line,
 * beside pino's pid and hostname, so the logs of several instances can be told apart once
 * gathered. `destination` lets tests capture the output.
 */
export function createLogger(opts: { level: string; pretty: boolean; instance?: string; destination?: pino.DestinationStream }): Logger {
  const options: pino.LoggerOptions = {
    level: opts.level,
    redact: { paths: REDACT, censor: "[ẩn]" },
    ...(opts.instance !== undefined ? { base: { pid: process.pid, hostname: hostname(), instance: opts.instance } } : {}),
  };
  if (opts.destination) return pino(options, opts.destination);
  if (opts.pretty) {
    return pino({ ...options, transport: { target: "pino-pretty", options: { colorize: true, translateTime: "SYS:HH:MM:ss" } } });
  }
  return pino(options);
}
